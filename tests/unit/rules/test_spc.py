"""XmR rules worked by hand: limits mean ± 2.66 × MR̄, sigma = MR̄ / 1.128.

The "two of three on opposite sides" and assurance cases reproduce the published
tests of the NHS-R Community's NHSRplotthedots package (``tests/testthat/
test-ptd_spc_standard.R``, "it only reports special cause for 2 of 3 points close to
limits when they are on the same side of the mean", and ``test-ptd_calculate_
assurance_type.R``), recomputed here by hand.
"""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitools import spc
from kpitools.rules.spc import Rebase, SpcRules

ALTERNATING = [9, 11] * 5


def test_beyond_limit_alone():
    # 9, 11 x5 then 20: mean 120/11 = 10.909; moving ranges nine of 2 and one of 9:
    # MR̄ 27/10 = 2.7; limits 10.909 ± 7.182 = [3.727, 18.091]; 20 is above.
    # 2 sigma = 4.787 (upper 15.70): only 20 beyond; no run, no trend.
    r = spc([*ALTERNATING, 20], improvement="up")
    assert r.mean == pytest.approx(120 / 11)
    assert r.upper == pytest.approx(120 / 11 + 2.66 * 2.7)
    assert r.lower == pytest.approx(120 / 11 - 2.66 * 2.7)
    assert r.points["special_cause"].tolist() == [False] * 10 + [True]
    assert r.points["rule"].iloc[-1] == "beyond limit"
    assert r.variation == "special cause improvement"
    assert spc([*ALTERNATING, 20], improvement="down").variation == "special cause concern"
    # Below the lower limit, the other way round.
    low = spc([*ALTERNATING, 0], improvement="up")
    assert low.points["rule"].iloc[-1] == "beyond limit"
    assert low.variation == "special cause concern"


SHIFT = [2, 4, 2, 4, 2, 4, 2, 5, 6, 5, 6, 5, 6, 5]


def test_shift_alone_and_run_length_setting():
    # Mean 58/14 = 4.143; MR̄ (6 x 2 + 3 + 6 x 1)/13 = 21/13 = 1.615; limits 4.143 ± 4.297,
    # 2 sigma 2.864 ([1.28, 7.01]): nothing beyond. The first 7 are below the mean, the
    # last 7 above: two runs of 7. Steps alternate: no trend.
    r = spc(SHIFT, improvement="up")
    assert r.mean == pytest.approx(58 / 14)
    assert r.upper - r.mean == pytest.approx(2.66 * 21 / 13)
    assert r.points["rule"].tolist() == ["shift"] * 14
    assert r.points["signal"].tolist() == ["concern"] * 7 + ["improvement"] * 7
    assert r.variation == "special cause improvement"
    assert spc(SHIFT, improvement="down").variation == "special cause concern"
    # Runs of 8 required: neither run of 7 counts.
    assert spc(SHIFT, rules=SpcRules(run_length=8)).variation == "common cause"


def test_a_value_on_the_mean_breaks_a_run():
    # 1 x6, 4, 7 x6 (mean 4): six below, one on the mean, six above; with runs of 6 both
    # count, the middle value does not.
    # (The narrow limits also flag the 1s and 7s as beyond them.)
    r = spc([1] * 6 + [4] + [7] * 6, rules=SpcRules(run_length=6, trend_length=20))
    shift = ["shift" in rule for rule in r.points["rule"]]
    assert shift == [True] * 6 + [False] + [True] * 6
    assert r.points["rule"].iloc[6] == ""


TREND = [4, 8, 4, 8, 4, 8, 4, 2, 3, 4, 5, 6, 7, 8]


def test_trend_alone_both_ways():
    # Mean 75/14 = 5.357; MR̄ (6 x 4 + 2 + 6 x 1)/13 = 32/13 = 2.462; limits 5.357 ± 6.548,
    # 2 sigma 4.364 ([0.99, 9.72]): nothing beyond. Longest run below the mean: 4, 2, 3, 4,
    # 5 (5 values). 2, 3, ..., 8 rise 6 times in a row: a trend of 7 values.
    r = spc(TREND, improvement="up")
    assert r.mean == pytest.approx(75 / 14)
    assert r.points["rule"].tolist() == [""] * 7 + ["trend"] * 7
    assert r.variation == "special cause improvement"
    assert spc(TREND, improvement="down").variation == "special cause concern"
    # The same shape falling: a falling trend improves a "down" KPI.
    falling = spc([-v for v in TREND], improvement="down")
    assert falling.points["rule"].tolist() == [""] * 7 + ["trend"] * 7
    assert falling.variation == "special cause improvement"
    # Trends of 8 required: none.
    assert spc(TREND, rules=SpcRules(trend_length=8)).variation == "common cause"


TWO_OF_THREE = [1, -1] * 7 + [5.5, 1, 5.5]


def test_two_of_three_alone_and_the_setting():
    # Mean 12/17 = 0.706; MR̄ (13 x 2 + 6.5 + 4.5 + 4.5)/16 = 41.5/16 = 2.594; sigma 2.299;
    # mean + 2 sigma = 5.305 < 5.5 < upper limit 7.605. The two 5.5s are 2 of the last 3.
    r = spc(TWO_OF_THREE, improvement="up")
    assert r.mean == pytest.approx(12 / 17)
    assert r.points["special_cause"].tolist() == [False] * 14 + [True, False, True]
    assert r.points["rule"].iloc[-1] == "two of three"
    assert r.variation == "special cause improvement"
    off = spc(TWO_OF_THREE, improvement="up", rules=SpcRules(two_of_three=False))
    assert off.variation == "common cause"


def test_two_of_three_on_opposite_sides_is_common_cause_published():
    # NHSRplotthedots: 1, -1 x8 with the 15th value 5.5 and the 16th -5.5. Mean 0;
    # MR̄ (13 x 2 + 6.5 + 11)/15 = 2.9; 2 sigma = 5.142 (both values beyond it, on opposite
    # sides); limits ±7.714. Published expectation: both common cause.
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    r = spc(data, improvement="up")
    assert r.mean == pytest.approx(0)
    assert r.upper == pytest.approx(2.66 * 2.9)
    assert r.points["special_cause"].tolist()[-2:] == [False, False]
    assert r.variation == "common cause"


ASSURED = [10, 12, 11, 13, 12]  # mean 11.6, MR̄ 1.5, limits [7.61, 15.59]


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("up", 7, "consistently passing"),  # below the lower limit: every value meets it
        ("up", 16, "consistently failing"),  # above the upper limit: none does
        ("up", 12, "hit and miss"),
        ("down", 16, "consistently passing"),
        ("down", 7, "consistently failing"),
        ("down", 12, "hit and miss"),
        (None, 12, None),  # no direction, no assurance (as published)
    ],
)
def test_assurance_each_way(improvement, target, expected):
    assert spc(ASSURED, improvement=improvement, target=target).assurance == expected


def test_assurance_published_cases():
    # NHSRplotthedots: limits (1, 3), (5, 7), (1, 5) with target 4. Increase: fail, pass,
    # inconsistent; decrease: pass, fail, inconsistent. Two values a, b give mean (a+b)/2
    # and limits mean ± 2.66|a - b|: |a - b| = 1/2.66 gives half-width 1, 2/2.66 gives 2.
    def series(mean, half):
        d = half / 2.66
        return [mean - d / 2, mean + d / 2]

    cases = [(series(2, 1), "consistently failing"), (series(6, 1), "consistently passing")]
    cases.append((series(3, 2), "hit and miss"))
    for values, up in cases:
        assert spc(values, improvement="up", target=4).assurance == up
    down = [spc(v, improvement="down", target=4).assurance for v, _ in cases]
    assert down == ["consistently passing", "consistently failing", "hit and miss"]


def test_no_target_no_assurance():
    assert spc(ASSURED, target=None).assurance is None
    assert spc(ASSURED, target=math.nan).assurance is None


def test_rebasing_by_position_and_by_period():
    # Without rebasing: mean 16, MR̄ (10 x 2 + 8)/11 = 2.545, 2 sigma 4.513 ([11.49, 20.51]):
    # 10s and 22s are two of three beyond 2 sigma. Rebased at the 7th value: each part has
    # mean 11 or 21 and MR̄ 2 (the jump of 8 belongs to neither), limits ± 5.32.
    values = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22]
    assert spc(values).points["special_cause"].any()
    r = spc(values, rebase=[Rebase(6, "new booking system")])
    assert not r.points["special_cause"].any()
    assert (r.mean, r.lower, r.upper) == pytest.approx((21, 21 - 5.32, 21 + 5.32))
    assert r.points["mean"].tolist() == [11] * 6 + [21] * 6
    assert r.points["rebase"].iloc[6] == "new booking system"
    assert math.isnan(r.points["moving_range"].iloc[6])
    periods = [f"P{i}" for i in range(12)]
    by_period = spc(pd.Series(values, index=periods), rebase=[Rebase("P6", "new system")])
    assert by_period.points.loc["P6", "mean"] == 21
    assert by_period.latest_points == 6 and by_period.trial
    with pytest.raises(ValueError, match="no such position"):
        spc(values, rebase=[Rebase("P99", "x")])


def test_trial_limits_below_the_minimum():
    assert spc([10, 12] * 4).trial  # 8 values, 12 needed
    assert not spc([10, 12] * 6).trial
    assert not spc([10, 12] * 4, rules=SpcRules(min_points=8)).trial


def test_screening_outlying_moving_ranges():
    # 10, 12 ... 10, 40, 10, 12: moving ranges 2 x8, 30, 30, 2: MR̄ 78/11 = 7.09.
    # Screening drops those above 3.267 x 7.09 = 23.2 (the two 30s): MR̄ 18/9 = 2.
    # Mean 160/12 = 13.33.
    values = [10, 12, 10, 12, 10, 12, 10, 12, 10, 40, 10, 12]
    plain = spc(values)
    assert plain.segments[0].mean_moving_range == pytest.approx(78 / 11)
    screened = spc(values, rules=SpcRules(screen_moving_ranges=True))
    assert screened.segments[0].mean_moving_range == pytest.approx(2)
    assert screened.upper == pytest.approx(160 / 12 + 5.32)


def test_fixed_baseline():
    # Limits from 10, 12, 10, 12 (mean 11, MR̄ 2: 11 ± 5.32) put 30 beyond; from all five
    # values (mean 14.8, MR̄ 6: upper 30.76) it would be within.
    assert spc([10, 12, 10, 12, 30]).variation == "common cause"
    fixed = spc([10, 12, 10, 12, 30], baseline=4)
    assert fixed.upper == pytest.approx(16.32)
    assert fixed.variation == "special cause improvement"


@pytest.mark.parametrize("values", [[], [42.0]])
def test_fewer_than_two_points_no_limits(values):
    r = spc(values, improvement="up", target=40)
    assert math.isnan(r.mean) and math.isnan(r.upper) and not r.has_limits
    assert r.variation is None and r.assurance is None
    assert r.reason == "fewer than 2 points"
    assert len(r.points) == len(values)


def test_no_direction_gives_a_neutral_special_cause():
    assert spc([*ALTERNATING, 20], improvement=None).variation == "special cause"


def test_gaps_are_refused():
    with pytest.raises(ValueError, match="every period"):
        spc([1, math.nan, 3])


def test_input_is_not_changed():
    values = pd.Series([1.0, 2.0, 3.0])
    spc(values)
    assert values.tolist() == [1.0, 2.0, 3.0]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(st.lists(finite, min_size=2, max_size=30))
def test_limits_are_symmetric_about_the_mean(values):
    r = spc(values)
    assert r.upper - r.mean == pytest.approx(r.mean - r.lower, abs=1e-6)


@given(finite, st.integers(min_value=2, max_value=30))
def test_a_constant_series_has_no_special_cause(value, n):
    r = spc([value] * n)
    assert not r.points["special_cause"].any()
    assert r.variation == "common cause"


@given(st.lists(finite, min_size=2, max_size=30))
def test_reversing_improvement_swaps_improvement_and_concern(values):
    up, down = spc(values, improvement="up"), spc(values, improvement="down")
    swap = {"improvement": "concern", "concern": "improvement", "": ""}
    assert down.points["signal"].tolist() == [swap[s] for s in up.points["signal"]]
    assert up.points["special_cause"].tolist() == down.points["special_cause"].tolist()


def test_each_point_carries_its_moving_range_segment_and_limits():
    # ASSURED: moving ranges |12-10|, |11-12|, |13-11|, |12-13| = 2, 1, 2, 1 (none before
    # the first value); one segment.
    points = spc(ASSURED).points
    assert points["moving_range"].tolist()[1:] == [2, 1, 2, 1]
    assert math.isnan(points["moving_range"].iloc[0])
    assert points["segment"].tolist() == [0] * 5
    # The documented columns, and a bool special cause even with no values at all.
    assert list(points.columns) == [
        "value", "moving_range", "segment", "mean", "lower", "upper",
        "special_cause", "rule", "signal", "rebase",
    ]  # fmt: skip
    assert spc([]).points["special_cause"].dtype == bool
    assert spc(ASSURED).points["special_cause"].dtype == bool


def test_each_segment_has_its_own_limits_on_its_points():
    # As in test_rebasing_by_position_and_by_period: means 11 and 21, MR̄ 2 each, ± 5.32.
    values = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22]
    points = spc(values, rebase=[Rebase(6, "new booking system")]).points
    assert points["segment"].tolist() == [0] * 6 + [1] * 6
    assert points["lower"].tolist() == pytest.approx([11 - 5.32] * 6 + [21 - 5.32] * 6)
    assert points["upper"].tolist() == pytest.approx([11 + 5.32] * 6 + [21 + 5.32] * 6)


def test_a_value_can_fire_several_rules():
    # 1 x6, 4, 7 x6: mean 4, MR̄ 6/12 = 0.5, limits 4 ± 1.33, 2 sigma 0.887. Each 1 is below
    # the lower limit, one of 3 consecutive values below 2 sigma, and in a run of 6 below the
    # mean; the rules are listed in the order of RULES.
    r = spc([1] * 6 + [4] + [7] * 6, rules=SpcRules(run_length=6, trend_length=20))
    assert r.points["rule"].iloc[0] == "beyond limit, two of three, shift"


def test_below_the_lower_limit_improves_a_down_kpi():
    # ALTERNATING then 0: mean 100/11 = 9.09, MR̄ (9 x 2 + 11)/10 = 2.9, lower limit
    # 9.09 - 7.71 = 1.38 > 0.
    r = spc([*ALTERNATING, 0], improvement="down")
    assert r.points["rule"].iloc[-1] == "beyond limit"
    assert r.points["signal"].iloc[-1] == "improvement"
    assert r.variation == "special cause improvement"


def test_a_run_below_the_mean_improves_a_down_kpi():
    # SHIFT: seven below the mean then seven above (see test_shift_alone_and_run_length_setting).
    r = spc(SHIFT, improvement="down")
    assert r.points["signal"].tolist() == ["improvement"] * 7 + ["concern"] * 7


def test_two_of_three_below_the_mean():
    # TWO_OF_THREE negated: mean -12/17 = -0.706, MR̄ 2.594, mean - 2 sigma = -5.305 > -5.5
    # > lower limit -7.605. The two -5.5s are 2 of the last 3, below the mean.
    r = spc([-v for v in TWO_OF_THREE], improvement="up")
    assert r.points["special_cause"].tolist() == [False] * 14 + [True, False, True]
    assert r.points["rule"].iloc[-1] == "two of three"
    assert r.points["signal"].iloc[-1] == "concern"
    assert r.variation == "special cause concern"


def test_two_beyond_two_sigma_four_apart_are_not_two_of_three():
    # 1, -1 x7 then 5.5, 1, -1, 5.5: mean 11/18 = 0.611; moving ranges 13 x 2, 6.5, 4.5, 2,
    # 6.5 (45.5/17 = 2.676); 2 sigma 4.746, so mean + 2 sigma = 5.357 < 5.5 < upper limit
    # 7.731. The two 5.5s are never within one window of 3 values: no signal at all.
    r = spc([1, -1] * 7 + [5.5, 1, -1, 5.5], improvement="up")
    assert not r.points["special_cause"].any()
    assert r.variation == "common cause"


def test_a_lone_value_beyond_two_sigma_is_not_part_of_a_later_two_of_three():
    # 1, -1 x10 with the third value 7, then 7, 1, 7: mean 21/23 = 0.913; moving ranges
    # 2, 8, 8, 16 x 2, 8, 6, 6 (70/22 = 3.182); 2 sigma 5.642, so mean + 2 sigma = 6.555
    # < 7 < upper limit 9.377. Only the last two 7s are 2 of 3; the early 7 stands alone.
    values = [1, -1] * 10
    values[2] = 7
    r = spc([*values, 7, 1, 7], improvement="up")
    assert r.points["special_cause"].tolist() == [False] * 20 + [True, False, True]


def test_assurance_with_the_target_exactly_on_a_limit():
    # 0, 50: mean 25, MR̄ 50, limits 25 ± 133 = [-108, 158] (exact in floating point).
    # On the worse limit: every value the process gives meets the target.
    # On the better limit: not beyond it, so hit and miss.
    assert (spc([0, 50]).lower, spc([0, 50]).upper) == (-108, 158)
    assert spc([0, 50], improvement="up", target=-108).assurance == "consistently passing"
    assert spc([0, 50], improvement="up", target=158).assurance == "hit and miss"
    assert spc([0, 50], improvement="down", target=158).assurance == "consistently passing"
    assert spc([0, 50], improvement="down", target=-108).assurance == "hit and miss"


def test_the_result_carries_its_settings_and_inputs():
    r = spc(ASSURED, improvement="down", target=7)
    assert (r.improvement, r.target, r.min_points, r.reason) == ("down", 7, 12, "")
    none = spc([42.0], improvement="down", target=40)
    assert (none.improvement, none.target, none.min_points) == ("down", 40, 12)
    assert none.trial is True
    assert math.isnan(none.lower)
    assert len(none.segments) == 1 and none.latest_points == 1


def test_a_segment_of_one_value_has_no_limits():
    # Rebased at the last value: the latest segment holds that value alone.
    r = spc([10, 12, 11, 13, 30], rebase=[Rebase(4, "new scale")])
    assert not r.has_limits and r.reason == "fewer than 2 points"
    seg = r.segments[-1]
    assert (seg.start, seg.stop, seg.points, seg.baseline_points) == (4, 5, 1, 1)
    assert seg.reason == "new scale"
    for value in (seg.mean, seg.lower, seg.upper, seg.sigma, seg.mean_moving_range):
        assert math.isnan(value)


def test_a_moving_range_exactly_at_the_screening_limit_is_kept():
    # Moving ranges 748 x8, 749 and 3267: MR̄ 10000/10 = 1000, and 3.267 x 1000 = 3267
    # exactly; only ranges above it are screened out, so MR̄ stays 1000.
    values = [0, 748] * 4 + [0, 749, 749 - 3267]
    screened = spc(values, rules=SpcRules(screen_moving_ranges=True))
    assert screened.segments[0].mean_moving_range == 1000


def test_a_fixed_baseline_of_two_values():
    # Limits from 10, 12 (mean 11, MR̄ 2): 11 ± 5.32.
    assert spc([10, 12, 10, 12, 30], baseline=2).upper == pytest.approx(16.32)


def test_messages_of_refused_input():
    with pytest.raises(ValueError, match=r"^a fixed baseline needs at least 2 values$"):
        spc([10, 12, 10], baseline=1)
    with pytest.raises(
        ValueError, match=r"^SPC needs a figure for every period: fill the gap or start after it$"
    ):
        spc([1, math.nan, 3])
    with pytest.raises(
        ValueError, match=r"^min_points, run_length and trend_length must be at least 2$"
    ):
        SpcRules(run_length=1)
