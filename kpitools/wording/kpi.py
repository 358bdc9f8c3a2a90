"""The words on a KPI card: column heads, target wording, reasons and notes."""

from __future__ import annotations

import math
from typing import Any

from kpitools.rules.rag import RagScheme
from kpitools.wording.numbers import format_number
from kpitools.wording.status import status_reason

__all__ = [
    "comparison_head",
    "current_head",
    "direction_text",
    "kpi_reason",
    "revision_note",
    "target_head",
    "target_text",
    "target_word",
]


def target_word(kind: str) -> str:
    """What a reference level is called in running text: "target" or "baseline".

    Examples
    --------
    >>> target_word("baseline"), target_word("target")
    ('baseline', 'target')
    """
    return "baseline" if kind == "baseline" else "target"


def target_head(row: Any) -> str:
    """Head of the card's target column, as the dashboard prints it.

    Examples
    --------
    >>> target_head({"target_kind": "target", "target_basis": "annual_pro_rata"})
    'Pro Rata Target'
    >>> target_head({"target_kind": "baseline", "target_basis": "period"})
    'Baseline'
    """
    if row["target_kind"] == "baseline":
        return "Baseline"
    if row["target_basis"] == "annual_pro_rata":
        return "Pro Rata Target"
    return "Target"


def target_text(row: Any) -> str:
    """The target or baseline figure, or why there is none.

    Examples
    --------
    >>> target_text({"target_kind": "", "rating": "In Development", "target": math.nan,
    ...              "unit": "count", "decimals": 0})
    'In Development'
    """
    if row["target_kind"]:
        return format_number(float(row["target"]), row["unit"], int(row["decimals"]))
    return "In Development" if row["rating"] == "In Development" else "None set"


def _labelled(row: Any, key: str, default: str) -> str:
    # The KPI's own dashboard labels, where the data give them ("Current Month" on a
    # quarterly KPI, "(cumulative)" exactly where it was printed).
    head = str(row.get(key, "") or "") or default
    suffix = str(row.get("cumulative_label", "") or "")
    return f"{head} {suffix}" if suffix else head


def current_head(row: Any) -> str:
    """Head of the current figure's column with its period.

    Examples
    --------
    >>> current_head({"frequency": "monthly", "cumulative": False,
    ...               "current_period_label": "September 2023"})
    'Current Month (September 2023)'
    >>> current_head({"frequency": "quarterly", "current_label": "Current Month",
    ...     "cumulative_label": "", "current_period_label": "Quarter 2 2023/24"})
    'Current Month (Quarter 2 2023/24)'
    >>> current_head({"frequency": "quarterly", "current_label": "",
    ...     "cumulative_label": "(cumulative)", "current_period_label": "Quarter 2 2023/24"})
    'Current Quarter (cumulative) (Quarter 2 2023/24)'
    """
    default = "Current Month" if row["frequency"] == "monthly" else "Current Quarter"
    return f"{_labelled(row, 'current_label', default)} ({row['current_period_label']})"


def comparison_head(row: Any) -> str:
    """Head of the comparison figure's column with its period.

    Examples
    --------
    >>> comparison_head({"comparison": "year_ago", "frequency": "quarterly",
    ...     "comparison_period_label": "Quarter 2 2022/23"})
    'Same period last year (Quarter 2 2022/23)'
    >>> comparison_head({"comparison": "previous", "frequency": "quarterly",
    ...     "comparison_period_label": "Quarter 1 2023/24"})
    'Previous Quarter (Quarter 1 2023/24)'
    >>> comparison_head({"comparison": "previous", "frequency": "quarterly",
    ...     "previous_label": "Previous Month", "cumulative_label": "(cumulative)",
    ...     "comparison_period_label": "Quarter 1 2023/24"})
    'Previous Month (cumulative) (Quarter 1 2023/24)'
    """
    if row["comparison"] == "year_ago":
        default = "Same period last year"
    else:
        default = "Previous Month" if row["frequency"] == "monthly" else "Previous Quarter"
    return f"{_labelled(row, 'previous_label', default)} ({row['comparison_period_label']})"


def direction_text(direction: str) -> str:
    """The direction for improvement with its arrow.

    Examples
    --------
    >>> direction_text("up"), direction_text("none")
    ('↑ Higher is better', 'N/A')
    """
    return {"up": "↑ Higher is better", "down": "↓ Lower is better"}.get(direction, "N/A")


def kpi_reason(row: Any, scheme: RagScheme) -> str:
    """Why the KPI has its status (see :func:`kpitools.wording.status.status_reason`)."""
    return status_reason(
        str(row["status"]),
        str(row["status_basis"]),
        actual=float(row["actual"]),
        target=float(row["target"]),
        direction=str(row["direction"]),
        scheme=scheme.with_tolerance(str(row.get("tolerance", "") or "")),
        unit=str(row["unit"]),
        decimals=int(row["decimals"]),
        note=str(row["status_note"] or ""),
        period_label=str(row["current_period_label"]),
    )


def revision_note(row: Any) -> str:
    """A note that the current figure was revised, or "".

    Examples
    --------
    >>> import datetime
    >>> revision_note({"revised": True, "first_reported": 90157.0, "unit": "count",
    ...     "decimals": 0, "first_reported_on": datetime.date(2024, 8, 30)})
    'Revised: first reported as 90,157 on 30 August 2024; the latest figure is shown.'
    """
    if not row["revised"] or math.isnan(float(row["first_reported"])):
        return ""
    day = row["first_reported_on"]
    first = format_number(float(row["first_reported"]), row["unit"], int(row["decimals"]))
    return (
        f"Revised: first reported as {first} on {day.day} {day:%B %Y}; the latest figure is shown."
    )
