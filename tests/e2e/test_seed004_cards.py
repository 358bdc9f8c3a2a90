"""Every card of the Quarter 2 2023/24 dashboard, field by field, as the dashboard prints it.

The table is typed from the published dashboard (the appendix seed), not from the code.
Columns: title, status (empty RAG box: "Not rated"), target heading, target, direction
(↑ or N/A; the dashboard prints both "NA" and "N/A"), current heading, current,
previous heading, previous, change, useful links (text, href), a phrase of the commentary.
"""

import re

import pytest

from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.render.appendix import Appendix

pytestmark = pytest.mark.xdist_group("sample")

LGA = ("The local area benchmarking tool from the Local Government Association", None)
NO_DATA = ("There is no public facing data for this KPI", None)
NONE = ("None.", None)
# The dashboard heads a same-quarter-last-year figure "Quarter 2 22/23"; the reports name
# every period one way, so the card says "Same period last year (Quarter 2 2022/23)".
CQ, PQ, LY = "Current Quarter", "Previous Quarter", "Same period last year"
JUD = "https://www.judiciary.uk/courts-and-tribunals/coroners-courts/annual-reports/"

CARDS = [
    (
        "Indicator 36: Number of active library users",
        "Red",
        "Target",
        "107,236",
        "↑",
        CQ,
        "96,326",
        PQ,
        "90,157",
        "Improving",
        LGA,
        "16.67% increase from Q2 last year",
    ),
    (
        "Indicator 37: Number of visits made to library sites reported quarterly",
        "Red",
        "Target",
        "475,381",
        "↑",
        CQ,
        "380,018",
        PQ,
        "351,220",
        "Improving",
        LGA,
        "Visitors continue to rise",
    ),
    (
        "Total digital engagements reported quarterly",
        "Red",
        "Target",
        "361,311",
        "↑",
        CQ,
        "276,954",
        PQ,
        "274,962",
        "Improving",
        LGA,
        "X/Twitter remains a cause for concern",
    ),
    (
        "Indicator 136: Number of learners from across Cambridgeshire that have been enrolled onto "
        "a course",
        "Red",
        "Target",
        "1,128",
        "↑",
        CQ,
        "608",
        LY,
        "1,107",
        "Declining",
        NONE,
        "delay with validating the performance figures for Q2",
    ),
    (
        "Indicator 137: Number of enrolments which support skills development to aid progression",
        "Not rated",
        "Target",
        "1,466",
        "↑",
        CQ,
        "829",
        LY,
        "1,676",
        "Declining",
        NONE,
        "delay with validating the performance figures for Q2",
    ),
    (
        "Indicator 138: Percentage of courses that have been achieved",
        "Not rated",
        "Target",
        "94%",
        "↑",
        CQ,
        "93%",
        LY,
        "95%",
        "Declining",
        NONE,
        "delay with validating the performance figures for Q2",
    ),
    (
        "Number of Community Youth Providers participating within the Youth in Communities Network",
        "In Development",
        "Target",
        "In Development",
        "↑",
        CQ,
        "120",
        PQ,
        "120",
        "Unchanged",
        NONE,
        "There are 120 youth providers operating in Cambridgeshire",
    ),
    (
        "Total number of cases opened",
        "Contextual",
        "Baseline",
        "872",
        "N/A",
        CQ,
        "789",
        PQ,
        "944",
        "N/A",
        ("There is no public facing data available for this KPI", None),
        "Total number of active open cases at the close of the quarter is 740",
    ),
    (
        "Indicator 176: Total number of cases closed",
        "Contextual",
        "Baseline",
        "880",
        "N/A",
        CQ,
        "810",
        PQ,
        "941",
        "N/A",
        NO_DATA,
        "Lower number of cases closed reflects staff leave",
    ),
    (
        "Indicator 177: Total number of Inquests opened",
        "Contextual",
        "Baseline",
        "148",
        "N/A",
        CQ,
        "120",
        PQ,
        "139",
        "N/A",
        NO_DATA,
        "At the close of Q2 there were 500 active open Inquests",
    ),
    (
        "Indicator 178: Total number of Inquests closed",
        "Contextual",
        "Baseline",
        "160",
        "N/A",
        CQ,
        "142",
        PQ,
        "213",
        "N/A",
        NO_DATA,
        "At the close of Q1 there were 500 live Inquests",
    ),
    (
        "Indicator 179: Total number of Inquests closed that are over 12 months old",
        "Contextual",
        "Baseline",
        "67",
        "N/A",
        "Current Quarter (cumulative)",
        "147",
        "Previous Quarter (cumulative)",
        "88",
        "N/A",
        (JUD, JUD),
        "Benchmark is amended to reflect 2022/23 figures",
    ),
    (
        "Number of Self Referrals to Commissioned Domestic Abuse Outreach Services",
        "Contextual",
        "Baseline",
        "70",
        "↑",
        CQ,
        "65",
        PQ,
        "77",
        "Declining",
        NONE,
        "65 self-referrals (31 Cambridgeshire, 30 Peterborough and 4 unknown)",
    ),
    (
        "Indicator 198: The percentage of clients engaging with Independent Domestic Violence "
        "Advocacy (IDVA) Service",
        "Amber",
        "Target",
        "70%",
        "↑",
        CQ,
        "68%",
        PQ,
        "68%",
        "Unchanged",
        NONE,
        "we are unable to report on this indicator for Q2",
    ),
    (
        "Indicator 199: Number of Referrals to the Independent Domestic Violence Advocacy (IDVA) "
        "Service",
        "Contextual",
        "Baseline",
        "430",
        "↑",
        CQ,
        "940",
        PQ,
        "826",
        "Improving",
        NONE,
        "The number of medium risk referrals from police has also increased",
    ),
    (
        "Indicator 219: Registrations - All births registered within 42 days of birth",
        "Blue",
        "Target",
        "74%",
        "↑",
        CQ,
        "99%",
        PQ,
        "98%",
        "Improving",
        NONE,
        "1,977 births were registered, of which 1,953 were registered within 42 days",
    ),
    (
        "Indicator 220: Registrations - All deaths registered within 5 days",
        "Amber",
        "Target",
        "60%",
        "↑",
        CQ,
        "55%",
        PQ,
        "48%",
        "Improving",
        NONE,
        "889 deaths were registered, of which 570 were registered within 5 days",
    ),
    (
        "Indicator 221: Number of hours of business advice provided to businesses under primary "
        "authority",
        "Green",
        "Target",
        "291 hours",
        "↑",
        "Current Month",
        "296 hours",
        "Previous Month",
        "313 hours",
        "Declining",
        NO_DATA,
        "slight decrease in the number of hours provided in Q2",
    ),
    (
        "Indicator 222: Percentage of businesses brought into compliance in all priority areas "
        "following inspection/intervention",
        "Red",
        "Target",
        "65%",
        "↑",
        CQ,
        "51%",
        PQ,
        "60%",
        "Declining",
        NO_DATA,
        "49% of business remained non-compliant at the end of Q2",
    ),
]


def _text(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).replace("&#39;", "'").strip()


def _cards():
    page = Appendix(build_report(load(), "cosmic", "2023-24 Q2", as_of="2023-12-12")).html()
    cards = []
    for article in re.findall(r'<article class="kt-card".*?</article>', page, re.S):
        figures = re.search(r'<table class="kt-figures">.*?</table>', article, re.S).group(0)
        heads = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", figures, re.S)]
        values = [_text(v) for v in re.findall(r"<td[^>]*>(.*?)</td>", figures, re.S)]
        links = re.search(r"<h3>Useful links</h3>\s*<div[^>]*>(.*?)</div>", article, re.S)
        href = re.search(r'href="([^"]+)"', links.group(1))
        status = re.search(r'<div class="kt-card__status">(.*?)(?:<p|</div>)', article, re.S)
        cards.append(
            {
                "title": _text(re.search(r"<h2[^>]*>(.*?)</h2>", article, re.S).group(1)),
                "status": _text(status.group(1)).lstrip("▲◆●★○ "),
                "heads": [re.sub(r" \((?:Quarter \d \d{4}/\d\d)\)$", "", h) for h in heads],
                "values": values,
                "links": (_text(links.group(1)), href.group(1) if href else None),
                "text": _text(article),
                "reason": re.search(r'class="kt-reason"', article) is not None,
            }
        )
    return cards


@pytest.fixture(scope="module")
def cards():
    return _cards()


def test_one_card_per_published_card_in_the_published_order(cards):
    assert [c["title"] for c in cards] == [row[0] for row in CARDS]


@pytest.mark.parametrize("expected", CARDS, ids=[row[0][:40] for row in CARDS])
def test_card_fields_as_published(cards, expected):
    (
        title,
        status,
        target_head,
        target,
        direction,
        current_head,
        current,
        previous_head,
        previous,
        change,
        links,
        phrase,
    ) = expected
    card = next(c for c in cards if c["title"] == title)
    assert card["status"] == status
    assert card["heads"] == [
        target_head,
        "Direction for improvement",
        current_head,
        previous_head,
        "Change in performance",
    ]
    assert card["values"][0] == target
    assert card["values"][1].startswith(direction)
    assert card["values"][2:] == [current, previous, change]
    assert card["links"] == links
    assert phrase in card["text"]
    assert "Source: published dashboard, Quarter 2 2023/24." in card["text"]
    assert "Illustrative" not in card["text"]


def test_empty_rag_boxes_carry_no_invented_reason(cards):
    unrated = [c for c in cards if c["status"] == "Not rated"]
    assert len(unrated) == 2
    assert not any(c["reason"] for c in unrated)


def test_no_heading_says_cumulative_where_the_dashboard_does_not(cards):
    cumulative = [c["title"][:13] for c in cards if any("(cumulative)" in h for h in c["heads"])]
    assert cumulative == ["Indicator 179"]
