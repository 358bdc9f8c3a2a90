"""Sentences about a whole report: the illustrative notice and the Key."""

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from kpitools.data.published import SchemeWording, Source
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import RagScheme
from kpitools.wording.report import (
    UNRATED_CRITERIA,
    appendix_title,
    card_source,
    covering_title,
    criteria_in_force,
    dated,
    illustrative_text,
    report_source,
    tolerance_note,
    trend_key,
    unrated_criteria,
)


def _model(committee=False, flags=(False, False, False), figures=(False, False, False)):
    # Only what the notice reads: the committee's flag, each KPI's flag and which KPIs'
    # current figures are illustrative.
    parts = [
        "current figure" if f else ("target" if i else "")
        for i, f in zip(flags, figures, strict=True)
    ]
    rows = pd.DataFrame({"illustrative": list(flags), "illustrative_parts": parts})
    return SimpleNamespace(committee_illustrative=committee, rows=rows, total=len(rows))


def test_illustrative_notice_names_what_is_illustrative():
    assert illustrative_text(_model(True, (True, True, True), (True, True, True))) == (
        "The committee is real; all 3 KPIs' current figures in this report are illustrative "
        "sample data. KPI names and numbers not marked illustrative are real."
    )
    # One published figure among illustrative ones (the S&R report's FOI figure).
    assert illustrative_text(_model(True, (True, True, True), (True, False, True))) == (
        "The committee is real; 2 of 3 KPIs' current figures in this report are illustrative "
        "sample data. KPI names and numbers not marked illustrative are real."
    )
    # A published report whose cards carry illustrative history or targets.
    assert illustrative_text(_model(flags=(True, False, True))) == (
        "2 of 3 KPIs use some illustrative data; each card says which."
    )
    assert illustrative_text(_model()) == ""


def test_tolerance_notes():
    assert tolerance_note(RagScheme()) == (
        "Distances from target are a percentage of the target; for percentage indicators "
        "the distance in percentage points is shown first."
    )
    assert tolerance_note(RagScheme(tolerance="points")) == (
        "Distances from target are in the indicator's own units "
        "(percentage points for percentages)."
    )


def test_trend_key_states_the_settings():
    assert trend_key(3, 8) == (
        "A straight line fitted by least squares through the most recent consecutive figures "
        "(at most 8) and extended one period ahead; it is a projection, not a forecast, and is "
        "only drawn from at least 3 figures. Year-to-date indicators are trended within the "
        "current financial year, compared with the same period last year, and projected to the "
        "year end from this year's figures only."
    )


def test_unrated_criteria_is_a_copy_the_caller_may_extend():
    criteria = unrated_criteria()
    assert criteria == UNRATED_CRITERIA
    assert [status for status, _ in criteria] == [
        "Baseline", "Contextual", "In Development", "Suspended", "Not rated"
    ]  # fmt: skip
    criteria.append(("Extra", "x"))
    assert len(UNRATED_CRITERIA) == 5


def test_titles_name_the_quarter_and_committee():
    model = SimpleNamespace(period=Quarter(2023, 2), committee_name="Test Committee")
    assert appendix_title(model) == "Performance Report Quarter 2 2023/24: Test Committee"
    assert covering_title(model) == (
        "Corporate Performance Report Quarter 2 2023/24: Test Committee"
    )


DASHBOARD = Source("dash", "Dashboard", "published dashboard, Quarter 2 2023/24", False)
GUESS = Source("illustrative", "Illustrative sample data", "", True)


def test_dates_are_marked_when_illustrative():
    assert dated(dt.date(2024, 12, 5), False) == "5 December 2024"
    assert dated(dt.date(2024, 11, 22), True) == "22 November 2024 (illustrative date)"
    assert dated(None, True) == ""


def test_the_report_and_each_card_name_their_source():
    rows = pd.DataFrame({"illustrative_parts": ["", "current figure, history", "target"]})
    model = SimpleNamespace(
        rows=rows, total=3, source=DASHBOARD, sources={"dash": DASHBOARD, "illustrative": GUESS}
    )
    assert report_source(model) == (
        "Some illustrative figures, chosen so that the summary of statuses matches the "
        "published dashboard, Quarter 2 2023/24; each card says where its figures come from."
    )
    assert card_source(model, {"figure_source": "dash; card 4"}) == (
        "Source: published dashboard, Quarter 2 2023/24."
    )
    assert card_source(model, {"figure_source": "illustrative; added"}) == "Illustrative figures."
    assert card_source(model, {"figure_source": ""}) == ""
    # Every current figure illustrative, or none.
    every = SimpleNamespace(rows=rows.assign(illustrative_parts="current figure"), total=3,
                            source=DASHBOARD)  # fmt: skip
    assert report_source(every) == (
        "Illustrative figures, chosen so that the summary of statuses matches the "
        "published dashboard, Quarter 2 2023/24; each card says where its figures come from."
    )
    none = SimpleNamespace(rows=rows.assign(illustrative_parts="target"), total=3, source=DASHBOARD)
    assert report_source(none) == "Source: published dashboard, Quarter 2 2023/24."


def _criteria_model(wording, sources=None):
    return SimpleNamespace(wording=wording, scheme=RagScheme(blue=False), sources=sources or {})


def test_published_criteria_are_used_word_for_word():
    wording = SchemeWording(criteria={"Red": "current performance is 10% or more from target."})
    assert criteria_in_force(_criteria_model(wording)) == (
        [("Red", "current performance is 10% or more from target.")],
        "",
    )


def test_criteria_from_the_rules_are_said_to_be_illustrative_when_the_scheme_is():
    wording = SchemeWording(source="illustrative; no criteria published")
    criteria, note = criteria_in_force(_criteria_model(wording, {"illustrative": GUESS}))
    assert [status for status, _ in criteria] == [
        "Red", "Amber", "Green", "Baseline", "Contextual", "In Development", "Suspended",
        "Not rated",
    ]  # fmt: skip
    assert note == "Illustrative criteria: the published report does not state them."
    # A scheme that cites no document: the rules' own words, with no note.
    assert criteria_in_force(_criteria_model(SchemeWording()))[1] == ""
