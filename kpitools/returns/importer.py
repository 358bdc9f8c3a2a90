"""Import services' return workbooks into ``data/raw/figures.csv``, strictly and atomically.

Every cell is checked first; if anything is wrong nothing is written and each
problem is listed with its workbook, sheet and cell and how to fix it
(``returns/libraries.xlsx Return!E7: '68%' is text; type 68``). Otherwise the
new figures are appended to ``figures.csv`` in one atomic replacement (a
temporary file in the same folder, flushed to disk, then renamed), keeping the
file's line endings and column order. A figure identical to the one already
recorded is skipped, so importing the same return twice changes nothing; a
changed figure is a revision and needs a reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kpitools.data.atomic import write_atomic
from kpitools.data.errors import DataError
from kpitools.data.load import ProjectData, load
from kpitools.rules.periods import Month, Quarter, parse_period
from kpitools.wording.numbers import format_number

__all__ = ["ImportResult", "ReturnError", "ReturnProblem", "import_returns"]

log = logging.getLogger(__name__)

SHEET = "Return"
REQUIRED = ("kpi_id", "period", "value", "note")


@dataclass(frozen=True)
class ReturnProblem:
    """One thing wrong with a return workbook, and how to put it right."""

    file: str
    cell: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file} {SHEET}!{self.cell}" if self.cell else self.file
        return f"{where}: {self.message}"


class ReturnError(Exception):
    """The returns have problems; nothing was imported. ``problems`` lists each one."""

    def __init__(self, problems: Sequence[ReturnProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the returns "
            f"(nothing was imported):\n{lines}"
        )


@dataclass(frozen=True)
class _Figure:
    file: str
    row: int
    cells: dict[str, str]
    kpi_id: str
    period: Quarter | Month
    value: float
    note: str
    reason: str


@dataclass
class ImportResult:
    """What an import added, revised and skipped (each a line of text)."""

    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    skipped: int = 0

    def lines(self) -> list[str]:
        """A summary for the command line."""
        out = [f"added {line}" for line in self.added]
        out += [f"revised {line}" for line in self.revised]
        if self.skipped:
            out.append(f"skipped {self.skipped} figure(s) already recorded with the same value")
        if not self.added and not self.revised:
            out.append("nothing to add: figures.csv is unchanged")
        return out


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _value_problem(value: Any, unit: str) -> tuple[float | None, str | None]:
    """The number in a value cell, or what is wrong with it."""
    if isinstance(value, bool):
        return None, f"'{value}' is not a number; type the figure"
    if isinstance(value, str):
        text = value.strip()
        plain = text.rstrip("%").replace(",", "").strip()
        try:
            float(plain)
            return None, f"'{text}' is text; type {plain}"
        except ValueError:
            return None, f"'{text}' is not a number; type digits only, e.g. 68 or 107236"
    if not isinstance(value, (int, float)) or not math.isfinite(float(value)):
        return None, f"'{value}' is not a number; type digits only"
    number = float(value)
    shown = f"{number:g}"
    if number < 0:
        return None, f"{shown} is negative; a {unit} figure cannot be below 0"
    if unit == "percent" and number > 100:
        return None, f"{shown} is above 100; type a percentage from 0 to 100"
    if unit == "count" and not number.is_integer():
        return None, f"{shown} is not a whole number; a count is a whole number"
    return number, None


def _period_problem(kpi: dict[str, Any], text: str, reported_on: dt.date) -> str | None:
    try:
        period = parse_period(text)
    except ValueError:
        return f"'{text}' is not a period; type a quarter like 2024-25 Q2 or a month like 2024-08"
    monthly = kpi["frequency"] == "monthly"
    if monthly != isinstance(period, Month):
        want = "a month like 2024-08" if monthly else "a quarter like 2024-25 Q2"
        return f"period {text} not due: {kpi['kpi_id']} is {kpi['frequency']}; type {want}"
    quarter = period if isinstance(period, Quarter) else period.quarter
    last = kpi["to_period"]
    if quarter < kpi["from_period"] or (last is not None and last < quarter):
        return (
            f"period {period} not due: {kpi['kpi_id']} is not in its committee's set in "
            f"{quarter}; check the period"
        )
    if period.end >= reported_on:
        return f"period {period} not due: it has not ended by {reported_on:%Y-%m-%d}"
    return None


def _duplicate(
    key: tuple[str, str], where: tuple[str, int], seen: dict[tuple[str, str], tuple[str, int]]
) -> str | None:
    if key not in seen:
        seen[key] = where
        return None
    file, row = seen[key]
    other = f"row {row}" + ("" if file == where[0] else f" of {file}")
    return f"duplicate row: {other} already gives {key[0]} for {key[1]}; keep one of them"


def _read_file(
    path: Path,
    data: ProjectData,
    reported_on: dt.date,
    problems: list[ReturnProblem],
    seen: dict[tuple[str, str], tuple[str, int]],
) -> list[_Figure]:
    name = str(path)
    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        problems.append(ReturnProblem(name, None, f"cannot be read as an Excel workbook ({exc})"))
        return []
    if SHEET not in wb.sheetnames:
        problems.append(
            ReturnProblem(
                name,
                None,
                f"wrong sheet: no sheet named '{SHEET}' (found {', '.join(wb.sheetnames)}); "
                f"put the figures on the sheet named {SHEET} of the template",
            )
        )
        return []
    ws = wb[SHEET]
    header = {_text(c.value): c.column_letter for c in ws[1] if _text(c.value)}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            ReturnProblem(
                name,
                "A1",
                f"missing header {', '.join(missing)}; row 1 must name the columns "
                "kpi_id, name, unit, period, value, note (copy it from the template)",
            )
        )
        return []
    kpis = data.kpis
    out = []
    for number in range(2, ws.max_row + 1):
        cells = {key: f"{col}{number}" for key, col in header.items()}

        def get(key: str, cells: dict[str, str] = cells) -> Any:
            return ws[cells[key]].value if key in cells else None

        kpi_id, value = _text(get("kpi_id")), get("value")
        if value is None or _text(value) == "":
            continue  # no figure this time
        if kpi_id not in kpis.index:
            close = difflib.get_close_matches(kpi_id, list(kpis.index), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                ReturnProblem(
                    name,
                    cells["kpi_id"],
                    f"unknown KPI '{kpi_id}'{hint}; use a kpi_id from the template",
                )
            )
            continue
        kpi = kpis.loc[kpi_id].to_dict()
        period_text = _text(get("period"))
        try:
            period_key = str(parse_period(period_text))
        except ValueError:
            period_key = period_text
        twice = _duplicate((kpi_id, period_key), (name, number), seen)
        if twice:
            problems.append(ReturnProblem(name, cells["kpi_id"], twice))
            continue
        wrong_period = _period_problem(kpi, period_text, reported_on)
        if wrong_period:
            problems.append(ReturnProblem(name, cells["period"], wrong_period))
        number_value, wrong_value = _value_problem(value, str(kpi["unit"]))
        if wrong_value:
            problems.append(ReturnProblem(name, cells["value"], wrong_value))
        if wrong_period or number_value is None:
            continue
        out.append(
            _Figure(
                file=name,
                row=number,
                cells=cells,
                kpi_id=kpi_id,
                period=parse_period(period_text),
                value=number_value,
                note=_text(get("note")),
                reason=_text(get("revision_reason")),
            )
        )
    return out


def _csv_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _plan(
    figures: list[_Figure],
    data: ProjectData,
    reported_on: dt.date,
    problems: list[ReturnProblem],
    result: ImportResult,
) -> list[dict[str, str]]:
    """The rows to append, checking duplicates and revisions against figures.csv."""
    existing = data.figures.sort_values("reported_on", kind="stable")
    latest = {(r["kpi_id"], r["period"]): r for r in existing.to_dict("records")}
    rows = []
    for fig in figures:
        key = (fig.kpi_id, fig.period)
        kpi = data.kpis.loc[fig.kpi_id]
        shown = format_number(fig.value, str(kpi["unit"]), int(kpi["decimals"]))
        before = latest.get(key)
        row = {
            "kpi_id": fig.kpi_id,
            "period": str(fig.period),
            "value": _csv_number(fig.value),
            "reported_on": reported_on.isoformat(),
            "status": "",
            "note": fig.note,
            "stat_neighbours": "",
            "england": "",
            "illustrative": "false",
            "source": f"return {Path(fig.file).name}",
            "revision_reason": "",
        }
        if before is None:
            rows.append(row)
            result.added.append(f"{fig.kpi_id} {fig.period}: {shown}")
            continue
        if before["value"] == fig.value and not before["status"]:
            result.skipped += 1
            continue
        reason = fig.reason or fig.note
        if not reason:
            cell = fig.cells.get("revision_reason", fig.cells["note"])
            was = (
                format_number(float(before["value"]), str(kpi["unit"]), int(kpi["decimals"]))
                if not pd.isna(before["value"])
                else str(before["status"])
            )
            problems.append(
                ReturnProblem(
                    fig.file,
                    cell,
                    f"{fig.kpi_id} {fig.period} was reported as {was} on "
                    f"{before['reported_on']:%Y-%m-%d}; this changes it, so type the reason "
                    "for the revision here",
                )
            )
            continue
        if before["reported_on"] >= reported_on:
            problems.append(
                ReturnProblem(
                    fig.file,
                    fig.cells["value"],
                    f"{fig.kpi_id} {fig.period} was already reported on "
                    f"{before['reported_on']:%Y-%m-%d}; a revision needs a later date "
                    "(--reported-on)",
                )
            )
            continue
        # The reason goes in revision_reason; a note given only as the reason is not
        # also a data note on the card.
        row["note"] = fig.note if fig.reason else ""
        row["revision_reason"] = reason
        # Comparators are not part of a return: the revised row keeps the earlier ones.
        for column in ("stat_neighbours", "england"):
            if not pd.isna(before[column]):
                row[column] = _csv_number(float(before[column]))
        rows.append(row)
        old = (
            format_number(float(before["value"]), str(kpi["unit"]), int(kpi["decimals"]))
            if not pd.isna(before["value"])
            else str(before["status"])
        )
        result.revised.append(f"{fig.kpi_id} {fig.period}: {old} -> {shown} ({reason})")
    return rows


def _appended(path: Path, rows: list[dict[str, str]]) -> bytes:
    """figures.csv with the rows added, in the file's own column order and line endings."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    for row in rows:
        writer.writerow([row.get(column.strip(), "") for column in header])
    prefix = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    body = text if text.endswith(("\n", "\r")) or not text else text + newline
    return (prefix + body + buffer.getvalue()).encode("utf-8")


def _check_whole_project(
    data: ProjectData, payload: bytes, figures: list[_Figure], problems: list[ReturnProblem]
) -> None:
    """Load a copy of the project with the new figures.csv, so nothing invalid is written."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data" / "raw"
        shutil.copytree(data.paths.raw, copy)
        (copy / "figures.csv").write_bytes(payload)
        try:
            load(tmp)
        except DataError as exc:
            first_new = len(data.figures) + 2
            for problem in exc.problems:
                index = (problem.row or 0) - first_new
                if problem.file.endswith("figures.csv") and 0 <= index < len(figures):
                    fig = figures[index]
                    problems.append(ReturnProblem(fig.file, fig.cells["value"], problem.message))
                else:
                    problems.append(ReturnProblem(problem.file, None, str(problem)))


def import_returns(
    files: Sequence[str | os.PathLike[str]],
    root: str | os.PathLike[str] | None = None,
    reported_on: dt.date | str | None = None,
) -> ImportResult:
    """Check return workbooks and add their figures to ``data/raw/figures.csv``.

    Parameters
    ----------
    files : sequence of path
        Return workbooks (``.xlsx``), e.g. filled-in templates.
    root : path, optional
        Project root (default: this project).
    reported_on : date or str, optional
        The figures' ``reported_on`` date (default: today).

    Returns
    -------
    ImportResult
        What was added, revised and skipped.

    Raises
    ------
    ReturnError
        With every problem found; ``figures.csv`` is then unchanged.

    Examples
    --------
    >>> import_returns(["libraries.xlsx"], reported_on="2025-01-31").lines()  # doctest: +SKIP
    ['added active-library-users 2024-25 Q3: 101,900']
    """
    if isinstance(reported_on, str):
        reported_on = dt.date.fromisoformat(reported_on)
    day = reported_on or dt.date.today()
    data = load(root)
    problems: list[ReturnProblem] = []
    figures: list[_Figure] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for file in files:
        figures += _read_file(Path(file), data, day, problems, seen)
    result = ImportResult()
    rows = _plan(figures, data, day, problems, result)
    if problems:
        raise ReturnError(problems)
    if not rows:
        return result
    path = data.paths.raw / "figures.csv"
    payload = _appended(path, rows)
    written = [f for f in figures if any(_same(f, r) for r in rows)]
    _check_whole_project(data, payload, written, problems)
    if problems:
        raise ReturnError(problems)
    write_atomic(path, payload)
    log.info("added %d and revised %d figure(s)", len(result.added), len(result.revised))
    return result


def _same(fig: _Figure, row: dict[str, str]) -> bool:
    return row["kpi_id"] == fig.kpi_id and row["period"] == str(fig.period)
