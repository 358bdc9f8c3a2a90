import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitools import Month, Quarter, parse_period, quarter_range


@pytest.mark.parametrize(
    "text",
    ["2024-25 Q2", "2024/25 Q2", "Q2 2024/25", "Quarter 2 2024/25", "2024-25-Q2", "q2 2024/2025"],
)
def test_every_spelling_of_the_seeds_parses_to_the_same_quarter(text):
    assert Quarter.parse(text) == Quarter(2024, 2)


def test_seed_000_dates_of_quarter_2_2024_25():
    # Seed 000: "covering 1 July 2024 to 30 September 2024".
    q = Quarter.parse("2024/25 Q2")
    assert q.start == dt.date(2024, 7, 1)
    assert q.end == dt.date(2024, 9, 30)
    assert q.covering == "covering 1 July 2024 to 30 September 2024"
    assert str(q) == "2024-25 Q2"
    assert q.label == "Quarter 2 2024/25"


def test_q4_runs_january_to_march_of_the_next_calendar_year():
    q = Quarter.parse("2023-24 Q4")
    assert (q.start, q.end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))  # leap year


def test_previous_and_year_ago_cross_year_boundaries():
    assert Quarter(2024, 1).previous() == Quarter(2023, 4)
    assert Quarter(2023, 4).next() == Quarter(2024, 1)
    assert Quarter(2023, 2).year_ago() == Quarter(2022, 2)
    # Seed 004 labels the year-ago column "Quarter 2 22/23".
    assert Quarter(2023, 2).year_ago().short_label == "Quarter 2 22/23"


def test_quarters_are_ordered():
    assert Quarter(2023, 4) < Quarter(2024, 1) < Quarter(2024, 2)
    assert sorted([Quarter(2024, 1), Quarter(2022, 3)]) == [Quarter(2022, 3), Quarter(2024, 1)]
    assert [str(q) for q in quarter_range("2023-24 Q4", "2024-25 Q2")] == [
        "2023-24 Q4",
        "2024-25 Q1",
        "2024-25 Q2",
    ]


@pytest.mark.parametrize(
    "bad", ["2024 Q2", "2024-26 Q2", "Q5 2024/25", "2024-25", "", "second quarter"]
)
def test_unparseable_quarters_raise_a_helpful_error(bad):
    with pytest.raises(ValueError, match=r"20\d\d-\d\d Q\d"):
        Quarter.parse(bad)


def test_months_map_into_financial_quarters():
    assert Month.parse("August 2024").quarter == Quarter(2024, 2)
    assert Month.parse("2024-03").quarter == Quarter(2023, 4)
    assert Month.parse("Apr 2024").quarter == Quarter(2024, 1)
    assert [str(m) for m in Quarter(2023, 4).months] == ["2024-01", "2024-02", "2024-03"]
    assert Month(2024, 1).previous() == Month(2023, 12)
    assert isinstance(parse_period("2024-08"), Month)
    assert isinstance(parse_period("2024/25 Q1"), Quarter)


@given(st.integers(1990, 2100), st.integers(1, 4), st.integers(-40, 40))
def test_shift_round_trips_and_quarters_tile_the_year(year, q, k):
    quarter = Quarter(year, q)
    assert quarter.shift(k).shift(-k) == quarter
    assert quarter.shift(k) - quarter == k
    assert quarter.next().start == quarter.end + dt.timedelta(days=1)
    assert Quarter.parse(str(quarter)) == quarter
    assert Quarter.containing(quarter.start) == quarter == Quarter.containing(quarter.end)


def test_months_step_across_the_calendar_year():
    assert Month(2023, 12).next() == Month(2024, 1)
    assert Month(2024, 1).next() == Month(2024, 2)
    assert Month(2024, 8).year_ago() == Month(2023, 8)
    assert not Month(2024, 8) < Month(2024, 8)
    assert Month(2023, 12) < Month(2024, 1)


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_months_tile_the_calendar(year, month):
    m = Month(year, month)
    assert m.next().previous() == m
    assert m.next().start == m.end + dt.timedelta(days=1)
    assert m < m.next() and not m.next() < m and not m < m
    assert m.year_ago() == Month(year - 1, month)
    assert Month.parse(str(m)) == m


def test_quarter_range_takes_quarters_or_text():
    assert quarter_range(Quarter(2023, 4), "2024-25 Q1") == [Quarter(2023, 4), Quarter(2024, 1)]
    assert quarter_range(Quarter(2024, 2), Quarter(2024, 2)) == [Quarter(2024, 2)]
