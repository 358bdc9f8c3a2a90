"""Load and validate the raw data: committees, schemes, register, targets, figures.

Every problem found is reported together, each naming the file, the row (as a
spreadsheet shows it: the header is row 1) and the column, and saying how to
fix it. Nothing is written until the data are valid; validated, typed tables
go to ``data/processed/`` and never back into ``data/raw/``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import logging
import math
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pydantic
import yaml

from kpitools.data.atomic import write_atomic
from kpitools.data.cache import cache_key, read_cached, write_cached
from kpitools.data.commentary import read_all
from kpitools.data.errors import DataError, Problem
from kpitools.data.paths import ProjectPaths
from kpitools.data.published import (
    SchemeWording,
    Source,
    check_sources,
    scheme_wording,
    source_key,
    sources_from,
)
from kpitools.data.schemas import CommitteesFile, SchemeEntry, problems_from
from kpitools.data.settings import Settings, read_settings
from kpitools.rules.periods import Month, Quarter, parse_period
from kpitools.rules.rag import UNRATED, RagScheme
from kpitools.rules.targets import BASES, target_for
from kpitools.rules.units import UNITS

__all__ = [
    "DataError",
    "Problem",
    "ProjectData",
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
ACCOUNTABILITY_COLUMNS = [
    "kpi_id", "owner", "owner_email", "accountable_officer", "target_set_by", "data_quality",
    "lag_days", "illustrative", "source",
]  # fmt: skip
DATA_QUALITY = ("High", "Medium", "Low", "Not assessed")
SPC_REBASE_COLUMNS = ["kpi_id", "period", "reason", "illustrative", "source"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BOOL = {"true": True, "false": False, "": False}


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
    settings: Settings = field(default_factory=Settings)
    accountability: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=[*ACCOUNTABILITY_COLUMNS, "row"])
    )
    spc_rebases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=[*SPC_REBASE_COLUMNS, "row"])
    )
    sources: dict[str, Source] = field(default_factory=dict)
    scheme_wording: dict[str, SchemeWording] = field(default_factory=dict)
    # The key of the raw files these tables were validated from (see kpitools.data.cache);
    # empty for tables made in memory, for which nothing is kept.
    key: str = ""

    def source(self, cell: object) -> Source | None:
        """The document a ``source`` cell cites, or None (no ``sources.yml`` entry)."""
        return self.sources.get(source_key(cell))

    def wording_for(self, committee: str, period: Quarter) -> SchemeWording:
        """The published wording of the scheme in force (empty when none is recorded)."""
        key, _ = self.scheme_for(committee, period)
        return self.scheme_wording.get(key, SchemeWording())

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
    optional: list[str] | None = None,
) -> pd.DataFrame | None:
    name = _rel(path, paths)
    if not path.exists():
        problems.append(Problem(name, None, None, "file not found; it is required input"))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                name,
                row,
                None,
                f"is not UTF-8 (byte {data[exc.start]:#04x} in this row; the file looks saved "
                "as Windows-1252 'ANSI'); save it as 'CSV UTF-8 (Comma delimited)'",
            )
        )
        return None
    if not text.strip():
        problems.append(
            Problem(
                name,
                None,
                None,
                f"is empty; it needs at least the header row: {', '.join(columns)}",
            )
        )
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        problems.append(
            Problem(name, None, None, f"is not a well-formed CSV ({exc}); check quotes and commas")
        )
        return None
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    for column in optional or []:
        if column not in frame.columns:
            frame[column] = ""
    columns = [*columns, *(optional or [])]
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
    if frame.empty and name.rsplit("/", 1)[-1] in _NEED_ROWS:
        problems.append(
            Problem(
                name,
                None,
                None,
                "has a header but no rows: every report would be empty; restore its rows",
            )
        )
        return None
    frame = frame[columns].apply(lambda s: s.str.strip())
    frame.index = range(2, len(frame) + 2)
    frame.attrs["file"] = name
    return frame


# Tables without which no report can be built.
_NEED_ROWS = ("kpis.csv", "figures.csv", "reports.csv")


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
    # Imported here, not at the top: a notebook kernel imports this module for the
    # model's types but never validates, and pandera costs a quarter of its start.
    import pandera.pandas as pa

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
    "from_period", "to_period", "illustrative", "description", "links", "source",
]  # fmt: skip
# The column heads a KPI's own dashboard prints; blank (or absent) for the defaults.
KPI_OPTIONAL = ["current_label", "previous_label", "cumulative_label"]
TARGET_COLUMNS = [
    "kpi_id", "from_period", "to_period", "kind", "value", "basis", "illustrative", "note",
    "source",
]  # fmt: skip
FIGURE_COLUMNS = [
    "kpi_id", "period", "value", "reported_on", "status", "note", "stat_neighbours",
    "england", "illustrative", "source", "revision_reason",
]  # fmt: skip
REPORT_COLUMNS = ["committee", "period", "produced_on", "meeting_date", "illustrative", "source"]
# Columns a project may leave out (older data): empty when absent. The per-date flags
# default to the row's `illustrative`; green_examples to the first Green KPIs with
# commentary.
REPORT_OPTIONAL = [
    "key_decision", "recommendation", "produced_on_illustrative", "meeting_date_illustrative",
    "green_examples",
]  # fmt: skip
# Front-sheet keys of a committee in committees.yml, all optional.
COMMITTEE_COLUMNS = [
    "committee", "name", "illustrative", "from", "electoral_divisions",
    "officer_name", "officer_post", "officer_email",
]  # fmt: skip


def _load_committees(
    paths: ProjectPaths, schemes: dict[str, RagScheme], problems: list[Problem]
) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    name = "data/raw/committees.yml"
    doc = _read_yaml(paths.raw / "committees.yml", paths, problems)
    if doc is None:
        return (
            "",
            pd.DataFrame(columns=["name", "illustrative"]),
            pd.DataFrame(columns=["committee", "from_year", "scheme"]),
        )
    try:
        CommitteesFile.model_validate(doc)
    except pydantic.ValidationError as exc:
        problems += problems_from(exc, name)
    if not isinstance(doc, dict) or not isinstance(doc.get("committees"), dict):
        if not problems:
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
        contact = entry.get("officer_contact") or {}
        if not isinstance(contact, dict):
            problems.append(
                Problem(name, None, f"{where}.officer_contact", "must have keys name, post, email")
            )
            contact = {}
        rows.append(
            {
                "committee": str(slug),
                "name": str(entry["name"]),
                "illustrative": entry.get("illustrative", False) is True,
                "from": str(entry.get("from") or ""),
                "electoral_divisions": str(entry.get("electoral_divisions") or ""),
                "officer_name": str(contact.get("name") or ""),
                "officer_post": str(contact.get("post") or ""),
                "officer_email": str(contact.get("email") or ""),
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
    committees = pd.DataFrame(rows, columns=COMMITTEE_COLUMNS).set_index("committee", drop=False)
    return (
        council,
        committees,
        pd.DataFrame(scheme_rows, columns=["committee", "from_year", "scheme"]),
    )


def _load_schemes(
    paths: ProjectPaths, problems: list[Problem]
) -> tuple[dict[str, RagScheme], dict[str, SchemeWording]]:
    name = "data/raw/schemes.yml"
    doc = _read_yaml(paths.raw / "schemes.yml", paths, problems)
    schemes: dict[str, RagScheme] = {}
    wordings: dict[str, SchemeWording] = {}
    if doc is None:
        return schemes, wordings
    if not isinstance(doc, dict):
        problems.append(
            Problem(
                name,
                None,
                None,
                "must be a mapping of scheme key to its settings ('ragb_2023:' then indented "
                "'red_at: 0.10' lines), not a list",
            )
        )
        return schemes, wordings
    for key, entry in doc.items():
        try:
            checked = SchemeEntry.model_validate(entry if entry is not None else {})
        except pydantic.ValidationError as exc:
            problems += problems_from(exc, name, str(key))
            continue
        values = checked.model_dump(
            exclude={"source", "criteria", "key", "summary_labels", "summary_zero"}
        )
        values["summary_order"] = tuple(values["summary_order"])
        schemes[str(key)] = RagScheme(**values)
        wordings[str(key)] = scheme_wording(checked)
    return schemes, wordings


def _load_kpis(
    paths: ProjectPaths, committees: pd.DataFrame, problems: list[Problem]
) -> pd.DataFrame | None:
    frame = _read_csv(paths.raw / "kpis.csv", KPI_COLUMNS, paths, problems, optional=KPI_OPTIONAL)
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


def _known_kpi(known: set[str]) -> Callable[[str], str | None]:
    """A required KPI id that is in the register (the closest one suggested if not)."""
    return _required(
        lambda v: (
            None
            if v in known
            else f"unknown KPI '{v}'{_suggest(v, known)}; add it to data/raw/kpis.csv first"
        )
    )


def _load_targets(
    paths: ProjectPaths, kpis: pd.DataFrame | None, problems: list[Problem]
) -> pd.DataFrame | None:
    frame = _read_csv(paths.raw / "targets.csv", TARGET_COLUMNS, paths, problems)
    if frame is None:
        return None
    known = set(kpis["kpi_id"]) if kpis is not None else set()
    checks = {
        "kpi_id": _known_kpi(known),
        "from_period": _required(_quarter_error),
        "to_period": _optional(_quarter_error),
        "kind": _required(_choice(KINDS)),
        "value": _required(_number_error),
        "basis": _required(_choice(BASES)),
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    return frame


def _load_figures(
    paths: ProjectPaths, kpis: pd.DataFrame | None, problems: list[Problem]
) -> pd.DataFrame | None:
    frame = _read_csv(paths.raw / "figures.csv", FIGURE_COLUMNS, paths, problems)
    if frame is None:
        return None
    known = set(kpis["kpi_id"]) if kpis is not None else set()
    checks = {
        "kpi_id": _known_kpi(known),
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
    _check_revision_reasons(frame, problems)
    return frame


def _check_revision_reasons(frame: pd.DataFrame, problems: list[Problem]) -> None:
    """A figure that changes one reported earlier for the same period must say why."""
    earlier: dict[tuple[str, str], list[tuple[str, str]]] = {}
    rows = [(row, rec) for row, rec in frame.iterrows() if _period_error(rec["period"]) is None]
    for row, record in sorted(rows, key=lambda item: item[1]["reported_on"]):
        key = (record["kpi_id"], str(parse_period(record["period"])))
        before = earlier.setdefault(key, [])
        changed = bool(before) and before[-1] != (record["value"], record["status"])
        if changed and not record["revision_reason"]:
            problems.append(
                Problem(
                    frame.attrs["file"],
                    row,
                    "revision_reason",
                    f"is empty but this row revises the figure for {key[0]} {key[1]} "
                    f"(was '{before[-1][0] or before[-1][1]}'); say why it changed, or write "
                    "'Reason not recorded' if nobody knows",
                )
            )
        before.append((record["value"], record["status"]))


def _optional_csv(
    paths: ProjectPaths,
    name: str,
    columns: list[str],
    sources: dict[str, Source],
    problems: list[Problem],
) -> pd.DataFrame | None:
    """An optional table of ``data/raw`` with its sources checked: None when it is
    absent or cannot be read."""
    path = paths.raw / name
    frame = _read_csv(path, columns, paths, problems) if path.exists() else None
    check_sources([frame], sources, problems)
    return frame


def _load_accountability(
    paths: ProjectPaths,
    kpis: pd.DataFrame | None,
    sources: dict[str, Source],
    problems: list[Problem],
) -> pd.DataFrame:
    """Who answers for each KPI and how late its figure may be (optional file)."""
    empty = pd.DataFrame(columns=[*ACCOUNTABILITY_COLUMNS, "row"])
    frame = _optional_csv(paths, "accountability.csv", ACCOUNTABILITY_COLUMNS, sources, problems)
    if frame is None:
        return empty
    known = set(kpis["kpi_id"]) if kpis is not None else set()
    checks = {
        "kpi_id": _known_kpi(known),
        "owner": _required(),
        "owner_email": _optional(
            lambda v: (
                None
                if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v)
                else (f"'{v}' is not an email address; write it like name@example.gov.uk")
            )
        ),
        "data_quality": _required(_choice(DATA_QUALITY)),
        "lag_days": _required(_int_error),
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    file = frame.attrs["file"]
    seen: dict[str, int] = {}
    for row, record in frame.iterrows():
        if record["kpi_id"] in seen:
            problems.append(
                Problem(
                    file,
                    row,
                    "kpi_id",
                    f"'{record['kpi_id']}' already has a row ({seen[record['kpi_id']]}); "
                    "keep one row per KPI",
                )
            )
        seen.setdefault(record["kpi_id"], row)
    good = _good_rows(frame, problems)
    typed = good.assign(
        lag_days=[int(v) for v in good["lag_days"]],
        illustrative=[_bool(v) for v in good["illustrative"]],
        row=good.index,
    )
    return typed.set_index("kpi_id", drop=False)


def _load_spc_rebases(
    paths: ProjectPaths,
    kpis: pd.DataFrame | None,
    sources: dict[str, Source],
    problems: list[Problem],
) -> pd.DataFrame:
    """Where a KPI's process limits restart, and why (optional file ``spc_rebases.csv``)."""
    empty = pd.DataFrame(columns=[*SPC_REBASE_COLUMNS, "row"])
    frame = _optional_csv(paths, "spc_rebases.csv", SPC_REBASE_COLUMNS, sources, problems)
    if frame is None:
        return empty
    frequency = (
        dict(zip(kpis["kpi_id"], kpis["frequency"], strict=True)) if kpis is not None else {}
    )
    checks = {
        "kpi_id": _required(
            lambda v: (
                None
                if v in frequency
                else f"unknown KPI '{v}'{_suggest(v, frequency)}; add it to data/raw/kpis.csv first"
            )
        ),
        "period": _required(_period_error),
        "reason": _required(),
        "illustrative": _BOOL_CHECK,
    }
    _check_cells(frame, checks, problems)
    file = frame.attrs["file"]
    seen: dict[tuple[str, str], int] = {}
    for row, record in frame.iterrows():
        if record["kpi_id"] not in frequency or _period_error(record["period"]) is not None:
            continue
        period = parse_period(record["period"])
        if isinstance(period, Month) != (frequency[record["kpi_id"]] == "monthly"):
            shape = "a month like '2024-08'" if isinstance(period, Quarter) else "a quarter"
            problems.append(
                Problem(
                    file,
                    row,
                    "period",
                    f"'{record['period']}' does not match the KPI's "
                    f"{frequency[record['kpi_id']]} figures; write {shape}",
                )
            )
        key = (record["kpi_id"], str(period))
        if key in seen:
            problems.append(
                Problem(
                    file,
                    row,
                    "period",
                    f"row {seen[key]} already rebases {key[0]} at {key[1]}; keep one row",
                )
            )
        seen.setdefault(key, row)
    good = _good_rows(frame, problems)
    return good.assign(
        period=[parse_period(v) for v in good["period"]],
        illustrative=[_bool(v) for v in good["illustrative"]],
        row=good.index,
    )


def _load_reports(
    paths: ProjectPaths, committees: pd.DataFrame, problems: list[Problem]
) -> pd.DataFrame | None:
    frame = _read_csv(
        paths.raw / "reports.csv", REPORT_COLUMNS, paths, problems, optional=REPORT_OPTIONAL
    )
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
        "key_decision": _optional(
            lambda v: None if v in ("Yes", "No") else f"'{v}' must be Yes or No (or empty)"
        ),
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
            "description": frame["description"],
            "links": frame["links"],
            "source": frame["source"],
            "current_label": frame["current_label"],
            "previous_label": frame["previous_label"],
            "cumulative_label": frame["cumulative_label"],
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
            "revision_reason": frame["revision_reason"],
            "row": frame.index,
        }
    ).reset_index(drop=True)


def _per_date(frame: pd.DataFrame, column: str) -> list[bool]:
    # Without its own flag, a date is as illustrative as the row says.
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
            "key_decision": frame["key_decision"],
            "recommendation": frame["recommendation"],
            "row": frame.index,
        }
    ).reset_index(drop=True)


# Units whose figures and targets cannot be below zero.
_NON_NEGATIVE = ("count", "hours", "days", "percent")


def _plausibility(
    kpis: pd.DataFrame,
    targets: pd.DataFrame,
    figures: pd.DataFrame,
    reports: pd.DataFrame,
    schemes: dict[str, RagScheme],
    committee_schemes: pd.DataFrame,
    problems: list[Problem],
    today: dt.date,
) -> None:
    """Refuse what no real report could hold: it would publish a wrong figure."""
    unit = kpis["unit"].to_dict()
    for table, file in ((figures, "data/raw/figures.csv"), (targets, "data/raw/targets.csv")):
        for rec in table.itertuples():
            value = rec.value
            if pd.notna(value) and value < 0 and unit.get(rec.kpi_id) in _NON_NEGATIVE:
                problems.append(
                    Problem(
                        file,
                        rec.row,
                        "value",
                        f"{value:g} is below zero, which a {unit[rec.kpi_id]} cannot be; "
                        "correct the sign",
                    )
                )
    seen: dict[tuple[str, object], int] = {}
    for rec in targets.itertuples():
        key = (rec.kpi_id, rec.from_period)
        if key in seen:
            problems.append(
                Problem(
                    "data/raw/targets.csv",
                    rec.row,
                    "from_period",
                    f"{rec.kpi_id} already has a target from {rec.from_period} on row "
                    f"{seen[key]}; keep one, or give the new one a later from_period",
                )
            )
        seen.setdefault(key, rec.row)
        if rec.value == 0 and rec.kind == "target":
            kpi = kpis.loc[rec.kpi_id] if rec.kpi_id in kpis.index else None
            relative = kpi is not None and (kpi["tolerance"] or "relative") == "relative"
            if relative and _scheme_tolerance(kpi, committee_schemes, schemes) == "relative":
                problems.append(
                    Problem(
                        "data/raw/targets.csv",
                        rec.row,
                        "value",
                        "a target of 0 cannot be rated with tolerances that are a percentage "
                        "of the target; set the KPI's tolerance to 'points' in kpis.csv",
                    )
                )
    for rec in figures.itertuples():
        if rec.reported_on > today:
            problems.append(
                Problem(
                    "data/raw/figures.csv",
                    rec.row,
                    "reported_on",
                    f"{rec.reported_on} is in the future; give the date the figure was reported",
                )
            )
    quarters = [p if isinstance(p, Quarter) else p.quarter for p in figures["period"]]
    committee_of = kpis["committee"].to_dict()
    with_figures = {
        (committee_of.get(k), q) for k, q in zip(figures["kpi_id"], quarters, strict=True)
    }
    rows: dict[tuple[str, object], int] = {}
    for rec in reports.itertuples():
        key = (rec.committee, rec.period)
        if key in rows:
            problems.append(
                Problem(
                    "data/raw/reports.csv",
                    rec.row,
                    "period",
                    f"{rec.committee} {rec.period} is already on row {rows[key]}; "
                    "delete one of the two rows",
                )
            )
        rows.setdefault(key, rec.row)
        if key not in with_figures:
            problems.append(
                Problem(
                    "data/raw/reports.csv",
                    rec.row,
                    "period",
                    f"{rec.committee} has no figures for {rec.period}: the report would be "
                    "empty; add the figures to data/raw/figures.csv or remove this row",
                )
            )


def _scheme_tolerance(
    kpi: pd.Series, committee_schemes: pd.DataFrame, schemes: dict[str, RagScheme]
) -> str:
    rows = committee_schemes[committee_schemes["committee"] == kpi["committee"]]
    keys = [k for k in rows["scheme"] if k in schemes]
    return "relative" if any(schemes[k].tolerance == "relative" for k in keys) else "points"


def _cross_checks(
    kpis: pd.DataFrame,
    targets: pd.DataFrame,
    figures: pd.DataFrame,
    reports: pd.DataFrame,
    problems: list[Problem],
) -> None:
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
    for report in reports.itertuples():
        for kpi_id in report.green_examples:
            if kpi_id not in kpis.index or kpis.loc[kpi_id, "committee"] != report.committee:
                problems.append(
                    Problem(
                        "data/raw/reports.csv",
                        report.row,
                        "green_examples",
                        f"'{kpi_id}' is not a KPI of {report.committee}"
                        f"{_suggest(kpi_id, kpis.index[kpis['committee'] == report.committee])}; "
                        "list the KPI ids whose commentary the covering report quotes, "
                        "separated by spaces",
                    )
                )
    report_periods = {(r.committee, r.period) for r in reports.itertuples()}
    for _, fig in figures.iterrows():
        kpi = kpis.loc[fig["kpi_id"]]
        period = fig["period"]
        quarter = period if isinstance(period, Quarter) else period.quarter
        if (kpi["committee"], quarter) not in report_periods:
            continue
        if kpi["rating"] != "Rated" or fig["status"] or pd.isna(fig["value"]):
            continue
        if target_for(targets[targets["kpi_id"] == fig["kpi_id"]], period) is None:
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

    The tables validated last time are kept in ``data/processed/`` (see
    :mod:`kpitools.data.cache`) and read instead when no raw file but the
    commentary changed since; the commentary is always read and checked afresh.

    Examples
    --------
    >>> data = load()
    >>> "cosmic" in data.committees.index
    True
    """
    paths = ProjectPaths(root)
    today = dt.date.today()
    key = cache_key(paths, today)
    kept = read_cached(paths, key)
    if isinstance(kept, _Validated):
        problems: list[Problem] = []
        commentary = read_all(paths, kept.register, problems)
        if problems:
            raise DataError(problems)
        return replace(kept.data, commentary=commentary, paths=paths)
    data, register = _validate(paths, today)
    data = replace(data, key=key)
    write_cached(
        paths, key, _Validated(replace(data, commentary=data.commentary.iloc[0:0]), register)
    )
    return data


@dataclass(frozen=True)
class _Validated:
    """What is kept of a validation: the tables, and the KPI register the commentary is
    checked against."""

    data: ProjectData
    register: pd.DataFrame


def _validate(paths: ProjectPaths, today: dt.date) -> tuple[ProjectData, pd.DataFrame]:
    """Read, validate and type every raw file (see :func:`load`)."""
    problems: list[Problem] = []
    schemes, wordings = _load_schemes(paths, problems)
    council, committees, committee_schemes = _load_committees(paths, schemes, problems)
    kpis_raw = _load_kpis(paths, committees, problems)
    targets_raw = _load_targets(paths, kpis_raw, problems)
    figures_raw = _load_figures(paths, kpis_raw, problems)
    reports_raw = _load_reports(paths, committees, problems)
    sources_path = paths.raw / "sources.yml"
    sources = sources_from(
        _read_yaml(sources_path, paths, problems) if sources_path.exists() else None, problems
    )
    accountability = _load_accountability(paths, kpis_raw, sources, problems)
    spc_rebases = _load_spc_rebases(paths, kpis_raw, sources, problems)
    check_sources((kpis_raw, targets_raw, figures_raw, reports_raw), sources, problems)
    if kpis_raw is None or targets_raw is None or figures_raw is None or reports_raw is None:
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
    _plausibility(
        kpis,
        targets_checked,
        figures_checked,
        reports,
        schemes,
        committee_schemes,
        problems,
        today,
    )
    register = kpis_raw.drop_duplicates("kpi_id").set_index("kpi_id", drop=False)
    commentary = read_all(paths, register, problems)
    settings, setting_problems = read_settings(paths.raw / "settings.yml", "data/raw/README.md")
    problems += [Problem("data/raw/settings.yml", None, key, msg) for key, msg in setting_problems]
    if problems:
        raise DataError(problems)
    log.debug("loaded %d KPIs and %d figures", len(kpis), len(figures))
    data = ProjectData(
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
        settings=settings,
        accountability=accountability,
        spc_rebases=spc_rebases,
        sources=sources,
        scheme_wording=wordings,
    )
    return data, register


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (Quarter, Month))).any():
            out[column] = out[column].map(lambda v: None if v is None else str(v))
    return out


# Beside the Parquet tables: the key of the raw files they were written from.
_TABLES_KEY = ".tables-key"


def write_processed(data: ProjectData) -> list[Path]:
    """Write the validated tables to ``data/processed/`` as Parquet, atomically, and
    return them.

    A table already written from the same raw files (``data.key``, recorded beside
    the tables) is left as it is; the commentary, read afresh by every load, is always
    written.

    Examples
    --------
    >>> paths = write_processed(load())  # doctest: +SKIP
    """
    out_dir = data.paths.processed
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = out_dir / _TABLES_KEY
    try:
        same = bool(data.key) and stamp.read_text(encoding="utf-8") == data.key
    except OSError:
        same = False
    written = []
    tables = {
        "kpis": data.kpis,
        "targets": data.targets,
        "figures": data.figures,
        "reports": data.reports,
        "commentary": data.commentary,
        "accountability": data.accountability,
        "spc_rebases": data.spc_rebases,
    }
    for name, frame in tables.items():
        path = out_dir / f"{name}.parquet"
        if same and name != "commentary" and path.exists():
            written.append(path)
            continue
        buffer = io.BytesIO()
        _parquet_ready(frame).to_parquet(buffer, index=False)
        written.append(write_atomic(path, buffer.getvalue()))
    if data.key and not same:
        write_atomic(stamp, data.key.encode("utf-8"))
    return written
