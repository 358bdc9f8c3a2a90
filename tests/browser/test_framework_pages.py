"""The scorecard, the portal, a covering report with framework sections and the change paper:
offline and without axe-core violations."""

import dataclasses
import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

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
