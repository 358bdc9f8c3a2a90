"""Where figures come from, in the words readers see: expected sentences written by hand."""

from kpitools.data.published import Source
from kpitools.wording.provenance import (
    committee_banner,
    criteria_note,
    figure_source_line,
    report_source_line,
)

DASHBOARD = Source("d", "Dashboard", "published dashboard, Quarter 2 2023/24", False)
STATUSES = Source("s", "Report", "status and change as published in the committee report", True)
ILLUSTRATIVE = Source("illustrative", "Illustrative sample data", "", True)
UNLABELLED = Source("u", "A paper", "", False)


def test_a_card_names_its_document_or_says_illustrative():
    assert figure_source_line(DASHBOARD) == "Source: published dashboard, Quarter 2 2023/24."
    assert figure_source_line(STATUSES) == (
        "Illustrative figures; status and change as published in the committee report."
    )
    assert figure_source_line(ILLUSTRATIVE) == "Illustrative figures."
    assert figure_source_line(UNLABELLED) == ""
    assert figure_source_line(None) == ""


def test_a_report_names_its_document_and_how_much_is_illustrative():
    assert report_source_line(DASHBOARD, 0, 19) == (
        "Source: published dashboard, Quarter 2 2023/24."
    )
    assert report_source_line(DASHBOARD, 20, 20) == (
        "Illustrative figures, chosen so that the summary of statuses matches the published "
        "dashboard, Quarter 2 2023/24; each card says where its figures come from."
    )
    assert report_source_line(DASHBOARD, 19, 20) == (
        "Some illustrative figures, chosen so that the summary of statuses matches the "
        "published dashboard, Quarter 2 2023/24; each card says where its figures come from."
    )
    assert report_source_line(ILLUSTRATIVE, 3, 20) == "Illustrative figures."
    assert report_source_line(ILLUSTRATIVE, 0, 20) == ""
    assert report_source_line(UNLABELLED, 2, 20) == "Illustrative figures."
    assert report_source_line(UNLABELLED, 0, 20) == ""
    assert report_source_line(None, 20, 20) == ""


def test_the_banner_counts_what_is_illustrative():
    assert committee_banner(False, 0, 1, 19) == (
        "1 of 19 KPIs use some illustrative data; each card says which."
    )
    assert committee_banner(True, 0, 0, 5) == (
        "The committee is real; 0 of 5 KPIs' current figures in this report are illustrative "
        "sample data. KPI names and numbers not marked illustrative are real."
    )


def test_criteria_no_document_states_are_said_to_be_illustrative():
    assert criteria_note(False) == (
        "Illustrative criteria: the published report does not state them."
    )
    assert criteria_note(True) == ""
