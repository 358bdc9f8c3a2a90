"""Figures revised since a committee's previous report, with the status before and after.

A figure is revised when a later row of ``figures.csv`` for the same KPI and
period changes the figure the previous report used. The previous report is the
committee's latest earlier quarter in ``reports.csv`` with a ``produced_on``
date: what had been reported by that date is what its readers saw. Each
revision's status is worked out with the rules for the old and the new figure
(the target and scheme in force in the revised period).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from kpitools.data.load import ProjectData
from kpitools.model.table import figure_status
from kpitools.rules.periods import Month, Quarter
from kpitools.rules.targets import target_for

__all__ = ["REVISION_COLUMNS", "previous_report_date", "revisions_since"]

REVISION_COLUMNS = [
    "kpi_id", "period", "period_label", "old", "new", "old_status", "new_status", "reason",
    "reported_on", "unit", "decimals",
]  # fmt: skip


def previous_report_date(data: ProjectData, committee: str, quarter: Quarter) -> dt.date | None:
    """The production date of the committee's latest report before ``quarter``.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> previous_report_date(load(), "cosmic", Quarter(2024, 2))
    datetime.date(2024, 8, 30)
    >>> previous_report_date(load(), "cosmic", Quarter(2023, 2)) is None
    True
    """
    reports = data.reports[
        (data.reports["committee"] == committee)
        & (data.reports["period"].map(lambda p: p < quarter))
        & data.reports["produced_on"].notna()
    ]
    if reports.empty:
        return None
    latest = max(reports.to_dict("records"), key=lambda r: r["period"])
    day: dt.date = latest["produced_on"]
    return day


def _quarter_of(period: Quarter | Month) -> Quarter:
    return period if isinstance(period, Quarter) else period.quarter


def _changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    same_value = (pd.isna(old["value"]) and pd.isna(new["value"])) or old["value"] == new["value"]
    return not same_value or old["status"] != new["status"]


def revisions_since(
    data: ProjectData,
    committee: str,
    quarter: Quarter,
    kpi_ids: list[str],
    current: dict[str, Quarter | Month],
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Figures of each KPI's history changed after the previous report was produced.

    Parameters
    ----------
    data : ProjectData
    committee : str
    quarter : Quarter
        The quarter being reported.
    kpi_ids : list of str
        The KPIs of the report.
    current : dict of str to Quarter or Month
        Each KPI's current period: later periods are not part of the report.
    as_of : date, optional
        Figures reported after this date are ignored, as in the rest of the report.

    Returns
    -------
    DataFrame
        One row per revised figure (``REVISION_COLUMNS``), in the order of
        ``kpi_ids`` and then of period. ``old`` is the figure the previous report
        used, ``new`` the latest; ``reason`` the reason recorded with the latest
        change.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> data = load()
    >>> r = revisions_since(data, "cosmic", Quarter(2024, 2), ["active-library-users"],
    ...                     {"active-library-users": Quarter(2024, 2)})
    >>> r[["period", "old", "new", "old_status", "new_status"]].values.tolist()
    [['2024-25 Q1', 100900.0, 101150.0, 'Green', 'Green']]
    """
    since = previous_report_date(data, committee, quarter)
    if since is None:
        return pd.DataFrame(columns=REVISION_COLUMNS)
    figures = data.figures[data.figures["kpi_id"].isin(set(kpi_ids))]
    if as_of is not None:
        figures = figures[figures["reported_on"] <= as_of]
    # Every KPI's figures by period, in order of reporting, from one pass over the table.
    by_kpi: dict[str, dict[Quarter | Month, list[dict[str, Any]]]] = {}
    for rec in figures.sort_values("reported_on", kind="stable").to_dict("records"):
        by_kpi.setdefault(rec["kpi_id"], {}).setdefault(rec["period"], []).append(rec)
    out = []
    for kpi_id in kpi_ids:
        kpi = data.kpis.loc[kpi_id]
        targets = data.targets[data.targets["kpi_id"] == kpi_id]
        mine = by_kpi.get(kpi_id, {})
        periods = sorted(
            p for p in mine if type(p) is type(current[kpi_id]) and p <= current[kpi_id]
        )
        for period in periods:
            records = mine[period]
            before = [r for r in records if r["reported_on"] <= since]
            # Nothing reported after the previous report leaves old and new the same figure.
            if not before:
                continue
            old, new = before[-1], records[-1]
            if not _changed(old, new):
                continue
            # Never empty: new differs from old, and the loader refuses a row that changes
            # the figure or status before it without a reason.
            changes = [r for r in records if r["reported_on"] > since and r["revision_reason"]]
            scheme_quarter = _quarter_of(period)
            if not data.scheme_defined(committee, scheme_quarter):
                scheme_quarter = quarter
            scheme = data.scheme_for(committee, scheme_quarter)[1]
            target = target_for(targets, period)
            out.append(
                {
                    "kpi_id": kpi_id,
                    "period": str(period),
                    "period_label": period.label,
                    "old": float(old["value"]),
                    "new": float(new["value"]),
                    "old_status": figure_status(kpi, old, target, scheme),
                    "new_status": figure_status(kpi, new, target, scheme),
                    "reason": changes[-1]["revision_reason"],
                    "reported_on": new["reported_on"],
                    "unit": kpi["unit"],
                    "decimals": int(kpi["decimals"]),
                }
            )
    return pd.DataFrame(out, columns=REVISION_COLUMNS)
