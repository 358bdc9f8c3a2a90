"""Targets for a period: as set, pro rata for year-to-date KPIs, or per quarter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpitools.rules.periods import Month, Quarter

__all__ = ["BASES", "Target", "period_target", "target_for"]

BASES = ("period", "annual_pro_rata", "annual_per_quarter")


def period_target(value: float, basis: str, period: Quarter | Month) -> float:
    """The target that applies to one period.

    Parameters
    ----------
    value : float
        Target as recorded.
    basis : {"period", "annual_pro_rata", "annual_per_quarter"}
        "period": applies to each period as it is. "annual_pro_rata": an
        annual target of a cumulative KPI, scaled to the share of the year
        elapsed by the end of the period ("Pro Rata Target"). "annual_per_quarter":
        an annual figure divided by 4 (seed 004's coroner baselines); for a
        monthly KPI, by 12.
    period : Quarter or Month

    Examples
    --------
    >>> period_target(1128, "annual_pro_rata", Quarter(2023, 2))
    564.0
    >>> period_target(3488, "annual_per_quarter", Quarter(2023, 2))
    872.0
    >>> period_target(1200, "annual_pro_rata", Month(2023, 6))
    300.0
    """
    if basis == "period":
        return float(value)
    if basis == "annual_per_quarter":
        return float(value) / (12 if isinstance(period, Month) else 4)
    if basis == "annual_pro_rata":
        if isinstance(period, Month):
            elapsed = (period.month - 4) % 12 + 1
            return float(value) * elapsed / 12
        return float(value) * period.q / 4
    raise ValueError(f"target basis must be one of {', '.join(BASES)}, not {basis!r}")


@dataclass(frozen=True)
class Target:
    """The target or baseline that applies to one period.

    ``kind`` is "target" or "baseline"; ``basis`` how the recorded value
    becomes the period's (see :func:`period_target`).
    """

    value: float
    kind: str
    basis: str
    note: str
    illustrative: bool


def target_for(targets: pd.DataFrame, period: Quarter | Month) -> Target | None:
    """The target or baseline in force in a period, from one KPI's rows of targets.

    The latest-starting row whose range of quarters covers the period wins, so
    a target that changes from one year to the next is a new row from that year.

    Parameters
    ----------
    targets : DataFrame
        One KPI's targets: ``from_period`` and ``to_period`` (Quarter or None
        for open-ended), ``kind``, ``value``, ``basis``, ``note``, ``illustrative``.
    period : Quarter or Month

    Examples
    --------
    >>> rows = pd.DataFrame({"from_period": [Quarter(2023, 1), Quarter(2024, 1)],
    ...     "to_period": [None, None], "kind": ["target", "target"], "value": [1128.0, 1200.0],
    ...     "basis": ["annual_pro_rata"] * 2, "note": ["", ""], "illustrative": [False, True]})
    >>> target_for(rows, Quarter(2023, 2)).value, target_for(rows, Quarter(2024, 4)).value
    (564.0, 1200.0)
    >>> target_for(rows, Quarter(2022, 4)) is None
    True
    """
    quarter = period if isinstance(period, Quarter) else period.quarter
    # Column by column: called for every period of every chart, and a few rows' worth of
    # itertuples costs a Series per column.
    starts = targets["from_period"].tolist()
    best: int | None = None
    for i, (start, end) in enumerate(zip(starts, targets["to_period"].tolist(), strict=True)):
        covers = start <= quarter and (end is None or quarter <= end)
        if covers and (best is None or start > starts[best]):
            best = i
    if best is None:
        return None
    rec = {c: targets[c].iat[best] for c in ("value", "kind", "basis", "note", "illustrative")}
    return Target(
        period_target(float(rec["value"]), str(rec["basis"]), period),
        str(rec["kind"]),
        str(rec["basis"]),
        str(rec["note"]),
        bool(rec["illustrative"]),
    )
