"""Figures as the council prints them, worked by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitools.rules.units import format_number


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (0, "count", 0, "0"),
        (0.0, "percent", 1, "0.0%"),
        (-5, "count", 0, "-5"),
        (-1234.0, "count", 0, "-1,234"),
        (-1234.56, "count", None, "-1,234.6"),
        (1234.5678, "count", 2, "1,234.57"),
        (12.0, "count", None, "12"),
        # A small negative figure that rounds to zero is printed without a sign.
        (-0.4, "count", 0, "0"),
        (-0.04, "percent", 1, "0.0%"),
        (-0.02, "points", None, "0 percentage points"),
        (1, "points", 0, "1 percentage point"),
        (-1.0, "points", None, "-1 percentage point"),
        (2, "points", 0, "2 percentage points"),
        (0.5, "points", None, "0.5 percentage points"),
        (1, "hours", 0, "1 hour"),
        (-1, "days", 0, "-1 day"),
        (2, "days", 0, "2 days"),
        (1.5, "rate", 1, "1.5"),
        (float("nan"), "percent", 0, "-"),
    ],
)
def test_figures_by_hand(value, unit, decimals, text):
    assert format_number(value, unit, decimals) == text


@given(st.floats(-1e9, 1e9), st.integers(0, 3))
def test_the_printed_figure_is_the_rounded_value_and_never_minus_zero(value, decimals):
    text = format_number(value, "count", decimals)
    number = float(text.replace(",", ""))
    assert number == pytest.approx(value, abs=10**-decimals)
    assert not (number == 0 and text.startswith("-"))
