"""Words on the charts."""

from kpitools.rules.units import UNITS
from kpitools.wording.charts import axis_title


def test_every_unit_has_an_axis_title():
    assert {unit: axis_title(unit) for unit in UNITS} == {
        "count": "Number",
        "percent": "Percentage (%)",
        "hours": "Hours",
        "days": "Days",
        "rate": "Rate",
    }
