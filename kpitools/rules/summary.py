"""Summary table of statuses, in the framework's order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from kpitools.rules.rag import STATUS_ORDER, RagScheme

__all__ = ["labelled_summary", "largest_remainder_percentages", "status_summary"]


def largest_remainder_percentages(counts: Sequence[int]) -> list[int]:
    """Whole-number percentages of ``counts`` that add up to exactly 100.

    Each share is rounded down, then the points still missing go to the
    largest remainders (ties to the larger count, then to the earlier row), as
    the council's published tables do ("Total 20 100%"). All zero counts give
    all zeros.

    Examples
    --------
    >>> largest_remainder_percentages([1, 9, 10])
    [5, 45, 50]
    >>> largest_remainder_percentages([1, 1, 1])
    [34, 33, 33]
    >>> largest_remainder_percentages([1, 9, 7, 2])
    [5, 47, 37, 11]
    >>> largest_remainder_percentages([0, 0])
    [0, 0]
    """
    total = sum(counts)
    if total == 0:
        return [0 for _ in counts]
    exact = [100 * c / total for c in counts]
    floors = [int(100 * c // total) for c in counts]
    missing = 100 - sum(floors)
    ranked = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), -counts[i], i))
    out = list(floors)
    for i in ranked[:missing]:
        out[i] += 1
    return out


def status_summary(
    statuses: Iterable[str],
    order: RagScheme | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count statuses with whole-number percentages that add up to 100.

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
        Columns "Status", "Number" and "Percentage" (largest-remainder
        rounding, so the column adds up to 100 whenever there is a KPI).

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
    numbers = [counts.get(s, 0) for s in names]
    return pd.DataFrame(
        {
            "Status": names,
            "Number": numbers,
            "Percentage": largest_remainder_percentages(numbers),
        }
    )


def labelled_summary(
    statuses: Iterable[str],
    order: RagScheme | Sequence[str],
    labels: Mapping[str, str],
) -> pd.DataFrame:
    """A status summary whose rows are the labels a committee prints.

    Statuses that share a label are counted in one row, placed where the first
    of them comes in ``order``; percentages are rounded after merging, so they
    still add up to 100.

    Examples
    --------
    Seed 001 §2.1 counts every unrated KPI in one "No target" row:

    >>> order = ("Red", "Amber", "Green", "Blue", "Baseline", "Contextual")
    >>> labels = {"Baseline": "No target", "Contextual": "No target"}
    >>> s = labelled_summary(["Red"] * 4 + ["Green"] * 7 + ["Contextual"] * 8 + ["Baseline"],
    ...                      order, labels)
    >>> s.to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'Status': ['Red', 'Amber', 'Green', 'Blue', 'No target'], 'Number': [4, 0, 7, 0, 9],
     'Percentage': [20, 0, 35, 0, 45]}
    """
    names = list(order.statuses) if isinstance(order, RagScheme) else list(order)
    merged = list(dict.fromkeys(labels.get(s, s) for s in names))
    return status_summary([labels.get(str(s), str(s)) for s in statuses], merged)
