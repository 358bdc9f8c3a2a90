"""KPI labels and counts in sentences."""

import math

from kpitools.wording.numbers import kpi_label
from kpitools.wording.plural import count_noun, there_is


def test_a_kpi_without_a_published_number_is_labelled_by_name():
    assert kpi_label({"indicator": math.nan, "name": "Total number of cases opened"}) == (
        "Total number of cases opened"
    )
    assert kpi_label({"name": "Total number of cases opened"}) == "Total number of cases opened"
    assert kpi_label({"indicator": 36.0, "name": "Users"}) == "Indicator 36: Users"


def test_irregular_plurals():
    assert there_is(2, "entry", "entries") == "There are 2 entries"
    assert there_is(1, "entry", "entries") == "There is 1 entry"
    assert count_noun(0, "entry", "entries") == "0 entries"
