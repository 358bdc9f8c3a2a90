"""The computed report of one committee and quarter: every figure a reader sees.

:func:`build_report` applies every rule once, from validated data; the
notebook, the appendix, the covering report and ``kpis.csv`` all read the
resulting :class:`ReportModel` and never reload raw data or recompute a rule.
A batch computes each model in the parent process and hands it to the
notebook's kernel as a file (:func:`save_report`, :func:`load_report`).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpitools.data.atomic import write_atomic
from kpitools.data.load import ProjectData
from kpitools.data.published import SchemeWording, Source
from kpitools.data.settings import Settings
from kpitools.model.accountability import ACCOUNTABILITY_COLUMNS, accountability
from kpitools.model.findings import Finding, check_commentary
from kpitools.model.framework import FrameworkReport, framework_report
from kpitools.model.revisions import REVISION_COLUMNS, revisions_since
from kpitools.model.spc import KpiSpc, kpi_spc
from kpitools.model.table import rate_kpis
from kpitools.rules.change import improved_count, movements
from kpitools.rules.periods import Quarter, parse_period
from kpitools.rules.rag import RagScheme
from kpitools.rules.summary import labelled_summary
from kpitools.rules.units import ACCUMULATING

__all__ = ["ReportModel", "build_report", "load_report", "save_report"]


@dataclass(frozen=True)
class ReportModel:
    """Everything computed for one committee's quarterly report.

    Attributes
    ----------
    rows : DataFrame
        One row per KPI in the committee's set (see
        :data:`kpitools.model.table.OUTPUT_COLUMNS`), in register order.
    histories : dict of str to DataFrame
        Each KPI's figures up to the reported period, for charts.
    summary : DataFrame
        Statuses counted in the scheme's order, percentages adding up to 100.
    movements : DataFrame
        The rows that belong to a group of the conclusion, with a ``movement``
        column, in the conclusion's order.
    improved : int
        KPIs whose change in performance is Improving (rated or not).
    findings : list of Finding
        What the commentary checks found; any finding marks the report Draft.
    front : dict of str to str
        The covering paper's front-sheet facts from the committee and the calendar
        (``from``, ``electoral_divisions``, ``officer_name``, ``officer_post``,
        ``officer_email``, ``key_decision``, ``recommendation``); "" where not given.
    revisions : DataFrame
        Figures revised since the committee's previous report
        (:data:`kpitools.model.revisions.REVISION_COLUMNS`).
    accountability : DataFrame
        Owner, officers, data quality and timeliness of each KPI that has them
        (:data:`kpitools.model.accountability.ACCOUNTABILITY_COLUMNS`), indexed by KPI id.
    spc : dict of str to KpiSpc
        Each KPI's statistical process control (XmR chart). A KPI with direction
        "none" has no better way, so its special causes are neutral ("special
        cause") and it has no assurance. ``rows`` carries the latest ``variation``
        and ``assurance`` as text ("" when none).
    framework : FrameworkReport or None
        KPI-set changes since the previous report, the action-plan tracker and members'
        requests (:mod:`kpitools.model.framework`).
    wording : SchemeWording
        The scheme's criteria, Key and summary labels as its document published them
        (empty where the data hold none: the rules' own wording is used, marked).
    source : Source or None
        The document the report reproduces (its calendar row's ``source``).
    sources : dict of str to Source
        The documents the rows' ``figure_source`` cells and the scheme's wording cite,
        by key.
    green_examples : tuple of str
        The Green KPIs whose commentary the covering report quotes, as the calendar
        row chose them ("" : the first with commentary).
    """

    council: str
    committee: str
    committee_name: str
    committee_illustrative: bool
    period: Quarter
    as_of: dt.date | None
    scheme_key: str
    scheme: RagScheme
    produced_on: dt.date
    meeting_date: dt.date | None
    dates_illustrative: bool
    rows: pd.DataFrame
    histories: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    movements: pd.DataFrame
    improved: int
    findings: list[Finding]
    settings: Settings
    front: dict[str, str]
    revisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVISION_COLUMNS))
    accountability: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=ACCOUNTABILITY_COLUMNS)
    )
    spc: dict[str, KpiSpc] = field(default_factory=dict)
    framework: FrameworkReport | None = None
    wording: SchemeWording = field(default_factory=SchemeWording)
    source: Source | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    green_examples: tuple[str, ...] = ()
    produced_on_illustrative: bool = False
    meeting_date_illustrative: bool = False

    @property
    def total(self) -> int:
        """Number of KPIs in the report."""
        return len(self.rows)

    def count(self, status: str) -> int:
        """KPIs with a status.

        Examples
        --------
        >>> from kpitools.data.load import load
        >>> build_report(load(), "cosmic", "2023-24 Q2").count("Red")
        5
        """
        return int((self.rows["status"] == status).sum())


def _produced_on(
    data: ProjectData,
    rows: pd.DataFrame,
    report: pd.Series | None,
    quarter: Quarter,
    as_of: dt.date | None,
) -> dt.date:
    if report is not None and report["produced_on"] is not None:
        return report["produced_on"]
    dates = data.figures.loc[data.figures["kpi_id"].isin(set(rows["kpi_id"])), "reported_on"]
    if as_of is not None:
        dates = dates[dates <= as_of]
    return max(dates) if len(dates) else quarter.end


def build_report(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    as_of: dt.date | str | None = None,
) -> ReportModel:
    """Compute a committee's report for a quarter.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> m = build_report(load(), "cosmic", "2023-24 Q2")
    >>> m.total, m.improved, int(m.summary["Percentage"].sum())
    (19, 6, 100)
    """
    quarter = Quarter.parse(period)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of) if as_of else None
    table = rate_kpis(data, committee, quarter, as_of)
    spc = _spc(table.rows, table.histories, data.settings, data.spc_rebases)
    rows = table.rows.assign(
        variation=[spc[k].variation for k in table.rows["kpi_id"]],
        assurance=[spc[k].assurance for k in table.rows["kpi_id"]],
    )
    scheme_key, scheme = data.scheme_for(committee, quarter)
    reports = data.reports[
        (data.reports["committee"] == committee) & (data.reports["period"] == quarter)
    ]
    report = reports.iloc[0] if not reports.empty else None
    produced_on = _produced_on(data, rows, report, quarter, as_of)
    wording = data.wording_for(committee, quarter)
    current = {r["kpi_id"]: parse_period(r["current_period"]) for r in rows.to_dict("records")}
    return ReportModel(
        council=data.council,
        committee=committee,
        committee_name=data.committee_name(committee),
        committee_illustrative=bool(data.committees.loc[committee, "illustrative"]),
        period=quarter,
        as_of=as_of,
        scheme_key=scheme_key,
        scheme=scheme,
        produced_on=produced_on,
        meeting_date=report["meeting_date"] if report is not None else None,
        dates_illustrative=bool(report["illustrative"]) if report is not None else False,
        rows=rows,
        histories=table.histories,
        summary=labelled_summary(rows["status"].tolist(), scheme, wording.summary_labels),
        movements=movements(rows),
        improved=improved_count(rows["change"]),
        findings=check_commentary(data, committee, quarter, table=rows),
        settings=data.settings,
        front=_front(data, committee, report),
        revisions=revisions_since(data, committee, quarter, list(current), current, as_of),
        accountability=accountability(data, rows, produced_on, as_of),
        spc=spc,
        framework=framework_report(data, committee, quarter, as_of),
        wording=wording,
        source=data.source(report["source"]) if report is not None else None,
        sources=_cited(data, [*rows["figure_source"], wording.source]),
        green_examples=tuple(report["green_examples"]) if report is not None else (),
        produced_on_illustrative=(
            bool(report["produced_on_illustrative"]) if report is not None else False
        ),
        meeting_date_illustrative=(
            bool(report["meeting_date_illustrative"]) if report is not None else False
        ),
    )


def _cited(data: ProjectData, cells: list[str]) -> dict[str, Source]:
    found = (data.source(cell) for cell in cells)
    return {source.key: source for source in found if source is not None}


def _spc(
    rows: pd.DataFrame,
    histories: dict[str, pd.DataFrame],
    settings: Settings,
    rebases: pd.DataFrame,
) -> dict[str, KpiSpc]:
    restarts: dict[str, list[tuple[str, str]]] = {}
    for r in rebases.to_dict("records"):
        restarts.setdefault(str(r["kpi_id"]), []).append((str(r["period"]), str(r["reason"])))
    out = {}
    for row in rows.to_dict("records"):
        kpi_id = str(row["kpi_id"])
        target = float(row["target"])
        # A baseline is tracked, never rated against: it gives no assurance.
        assured = row["target_kind"] == "target" and not pd.isna(target)
        out[kpi_id] = kpi_spc(
            histories[kpi_id],
            row["direction"],
            target if assured else None,
            settings.spc,
            # A year-to-date rate is not a sum of its quarters: it is charted as reported.
            cumulative=bool(row["cumulative"]) and row["unit"] in ACCUMULATING,
            frequency=str(row["frequency"]),
            rebases=restarts.get(kpi_id, []),
        )
    return out


_COMMITTEE_FRONT = ("from", "electoral_divisions", "officer_name", "officer_post", "officer_email")
_REPORT_FRONT = ("key_decision", "recommendation")


def _front(data: ProjectData, committee: str, report: pd.Series | None) -> dict[str, str]:
    # The loader gives every one of these as text ("" when not given).
    info = data.committees.loc[committee]
    front = {key: str(info[key]) for key in _COMMITTEE_FRONT}
    for key in _REPORT_FRONT:
        front[key] = str(report[key]) if report is not None else ""
    return front


def save_report(model: ReportModel, path: str | os.PathLike[str]) -> Path:
    """Write a model for a notebook kernel to read (a pickle: a private hand-over
    between this package's own processes, never read from elsewhere)."""
    return write_atomic(path, pickle.dumps(model))


def load_report(path: str | os.PathLike[str]) -> ReportModel:
    """Read a model written by :func:`save_report`."""
    model = pickle.loads(Path(path).read_bytes())
    if not isinstance(model, ReportModel):
        raise TypeError(f"{path} does not hold a report model")
    return model
