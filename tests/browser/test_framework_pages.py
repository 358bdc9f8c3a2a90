"""The scorecard, the portal, a covering report with framework sections and the change paper:
offline and without axe-core violations."""

import dataclasses
import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from kpitools.data.load import load
from kpitools.data.paths import ProjectPaths
from kpitools.model.report import build_report
from kpitools.pipeline.scorecards import write_quarter_pages
from kpitools.render.covering import write_covering_report
from kpitools.render.framework import write_kpi_set_paper
from kpitools.rules.periods import Quarter

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("framework")
    data = dataclasses.replace(load(), paths=ProjectPaths(root))
    out = root / "outputs" / "2023-24-Q2" / "cosmic"
    out.mkdir(parents=True)
    write_covering_report(build_report(data, "cosmic", "2023-24 Q2"), out)
    write_quarter_pages(data, [Quarter.parse("2023-24 Q2")])
    paper = write_kpi_set_paper(
        data, "cosmic", dt.date(2022, 6, 30), dt.date(2022, 9, 30), root / "paper.html"
    )
    return {
        "scorecard": root / "outputs" / "2023-24-Q2" / "scorecard.html",
        "portal": root / "outputs" / "index.html",
        "covering": out / "report.html",
        "paper": paper,
    }


@pytest.mark.parametrize("name", ["scorecard", "portal", "covering", "paper"])
def test_page_is_offline_and_has_no_axe_violations(offline_page, pages, name):
    offline_page.goto(pages[name].as_uri())
    offline_page.wait_for_load_state("load")
    assert offline_page.blocked == []
    results = Axe().run(offline_page)
    assert results.violations_count == 0, results.generate_report()


def test_portal_links_reach_the_scorecard(offline_page, pages):
    offline_page.goto(pages["portal"].as_uri())
    offline_page.get_by_role("link", name="Balanced scorecard, Quarter 2 2023/24").click()
    assert offline_page.url.endswith("2023-24-Q2/scorecard.html")


# A4 landscape less the page's side margins (13 mm each) at 96 px to the inch.
_LANDSCAPE_WIDTH = round((297 - 2 * 13) / 25.4 * 96)


def test_a_scorecard_prints_landscape_with_every_status_column(browser, pages, tmp_path):
    # A column for every status of every scheme (ten in this quarter) is too wide for
    # portrait A4: printed portrait, the last columns and the totals were cut off.
    page = browser.new_page(viewport={"width": _LANDSCAPE_WIDTH, "height": 800})
    try:
        page.emulate_media(media="print")
        page.goto(pages["scorecard"].as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= _LANDSCAPE_WIDTH
        page.pdf(path=tmp_path / "scorecard.pdf", format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    box = PdfReader(tmp_path / "scorecard.pdf").pages[0].mediabox
    assert box.width > box.height
