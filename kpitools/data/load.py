"""Load and validate the raw data: committees, schemes, register, targets, figures.

Every problem found is reported together, each naming the file, the row (as a
spreadsheet shows it: the header is row 1) and the column, and saying how to
fix it. Nothing is written until the data are valid; validated, typed tables
go to ``data/processed/`` and never back into ``data/raw/``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from kpitools.data.paths import ProjectPaths
from kpitools.rules.periods import Month, Quarter, parse_period
from kpitools.rules.rag import UNRATED, RagScheme
from kpitools.rules.targets import BASES
from kpitools.wording.numbers import UNITS

__all__ = [
    "DataError",
    "Problem",
    "ProjectData",
    "SchemeWording",
    "Source",
    "load",
    "write_processed",
]

log = logging.getLogger(__name__)

RATINGS = ("Rated", "Baseline", "Contextual", "In Development", "Suspended")
DIRECTIONS = ("up", "down", "none")
FREQUENCIES = ("quarterly", "monthly")
COMPARISONS = ("previous", "year_ago")
TOLERANCES = ("", "relative", "points")
KINDS = ("target", "baseline")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BOOL = {"true": True, "false": False, "": False}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and how to put it right."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """The raw data have problems; ``problems`` lists every one."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.row if p.row is not None else -1, p.column or "")
        )
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the input data "
            f"(nothing was written):\n{lines}"
        )


@dataclass(frozen=True)
class Source:
    """One published document (or the illustrative marker) rows of data/raw cite.

    ``label`` is the short name readers see; ``illustrative`` says the figures
    citing it are sample data.
    """

    key: str
    title: str
    label: str
    illustrative: bool
    date: dt.date | None = None


@dataclass(frozen=True)
class SchemeWording:
    """A scheme's published wording: criteria, Key rows and summary-table labels."""

    criteria: dict[str, str] = field(default_factory=dict)
    key: tuple[tuple[str, str], ...] = ()
    summary_labels: dict[str, str] = field(default_factory=dict)
    summary_zero: str = "-"
    source: str = ""


@dataclass
class ProjectData:
    """Validated, typed input tables."""

    council: str
    committees: pd.DataFrame
    committee_schemes: pd.DataFrame
    schemes: dict[str, RagScheme]
    kpis: pd.DataFrame
    targets: pd.DataFrame
    figures: pd.DataFrame
    reports: pd.DataFrame
    commentary: pd.DataFrame
    paths: ProjectPaths = field(default_factory=ProjectPaths)
    sources: dict[str, Source] = field(default_factory=dict)
    scheme_wording: dict[str, SchemeWording] = field(default_factory=dict)

    def source(self, cell: str) -> Source | None:
        """The document a ``source`` cell cites (its text up to the first ";")."""
        return self.sources.get(_source_key(cell))

    def wording_for(self, committee: str, period: Quarter) -> SchemeWording:
        """The published wording of the scheme in force (empty when none is recorded)."""
        key, _ = self.scheme_for(committee, period)
        return self.scheme_wording.get(key, SchemeWording())

    def report_row(self, committee: str, period: Quarter) -> pd.Series | None:
        """The calendar row of one report, or None."""
        rows = self.reports[
            (self.reports["committee"] == committee) & (self.reports["period"] == period)
        ]
        return rows.iloc[0] if not rows.empty else None

    def scheme_for(self, committee: str, period: Quarter) -> tuple[str, RagScheme]:
        """The scheme in force for a committee in a quarter's financial year."""
        rows = self.committee_schemes[
            (self.committee_schemes["committee"] == committee)
            & (self.committee_schemes["from_year"] <= period.year)
        ]
        if rows.empty:
            raise DataError(
                [
                    Problem(
                        "data/raw/committees.yml",
                        None,
                        f"committees.{committee}.schemes",
                        f"no RAG scheme is in force for {period.fy}; add a line "
                        f'"{period.fy}": <scheme key> under this committee\'s schemes',
                    )
                ]
            )
        key = rows.sort_values("from_year").iloc[-1]["scheme"]
        return key, self.schemes[key]

    def scheme_defined(self, committee: str, period: Quarter) -> bool:
        """Whether any scheme is in force for the committee in that year."""
        rows = self.committee_schemes
        return bool(((rows["committee"] == committee) & (rows["from_year"] <= period.year)).any())

    def committee_name(self, committee: str) -> str:
        return str(self.committees.loc[committee, "name"])


# --- reading ----------------------------------------------------------------


def _rel(path: Path, paths: ProjectPaths) -> str:
    try:
        return path.relative_to(paths.root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_csv(
    path: Path,
    columns: list[str],
    paths: ProjectPaths,
    problems: list[Problem],
    optional: Iterable[str] = (),
):
    name = _rel(path, paths)
    if not path.exists():
        problems.append(Problem(name, None, None, "file not found; it is required input"))
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        problems.append(
            Problem(name, None, None, f"cannot be read as UTF-8 CSV ({exc}); save it as CSV UTF-8")
        )
        return None
    frame.columns = [c.strip() for c in frame.columns]
    # Columns added later are optional, so older projects keep loading: blank when absent.
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing:
        problems.append(
            Problem(
                name,
                1,
                None,
                f"missing column(s) {', '.join(missing)}; the header row must have: "
                f"{', '.join(columns)}",
            )
        )
        return None
    if extra:
        problems.append(
            Problem(name, 1, None, f"unknown column(s) {', '.join(extra)}; remove or rename them")
        )
    frame = frame[columns].apply(lambda s: s.str.strip())
    frame.index = range(2, len(frame) + 2)
    frame.attrs["file"] = name
    return frame


def _read_yaml(path: Path, paths: ProjectPaths, problems: list[Problem]) -> object:
    name = _rel(path, paths)
    if not path.exists():
        problems.append(Problem(name, None, None, "file not found; it is required input"))
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(name, line, None, f"is not valid YAML: {exc}"))
        return None


# --- cell checks (run by pandera, reported in our words) ---------------------


def _number_error(value: str) -> str | None:
    if value == "":
        return None
    if value.endswith("%"):
        return f"'{value}' is text; write the number without the % sign ({value[:-1].strip()})"
    if "," in value:
        return f"'{value}' has a thousands separator; write {value.replace(',', '')}"
    try:
        number = float(value)
    except ValueError:
        return f"'{value}' is not a number; write digits only, e.g. 68 or 107236"
    if not math.isfinite(number):
        return f"'{value}' is not a finite number"
    return None


def _period_error(value: str) -> str | None:
    try:
        parse_period(value)
    except ValueError:
        return (
            f"'{value}' is not a period; write a quarter like '2024-25 Q2' "
            "or a month like '2024-08'"
        )
    return None


def _quarter_error(value: str) -> str | None:
    try:
        Quarter.parse(value)
    except ValueError:
        return f"'{value}' is not a quarter; write it like '2024-25 Q2'"
    return None


def _date_error(value: str) -> str | None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a date; write it as yyyy-mm-dd, e.g. 2023-12-12"
    return None


def _choice(options: Iterable[str], blank: bool = False) -> Callable[[str], str | None]:
    allowed = tuple(options)

    def check(value: str) -> str | None:
        if value == "" and blank:
            return None
        if value in allowed:
            return None
        shown = ", ".join(repr(o) for o in allowed if o)
        extra = " or leave it blank" if blank else ""
        return f"'{value}' is not allowed; use one of {shown}{extra}"

    return check


def _required(check: Callable[[str], str | None] | None = None) -> Callable[[str], str | None]:
    def inner(value: str) -> str | None:
        if value == "":
            return "is empty; this column is required"
        return check(value) if check else None

    return inner


def _optional(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    return lambda value: None if value == "" else check(value)


def _slug_error(value: str) -> str | None:
    if _SLUG.match(value):
        return None
    return f"'{value}' is not a valid id; use lower-case letters, digits and hyphens"


def _int_error(value: str) -> str | None:
    if re.fullmatch(r"\d+", value):
        return None
    return f"'{value}' is not a whole number"


_BOOL_CHECK = _choice(("true", "false"), blank=True)


def _check_cells(
    frame: pd.DataFrame, checks: dict[str, Callable[[str], str | None]], problems: list[Problem]
) -> None:
    """Run per-cell checks through a lazy pandera schema and collect every failure."""
    messages: dict[tuple[int, str], str] = {}

    def make(column: str, check: Callable[[str], str | None]) -> pa.Check:
        def element(value: str) -> bool:
            return check(value) is None

        return pa.Check(element, element_wise=True, name=column)

    schema = pa.DataFrameSchema(
        {column: pa.Column(str, make(column, check)) for column, check in checks.items()},
        strict=False,
    )
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        for _, case in cases.iterrows():
            column = case["column"]
            index = case["index"]
            if column not in checks or index is None or pd.isna(index):
                continue
            row = int(index)
            value = frame.at[row, column]
            message = checks[column](value)
            if message:
                messages[(row, column)] = message
    for (row, column), message in messages.items():
        problems.append(Problem(frame.attrs["file"], row, column, message))


def _suggest(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _bool(value: str) -> bool:
    return _BOOL[value.lower()]


def _float(value: str) -> float:
    return float(value) if value != "" else math.nan


# --- each file --------------------------------------------------------------

KPI_COLUMNS = [
    "kpi_id", "committee", "indicator", "name", "service_area", "unit", "decimals",
    "direction", "frequency", "cumulative", "rating", "comparison", "tolerance",
    "from_period", "to_period", "illustrative", "current_label", "previous_label",
    "cumulative_label", "description", "links", "source",
]  # fmt: skip
KPI_OPTIONAL = ("current_label", "previous_label", "cumulative_label")
TARGET_COLUMNS = [
    "kpi_id", "from_period", "to_period", "kind", "value", "basis", "illustrative", "note",
    "source",
]  # fmt: skip
FIGURE_COLUMNS = [
    "kpi_id", "period", "value", "reported_on", "status", "note", "stat_neighbours",
    "england", "illustrative", "source",
]  # fmt: skip
REPORT_COLUMNS = [
    "committee", "period", "produced_on", "meeting_date", "illustrative",
    "produced_on_illustrative", "meeting_date_illustrative", "green_examples", "source",
]  # fmt: skip
REPORT_OPTIONAL = ("produced_on_illustrative", "meeting_date_illustrative", "green_examples")
# Settings of a schemes.yml entry that are published wording, not rules.
_WORDING_KEYS = ("criteria", "key", "summary_labels", "summary_zero")


def _load_committees(paths: ProjectPaths, schemes: dict[str, RagScheme], problems: list[Problem]):
    name = "data/raw/committees.yml"
    doc = _read_yaml(paths.raw / "committees.yml", paths, problems)
    if doc is None:
        return (
            "",
            pd.DataFrame(columns=["name", "illustrative"]),
            pd.DataFrame(columns=["committee", "from_year", "scheme"]),
        )
    if not isinstance(doc, dict) or not isinstance(doc.get("committees"), dict):
        problems.append(
            Problem(name, None, None, "must be a mapping with 'council' and 'committees' keys")
        )
        return (
            "",
            pd.DataFrame(columns=["name", "illustrative"]),
            pd.DataFrame(columns=["committee", "from_year", "scheme"]),
        )
    council = str(doc.get("council") or "")
    rows, scheme_rows = [], []
    for slug, entry in doc["committees"].items():
        where = f"committees.{slug}"
        if not _SLUG.match(str(slug)):
            problems.append(Problem(name, None, where, _slug_error(str(slug)) or ""))
        if not isinstance(entry, dict) or not entry.get("name"):
            problems.append(Problem(name, None, where, "needs a 'name' (the full committee name)"))
            continue
        rows.append(
            {
                "committee": str(slug),
                "name": str(entry["name"]),
                "illustrative": bool(entry.get("illustrative", False)),
            }
        )
        for year, key in (entry.get("schemes") or {}).items():
            try:
                start = Quarter.parse(f"{year} Q1").year
            except ValueError:
                problems.append(
                    Problem(
                        name,
                        None,
                        f"{where}.schemes",
                        f"'{year}' is not a financial year; write it like \"2024-25\"",
                    )
                )
                continue
            if key not in schemes:
                problems.append(
                    Problem(
                        name,
                        None,
                        f"{where}.schemes",
                        f"scheme '{key}' is not in data/raw/schemes.yml"
                        f"{_suggest(str(key), schemes)}",
                    )
                )
                continue
            scheme_rows.append({"committee": str(slug), "from_year": start, "scheme": key})
        if not entry.get("schemes"):
            problems.append(
                Problem(name, None, f"{where}.schemes", "needs at least one scheme by year")
            )
    committees = pd.DataFrame(rows, columns=["committee", "name", "illustrative"]).set_index(
        "committee", drop=False
    )
    return (
        council,
        committees,
        pd.DataFrame(scheme_rows, columns=["committee", "from_year", "scheme"]),
    )


def _load_schemes(paths: ProjectPaths, problems: list[Problem]) -> dict[str, RagScheme]:
    name = "data/raw/schemes.yml"
    doc = _read_yaml(paths.raw / "schemes.yml", paths, problems)
    schemes: dict[str, RagScheme] = {}
    if doc is None:
        return schemes
    if not isinstance(doc, dict):
        problems.append(Problem(name, None, None, "must be a mapping of scheme key to settings"))
        return schemes
    for key, entry in doc.items():
        rules = {k: v for k, v in (entry or {}).items() if k not in _WORDING_KEYS}
        try:
            schemes[str(key)] = RagScheme.from_mapping(rules)
        except (TypeError, ValueError) as exc:
            problems.append(Problem(name, None, str(key), f"{exc}"))
    return schemes


def _load_scheme_wording(
    paths: ProjectPaths, schemes: dict[str, RagScheme], problems: list[Problem]
) -> dict[str, SchemeWording]:
    name = "data/raw/schemes.yml"
    path = paths.raw / "schemes.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    wording: dict[str, SchemeWording] = {}
    if not isinstance(doc, dict):
        return wording
    for key, entry in doc.items():
        if str(key) not in schemes or not isinstance(entry, dict):
            continue
        criteria = entry.get("criteria") or {}
        rows = entry.get("key") or []
        labels = entry.get("summary_labels") or {}
        if not isinstance(criteria, dict) or not isinstance(labels, dict):
            problems.append(
                Problem(
                    name,
                    None,
                    str(key),
                    "criteria and summary_labels must map a status to text",
                )
            )
            continue
        if not all(isinstance(r, list) and len(r) == 2 for r in rows):
            problems.append(
                Problem(name, None, f"{key}.key", 'each row must be ["item", "explanation"]')
            )
            continue
        wording[str(key)] = SchemeWording(
            criteria={str(k): str(v) for k, v in criteria.items()},
            key=tuple((str(a), str(b)) for a, b in rows),
            summary_labels={str(k): str(v) for k, v in labels.items()},
            summary_zero=str(entry.get("summary_zero", "-")),
            source=str(entry.get("source") or ""),
        )
    return wording


def _source_key(cell: str) -> str:
    return str(cell).split(";", 1)[0].strip()


def _load_sources(paths: ProjectPaths, problems: list[Problem]) -> dict[str, Source]:
    """Read data/raw/sources.yml; a project without one cites no documents."""
    name = "data/raw/sources.yml"
    if not (paths.raw / "sources.yml").exists():
        return {}
    doc = _read_yaml(paths.raw / "sources.yml", paths, problems)
    if not isinstance(doc, dict):
        problems.append(Problem(name, None, None, "must be a mapping of source key to document"))
        return {}
    sources = {}
    for key, entry in doc.items():
        if not isinstance(entry, dict) or not entry.get("title"):
            problems.append(Problem(name, None, str(key), "needs a 'title' (the document's title)"))
            continue
        day = entry.get("date")
        sources[str(key)] = Source(
            key=str(key),
            title=str(entry["title"]),
            label=str(entry.get("label") or ""),
            illustrative=bool(entry.get("illustrative", False)),
            date=day if isinstance(day, dt.date) else None,
        )
    return sources


def _check_sources(
    frames: Iterable[pd.DataFrame | None], sources: dict[str, Source], problems: list[Problem]
) -> None:
    """Every ``source`` cell must start with a key of sources.yml (when the project has one)."""
    if not sources:
        return
    for frame in frames:
        if frame is None:
            continue
        for row, cell in frame["source"].items():
            key = _source_key(cell)
            if key not in sources:
                problems.append(
                    Problem(
                        frame.attrs["file"],
                        row,
                        "source",
                        f"'{key}' is not a key of data/raw/sources.yml{_suggest(key, sources)}; "
                        "start the cell with the key of the document the row comes from, or "
                        "'illustrative; <why>'",
                    )
                )


def _load_kpis(paths: ProjectPaths, committees: pd.DataFrame, problems: list[Problem]):
    frame = _read_csv(paths.raw / "kpis.csv", KPI_COLUMNS, paths, problems, KPI_OPTIONAL)
    if frame is None:
        return None
    checks = {
        "kpi_id": _required(_slug_error),
        "committee": _required(
            lambda v: (
                None
                if v in committees.index
                else f"unknown committee '{v}'{_suggest(v, committees.index)}; "
                "committees are listed in data/raw/committees.yml"
            )
        ),
        "indicator": _optional(_int_error),
        "name": _required(),
        "unit": _required(_choice(UNITS)),
        "decimals": _optional(
            lambda v: None if v in ("0", "1", "2", "3") else f"'{v}' must be 0, 1, 2 or 3"
        ),
        "direction": _required(_choice(DIRECTIONS)),
        "frequency": _required(_choice(FREQUENCIES)),
        "cumulative": _BOOL_CHECK,
        "rating": _required(_choice(RATINGS)),
        "comparison": _choice(COMPARISONS, blank=True),
        "tolerance": _choice(TOLERANCES, blank=True),
        "from_period": _required(_quarter_error),
        "to_period": _optional(_quarter_error),
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    file = frame.attrs["file"]
    seen: dict[str, int] = {}
    for row, kpi_id in frame["kpi_id"].items():
        if kpi_id and kpi_id in seen:
            problems.append(
                Problem(
                    file,
                    row,
                    "kpi_id",
                    f"'{kpi_id}' is already used on row {seen[kpi_id]}; each KPI needs its own id",
                )
            )
        seen.setdefault(kpi_id, row)
    for row, record in frame.iterrows():
        if record["rating"] == "Rated" and record["direction"] == "none":
            problems.append(
                Problem(
                    file,
                    row,
                    "direction",
                    "a Rated KPI needs a direction for improvement: 'up' or 'down' "
                    "(or change its rating to Contextual)",
                )
            )
        if (
            not _quarter_error(record["from_period"])
            and record["to_period"]
            and not _quarter_error(record["to_period"])
            and Quarter.parse(record["to_period"]) < Quarter.parse(record["from_period"])
        ):
            problems.append(
                Problem(file, row, "to_period", "is before from_period; swap or correct them")
            )
    return frame


def _percent_hint(unit: str, value: float, reference: float) -> str | None:
    if unit == "percent" and 0 < abs(value) < 1 and abs(reference) >= 1:
        return (
            f"{value:g} looks like a fraction but percentages are written as whole "
            f"numbers here; write {value * 100:g}"
        )
    return None


def _load_targets(paths: ProjectPaths, kpis: pd.DataFrame | None, problems: list[Problem]):
    frame = _read_csv(paths.raw / "targets.csv", TARGET_COLUMNS, paths, problems)
    if frame is None:
        return None
    known = set(kpis["kpi_id"]) if kpis is not None else set()
    checks = {
        "kpi_id": _required(
            lambda v: (
                None
                if v in known
                else f"unknown KPI '{v}'{_suggest(v, known)}; add it to data/raw/kpis.csv first"
            )
        ),
        "from_period": _required(_quarter_error),
        "to_period": _optional(_quarter_error),
        "kind": _required(_choice(KINDS)),
        "value": _required(_number_error),
        "basis": _required(_choice(BASES)),
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    return frame


def _load_figures(paths: ProjectPaths, kpis: pd.DataFrame | None, problems: list[Problem]):
    frame = _read_csv(paths.raw / "figures.csv", FIGURE_COLUMNS, paths, problems)
    if frame is None:
        return None
    known = set(kpis["kpi_id"]) if kpis is not None else set()
    checks = {
        "kpi_id": _required(
            lambda v: (
                None
                if v in known
                else f"unknown KPI '{v}'{_suggest(v, known)}; add it to data/raw/kpis.csv first"
            )
        ),
        "period": _required(_period_error),
        "value": _number_error,
        "reported_on": _required(_date_error),
        "status": _choice(UNRATED, blank=True),
        "stat_neighbours": _number_error,
        "england": _number_error,
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    file = frame.attrs["file"]
    seen: dict[tuple[str, str, str], int] = {}
    for row, record in frame.iterrows():
        if record["value"] == "" and record["status"] == "":
            problems.append(
                Problem(
                    file,
                    row,
                    "value",
                    "is empty; give the figure, or set status to 'Not rated' and say why in note",
                )
            )
        if _period_error(record["period"]) is None:
            key = (record["kpi_id"], str(parse_period(record["period"])), record["reported_on"])
            if key in seen:
                problems.append(
                    Problem(
                        file,
                        row,
                        "period",
                        f"duplicate figure: row {seen[key]} already gives {key[0]} for "
                        f"{key[1]} reported on {key[2]}; delete one, or give a revision a "
                        "later reported_on date",
                    )
                )
            seen.setdefault(key, row)
    return frame


def _load_reports(paths: ProjectPaths, committees: pd.DataFrame, problems: list[Problem]):
    frame = _read_csv(paths.raw / "reports.csv", REPORT_COLUMNS, paths, problems, REPORT_OPTIONAL)
    if frame is None:
        return None
    checks = {
        "committee": _required(
            lambda v: (
                None
                if v in committees.index
                else f"unknown committee '{v}'{_suggest(v, committees.index)}"
            )
        ),
        "period": _required(_quarter_error),
        "produced_on": _optional(_date_error),
        "meeting_date": _optional(_date_error),
        "illustrative": _BOOL_CHECK,
        "produced_on_illustrative": _BOOL_CHECK,
        "meeting_date_illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    return frame


# --- typing and cross-file checks ---------------------------------------------


def _good_rows(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    bad = {p.row for p in problems if p.file == frame.attrs["file"] and p.row is not None}
    return frame[~frame.index.isin(bad)]


def _typed_kpis(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "kpi_id": frame["kpi_id"],
            "committee": frame["committee"],
            "indicator": pd.array(
                [int(v) if v else None for v in frame["indicator"]], dtype="Int64"
            ),
            "name": frame["name"],
            "service_area": frame["service_area"],
            "unit": frame["unit"],
            "decimals": [int(v) if v else 0 for v in frame["decimals"]],
            "direction": frame["direction"],
            "frequency": frame["frequency"],
            "cumulative": [_bool(v) for v in frame["cumulative"]],
            "rating": frame["rating"],
            "comparison": [v or "previous" for v in frame["comparison"]],
            "tolerance": frame["tolerance"],
            "from_period": [Quarter.parse(v) for v in frame["from_period"]],
            "to_period": [Quarter.parse(v) if v else None for v in frame["to_period"]],
            "illustrative": [_bool(v) for v in frame["illustrative"]],
            "current_label": frame["current_label"],
            "previous_label": frame["previous_label"],
            "cumulative_label": frame["cumulative_label"],
            "description": frame["description"],
            "links": frame["links"],
            "source": frame["source"],
            "row": frame.index,
        }
    )
    out.index = out["kpi_id"].tolist()
    return out


def _typed_targets(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": frame["kpi_id"],
            "from_period": [Quarter.parse(v) for v in frame["from_period"]],
            "to_period": [Quarter.parse(v) if v else None for v in frame["to_period"]],
            "kind": frame["kind"],
            "value": [float(v) for v in frame["value"]],
            "basis": frame["basis"],
            "illustrative": [_bool(v) for v in frame["illustrative"]],
            "note": frame["note"],
            "source": frame["source"],
            "row": frame.index,
        }
    ).reset_index(drop=True)


def _typed_figures(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": frame["kpi_id"],
            "period": [parse_period(v) for v in frame["period"]],
            "value": [_float(v) for v in frame["value"]],
            "reported_on": [dt.date.fromisoformat(v) for v in frame["reported_on"]],
            "status": frame["status"],
            "note": frame["note"],
            "stat_neighbours": [_float(v) for v in frame["stat_neighbours"]],
            "england": [_float(v) for v in frame["england"]],
            "illustrative": [_bool(v) for v in frame["illustrative"]],
            "source": frame["source"],
            "row": frame.index,
        }
    ).reset_index(drop=True)


def _per_date(frame: pd.DataFrame, column: str) -> list[bool]:
    # Without the per-date column, the row's own flag covers the date.
    return [
        _bool(v) if v else _bool(row)
        for v, row in zip(frame[column], frame["illustrative"], strict=True)
    ]


def _typed_reports(frame: pd.DataFrame) -> pd.DataFrame:
    def date(v: str) -> dt.date | None:
        return dt.date.fromisoformat(v) if v else None

    return pd.DataFrame(
        {
            "committee": frame["committee"],
            "period": [Quarter.parse(v) for v in frame["period"]],
            "produced_on": [date(v) for v in frame["produced_on"]],
            "meeting_date": [date(v) for v in frame["meeting_date"]],
            "illustrative": [_bool(v) for v in frame["illustrative"]],
            "produced_on_illustrative": _per_date(frame, "produced_on_illustrative"),
            "meeting_date_illustrative": _per_date(frame, "meeting_date_illustrative"),
            "green_examples": [tuple(v.replace(",", " ").split()) for v in frame["green_examples"]],
            "source": frame["source"],
        }
    ).reset_index(drop=True)


def _cross_checks(
    kpis: pd.DataFrame,
    targets: pd.DataFrame,
    figures: pd.DataFrame,
    reports: pd.DataFrame,
    problems: list[Problem],
) -> None:
    from kpitools.model.table import target_for

    for _, fig in figures.iterrows():
        kpi = kpis.loc[fig["kpi_id"]]
        period = fig["period"]
        monthly = kpi["frequency"] == "monthly"
        if monthly != isinstance(period, Month):
            want = "a month like '2024-08'" if monthly else "a quarter like '2024-25 Q2'"
            problems.append(
                Problem(
                    "data/raw/figures.csv",
                    fig["row"],
                    "period",
                    f"{fig['kpi_id']} is {kpi['frequency']}: its period must be {want}",
                )
            )
    for column, table, file in (
        ("value", figures, "data/raw/figures.csv"),
        ("value", targets, "data/raw/targets.csv"),
    ):
        for kpi_id, group in table.groupby("kpi_id"):
            if kpis.loc[kpi_id, "unit"] != "percent":
                continue
            others = pd.concat(
                [
                    figures.loc[figures["kpi_id"] == kpi_id, "value"],
                    targets.loc[targets["kpi_id"] == kpi_id, "value"],
                ]
            ).abs()
            reference = float(others.max()) if others.notna().any() else 0.0
            for _, rec in group.iterrows():
                value = rec[column]
                if pd.notna(value):
                    hint = _percent_hint("percent", float(value), reference)
                    if hint:
                        problems.append(Problem(file, rec["row"], column, hint))
    report_periods = {(r.committee, r.period) for r in reports.itertuples()}
    for _, fig in figures.iterrows():
        kpi = kpis.loc[fig["kpi_id"]]
        period = fig["period"]
        quarter = period if isinstance(period, Quarter) else period.quarter
        if (kpi["committee"], quarter) not in report_periods:
            continue
        if kpi["rating"] != "Rated" or fig["status"] or pd.isna(fig["value"]):
            continue
        if target_for(targets, kpi, period) is None:
            problems.append(
                Problem(
                    "data/raw/figures.csv",
                    fig["row"],
                    "kpi_id",
                    f"{fig['kpi_id']} is a Rated KPI but has no target for {period}; add a "
                    "row to data/raw/targets.csv, or set status to 'Not rated' with a note",
                )
            )


def load(root: str | os.PathLike[str] | None = None) -> ProjectData:
    """Read, validate and type every raw input file.

    Parameters
    ----------
    root : path, optional
        Project root; defaults to :func:`kpitools.data.paths.project_root`.

    Raises
    ------
    DataError
        With every problem found, each naming file, row and column.

    Examples
    --------
    >>> data = load()
    >>> "cosmic" in data.committees.index
    True
    """
    from kpitools.data.commentary import read_all

    paths = ProjectPaths(root)
    problems: list[Problem] = []
    schemes = _load_schemes(paths, problems)
    council, committees, committee_schemes = _load_committees(paths, schemes, problems)
    kpis_raw = _load_kpis(paths, committees, problems)
    targets_raw = _load_targets(paths, kpis_raw, problems)
    figures_raw = _load_figures(paths, kpis_raw, problems)
    reports_raw = _load_reports(paths, committees, problems)
    sources = _load_sources(paths, problems)
    scheme_wording = _load_scheme_wording(paths, schemes, problems)
    _check_sources((kpis_raw, targets_raw, figures_raw, reports_raw), sources, problems)
    if any(f is None for f in (kpis_raw, targets_raw, figures_raw, reports_raw)):
        raise DataError(problems)
    # Rows with a faulty cell are left out of the cross-file checks (they are
    # already reported), so one run lists every problem in every file.
    kpis = _typed_kpis(_good_rows(kpis_raw, problems))
    targets = _typed_targets(_good_rows(targets_raw, problems))
    figures = _typed_figures(_good_rows(figures_raw, problems))
    reports = _typed_reports(_good_rows(reports_raw, problems))
    figures_checked = figures[figures["kpi_id"].isin(kpis.index)]
    targets_checked = targets[targets["kpi_id"].isin(kpis.index)]
    _cross_checks(kpis, targets_checked, figures_checked, reports, problems)
    commentary = read_all(paths, kpis_raw.set_index("kpi_id", drop=False), problems)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d KPIs and %d figures", len(kpis), len(figures))
    return ProjectData(
        council=council,
        committees=committees,
        committee_schemes=committee_schemes,
        schemes=schemes,
        kpis=kpis,
        targets=targets,
        figures=figures,
        reports=reports,
        commentary=commentary,
        paths=paths,
        sources=sources,
        scheme_wording=scheme_wording,
    )


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (Quarter, Month))).any():
            out[column] = out[column].map(lambda v: None if v is None else str(v))
    return out


def write_processed(data: ProjectData) -> list[Path]:
    """Write the validated tables to ``data/processed/`` as Parquet, atomically.

    Examples
    --------
    >>> paths = write_processed(load())  # doctest: +SKIP
    """
    out_dir = data.paths.processed
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    tables = {
        "kpis": data.kpis,
        "targets": data.targets,
        "figures": data.figures,
        "reports": data.reports,
        "commentary": data.commentary,
    }
    for name, frame in tables.items():
        target = out_dir / f"{name}.parquet"
        fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".parquet.tmp")
        os.close(fd)
        try:
            _parquet_ready(frame).to_parquet(tmp, index=False)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(target)
    return written
