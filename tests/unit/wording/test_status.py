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
