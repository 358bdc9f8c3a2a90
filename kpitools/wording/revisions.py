"""Sentences about revised figures, who answers for a KPI, and late or missing figures."""

from __future__ import annotations

import math
from typing import Any

from kpitools.wording.numbers import format_number
from kpitools.wording.report import long_date

__all__ = [
    "LATE_INTRO",
    "REVISED_INTRO",
    "accountability_sentence",
    "revision_sentence",
    "timeliness_heading",
    "timeliness_sentence",
]

REVISED_INTRO = "Figures revised since the last report (shown on each indicator's card):"
LATE_INTRO = "Figures that were late or are missing (shown on each indicator's card):"


def _figure(value: float, unit: str, decimals: int, status: str) -> str:
    if value is None or math.isnan(float(value)):
        return f"no figure ({status})"
    return format_number(float(value), unit, decimals)


def revision_sentence(revision: Any) -> str:
    """One sentence saying a figure was revised and what that did to its status.

    Examples
    --------
    >>> r = {"period_label": "Quarter 1 2024/25", "old": 90157.0, "new": 90410.0,
    ...      "old_status": "Green", "new_status": "Green", "unit": "count", "decimals": 0,
    ...      "reason": ""}
    >>> revision_sentence(r)
    'Quarter 1 2024/25 revised from 90,157 to 90,410; status unchanged.'
    >>> revision_sentence({**r, "new_status": "Amber", "reason": "Late returns added."})
    'Quarter 1 2024/25 revised from 90,157 to 90,410 (late returns added); status changed from Green to Amber.'
    """  # noqa: E501
    unit, decimals = str(revision["unit"]), int(revision["decimals"])
    old = _figure(revision["old"], unit, decimals, str(revision["old_status"]))
    new = _figure(revision["new"], unit, decimals, str(revision["new_status"]))
    reason = str(revision.get("reason") or "").strip().rstrip(".")
    because = f" ({reason[:1].lower()}{reason[1:]})" if reason else ""
    if revision["old_status"] == revision["new_status"]:
        status = "status unchanged"
    else:
        status = f"status changed from {revision['old_status']} to {revision['new_status']}"
    return f"{revision['period_label']} revised from {old} to {new}{because}; {status}."


def accountability_sentence(info: Any) -> str:
    """Who answers for the KPI, who set its target and how good its data are.

    Examples
    --------
    >>> accountability_sentence({"owner": "Head of Libraries", "owner_email": "",
    ...     "accountable_officer": "Service Director", "target_set_by": "The committee",
    ...     "data_quality": "High", "illustrative": False})
    'Owner: Head of Libraries. Accountable officer: Service Director. Target set by: The committee. Data quality: High.'
    """  # noqa: E501
    parts = [f"Owner: {info['owner']}"]
    if info.get("owner_email"):
        parts[0] += f" ({info['owner_email']})"
    if info.get("accountable_officer"):
        parts.append(f"Accountable officer: {info['accountable_officer']}")
    if info.get("target_set_by"):
        parts.append(f"Target set by: {info['target_set_by']}")
    parts.append(f"Data quality: {info['data_quality']}")
    text = ". ".join(parts) + "."
    if info.get("illustrative"):
        text = "Illustrative accountability details, not published. " + text
    return text


def timeliness_heading(state: str) -> str:
    """Heading of the notice of a late or missing figure ("" when the figure is on time).

    Examples
    --------
    >>> timeliness_heading("late"), timeliness_heading("on time")
    ('Late figure', '')
    """
    return {"late": "Late figure", "missing": "Missing figure"}.get(state, "")


def timeliness_sentence(info: Any, period_label: str) -> str:
    """When the figure was due and whether it came in on time.

    Examples
    --------
    >>> import datetime as dt
    >>> info = {"timeliness": "late", "lag_days": 60, "due_on": dt.date(2024, 11, 29),
    ...         "first_reported_on": dt.date(2024, 12, 3), "latest_period_label": ""}
    >>> timeliness_sentence(info, "Quarter 2 2024/25")
    'Late figure: due by 29 November 2024 (60 days after the period ended), first reported on 3 December 2024.'
    >>> timeliness_sentence({**info, "timeliness": "missing",
    ...     "latest_period_label": "Quarter 1 2024/25"}, "Quarter 2 2024/25")
    'Missing figure: no figure for Quarter 2 2024/25 by 29 November 2024 (60 days after the period ended); the data are as at Quarter 1 2024/25.'
    """  # noqa: E501
    due = f"{long_date(info['due_on'])} ({info['lag_days']} days after the period ended)"
    state = info["timeliness"]
    reported = long_date(info["first_reported_on"])
    if state == "late":
        return f"Late figure: due by {due}, first reported on {reported}."
    if state == "missing":
        latest = info["latest_period_label"]
        as_at = f"; the data are as at {latest}" if latest else "; there is no earlier figure"
        return f"Missing figure: no figure for {period_label} by {due}{as_at}."
    if state == "on time":
        return f"Figure due by {due}; reported on {reported}."
    return f"Figure due by {due}."
