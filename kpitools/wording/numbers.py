"""Numbers as the council's reports print them: 107,236; 68%; 296 hours."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["UNITS", "format_number", "kpi_label"]

UNITS = ("count", "percent", "hours", "days", "rate")


def format_number(value: float | None, unit: str = "count", decimals: int | None = 0) -> str:
    """Format a figure for a reader.

    Parameters
    ----------
    value : float or None
        The figure; None or NaN prints as "-", as the council's tables do.
    unit : str
        One of ``UNITS``, or "points" for a difference of percentages.
    decimals : int or None
        Digits after the point; None shows up to one, dropping a trailing zero.

    Examples
    --------
    >>> format_number(107236), format_number(68, "percent"), format_number(296, "hours")
    ('107,236', '68%', '296 hours')
    >>> format_number(3.0, "points", None), format_number(None)
    ('3 percentage points', '-')
    >>> format_number(1, "days")
    '1 day'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    value = float(value)
    if decimals is None:
        text = f"{value:,.1f}"
        if text.endswith(".0"):
            text = text[:-2]
    else:
        text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if unit == "percent":
        return f"{text}%"
    if unit == "points":
        return f"{text} percentage point{'' if abs(value) == 1 else 's'}"
    if unit in ("hours", "days"):
        word = unit if abs(value) != 1 else unit[:-1]
        return f"{text} {word}"
    return text


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
