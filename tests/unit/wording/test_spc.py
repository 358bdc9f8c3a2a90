"""Reader-facing SPC sentences, every status and variation."""

import pytest

from kpitools.rules.rag import RATED, UNRATED
from kpitools.wording.spc import (
    ASSURANCE_LABELS,
    VARIATION_LABELS,
    assurance_sentence,
    basis_note,
    no_spc_reason,
    rebase_note,
    reconcile,
    spc_intro,
    trial_notice,
)

VARIATIONS = ["common cause", "special cause improvement", "special cause concern"]


def test_examples_from_the_issue():
    assert reconcile("Red", "common cause") == (
        "Red against its target, but within normal variation: no sign that performance has changed."
    )
    assert reconcile("Green", "special cause concern") == (
        "Green, but a special cause of concern: performance has worsened beyond normal variation."
    )


def test_disagreements_say_but():
    assert reconcile("Red", "special cause improvement").startswith("Red against its target, but")
    assert reconcile("Blue", "special cause concern").startswith("Blue, but a special cause")


def test_notices():
    assert no_spc_reason("fewer than 2 points") == "Fewer than 2 figures: no process limits"
    assert trial_notice(8, 12) == "Limits are provisional: 8 figures, 12 needed for stable limits."
    assert "Q1" in basis_note("in-year increments", "quarterly")
    assert "April" in basis_note("in-year increments", "monthly")


@pytest.mark.parametrize("status", RATED)
@pytest.mark.parametrize("variation", [*VARIATIONS, "special cause", None])
@pytest.mark.parametrize("assurance", [None, *ASSURANCE_LABELS])
def test_every_rated_combination_names_the_status(status, variation, assurance):
    text = reconcile(status, variation, assurance)
    assert text.startswith(status)
    assert text.endswith(".")
    if variation is None:
        assert "too few figures" in text
    if assurance == "consistently failing" and variation is not None:
        assert "will not be met" in text


@pytest.mark.parametrize("status", UNRATED)
@pytest.mark.parametrize("variation", [*VARIATIONS, None])
def test_unrated_statuses_speak_only_of_variation(status, variation):
    text = reconcile(status, variation, "hit and miss")
    assert status not in text and "target" not in text
    assert text[0].isupper()


def test_every_variation_has_a_label():
    assert set(VARIATIONS) <= set(VARIATION_LABELS)
    assert len(set(VARIATION_LABELS.values())) == len(VARIATION_LABELS)


def test_rebase_note_keeps_the_reason_as_written():
    assert rebase_note("Q3 2024-25", "Medical Examiners Scheme changed the measure.") == (
        "Limits recalculated from Q3 2024-25: Medical Examiners Scheme changed the measure."
    )


LEAD = (
    "Statistical process control shows whether an indicator has changed beyond its normal "
    "variation, and whether at that variation it can be expected to meet its target. "
    "The table lists every indicator"
)


def test_spc_intro_counts_the_disagreements():
    assert spc_intro(0) == LEAD + "; for none does the status disagree with the variation."
    assert spc_intro(1) == (
        LEAD + ", starting with the 1 indicator whose status and variation disagree "
        "(marked Disagree)."
    )
    assert spc_intro(3) == (
        LEAD + ", starting with the 3 indicators whose status and variation disagree "
        "(marked Disagree)."
    )


def test_other_reasons_without_limits_are_capitalised():
    assert no_spc_reason("no figures reported") == "No figures reported"
    assert no_spc_reason("") == ""


def test_assurance_sentences():
    assert assurance_sentence("consistently passing") == (
        "At its current variation the target will be met consistently."
    )
    assert assurance_sentence("consistently failing") == (
        "At its current variation the target will not be met without a change to the service."
    )
    assert assurance_sentence(None) == "" and assurance_sentence("") == ""


def test_basis_of_a_monthly_year_to_date_chart():
    assert basis_note("in-year increments", "monthly") == (
        "Drawn from each month's increase in the year-to-date figure (April is the figure itself)."
    )


def test_rebase_reason_keeps_its_last_letter():
    assert rebase_note("Quarter 3 2024/25", "Moved to system X.") == (
        "Limits recalculated from Quarter 3 2024/25: Moved to system X."
    )


def test_reconcile_sentences_in_full():
    assert reconcile("Green", "common cause") == (
        "Green against its target, and within normal variation: no sign that performance has "
        "changed."
    )
    # A KPI without a direction has neutral special causes: joined with "and".
    assert reconcile("Amber", "special cause") == (
        "Amber against its target, and a special cause: the figures have moved beyond normal "
        "variation."
    )
    assert reconcile("Red", "") == "Red against its target; too few figures to judge its variation."
    assert reconcile("Contextual", None) == "Too few figures to judge its variation."
