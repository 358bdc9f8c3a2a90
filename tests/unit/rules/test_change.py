import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kpitools import Movement, change, movement, movements
from kpitools.rules.change import improved_count


def test_seed_004_changes():
    assert change(96326, 90157, "up") == "Improving"
    assert change(608, 1107, "up") == "Declining"  # against Quarter 2 22/23
    assert change(68, 68, "up") == "Unchanged"
    assert change(296, 313, "up") == "Declining"
    assert change(789, 944, None) == "N/A"  # coroner cases: no direction
    assert change(789, 944, "none") == "N/A"


def test_lower_is_better_and_missing_values():
    assert change(10, 12, "down") == "Improving"
    assert change(12, 10, "down") == "Declining"
    assert change(None, 10, "up") == "N/A"
    assert change(float("nan"), 10, "up") == "N/A"
    assert change(0.1 + 0.2, 0.3, "up") == "Unchanged"


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_direction_mirrors_change(a, b):
    up, down = change(a, b, "up"), change(a, b, "down")
    flip = {"Improving": "Declining", "Declining": "Improving", "Unchanged": "Unchanged"}
    assert down == flip[up]


# Seed 000 §5.1: previous (Q1) and current (Q2) status and change per KPI.
SEED_000 = [
    (36, "Number of active library users", "Green", "Green", "Improving"),
    (37, "Number of visits made to library sites reported quarterly", "Green", "Green",
     "Improving"),
    (136, "Number of learners from across Cambridgeshire that have been enrolled onto a course",
     "Green", "Green", "Improving"),
    (137, "Number of enrolments which support skills development to aid progression",
     "Green", "Green", "Improving"),
    (138, "Percentage of courses that have been achieved", "Green", "Green", "Declining"),
    (198, "The percentage of clients engaging with Independent Domestic Violence Advocacy (IDVA) "
     "Service", "Amber", "Green", "Improving"),
    (219, "Registrations - All births registered within 42 days of birth", "Red", "Green",
     "Improving"),
    (220, "Registrations - All deaths registered within 5 days", "Red", "Red", "Improving"),
    (221, "Number of hours of business advice provided to businesses under primary authority",
     "Amber", "Green", "Improving"),
    (222, "Percentage of businesses brought into compliance in all priority areas following "
     "inspection/intervention.", "Green", "Green", "Improving"),
    (None, "A contextual KPI", "Contextual", "Contextual", "Improving"),
]  # fmt: skip


def test_seed_000_movement_groups():
    table = pd.DataFrame(
        SEED_000, columns=["indicator", "name", "previous_status", "status", "change"]
    )
    moved = movements(table)
    groups: dict[Movement, list[int]] = {}
    for m, indicator in zip(moved["movement"], moved["indicator"], strict=True):
        groups.setdefault(m, []).append(indicator)
    # Seed 000 §5.1-5.2, in its order.
    assert list(groups.items()) == [
        (Movement("improved", "Green", "Green"), [36, 37, 136, 137, 222]),
        (Movement("improved", "Red", "Red"), [220]),
        (Movement("moved_up", "Red", "Green"), [219]),
        (Movement("moved_up", "Amber", "Green"), [198, 221]),
        (Movement("declined", "Green", "Green"), [138]),
    ]


def test_newly_rated_only_when_there_was_no_rating_and_unknown_is_never_guessed():
    assert movement(None, "Red", "N/A") == Movement("newly_rated", None, "Red")
    assert movement("Baseline", "Green", "Improving") == Movement("newly_rated", None, "Green")
    assert movement("Green", "Not rated", "N/A") == Movement(
        "no_longer_rated", "Green", "Not rated"
    )
    assert movement("Amber", "Red", "Declining") == Movement("moved_down", "Amber", "Red")
    assert movement("Green", "Green", "Unchanged") == Movement("unchanged", "Green", "Green")
    # In last quarter's set but its rating then cannot be worked out: grouped by change.
    assert movement(None, "Red", "Improving", previous_known=False).kind == "improved_unknown"
    assert movement(None, "Red", "Declining", previous_known=False).kind == "declined_unknown"
    assert movement(None, "Contextual", "Improving", previous_known=False) is None


def test_improvement_count_includes_unrated_kpis_as_seed_000_counts_them():
    # Seed 000 §5.1: 11 improved while its lists of rated KPIs hold 9.
    changes = pd.Series(["Improving"] * 9 + ["Improving"] * 2 + ["Declining", "N/A"])
    assert improved_count(changes) == 11


def test_movements_keep_the_input_order_within_a_group_and_the_columns():
    # 20 Green KPIs that improved (one group) between two that moved up: the group keeps the
    # order given, whatever the sorting algorithm would do with 20 equal keys.
    names = [f"k{i}" for i in range(20)]
    table = pd.DataFrame(
        {
            "name": ["up1", *names, "up2"],
            "previous_status": ["Red", *["Green"] * 20, "Amber"],
            "status": ["Green", *["Green"] * 20, "Green"],
            "change": ["Improving"] * 22,
        }
    )
    out = movements(table)
    assert out["name"].tolist() == [*names, "up1", "up2"]
    assert list(out.columns) == ["name", "previous_status", "status", "change", "movement"]
    assert list(out.index) == list(range(22))


def test_a_kpi_no_longer_rated_has_no_status_now():
    table = pd.DataFrame(
        {"name": ["a"], "previous_status": ["Green"], "status": [float("nan")], "change": ["N/A"]}
    )
    assert movements(table)["movement"].tolist() == [Movement("no_longer_rated", "Green", None)]


def test_unknown_previous_status_keeps_the_current_one():
    assert movement(None, "Amber", "Declining", previous_known=False) == Movement(
        "declined_unknown", None, "Amber"
    )
    assert movement("Red", "Red", "N/A", previous_known=False) == Movement(
        "unchanged_unknown", None, "Red"
    )
    assert movement(None, "Contextual", "Improving", previous_known=False) is None


def test_differences_within_the_tolerance_near_zero_are_unchanged():
    # 1e-12 against 0: within the absolute tolerance of 1e-9, so not an improvement.
    assert change(1e-12, 0.0, "up") == "Unchanged"


def test_a_missing_figure_of_another_number_type_is_not_compared():
    # numpy's float32 is not a Python float: its NaN is caught after conversion.
    assert change(np.float32("nan"), 1.0, "up") == "N/A"
    assert change(1.0, np.float32("nan"), "down") == "N/A"
