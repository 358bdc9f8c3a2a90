"""Incremental builds: a report is rebuilt exactly when something it is built from changed.

The sample calendar has five reports: cosmic in 2023-24 Q2, 2024-25 Q1 and 2024-25 Q2,
cyp in 2023-24 Q2 and snr in 2021-22 Q4. Each test marks every report as built (its
folder holds the expected files and the fingerprint it was built from), changes one
input, and works out by hand which reports that input concerns.
"""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kpitools.cli
from kpitools.data.paths import project_root
from kpitools.pipeline.fingerprint import FINGERPRINT_FILE, plan_build, read_fingerprint
from kpitools.rules.periods import Quarter

COSMIC = {("2023-24 Q2", "cosmic"), ("2024-25 Q1", "cosmic"), ("2024-25 Q2", "cosmic")}
EVERY = COSMIC | {("2023-24 Q2", "cyp"), ("2021-22 Q4", "snr")}
BUILT_FILES = ("appendix.html", "report.html", "report.docx", "kpis.csv")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample project with every report marked as built from its inputs."""
    root = tmp_path / "project"
    shutil.copytree(project_root() / "data" / "raw", root / "data" / "raw")
    shutil.copytree(project_root() / "notebooks", root / "notebooks")
    for (quarter, committee), value in plan_build(root, force=True).stale.items():
        folder = root / "outputs" / quarter.slug / committee
        folder.mkdir(parents=True)
        for name in BUILT_FILES:
            (folder / name).write_text("built", encoding="utf-8")
        (folder / FINGERPRINT_FILE).write_text(json.dumps({"fingerprint": value}), "utf-8")
    return root


def _named(pairs) -> set[tuple[str, str]]:
    return {(str(quarter), committee) for quarter, committee in pairs}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_means_nothing_to_build(project: Path):
    plan = plan_build(project)
    assert plan.stale == {} and _named(plan.skipped) == EVERY


def test_force_rebuilds_every_report(project: Path):
    plan = plan_build(project, force=True)
    assert _named(plan.stale) == EVERY and plan.skipped == []


def test_a_commentary_edit_rebuilds_only_that_committees_reports(project: Path):
    # Later quarters read earlier commentary (what was carried over), so each of the
    # committee's reports is rebuilt; other committees' are not.
    _edit(
        project / "data/raw/commentary/cosmic/2023-24-Q2.md",
        "### Commentary\n",
        "### Commentary\n\nEdited.\n",
    )
    plan = plan_build(project)
    assert _named(plan.stale) == COSMIC
    assert _named(plan.skipped) == EVERY - COSMIC


def test_a_figure_of_one_committees_kpi_rebuilds_only_that_committees_reports(project: Path):
    # ks2-attainment is a cyp KPI; its first figure gains a note.
    figures = project / "data/raw/figures.csv"
    with figures.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    first = next(r for r in rows if r["kpi_id"] == "ks2-attainment")
    first["note"] = "Checked again."
    with figures.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    assert _named(plan_build(project).stale) == {("2023-24 Q2", "cyp")}


@pytest.mark.parametrize(
    "path, old, new",
    [
        ("data/raw/schemes.yml", "\n", "\n# a comment changes the file\n"),
        ("data/raw/settings.yml", "\n", "\n# a comment changes the file\n"),
        ("notebooks/committee_report.ipynb", '"cells"', '"cells" '),
    ],
)
def test_a_shared_file_or_the_notebook_rebuilds_every_report(project: Path, path, old, new):
    _edit(project / path, old, new)
    assert _named(plan_build(project).stale) == EVERY


def test_the_data_readme_changes_nothing(project: Path):
    (project / "data/raw/README.md").write_text("Notes for analysts.\n", encoding="utf-8")
    assert plan_build(project).stale == {}


def test_a_report_as_of_another_day_is_another_report(project: Path):
    assert _named(plan_build(project, as_of="2023-12-12").stale) == EVERY


def test_one_period_and_committee_is_planned_alone(project: Path):
    _edit(
        project / "data/raw/commentary/cosmic/2023-24-Q2.md",
        "### Commentary\n",
        "### Commentary\n\nEdited.\n",
    )
    plan = plan_build(project, period="2023-24 Q2", committees=["cosmic"])
    assert _named(plan.stale) == {("2023-24 Q2", "cosmic")} and plan.skipped == []
    plan = plan_build(project, period="2023-24 Q2")
    assert _named(plan.stale) == {("2023-24 Q2", "cosmic")}
    assert _named(plan.skipped) == {("2023-24 Q2", "cyp")}


@pytest.mark.parametrize("damage", ["missing file", "torn fingerprint", "no fingerprint"])
def test_an_incomplete_or_unreadable_build_is_rebuilt(project: Path, damage: str):
    folder = project / "outputs" / Quarter.parse("2023-24 Q2").slug / "cyp"
    if damage == "missing file":
        (folder / "report.docx").unlink()
    elif damage == "torn fingerprint":
        (folder / FINGERPRINT_FILE).write_text('{"fingerprint": ', encoding="utf-8")
    else:
        (folder / FINGERPRINT_FILE).unlink()
    assert read_fingerprint(folder) is None
    assert _named(plan_build(project).stale) == {("2023-24 Q2", "cyp")}


def test_the_command_says_how_many_it_skipped(project: Path, capsys):
    assert kpitools.cli.main(["--root", str(project), "build", "--all"]) == 0
    assert "nothing to build: 5 report(s) unchanged" in capsys.readouterr().out


def test_nothing_to_build_is_decided_without_the_heavy_imports(project: Path):
    probe = (
        "import sys, kpitools.cli\n"
        f"status = kpitools.cli.main(['--root', {str(project)!r}, 'build', '--all'])\n"
        "heavy = ('pandas', 'matplotlib', 'nbformat', 'papermill')\n"
        "print(status, [m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "0 []"


def _built_html_only(project: Path, quarter: str, committee: str) -> Path:
    """Mark a report as built by ``--html-only``: its HTML and CSV, no Word file."""
    folder = project / "outputs" / Quarter.parse(quarter).slug / committee
    value = json.loads((folder / FINGERPRINT_FILE).read_text(encoding="utf-8"))["fingerprint"]
    (folder / "report.docx").unlink()
    (folder / FINGERPRINT_FILE).write_text(
        json.dumps({"fingerprint": value, "documents": False}), encoding="utf-8"
    )
    return folder


def test_a_report_built_without_its_documents_is_built_again_with_them(project: Path):
    folder = _built_html_only(project, "2023-24 Q2", "cyp")
    assert read_fingerprint(folder) is None
    assert _named(plan_build(project).stale) == {("2023-24 Q2", "cyp")}
    # An HTML-only build of the same inputs has nothing to do.
    assert read_fingerprint(folder, documents=False) is not None
    assert plan_build(project, documents=False).stale == {}


def test_a_report_built_with_its_documents_serves_an_html_only_build(project: Path):
    assert plan_build(project, documents=False).stale == {}
    _edit(project / "data" / "raw" / "commentary" / "cyp" / "2023-24-Q2.md", "\n", "\n\n")
    assert _named(plan_build(project, documents=False).stale) == {("2023-24 Q2", "cyp")}


def test_a_record_claiming_documents_without_the_word_file_is_incomplete(project: Path):
    folder = project / "outputs" / Quarter.parse("2023-24 Q2").slug / "cyp"
    (folder / "report.docx").unlink()
    assert read_fingerprint(folder) is None
    # The HTML-only build needs no Word file.
    assert read_fingerprint(folder, documents=False) is not None


def test_html_only_and_no_html_cannot_be_asked_together(project: Path):
    with pytest.raises(SystemExit):
        kpitools.cli.main(["--root", str(project), "build", "--all", "--html-only", "--no-html"])
