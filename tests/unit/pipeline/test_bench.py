"""The benchmark: what a clean build starts from, and which figures have goals."""

from pathlib import Path

from kpitools.pipeline.bench import BenchResult, _clean, _figures


def test_a_clean_build_keeps_only_the_tools_caches(tmp_path: Path):
    processed = tmp_path / "data" / "processed"
    for kept in ("validated-kpis.pkl", "charts/ab.json", "models/2023-24-Q2/cosmic.pkl"):
        (processed / kept).parent.mkdir(parents=True, exist_ok=True)
        (processed / kept).write_text("kept by a build")
    (processed / ".cache" / "matplotlib").mkdir(parents=True)
    (processed / ".cache" / "matplotlib" / "fontlist.json").write_text("fonts")
    (tmp_path / "outputs" / "2023-24-Q2").mkdir(parents=True)
    _clean(tmp_path)
    assert not (tmp_path / "outputs").exists()
    left = sorted(p.relative_to(processed).as_posix() for p in processed.rglob("*"))
    assert left == [".cache", ".cache/matplotlib", ".cache/matplotlib/fontlist.json"]


def test_figures_for_information_never_fail_the_run():
    times = {
        "clean": [30.0, 20.0, 25.0],
        "html": [11.0, 12.0, 10.0],
        "plain": [40.0, 41.0, 39.0],
        "nochange": [0.1, 0.1, 0.1],
        "edit": [9.0, 9.0, 9.0],
        "edit_html": [3.0, 3.0, 3.0],
        "empty": [2.0, 2.0, 2.0],
    }
    figures = _figures(times, 5)
    # Medians: clean 25, html 11, plain 40, no change 0.1, edit 9 and 3, empty 2.
    assert [round(f.value, 4) for f in figures] == [0.004, 1.5, 4.5, 0.275, 0.625]
    assert [f.met for f in figures] == [True, True, True, True, True]
    assert BenchResult(figures).ok
    slower = {**times, "html": [13.0, 13.0, 13.0]}
    assert not BenchResult(_figures(slower, 5)).ok  # 13 / 40 = 0.325 > 0.30
