"""The batch: one committee's failure does not stop the others, and never loses a good build."""

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

import kpitools as kt
import kpitools.cli
import kpitools.render.pdf as pdf
from kpitools.model.report import build_report
from kpitools.pipeline import batch
from kpitools.pipeline.workers import CHART_CACHE
from kpitools.render.chart_cache import chart_tasks

pytestmark = [pytest.mark.xdist_group("batch"), pytest.mark.slow]

FAILURES = {
    "raises": "raise RuntimeError('deliberate failure in the notebook')",
    "dies": "import os; os._exit(1)",
    "hangs": "import time; time.sleep(120)",
}


def _add_committees(root: Path, names: Iterable[str] = FAILURES) -> None:
    """Give the fixture more committees, each with one copy of the births KPI."""
    raw = root / "data" / "raw"
    committees = (raw / "committees.yml").read_text()
    kpis = (raw / "kpis.csv").read_text().splitlines(keepends=True)
    births = next(line for line in kpis if line.startswith("births,"))
    targets = next(
        line
        for line in (raw / "targets.csv").read_text().splitlines(keepends=True)
        if line.startswith("births,")
    )
    figures = [
        line
        for line in (raw / "figures.csv").read_text().splitlines(keepends=True)
        if line.startswith("births,")
    ]
    for name in names:
        committees += (
            f"  {name}:\n    name: Committee that {name}\n    illustrative: true\n"
            '    schemes:\n      "2023-24": ragb_seed_004\n'
        )
        kpis.append(births.replace("births,demo,", f"births-{name},{name},"))
        with (raw / "targets.csv").open("a") as f:
            f.write(targets.replace("births,", f"births-{name},", 1))
        with (raw / "figures.csv").open("a") as f:
            f.writelines(line.replace("births,", f"births-{name},", 1) for line in figures)
        with (raw / "reports.csv").open("a") as f:
            f.write(f"{name},2023-24 Q2,2023-12-12,,true,test\n")
    (raw / "committees.yml").write_text(committees)
    (raw / "kpis.csv").write_text("".join(kpis))


def _failing_notebook(tmp_path: Path) -> Path:
    source = kt.ProjectPaths().notebooks / "committee_report.ipynb"
    nb = json.loads(source.read_text())
    code = "\n".join(f"if committee == {k!r}:\n    {v}" for k, v in FAILURES.items())
    # Right after the parameters: a hanging notebook's timeout starts as soon as it can.
    nb["cells"].insert(
        2,
        {
            "cell_type": "code",
            "metadata": {},
            "source": code,
            "outputs": [],
            "execution_count": None,
        },
    )
    path = tmp_path / "failing.ipynb"
    path.write_text(json.dumps(nb))
    return path


def test_one_failure_does_not_stop_the_others_and_the_last_good_build_survives(mini, tmp_path):
    _add_committees(mini, [*FAILURES, "succeeds"])
    out = mini / "outputs" / "2023-24-Q2"
    for name in FAILURES:
        (out / name).mkdir(parents=True)
        (out / name / "appendix.html").write_text(f"last good appendix of {name}")
    data = kt.load(mini)
    quarter = kt.Quarter(2023, 2)
    models = {c: build_report(data, c, quarter) for c in ["hangs", "succeeds", "raises", "dies"]}
    # Their charts kept already, as after an earlier build: every notebook is ready at
    # once, and the hanging one, first, times out while the others are built.
    cache = mini / CHART_CACHE
    for model in models.values():
        for task in chart_tasks(model, cache):
            task.draw(cache)
    models = {(quarter, c): m for c, m in models.items()}
    # The PDFs and Word files are not what this test is about (the print tests check
    # them): the HTML pages alone.
    result = batch.run_many(
        data, models, jobs=2, notebook=_failing_notebook(tmp_path), timeout=5, documents=False
    )[quarter]
    assert sorted(result.built) == ["succeeds"]
    assert sorted(result.failed) == sorted(FAILURES)
    assert "deliberate failure" in result.failed["raises"]
    assert (out / "succeeds" / "appendix.html").read_text().count('class="kt-card"') == 1
    for name in FAILURES:
        assert (out / name / "appendix.html").read_text() == f"last good appendix of {name}"
        assert (out / f"{name}.failed.log").exists()
    assert (out / "raises.failed.ipynb").exists()  # kept for debugging
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left


def test_cli_exits_non_zero_and_summarises(mini, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)  # not about PDFs
    _add_committees(mini)
    (mini / "notebooks").mkdir()
    shutil.copy(_failing_notebook(tmp_path), mini / "notebooks" / "committee_report.ipynb")
    status = kt.cli.main(
        [
            "--root",
            str(mini),
            "build",
            "--period",
            "2023-24 Q2",
            "--committee",
            "demo",
            "--committee",
            "raises",
        ]
    )
    out = capsys.readouterr()
    assert status == 1
    assert "built 2023-24 Q2 demo" in out.out
    assert "FAILED 2023-24 Q2 raises: RuntimeError: deliberate failure in the notebook" in out.err


def test_an_html_only_build_writes_no_document_and_the_next_full_build_adds_them(
    mini, capsys, monkeypatch
):
    looked_for_chromium: list[bool] = []

    def no_chromium():
        looked_for_chromium.append(True)
        return None

    monkeypatch.setattr(pdf, "chromium_path", no_chromium)
    one = ["--root", str(mini), "build", "--period", "2023-24 Q2", "--committee", "demo"]
    folder = mini / "outputs" / "2023-24-Q2" / "demo"
    assert kt.cli.main([*one, "--html-only"]) == 0
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "appendix.html",
        "appendix.ipynb",
        "kpis.csv",
        "report.html",
    ]
    assert json.loads((folder / ".fingerprint.json").read_text())["documents"] is False
    assert looked_for_chromium == []  # no Chromium started for a build that prints nothing
    # Asked again, there is nothing to do; asked with its documents, it is built again.
    assert kt.cli.main([*one, "--html-only"]) == 0
    assert "nothing to build: 1 report(s) unchanged" in capsys.readouterr().out
    assert kt.cli.main(one) == 0
    assert "built 2023-24 Q2 demo" in capsys.readouterr().out
    assert (folder / "report.docx").exists()
    assert json.loads((folder / ".fingerprint.json").read_text())["documents"] is True
    # A PDF of the page before an edit does not survive an HTML-only build of the edit.
    (folder / "appendix.pdf").write_bytes(b"%PDF-1.7 the page before the edit")
    notes = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    notes.write_text(notes.read_text() + "\nA late edit.\n")
    assert kt.cli.main([*one, "--html-only"]) == 0
    assert not (folder / "appendix.pdf").exists() and not (folder / "report.docx").exists()
