"""Statistical process control of one KPI: which figures the XmR chart is drawn from.

The chart needs one figure per period with no gaps, each measuring the same
thing. A KPI's own figures do, with one exception: a year-to-date (cumulative)
count grows through each financial year and drops back at Q1, a saw-tooth that
would read as special causes. For those the chart uses each period's in-year
increment (Q1, Q2 - Q1, Q3 - Q2, ...), and says so in ``basis``. A year-to-date
target does not apply to an increment, so such charts carry no assurance.

The latest unbroken run of consecutive periods is used; an older stretch before
a gap is left out rather than bridged. Where the data restart a KPI's limits at
a period, for a stated reason (``spc_rebases.csv``), the limits restart there;
a rebase at or before the first period analysed, or after the last, changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kpitools.data.settings import SpcSettings
from kpitools.rules.periods import Month, Quarter, parse_period
from kpitools.rules.rag import STATUS_ORDER
from kpitools.rules.spc import NO_LIMITS, Rebase, SpcResult, SpcRules, spc

__all__ = ["BASES", "KpiSpc", "disagrees", "kpi_spc", "spc_summary"]

BASES = ("figures", "in-year increments")


@dataclass(frozen=True)
class KpiSpc:
    """A KPI's statistical process control: the analysis, or why there is none.

    Attributes
    ----------
    result : SpcResult or None
        The XmR analysis, None when there are no process limits.
    reason : str
        Why there are no limits ("" when there are); see :mod:`kpitools.rules.spc`.
    basis : str
        "figures" (the KPI's own figures) or "in-year increments" (of year-to-date figures).
    periods, labels : tuple of str
        The periods analysed (data form and reader form), oldest first.
    illustrative : tuple of bool
        Whether each analysed figure is illustrative.
    frequency : str
        "quarterly" or "monthly".
    """

    result: SpcResult | None
    reason: str
    basis: str
    periods: tuple[str, ...]
    labels: tuple[str, ...]
    illustrative: tuple[bool, ...]
    frequency: str

    @property
    def variation(self) -> str:
        """The latest figure's variation, "" without limits."""
        return (self.result.variation or "") if self.result else ""

    @property
    def assurance(self) -> str:
        """Whether the process meets the target, "" without limits or target."""
        return (self.result.assurance or "") if self.result else ""


def _increments(history: pd.DataFrame) -> list[float]:
    values = history["value"].tolist()
    periods = [parse_period(p) for p in history["period"]]
    out = []
    for i, p in enumerate(periods):
        before = p.previous()
        if _year(before) != _year(p):
            out.append(float(values[i]))  # the first period of a year: the increment is the figure
        elif i and periods[i - 1] == before:
            out.append(float(values[i]) - float(values[i - 1]))
        else:
            out.append(math.nan)  # the previous figure of the year is missing
    return out


def _year(period: Quarter | Month) -> int:
    """The financial year (its starting calendar year) of a period."""
    return period.year if isinstance(period, Quarter) else period.quarter.year


def _latest_run(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest stretch of consecutive periods with a value."""
    keep: list[int] = []
    previous = None
    for i in reversed(range(len(frame))):
        period = parse_period(frame["period"].iloc[i])
        if math.isnan(frame["series"].iloc[i]) or (previous is not None and period != previous):
            break
        keep.append(i)
        previous = period.previous()
    return frame.iloc[sorted(keep)]


def kpi_spc(
    history: pd.DataFrame,
    improvement: str | None,
    target: float | None,
    settings: SpcSettings,
    *,
    cumulative: bool,
    frequency: str,
    rebases: Sequence[tuple[str, str]] = (),
) -> KpiSpc:
    """Analyse a KPI's history as an XmR chart.

    Parameters
    ----------
    history : DataFrame
        The model's history of the KPI (``period``, ``label``, ``value``,
        ``illustrative``, ...), oldest first, up to the reported period.
    improvement : "up", "down" or None
        The KPI's better direction; None (direction "none") gives neutral special causes.
    target : float or None
        The current target, for the assurance (ignored for in-year increments).
    settings : SpcSettings
        Minimum points, run lengths and rules (``settings.yml`` ``spc:``).
    cumulative : bool
        Whether the figures are year-to-date totals to be split into in-year increments.
    frequency : str
        "quarterly" or "monthly", kept for the wording.
    rebases : sequence of (period, reason)
        Periods (data form, e.g. "2024-25 Q3") from which the limits restart, each
        with the reason shown on the chart.

    Examples
    --------
    >>> h = pd.DataFrame({"period": ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3"],
    ...                   "label": ["Q1", "Q2", "Q3"], "value": [100.0, 250.0, 330.0],
    ...                   "illustrative": [False] * 3})
    >>> s = kpi_spc(h, "up", None, SpcSettings(), cumulative=True, frequency="quarterly")
    >>> s.basis, s.result.points["value"].tolist()
    ('in-year increments', [100.0, 150.0, 80.0])
    >>> r = kpi_spc(h, "up", None, SpcSettings(), cumulative=False, frequency="quarterly",
    ...             rebases=[("2023-24 Q2", "new system")])
    >>> r.result.points["rebase"].tolist()
    ['', 'new system', '']
    """
    frame = history[["period", "label", "value", "illustrative"]].copy()
    frame["series"] = _increments(history) if cumulative else history["value"].astype(float)
    run = _latest_run(frame)
    rules = SpcRules(**settings.model_dump())
    direction = improvement if improvement in ("up", "down") else None
    analysed = [str(parse_period(p)) for p in run["period"]]
    restarts = [
        Rebase(analysed.index(str(parse_period(p))), reason)
        for p, reason in rebases
        if str(parse_period(p)) in analysed[1:]
    ]
    result = spc(
        pd.Series(run["series"].to_numpy(), index=run["period"].tolist()),
        improvement=direction,  # type: ignore[arg-type]
        target=None if cumulative else target,
        rules=rules,
        rebase=restarts,
    )
    return KpiSpc(
        result=result if result.has_limits else None,
        reason="" if result.has_limits else NO_LIMITS,
        basis=BASES[1] if cumulative else BASES[0],
        periods=tuple(run["period"]),
        labels=tuple(run["label"]),
        illustrative=tuple(bool(v) for v in run["illustrative"]),
        frequency=frequency,
    )


def disagrees(status: str, variation: str) -> bool:
    """Whether RAG and SPC pull apart: Red but special cause improvement, or Green/Blue
    but special cause concern.

    Examples
    --------
    >>> disagrees("Red", "special cause improvement"), disagrees("Red", "common cause")
    (True, False)
    """
    return (status == "Red" and variation == "special cause improvement") or (
        status in ("Green", "Blue") and variation == "special cause concern"
    )


def spc_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Every KPI's status, change, variation and assurance, most concerning first.

    Order: RAG and SPC disagreeing, then special cause concern, then by status
    (Red first), then hit-and-miss or failing assurance, then register order.

    Examples
    --------
    >>> rows = pd.DataFrame({"kpi_id": ["a", "b", "c"], "status": ["Green", "Red", "Green"],
    ...     "change": ["Improving"] * 3, "variation": ["common cause", "common cause",
    ...     "special cause concern"], "assurance": ["", "", ""]})
    >>> spc_summary(rows)["kpi_id"].tolist()
    ['c', 'b', 'a']
    """
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    table = rows[["kpi_id", "status", "change", "variation", "assurance"]].copy()
    table["disagrees"] = [disagrees(r.status, r.variation) for r in table.itertuples()]
    key = [
        (
            not r.disagrees,
            r.variation != "special cause concern",
            order.get(r.status, len(order)),
            r.assurance not in ("consistently failing", "hit and miss"),
            i,
        )
        for i, r in enumerate(table.itertuples())
    ]
    ranked = sorted(range(len(table)), key=lambda i: key[i])
    return table.iloc[ranked].reset_index(drop=True)
