"""End to end: build the fixture committee's appendix and check it against hand-worked values."""

import csv
import re
import shutil
from html.parser import HTMLParser

import pytest

import kpitools as kt

pytestmark = [pytest.mark.xdist_group("build"), pytest.mark.slow]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.text = [], set(), [], []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)
            if k == "href":
                self.hrefs.append(v)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(built_mini):
    parser = _Page()
    parser.feed((built_mini / "appendix.html").read_text(encoding="utf-8"))
    parser.plain = " ".join(" ".join(parser.text).split())
    return parser


def test_kpis_csv_statuses_worked_by_hand(built_mini):
    rows = {r["kpi_id"]: r for r in csv.DictReader((built_mini / "kpis.csv").open())}
    assert list(rows) == [
        "library-users",
        "births",
        "deaths",
        "coroner-cases",
        "learners",
        "enrolments",
    ]  # old-kpi left the set in 2022-23 Q1
    # Revised 97,000 against 107,236: 10,236 / 107,236 = 9.5% below -> Amber (seed 004 scheme).
    assert rows["library-users"]["status"] == "Amber"
    assert rows["births"]["status"] == "Blue"  # 99 vs 74
    assert rows["deaths"]["status"] == "Amber"  # 55 vs 60: 8.3% below
    assert rows["coroner-cases"]["status"] == "Contextual"
    assert float(rows["coroner-cases"]["target"]) == 872  # 3,488 / 4
    assert rows["learners"]["status"] == "Red"  # 608 vs 1,128
    assert rows["learners"]["change"] == "Declining"  # against 1,107 in 2022-23 Q2
    assert rows["enrolments"]["status"] == "Not rated"
    assert list(rows["births"])[:6] == ["name", "status", "change", "actual", "target", "direction"]


def test_header_summary_and_key(page):
    text = page.plain
    assert "Example County Council" in text
    assert "Quarter 2 2023/24 financial year, covering 1 July 2023 to 30 September 2023" in text
    assert "Produced on 12 December 2023" in text
    # Summary: Red 1 (17%), Amber 2 (33%), Green -, Blue 1 (17%), Contextual 1, Not rated 1.
    # Each status carries its shape as well as its colour.
    assert (
        "▲ Red 1 17% ◆ Amber 2 33% ● Green - - ★ Blue 1 17% ○ Baseline - - ○ Contextual 1 17%"
        in (text)
    )
    assert "Total 6 100%" in text
    # Key written from the seed 004 scheme.
    assert "Red – current performance is off target by more than 10%" in text
    assert "Blue – current performance exceeds target by more than 5%" in text


def test_index_links_every_card_and_back(page):
    cards = [i for i in page.ids if i.startswith("kpi-") and not i.endswith("-h")]
    assert sorted(cards) == sorted(
        f"kpi-{k}"
        for k in ["library-users", "births", "deaths", "coroner-cases", "learners", "enrolments"]
    )
    for card in cards:
        assert f"#{card}" in page.hrefs
    assert page.hrefs.count("#kt-index") >= len(cards) + 1  # skip link + one per card
    assert page.plain.count("Return to index") == len(cards)


def test_cards_show_hand_worked_figures(page):
    text = page.plain
    assert "Indicator 219: Registrations - All births registered within 42 days of birth" in text
    assert (
        "25 percentage points above the target of 74% (33.8% of the target); "
        "Blue is more than 5% above target" in text
    )
    assert "Statistical neighbours mean England mean 97% 95%" in text
    assert "46.1% below the target of 1,128; Red is more than 10% below target" in text
    # A year-to-date KPI is compared with the same period last year, in one period style.
    assert "Same period last year (Quarter 2 2022/23)" in text and "1,107" in text
    # One period style for readers: no data spellings ("2022-23 Q2") or short years.
    assert not re.search(r"\b\d{4}-\d{2} Q\d", text)
    assert not re.search(r"Quarter \d \d\d/\d\d\b", text)
    assert "Baseline Direction for improvement" in text and "872" in text
    assert "Figures to end of August" in text
    assert "first reported as 96,326 on 12 December 2023" in text
    assert "This card uses illustrative data" in text
    assert "Figures not yet validated after a new information management system" in text
    assert "Not enough figures for a trend: 2 figures reported, 3 needed." in text


def test_no_code_prompts_or_scripts(page, built_mini):
    html = (built_mini / "appendix.html").read_text(encoding="utf-8")
    assert "script" not in page.tags and "iframe" not in page.tags
    assert "import kpitools" not in html and "In&nbsp;[" not in html and "In [" not in html
    assert "appendix.cards()" not in html
    assert '<html lang="en-GB">' in html
    external = [
        (t, k, v)
        for t, k, v in page.attrs
        if k in ("src", "href") and v and re.match(r"(?i)^\s*(https?:)?//", v) and t != "a"
    ]
    assert external == []
    assert not [a for a in page.attrs if a[1].startswith("on")]
    hrefs = [v for _, k, v in page.attrs if k == "href"]
    assert not [h for h in hrefs if not re.match(r"^(#|https?://|mailto:)", h or "")]


def test_outputs_are_reproducible(built_mini, tmp_path):
    root = built_mini.parents[2]
    first = (built_mini / "appendix.html").read_bytes()
    copy = tmp_path / "again"
    shutil.copytree(root / "data", copy / "data")
    # The page and the figures are compared; the PDFs have tests of their own.
    assert kt.build("2023-24 Q2", root=copy, jobs=1, documents=False).ok
    again = copy / "outputs" / "2023-24-Q2" / "demo"
    assert (again / "appendix.html").read_bytes() == first
    assert (again / "kpis.csv").read_bytes() == (built_mini / "kpis.csv").read_bytes()
