"""The headings of the covering report's conclusion (seed 000's wording)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpitools.rules.change import Movement
from kpitools.wording.numbers import kpi_label

__all__ = ["MovementGroup", "movement_groups", "movement_heading"]


@dataclass(frozen=True)
class MovementGroup:
    """KPIs sharing one movement, with the sentence that introduces them.

    ``heading`` marks statuses for bold with ``**``, as Markdown does.
    """

    heading: str
    kpis: list[str]


def movement_heading(m: Movement, n: int, previous_quarter: int) -> str:
    """The sentence that introduces a group of ``n`` KPIs.

    Examples
    --------
    >>> print(movement_heading(Movement("improved", "Green", "Green"), 5, 1))
    ... # doctest: +NORMALIZE_WHITESPACE
    5 indicators have remained **Green** but have seen an improvement in performance
    from quarter 1:
    >>> movement_heading(Movement("improved", "Red", "Red"), 1, 1)
    '1 indicator has remained **Red**, but has seen an improvement in performance:'
    >>> movement_heading(Movement("moved_up", "Amber", "Green"), 2, 1)
    '2 indicators have moved from **Amber** to **Green**:'
    >>> movement_heading(Movement("declined", "Green", "Green"), 1, 1)
    '1 indicator has seen a decline in performance, but the RAG status has remained **Green**:'
    """
    one = n == 1
    subject = f"{n} indicator{'' if one else 's'} {'has' if one else 'have'}"
    have = "has" if one else "have"
    status, previous = f"**{m.status}**", f"**{m.previous}**"
    kind = m.kind
    if kind == "improved":
        if m.status == "Red":
            return f"{subject} remained {status}, but {have} seen an improvement in performance:"
        return (
            f"{subject} remained {status} but {have} seen an improvement in performance "
            f"from quarter {previous_quarter}:"
        )
    if kind in ("moved_up", "moved_down"):
        return f"{subject} moved from {previous} to {status}:"
    if kind == "declined":
        link = "and" if m.status == "Red" else "but"
        return (
            f"{subject} seen a decline in performance, {link} the RAG status has remained {status}:"
        )
    if kind == "unchanged":
        return f"{subject} remained {status} with no change in performance:"
    if kind == "newly_rated":
        return f"{subject} been rated {status} this quarter, with no rating last quarter:"
    if kind == "no_longer_rated":
        are = "is" if one else "are"
        return f"{subject} been rated {previous} last quarter but {are} not rated this quarter:"
    verb = {
        "improved_unknown": "seen an improvement in performance",
        "declined_unknown": "seen a decline in performance",
        "unchanged_unknown": "seen no change in performance",
    }[kind]
    return (
        f"{subject} {verb} and {'is' if one else 'are'} now {status} "
        f"(last quarter's status is not available to compare with):"
    )


def movement_groups(moved: pd.DataFrame, previous_quarter: int) -> list[MovementGroup]:
    """Group the rows of a model's ``movements`` under their headings, in order.

    Examples
    --------
    >>> moves = [Movement("moved_up", "Red", "Green"), Movement("improved", "Green", "Green")]
    >>> t = pd.DataFrame({"indicator": [219, 36], "name": ["Births", "Users"], "movement": moves})
    >>> [(g.heading, g.kpis) for g in movement_groups(t, 1)]  # doctest: +NORMALIZE_WHITESPACE
    [('1 indicator has moved from **Red** to **Green**:', ['Indicator 219: Births']),
     ('1 indicator has remained **Green** but has seen an improvement in performance from
       quarter 1:', ['Indicator 36: Users'])]
    """
    groups: dict[Movement, list[Any]] = {}
    for row in moved.to_dict("records"):
        groups.setdefault(row["movement"], []).append(row)
    return [
        MovementGroup(
            movement_heading(m, len(rows), previous_quarter), [kpi_label(r) for r in rows]
        )
        for m, rows in groups.items()
    ]
