"""Malformed and implausible inputs: each is refused with its own message, naming where.

Every case is one small change to the fixture project; ``kpitools validate`` must exit
2 with the expected words on standard error, write nothing, and never show a traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kpitools.cli import main
from tests.conftest import FIXTURE


def replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        text = (raw / file).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        (raw / file).write_text(text.replace(old, new, count), encoding="utf-8")

    return change


def append(file: str, line: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        with (raw / file).open("a", encoding="utf-8") as f:
            f.write(line)

    return change


def write(file: str, data: bytes) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        (raw / file).write_bytes(data)

    return change


def header_only(file: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        first = (raw / file).read_text(encoding="utf-8").splitlines()[0]
        (raw / file).write_text(first + "\n", encoding="utf-8")

    return change


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        for one in changes:
            one(raw)

    return change


def remove(file: str) -> Callable[[Path], None]:
    return lambda raw: (raw / file).unlink()


def cp1252(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        text = (raw / file).read_text(encoding="utf-8").replace(old, new, 1)
        (raw / file).write_bytes(text.encode("cp1252"))

    return change


F, K, T, R = "figures.csv", "kpis.csv", "targets.csv", "reports.csv"
S, C, SET = "schemes.yml", "committees.yml", "settings.yml"
MD = "commentary/demo/2023-24-Q2.md"
SRC = "sources.yml"
B1 = "births,2023-24 Q1,98,2023-12-12"
LIB = "library-users,demo,36,Number of active library users,Libraries,count,0,up,"

CASES: list[tuple[str, Callable[[Path], None], str]] = [
    # figures.csv
    ("percent sign", replace(F, B1, "births,2023-24 Q1,98%,2023-12-12"), "without the % sign"),
    ("thousands separator", replace(F, "90157", '"90,157"'), "thousands separator; write 90157"),
    ("word as figure", replace(F, "90157", "ninety"), "'ninety' is not a number"),
    ("infinite figure", replace(F, "90157", "inf"), "not a finite number"),
    ("figure missing", replace(F, ",90157,", ",,"), "give the figure, or set status"),
    ("bad period", replace(F, B1, "births,2023 Q1,98,2023-12-12"), "'2023 Q1' is not a period"),
    ("bad date", replace(F, B1, "births,2023-24 Q1,98,12/12/2023"), "is not a date"),
    ("future date", replace(F, B1, "births,2023-24 Q1,98,2999-01-01"), "is in the future"),
    (
        "unknown KPI",
        replace(F, "learners,2023-24 Q2", "lerners,2023-24 Q2"),
        "unknown KPI 'lerners'",
    ),
    (
        "duplicate figure",
        append(F, "deaths,2023-24 Q1,48,2023-12-12,,,,,false,x\n"),
        "duplicate figure",
    ),
    ("negative count", replace(F, "90157", "-90157"), "is below zero"),
    ("negative percent", replace(F, B1, "births,2023-24 Q1,-98,2023-12-12"), "is below zero"),
    (
        "unknown status",
        replace(F, "829,2023-12-12,Not rated", "829,2023-12-12,Great"),
        "'Great' is not allowed",
    ),
    (
        "fraction percent",
        replace(F, B1, "births,2023-24 Q1,0.98,2023-12-12"),
        "looks like a fraction",
    ),
    (
        "month for a quarterly KPI",
        replace(F, B1, "births,2023-08,98,2023-12-12"),
        "its period must be a quarter",
    ),
    ("figures header only", header_only(F), "figures.csv: has a header but no rows"),
    ("figures empty file", write(F, b""), "figures.csv: is empty"),
    ("figures not UTF-8", cp1252(F, "fixture", "fixtüre"), "is not UTF-8"),
    (
        "figures column missing",
        replace(F, "reported_on", "reported"),
        "missing column(s) reported_on",
    ),
    (
        "figures extra column",
        replace(F, ",revision_reason\n", ",revision_reason,extra\n"),
        "unknown column(s) extra",
    ),
    (
        "figures quote unclosed",
        append(F, 'births,2023-24 Q3,"97,2024-01-05,,,,,false,x\n'),
        "not a well-formed CSV",
    ),
    # kpis.csv
    (
        "direction word",
        replace(K, LIB, LIB.replace(",up,", ",upwards,")),
        "'upwards' is not allowed",
    ),
    (
        "unknown committee",
        replace(K, "coroner-cases,demo,", "coroner-cases,dmeo,"),
        "unknown committee 'dmeo'",
    ),
    (
        "unknown unit",
        replace(K, "Libraries,count,", "Libraries,pounds,"),
        "'pounds' is not allowed",
    ),
    (
        "too many decimals",
        replace(K, "Libraries,count,0,", "Libraries,count,7,"),
        "must be 0, 1, 2 or 3",
    ),
    (
        "unknown rating",
        replace(K, ",Contextual,previous", ",Background,previous"),
        "'Background' is not allowed",
    ),
    (
        "bad from_period",
        replace(K, 'previous,,2022-23 Q2,,false,"Unique', 'previous,,2022 Q2,,false,"Unique'),
        "is not a quarter",
    ),
    (
        "to before from",
        replace(K, "2021-22 Q1,2022-23 Q1", "2021-22 Q1,2020-21 Q1"),
        "is before from_period",
    ),
    (
        "duplicate KPI id",
        replace(K, "coroner-cases,demo,,", "births,demo,,"),
        "'births' is already used on row",
    ),
    (
        "rated without direction",
        replace(K, LIB, LIB.replace(",up,", ",none,")),
        "needs a direction",
    ),
    (
        "KPI id with spaces",
        replace(K, "library-users,demo", "Library Users,demo"),
        "is not a valid id",
    ),
    (
        "cumulative yes",
        replace(K, "count,0,up,quarterly,true,", "count,0,up,quarterly,yes,"),
        "'yes' is not allowed",
    ),
    ("weekly KPI", replace(K, LIB + "quarterly", LIB + "weekly"), "'weekly' is not allowed"),
    (
        "comparison word",
        replace(
            K, 'Rated,previous,,2022-23 Q2,,false,"Unique', 'Rated,last,,2022-23 Q2,,false,"Unique'
        ),
        "'last' is not allowed",
    ),
    (
        "tolerance word",
        replace(
            K,
            'Rated,previous,,2022-23 Q2,,false,"Unique',
            'Rated,previous,percent,2022-23 Q2,,false,"Unique',
        ),
        "'percent' is not allowed",
    ),
    ("kpis header only", header_only(K), "kpis.csv: has a header but no rows"),
    ("kpis not UTF-8", cp1252(K, "Libraries", "Libraríes"), "is not UTF-8"),
    # targets.csv
    (
        "target for unknown KPI",
        replace(T, "deaths,2023-24 Q1", "death,2023-24 Q1"),
        "unknown KPI 'death'",
    ),
    ("target as text", replace(T, "107236", "lots"), "'lots' is not a number"),
    ("target kind", replace(T, ",target,74,", ",goal,74,"), "'goal' is not allowed"),
    ("target basis", replace(T, "74,period", "74,yearly"), "'yearly' is not allowed"),
    ("negative target", replace(T, "107236", "-107236"), "is below zero"),
    (
        "two targets one start",
        append(T, "births,2023-24 Q1,,target,80,period,false,,x\n"),
        "already has a target from 2023-24 Q1",
    ),
    ("zero relative target", replace(T, "107236", "0"), "a target of 0 cannot be rated"),
    (
        "rated KPI without target",
        replace(T, "deaths,2023-24 Q1,,target,60,period,false,,fixture\n", ""),
        "has no target for",
    ),
    ("target period", replace(T, "births,2023-24 Q1", "births,Q1"), "is not a quarter"),
    # reports.csv
    (
        "report unknown committee",
        replace(R, "demo,2023-24 Q2", "dem,2023-24 Q2"),
        "unknown committee 'dem'",
    ),
    ("report bad period", replace(R, "demo,2023-24 Q2", "demo,2023 Q2"), "is not a quarter"),
    ("report bad date", replace(R, "2023-12-12", "12 December 2023"), "is not a date"),
    (
        "duplicate report row",
        append(R, "demo,2023-24 Q2,2023-12-12,,false,x\n"),
        "already on row 2",
    ),
    (
        "report with no figures",
        append(R, "demo,2024-25 Q3,2025-01-10,,false,x\n"),
        "has no figures for 2024-25 Q3",
    ),
    (
        "report illustrative word",
        replace(R, ",false,fixture", ",no,fixture"),
        "'no' is not allowed",
    ),
    ("reports missing", remove(R), "reports.csv: file not found"),
    # schemes.yml
    ("red_at as percent", replace(S, "red_at: 0.10", "red_at: 10"), "write 0.1"),
    (
        "boolean as word",
        replace(S, "red_inclusive: false", 'red_inclusive: "no"'),
        "write true or false",
    ),
    ("blue_at as percent", replace(S, "blue_at: 0.05", "blue_at: 5"), "write 0.05"),
    ("tolerance word", replace(S, "tolerance: relative", "tolerance: percentage"), "tolerance"),
    (
        "unknown status in order",
        replace(S, "[Red, Amber, Green, Blue,", "[Red, Amber, Green, Purple,"),
        "summary_order",
    ),
    ("schemes as list", write(S, b"- red_at: 0.1\n- red_at: 0.2\n"), "not a list"),
    (
        "unknown scheme setting",
        replace(S, "red_at: 0.10", "red_at: 0.10\n  orange_at: 0.2"),
        "orange_at",
    ),
    ("schemes not YAML", write(S, b"ragb: [unclosed\n"), "is not valid YAML"),
    (
        "threshold as text",
        replace(S, "red_at: 0.10", 'red_at: "0.1"'),
        "write a number without quotes",
    ),
    # committees.yml
    (
        "illustrative as text",
        replace(C, "illustrative: false", 'illustrative: "false"'),
        "write true or false",
    ),
    (
        "unknown scheme key",
        replace(C, ": rag_seed_000", ": rag_seed_00"),
        "scheme 'rag_seed_00' is not in",
    ),
    ("bad financial year", replace(C, '"2024-25"', '"FY24"'), "is not a financial year"),
    ("committee without name", replace(C, "    name: Demonstration Committee\n", ""), "name"),
    ("committees as list", write(C, b"- demo\n- other\n"), "committees.yml"),
    ("council missing", replace(C, "council: Example County Council\n", ""), "council"),
    # settings.yml
    ("trend of one point", write(SET, b"trend:\n  min_points: 1\n"), "min_points"),
    ("window as word", write(SET, b"trend:\n  window: eight\n"), "window"),
    ("unknown setting", write(SET, b"trend:\n  span: 4\n"), "span"),
    # commentary
    (
        "unclosed note",
        replace(MD, "### Actions\n\nLaunch", "### Actions\n\n<!-- todo\n\nLaunch"),
        "is never closed",
    ),
    (
        "conflict markers",
        replace(MD, "A strong quarter", "<<<<<<< version of A\nA strong quarter"),
        "unresolved merge conflict",
    ),
    ("section for unknown KPI", replace(MD, "## births —", "## birth —"), "no KPI 'birth'"),
    (
        "front matter period",
        replace(MD, "period: 2023-24 Q2", "period: sometime"),
        "is not a quarter",
    ),
    ("commentary not UTF-8", cp1252(MD, "A strong quarter", "Á strong quarter"), "is not UTF-8"),
    (
        "commentary of another committee",
        replace(MD, "committee: demo", "committee: other"),
        "but the file is in the 'demo' folder",
    ),
    (
        "duplicate section",
        append(MD, "\n## births — again\n\n### Commentary\n\nTwice.\n"),
        "has a second section",
    ),
    (
        "unknown subsection",
        replace(MD, "### Actions\n\nLaunch", "### Plans\n\nLaunch"),
        "unknown subsection '### Plans'",
    ),
    # sources.yml and the published wording
    (
        "source not a document",
        write(SRC, b"dashboard:\n  title: Performance Report\n"),
        "'fixture' is not a key of data/raw/sources.yml",
    ),
    ("source without title", write(SRC, b"fixture:\n  label: dashboard\n"), "fixture.title"),
    (
        "source date as text",
        write(SRC, b"fixture:\n  title: Report\n  date: 12 December 2023\n"),
        "fixture.date",
    ),
    (
        "green example of another committee",
        both(
            replace(R, "illustrative,source", "illustrative,source,green_examples"),
            replace(R, ",false,fixture", ",false,fixture,library-user"),
        ),
        "'library-user' is not a KPI of demo (did you mean 'library-users'?)",
    ),
    (
        "per-date flag as word",
        both(
            replace(R, "illustrative,source", "illustrative,source,meeting_date_illustrative"),
            replace(R, ",false,fixture", ",false,fixture,maybe"),
        ),
        "'maybe' is not allowed",
    ),
    (
        "summary zero other than - or 0",
        replace(S, "red_at: 0.10", "red_at: 0.10\n  summary_zero: none", count=1),
        "summary_zero",
    ),
    (
        "Key row without explanation",
        replace(S, "red_at: 0.10", 'red_at: 0.10\n  key: [["Target"]]', count=1),
        'write each row of the Key as ["item", "explanation"]',
    ),
    (
        "criteria of an unknown status",
        replace(S, "red_at: 0.10", "red_at: 0.10\n  criteria:\n    Purple: odd", count=1),
        "criteria.Purple",
    ),
]


@pytest.mark.parametrize("label, change, expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_is_refused_with_its_message(tmp_path, capsys, label, change, expected):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    change(root / "data" / "raw")
    status = main(["--root", str(root), "validate"])
    err = capsys.readouterr().err
    assert status == 2, f"{label}: exit {status}; stderr: {err}"
    assert expected in err, f"{label}: {expected!r} not in: {err}"
    assert "Traceback" not in err
    assert not (root / "outputs").exists()
    assert not (root / "data" / "processed").exists()


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60
