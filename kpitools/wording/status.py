"""Sentences about statuses: the criteria of a scheme and why a KPI has its status."""

from __future__ import annotations

import math

from kpitools.rules.rag import _EPSILON, RagScheme, margin, rate
from kpitools.wording.numbers import format_number

__all__ = ["UNRATED_REASONS", "describe_criteria", "explain", "status_reason"]

# Why a KPI that is not rated against a target has no RAG status.
UNRATED_REASONS = {
    "Baseline": "Tracked to inform the target-setting process; not rated",
    "Contextual": "Monitored for context without a performance target; not rated",
    "In Development": "Agreed, but data collection and target setting are in development",
    "Suspended": "Reporting of this KPI is suspended",
}


def _pct(value: float) -> str:
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _threshold_text(value: float, scheme: RagScheme, unit: str) -> str:
    if scheme.tolerance == "relative":
        return _pct(value)
    return format_number(value, "points" if unit == "percent" else unit, decimals=None)


def describe_criteria(scheme: RagScheme, unit: str = "count") -> dict[str, str]:
    """Plain-English criteria of a scheme, one sentence per rated status.

    Written from the scheme's numbers and boundary sides, so the Key of a
    report can never drift from the rules that rated it.

    Examples
    --------
    >>> describe_criteria(RagScheme())["Red"]
    'current performance is 10% or more from target'
    >>> describe_criteria(RagScheme(red_inclusive=False, blue_inclusive=False))["Blue"]
    'current performance exceeds target by more than 5%'
    """
    red = _threshold_text(scheme.red_at, scheme, unit)
    criteria = {
        "Red": (
            f"current performance is {red} or more from target"
            if scheme.red_inclusive
            else f"current performance is off target by more than {red}"
        ),
        "Amber": (
            f"current performance is off target by less than {red}"
            if scheme.red_inclusive
            else f"current performance is off target by {red} or less"
        ),
    }
    if scheme.blue:
        blue = _threshold_text(scheme.blue_at, scheme, unit)
        if scheme.blue_inclusive:
            criteria["Green"] = f"current performance is on target or better by less than {blue}"
            criteria["Blue"] = f"current performance is better than target by {blue} or more"
        else:
            criteria["Green"] = f"current performance is on target or better by up to {blue}"
            criteria["Blue"] = f"current performance exceeds target by more than {blue}"
    else:
        criteria["Green"] = "current performance is on target or better"
    return criteria


def _rule(status: str, scheme: RagScheme, unit: str, worse: str, better: str) -> str:
    red = _threshold_text(scheme.red_at, scheme, unit)
    blue = _threshold_text(scheme.blue_at, scheme, unit)
    if status == "Red":
        if scheme.red_inclusive:
            return f"Red is {red} or more {worse} target"
        return f"Red is more than {red} {worse} target"
    if status == "Amber":
        if scheme.red_inclusive:
            return f"Amber is {worse} target by less than {red}"
        return f"Amber is {worse} target by {red} or less"
    if status == "Blue":
        if scheme.blue_inclusive:
            return f"Blue is {blue} or more {better} target"
        return f"Blue is more than {blue} {better} target"
    if scheme.blue:
        if scheme.blue_inclusive:
            return f"Green is on target or better by less than {blue}"
        return f"Green is on target or up to {blue} {better} it"
    return "Green is on target or better"


def explain(
    actual: float,
    target: float,
    direction: str,
    scheme: RagScheme = RagScheme(),
    unit: str = "count",
    decimals: int = 0,
) -> str:
    """One sentence that lets a councillor check a rating by hand.

    Distances of percentage KPIs are in percentage points; where the scheme
    measures relative to the target, the relative distance that decided the
    rating follows in brackets.

    Examples
    --------
    >>> explain(96326, 107236, "up")
    '10.2% below the target of 107,236; Red is 10% or more below target'
    >>> print(explain(99, 74, "up", RagScheme(blue_inclusive=False), unit="percent"))
    ... # doctest: +NORMALIZE_WHITESPACE
    25 percentage points above the target of 74% (33.8% of the target);
    Blue is more than 5% above target
    >>> explain(70, 70, "up", unit="percent")
    'On the target of 70%; Green is on target or better by less than 5%'
    """
    status = rate(actual, target, direction, scheme)
    m = margin(actual, target, direction, scheme)
    worse, better = ("below", "above") if direction == "up" else ("above", "below")
    target_text = format_number(target, unit, decimals)
    rule = _rule(status, scheme, unit, worse, better)
    if math.isclose(m, 0.0, abs_tol=_EPSILON):
        return f"On the target of {target_text}; {rule}"
    side = worse if m < 0 else better
    if unit == "percent":
        points = format_number(abs(float(actual) - float(target)), "points", decimals=None)
        distance = points
        if scheme.tolerance == "relative":
            relative = f"({_pct(abs(m))} of the target)"
            return f"{distance} {side} the target of {target_text} {relative}; {rule}"
    elif scheme.tolerance == "relative":
        distance = _pct(abs(m))
    else:
        distance = format_number(abs(m), unit, decimals=None)
    return f"{distance} {side} the target of {target_text}; {rule}"


def status_reason(
    status: str,
    basis: str,
    *,
    actual: float,
    target: float,
    direction: str,
    scheme: RagScheme,
    unit: str,
    decimals: int,
    note: str,
    period_label: str,
) -> str:
    """Why a KPI has its status, for the card and ``kpis.csv``.

    ``basis`` is how the model reached the status: "rated" against a target,
    "figure" (a status given with the figure), "rating" (the KPI is not
    rated by design), "no-figure" or "no-target". A status given with the
    figure is explained only by the note given with it: no reason is invented.

    Examples
    --------
    >>> status_reason("Not rated", "no-figure", actual=math.nan, target=math.nan,
    ...     direction="up", scheme=RagScheme(), unit="count", decimals=0, note="",
    ...     period_label="Quarter 2 2023/24")
    'No figure has been reported for Quarter 2 2023/24'
    >>> status_reason("Not rated", "figure", actual=math.nan, target=math.nan,
    ...     direction="up", scheme=RagScheme(), unit="count", decimals=0, note="",
    ...     period_label="Quarter 2 2023/24")
    ''
    """
    if basis == "rated":
        return explain(actual, target, direction, scheme, unit, decimals)
    if basis == "figure":
        # A status given with the figure: its note, or what the status itself means.
        return note or UNRATED_REASONS.get(status, "")
    if basis == "rating":
        return UNRATED_REASONS.get(status, "")
    if basis == "no-figure":
        return f"No figure has been reported for {period_label}"
    return f"No target has been set for {period_label}"
