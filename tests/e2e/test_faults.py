"""Faults injected into builds: a kill, a full disk, a read-only folder, a rename cut short.

Whatever happens, the last good outputs stay readable and the next run starts clean.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kpitools.cli
from kpitools.pipeline import batch, outputs
from kpitools.render import covering

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.slow]


@pytest.fixture
def built(built_mini, tmp_path):
    """A copy of the fixture project with a good build in its outputs."""
    root = tmp_path / "project"
    shutil.copytree(built_mini.parents[2], root)
    folder = root / "outputs" / "2023-24-Q2" / "demo"
    return root, folder, (folder / "appendix.html").read_bytes()


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "outputs" / "2023-24-Q2").glob(".*"))


def test_a_kill_between_the_two_renames_is_recovered(tmp_path, monkeypatch):
    final = tmp_path / "2023-24-Q2" / "demo"
    final.mkdir(parents=True)
    (final / "appendix.html").write_text("last good")
    staged = tmp_path / "2023-24-Q2" / ".demo.staging-1.x"
    staged.mkdir()
    (staged / "appendix.html").write_text("new")
    real = os.replace
    calls = []

    def killed_after_first(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies between the renames
        real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", killed_after_first)
    with pytest.raises(KeyboardInterrupt):
        outputs.replace_dir(staged, final)
    monkeypatch.setattr(outputs.os, "replace", real)
    assert not final.exists()  # the moment of danger: no folder under its own name
    recovered = outputs.recover_outputs(tmp_path)
    assert recovered == [final]
    assert (final / "appendix.html").read_text() == "last good"


def test_staging_of_a_dead_build_is_removed_and_a_live_one_kept(tmp_path):
    folder = tmp_path / "2023-24-Q2"
    dead = folder / f".demo.{outputs.STAGING}999999999.abc"
    live = folder / f".demo.{outputs.STAGING}{os.getpid()}.abc"
    dead.mkdir(parents=True)
    live.mkdir()
    outputs.recover_outputs(tmp_path)
    assert not dead.exists() and live.exists()


@pytest.mark.parametrize("after", [1.5, 4.0])
def test_a_killed_build_leaves_the_last_good_outputs_and_the_next_run_clean(built, after):
    root, folder, good = built
    process = subprocess.Popen(
        [sys.executable, "-m", "kpitools.cli", "--root", str(root), "build", "--period",
         "2023-24 Q2", "--force"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    time.sleep(after)
    os.killpg(process.pid, signal.SIGKILL)  # the build, its workers and their kernels
    process.wait()
    page = (folder / "appendix.html").read_bytes()
    assert page == good or page.rstrip().endswith(b"</html>")  # old or whole, never half
    outputs.recover_outputs(root / "outputs")
    assert _leftovers(root) == []
    assert (folder / "appendix.html").exists()


def test_a_full_disk_stops_with_one_line_and_keeps_the_last_good_outputs(
    built, monkeypatch, capsys
):
    root, folder, good = built

    def full(model, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(batch, "save_report", full)
    status = kpitools.cli.main(["--root", str(root), "build", "--period", "2023-24 Q2", "--force"])
    err = capsys.readouterr().err
    assert status == 2
    assert "the disk is full" in err and "Traceback" not in err
    assert (folder / "appendix.html").read_bytes() == good
    assert _leftovers(root) == []


def test_a_read_only_output_folder_fails_the_report_and_keeps_the_last_good_one(
    built, monkeypatch, capsys
):
    root, folder, good = built

    def read_only(path, data, mode=0o644):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(covering, "write_atomic", read_only)
    status = kpitools.cli.main(
        ["--root", str(root), "build", "--period", "2023-24 Q2", "--force", "--jobs", "1"]
    )
    err = capsys.readouterr().err
    assert status == 1 and "FAILED 2023-24 Q2 demo" in err and "Permission denied" in err
    assert (folder / "appendix.html").read_bytes() == good
    assert (folder.parent / "demo.failed.ipynb").stat().st_size > 0
    assert _leftovers(root) == []


def test_a_rebuild_is_byte_for_byte_the_same_and_writes_nothing_outside(built, tmp_path):
    root, folder, _ = built
    first = {n: (folder / n).read_bytes() for n in ("report.docx", "appendix.ipynb", "kpis.csv")}
    home = tmp_path / "home"
    home.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPL"))}
    environment.pop("IPYTHONDIR", None)
    environment.pop("JUPYTER_RUNTIME_DIR", None)
    subprocess.run(
        [sys.executable, "-m", "kpitools.cli", "--root", str(root), "build", "--period",
         "2023-24 Q2", "--force"],
        check=True, env={**environment, "HOME": str(home)}, capture_output=True,
    )  # fmt: skip
    again = {n: (folder / n).read_bytes() for n in first}
    assert again == first
    assert list(home.rglob("*")) == []  # caches stay inside the project
