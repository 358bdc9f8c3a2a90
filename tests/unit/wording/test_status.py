"""Status sentences: reasons a councillor can check by hand, criteria from the scheme."""

from kpitools import RagScheme
from kpitools.wording.status import describe_criteria, explain, status_reason

# The schemes of the seeds (see data/raw/schemes.yml).
SEED_004 = RagScheme(red_inclusive=False, blue_inclusive=False)
SEED_000 = RagScheme(blue=False)
SEED_001 = RagScheme()


def test_explanations_read_as_the_issue_asks():
    assert explain(96326, 107236, "up") == (
        "10.2% below the target of 107,236; Red is 10% or more below target"
    )
    # Percentage KPIs: the distance in points, the relative one that decided it beside.
    assert explain(55, 60, "up", SEED_004, unit="percent") == (
        "5 percentage points below the target of 60% (8.3% of the target); "
        "Amber is below target by 10% or less"
    )
    assert explain(12, 10, "down", SEED_001) == (
        "20% above the target of 10; Red is 10% or more above target"
    )
    assert explain(296, 291, "up", SEED_004) == (
        "1.7% above the target of 291; Green is on target or up to 5% above it"
    )
    assert explain(80, 74, "up", SEED_000, unit="percent") == (
        "6 percentage points above the target of 74% (8.1% of the target); "
        "Green is on target or better"
    )
    points = RagScheme(tolerance="points", red_at=5)
    assert explain(62, 70, "up", points, unit="percent") == (
        "8 percentage points below the target of 70%; Red is 5 percentage points or more "
        "below target"
    )


def test_criteria_text_is_written_from_the_scheme():
    assert describe_criteria(SEED_004) == {
        "Red": "current performance is off target by more than 10%",
        "Amber": "current performance is off target by 10% or less",
        "Green": "current performance is on target or better by up to 5%",
        "Blue": "current performance exceeds target by more than 5%",
    }
    assert describe_criteria(SEED_000)["Red"] == "current performance is 10% or more from target"
    assert "Blue" not in describe_criteria(SEED_000)


def test_a_status_given_with_a_figure_gets_no_invented_reason():
    common = {
        "actual": float("nan"),
        "target": float("nan"),
        "direction": "up",
        "scheme": SEED_004,
        "unit": "count",
        "decimals": 0,
        "period_label": "Quarter 2 2023/24",
    }
    assert status_reason("Not rated", "figure", note="", **common) == ""
    assert status_reason("Not rated", "figure", note="Awaiting data", **common) == "Awaiting data"
    assert status_reason("Not rated", "no-target", note="", **common) == (
        "No target has been set for Quarter 2 2023/24"
    )


def test_criteria_of_each_seed_scheme_in_full():
    # Seed 001 §1.5: Red 10% or more from target; Blue better than target by 5% or more.
    assert describe_criteria(SEED_001) == {
        "Red": "current performance is 10% or more from target",
        "Amber": "current performance is off target by less than 10%",
        "Green": "current performance is on target or better by less than 5%",
        "Blue": "current performance is better than target by 5% or more",
    }
    # Seed 000 §2.5: no Blue, so Green is any figure on target or better.
    assert describe_criteria(SEED_000) == {
        "Red": "current performance is 10% or more from target",
        "Amber": "current performance is off target by less than 10%",
        "Green": "current performance is on target or better",
    }


def test_criteria_in_points_are_in_the_indicators_units():
    points = RagScheme(tolerance="points", red_at=2.5, blue_at=1.5)
    assert describe_criteria(points, unit="percent") == {
        "Red": "current performance is 2.5 percentage points or more from target",
        "Amber": "current performance is off target by less than 2.5 percentage points",
        "Green": "current performance is on target or better by less than 1.5 percentage points",
        "Blue": "current performance is better than target by 1.5 percentage points or more",
    }
    assert describe_criteria(points, unit="hours")["Red"] == (
        "current performance is 2.5 hours or more from target"
    )
    assert describe_criteria(points)["Blue"] == (
        "current performance is better than target by 1.5 or more"
    )


def test_explanations_of_lower_is_better_kpis():
    # 9 against a target of 10, lower is better: 10% better, Blue from 5%.
    assert explain(9, 10, "down", SEED_001) == (
        "10% below the target of 10; Blue is 5% or more below target"
    )
    # 10.3 against 10: 3% worse, Amber.
    assert explain(10.3, 10, "down", SEED_001) == (
        "3% above the target of 10; Amber is above target by less than 10%"
    )
    # 9.8 against 10: 2% better, Green (Blue starts at 5%).
    assert explain(9.8, 10, "down", SEED_001) == (
        "2% below the target of 10; Green is on target or better by less than 5%"
    )


def test_explanations_in_points():
    # Counts in points: 12 against 10 (lower is better) is 2 worse; Red from 1.5.
    scheme = RagScheme(tolerance="points", red_at=1.5, blue=False)
    assert explain(12, 10, "down", scheme) == (
        "2 above the target of 10; Red is 1.5 or more above target"
    )
    hours = RagScheme(tolerance="points", red_at=10, blue_at=2)
    assert explain(296.5, 291, "up", hours, unit="hours") == (
        "5.5 hours above the target of 291 hours; Blue is 2 hours or more above target"
    )
    # Percentages in points: 75% against 70% is 5 points better, Blue from 3 points.
    blue = RagScheme(tolerance="points", red_at=5, blue_at=3)
    assert explain(75, 70, "up", blue, unit="percent") == (
        "5 percentage points above the target of 70%; Blue is 3 percentage points or more "
        "above target"
    )


def test_explanations_print_the_target_with_its_decimals():
    # 62.25 - 50.05 = 12.2 points; 12.2 / 62.25 = 19.6% of the target.
    assert explain(50.05, 62.25, "up", SEED_001, unit="percent", decimals=2) == (
        "12.2 percentage points below the target of 62.25% (19.6% of the target); "
        "Red is 10% or more below target"
    )


def test_a_figure_on_target_up_to_floating_point_error_is_on_target():
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point: on the target of 0.3%.
    assert explain(0.1 + 0.2, 0.3, "up", SEED_001, unit="percent", decimals=1) == (
        "On the target of 0.3%; Green is on target or better by less than 5%"
    )


def test_status_reasons_by_basis():
    common = {
        "direction": "up",
        "scheme": SEED_001,
        "note": "",
        "period_label": "Quarter 2 2023/24",
    }
    assert status_reason(
        "Red", "rated", actual=50.05, target=62.25, unit="percent", decimals=2, **common
    ) == (
        "12.2 percentage points below the target of 62.25% (19.6% of the target); "
        "Red is 10% or more below target"
    )
    unrated = {"actual": float("nan"), "target": float("nan"), "unit": "count", "decimals": 0}
    assert status_reason("Contextual", "rating", **unrated, **common) == (
        "Monitored for context without a performance target; not rated"
    )
    assert status_reason("In Development", "rating", **unrated, **common) == (
        "Agreed, but data collection and target setting are in development"
    )
    assert status_reason("Suspended", "rating", **unrated, **common) == (
        "Reporting of this KPI is suspended"
    )
    # A status with no reason of its own gets none rather than an invented one.
    assert status_reason("Not rated", "rating", **unrated, **common) == ""
    # A status given with a figure and no note: what the status itself means.
    assert status_reason("Suspended", "figure", **unrated, **common) == (
        "Reporting of this KPI is suspended"
    )
