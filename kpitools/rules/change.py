"""Change in performance and movements between quarters.

A movement is a fact (which group of the covering report's conclusion a KPI
belongs to); the sentences that introduce each group are in
:mod:`kpitools.wording.movements`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kpitools.rules.rag import RATED

__all__ = [
    "MOVEMENT_KINDS",
    "Movement",
    "change",
    "improved_count",
    "movement",
    "movements",
]

_EPSILON = 1e-9

# Groups in the order seed 000's conclusion lists them: improvements first (the
# remained-and-improved groups, then moves up), then moves down, declines, no
# change, KPIs rated for the first time, those no longer rated, and KPIs whose
# status last quarter is not known (grouped by their change in performance).
MOVEMENT_KINDS = (
    "improved",
    "moved_up",
    "moved_down",
    "declined",
    "unchanged",
    "newly_rated",
    "no_longer_rated",
    "improved_unknown",
    "declined_unknown",
    "unchanged_unknown",
)
# Within a kind, statuses in this order (Green first, as seed 000 lists them).
_STATUS_RANK = {"Green": 0, "Blue": 1, "Amber": 2, "Red": 3}
_GRADE = {"Red": 0, "Amber": 1, "Green": 2, "Blue": 3}


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


@dataclass(frozen=True, order=True)
class Movement:
    """How a KPI's status and performance moved since last quarter.

    ``kind`` is one of ``MOVEMENT_KINDS``; ``previous`` is last quarter's
    status (None when not rated or not known) and ``status`` this quarter's.
    """

    kind: str
    previous: str | None
    status: str | None

    @property
    def order(self) -> tuple[int, int, int]:
        """Sort key: kind, then status (Green first), then previous status (Red first)."""
        return (
            MOVEMENT_KINDS.index(self.kind),
            _STATUS_RANK.get(self.status or "", 9),
            _GRADE.get(self.previous or "", 9),
        )


def movement(
    previous_status: str | None,
    status: str | None,
    change_: str,
    *,
    previous_known: bool = True,
) -> Movement | None:
    """Which group of the conclusion a KPI belongs to, or None when it belongs to none.

    Parameters
    ----------
    previous_status : str or None
        Last quarter's status, or None when the KPI was not in the set then.
    status : str or None
        This quarter's status.
    change_ : str
        Change in performance ("Improving", "Declining", ...).
    previous_known : bool
        False when the KPI was in last quarter's set but its status then
        cannot be worked out (for example no target was recorded): it is then
        grouped by its change in performance, never called newly rated.

    Examples
    --------
    >>> movement("Green", "Green", "Improving")
    Movement(kind='improved', previous='Green', status='Green')
    >>> movement("Red", "Green", "Improving").kind, movement("Green", "Amber", "Declining").kind
    ('moved_up', 'moved_down')
    >>> movement(None, "Amber", "N/A").kind
    'newly_rated'
    >>> movement(None, "Amber", "Improving", previous_known=False).kind
    'improved_unknown'
    >>> movement("Contextual", "Contextual", "Improving") is None
    True
    """
    cur_rated = status in RATED
    if not previous_known:
        if not cur_rated:
            return None
        kind = {"Improving": "improved_unknown", "Declining": "declined_unknown"}.get(
            change_, "unchanged_unknown"
        )
        return Movement(kind, None, status)
    prev_rated = previous_status in RATED
    if not cur_rated:
        return Movement("no_longer_rated", previous_status, status) if prev_rated else None
    if not prev_rated:
        return Movement("newly_rated", None, status)
    assert previous_status is not None and status is not None
    if previous_status != status:
        up = _GRADE[status] > _GRADE[previous_status]
        return Movement("moved_up" if up else "moved_down", previous_status, status)
    kind = {"Improving": "improved", "Declining": "declined"}.get(change_, "unchanged")
    return Movement(kind, previous_status, status)


def movements(table: pd.DataFrame) -> pd.DataFrame:
    """Group KPIs by how their status and performance moved since last quarter.

    Parameters
    ----------
    table : DataFrame
        Columns ``previous_status``, ``status`` and ``change``, and optionally
        ``previous_known`` (default True).

    Returns
    -------
    DataFrame
        The rows that belong to a group, with a ``movement`` column (a
        :class:`Movement`), sorted by group and then in input order. The input
        is not changed.

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["A", "B"], "previous_status": ["Green", "Red"],
    ...                   "status": ["Green", "Green"], "change": ["Declining", "Improving"]})
    >>> [m.kind for m in movements(t)["movement"]]
    ['moved_up', 'declined']
    """
    labels = [
        movement(
            None if _missing(r["previous_status"]) else str(r["previous_status"]),
            None if _missing(r["status"]) else str(r["status"]),
            str(r["change"]),
            previous_known=bool(r.get("previous_known", True)),
        )
        for r in table.to_dict("records")
    ]
    out = table.assign(movement=labels)
    out = out[out["movement"].notna()]
    out = out.assign(_order=[m.order for m in out["movement"]])
    # A stable sort keeps the input order within a group.
    return out.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def improved_count(changes: pd.Series) -> int:
    """KPIs whose change in performance is Improving, rated or not (seed 000's count).

    Examples
    --------
    >>> improved_count(pd.Series(["Improving", "Declining", "Improving", "N/A"]))
    2
    """
    return int((changes == "Improving").sum())
