import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kpitools import change, movement, movements


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
    grouped = movements(table).groupby("movement", sort=False)["indicator"].apply(list)
    assert grouped.to_dict() == {
        "remained Green but have seen an improvement in performance": [36, 37, 136, 137, 222],
        "remained Red, but have seen an improvement in performance": [220],
        "moved from Red to Green": [219],
        "moved from Amber to Green": [198, 221],
        "seen a decline in performance, but the RAG status has remained Green": [138],
    }


def test_unknown_previous_status_is_reported_as_new_not_guessed():
    assert movement(None, "Red", "N/A").startswith("are newly rated")
    assert movement("Baseline", "Green", "Improving").startswith("are newly rated")
    assert movement("Green", "Not rated", "N/A").startswith("were rated last quarter")
    assert movement("Amber", "Red", "Declining") == "moved from Amber to Red"
    assert movement("Green", "Green", "Unchanged") == "remained Green with no change in performance"
