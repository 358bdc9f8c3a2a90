"""Start a quarter's commentary file, or add the sections it is missing.

Existing text is never touched: a new file is written whole, an existing one
only gains sections appended at its end, so every byte already there stays.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kpitools.data.commentary import REFERENCE_HEADING, commentary_path, parse_commentary
from kpitools.data.load import ProjectData
from kpitools.model.report import build_report
from kpitools.rules.periods import Quarter
from kpitools.wording.kpi import comparison_head, kpi_reason, target_head
from kpitools.wording.numbers import format_number

__all__ = ["ScaffoldResult", "atomic_write_text", "reference_line", "scaffold_commentary"]

log = logging.getLogger(__name__)


@dataclass
class ScaffoldResult:
    """What ``scaffold_commentary`` did."""

    path: Path
    created: bool
    added: list[str] = field(default_factory=list)

    def message(self) -> str:
        if self.created:
            return f"created {self.path} with {len(self.added)} sections"
        if not self.added:
            return f"{self.path} already has a section for every KPI; nothing changed"
        return f"added {len(self.added)} section(s) to {self.path}: {', '.join(self.added)}"


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file in one step: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def reference_line(row: dict[str, Any], reason: str) -> str:
    """The read-only reference line of a KPI's figures, with why it has its status.

    Examples
    --------
    >>> row = {"status": "Red", "actual": 96326.0, "target": 107236.0, "target_kind": "target",
    ...     "target_basis": "period", "previous": 90157.0, "comparison": "previous",
    ...     "frequency": "quarterly", "cumulative": False,
    ...     "comparison_period_label": "Quarter 1 2023/24", "change": "Improving",
    ...     "unit": "count", "decimals": 0}
    >>> reference_line(row, "10.2% below the target of 107,236")  # doctest: +NORMALIZE_WHITESPACE
    '<!-- reference (read-only): Red; 96,326 (Target 107,236); Previous Quarter
    (Quarter 1 2023/24) 90,157; Improving. 10.2% below the target of 107,236 -->'
    """

    def fmt(value: float) -> str:
        return format_number(value, row["unit"], int(row["decimals"]))

    target = f" ({target_head(row)} {fmt(row['target'])})" if row["target_kind"] else ""
    text = (
        f"{row['status']}; {fmt(row['actual'])}{target}; {comparison_head(row)} "
        f"{fmt(row['previous'])}; {row['change']}. {reason}"
    )
    return f"<!-- reference (read-only): {text.replace('--', '–')} -->"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _section(row: dict[str, Any], reason: str, last: pd.Series | None) -> str:
    parts = [f"## {row['kpi_id']} — {row['name']}", "", reference_line(row, reason)]
    parts.append("<!-- required: commentary on this quarter's figures -->")
    if row["status"] == "Red":
        parts.append("<!-- required: actions (path to green), because this KPI is Red -->")
    parts += ["", "### Commentary", "", "### Actions", ""]
    if last is not None and (last["commentary"] or last["actions"]):
        parts += [f"### {REFERENCE_HEADING}", ""]
        if last["commentary"]:
            parts += [_quote(f"Commentary: {last['commentary']}"), ""]
        if last["actions"]:
            parts += [_quote(f"Actions: {last['actions']}"), ""]
    return "\n".join(parts) + "\n"


def scaffold_commentary(data: ProjectData, committee: str, period: Quarter | str) -> ScaffoldResult:
    """Write the commentary file for a quarter, or append the KPI sections it lacks.

    Every KPI in the committee's set that quarter gets a section with its figures
    as a read-only reference line, markers of what is required, and last
    quarter's commentary and actions quoted for reference only.

    Examples
    --------
    >>> from kpitools import load
    >>> scaffold_commentary(load(), "cosmic", "2023-24 Q2").added  # complete already
    []
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    model = build_report(data, committee, quarter)
    path = commentary_path(data.paths.commentary, committee, quarter)
    previous = data.commentary[
        (data.commentary["committee"] == committee)
        & (data.commentary["period"] == quarter.previous())
    ].set_index("kpi_id")
    existing = parse_commentary(path).sections if path.exists() else {}
    missing = [row for row in model.rows.to_dict("records") if row["kpi_id"] not in existing]
    sections = [
        _section(
            row,
            kpi_reason(row, model.scheme),
            previous.loc[row["kpi_id"]] if row["kpi_id"] in previous.index else None,
        )
        for row in missing
    ]
    added = [row["kpi_id"] for row in missing]
    if not path.exists():
        header = (
            f"---\ncommittee: {committee}\nperiod: {quarter}\n---\n\n"
            f"# {data.committee_name(committee)} — {quarter} commentary\n\n"
        )
        atomic_write_text(path, header + "\n".join(sections))
        log.info("created %s", path)
        return ScaffoldResult(path, True, added)
    if sections:
        old = path.read_text(encoding="utf-8")
        glue = "" if old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
        atomic_write_text(path, old + glue + "\n".join(sections))
    return ScaffoldResult(path, False, added)
