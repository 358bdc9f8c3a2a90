"""The validated tables kept in data/processed: read again only while nothing but the
commentary changed, and never trusted when they cannot be."""

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import kpitools.data.framework as framework_module
import kpitools.data.load as load_module
from kpitools.data.cache import CACHE_FILE, cache_key
from kpitools.data.errors import DataError
from kpitools.data.load import load, write_processed
from kpitools.data.paths import ProjectPaths


def _no_validation(*args, **kwargs):
    raise AssertionError("the raw tables were validated again")


def _figure(data, kpi_id: str, period: str) -> float:
    figures = data.figures
    rows = figures[(figures["kpi_id"] == kpi_id) & (figures["period"].astype(str) == period)]
    return float(rows.sort_values("reported_on")["value"].iloc[-1])


def test_an_unchanged_project_is_not_validated_twice(mini: Path, monkeypatch):
    first = load(mini)
    assert (mini / "data" / "processed" / CACHE_FILE.format(name="tables")).exists()
    monkeypatch.setattr(load_module, "_validate", _no_validation)
    second = load(mini)
    for table in ("kpis", "targets", "figures", "reports", "commentary", "committees"):
        pd.testing.assert_frame_equal(getattr(first, table), getattr(second, table))
    assert second.paths.root == ProjectPaths(mini).root
    assert second.schemes == first.schemes and second.settings == first.settings


def test_a_commentary_edit_is_read_without_validating_the_tables_again(mini: Path, monkeypatch):
    load(mini)
    path = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A strong quarter", "An edited quarter"), encoding="utf-8")
    monkeypatch.setattr(load_module, "_validate", _no_validation)
    data = load(mini)
    texts = " ".join(data.commentary["commentary"].astype(str))
    assert "An edited quarter" in texts and "A strong quarter" not in texts


def test_a_commentary_error_is_reported_with_tables_kept(mini: Path):
    load(mini)
    path = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## births —", "## birth —"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(mini)
    assert "2023-24-Q2.md" in str(caught.value) and "births" in str(caught.value)


def test_a_changed_figure_is_validated_again(mini: Path):
    assert _figure(load(mini), "births", "2023-24 Q1") == 98
    figures = mini / "data" / "raw" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("births,2023-24 Q1,98,", "births,2023-24 Q1,99,"), "utf-8")
    assert _figure(load(mini), "births", "2023-24 Q1") == 99
    figures.write_text(text.replace("births,2023-24 Q1,98,", "births,2023-24 Q1,ninety,"), "utf-8")
    with pytest.raises(DataError) as caught:
        load(mini)
    assert "data/raw/figures.csv" in str(caught.value) and "value" in str(caught.value)


def test_the_tables_of_another_day_are_not_used(mini: Path):
    paths = ProjectPaths(mini)
    assert cache_key(paths, dt.date(2024, 3, 1)) != cache_key(paths, dt.date(2024, 3, 2))


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04K\x01."])
def test_a_torn_or_foreign_file_is_ignored_and_replaced(mini: Path, content: bytes):
    kept = mini / "data" / "processed" / CACHE_FILE.format(name="tables")
    kept.parent.mkdir(parents=True)
    kept.write_bytes(content)
    assert "demo" in load(mini).committees.index
    assert kept.read_bytes() != content


def test_a_project_whose_processed_folder_cannot_be_written_still_loads(mini: Path):
    (mini / "data" / "processed").write_text("a file where the folder should be")
    assert "demo" in load(mini).committees.index


def test_the_framework_validated_from_the_same_files_is_kept(mini: Path, monkeypatch):
    first = framework_module.load_framework(load(mini))
    monkeypatch.setattr(framework_module, "_CACHE", {})
    monkeypatch.setattr(framework_module, "_load", _no_validation)
    kept = framework_module.load_framework(load(mini))
    pd.testing.assert_frame_equal(first.actions, kept.actions)


def test_no_framework_is_kept_for_tables_made_in_memory_or_files_changed_since(
    mini: Path, monkeypatch
):
    data = load(mini)
    framework_module.load_framework(data)
    monkeypatch.setattr(framework_module, "_CACHE", {})
    calls = []
    real = framework_module._load
    monkeypatch.setattr(framework_module, "_load", lambda d: calls.append(d) or real(d))
    framework_module.load_framework(replace(data, key=""))
    assert len(calls) == 1
    (mini / "data" / "raw" / "kpis.csv").write_text(
        (mini / "data" / "raw" / "kpis.csv").read_text(encoding="utf-8") + "\n", "utf-8"
    )
    monkeypatch.setattr(framework_module, "_CACHE", {})
    framework_module.load_framework(data)
    assert len(calls) == 2


def test_processed_tables_are_rewritten_only_when_their_raw_files_changed(mini: Path):
    processed = mini / "data" / "processed"
    write_processed(load(mini))
    before = {p.name: p.stat().st_mtime_ns for p in processed.glob("*.parquet")}
    assert set(before) >= {"kpis.parquet", "figures.parquet", "commentary.parquet"}
    (processed / "targets.parquet").unlink()
    write_processed(load(mini))
    after = {p.name: p.stat().st_mtime_ns for p in processed.glob("*.parquet")}
    # Unchanged raw files: only the commentary and the missing table are written again.
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"commentary.parquet", "targets.parquet"}
    figures = mini / "data" / "raw" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    write_processed(load(mini))
    again = {p.name: p.stat().st_mtime_ns for p in processed.glob("*.parquet")}
    assert all(again[name] != after[name] for name in after)
    kpis = pd.read_parquet(processed / "kpis.parquet")
    assert "library-users" in set(kpis["kpi_id"])


def test_no_cache_in_the_environment_validates_every_time(mini: Path, monkeypatch):
    monkeypatch.setenv("KPITOOLS_NO_CACHE", "1")
    load(mini)
    assert not (mini / "data" / "processed" / CACHE_FILE.format(name="tables")).exists()
    monkeypatch.setattr(load_module, "_validate", _no_validation)
    with pytest.raises(AssertionError, match="validated again"):
        load(mini)
