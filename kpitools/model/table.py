"""The rated KPI table of one committee and quarter: one row per KPI.

This is the single computed table behind every output (``kpis.csv``, the
appendix and the covering report), so their counts can never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from kpitools.rules.change import change
from kpitools.rules.periods import Month, Quarter
from kpitools.rules.rag import RagScheme, explain, rate
from kpitools.rules.targets import period_target
from kpitools.rules.trend import linear_trend, project_year_end
from kpitools.wording.numbers import format_number

if TYPE_CHECKING:
    from kpitools.data.load import ProjectData

__all__ = [
    "OUTPUT_COLUMNS",
    "Target",
    "committees_with_reports",
    "kpi_history",
    "kpi_table",
    "target_for",
]

# Trend lines use at most this many recent periods: older history describes a
# service that has since changed (seed 004's libraries after the pandemic).
_TREND_WINDOW = 8

OUTPUT_COLUMNS = [
    "committee", "period", "kpi_id", "indicator", "name", "service_area", "unit", "decimals",
    "direction", "frequency", "cumulative", "rating", "current_period", "current_label",
    "actual", "target", "target_label", "target_note", "comparison", "comparison_period",
    "comparison_label", "previous", "change", "status", "status_reason", "previous_status",
    "stat_neighbours", "england", "trend_points", "trend_next", "trend_message",
    "year_end_projection", "year_end_message", "revised", "first_reported", "note",
    "illustrative", "illustrative_parts", "commentary", "actions", "actions_waiver",
    "description", "links", "figure_source",
]  # fmt: skip


@dataclass(frozen=True)
class Target:
    """The target or baseline that applies to one period."""

    value: float
    kind: str
    basis: str
    label: str
    note: str
    illustrative: bool


def target_for(targets: pd.DataFrame, kpi: pd.Series, period: Quarter | Month) -> Target | None:
    """The target or baseline in force for a KPI in a period, or None.

    The latest-starting row whose range covers the period wins, so a target
    that changes from one year to the next is a new row from that year.
    """
    quarter = period if isinstance(period, Quarter) else period.quarter
    rows = targets[targets["kpi_id"] == kpi["kpi_id"]]
    best = None
    for rec in rows.itertuples():
        covers = rec.from_period <= quarter and (rec.to_period is None or quarter <= rec.to_period)
        if covers and (best is None or rec.from_period > best.from_period):
            best = rec
    if best is None:
        return None
    value = period_target(best.value, best.basis, period)
    if best.kind == "baseline":
        label = "Baseline"
    elif best.basis == "annual_pro_rata":
        label = "Pro Rata Target"
    else:
        label = "Target"
    return Target(value, best.kind, best.basis, label, best.note, bool(best.illustrative))


def _in_set(kpi: pd.Series, period: Quarter) -> bool:
    return kpi["from_period"] <= period and (kpi["to_period"] is None or period <= kpi["to_period"])


def _figures_as_of(data: ProjectData, kpi_id: str, as_of: dt.date | None) -> pd.DataFrame:
    rows = data.figures[data.figures["kpi_id"] == kpi_id]
    if as_of is not None:
        rows = rows[rows["reported_on"] <= as_of]
    return rows.sort_values("reported_on", kind="stable")


def _latest(rows: pd.DataFrame) -> dict[Any, pd.Series]:
    latest: dict[Any, pd.Series] = {}
    for _, rec in rows.iterrows():
        latest[rec["period"]] = rec
    return latest


def _current_period(kpi: pd.Series, quarter: Quarter, latest: dict[Any, pd.Series]):
    if kpi["frequency"] != "monthly":
        return quarter
    months = [m for m in quarter.months if m in latest]
    return months[-1] if months else quarter.months[-1]


def _status(
    kpi: pd.Series,
    figure: pd.Series | None,
    target: Target | None,
    scheme: RagScheme,
    period: Quarter | Month,
) -> tuple[str, str]:
    reasons = {
        "Baseline": "Tracked to inform the target-setting process; not rated",
        "Contextual": "Monitored for context without a performance target; not rated",
        "In Development": "Agreed, but data collection and target setting are in development",
        "Suspended": "Reporting of this KPI is suspended",
    }
    if figure is not None and figure["status"]:
        # An unrated figure shows only the reason the data give: none is invented.
        return figure["status"], figure["note"] or reasons.get(figure["status"], "")
    if kpi["rating"] != "Rated":
        return kpi["rating"], reasons[kpi["rating"]]
    if figure is None or pd.isna(figure["value"]):
        return "Not rated", f"No figure has been reported for {period}"
    if target is None:
        return "Not rated", f"No target has been set for {period}"
    scheme = scheme.with_tolerance(kpi["tolerance"])
    status = rate(figure["value"], target.value, kpi["direction"], scheme)
    reason = explain(
        figure["value"], target.value, kpi["direction"], scheme, kpi["unit"], kpi["decimals"]
    )
    return status, reason


def _heading(label: str, suffix: str | None) -> str:
    # The KPI's own column labels, as its dashboard prints them ("Current Month",
    # "Current Quarter (cumulative)").
    return f"{label} {suffix}" if suffix else label


def _nan(value: Any) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _row(
    data: ProjectData,
    kpi: pd.Series,
    quarter: Quarter,
    as_of: dt.date | None,
) -> dict[str, Any]:
    rows = _figures_as_of(data, kpi["kpi_id"], as_of)
    latest = _latest(rows)
    current = _current_period(kpi, quarter, latest)
    figure = latest.get(current)
    target = target_for(data.targets, kpi, current)
    _, scheme = data.scheme_for(kpi["committee"], quarter)
    status, reason = _status(kpi, figure, target, scheme, current)

    comparison_period = (
        current.year_ago() if kpi["comparison"] == "year_ago" else current.previous()
    )
    comparison_figure = latest.get(comparison_period)
    previous_value = _nan(comparison_figure["value"]) if comparison_figure is not None else math.nan
    actual = _nan(figure["value"]) if figure is not None else math.nan
    direction = kpi["direction"] if kpi["direction"] in ("up", "down") else None

    previous_quarter = quarter.previous()
    previous_status = None
    if _in_set(kpi, previous_quarter) and data.scheme_defined(kpi["committee"], previous_quarter):
        prev_current = _current_period(kpi, previous_quarter, latest)
        prev_fig = latest.get(prev_current)
        prev_target = target_for(data.targets, kpi, prev_current)
        # Without last quarter's target its rating is unknown, not "Not rated": the
        # covering report then lists the KPI as newly rated instead of guessing.
        knowable = kpi["rating"] != "Rated" or prev_target is not None
        if prev_fig is not None and (knowable or prev_fig["status"]):
            _, prev_scheme = data.scheme_for(kpi["committee"], previous_quarter)
            previous_status, _ = _status(kpi, prev_fig, prev_target, prev_scheme, prev_current)

    history = sorted(
        (p, rec) for p, rec in latest.items() if type(p) is type(current) and p <= current
    )
    run: list[tuple[Any, pd.Series]] = []
    for p, rec in reversed(history):
        if run and p != run[-1][0].previous():
            break
        if pd.isna(rec["value"]):
            break
        run.append((p, rec))
    run.reverse()
    if kpi["cumulative"]:
        in_year = [
            rec["value"]
            for p, rec in run
            if (p if isinstance(p, Quarter) else p.quarter).year == quarter.year
        ]
        annual = target_for(data.targets, kpi, quarter.shift(4 - quarter.q))
        year_end = project_year_end(
            in_year,
            annual.value if annual and annual.kind == "target" else None,
            direction,
            periods_in_year=12 if kpi["frequency"] == "monthly" else 4,
            from_zero=kpi["unit"] in ("count", "hours", "days"),
        )
        trend = linear_trend([rec["value"] for _, rec in run][-_TREND_WINDOW:])
        year_end_projection, year_end_message = year_end.projection, year_end.message
    else:
        trend = linear_trend([rec["value"] for _, rec in run][-_TREND_WINDOW:])
        year_end_projection, year_end_message = None, ""

    revisions = rows[rows["period"] == current]
    revised = len(revisions) > 1
    first_reported = _nan(revisions.iloc[0]["value"]) if revised else math.nan
    notes = []
    if figure is not None and figure["note"] and not figure["status"]:
        notes.append(figure["note"])
    if revised:
        first = revisions.iloc[0]
        notes.append(
            f"Revised: first reported as "
            f"{format_number(first['value'], kpi['unit'], kpi['decimals'])} on "
            f"{first['reported_on']:%d %B %Y}; the latest figure is shown"
        )
    # The committee itself is real even where its figures are not, so it is never a part.
    illustrative_parts = []
    if kpi["illustrative"]:
        illustrative_parts.append("KPI")
    if figure is not None and figure["illustrative"]:
        illustrative_parts.append("current figure")
    if comparison_figure is not None and comparison_figure["illustrative"]:
        illustrative_parts.append("comparison figure")
    if target is not None and target.illustrative:
        illustrative_parts.append("target")
    if any(rec["illustrative"] for _, rec in run):
        illustrative_parts.append("history")
    illustrative_parts = list(dict.fromkeys(illustrative_parts))

    commentary = data.commentary[
        (data.commentary["committee"] == kpi["committee"])
        & (data.commentary["period"] == quarter)
        & (data.commentary["kpi_id"] == kpi["kpi_id"])
    ]
    comment = commentary.iloc[0] if not commentary.empty else None
    return {
        "committee": kpi["committee"],
        "period": str(quarter),
        "kpi_id": kpi["kpi_id"],
        "indicator": kpi["indicator"],
        "name": kpi["name"],
        "service_area": kpi["service_area"],
        "unit": kpi["unit"],
        "decimals": kpi["decimals"],
        "direction": kpi["direction"],
        "frequency": kpi["frequency"],
        "cumulative": kpi["cumulative"],
        "rating": kpi["rating"],
        "current_period": str(current),
        "current_label": _heading(
            kpi.get("current_label")
            or (current.label if isinstance(current, Month) else "Current Quarter"),
            kpi.get("cumulative_label"),
        ),
        "actual": actual,
        "target": target.value if target else math.nan,
        "target_label": target.label if target else "",
        "target_note": target.note if target else "",
        "comparison": kpi["comparison"],
        "comparison_period": str(comparison_period),
        "comparison_label": _heading(
            kpi.get("previous_label")
            or (
                comparison_period.short_label
                if kpi["comparison"] == "year_ago"
                else ("Previous Month" if isinstance(current, Month) else "Previous Quarter")
            ),
            kpi.get("cumulative_label"),
        ),
        "previous": previous_value,
        "change": change(actual, previous_value, direction),
        "status": status,
        "status_reason": reason,
        "previous_status": previous_status,
        "stat_neighbours": _nan(figure["stat_neighbours"]) if figure is not None else math.nan,
        "england": _nan(figure["england"]) if figure is not None else math.nan,
        "trend_points": trend.points,
        "trend_next": trend.projection if trend.projection is not None else math.nan,
        "trend_message": trend.message,
        "year_end_projection": (
            year_end_projection if year_end_projection is not None else math.nan
        ),
        "year_end_message": year_end_message,
        "revised": revised,
        "first_reported": first_reported,
        "note": "\n".join(notes),
        "illustrative": bool(illustrative_parts),
        "illustrative_parts": ", ".join(illustrative_parts),
        "commentary": comment["commentary"] if comment is not None else "",
        "actions": comment["actions"] if comment is not None else "",
        "actions_waiver": comment["actions_waiver"] if comment is not None else "",
        "description": kpi["description"],
        "links": kpi["links"],
        "figure_source": figure["source"] if figure is not None else "",
    }


def kpi_table(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    as_of: dt.date | str | None = None,
) -> pd.DataFrame:
    """Rate every KPI in a committee's set for a quarter.

    Parameters
    ----------
    data : ProjectData
        Validated input from :func:`kpitools.data.load`.
    committee : str
        Committee id, e.g. "cosmic".
    period : Quarter or str
        The quarter being reported.
    as_of : date or str, optional
        Rebuild the report as it was on this date: figures reported after it,
        including later revisions, are ignored.

    Returns
    -------
    DataFrame
        One row per KPI in the committee's set for the quarter, in register
        order, with the columns of ``OUTPUT_COLUMNS``.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> t = kpi_table(load(), "cosmic", "2023-24 Q2")
    >>> t.loc[t["indicator"] == 36, ["status", "change"]].iloc[0].tolist()
    ['Red', 'Improving']
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if committee not in data.committees.index:
        raise KeyError(f"unknown committee '{committee}'")
    kpis = data.kpis[data.kpis["committee"] == committee]
    rows = [_row(data, kpi, quarter, as_of) for _, kpi in kpis.iterrows() if _in_set(kpi, quarter)]
    table = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    table["indicator"] = table["indicator"].astype("Int64")
    return table


def committees_with_reports(data: ProjectData, period: Quarter | str) -> list[str]:
    """Committees that have data for a quarter: a calendar entry and figures.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> committees_with_reports(load(), "2023-24 Q2")
    ['cosmic', 'cyp']
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    scheduled = data.reports[data.reports["period"] == quarter]["committee"].tolist()
    with_figures = set()
    for rec in data.figures.itertuples():
        p = rec.period if isinstance(rec.period, Quarter) else rec.period.quarter
        if p == quarter:
            with_figures.add(data.kpis.loc[rec.kpi_id, "committee"])
    return [c for c in data.committees.index if c in scheduled and c in with_figures]


def kpi_history(
    data: ProjectData,
    kpi_id: str,
    upto: Quarter | str,
    as_of: dt.date | str | None = None,
) -> pd.DataFrame:
    """Every reported figure of a KPI up to a quarter, with its target.

    Returns a DataFrame with columns ``period`` (label), ``value``, ``target``,
    ``illustrative`` and ``current`` (True for the reported period), oldest first.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> h = kpi_history(load(), "active-library-users", "2023-24 Q2")
    >>> h["period"].tolist()[-2:], h["current"].tolist()[-1]
    (['2023-24 Q1', '2023-24 Q2'], True)
    """
    quarter = Quarter.parse(upto) if isinstance(upto, str) else upto
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    kpi = data.kpis.loc[kpi_id]
    latest = _latest(_figures_as_of(data, kpi_id, as_of))
    current = _current_period(kpi, quarter, latest)
    rows = []
    for p in sorted(p for p in latest if type(p) is type(current) and p <= current):
        rec = latest[p]
        target = target_for(data.targets, kpi, p)
        rows.append(
            {
                "period": str(p),
                "value": _nan(rec["value"]),
                "target": target.value if target else math.nan,
                "illustrative": bool(rec["illustrative"]),
                "current": p == current,
            }
        )
    return pd.DataFrame(rows, columns=["period", "value", "target", "illustrative", "current"])
