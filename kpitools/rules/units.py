"""Units a KPI can be measured in, and how the council writes figures in them."""

from __future__ import annotations

import math

__all__ = ["ACCUMULATING", "UNITS", "format_number"]

UNITS = ("count", "percent", "hours", "days", "rate")

# Units whose year-to-date figure is a running total that starts each year at zero
# (a year-to-date percentage or rate does not).
ACCUMULATING = ("count", "hours", "days")


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
