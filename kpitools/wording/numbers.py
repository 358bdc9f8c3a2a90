"""Numbers as the council's reports print them: 107,236; 68%; 296 hours."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpitools.rules.units import format_number

__all__ = ["count_cell", "format_number", "kpi_label"]


def kpi_label(row: Any) -> str:
    """Label a KPI as "Indicator 36: Number of active library users", or by name alone
    when it has no published number.

    Examples
    --------
    >>> kpi_label({"indicator": 36, "name": "Number of active library users"})
    'Indicator 36: Number of active library users'
    >>> kpi_label({"indicator": None, "name": "Total number of cases opened"})
    'Total number of cases opened'
    """
    number = row.get("indicator")
    if number is None or pd.isna(number):
        return str(row["name"])
    return f"Indicator {int(number)}: {row['name']}"


def count_cell(value: int, suffix: str = "", zero: str = "-") -> str:
    """A summary-table cell: a count (or percentage), with zero printed the committee's way.

    Examples
    --------
    >>> count_cell(9), count_cell(45, "%"), count_cell(0, "%")
    ('9', '45%', '-')
    >>> count_cell(0, zero="0"), count_cell(0, "%", zero="0")
    ('0', '0%')
    """
    if value != 0:
        return f"{value}{suffix}"
    return zero if zero == "-" else f"{zero}{suffix}"
