import re
from pathlib import Path

import pytest

import kpitools as kt
from kpitools.data.load import DataError


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_loads_and_types_are_right(mini):
    data = kt.load(mini)
    assert list(data.committees.index) == ["demo"]
    fig = data.figures[data.figures["kpi_id"] == "births"].iloc[-1]
    assert fig["value"] == 99.0 and fig["period"] == kt.Quarter(2023, 2)
    assert bool(data.kpis.loc["learners", "cumulative"]) is True
    assert data.kpis.loc["learners", "comparison"] == "year_ago"


def test_every_problem_is_reported_together_with_file_row_and_column(mini):
    raw = mini / "data" / "raw"
    # kpis.csv row 2 (library-users): direction neither up nor down.
    _edit(raw / "kpis.csv", "Libraries,count,0,up,", "Libraries,count,0,upwards,")
    # kpis.csv row 5 (coroner-cases): unknown committee.
    _edit(raw / "kpis.csv", "coroner-cases,demo,", "coroner-cases,dmeo,")
    figures = raw / "figures.csv"
    # figures.csv row 5: births Q1 "98%" as text; row 6: births Q2 as a fraction.
    _edit(figures, "births,2023-24 Q1,98,", "births,2023-24 Q1,98%,")
    _edit(figures, "births,2023-24 Q2,99,", "births,2023-24 Q2,0.99,")
    # row 7: a period that does not parse.
    _edit(figures, "deaths,2023-24 Q1,48,", "deaths,2023 Q1,48,")
    # row 12: unknown KPI.
    _edit(figures, "learners,2023-24 Q2,608,", "lerners,2023-24 Q2,608,")
    with figures.open("a", encoding="utf-8") as f:
        # row 15: duplicate of row 9 (coroner-cases 2023-24 Q1 reported 2023-12-12).
        f.write("coroner-cases,2023-24 Q1,944,2023-12-12,,,,,false,fixture,\n")
    # targets.csv: remove the deaths target so a Rated KPI has none in a report period.
    _edit(raw / "targets.csv", "deaths,2023-24 Q1,,target,60,period,false,,fixture\n", "")
    # A commentary section for a KPI that does not exist.
    _edit(
        raw / "commentary" / "demo" / "2023-24-Q2.md",
        "## births — Births within 42 days",
        "## birth — Births within 42 days",
    )
    with pytest.raises(DataError) as caught:
        kt.load(mini)
    problems = {(p.file, p.row, p.column): p.message for p in caught.value.problems}
    message = str(caught.value)

    def has(file, row, column, pattern):
        key = (f"data/raw/{file}", row, column)
        assert key in problems, f"{key} not reported; got {sorted(problems)}"
        assert re.search(pattern, problems[key]), problems[key]

    has("kpis.csv", 2, "direction", r"'upwards' is not allowed; use one of 'up', 'down', 'none'")
    has("kpis.csv", 5, "committee", r"unknown committee 'dmeo' \(did you mean 'demo'\?\)")
    has("figures.csv", 5, "value", r"'98%' is text; write the number without the % sign \(98\)")
    has("figures.csv", 6, "value", r"0.99 looks like a fraction.*write 99")
    has("figures.csv", 7, "period", r"'2023 Q1' is not a period")
    has("figures.csv", 12, "kpi_id", r"unknown KPI 'lerners' \(did you mean 'learners'\?\)")
    has("figures.csv", 15, "period", r"duplicate figure: row 9 already gives coroner-cases")
    has("figures.csv", 8, "kpi_id", r"deaths is a Rated KPI but has no target for 2023-24 Q2")
    has(
        "commentary/demo/2023-24-Q2.md",
        18,
        "section",
        r"no KPI 'birth' in data/raw/kpis.csv \(did you mean 'births'\?\)",
    )
    assert "nothing was written" in message
    assert "data/raw/figures.csv, row 5, column 'value'" in message
    assert not (mini / "data" / "processed").exists() or not any(
        (mini / "data" / "processed").iterdir()
    )


def test_missing_columns_and_files_are_named(mini):
    raw = mini / "data" / "raw"
    _edit(raw / "targets.csv", "kpi_id,from_period", "kpi,from_period")
    (raw / "reports.csv").unlink()
    with pytest.raises(DataError) as caught:
        kt.load(mini)
    text = str(caught.value)
    assert "data/raw/targets.csv, row 1: missing column(s) kpi_id" in text
    assert "data/raw/reports.csv: file not found" in text


def test_unknown_scheme_and_bad_scheme_settings(mini):
    raw = mini / "data" / "raw"
    _edit(raw / "committees.yml", '"2024-25": rag_seed_000', '"2024-25": rag_seed_00')
    _edit(
        raw / "schemes.yml",
        "red_at: 0.10\n  red_inclusive: true",
        "red_at: -1\n  red_inclusive: true",
    )
    with pytest.raises(DataError) as caught:
        kt.load(mini)
    text = str(caught.value)
    assert "scheme 'rag_seed_00' is not in data/raw/schemes.yml" in text
    assert "red_at" in text and "greater than 0" in text


def test_monthly_kpi_needs_monthly_periods(mini):
    raw = mini / "data" / "raw"
    _edit(
        raw / "kpis.csv",
        "deaths,demo,220,Registrations - All deaths registered within 5 days,"
        "Registrations,percent,0,up,quarterly",
        "deaths,demo,220,Registrations - All deaths "
        "registered within 5 days,Registrations,percent,0,up,monthly",
    )
    with pytest.raises(DataError, match=r"deaths is monthly: its period must be a month"):
        kt.load(mini)


def test_processed_tables_are_written_outside_raw(mini):
    data = kt.load(mini)
    written = kt.write_processed(data)
    assert {p.name for p in written} >= {"kpis.parquet", "figures.parquet"}
    assert all(p.parent == mini / "data" / "processed" for p in written)
