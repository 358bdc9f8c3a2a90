"""Sentences about a whole report: the illustrative notice and the Key."""

from types import SimpleNamespace

import pandas as pd

from kpitools.rules.periods import Quarter
from kpitools.rules.rag import RagScheme
from kpitools.wording.report import (
    UNRATED_CRITERIA,
    appendix_title,
    covering_title,
    illustrative_text,
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
