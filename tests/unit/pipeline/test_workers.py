"""A worker's notebook run: only a kernel that failed to start is retried; a notebook
that failed, hung or killed its kernel is not (it would fail again)."""

from pathlib import Path

import pytest

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
