"""Targets for a period, worked by hand."""

import pandas as pd
import pytest

from kpitools.rules.periods import Month, Quarter
from kpitools.rules.targets import Target, period_target, target_for


def _rows(*rows):
    return pd.DataFrame(
        rows, columns=["from_period", "to_period", "kind", "value", "basis", "note", "illustrative"]
    )


# Listed with the later-starting row first: the order of the file does not matter.
ROWS = _rows(
    (Quarter(2024, 1), None, "target", 1200.0, "annual_pro_rata", "New target.", True),
    (Quarter(2022, 1), Quarter(2023, 4), "baseline", 70.0, "period", "Baseline of 70.", False),
)


def test_the_latest_starting_row_that_covers_the_period_wins():
    assert target_for(ROWS, Quarter(2023, 4)) == Target(70.0, "baseline", "period",
                                                         "Baseline of 70.", False)  # fmt: skip
    # 2024-25 Q2: 1,200 x 2/4 = 600.
    assert target_for(ROWS, Quarter(2024, 2)) == Target(600.0, "target", "annual_pro_rata",
                                                        "New target.", True)  # fmt: skip
    assert target_for(ROWS, Quarter(2022, 1)).value == 70.0
    assert target_for(ROWS, Quarter(2021, 4)) is None


def test_a_closed_row_ends_with_its_last_quarter():
    closed = _rows((Quarter(2022, 1), Quarter(2023, 4), "target", 5.0, "period", "", False))
    assert target_for(closed, Quarter(2023, 4)).value == 5.0
    assert target_for(closed, Quarter(2024, 1)) is None


def test_overlapping_rows_prefer_the_later_start_whatever_their_order():
    rows = _rows(
        (Quarter(2022, 1), None, "target", 1.0, "period", "", False),
        (Quarter(2023, 1), None, "target", 2.0, "period", "", False),
        (Quarter(2022, 3), None, "target", 3.0, "period", "", False),
    )
    assert target_for(rows, Quarter(2023, 2)).value == 2.0
    assert target_for(rows, Quarter(2022, 4)).value == 3.0


def test_a_month_takes_the_target_of_its_quarter_scaled_by_month():
    # June 2024 is in 2024-25 Q1: 3 months of the year elapsed, 1,200 x 3/12 = 300.
    assert target_for(ROWS, Month(2024, 6)).value == 300.0
    # March 2024 is the last month of 2023-24: the baseline row.
    assert target_for(ROWS, Month(2024, 3)).kind == "baseline"


@pytest.mark.parametrize(
    ("value", "basis", "period", "expected"),
    [
        (1200, "annual_pro_rata", Month(2024, 4), 100.0),
        (1200, "annual_pro_rata", Month(2025, 3), 1200.0),
        (1200, "annual_pro_rata", Month(2024, 12), 900.0),
        (1200, "annual_pro_rata", Quarter(2024, 3), 900.0),
        (1200, "annual_per_quarter", Quarter(2024, 3), 300.0),
        (1200, "annual_per_quarter", Month(2024, 3), 100.0),
        (70, "period", Month(2024, 3), 70.0),
    ],
)
def test_period_targets_by_hand(value, basis, period, expected):
    assert period_target(value, basis, period) == expected


def test_an_unknown_basis_names_the_allowed_ones():
    with pytest.raises(ValueError) as error:
        period_target(70, "weekly", Quarter(2023, 2))
    assert str(error.value) == (
        "target basis must be one of period, annual_pro_rata, annual_per_quarter, not 'weekly'"
    )
