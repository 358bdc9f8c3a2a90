"""Bad framework records are refused naming file, row, column and the fix."""

import shutil

import pytest

from kpitools.data.errors import DataError
from kpitools.data.framework import load_framework
from kpitools.data.load import load
from kpitools.data.paths import project_root


@pytest.fixture
def project(tmp_path):
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_proposal_and_action_are_named(project):
    raw = project / "data" / "raw"
    _edit(raw / "kpi_decisions.csv", ",Communications,,add,189,", ",Communications,,added,189,")
    _edit(raw / "action_updates.csv", "C.7,2022-07-21", "C.8,2022-07-21")
    with pytest.raises(DataError) as err:
        load_framework(load(project))
    messages = [str(p) for p in err.value.problems]
    assert (
        "data/raw/kpi_decisions.csv, row 3, column 'proposal': 'added' is not allowed; use one "
        "of 'add', 'retain', 'replace', 'remove'"
    ) in messages
    assert any(
        m.startswith("data/raw/action_updates.csv, row 4, column 'ref': unknown action 'C.8'")
        for m in messages
    )


def test_missing_files_are_empty_records(project):
    names = ("kpi_decisions.csv", "actions.csv", "action_milestones.csv", "action_updates.csv",
             "requests.csv", "strategy.csv", "skpi_targets.csv")  # fmt: skip
    for name in names:
        (project / "data" / "raw" / name).unlink()
    fw = load_framework(load(project))
    assert fw.decisions.empty and fw.strategy.empty and fw.skpi_targets.empty
