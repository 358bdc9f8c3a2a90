"""Change in performance and movements between quarters."""

from __future__ import annotations

import math

import pandas as pd

from kpitools.rules.rag import RATED

__all__ = ["MOVEMENT_ORDER", "change", "movement", "movements"]

_EPSILON = 1e-9


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def change(current: float | None, previous: float | None, direction: str | None) -> str:
    """Change in performance, aware of which way is better.

    Parameters
    ----------
    current, previous : float or None
        Figures being compared (previous period or the same period last year).
    direction : {"up", "down"} or None
        "up" when higher is better; None, "none" or "NA" when the KPI has no
        direction for improvement.

    Returns
    -------
    str
        "Improving", "Declining", "Unchanged" or "N/A".

    Examples
    --------
    >>> change(96326, 90157, "up"), change(296, 313, "up"), change(68, 68, "up")
    ('Improving', 'Declining', 'Unchanged')
    >>> change(12, 15, "down"), change(789, 944, None), change(5, None, "up")
    ('Improving', 'N/A', 'N/A')
    """
    if direction not in ("up", "down") or _missing(current) or _missing(previous):
        return "N/A"
    cur, prev = float(current), float(previous)  # type: ignore[arg-type]
    if math.isnan(cur) or math.isnan(prev):
        return "N/A"
    if math.isclose(cur, prev, rel_tol=_EPSILON, abs_tol=_EPSILON):
        return "Unchanged"
    better = cur > prev if direction == "up" else cur < prev
    return "Improving" if better else "Declining"


# Headings follow seed 000 §5.1: "5 indicators have remained Green but have seen
# an improvement in performance", "1 indicator has moved from Red to Green".
MOVEMENT_ORDER = (
    "remained Green but have seen an improvement in performance",
    "remained Blue but have seen an improvement in performance",
    "remained Amber but have seen an improvement in performance",
    "remained Red, but have seen an improvement in performance",
    "moved from Red to Blue",
    "moved from Red to Green",
    "moved from Amber to Blue",
    "moved from Amber to Green",
    "moved from Red to Amber",
    "moved from Green to Blue",
    "moved from Blue to Green",
    "moved from Green to Amber",
    "moved from Blue to Amber",
    "moved from Green to Red",
    "moved from Blue to Red",
    "moved from Amber to Red",
    "seen a decline in performance, but the RAG status has remained Blue",
    "seen a decline in performance, but the RAG status has remained Green",
    "seen a decline in performance, but the RAG status has remained Amber",
    "seen a decline in performance, and the RAG status has remained Red",
    "remained Blue with no change in performance",
    "remained Green with no change in performance",
    "remained Amber with no change in performance",
    "remained Red with no change in performance",
    "are newly rated this quarter (no rating last quarter to compare with)",
    "were rated last quarter but are not rated this quarter",
)


def movement(previous_status: str | None, status: str | None, change_: str) -> str | None:
    """Which §5.1 group a KPI belongs to, or None when neither quarter is rated.

    A KPI whose previous status is unknown (new to the set, or no data last
    quarter) is reported as newly rated, never guessed.

    Examples
    --------
    >>> movement("Green", "Green", "Improving")
    'remained Green but have seen an improvement in performance'
    >>> movement("Red", "Green", "Improving")
    'moved from Red to Green'
    >>> movement(None, "Amber", "N/A")
    'are newly rated this quarter (no rating last quarter to compare with)'
    >>> movement("Contextual", "Contextual", "Improving") is None
    True
    """
    prev_rated = previous_status in RATED
    cur_rated = status in RATED
    if not cur_rated:
        return "were rated last quarter but are not rated this quarter" if prev_rated else None
    if not prev_rated:
        return "are newly rated this quarter (no rating last quarter to compare with)"
    if previous_status != status:
        return f"moved from {previous_status} to {status}"
    if change_ == "Improving":
        sep = ", but" if status == "Red" else " but"
        return f"remained {status}{sep} have seen an improvement in performance"
    if change_ == "Declining":
        link = "and" if status == "Red" else "but"
        return f"seen a decline in performance, {link} the RAG status has remained {status}"
    return f"remained {status} with no change in performance"


def movements(table: pd.DataFrame) -> pd.DataFrame:
    """Group KPIs by how their status and performance moved since last quarter.

    Parameters
    ----------
    table : DataFrame
        Columns ``name``, ``previous_status``, ``status`` and ``change``;
        an optional ``indicator`` column is kept for labels.

    Returns
    -------
    DataFrame
        One row per rated KPI with columns ``movement`` and ``order`` added,
        sorted in the order of seed 000 §5.1 and then by the input order.

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["A", "B"], "previous_status": ["Red", "Green"],
    ...                   "status": ["Green", "Green"], "change": ["Improving", "Declining"]})
    >>> movements(t)["movement"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['moved from Red to Green',
     'seen a decline in performance, but the RAG status has remained Green']
    """
    labels = [
        movement(
            None if _missing(p) else p,
            None if _missing(s) else s,
            c,
        )
        for p, s, c in zip(table["previous_status"], table["status"], table["change"], strict=True)
    ]
    out = table.assign(movement=labels, _pos=range(len(table)))
    out = out[out["movement"].notna()]
    rank = {label: i for i, label in enumerate(MOVEMENT_ORDER)}
    out = out.assign(order=out["movement"].map(rank))
    return (
        out.sort_values(["order", "_pos"], kind="stable")
        .drop(columns="_pos")
        .reset_index(drop=True)
    )


def count_phrase(n: int, singular: str = "indicator", plural: str = "indicators") -> str:
    """ "1 indicator has" / "5 indicators have", as the seeds write it.

    Examples
    --------
    >>> count_phrase(1), count_phrase(5)
    ('1 indicator has', '5 indicators have')
    """
    return f"{n} {singular} has" if n == 1 else f"{n} {plural} have"
