import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitools import linear_trend, period_target, project_year_end
from kpitools.rules.periods import Month, Quarter


def test_least_squares_by_hand():
    # x = 0,1,2,3; y = 1,3,2,6: x̄ = 1.5, ȳ = 3,
    # Sxy = (-1.5)(-2) + (-0.5)(0) + (0.5)(-1) + (1.5)(3) = 7, Sxx = 5 -> slope 1.4,
    # intercept 3 - 1.4 * 1.5 = 0.9, next (x = 4) = 0.9 + 5.6 = 6.5.
    t = linear_trend([1, 3, 2, 6])
    assert t.slope == pytest.approx(1.4)
    assert t.intercept == pytest.approx(0.9)
    assert t.projection == pytest.approx(6.5)


def test_fewer_than_three_points_says_so():
    t = linear_trend([90157, 96326])
    assert t.projection is None and not t.enough and t.fitted() == []
    assert (t.points, t.needed) == (2, 3)
    # The minimum is a setting: with 2 allowed, the same figures make a line.
    assert linear_trend([90157, 96326], min_points=2).projection == pytest.approx(102495)


def test_gaps_are_refused_rather_than_bridged():
    with pytest.raises(ValueError, match="consecutive"):
        linear_trend([1, None, 3])


def test_cumulative_year_end_from_zero():
    # 300, 600, 900 at Q1-Q3 with the year starting at 0: a straight line of 300 per
    # quarter reaching 1,200 at Q4.
    y = project_year_end([300, 600, 900], annual_target=1300)
    assert y.projection == pytest.approx(1200)
    assert y.reaches_target is False


def test_two_figures_and_an_assumed_zero_make_no_projection():
    # Card 179's fault: 150 then 299 with an assumed zero projected 299 for the year.
    y = project_year_end([150, 299])
    assert y.projection is None and (y.points, y.needed) == (2, 3)


@given(st.lists(st.floats(0, 1e5), min_size=3, max_size=12))
def test_a_running_total_is_never_projected_below_the_figure_reached(increments):
    totals = [sum(increments[: i + 1]) for i in range(len(increments))]
    y = project_year_end(totals, periods_in_year=12)
    assert y.projection is not None and y.projection >= totals[-1] - 1e-6


def test_cumulative_rate_needs_three_reported_points():
    assert project_year_end([93, 92], accumulates=False).projection is None
    y = project_year_end([90, 92, 94], annual_target=95, accumulates=False)
    assert y.projection == pytest.approx(96) and y.reaches_target is True


@given(st.floats(-1e4, 1e4), st.floats(-100, 100), st.integers(3, 12))
def test_exact_lines_are_recovered(intercept, slope, n):
    t = linear_trend([intercept + slope * i for i in range(n)])
    assert t.projection == pytest.approx(intercept + slope * n, abs=1e-6)


def test_targets_pro_rata_and_per_quarter():
    assert period_target(1128, "annual_pro_rata", Quarter(2023, 1)) == 282
    assert period_target(1128, "annual_pro_rata", Quarter(2023, 4)) == 1128
    # Seed 004: "Baseline is derived from 2022/23 annual figure and divided by 4".
    assert period_target(3488, "annual_per_quarter", Quarter(2023, 2)) == 872
    assert period_target(120, "annual_per_quarter", Month(2023, 5)) == 10
    assert period_target(70, "period", Quarter(2023, 2)) == 70
    with pytest.raises(ValueError, match="basis"):
        period_target(70, "weekly", Quarter(2023, 2))


def test_year_end_keeps_its_inputs_and_judges_each_direction_inclusively():
    # 300, 600, 900 project to 1,200 (see above).
    short = project_year_end([150, 299], annual_target=1200)
    assert (short.points, short.needed, short.annual_target, short.reaches_target) == (
        2, 3, 1200, None,
    )  # fmt: skip
    exact = project_year_end([300, 600, 900], annual_target=1200, min_points=2)
    assert (exact.needed, exact.annual_target, exact.reaches_target) == (2, 1200, True)
    assert project_year_end([300, 600, 900], annual_target=1200, direction="down").reaches_target
    assert not project_year_end([300, 600, 900], 1100, direction="down").reaches_target
    assert project_year_end([300, 600, 900], 1300, direction="down").reaches_target
    assert project_year_end([300, 600, 900]).reaches_target is None
    assert project_year_end([300, 600, 900], 1300, direction=None).reaches_target is None


def test_a_flat_line_has_a_slope_of_exactly_zero():
    # 0.1, 0.4, 0.1, 0.2: x̄ 1.5, ȳ 0.2, Σ(x - x̄)(y - ȳ) = 0.15 - 0.1 - 0.05 + 0 = 0: flat.
    # Rounding leaves a few 1e-18 in floating point; the trend reports 0.
    t = linear_trend([0.1, 0.4, 0.1, 0.2])
    assert t.slope == 0.0 and t.needed == 3
    assert linear_trend([1, 2]).needed == 3


def test_a_gap_is_refused_with_the_fix():
    with pytest.raises(
        ValueError, match=r"^a trend needs consecutive figures: fill the gap or start after it$"
    ):
        linear_trend([1.0, float("nan"), 3.0])
