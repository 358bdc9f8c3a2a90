"""Sentences about trends and year-end projections."""

from __future__ import annotations

import math
from typing import Any

from kpitools.wording.numbers import format_number
from kpitools.wording.plural import count_noun

__all__ = ["trend_sentence", "year_end_sentence"]


def trend_sentence(row: Any) -> str:
    """What the trend line shows, or why there is none.

    Examples
    --------
    >>> trend_sentence({"trend_points": 2, "trend_needed": 3, "trend_next": math.nan,
    ...                 "unit": "count", "decimals": 0, "cumulative": False})
    'Not enough figures for a trend: 2 figures reported, 3 needed.'
    >>> trend_sentence({"trend_points": 4, "trend_needed": 3, "trend_next": 120.0,
    ...                 "unit": "percent", "decimals": 0, "cumulative": False})
    'The linear trend over the last 4 figures projects 120% for the next period.'
    """
    points, needed = int(row["trend_points"]), int(row["trend_needed"])
    within = " this year" if row["cumulative"] else ""
    if math.isnan(float(row["trend_next"])):
        return (
            f"Not enough figures{within} for a trend: {count_noun(points, 'figure')} "
            f"reported, {needed} needed."
        )
    value = format_number(float(row["trend_next"]), row["unit"], int(row["decimals"]))
    return (
        f"The linear trend over the last {count_noun(points, 'figure')}{within} projects "
        f"{value} for the next period."
    )


def year_end_sentence(row: Any) -> str:
    """The projected year-end figure of a year-to-date KPI, or why there is none ("" otherwise).

    Examples
    --------
    >>> year_end_sentence({"cumulative": True, "year_end_points": 2, "year_end_needed": 3,
    ...     "year_end_projection": math.nan, "year_end_target": math.nan,
    ...     "year_end_reaches": None, "unit": "count", "decimals": 0})
    'Not enough figures this year to project the year end: 2 figures reported, 3 needed.'
    >>> year_end_sentence({"cumulative": True, "year_end_points": 3, "year_end_needed": 3,
    ...     "year_end_projection": 1200.0, "year_end_target": 1128.0,
    ...     "year_end_reaches": True, "unit": "count", "decimals": 0})
    'Projected year-end figure 1,200, which reaches the annual target of 1,128.'
    """
    if not row["cumulative"]:
        return ""
    if math.isnan(float(row["year_end_projection"])):
        points, needed = int(row["year_end_points"]), int(row["year_end_needed"])
        return (
            f"Not enough figures this year to project the year end: "
            f"{count_noun(points, 'figure')} reported, {needed} needed."
        )
    unit, decimals = row["unit"], int(row["decimals"])
    projection = format_number(float(row["year_end_projection"]), unit, decimals)
    text = f"Projected year-end figure {projection}"
    if row["year_end_reaches"] is not None and not math.isnan(float(row["year_end_target"])):
        verdict = "reaches" if row["year_end_reaches"] else "does not reach"
        target = format_number(float(row["year_end_target"]), unit, decimals)
        text += f", which {verdict} the annual target of {target}"
    return text + "."
