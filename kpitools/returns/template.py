"""Pre-filled Excel return templates: one workbook per service (or committee) and quarter.

Each workbook has a ``Return`` sheet, a named Excel table with one row per KPI
and period due in the quarter (a monthly KPI has one row per month), and an
``Instructions`` sheet addressed to the KPI owners. Only the ``value``,
``note`` and ``revision_reason`` cells can be edited (the sheets are protected
without a password: protection prevents slips, not determined edits); the
value cells carry data validation by unit. The same inputs give the same
bytes: the workbook's dates are the quarter's end, not the time of writing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from kpitools.data.atomic import write_atomic
from kpitools.data.load import ProjectData
from kpitools.rules.periods import Month, Quarter
from kpitools.rules.targets import target_for

__all__ = [
    "INPUT_COLUMNS",
    "RETURN_COLUMNS",
    "RETURN_SHEET",
    "TABLE_NAME",
    "due_periods",
    "write_templates",
]

log = logging.getLogger(__name__)

RETURN_SHEET = "Return"
TABLE_NAME = "KpiReturn"
# The order of the Return sheet's columns; value is column E.
RETURN_COLUMNS = [
    "kpi_id", "name", "unit", "period", "value", "note", "revision_reason",
    "previous_period", "previous_value", "target", "owner",
]  # fmt: skip
INPUT_COLUMNS = ("value", "note", "revision_reason")
_WIDTHS = {
    "kpi_id": 30, "name": 48, "unit": 10, "period": 12, "value": 14, "note": 40,
    "revision_reason": 40, "previous_period": 16, "previous_value": 16, "target": 14,
    "owner": 36,
}  # fmt: skip
# Data validation of a value cell by unit: (type, operator, formula1, formula2, message).
_RULES: dict[str, tuple[str, str, str, str | None, str]] = {
    "count": ("whole", "greaterThanOrEqual", "0", None, "Type a whole number, 0 or more."),
    "percent": ("decimal", "between", "0", "100", "Type a percentage from 0 to 100, no % sign."),
    "hours": ("decimal", "greaterThanOrEqual", "0", None, "Type a number of hours, 0 or more."),
    "days": ("decimal", "greaterThanOrEqual", "0", None, "Type a number of days, 0 or more."),
    "rate": ("decimal", "greaterThanOrEqual", "0", None, "Type a number, 0 or more."),
}


_REFERENCE = PatternFill("solid", fgColor="E7E7E7")


@dataclass(frozen=True)
class _Row:
    kpi: dict[str, Any]
    period: Quarter | Month
    previous: Quarter | Month
    previous_value: float
    target: float
    owner: str


def due_periods(kpi: Any, quarter: Quarter) -> list[Quarter | Month]:
    """The periods a KPI's return covers in a quarter: the quarter, or its three months.

    Examples
    --------
    >>> [str(p) for p in due_periods({"frequency": "monthly"}, Quarter(2024, 2))]
    ['2024-07', '2024-08', '2024-09']
    >>> [str(p) for p in due_periods({"frequency": "quarterly"}, Quarter(2024, 2))]
    ['2024-25 Q2']
    """
    if kpi["frequency"] == "monthly":
        return list(quarter.months)
    return [quarter]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "return"


def _latest_values(data: ProjectData) -> dict[tuple[str, Any], float]:
    rows = data.figures.sort_values("reported_on", kind="stable")
    return {(r["kpi_id"], r["period"]): r["value"] for r in rows.to_dict("records")}


def _rows(data: ProjectData, kpis: pd.DataFrame, quarter: Quarter) -> list[_Row]:
    latest = _latest_values(data)
    owners = data.accountability
    out = []
    for kpi in kpis.to_dict("records"):
        targets = data.targets[data.targets["kpi_id"] == kpi["kpi_id"]]
        owner = str(owners.loc[kpi["kpi_id"], "owner"]) if kpi["kpi_id"] in owners.index else ""
        for period in due_periods(kpi, quarter):
            target = target_for(targets, period)
            previous = period.previous()
            out.append(
                _Row(
                    kpi=kpi,
                    period=period,
                    previous=previous,
                    previous_value=latest.get((kpi["kpi_id"], previous), float("nan")),
                    target=target.value if target is not None else float("nan"),
                    owner=owner,
                )
            )
    return out


def _number(value: float) -> float | int | None:
    if pd.isna(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _return_sheet(wb: Workbook, rows: list[_Row]) -> None:
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = RETURN_SHEET
    ws.append(RETURN_COLUMNS)
    for row in rows:
        ws.append(
            [
                row.kpi["kpi_id"],
                row.kpi["name"],
                row.kpi["unit"],
                str(row.period),
                None,
                None,
                None,
                str(row.previous),
                _number(row.previous_value),
                _number(row.target),
                row.owner,
            ]
        )
    last = len(rows) + 1
    inputs = {RETURN_COLUMNS.index(c) + 1 for c in INPUT_COLUMNS}
    for cells in ws.iter_rows(min_row=1, max_row=last):
        for cell in cells:
            editable = cell.row > 1 and cell.column in inputs
            cell.protection = Protection(locked=not editable)
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (2, 6, 7))
            if cell.row > 1 and cell.column > len(INPUT_COLUMNS) + 4:
                cell.fill = _REFERENCE
    for cell in ws[1]:
        cell.font = Font(bold=True)
    value_col = "E"
    by_unit: dict[str, list[str]] = {}
    for i, row in enumerate(rows, start=2):
        by_unit.setdefault(str(row.kpi["unit"]), []).append(f"{value_col}{i}")
    for unit in sorted(by_unit):
        kind, operator, low, high, message = _RULES.get(unit, _RULES["rate"])
        rule = DataValidation(
            type=kind,
            operator=operator,
            formula1=low,
            formula2=high,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="Not a valid figure",
            error=message,
            promptTitle="Figure",
            prompt=message,
        )
        for cell_ref in by_unit[unit]:
            rule.add(cell_ref)
        ws.add_data_validation(rule)
    table = Table(displayName=TABLE_NAME, ref=f"A1:{chr(ord('A') + len(RETURN_COLUMNS) - 1)}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    for i, column in enumerate(RETURN_COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = _WIDTHS[column]
    ws.freeze_panes = "A2"
    _protect(ws)
    # Services may add a row to revise an earlier period's figure.
    ws.protection.insertRows = False


def _protect(ws: Any) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _instructions(wb: Workbook, title: str, quarter: Quarter, owners: Iterable[str]) -> None:
    ws = wb.create_sheet("Instructions")
    named = sorted({o for o in owners if o})
    lines = [
        f"{title}: quarterly return for {quarter.label}",
        "For: " + ("; ".join(named) if named else "the owner of each indicator"),
        "",
        "1. On the Return sheet, type each figure in the value column, one row per indicator "
        "and period.",
        "2. Type numbers only: 68 for 68%, 107236 for 107,236. Percentages are from 0 to 100; "
        "counts are whole numbers.",
        "3. Use the note column for anything the reader should know about the figure.",
        "4. If a figure you sent before has changed, type the new figure and give the reason "
        "in revision_reason (or in note). A changed figure without a reason is refused.",
        "5. To revise an earlier period, add a row with that period (e.g. 2024-25 Q1) and its "
        "kpi_id.",
        "6. Leave a value empty if there is no figure yet; say why in note.",
        "7. Grey columns (previous figure, target, owner) are for reference and cannot be "
        "changed. The sheets are protected without a password.",
        "8. Keep the sheet name Return and its header row; return the file by email to the "
        "performance team.",
    ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    for cells in ws.iter_rows():
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _protect(ws)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry dated ``when``, so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _workbook_bytes(wb: Workbook, when: dt.datetime) -> bytes:
    wb.properties.creator = "kpitools"
    wb.properties.lastModifiedBy = "kpitools"
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip(buffer.getvalue(), when)


def write_templates(
    data: ProjectData,
    period: Quarter | str,
    *,
    committee: str | None = None,
    service: str | None = None,
    per: str = "service",
) -> list[Path]:
    """Write the quarter's return workbooks under ``outputs/returns/<period slug>/``.

    Parameters
    ----------
    data : ProjectData
        Validated project data.
    period : Quarter or str
        The quarter the returns are for.
    committee, service : str, optional
        Only the KPIs of this committee or service area (``kpis.csv`` ``service_area``).
    per : {"service", "committee"}
        One workbook per service area (default) or per committee.

    Returns
    -------
    list of Path
        The workbooks written, in name order.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> paths = write_templates(load(), "2024-25 Q3", service="Libraries")  # doctest: +SKIP
    >>> [p.name for p in paths]  # doctest: +SKIP
    ['libraries.xlsx']
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    if per not in ("service", "committee"):
        raise ValueError(f"per must be 'service' or 'committee', not {per!r}")
    kpis = data.kpis
    in_set = [
        k["from_period"] <= quarter and (k["to_period"] is None or quarter <= k["to_period"])
        for k in kpis.to_dict("records")
    ]
    kpis = kpis[in_set]
    if committee is not None:
        kpis = kpis[kpis["committee"] == committee]
    if service is not None:
        kpis = kpis[kpis["service_area"] == service]
    if kpis.empty:
        raise ValueError(
            f"no KPI is due in {quarter}"
            + (f" for committee '{committee}'" if committee else "")
            + (f" for service '{service}'" if service else "")
            + "; check data/raw/kpis.csv (committee, service_area, from_period, to_period)"
        )
    key = "service_area" if per == "service" else "committee"
    when = dt.datetime.combine(quarter.end, dt.time())
    out_dir = data.paths.outputs / "returns" / quarter.slug
    written = []
    for group in sorted(set(kpis[key])):
        mine = kpis[kpis[key] == group]
        rows = _rows(data, mine, quarter)
        title = group if per == "service" else data.committee_name(group)
        wb = Workbook()
        _return_sheet(wb, rows)
        _instructions(wb, title, quarter, (r.owner for r in rows))
        path = out_dir / f"{_slug(group)}.xlsx"
        write_atomic(path, _workbook_bytes(wb, when))
        log.info("wrote %s (%d rows)", path, len(rows))
        written.append(path)
    return sorted(written)
