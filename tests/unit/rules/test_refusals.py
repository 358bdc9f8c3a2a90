"""Rules refuse input they cannot honour, with a message that says what to fix."""

import math

import pandas as pd
import pytest

from kpitools import RagScheme, linear_trend, spc
from kpitools.rules.periods import Month, Quarter, parse_period
from kpitools.rules.rag import margin
from kpitools.rules.spc import Rebase, SpcRules


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"tolerance": "percent"}, "tolerance must be 'relative' or 'points', not 'percent'"),
        ({"red_at": 0}, "red_at must be a positive number, not 0"),
        ({"red_at": math.inf}, "red_at must be a positive number, not inf"),
        ({"blue_at": -0.05}, "blue_at must be a positive number, not -0.05"),
        ({"blue_at": math.nan}, "blue_at must be a positive number, not nan"),
    ],
)
def test_impossible_schemes_are_refused(settings, message):
    with pytest.raises(ValueError) as error:
        RagScheme(**settings)
    assert str(error.value) == message


def test_a_scheme_without_blue_needs_no_blue_boundary():
    assert RagScheme(blue=False, blue_at=0).label == "RAG"


def test_non_finite_figures_are_not_rated():
    with pytest.raises(ValueError, match=r"cannot rate non-finite values \(actual inf, target 10"):
        margin(math.inf, 10, "up")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Quarter(2024, 5), "quarter must be 1 to 4, not 5"),
        (lambda: Quarter(2024, 0), "quarter must be 1 to 4, not 0"),
        (lambda: Month(2024, 13), "month must be 1 to 12, not 13"),
        (lambda: Month(2024, 0), "month must be 1 to 12, not 0"),
        (lambda: Month.parse("2024-13"), "'2024-13' is not a month"),
        (lambda: Month.parse("Smarch 2024"), "'Smarch 2024' is not a month"),
        (lambda: parse_period("next week"), "'next week' is neither a quarter"),
    ],
)
def test_impossible_periods_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_periods_of_different_kinds_are_not_ordered():
    with pytest.raises(TypeError):
        assert Quarter(2024, 1) < Month(2024, 5)
    with pytest.raises(TypeError):
        assert Month(2024, 5) < Quarter(2024, 1)


def test_a_month_reads_as_itself():
    assert Month.parse(Month(2024, 8)) == Month(2024, 8)
    assert Month.parse("  Aug   2024 ") == Month(2024, 8)


def test_a_trend_needs_at_least_two_figures():
    with pytest.raises(ValueError, match="a trend needs at least 2 figures, not 1"):
        linear_trend([1, 2, 3], min_points=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: SpcRules(min_points=1), "min_points, run_length and trend_length must be at"),
        (lambda: SpcRules(run_length=1), "min_points, run_length and trend_length must be at"),
        (lambda: SpcRules(trend_length=1), "min_points, run_length and trend_length must be at"),
        (lambda: spc([1, 2, 3], improvement="sideways"), "improvement must be 'up', 'down' or"),
        (lambda: spc([1, math.nan, 3]), "SPC needs a figure for every period"),
        (lambda: spc([1, 2, 3, 4], baseline=1), "a fixed baseline needs at least 2 values"),
        (lambda: spc([1, 2, 3], rebase=[Rebase(0, "x")]), "must fall after the first value"),
        (lambda: spc([1, 2, 3], rebase=[Rebase(3, "x")]), "must fall after the first value"),
        (lambda: spc([1, 2, 3], rebase=[Rebase("Q9", "x")]), "no such position or period"),
        (
            lambda: spc(
                pd.Series([1.0, 2.0, 3.0], index=["a", "b", "b"]), rebase=[Rebase("b", "")]
            ),
            "the label is not unique",
        ),
    ],
)
def test_impossible_spc_requests_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_rules_at_their_smallest_are_allowed():
    assert SpcRules(min_points=2, run_length=2, trend_length=2).run_length == 2


@pytest.mark.parametrize(
    ("actual", "target", "tolerance", "message"),
    [
        (math.nan, 10, "relative", "cannot rate a missing figure"),
        (None, 10, "relative", "cannot rate a missing figure"),
        (pd.NA, 10, "relative", "cannot rate a missing figure"),
        (5, math.nan, "relative", "cannot rate without a target: give a target or mark the KPI "
                                  "as not rated"),
        (5, 0, "relative", "a target of 0 has no relative tolerance (10% of 0 is 0): set "
                           "tolerance to 'points' for this KPI"),
    ],
)  # fmt: skip
def test_figures_that_cannot_be_rated_say_why(actual, target, tolerance, message):
    with pytest.raises(ValueError) as error:
        margin(actual, target, "up", RagScheme(tolerance=tolerance))
    assert str(error.value) == message


def test_a_zero_target_in_points_is_rated():
    assert margin(2, 0, "down", RagScheme(tolerance="points", red_at=1)) == -2


def test_quarter_messages_word_for_word():
    with pytest.raises(ValueError) as error:
        Quarter.parse("2024-26 Q1")
    assert str(error.value) == (
        "'2024-26 Q1': 2024 is not followed by 26; a financial year is two consecutive years "
        "such as '2024-25 Q1'"
    )
    with pytest.raises(ValueError) as error:
        Quarter.parse("Spring 2024")
    assert str(error.value) == (
        "'Spring 2024' is not a quarter; write it like '2024-25 Q2', '2024/25 Q2', "
        "'Q2 2024/25' or 'Quarter 2 2024/25'"
    )


def test_a_scheme_with_blue_needs_a_positive_blue_boundary():
    with pytest.raises(ValueError) as error:
        RagScheme(blue=True, blue_at=0)
    assert str(error.value) == "blue_at must be a positive number, not 0"
    # Without a label of its own, a scheme is called by its statuses.
    assert (RagScheme(blue=True).label, RagScheme(blue=False).label) == ("RAGB", "RAG")
