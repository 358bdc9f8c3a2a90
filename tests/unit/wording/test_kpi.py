"""The words on a KPI card, written out by hand for each kind of KPI."""

import datetime as dt
import math

from kpitools.rules.rag import RagScheme
from kpitools.wording.kpi import (
    comparison_head,
    current_head,
    direction_text,
    kpi_reason,
    revision_note,
    target_head,
    target_text,
)
from kpitools.wording.status import UNRATED_REASONS


def test_target_heads():
    assert target_head({"target_kind": "target", "target_basis": "period"}) == "Target"
    assert target_head({"target_kind": "target", "target_basis": "annual_pro_rata"}) == (
        "Pro Rata Target"
    )
    assert target_head({"target_kind": "baseline", "target_basis": "annual_pro_rata"}) == (
        "Baseline"
    )


def test_target_text_prints_the_figure_in_its_unit_and_decimals():
    row = {"target_kind": "target", "target": 7.25, "unit": "percent", "decimals": 2,
           "rating": "Rated"}  # fmt: skip
    assert target_text(row) == "7.25%"
    assert target_text({**row, "target": 107236.0, "unit": "count", "decimals": 0}) == "107,236"
    assert target_text({**row, "target": 296.0, "unit": "hours", "decimals": 0}) == "296 hours"


def test_target_text_without_a_target():
    row = {"target_kind": "", "target": math.nan, "unit": "count", "decimals": 0}
    assert target_text({**row, "rating": "Rated"}) == "None set"
    assert target_text({**row, "rating": "Contextual"}) == "None set"
    assert target_text({**row, "rating": "In Development"}) == "In Development"


def test_current_heads():
    row = {"frequency": "quarterly", "cumulative": False,
           "current_period_label": "Quarter 2 2023/24"}  # fmt: skip
    assert current_head(row) == "Current Quarter (Quarter 2 2023/24)"
    # "(cumulative)" only where the KPI's dashboard prints it, not on every cumulative KPI.
    assert current_head({**row, "cumulative": True}) == "Current Quarter (Quarter 2 2023/24)"
    assert current_head({**row, "cumulative_label": "(cumulative)"}) == (
        "Current Quarter (cumulative) (Quarter 2 2023/24)"
    )
    monthly = {**row, "frequency": "monthly", "current_period_label": "September 2023"}
    assert current_head(monthly) == "Current Month (September 2023)"
    # A quarterly KPI its dashboard heads "Current Month" (indicator 221).
    assert current_head({**row, "current_label": "Current Month"}) == (
        "Current Month (Quarter 2 2023/24)"
    )


def test_comparison_heads():
    row = {"comparison": "previous", "frequency": "monthly", "cumulative": False,
           "comparison_period_label": "August 2023"}  # fmt: skip
    assert comparison_head(row) == "Previous Month (August 2023)"
    assert comparison_head({**row, "cumulative_label": "(cumulative)"}) == (
        "Previous Month (cumulative) (August 2023)"
    )
    quarterly = {**row, "frequency": "quarterly", "comparison_period_label": "Quarter 1 2023/24"}
    assert comparison_head(quarterly) == "Previous Quarter (Quarter 1 2023/24)"
    assert comparison_head({**quarterly, "cumulative": True}) == (
        "Previous Quarter (Quarter 1 2023/24)"
    )
    assert comparison_head({**quarterly, "previous_label": "Previous Month"}) == (
        "Previous Month (Quarter 1 2023/24)"
    )
    year_ago = {**row, "comparison": "year_ago", "comparison_period_label": "September 2022"}
    assert comparison_head(year_ago) == "Same period last year (September 2022)"


def test_direction_texts():
    assert direction_text("up") == "↑ Higher is better"
    assert direction_text("down") == "↓ Lower is better"
    assert direction_text("") == "N/A"


# A card row as the model gives it; each test changes what it is about.
ROW = {
    "status": "Red",
    "status_basis": "rated",
    "actual": 96326.0,
    "target": 107236.0,
    "direction": "up",
    "unit": "count",
    "decimals": 0,
    "status_note": None,
    "current_period_label": "Quarter 2 2023/24",
}


def test_reason_of_a_rated_kpi():
    # Seed 004, indicator 36: 10,910 short of 107,236 is 10.17%, Red (10% or more).
    assert kpi_reason(ROW, RagScheme()) == (
        "10.2% below the target of 107,236; Red is 10% or more below target"
    )


def test_reason_of_a_rated_percentage_with_two_decimals():
    # 62.25 - 50.05 = 12.2 points; 12.2 / 62.25 = 19.6% of the target: Red.
    row = {**ROW, "actual": 50.05, "target": 62.25, "unit": "percent", "decimals": 2}
    assert kpi_reason(row, RagScheme()) == (
        "12.2 percentage points below the target of 62.25% (19.6% of the target); "
        "Red is 10% or more below target"
    )


def test_a_kpi_tolerance_in_points_overrides_the_committee_scheme():
    # 8 points short with Red at 5 points: Red. Relative (8 / 70 = 11.4%) it would be Amber.
    scheme = RagScheme(red_at=5, blue=False)
    row = {**ROW, "actual": 62.0, "target": 70.0, "unit": "percent", "tolerance": "points"}
    assert kpi_reason(row, scheme) == (
        "8 percentage points below the target of 70%; Red is 5 percentage points or more "
        "below target"
    )
    # No tolerance of its own (an empty cell, or no such column): the committee's scheme.
    same = "10.2% below the target of 107,236; Red is 10% or more below target"
    assert kpi_reason({**ROW, "tolerance": ""}, RagScheme()) == same
    assert kpi_reason({**ROW, "tolerance": None}, RagScheme()) == same


def test_reason_of_a_lower_is_better_kpi():
    # Lower is better: 12 against a target of 10 is 20% worse, above it.
    row = {**ROW, "actual": 12.0, "target": 10.0, "direction": "down"}
    assert kpi_reason(row, RagScheme()) == (
        "20% above the target of 10; Red is 10% or more above target"
    )


def test_reasons_of_kpis_not_rated_against_a_target():
    nan = {"actual": math.nan, "target": math.nan}
    baseline = {**ROW, **nan, "status": "Baseline", "status_basis": "rating"}
    assert kpi_reason(baseline, RagScheme()) == UNRATED_REASONS["Baseline"]
    assert UNRATED_REASONS["Baseline"] == (
        "Tracked to inform the target-setting process; not rated"
    )
    given = {**ROW, **nan, "status": "Not rated", "status_basis": "figure"}
    assert kpi_reason(given, RagScheme()) == ""
    assert kpi_reason({**given, "status_note": "Awaiting data"}, RagScheme()) == "Awaiting data"
    missing = {**ROW, **nan, "status": "Not rated", "status_basis": "no-figure"}
    assert kpi_reason(missing, RagScheme()) == "No figure has been reported for Quarter 2 2023/24"


REVISED = {
    "revised": True,
    "first_reported": 67.25,
    "unit": "percent",
    "decimals": 2,
    "first_reported_on": dt.date(2024, 8, 30),
}


def test_revision_note_prints_the_first_figure_in_its_unit():
    assert revision_note(REVISED) == (
        "Revised: first reported as 67.25% on 30 August 2024; the latest figure is shown."
    )
    on = {**REVISED, "first_reported_on": dt.date(2024, 2, 3)}
    assert revision_note(on).endswith(" on 3 February 2024; the latest figure is shown.")


def test_no_revision_note_when_not_revised_or_no_first_figure():
    assert revision_note({**REVISED, "revised": False}) == ""
    assert revision_note({**REVISED, "first_reported": math.nan}) == ""
    assert revision_note({**REVISED, "revised": False, "first_reported": math.nan}) == ""
