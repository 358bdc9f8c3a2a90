"""Trend and year-end sentences, written out by hand."""

import math

from kpitools.wording.trend import trend_sentence, year_end_sentence

TREND = {"trend_points": 4, "trend_needed": 3, "trend_next": 12.25, "unit": "percent",
         "decimals": 2, "cumulative": False}  # fmt: skip


def test_trend_sentence_prints_the_projection_in_its_unit_and_decimals():
    assert trend_sentence(TREND) == (
        "The linear trend over the last 4 figures projects 12.25% for the next period."
    )


def test_trend_of_a_year_to_date_kpi_is_within_the_year():
    assert trend_sentence({**TREND, "cumulative": True}) == (
        "The linear trend over the last 4 figures this year projects 12.25% for the next period."
    )
    short = {**TREND, "cumulative": True, "trend_points": 1, "trend_next": math.nan}
    assert trend_sentence(short) == (
        "Not enough figures this year for a trend: 1 figure reported, 3 needed."
    )


YEAR_END = {"cumulative": True, "year_end_points": 3, "year_end_needed": 3,
            "year_end_projection": 1099.96, "year_end_target": 1128.5,
            "year_end_reaches": False, "unit": "hours", "decimals": 2}  # fmt: skip


def test_year_end_sentence_says_whether_the_target_is_reached():
    assert year_end_sentence(YEAR_END) == (
        "Projected year-end figure 1,099.96 hours, which does not reach the annual target of "
        "1,128.50 hours."
    )
    reaches = {**YEAR_END, "year_end_projection": 1130.0, "year_end_reaches": True}
    assert year_end_sentence(reaches) == (
        "Projected year-end figure 1,130.00 hours, which reaches the annual target of "
        "1,128.50 hours."
    )


def test_year_end_without_a_target_or_a_verdict_has_no_verdict():
    assert year_end_sentence({**YEAR_END, "year_end_reaches": None}) == (
        "Projected year-end figure 1,099.96 hours."
    )
    assert year_end_sentence({**YEAR_END, "year_end_target": math.nan}) == (
        "Projected year-end figure 1,099.96 hours."
    )


def test_no_year_end_sentence_for_a_kpi_that_is_not_year_to_date():
    assert year_end_sentence({**YEAR_END, "cumulative": False}) == ""
