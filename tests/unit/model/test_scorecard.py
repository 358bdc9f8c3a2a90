"""The balanced scorecard's targets and counts, worked by hand."""

from types import SimpleNamespace

import pandas as pd

from kpitools.model.scorecard import CommitteeLine, _targets
from kpitools.rules.periods import Quarter

SKPI = pd.DataFrame(
    [
        ("ks2", "milestone", Quarter(2023, 4), 62.0, False),
        ("ks2", "milestone", Quarter(2024, 4), 63.0, False),
        ("ks2", "long_term", Quarter(2025, 4), 65.0, False),
        ("ks2", "long_term", Quarter(2024, 4), 64.0, False),
        ("other", "milestone", Quarter(2023, 2), 1.0, True),
    ],
    columns=["kpi_id", "kind", "period", "value", "illustrative"],
)
FRAMEWORK = SimpleNamespace(skpi_targets=SKPI)


def test_the_next_milestone_on_or_after_the_quarter_and_the_furthest_long_term_target():
    assert _targets(FRAMEWORK, "ks2", Quarter(2023, 4)) == {
        "milestone_period": Quarter(2023, 4),
        "milestone_value": 62.0,
        "long_term_period": Quarter(2025, 4),
        "long_term_value": 65.0,
        "illustrative": False,
    }
    assert _targets(FRAMEWORK, "ks2", Quarter(2024, 1))["milestone_value"] == 63.0


def test_past_all_milestones_only_the_long_term_target_is_left():
    assert _targets(FRAMEWORK, "ks2", Quarter(2025, 1)) == {
        "milestone_period": None,
        "milestone_value": None,
        "long_term_period": Quarter(2025, 4),
        "long_term_value": 65.0,
        "illustrative": False,
    }


def test_a_kpi_without_targets_and_an_illustrative_one():
    assert _targets(FRAMEWORK, "none", Quarter(2023, 4)) == {
        "milestone_period": None,
        "milestone_value": None,
        "long_term_period": None,
        "long_term_value": None,
        "illustrative": False,
    }
    assert _targets(FRAMEWORK, "other", Quarter(2023, 1))["illustrative"] is True


def test_a_status_the_scheme_does_not_list_counts_zero():
    summary = pd.DataFrame({"Status": ["Red", "Amber", "Green"], "Number": [2, 0, 5]})
    line = CommitteeLine("c", "Committee", summary, 7, False)
    assert (line.number("Red"), line.number("Amber"), line.number("Green")) == (2, 0, 5)
    assert line.number("Blue") == 0
