"""What a committee report adds from the Performance Management Framework's records.

For one committee and quarter: the changes to its KPI set since its previous
report, the action-plan tracker and the log of members' requests, all as they stood
on the report's date (its meeting, or the day it was produced).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpitools.data.framework import load_framework
from kpitools.data.load import ProjectData
from kpitools.model.actions import action_tracker, request_log
from kpitools.model.register import KpiSetChanges, kpi_set_changes
from kpitools.rules.periods import Quarter

__all__ = ["FrameworkReport", "framework_report", "report_dates"]


@dataclass(frozen=True)
class FrameworkReport:
    """The framework sections of one committee's report.

    Attributes
    ----------
    on : date
        The report's date.
    since : date or None
        The committee's previous report's date (None: its first report).
    kpi_set : KpiSetChanges
        Decisions on the KPI set taken after ``since`` up to ``on``.
    actions : DataFrame
        :data:`kpitools.model.actions.TRACKER_COLUMNS`.
    requests : DataFrame
        :data:`kpitools.model.actions.REQUEST_LOG_COLUMNS`.
    """

    on: dt.date
    since: dt.date | None
    kpi_set: KpiSetChanges
    actions: pd.DataFrame
    requests: pd.DataFrame

    @property
    def empty(self) -> bool:
        """Whether there is nothing to report."""
        return not self.kpi_set.changed and self.actions.empty and self.requests.empty


def _date_of(report: pd.Series) -> dt.date:
    day = report["meeting_date"] or report["produced_on"]
    return day if day is not None else report["period"].end


def report_dates(
    data: ProjectData, committee: str, quarter: Quarter
) -> tuple[dt.date, dt.date | None]:
    """The date of a committee's report for a quarter and of its previous report.

    A report's date is its meeting date, else its "Produced on" date, else the end of
    the quarter; the previous report is the committee's latest calendar entry for an
    earlier quarter.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> report_dates(load(), "cosmic", Quarter.parse("2024-25 Q2"))
    (datetime.date(2024, 12, 5), datetime.date(2024, 9, 12))
    """
    calendar = data.reports[data.reports["committee"] == committee]
    this = calendar[calendar["period"] == quarter]
    on = _date_of(this.iloc[0]) if len(this) else quarter.end
    earlier = calendar[
        pd.Series([p < quarter for p in calendar["period"]], index=calendar.index, dtype=bool)
    ]
    if earlier.empty:
        return on, None
    latest = earlier.iloc[max(range(len(earlier)), key=lambda i: earlier.iloc[i]["period"])]
    return on, _date_of(latest)


def framework_report(
    data: ProjectData, committee: str, quarter: Quarter, as_of: dt.date | None = None
) -> FrameworkReport:
    """The framework sections of a committee's report for a quarter.

    ``as_of`` (a rebuild as published on a date) caps the report's date.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> f = framework_report(load(), "snr", Quarter.parse("2021-22 Q4"))
    >>> f.kpi_set.added["kpi_number"].tolist(), f.actions["ref"].tolist()
    ([217, 218], ['F.9', 'F.12'])
    """
    fw = load_framework(data)
    on, since = report_dates(data, committee, quarter)
    if as_of is not None:
        on = min(on, as_of)
    return FrameworkReport(
        on=on,
        since=since,
        kpi_set=kpi_set_changes(fw.decisions, committee, since, on),
        actions=action_tracker(fw.actions, fw.milestones, fw.updates, committee, on, since),
        requests=request_log(fw.requests, committee, on, since),
    )
