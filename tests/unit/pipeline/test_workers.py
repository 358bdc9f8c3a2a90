"""A worker's notebook run: only a kernel that failed to start is retried; a notebook
that failed, hung or killed its kernel is not (it would fail again)."""

import subprocess
import sys
from pathlib import Path

import pytest

from kpitools import cli
from kpitools.pipeline import workers


def test_kernel_start_failures_are_retried(tmp_path, monkeypatch):
    import papermill

    calls = []

    def flaky(input_path, output_path, **kwargs):
        calls.append(output_path)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        Path(output_path).write_text("{}")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(workers.time, "sleep", lambda s: None)
    job = workers.Job(
        "demo", "2023-24 Q2", "nb.ipynb", str(tmp_path), str(tmp_path / "f"), str(tmp_path), "", "t"
    )
    workers._execute(job)
    assert len(calls) == 2


def test_a_failure_after_the_kernel_started_is_not_retried(tmp_path, monkeypatch):
    import nbformat
    import papermill

    def fails_mid_run(input_path, output_path, **kwargs):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        nb.cells[0].execution_count = 1
        nbformat.write(nb, output_path)
        raise RuntimeError("cell failed")

    monkeypatch.setattr(papermill, "execute_notebook", fails_mid_run)
    job = workers.Job(
        "demo", "2023-24 Q2", "nb.ipynb", str(tmp_path), str(tmp_path / "f"), str(tmp_path), "", "t"
    )
    with pytest.raises(RuntimeError, match="cell failed"):
        workers._execute(job)


@pytest.mark.parametrize("error", ["timeout", "dead"])
def test_a_hanging_cell_or_dead_kernel_is_never_retried(tmp_path, monkeypatch, error):
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    calls = []

    def fails(input_path, output_path, **kwargs):
        calls.append(output_path)
        if error == "timeout":
            raise CellTimeoutError("A cell timed out while it was being executed")
        raise DeadKernelError("Kernel died")

    monkeypatch.setattr(papermill, "execute_notebook", fails)
    job = workers.Job(
        "demo", "2023-24 Q2", "nb.ipynb", str(tmp_path), str(tmp_path / "f"), str(tmp_path), "", "t"
    )
    with pytest.raises((CellTimeoutError, DeadKernelError)):
        workers._execute(job)
    assert len(calls) == 1


@pytest.mark.parametrize(("left", "warmed"), [(2, True), (0, False)])
def test_a_kernel_is_warmed_for_the_next_job_only_while_one_is_left(
    tmp_path, monkeypatch, left, warmed
):
    import multiprocessing

    import kpitools.render.export

    started: list[str] = []
    monkeypatch.setattr(workers, "_execute", lambda job, kernel=None: None)
    monkeypatch.setattr(workers, "_reproducible", lambda path: None)
    monkeypatch.setattr(kpitools.render.export, "export_html", lambda *a: None)
    monkeypatch.setattr(workers, "warm_up", started.append)
    monkeypatch.setattr(workers, "take_kernel", lambda root: None)
    monkeypatch.setattr(workers.os, "dup2", lambda a, b: None)
    shared = multiprocessing.Value("i", left)
    monkeypatch.setattr(workers, "_left", [shared])
    job = workers.Job(
        "demo", "2023-24 Q2", "nb.ipynb", str(tmp_path), str(tmp_path / "f"), str(tmp_path), "",
        "t", warm_next=True,
    )  # fmt: skip
    assert workers.run_job(job) == ("demo", "2023-24 Q2", None)
    assert started == ([str(tmp_path)] if warmed else [])


_LOADED_IN_WORKER = """
import sys
from kpitools.pipeline.workers import Workers

def loaded(name):
    return name in sys.modules

with Workers({root!r}, 1, printing=False, share_imports={share}) as pool:
    print(pool.executor.submit(loaded, "kpitools.render.charts").result())
"""


@pytest.mark.parametrize("share", [True, False])
def test_a_batch_forks_its_workers_with_the_modules_they_use_imported(tmp_path, share):
    # A worker imports the chart modules only to draw; before any chart it has them
    # only if it was forked from a process that had imported them.
    script = _LOADED_IN_WORKER.format(root=str(tmp_path), share=share)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(share)


class _Made(Exception):
    pass


@pytest.mark.parametrize(("reports", "shared"), [(1, False), (2, True)])
def test_one_report_forks_its_worker_at_once_and_a_batch_after_importing(
    mini, monkeypatch, reports, shared
):
    # One report waits for its kernel, so it is started first; a batch shares imports.
    if reports == 2:
        with (mini / "data" / "raw" / "reports.csv").open("a", encoding="utf-8") as f:
            f.write("demo,2023-24 Q1,2023-09-12,,false,fixture\n")
    made = {}

    def record(root, count, **options):
        made.update(options)
        raise _Made

    monkeypatch.setattr(workers, "Workers", record)
    with pytest.raises(_Made):
        cli.main(["--root", str(mini), "build", "--all", "--html-only"])
    assert made["share_imports"] is shared
