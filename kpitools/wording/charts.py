"""Words on and about the KPI charts: axis titles, legend labels, the data table."""

from __future__ import annotations

__all__ = ["axis_title", "data_table_caption", "period_axis_title"]

_UNIT_TITLES = {
    "count": "Number",
    "percent": "Percentage (%)",
    "hours": "Hours",
    "days": "Days",
    "rate": "Rate",
}


def axis_title(unit: str) -> str:
    """The value axis title, naming the unit.

    Examples
    --------
    >>> axis_title("percent"), axis_title("count"), axis_title("hours")
    ('Percentage (%)', 'Number', 'Hours')
    """
    return _UNIT_TITLES[unit]


def period_axis_title(periods: list[str]) -> str:
    """The time axis title: quarters or months.

    Examples
    --------
    >>> period_axis_title(["2023-24 Q1"]), period_axis_title(["August 2024"])
    ('Quarter (financial year)', 'Month')
    """
    return "Quarter (financial year)" if any(" Q" in p for p in periods) else "Month"


def data_table_caption(name: str) -> str:
    """Caption of the table of figures behind a chart.

    Examples
    --------
    >>> data_table_caption("Active library users")
    'Figures plotted in the chart of Active library users'
    """
    return f"Figures plotted in the chart of {name}"
