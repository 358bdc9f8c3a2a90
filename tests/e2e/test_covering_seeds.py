"""The covering reports reproduce the published committee reports' tables and counts.

Expected values are typed from the published reports: the Quarter 2 2024-25 report to
the Communities, Social Mobility and Inclusion Committee (paragraphs 3.1, 3.3, 3.4, 5.1,
5.2), the November 2023 report to the Children and Young People Committee (paragraph
2.1) and the June 2022 report to the Strategy and Resources Committee (paragraph 2.3).
"""

import re

import pytest
from docx import Document

from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.render.appendix import Appendix
from kpitools.render.covering import write_covering_report

pytestmark = pytest.mark.xdist_group("sample")


@pytest.fixture(scope="module")
def data():
    return load()


def _write(data, committee, period, tmp_path):
    html, docx = write_covering_report(build_report(data, committee, period), tmp_path)
    return html.read_text(encoding="utf-8"), Document(str(docx))


def _text(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def _summary(page):
    table = re.search(r'<table class="kt-summary">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    out = []
    for row in rows:
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        out.append((cells[0].lstrip("▲◆●★○ "), cells[1], cells[2]))
    return out


def _docx_summary(doc):
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Status")
    rows = [tuple(c.text for c in row.cells) for row in table.rows[1:]]
    return [row for row in rows if row[0] != "Total"]


def _movements(page):
    conclusion = page.split("Conclusion and recommendations", 1)[1].split("<h2", 1)[0]
    groups = re.findall(r"<li>(.*?)<ul>(.*?)</ul></li>", conclusion, re.S)
    return [
        (_text(head), [_text(item) for item in re.findall(r"<li>(.*?)</li>", items, re.S)])
        for head, items in groups
    ]


CSMI_2024_Q2_SUMMARY = [
    ("Red", "1", "5%"),
    ("Amber", "-", "-"),
    ("Green", "9", "45%"),
    ("Baseline", "-", "-"),
    ("Contextual", "10", "50%"),
    ("In Development", "-", "-"),
    ("Suspended", "-", "-"),
]

CSMI_2024_Q2_MOVEMENTS = [
    (
        "5 indicators have remained Green but have seen an improvement in performance from "
        "quarter 1:",
        [
            "Indicator 36: Number of active library users",
            "Indicator 37: Number of visits made to library sites reported quarterly",
            "Indicator 136: Number of learners from across Cambridgeshire that have been enrolled "
            "onto a course",
            "Indicator 137: Number of enrolments which support skills development to aid "
            "progression",
            "Indicator 222: Percentage of businesses brought into compliance in all priority areas "
            "following inspection/intervention",
        ],
    ),
    (
        "1 indicator has remained Red, but has seen an improvement in performance:",
        ["Indicator 220: Registrations - All deaths registered within 5 days"],
    ),
    (
        "1 indicator has moved from Red to Green:",
        ["Indicator 219: Registrations - All births registered within 42 days of birth"],
    ),
    (
        "2 indicators have moved from Amber to Green:",
        [
            "Indicator 198: The percentage of clients engaging with Independent Domestic Violence "
            "Advocacy (IDVA) Service",
            "Indicator 221: Number of hours of business advice provided to businesses under "
            "primary "
            "authority",
        ],
    ),
    (
        "1 indicator has seen a decline in performance, but the RAG status has remained Green:",
        ["Indicator 138: Percentage of courses that have been achieved"],
    ),
]


def test_csmi_2024_25_q2_summary_as_published(data, tmp_path):
    page, doc = _write(data, "cosmic", "2024-25 Q2", tmp_path)
    assert _summary(page) == CSMI_2024_Q2_SUMMARY
    assert _docx_summary(doc) == CSMI_2024_Q2_SUMMARY


def test_csmi_2024_25_q2_counts_examples_and_movements_as_published(data, tmp_path):
    page, _ = _write(data, "cosmic", "2024-25 Q2", tmp_path)
    text = _text(page)
    assert "There are 9 Green indicators." in text
    assert "There is 1 Red indicator for commentary this quarter:" in text
    assert "11 indicators saw an improvement in performance from the quarter 1 paper" in text
    greens = text.split("There are 9 Green indicators.", 1)[1].split("without a RAG status")[0]
    assert re.findall(r"\d\.\d\.\d (Indicator \d+: [^:]+?) Commentary:", greens) == [
        "Indicator 36: Number of active library users",
        "Indicator 137: Number of enrolments which support skills development to aid progression",
    ]
    assert "it is an achievement to break the 100,000 barrier" in greens
    assert "103% of the grant received from the Combined Authority" in greens
    reds = text.split("There is 1 Red indicator for commentary this quarter:", 1)[1]
    reds = reds.split("There are no Amber indicators")[0]
    assert "Indicator 220: Registrations - All deaths registered within 5 days" in reds
    assert (
        "Continue to deliver good appointment availability, maintain sufficient staffing "
        "capacity, and add resilience for developing competencies across teams." in reds
    )
    assert _movements(page) == CSMI_2024_Q2_MOVEMENTS


def _criteria(page):
    text = _text(page)
    return text.split("The following RAG criteria are being used:", 1)[1].split("Main Issues")[0]


def test_csmi_2024_25_q2_criteria_in_the_reports_own_words(data, tmp_path):
    page, _ = _write(data, "cosmic", "2024-25 Q2", tmp_path)
    criteria = _criteria(page)
    assert "Red – current performance is 10% or more from target." in criteria
    assert "Amber – current performance is off target by less than 10%." in criteria
    assert "Green – current performance is on target or better by up to 5%." in criteria
    assert "Blue" not in criteria
    assert "Illustrative criteria" not in criteria


def test_snr_criteria_are_said_to_be_illustrative(data, tmp_path):
    # The June 2022 report states no criteria: the rules' own are shown, and said to be.
    page, _ = _write(data, "snr", "2021-22 Q4", tmp_path)
    assert "Illustrative criteria: the published report does not state them." in _criteria(page)


def test_cyp_2023_24_q2_summary_as_published(data, tmp_path):
    page, doc = _write(data, "cyp", "2023-24 Q2", tmp_path)
    expected = [
        ("Red", "10", "50%"),
        ("Amber", "3", "15%"),
        ("Green", "4", "20%"),
        ("Blue", "1", "5%"),
        ("No target", "2", "10%"),
    ]
    assert _summary(page) == expected
    assert _docx_summary(doc) == expected
    assert "Blue – current performance is better than target by 5% or more." in _criteria(page)


def test_snr_2021_22_q4_summary_as_published(data, tmp_path):
    page, doc = _write(data, "snr", "2021-22 Q4", tmp_path)
    expected = [
        ("Blue", "3", "15%"),
        ("Green", "5", "25%"),
        ("Amber", "3", "15%"),
        ("Red", "3", "15%"),
        ("Contextual", "0", "0%"),
        ("Baseline", "2", "10%"),
        ("In Development", "4", "20%"),
        ("Suspended", "0", "0%"),
    ]
    assert _summary(page) == expected
    assert _docx_summary(doc) == expected
    total = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", total, re.S)]
    assert cells == ["Total", "20", "100%"]


def test_illustrative_dates_are_marked_and_published_ones_are_not(data, tmp_path):
    page, _ = _write(data, "cosmic", "2024-25 Q2", tmp_path)
    assert "Meeting Date:</th><td>5 December 2024</td>" in page
    appendix = Appendix(build_report(data, "cosmic", "2024-25 Q2")).header()
    assert (
        "Produced on 22 November 2024 (illustrative date); for the meeting of "
        "5 December 2024." in appendix
    )


def test_the_published_dashboard_s_dates_are_not_marked(data):
    header = Appendix(build_report(data, "cosmic", "2023-24 Q2")).header()
    assert "Produced on 12 December 2023." in header
    assert "illustrative date" not in header
