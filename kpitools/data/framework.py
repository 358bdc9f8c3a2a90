"""Load the Performance Management Framework's records beside the KPI figures.

Five optional files in ``data/raw/`` (documented in ``data/raw/README.md``):

- ``kpi_decisions.csv``: each committee's decisions to add, retain, replace or
  remove KPIs, with the rationale as published;
- ``actions.csv``, ``action_milestones.csv``, ``action_updates.csv``: the action
  plan tracker (each action, its milestones as set and revised, and its dated updates);
- ``requests.csv``: members' requests and officers' undertakings between meetings;
- ``strategy.csv`` and ``skpi_targets.csv``: each KPI's corporate priority,
  ambition, directorate and service, whether it is strategic (an SKPI), and the
  long-term targets and milestones of SKPIs.

A missing file means an empty record. Every problem names the file, the row (as a
spreadsheet numbers it: the header is row 1), the column and the fix, through the
same :class:`Problem` and :class:`DataError` as the rest of the input.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpitools.data.cache import cache_key, read_cached, write_cached
from kpitools.data.errors import DataError, Problem
from kpitools.data.load import (
    _BOOL_CHECK,
    ProjectData,
    _bool,
    _check_cells,
    _choice,
    _date_error,
    _good_rows,
    _int_error,
    _number_error,
    _optional,
    _quarter_error,
    _read_csv,
    _required,
    _suggest,
)
from kpitools.data.paths import ProjectPaths
from kpitools.data.published import check_sources
from kpitools.rules.periods import Quarter

__all__ = [
    "ACTION_COLUMNS",
    "DECISION_COLUMNS",
    "FRAMEWORK_FILES",
    "MILESTONE_COLUMNS",
    "PROPOSALS",
    "REQUEST_COLUMNS",
    "SKPI_TARGET_COLUMNS",
    "STRATEGY_COLUMNS",
    "UPDATE_COLUMNS",
    "Framework",
    "load_framework",
]

log = logging.getLogger(__name__)

PROPOSALS = ("add", "retain", "replace", "remove")
ACTION_STATUSES = ("not started", "in progress", "complete")
SKPI_KINDS = ("milestone", "long_term")

DECISION_COLUMNS = [
    "committee", "decided_on", "kpi_number", "kpi_name", "kpi_id", "service_area",
    "frequency", "proposal", "replaces", "rationale", "illustrative", "source",
]  # fmt: skip
ACTION_COLUMNS = [
    "ref", "plan", "committee", "transferred_on", "action", "lead_officer",
    "success_criteria", "baseline", "baseline_as_at", "illustrative", "source",
]  # fmt: skip
MILESTONE_COLUMNS = ["ref", "milestone", "due", "reported_on", "reason", "illustrative", "source"]
UPDATE_COLUMNS = [
    "ref", "reported_on", "as_at", "achieved", "status", "update", "illustrative", "source",
]  # fmt: skip
REQUEST_COLUMNS = [
    "ref", "committee", "raised_on", "raised_by", "request", "officer", "undertaking", "due",
    "answered_on", "answer", "illustrative", "source",
]  # fmt: skip
STRATEGY_COLUMNS = [
    "kpi_id", "priority", "ambition", "directorate", "service", "strategic", "illustrative",
    "source",
]  # fmt: skip
SKPI_TARGET_COLUMNS = ["kpi_id", "kind", "period", "value", "set_on", "illustrative", "source"]

FRAMEWORK_FILES = {
    "decisions": ("kpi_decisions.csv", DECISION_COLUMNS),
    "actions": ("actions.csv", ACTION_COLUMNS),
    "milestones": ("action_milestones.csv", MILESTONE_COLUMNS),
    "updates": ("action_updates.csv", UPDATE_COLUMNS),
    "requests": ("requests.csv", REQUEST_COLUMNS),
    "strategy": ("strategy.csv", STRATEGY_COLUMNS),
    "skpi_targets": ("skpi_targets.csv", SKPI_TARGET_COLUMNS),
}
_DATES = {
    "decisions": ("decided_on",),
    "actions": ("transferred_on",),
    "milestones": ("due", "reported_on"),
    "updates": ("reported_on",),
    "requests": ("raised_on", "due", "answered_on"),
    "skpi_targets": ("set_on",),
}


@dataclass(frozen=True)
class Framework:
    """The framework's records, validated and typed (dates as ``datetime.date``,
    blank dates as None, booleans as bool); each table keeps its spreadsheet ``row``."""

    decisions: pd.DataFrame
    actions: pd.DataFrame
    milestones: pd.DataFrame
    updates: pd.DataFrame
    requests: pd.DataFrame
    strategy: pd.DataFrame
    skpi_targets: pd.DataFrame


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _known(options: set[str], what: str, where: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value in options:
            return None
        return f"unknown {what} '{value}'{_suggest(value, options)}; {where}"

    return check


def _typed(frame: pd.DataFrame, dates: tuple[str, ...]) -> pd.DataFrame:
    out = frame.copy()
    for column in dates:
        out[column] = [_date(v) for v in frame[column]]
    out["illustrative"] = [_bool(v) for v in frame["illustrative"]]
    out["row"] = frame.index
    return out.reset_index(drop=True)


def _read(
    key: str, paths: ProjectPaths, problems: list[Problem]
) -> tuple[pd.DataFrame | None, str]:
    name, columns = FRAMEWORK_FILES[key]
    path = paths.raw / name
    if not path.exists():
        return None, f"data/raw/{name}"
    return _read_csv(path, columns, paths, problems), f"data/raw/{name}"


def _unique(frame: pd.DataFrame, columns: list[str], problems: list[Problem], fix: str) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for row, record in frame.iterrows():
        key = tuple(str(record[c]) for c in columns)
        if key in seen:
            problems.append(
                Problem(
                    frame.attrs["file"],
                    int(row),
                    columns[-1],
                    f"repeats row {seen[key]} ({', '.join(key)}); {fix}",
                )
            )
        seen.setdefault(key, int(row))


def _check_decisions(frame: pd.DataFrame, data: ProjectData, problems: list[Problem]) -> None:
    committees = set(data.committees.index)
    kpis = data.kpis
    _check_cells(
        frame,
        {
            "committee": _required(
                _known(committees, "committee", "committees are listed in data/raw/committees.yml")
            ),
            "decided_on": _required(_date_error),
            "kpi_number": _optional(_int_error),
            "kpi_name": _required(),
            "kpi_id": _optional(
                _known(
                    set(kpis.index), "KPI", "give an id from data/raw/kpis.csv or leave it blank"
                )
            ),
            "proposal": _required(_choice(PROPOSALS)),
            "replaces": _optional(_int_error),
            "illustrative": _BOOL_CHECK,
        },
        problems,
    )
    file = frame.attrs["file"]
    for row, record in frame.iterrows():
        kpi_id = record["kpi_id"]
        if kpi_id in kpis.index and record["committee"] in committees:
            owner = kpis.loc[kpi_id, "committee"]
            if owner != record["committee"]:
                problems.append(
                    Problem(
                        file,
                        int(row),
                        "kpi_id",
                        f"'{kpi_id}' belongs to committee '{owner}' in data/raw/kpis.csv, not "
                        f"'{record['committee']}'; correct the committee or the id",
                    )
                )
    _unique(
        frame,
        ["committee", "decided_on", "kpi_number", "kpi_name"],
        problems,
        "record each decision on a KPI once",
    )


def _check_actions(
    actions: pd.DataFrame | None,
    milestones: pd.DataFrame | None,
    updates: pd.DataFrame | None,
    data: ProjectData,
    problems: list[Problem],
) -> None:
    committees = set(data.committees.index)
    refs: set[str] = set()
    if actions is not None:
        _check_cells(
            actions,
            {
                "ref": _required(),
                "committee": _required(
                    _known(
                        committees, "committee", "committees are listed in data/raw/committees.yml"
                    )
                ),
                "transferred_on": _required(_date_error),
                "action": _required(),
                "lead_officer": _required(),
                "illustrative": _BOOL_CHECK,
            },
            problems,
        )
        _unique(actions, ["ref"], problems, "each action needs its own ref")
        refs = set(actions["ref"])
    where = "add the action to data/raw/actions.csv first"
    if milestones is not None:
        _check_cells(
            milestones,
            {
                "ref": _required(_known(refs, "action", where)),
                "milestone": _required(),
                "due": _optional(_date_error),
                "reported_on": _optional(_date_error),
                "illustrative": _BOOL_CHECK,
            },
            problems,
        )
        _unique(
            milestones,
            ["ref", "reported_on"],
            problems,
            "a revision needs the date it was first reported, later than the one before",
        )
    if updates is not None:
        _check_cells(
            updates,
            {
                "ref": _required(_known(refs, "action", where)),
                "reported_on": _required(_date_error),
                "status": _required(_choice(ACTION_STATUSES)),
                "update": _required(),
                "illustrative": _BOOL_CHECK,
            },
            problems,
        )
        _unique(updates, ["ref", "reported_on"], problems, "keep one update per action and date")


def _check_requests(frame: pd.DataFrame, data: ProjectData, problems: list[Problem]) -> None:
    _check_cells(
        frame,
        {
            "ref": _required(),
            "committee": _required(
                _known(
                    set(data.committees.index),
                    "committee",
                    "committees are listed in data/raw/committees.yml",
                )
            ),
            "raised_on": _required(_date_error),
            "request": _required(),
            "officer": _required(),
            "due": _optional(_date_error),
            "answered_on": _optional(_date_error),
            "illustrative": _BOOL_CHECK,
        },
        problems,
    )
    _unique(frame, ["ref"], problems, "each request needs its own ref")
    file = frame.attrs["file"]
    for row, record in frame.iterrows():
        answered, raised = record["answered_on"], record["raised_on"]
        if answered and not _date_error(answered) and not _date_error(raised) and answered < raised:
            problems.append(
                Problem(file, int(row), "answered_on", "is before raised_on; correct one of them")
            )
        if answered and not record["answer"]:
            problems.append(
                Problem(
                    file,
                    int(row),
                    "answer",
                    "is empty but answered_on is given; record the answer, or clear answered_on",
                )
            )


def _check_strategy(
    strategy: pd.DataFrame | None,
    targets: pd.DataFrame | None,
    data: ProjectData,
    problems: list[Problem],
) -> None:
    known = set(data.kpis.index)
    fix = "add it to data/raw/kpis.csv first"
    strategic: set[str] = set()
    if strategy is not None:
        _check_cells(
            strategy,
            {
                "kpi_id": _required(_known(known, "KPI", fix)),
                "directorate": _required(),
                "strategic": _BOOL_CHECK,
                "illustrative": _BOOL_CHECK,
            },
            problems,
        )
        _unique(strategy, ["kpi_id"], problems, "keep one row per KPI")
        for row, record in strategy.iterrows():
            if record["strategic"] == "true":
                strategic.add(record["kpi_id"])
                if not record["priority"] and not record["ambition"]:
                    problems.append(
                        Problem(
                            strategy.attrs["file"],
                            int(row),
                            "priority",
                            "is empty for a strategic KPI; give the corporate priority or "
                            "ambition it measures",
                        )
                    )
    if targets is not None:
        _check_cells(
            targets,
            {
                "kpi_id": _required(
                    _known(strategic, "strategic KPI", "mark it strategic in data/raw/strategy.csv")
                ),
                "kind": _required(_choice(SKPI_KINDS)),
                "period": _required(_quarter_error),
                "value": _required(_number_error),
                "set_on": _optional(_date_error),
                "illustrative": _BOOL_CHECK,
            },
            problems,
        )
        _unique(targets, ["kpi_id", "period"], problems, "keep one target per SKPI and period")


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for name, _ in FRAMEWORK_FILES.values():
        path = root / "data" / "raw" / name
        if path.exists():
            stat = path.stat()
            out.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load_framework(data: ProjectData) -> Framework:
    """Read, check and type the framework files of a project.

    Files are read once per project and change of the files (the result is
    cached by path, modification time and size).

    Raises
    ------
    DataError
        With every problem found, each naming file, row and column.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> fw = load_framework(load())
    >>> sorted(set(fw.actions["ref"]))
    ['C.2', 'C.7', 'F.12', 'F.9', 'H.9']
    """
    return _cached(data, _stamp(data.paths.root))


# The data object is the same for a whole build; the stamp sees edited files.
_CACHE: dict[tuple[int, tuple[tuple[str, int, int], ...]], tuple[ProjectData, Framework]] = {}


def _cached(data: ProjectData, stamp: tuple[tuple[str, int, int], ...]) -> Framework:
    key = (id(data), stamp)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is data:
        return hit[1]
    framework = _kept_or_load(data)
    _CACHE.clear()
    _CACHE[key] = (data, framework)
    return framework


def _kept_or_load(data: ProjectData) -> Framework:
    """The framework validated last time from the same raw files, else validated now."""
    if not data.key or cache_key(data.paths, dt.date.today()) != data.key:
        return _load(data)  # tables made in memory, or files changed since they were read
    kept = read_cached(data.paths, data.key, "framework")
    if isinstance(kept, Framework):
        return kept
    framework = _load(data)
    write_cached(data.paths, data.key, framework, "framework")
    return framework


def _load(data: ProjectData) -> Framework:
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame | None] = {}
    for key in FRAMEWORK_FILES:
        raw[key], _ = _read(key, data.paths, problems)
    check_sources(raw.values(), data.sources, problems)
    if raw["decisions"] is not None:
        _check_decisions(raw["decisions"], data, problems)
    _check_actions(raw["actions"], raw["milestones"], raw["updates"], data, problems)
    if raw["requests"] is not None:
        _check_requests(raw["requests"], data, problems)
    _check_strategy(raw["strategy"], raw["skpi_targets"], data, problems)
    if problems:
        raise DataError(problems)
    tables: dict[str, pd.DataFrame] = {}
    for key, (_, columns) in FRAMEWORK_FILES.items():
        frame = raw[key]
        if frame is None:
            tables[key] = _typed(pd.DataFrame(columns=columns), _DATES.get(key, ()))
            continue
        tables[key] = _typed(_good_rows(frame, problems), _DATES.get(key, ()))
    decisions = tables["decisions"]
    decisions["kpi_number"] = pd.array(
        [int(v) if v else None for v in decisions["kpi_number"]], dtype="Int64"
    )
    strategy = tables["strategy"]
    strategy["strategic"] = [_bool(v) for v in strategy["strategic"]]
    targets = tables["skpi_targets"]
    targets["period"] = [Quarter.parse(v) for v in targets["period"]]
    targets["value"] = [float(v) for v in targets["value"]]
    log.debug("framework: %d decisions, %d actions", len(decisions), len(tables["actions"]))
    return Framework(**tables)
