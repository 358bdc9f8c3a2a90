"""The rated KPI table of one committee and quarter: one row per KPI, with each KPI's history.

Every rule is applied here, once: the target or baseline in force, the status
and how it was reached, the comparison figure and the change in performance,
last quarter's status, the trend and the year-end projection, revisions,
what is illustrative, and the commentary. Everything downstream (the appendix,
the covering report, ``kpis.csv``) reads these facts; sentences about them
are made in :mod:`kpitools.wording`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpitools.data.load import ProjectData
from kpitools.rules.change import change
from kpitools.rules.periods import Month, Quarter
from kpitools.rules.rag import RagScheme, margin, rate
from kpitools.rules.targets import Target, target_for
from kpitools.rules.trend import Trend, YearEnd, linear_trend, project_year_end
from kpitools.rules.units import ACCUMULATING

__all__ = [
    "HISTORY_COLUMNS",
    "OUTPUT_COLUMNS",
    "KpiTable",
    "committees_with_reports",
    "figure_status",
    "kpi_table",
    "rate_kpis",
]

OUTPUT_COLUMNS = [
    "committee", "period", "kpi_id", "indicator", "name", "service_area", "unit", "decimals",
    "direction", "frequency", "cumulative", "rating", "tolerance", "current_period",
    "current_period_label",
    "actual", "target", "target_kind", "target_basis", "target_note", "comparison",
    "comparison_period", "comparison_period_label", "previous", "change", "status",
    "status_basis", "status_note", "margin", "previous_status", "previous_known",
    "stat_neighbours", "england",
    "trend_points", "trend_needed", "trend_next", "year_end_points", "year_end_needed",
    "year_end_projection", "year_end_target", "year_end_reaches", "revised", "first_reported",
    "first_reported_on", "note", "illustrative", "illustrative_parts", "commentary", "actions",
    "actions_waiver", "description", "links", "current_label", "previous_label",
    "cumulative_label", "figure_source",
]  # fmt: skip

HISTORY_COLUMNS = [
    "period", "label", "year", "value", "target", "target_kind", "illustrative", "current",
    "fitted",
]  # fmt: skip


@dataclass(frozen=True)
class KpiTable:
    """The rated rows of a committee's quarter and the history behind each chart.

    ``histories`` maps a KPI id to its figures up to the reported period,
    oldest first, with the columns of ``HISTORY_COLUMNS`` (``fitted`` holds
    the trend line where one is drawn).
    """

    rows: pd.DataFrame
    histories: dict[str, pd.DataFrame]


def _in_set(kpi: pd.Series, period: Quarter) -> bool:
    return bool(
        kpi["from_period"] <= period and (kpi["to_period"] is None or period <= kpi["to_period"])
    )


def _latest(rows: pd.DataFrame) -> dict[Any, dict[str, Any]]:
    # Rows are in order of reporting: a later revision replaces the earlier figure.
    latest: dict[Any, dict[str, Any]] = {}
    for rec in rows.to_dict("records"):
        latest[rec["period"]] = rec
    return latest


def _current_period(kpi: pd.Series, quarter: Quarter, latest: dict[Any, Any]) -> Quarter | Month:
    if kpi["frequency"] != "monthly":
        return quarter
    months = [m for m in quarter.months if m in latest]
    return months[-1] if months else quarter.months[-1]


def _status(
    kpi: pd.Series,
    figure: dict[str, Any] | None,
    target: Target | None,
    scheme: RagScheme,
) -> tuple[str, str, float]:
    """Status, how it was reached ("figure", "rating", "no-figure", "no-target", "rated")
    and the signed margin from target (NaN when not rated)."""
    if figure is not None and figure["status"]:
        return str(figure["status"]), "figure", math.nan
    if kpi["rating"] != "Rated":
        return str(kpi["rating"]), "rating", math.nan
    if figure is None or pd.isna(figure["value"]):
        return "Not rated", "no-figure", math.nan
    if target is None:
        return "Not rated", "no-target", math.nan
    scheme = scheme.with_tolerance(kpi["tolerance"])
    status = rate(figure["value"], target.value, kpi["direction"], scheme)
    return status, "rated", margin(figure["value"], target.value, kpi["direction"], scheme)


def figure_status(
    kpi: pd.Series, figure: dict[str, Any] | None, target: Target | None, scheme: RagScheme
) -> str:
    """The status a figure gets under the rules (the card's status of that figure).

    Examples
    --------
    >>> from kpitools.rules.targets import Target
    >>> kpi = pd.Series({"rating": "Rated", "direction": "up", "tolerance": ""})
    >>> fig = {"value": 96326.0, "status": ""}
    >>> figure_status(kpi, fig, Target(107236.0, "target", "period", "", False), RagScheme())
    'Red'
    """
    return _status(kpi, figure, target, scheme)[0]


def _float(value: Any) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _year(period: Quarter | Month) -> int:
    return period.year if isinstance(period, Quarter) else period.quarter.year


def _run(history: list[tuple[Any, dict[str, Any]]]) -> list[tuple[Any, dict[str, Any]]]:
    """The latest unbroken run of consecutive periods with a figure."""
    run: list[tuple[Any, dict[str, Any]]] = []
    for p, rec in reversed(history):
        if run and p != run[-1][0].previous():
            break
        if pd.isna(rec["value"]):
            break
        run.append((p, rec))
    run.reverse()
    return run


@dataclass(frozen=True)
class _Context:
    data: ProjectData
    quarter: Quarter
    as_of: dt.date | None
    scheme: RagScheme
    previous_scheme: RagScheme | None
    commentary: dict[str, dict[str, Any]]


def _previous_status(
    ctx: _Context, kpi: pd.Series, latest: dict[Any, Any], targets: pd.DataFrame
) -> tuple[str | None, bool]:
    """Last quarter's status and whether it is known.

    A KPI not in last quarter's set had no status (known). One in the set
    whose rating cannot be worked out (no figure recorded for that quarter, or
    a Rated KPI with no target recorded) has an unknown status, never guessed.
    """
    previous_quarter = ctx.quarter.previous()
    if not _in_set(kpi, previous_quarter):
        return None, True
    period = _current_period(kpi, previous_quarter, latest)
    figure = latest.get(period)
    if figure is None or ctx.previous_scheme is None:
        return None, False
    target = target_for(targets, period)
    if kpi["rating"] == "Rated" and target is None and not figure["status"]:
        return None, False
    status, _, _ = _status(kpi, figure, target, ctx.previous_scheme)
    return status, True


def _illustrative_parts(
    kpi: pd.Series,
    figure: dict[str, Any] | None,
    comparison: dict[str, Any] | None,
    target: Target | None,
    run: list[tuple[Any, dict[str, Any]]],
) -> list[str]:
    # The committee itself is real even where its figures are not: never a part.
    parts = []
    if kpi["illustrative"]:
        parts.append("KPI")
    if figure is not None and figure["illustrative"]:
        parts.append("current figure")
    if comparison is not None and comparison["illustrative"]:
        parts.append("comparison figure")
    if target is not None and target.illustrative:
        parts.append("target")
    if any(rec["illustrative"] for _, rec in run):
        parts.append("history")
    return list(dict.fromkeys(parts))


def _trend_and_year_end(
    ctx: _Context, kpi: pd.Series, run: list[tuple[Any, dict[str, Any]]], targets: pd.DataFrame
) -> tuple[Trend, YearEnd | None, list[Any]]:
    settings = ctx.data.settings.trend
    if kpi["cumulative"]:
        # A year-to-date figure restarts each April: trend and projection use this
        # year's figures only.
        run = [(p, rec) for p, rec in run if _year(p) == ctx.quarter.year]
    window = run[-settings.window :]
    trend = linear_trend([rec["value"] for _, rec in window], min_points=settings.min_points)
    year_end = None
    if kpi["cumulative"]:
        annual = target_for(targets, ctx.quarter.shift(4 - ctx.quarter.q))
        # project_year_end treats any direction but "up" and "down" as none.
        year_end = project_year_end(
            [rec["value"] for _, rec in run],
            annual.value if annual is not None and annual.kind == "target" else None,
            kpi["direction"],
            periods_in_year=12 if kpi["frequency"] == "monthly" else 4,
            accumulates=kpi["unit"] in ACCUMULATING,
            min_points=settings.min_points,
        )
    return trend, year_end, [p for p, _ in window]


def _history(
    latest: dict[Any, dict[str, Any]],
    current: Quarter | Month,
    targets: pd.DataFrame,
    trend: Trend,
    window: list[Any],
) -> pd.DataFrame:
    # Without a line there are no fitted values (an empty list).
    fitted = dict(zip(window, trend.fitted(), strict=False))
    rows = []
    for p in sorted(p for p in latest if type(p) is type(current) and p <= current):
        target = target_for(targets, p)
        rows.append(
            {
                "period": str(p),
                "label": p.label,
                "year": _year(p),
                "value": _float(latest[p]["value"]),
                "target": target.value if target else math.nan,
                "target_kind": target.kind if target else "",
                "illustrative": bool(latest[p]["illustrative"]),
                "current": p == current,
                "fitted": fitted.get(p, math.nan),
            }
        )
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def _row(
    ctx: _Context, kpi: pd.Series, figures: pd.DataFrame, targets: pd.DataFrame
) -> tuple[dict[str, Any], pd.DataFrame]:
    rows = figures
    if ctx.as_of is not None:
        rows = rows[rows["reported_on"] <= ctx.as_of]
    rows = rows.sort_values("reported_on", kind="stable")
    latest = _latest(rows)
    quarter = ctx.quarter
    current = _current_period(kpi, quarter, latest)
    figure = latest.get(current)
    target = target_for(targets, current)
    status, basis, signed_margin = _status(kpi, figure, target, ctx.scheme)
    direction = kpi["direction"] if kpi["direction"] in ("up", "down") else None

    # A year-to-date figure only ever grows within a year, so against last
    # quarter it would always look better: it is compared with the same period
    # last year (as the published dashboard does for such KPIs with a direction).
    comparison = "year_ago" if kpi["cumulative"] and direction else kpi["comparison"]
    comparison_period = current.year_ago() if comparison == "year_ago" else current.previous()
    comparison_figure = latest.get(comparison_period)
    previous_value = _float(comparison_figure["value"]) if comparison_figure else math.nan
    actual = _float(figure["value"]) if figure is not None else math.nan
    previous_status, previous_known = _previous_status(ctx, kpi, latest, targets)

    history = sorted((p, rec) for p, rec in latest.items() if type(p) is type(current))
    run = _run([(p, rec) for p, rec in history if p <= current])
    trend, year_end, window = _trend_and_year_end(ctx, kpi, run, targets)

    revisions = rows[rows["period"] == current]
    revised = len(revisions) > 1
    first = revisions.iloc[0] if revised else None
    parts = _illustrative_parts(kpi, figure, comparison_figure, target, run)
    comment = ctx.commentary.get(kpi["kpi_id"], {})
    row = {
        "committee": kpi["committee"],
        "period": str(quarter),
        "kpi_id": kpi["kpi_id"],
        "indicator": kpi["indicator"],
        "name": kpi["name"],
        "service_area": kpi["service_area"],
        "unit": kpi["unit"],
        "decimals": int(kpi["decimals"]),
        "direction": kpi["direction"],
        "frequency": kpi["frequency"],
        "cumulative": bool(kpi["cumulative"]),
        "rating": kpi["rating"],
        "tolerance": kpi["tolerance"],
        "current_period": str(current),
        "current_period_label": current.label,
        "actual": actual,
        "target": target.value if target else math.nan,
        "target_kind": target.kind if target else "",
        "target_basis": target.basis if target else "",
        "target_note": target.note if target else "",
        "comparison": comparison,
        "comparison_period": str(comparison_period),
        "comparison_period_label": comparison_period.label,
        "previous": previous_value,
        "change": change(actual, previous_value, direction),
        "status": status,
        "status_basis": basis,
        "status_note": figure["note"] if figure is not None and figure["status"] else "",
        "margin": signed_margin,
        "previous_status": previous_status,
        "previous_known": previous_known,
        "stat_neighbours": _float(figure["stat_neighbours"]) if figure is not None else math.nan,
        "england": _float(figure["england"]) if figure is not None else math.nan,
        "trend_points": trend.points,
        "trend_needed": trend.needed,
        "trend_next": trend.projection if trend.projection is not None else math.nan,
        "year_end_points": year_end.points if year_end else 0,
        "year_end_needed": year_end.needed if year_end else 0,
        "year_end_projection": (
            year_end.projection if year_end and year_end.projection is not None else math.nan
        ),
        "year_end_target": (
            year_end.annual_target if year_end and year_end.annual_target is not None else math.nan
        ),
        "year_end_reaches": year_end.reaches_target if year_end else None,
        "revised": revised,
        "first_reported": _float(first["value"]) if first is not None else math.nan,
        "first_reported_on": first["reported_on"] if first is not None else None,
        "note": figure["note"] if figure is not None and not figure["status"] else "",
        "illustrative": bool(parts),
        "illustrative_parts": ", ".join(parts),
        "commentary": comment.get("commentary", ""),
        "actions": comment.get("actions", ""),
        "actions_waiver": comment.get("actions_waiver", ""),
        "description": kpi["description"],
        "links": kpi["links"],
        "current_label": kpi.get("current_label", ""),
        "previous_label": kpi.get("previous_label", ""),
        "cumulative_label": kpi.get("cumulative_label", ""),
        "figure_source": figure["source"] if figure is not None else "",
    }
    return row, _history(latest, current, targets, trend, window)


def rate_kpis(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    as_of: dt.date | str | None = None,
) -> KpiTable:
    """Rate every KPI in a committee's set for a quarter, with each KPI's history.

    Parameters
    ----------
    data : ProjectData
        Validated input from :func:`kpitools.data.load.load`.
    committee : str
        Committee id, e.g. "cosmic".
    period : Quarter or str
        The quarter being reported.
    as_of : date or str, optional
        Rebuild the report as it was on this date: figures reported after it,
        including later revisions, are ignored.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> t = rate_kpis(load(), "cosmic", "2023-24 Q2")
    >>> t.rows.loc[t.rows["indicator"] == 36, ["status", "change"]].iloc[0].tolist()
    ['Red', 'Improving']
    """
    quarter = Quarter.parse(period)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of) if as_of else None
    if committee not in data.committees.index:
        raise KeyError(f"unknown committee '{committee}'")
    previous_scheme = (
        data.scheme_for(committee, quarter.previous())[1]
        if data.scheme_defined(committee, quarter.previous())
        else None
    )
    notes = data.commentary[
        (data.commentary["committee"] == committee) & (data.commentary["period"] == quarter)
    ]
    ctx = _Context(
        data=data,
        quarter=quarter,
        as_of=as_of,
        scheme=data.scheme_for(committee, quarter)[1],
        previous_scheme=previous_scheme,
        commentary={str(r["kpi_id"]): r for r in notes.to_dict("records")},
    )
    kpis = data.kpis[data.kpis["committee"] == committee]
    kpis = kpis[[_in_set(kpi, quarter) for _, kpi in kpis.iterrows()]]
    # Group once: the cost of a report grows with its own KPIs, not with the data set.
    ids = set(kpis["kpi_id"])
    figures = dict(tuple(data.figures[data.figures["kpi_id"].isin(ids)].groupby("kpi_id")))
    targets = dict(tuple(data.targets[data.targets["kpi_id"].isin(ids)].groupby("kpi_id")))
    empty_figures = data.figures.iloc[0:0]
    empty_targets = data.targets.iloc[0:0]
    rows, histories = [], {}
    for _, kpi in kpis.iterrows():
        row, history = _row(
            ctx,
            kpi,
            figures.get(kpi["kpi_id"], empty_figures),
            targets.get(kpi["kpi_id"], empty_targets),
        )
        rows.append(row)
        histories[str(kpi["kpi_id"])] = history
    table = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    table["indicator"] = table["indicator"].astype("Int64")
    return KpiTable(table, histories)


def kpi_table(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    as_of: dt.date | str | None = None,
) -> pd.DataFrame:
    """The rated rows of :func:`rate_kpis` alone (one row per KPI, in register order).

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> t = kpi_table(load(), "cosmic", "2023-24 Q2")
    >>> t.loc[t["indicator"] == 36, "status"].iloc[0]
    'Red'
    """
    return rate_kpis(data, committee, period, as_of).rows


def committees_with_reports(data: ProjectData, period: Quarter | str) -> list[str]:
    """Committees that have data for a quarter: a calendar entry and figures.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> committees_with_reports(load(), "2023-24 Q2")
    ['cosmic', 'cyp']
    """
    quarter = Quarter.parse(period)
    scheduled = set(data.reports.loc[data.reports["period"] == quarter, "committee"])
    quarters = [p if isinstance(p, Quarter) else p.quarter for p in data.figures["period"]]
    with_figures = set(
        data.kpis.loc[data.figures["kpi_id"][[q == quarter for q in quarters]], "committee"]
    )
    return [c for c in data.committees.index if c in scheduled and c in with_figures]
