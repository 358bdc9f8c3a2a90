"""Covering reports show the KPI-set changes and action-plan rows as seeds 002 and 003 publish."""

import dataclasses
import datetime as dt
import re
from html import unescape

import pytest
from docx import Document

from kpitools.data.load import load
from kpitools.data.paths import ProjectPaths
from kpitools.model.report import build_report
from kpitools.pipeline.scorecards import write_quarter_pages
from kpitools.render.covering import write_covering_report
from kpitools.render.framework import PaperTable, paper_table_html, write_kpi_set_paper
from kpitools.rules.periods import Quarter
from tests.htmltags import TagCollector


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def data():
    return load()


def _report(data, tmp_path, committee, period):
    html, docx = write_covering_report(build_report(data, committee, period), tmp_path)
    return html.read_text(encoding="utf-8"), Document(str(docx))


def test_snr_q4_shows_seed_003_change_table_and_actions(data, tmp_path):
    html, docx = _report(data, tmp_path, "snr", "2021-22 Q4")
    text = _text(html)
    # Seed 003 §2.1, word for word.
    assert (
        "217 Website quality Communications Add Replaces KPI 189 (Number of sessions on "
        "website) with a more relevant measure. KPI 189 was removed from the Corporate "
        "Services KPI set by S&R in March 2022"
    ) in text
    assert "218 Website accessibility Communications Add" in text
    assert "KPI Number KPI Name Mapping to Service Proposal Rationale for proposal" in text
    # Seed 003 §3.1: F.9 and F.12 with their lead officers and published updates.
    assert "F.9 New Project Management Framework and Strategic Programme Management Office" in text
    assert "Amanda Askham SPMO established No SPMO in place In progress" in text
    assert "migrated to 'Project Online' (Microsoft tool)." in text
    assert "a Triple Bottom Line approach is being developed" in text
    assert (
        "Revised from Nov '21 Complete: to align with restructure of corporate functions." in text
    )
    tables = [t for t in TagCollector(html).attrs if t[0] == "th" and t[1] == "scope"]
    assert tables
    word = "\n".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    assert "Website accessibility" in word and "Amanda Askham" in word


def test_cosmic_report_shows_seed_002_review_table_and_actions(data, tmp_path):
    html, _ = _report(data, tmp_path, "cosmic", "2023-24 Q2")
    text = _text(html)
    assert "Previous KPIs Service Area Retain / Replace / Remove" in text
    assert (
        "Indicator 37: Number of visitors to libraries/community hubs - year-to-date "
        "Libraries Retain"
    ) in text
    assert (
        "Indicator 38: Number of item loans (including eBook loans) – quarterly Libraries Replace"
        in text
    )
    assert (
        "Indicator 199: The Number of Referrals and the Number of Repeat Referrals to the "
        "Domestic Violence Perpetrator Panel Community Safety Remove"
    ) in text
    # Seed 002 §2.4.
    assert "Complete – indicator transferred to CYP committee KPI set" in text
    assert "In progress ICS now expected in July" in text
    assert "Group has to date considered: Mobile Provision;" in text
    # C.2 (July 2022) and C.7 (Nov 2022) had passed by December 2023 with no later update.
    assert "July 2022 Revised from Oct 2021: Delivery date revised" in text
    assert text.count("Overdue: due by") == 2
    assert "Overdue: due by 30 November 2022" in text


def test_next_cosmic_report_has_no_change_table_and_carries_open_actions(data, tmp_path):
    html, _ = _report(data, tmp_path, "cosmic", "2024-25 Q1")
    text = _text(html)
    assert "Retain / Replace / Remove" not in text
    # H.9 was reported complete in the previous report; C.2 and C.7 are still open.
    assert "H.9" not in text
    assert "C.2" in text and "C.7" in text
    assert text.count("No change since the last report.") == 2


def test_requests_carried_forward_are_marked_illustrative(data, tmp_path):
    text = _text(_report(data, tmp_path, "cosmic", "2024-25 Q2")[0])
    assert "R-2024-01 (illustrative)" in text and "Answered on 18 October 2024" in text
    assert "R-2024-02 (illustrative)" in text


def test_kpi_set_paper_on_its_own(data, tmp_path):
    path = write_kpi_set_paper(
        data, "cosmic", dt.date(2022, 6, 30), dt.date(2022, 9, 30), tmp_path / "k.html"
    )
    text = _text(path.read_text(encoding="utf-8"))
    assert (
        "Indicator 176: Priority 7a - Wisbech 2020 Project - Wisbech School Attainment Levels"
        in text
    )
    assert "All births registered within 42 days of birth. % within deadline" in text
    assert "<script" not in path.read_text(encoding="utf-8")


def test_scorecard_totals_are_the_sum_of_the_committee_summaries(data, tmp_path):
    copy = dataclasses.replace(data, paths=ProjectPaths(tmp_path))
    written = write_quarter_pages(copy, [Quarter.parse("2023-24 Q2")])
    page = tmp_path / "outputs" / "2023-24-Q2" / "scorecard.html"
    assert page in written and (tmp_path / "outputs" / "index.html").exists()
    html = page.read_text(encoding="utf-8")
    foot = _text(re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1))
    # By hand from seed 004's cards (cosmic: 5 Red, 2 Amber, 1 Green, 1 Blue, 7 Contextual,
    # 1 In Development, 2 Not rated) and seed 001 §2.1 (cyp: 10 Red, 3 Amber, 4 Green,
    # 1 Blue, 2 "No target", the row that committee prints for every unrated KPI).
    # Columns: Red Amber Green Blue Baseline Contextual In Development Suspended Not rated
    # No target, then the total.
    assert foot.strip().startswith("Total 15 5 5 2 - 7 1 - 2 2 39")
    assert "2023-24-Q2/cosmic/appendix.html" not in html  # links are relative to the page
    assert 'href="cosmic/appendix.html"' in html and 'href="cyp/appendix.html"' in html


def test_each_cell_of_a_paper_table_is_labelled_with_its_column():
    # On a phone a paper's table is read row by row, each cell under its column's name.
    table = PaperTable(
        caption="Progress of actions",
        header=("Ref.", "Action", "Update & comments"),
        rows=(("C.2", "Review", "**Done.**\n\nSigned off."), ("C.7", "Audit", "Begun.")),
        markdown=frozenset({2}),
    )
    labels = [
        v for tag, k, v in TagCollector(str(paper_table_html(table))).attrs if k == "data-label"
    ]
    assert labels == ["Action", "Update & comments"] * 2
