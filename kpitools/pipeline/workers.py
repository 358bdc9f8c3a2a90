"""What a batch's worker processes do: draw charts, start a notebook kernel ahead of its
job, run the job's notebook in it with papermill and export it with nbconvert.

This module is light to import (no pandas, no matplotlib), so ``kpitools build`` can
make its workers before importing anything else. For one report it does, so the
kernel starts while the data are loaded. For a batch it first imports what the
workers use (:data:`WORKER_MODULES`): the workers are forked with those modules
loaded, instead of each importing them again.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kpitools.pipeline.kernels import KERNEL_NAME, WarmKernel, take_kernel, warm_up
from kpitools.render.pdf import Printer

if TYPE_CHECKING:  # for the hints only: importing it at run time brings in pandas
    from multiprocessing.sharedctypes import Synchronized

    from kpitools.render.chart_cache import ChartTask

__all__ = [
    "CELL_TIMEOUT",
    "CHART_CACHE",
    "KERNEL_LOG",
    "WORKER_MODULES",
    "Job",
    "Workers",
    "draw_charts",
    "run_job",
]

log = logging.getLogger(__name__)

# Kernel start can fail when two kernels race for the same ports (a known
# papermill/jupyter_client problem); such failures are retried.
START_RETRIES = 3
CELL_TIMEOUT = 600
KERNEL_LOG = "kernel-stderr.log"
# Charts drawn by kernels, kept by a hash of their data (relative to the project root).
CHART_CACHE = "data/processed/charts"
# Everything a worker imports to draw charts, run notebooks and export them: about a
# CPU-second per process. Imported once before the workers of a batch are forked, they
# are shared by every worker; the building process needs most of them itself.
WORKER_MODULES = (
    "kpitools.render.charts",
    "kpitools.render.spc_chart",
    "kpitools.render.export",
    "papermill",
)


@dataclass(frozen=True)
class Job:
    """One committee and quarter to build."""

    committee: str
    period: str
    notebook: str
    staged: str
    final: str
    root: str
    model: str
    title: str
    timeout: int = CELL_TIMEOUT
    # Whether the worker should start a kernel for another job once this one's has run.
    warm_next: bool = False
    # Whether to print every PDF again, even one whose page is unchanged since last build.
    reprint: bool = True


def _quiet() -> None:
    for name in ("papermill", "traitlets", "nbclient", "jupyter_client", "nbconvert"):
        logging.getLogger(name).setLevel(logging.ERROR)


# Jobs of the batch not yet handed to a worker, shared with the building process (which
# counts them down as it hands them out); set in each worker as it starts.
_left: list[Synchronized[int]] = []


def _jobs_left() -> bool:
    return not _left or _left[0].value > 0


def _start_worker(root: str, left: Synchronized[int] | None = None) -> None:
    """A worker's start: its first kernel, then papermill imported while the kernel
    starts and the parent loads the data (already imported when the worker was forked
    with the batch's shared imports, see :class:`Workers`). The exporter is made ready
    in a thread of its own, so the first job can start before it is: its notebook runs
    meanwhile and is exported after."""
    if left is not None:
        _left.append(left)
    warm_up(root)
    import papermill  # noqa: F401

    threading.Thread(target=_warm_exporter, name="kpitools-exporter", daemon=True).start()


def _warm_exporter() -> None:
    # Imported in this thread: importing nbconvert is most of the exporter's warm-up.
    from kpitools.render.export import warm_exporter

    warm_exporter()


def _not_retried() -> tuple[type[BaseException], ...]:
    """Failures of the notebook itself: never retried (a hanging cell would hang again)."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    return (CellTimeoutError, DeadKernelError, CellExecutionError, PapermillExecutionError)


def _started(path: Path) -> bool:
    import nbformat

    if not path.exists():
        return False
    nb = nbformat.read(path, as_version=4)
    return any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")


# Timing and machine details papermill records, which would make two builds differ.
_VOLATILE = ("start_time", "end_time", "duration", "input_path", "output_path", "exception")


def _reproducible(path: Path) -> None:
    """Drop timings and absolute paths from an executed notebook, so builds are identical."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for key in _VOLATILE:
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        # papermill gives the cell it injects a random id.
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        cell.metadata.pop("execution", None)
        for key in _VOLATILE:
            cell.metadata.get("papermill", {}).pop(key, None)
    nbformat.write(nb, path)


def _execute(job: Job, kernel: WarmKernel | None = None) -> None:
    """Run the job's notebook with papermill, in ``kernel`` when one was started ahead."""
    import papermill as pm

    staged = Path(job.staged)
    executed = staged / "appendix.ipynb"
    parameters = {
        "committee": job.committee,
        "period": job.period,
        "model": job.model,
        "chart_cache": CHART_CACHE,
    }
    for attempt in range(1, START_RETRIES + 1):
        ahead = {"km": kernel.manager} if kernel is not None else {}
        try:
            pm.execute_notebook(
                job.notebook,
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=job.timeout,
                cwd=job.root,
                **ahead,
            )
            return
        except _not_retried():
            raise
        except Exception as exc:
            # Only a kernel that failed to start (two kernels racing for ports) is retried,
            # in a kernel papermill starts itself.
            if _started(executed) or attempt == START_RETRIES:
                raise
            log.info("kernel start failed for %s (%s); retrying", job.committee, exc)
            kernel = None
            time.sleep(0.5 * attempt)


def run_job(job: Job) -> tuple[str, str, str | None]:
    """Build one committee in its staging folder; returns (committee, period, error)."""
    _quiet()
    staged = Path(job.staged)
    # Kernels inherit this process's stderr; their start-up chatter goes to a
    # log in the staging folder, kept only if the build fails.
    log_fd = os.open(staged / KERNEL_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    kernel = take_kernel(job.root)
    try:
        try:
            _execute(job, kernel)
        finally:
            if kernel is not None:
                kernel.stop(log_to=staged / KERNEL_LOG)
            if job.warm_next and _jobs_left():
                # The next job's kernel starts while this one's notebook is exported; not
                # when every job has a worker by now, as it would wait for none.
                warm_up(job.root)
        _reproducible(staged / "appendix.ipynb")
        from kpitools.render.export import export_html

        export_html(staged / "appendix.ipynb", staged / "appendix.html", job.title)
        return job.committee, job.period, None
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return job.committee, job.period, detail.splitlines()[-1] if detail else repr(exc)


def draw_charts(tasks: Sequence[ChartTask], cache: str) -> int:
    """Draw chart tasks into the chart cache (``cache``, a folder); returns how many.

    Run in a worker while notebooks wait for their charts: a batch's charts are
    shared out among every worker in small lots, so no core waits on another's long
    committee, and a worker keeps matplotlib imported from one lot to the next.
    Should drawing fail, the notebook's kernel draws what is missing and shows the error.
    """
    for task in tasks:
        task.draw(cache)
    return len(tasks)


class Workers:
    """The worker processes of a batch, each with a kernel started for its first job.

    Made before the caller loads the data (as ``kpitools build`` does) the kernels
    start while it loads; made in a process with no other Python thread running, as
    forking then is safe (the native threads numpy's OpenBLAS and pyarrow's jemalloc
    start on import are handled by their own fork handlers, as for any process that
    forks after importing pandas). ``share_imports`` imports :data:`WORKER_MODULES`
    first, so the workers share them. Use it as a context manager.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        count: int,
        *,
        printing: bool = True,
        share_imports: bool = False,
    ) -> None:
        self.root = str(root)
        self.count = max(1, count)
        if share_imports:
            # Before the fork: the workers start with them loaded, their kernels a
            # second later, which a batch's charts and models more than cover.
            for name in WORKER_MODULES:
                importlib.import_module(name)
        # Jobs not yet handed out (see run_jobs), shared with the workers as they start.
        self.left: Synchronized[int] = multiprocessing.Value("i", 0)
        self.executor = cf.ProcessPoolExecutor(
            max_workers=self.count, initializer=_start_worker, initargs=(self.root, self.left)
        )
        # The first task forks every worker now, so their kernels start now.
        self.executor.submit(int)
        # Lots of charts handed out before the batch's notebooks (see batch.draw_early),
        # by (committee, period), and the keys of every chart in them.
        self.early: dict[tuple[str, str], list[cf.Future[int]]] = {}
        self.early_charts: set[str] = set()
        # Then, the forks done, the Chromium every PDF of the batch is printed with.
        self.printer = Printer(start=printing)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            self.printer.close()
