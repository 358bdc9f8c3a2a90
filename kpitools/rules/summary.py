"""Summary table of statuses, in the framework's order."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from kpitools.rules.rag import STATUS_ORDER, RagScheme

__all__ = ["status_summary", "whole_percent"]


def whole_percent(part: int, whole: int) -> int:
    """Whole-number percentage, halves rounded up as a reader expects.

    Examples
    --------
    >>> whole_percent(1, 20), whole_percent(1, 8), whole_percent(1, 3)
    (5, 13, 33)
    """
    if whole == 0:
        return 0
    return math.floor(100 * part / whole + 0.5)


def status_summary(
    statuses: Iterable[str],
    order: RagScheme | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count statuses with whole-number percentages of all statuses given.

    Parameters
    ----------
    statuses : iterable of str
        One status per KPI.
    order : RagScheme or sequence of str, optional
        The statuses to list, in order; every one appears even with a count
        of 0. Defaults to the RAGB order (Red, Amber, Green, Blue, Baseline,
        Contextual, In Development, Suspended, Not rated). A status given but
        absent from ``order`` is appended, never dropped.

    Returns
    -------
    DataFrame
        Columns "Status", "Number" and "Percentage".

    Examples
    --------
    Seed 000 §3.1 (one Red, nine Green, ten Contextual):

    >>> s = status_summary(["Red"] + ["Green"] * 9 + ["Contextual"] * 10,
    ...                    RagScheme(blue=False, summary_order=("Red", "Amber", "Green",
    ...                        "Baseline", "Contextual", "In Development", "Suspended")))
    >>> s.to_dict("list")["Percentage"]
    [5, 0, 45, 0, 50, 0, 0]
    """
    given = [str(s) for s in statuses]
    if isinstance(order, RagScheme):
        names = list(order.statuses)
    elif order is None:
        names = list(STATUS_ORDER)
    else:
        names = list(order)
    counts = Counter(given)
    names += [s for s in counts if s not in names]
    total = len(given)
    return pd.DataFrame(
        {
            "Status": names,
            "Number": [counts.get(s, 0) for s in names],
            "Percentage": [whole_percent(counts.get(s, 0), total) for s in names],
        }
    )
