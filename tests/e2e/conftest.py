"""The sample project built once per session, into a temporary copy."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """``kpitools build --all`` of a copy of the sample data; returns the outputs folder."""
    from kpitools.pipeline.build import build_all

    root = tmp_path_factory.mktemp("sample") / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    results = build_all(root=root, jobs=2)
    assert all(r.ok for r in results), [r.failed for r in results]
    return root / "outputs"
