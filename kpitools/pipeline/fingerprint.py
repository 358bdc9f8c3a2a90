"""Fingerprints of what each report is built from, so unchanged reports are not rebuilt.

A report's fingerprint hashes every input that can change it: the rows of each
table in ``data/raw`` that concern its committee (rows of its KPIs, or rows
naming the committee), the whole of every other data file, the committee's
commentary, the notebook, the package's own code and templates, and the
``as_of`` date. It is worked out with the standard library alone, so
``kpitools build`` decides that there is nothing to do before it imports
pandas, matplotlib or Jupyter.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kpitools.rules.periods import Month, Quarter, parse_period

__all__ = [
    "FINGERPRINT_FILE",
    "BuildPlan",
    "fingerprint_record",
    "fingerprints",
    "plan_build",
    "read_fingerprint",
]

FINGERPRINT_FILE = ".fingerprint.json"
_PACKAGE = Path(__file__).resolve().parents[1]
# The files each built report folder must hold for it to count as built; a build
# with its documents (not ``--html-only``) also holds the covering report in Word.
_EXPECTED = ("appendix.html", "report.html", "kpis.csv")
_DOCUMENTS = ("report.docx",)


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


# Once per process: a quarter's scorecard asks for the fingerprints of each of its
# committees, and the package's code does not change under a running build.
@cache
def _package_digest() -> str:
    files = sorted(
        p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css")
    )
    return _digest(p.relative_to(_PACKAGE).as_posix().encode() + p.read_bytes() for p in files)


@dataclass
class _Inputs:
    """The raw data read once, for the fingerprints of many reports."""

    root: Path
    whole: list[bytes] = field(default_factory=list)
    tables: dict[str, tuple[list[str], list[dict[str, str]]]] = field(default_factory=dict)
    committee_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> _Inputs:
        raw = root / "data" / "raw"
        inputs = cls(root)
        for path in sorted(p for p in raw.rglob("*") if p.is_file()):
            rel = path.relative_to(raw).as_posix()
            if rel.startswith("commentary/") or rel == "README.md":
                continue
            if path.suffix == ".csv":
                try:
                    inputs.tables[rel] = _rows(path)
                except (UnicodeDecodeError, csv.Error):
                    inputs.whole.append(rel.encode() + path.read_bytes())
            else:
                inputs.whole.append(rel.encode() + path.read_bytes())
        _, kpis = inputs.tables.get("kpis.csv", ([], []))
        inputs.committee_of = {r.get("kpi_id", ""): r.get("committee", "") for r in kpis}
        return inputs

    def committee_rows(self, committee: str) -> list[bytes]:
        parts = []
        for name, (columns, rows) in sorted(self.tables.items()):
            if "kpi_id" in columns:
                mine = [r for r in rows if self.committee_of.get(r["kpi_id"]) == committee]
            elif "committee" in columns:
                mine = [r for r in rows if r["committee"] == committee]
            else:
                mine = rows
            parts.append(
                name.encode() + json.dumps([columns, mine], sort_keys=True).encode("utf-8")
            )
        return parts


def fingerprints(
    root: str | os.PathLike[str],
    pairs: Iterable[tuple[Quarter, str]],
    as_of: str = "",
    notebook: Path | None = None,
) -> dict[tuple[Quarter, str], str]:
    """The fingerprint of each (quarter, committee) report.

    Examples
    --------
    >>> from kpitools.data.paths import project_root
    >>> f = fingerprints(project_root(), [(Quarter(2023, 2), "cosmic"), (Quarter(2023, 2), "cyp")])
    >>> len(set(f.values())), len(next(iter(f.values())))
    (2, 64)
    """
    base = Path(root)
    inputs = _Inputs.read(base)
    notebook = notebook or base / "notebooks" / "committee_report.ipynb"
    shared = [
        _package_digest().encode(),
        notebook.read_bytes() if notebook.exists() else b"",
        as_of.encode(),
        *inputs.whole,
    ]
    out = {}
    for quarter, committee in pairs:
        folder = base / "data" / "raw" / "commentary" / committee
        notes = sorted(folder.glob("*.md")) if folder.is_dir() else []
        out[(quarter, committee)] = _digest(
            [
                str(quarter).encode(),
                committee.encode(),
                *shared,
                *inputs.committee_rows(committee),
                *(p.name.encode() + p.read_bytes() for p in notes),
            ]
        )
    return out


def fingerprint_record(value: str, *, documents: bool = True) -> str:
    """What a built report folder records of its build: the fingerprint, and whether its
    documents (PDF and Word) were made or left out (``kpitools build --html-only``).

    Examples
    --------
    >>> fingerprint_record("ab12", documents=False)
    '{"fingerprint": "ab12", "documents": false}\\n'
    """
    return json.dumps({"fingerprint": value, "documents": documents}) + "\n"


def read_fingerprint(folder: Path, *, documents: bool = True) -> str | None:
    """The fingerprint a built report folder was built from, or None if it is incomplete.

    ``documents`` True: a folder built without its documents (``--html-only``) counts
    as incomplete, so the next full build makes them.
    """
    try:
        recorded = json.loads((folder / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict):
        return None
    needed = _EXPECTED + _DOCUMENTS if documents else _EXPECTED
    if not all((folder / name).exists() for name in needed):
        return None
    if documents and recorded.get("documents", True) is not True:
        return None
    value = recorded.get("fingerprint")
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class BuildPlan:
    """Which reports to build and which are up to date."""

    stale: dict[tuple[Quarter, str], str]
    skipped: list[tuple[Quarter, str]]


def _calendar(root: Path) -> list[tuple[Quarter, str]]:
    path = root / "data" / "raw" / "reports.csv"
    if not path.exists():
        return []
    pairs = []
    for row in _rows(path)[1]:
        try:
            pairs.append((Quarter.parse(row.get("period", "")), row.get("committee", "")))
        except ValueError:
            continue
    return pairs


def _with_figures(root: Path, quarter: Quarter) -> set[str]:
    raw = root / "data" / "raw"
    try:
        kpis = {r["kpi_id"]: r["committee"] for r in _rows(raw / "kpis.csv")[1]}
        figures = _rows(raw / "figures.csv")[1]
    except (OSError, KeyError, UnicodeDecodeError, csv.Error):
        return set()
    found = set()
    for row in figures:
        try:
            period: Quarter | Month = parse_period(row.get("period", ""))
        except ValueError:
            continue
        if (period if isinstance(period, Quarter) else period.quarter) == quarter:
            found.add(kpis.get(row.get("kpi_id", ""), ""))
    return found


def plan_build(
    root: str | os.PathLike[str],
    *,
    period: str | None = None,
    committees: Iterable[str] | None = None,
    as_of: str = "",
    force: bool = False,
    notebook: Path | None = None,
    documents: bool = True,
) -> BuildPlan:
    """Decide which reports need building: those whose inputs changed since they were built.

    ``period`` None means every report of the calendar (``reports.csv``);
    otherwise the committees given, or every committee with a calendar entry and
    figures for that quarter. ``documents`` True: a report built without its PDF and
    Word documents is built again, with them.
    """
    base = Path(root)
    wanted = set(committees or [])
    if period is None:
        pairs = [(q, c) for q, c in _calendar(base) if not wanted or c in wanted]
    else:
        quarter = Quarter.parse(period)
        if wanted:
            pairs = [(quarter, c) for c in sorted(wanted)]
        else:
            have = _with_figures(base, quarter)
            pairs = [(q, c) for q, c in _calendar(base) if q == quarter and c in have]
    prints = fingerprints(base, pairs, as_of, notebook)
    stale, skipped = {}, []
    for (quarter, committee), value in prints.items():
        folder = base / "outputs" / quarter.slug / committee
        if not force and read_fingerprint(folder, documents=documents) == value:
            skipped.append((quarter, committee))
        else:
            stale[(quarter, committee)] = value
    return BuildPlan(stale, skipped)
