"""The balanced scorecard's targets and counts, worked by hand."""

from types import SimpleNamespace

import pandas as pd

from kpitools.model.scorecard import SKPI_COLUMNS, CommitteeLine, _targets, build_scorecard
from kpitools.rules.periods import Quarter

SKPI = pd.DataFrame(
    [
        # Listed out of order: the earliest milestone still ahead is the one shown.
        ("ks2", "milestone", Quarter(2024, 4), 63.0, False),
        ("ks2", "milestone", Quarter(2023, 4), 62.0, False),
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


def _model(name, illustrative, summary, rows):
    columns = ["kpi_id", "indicator", "name", "service_area", "status", "change", "illustrative",
               "previous_status"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns).assign(
        unit="count", decimals=0, actual=10.0, current_period_label="Quarter 2 2023/24"
    )
    statuses, numbers = zip(*summary, strict=True)
    return SimpleNamespace(
        council="Test County Council", committee_name=name, committee_illustrative=illustrative,
        summary=pd.DataFrame({"Status": statuses, "Number": numbers}), total=len(frame),
        rows=frame,
    )  # fmt: skip


ONE = _model("One", False, [("Red", 1), ("Amber", 0), ("Green", 2)], [
    ("k1", 1, "K1", "Area1", "Red", "Improving", False, "Amber"),
    ("k2", 2, "K2", "Area2", "Green", "Declining", False, "Green"),
    ("k3", None, "K3", "Area3", "Green", "N/A", True, None),
])  # fmt: skip
TWO = _model("Two", True, [("Withdrawn", 0), ("Red", 0), ("Amber", 1), ("Green", 0), ("Blue", 1),
                           ("Contextual", 1), ("Archived", 0)], [
    ("k4", 4, "K4", "Area4", "Amber", "Unchanged", False, "Amber"),
    ("k5", 5, "K5", "Area5", "Blue", "Improving", False, "Green"),
    ("k6", 6, "K6", "Area6", "Contextual", "N/A", False, None),
])  # fmt: skip
STRATEGY = pd.DataFrame(
    [
        ("k1", "Place", "Libraries", True, 1, "A1", False),
        ("k2", "Place", "", False, 3, "A3", False),
        ("k4", "People", "Schools", True, 1, "A0", True),
        ("k5", "Place", "", True, 2, "A2", False),
    ],
    columns=["kpi_id", "directorate", "service", "strategic", "priority", "ambition",
             "illustrative"],
)  # fmt: skip
TARGETS = pd.DataFrame(
    [("k1", "milestone", Quarter(2023, 4), 12.0, False),
     ("k4", "long_term", Quarter(2025, 4), 50.0, False)],
    columns=["kpi_id", "kind", "period", "value", "illustrative"],
)  # fmt: skip
Q2 = Quarter(2023, 2)


def test_the_scorecard_adds_up_the_committees_reports():
    card = build_scorecard(Q2, {"c1": ONE, "c2": TWO}, SimpleNamespace(
        strategy=STRATEGY, skpi_targets=TARGETS))  # fmt: skip
    assert (card.council, card.period, card.total) == ("Test County Council", Q2, 6)
    # The framework's order, then statuses it does not know, alphabetically.
    assert card.statuses == ["Red", "Amber", "Green", "Blue", "Contextual", "Archived",
                             "Withdrawn"]  # fmt: skip
    # 1, 1, 2, 1, 1 of 6: 16.7% each rounds down to 16, 33.3% to 33; the 3 points left go
    # to the largest remainders (0.67), earliest first.
    assert card.totals.to_dict("list") == {
        "Status": card.statuses,
        "Number": [1, 1, 2, 1, 1, 0, 0],
        "Percentage": [17, 17, 33, 17, 16, 0, 0],
    }
    assert [(c.committee, c.name, c.total, c.illustrative) for c in card.committees] == [
        ("c1", "One", 3, False), ("c2", "Two", 3, True)
    ]  # fmt: skip


def test_strategic_kpis_by_priority_with_their_targets():
    card = build_scorecard(Q2, {"c1": ONE, "c2": TWO}, SimpleNamespace(
        strategy=STRATEGY, skpi_targets=TARGETS))  # fmt: skip
    assert list(card.skpis.columns) == SKPI_COLUMNS
    expected = [
        {"priority": 1, "ambition": "A0", "committee": "c2", "kpi_id": "k4", "indicator": 4,
         "name": "K4", "unit": "count", "decimals": 0, "actual": 10.0,
         "current_period_label": "Quarter 2 2023/24", "status": "Amber",
         "previous_status": "Amber", "change": "Unchanged", "milestone_period": None,
         "milestone_value": None, "long_term_period": Quarter(2025, 4), "long_term_value": 50.0,
         "illustrative": True},
        {"priority": 1, "ambition": "A1", "committee": "c1", "kpi_id": "k1", "indicator": 1,
         "name": "K1", "unit": "count", "decimals": 0, "actual": 10.0,
         "current_period_label": "Quarter 2 2023/24", "status": "Red",
         "previous_status": "Amber", "change": "Improving", "milestone_period": Quarter(2023, 4),
         "milestone_value": 12.0, "long_term_period": None, "long_term_value": None,
         "illustrative": False},
        {"priority": 2, "ambition": "A2", "committee": "c2", "kpi_id": "k5", "indicator": 5,
         "name": "K5", "unit": "count", "decimals": 0, "actual": 10.0,
         "current_period_label": "Quarter 2 2023/24", "status": "Blue",
         "previous_status": "Green", "change": "Improving", "milestone_period": None,
         "milestone_value": None, "long_term_period": None, "long_term_value": None,
         "illustrative": False},
    ]  # fmt: skip
    # Built the same way, so missing targets compare as the frame stores them (NaN, and
    # the indicator numbers as floats, since one KPI of the report has none).
    pd.testing.assert_frame_equal(
        card.skpis, pd.DataFrame(expected, columns=SKPI_COLUMNS), check_dtype=False
    )


def test_directorate_cards_with_untagged_kpis_last():
    card = build_scorecard(Q2, {"c1": ONE, "c2": TWO}, SimpleNamespace(
        strategy=STRATEGY, skpi_targets=TARGETS))  # fmt: skip
    assert [(d.name, d.illustrative) for d in card.directorates] == [
        ("People", True), ("Place", False), ("", True)
    ]  # fmt: skip
    people, place, untagged = card.directorates
    assert people.rows.to_dict("records") == [
        {"committee": "c2", "kpi_id": "k4", "indicator": 4, "name": "K4", "service": "Schools",
         "status": "Amber", "change": "Unchanged", "illustrative": True},
    ]  # fmt: skip
    # A tag without a service takes the KPI's own service area.
    assert place.rows[["kpi_id", "service", "status"]].values.tolist() == [
        ["k1", "Libraries", "Red"], ["k2", "Area2", "Green"], ["k5", "Area5", "Blue"]
    ]  # fmt: skip
    assert untagged.rows[["kpi_id", "committee", "service", "illustrative"]].values.tolist() == [
        ["k3", "c1", "Area3", True], ["k6", "c2", "Area6", False]
    ]  # fmt: skip
    # One each of Red, Green and Blue: 33 each and the spare point to the first.
    assert place.summary.to_dict("list") == {
        "Status": card.statuses,
        "Number": [1, 0, 1, 1, 0, 0, 0],
        "Percentage": [34, 0, 33, 33, 0, 0, 0],
    }


def test_a_quarter_without_reports():
    card = build_scorecard(Q2, {}, SimpleNamespace(strategy=STRATEGY, skpi_targets=TARGETS))
    assert (card.council, card.total, card.statuses, card.directorates) == ("", 0, [], [])


def test_an_illustrative_target_makes_its_strategic_kpi_illustrative():
    targets = TARGETS.assign(illustrative=[True, False])
    card = build_scorecard(Q2, {"c1": ONE, "c2": TWO}, SimpleNamespace(
        strategy=STRATEGY, skpi_targets=targets))  # fmt: skip
    flags = card.skpis.set_index("kpi_id")["illustrative"].to_dict()
    assert flags == {"k4": True, "k1": True, "k5": False}
