"""Targets for a period: as set, pro rata for year-to-date KPIs, or per quarter."""

from __future__ import annotations

from kpitools.rules.periods import Month, Quarter

__all__ = ["BASES", "period_target"]

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
    monthly = isinstance(period, Month)
    if basis == "annual_per_quarter":
        return float(value) / (12 if monthly else 4)
    if basis == "annual_pro_rata":
        if monthly:
            elapsed = (period.month - 4) % 12 + 1
            return float(value) * elapsed / 12
        return float(value) * period.q / 4
    raise ValueError(f"target basis must be one of {', '.join(BASES)}, not {basis!r}")
