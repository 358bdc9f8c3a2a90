"""Start a quarter's commentary file, or add the sections it is missing.

Existing text is never touched: a new file is written whole, an existing one
only gains sections appended at its end, so every byte already there stays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kpitools.commentary.files import locked
from kpitools.data.atomic import write_atomic
from kpitools.data.commentary import REFERENCE_HEADING, commentary_path, parse_commentary
from kpitools.data.load import ProjectData
from kpitools.model.report import build_report
from kpitools.rules.periods import Quarter
from kpitools.wording.kpi import comparison_head, kpi_reason, target_head
from kpitools.wording.numbers import format_number

__all__ = ["ScaffoldResult", "reference_line", "scaffold_commentary"]

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
    if committee not in data.committees.index:
        raise ValueError(
            f"no committee '{committee}' in data/raw/committees.yml; known: "
            f"{', '.join(data.committees.index)}"
        )
    model = build_report(data, committee, quarter)
    path = commentary_path(data.paths.commentary, committee, quarter)
    previous = data.commentary[
        (data.commentary["committee"] == committee)
        & (data.commentary["period"] == quarter.previous())
    ].set_index("kpi_id")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Under the editor's lock, so an append never races an analyst's save.
    with locked(path):
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
            write_atomic(path, (header + "\n".join(sections)).encode("utf-8"), 0o644)
            log.info("created %s", path)
            return ScaffoldResult(path, True, added)
        if sections:
            raw = path.read_bytes()
            newline = b"\r\n" if b"\r\n" in raw else b"\n"
            glue = b"" if raw.endswith(b"\n\n") else (b"\n" if raw.endswith(b"\n") else b"\n\n")
            addition = "\n".join(sections).encode("utf-8").replace(b"\n", newline)
            glue = glue.replace(b"\n", newline)
            write_atomic(path, raw + glue + addition, path.stat().st_mode & 0o7777)
    return ScaffoldResult(path, False, added)
