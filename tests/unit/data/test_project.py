"""House rules of the repository itself."""

import json
import re
from pathlib import Path

import kpitools
from kpitools.data.load import (
    FIGURE_COLUMNS,
    KPI_COLUMNS,
    REPORT_COLUMNS,
    SPC_REBASE_COLUMNS,
    TARGET_COLUMNS,
)

ROOT = Path(__file__).resolve().parents[3]


def test_environment_yml_mirrors_the_lock():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            lock[name.lower()] = version
    pins = re.findall(
        r"^\s+- ([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "environment.yml").read_text(), re.M
    )
    assert len(pins) > 10
    for name, version in pins:
        assert lock.get(name.lower()) == version, f"{name} {version} differs from requirements.lock"


def test_notebooks_are_committed_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} has outputs: run make strip"
                assert not cell.get("execution_count"), f"{path.name} has execution counts"


def test_notebooks_are_thin():
    # A parameters cell of plain strings, then calls into kpitools: no functions,
    # classes or loops defined in a notebook.
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1, path.name
        for line in "".join(params[0]["source"]).splitlines():
            if line.strip() and not line.startswith("#"):
                assert re.match(r'^\w+ = ("[^"]*"|\d+)$', line), f"{path.name}: {line}"
        for cell in code:
            source = "".join(cell["source"])
            assert not re.search(r"^\s*(def|class|for|while) ", source, re.M), path.name


def test_public_api_is_exported():
    for name in ["Quarter", "RagScheme", "rate", "change", "status_summary"]:
        assert name in kpitools.__all__ and hasattr(kpitools, name)
    assert sorted(kpitools.__all__) == sorted(set(kpitools.__all__))


def test_raw_data_readme_describes_every_column():
    readme = (ROOT / "data" / "raw" / "README.md").read_text()
    columns = {*KPI_COLUMNS, *TARGET_COLUMNS, *FIGURE_COLUMNS, *REPORT_COLUMNS}
    for column in columns | set(SPC_REBASE_COLUMNS):
        assert f"`{column}`" in readme, f"data/raw/README.md does not describe `{column}`"
    for name in [
        "committees.yml",
        "schemes.yml",
        "kpis.csv",
        "targets.csv",
        "figures.csv",
        "reports.csv",
        "spc_rebases.csv",
        "commentary/",
    ]:
        assert name in readme


def test_jupytext_pairs_are_in_sync():
    import jupytext

    for script in (ROOT / "notebooks").glob("*.py"):
        paired = script.with_suffix(".ipynb")
        assert paired.exists(), f"{script.name} has no paired notebook"
        a = [c.source for c in jupytext.read(script).cells]
        b = [c.source for c in jupytext.read(paired).cells]
        assert a == b, f"{script.name} and {paired.name} differ: run jupytext --sync"
