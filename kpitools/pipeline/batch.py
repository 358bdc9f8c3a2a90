"""Run the appendix notebook for many committees in parallel processes.

Each committee is built in a staging folder beside its output folder and
swapped into place only when the notebook ran, the HTML exported and the
covering report was written; a failure leaves the last good build where it
was and keeps the executed notebook for debugging as
``outputs/<period>/<committee>.failed.ipynb``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import json
import logging
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kpitools.data.load import ProjectData
from kpitools.data.paths import ProjectPaths
from kpitools.model.report import ReportModel, save_report
from kpitools.pipeline.charts import draw_ahead
from kpitools.pipeline.contain import contain_caches
from kpitools.pipeline.fingerprint import FINGERPRINT_FILE
from kpitools.pipeline.kernels import KERNEL_NAME, WarmKernel, take_kernel, warm_up
from kpitools.pipeline.outputs import (
    STAGING,
    BuildResult,
    recover_outputs,
    replace_dir,
    write_kpis_csv,
)
from kpitools.render.covering import write_covering_report
from kpitools.render.pdf import PdfJob, PdfUnavailable, Printer, report_pdf_job
from kpitools.rules.periods import Quarter
from kpitools.wording.report import appendix_title

__all__ = ["Job", "Workers", "model_path", "prepare_job", "run_jobs", "run_many"]

log = logging.getLogger(__name__)

NOTEBOOK = "committee_report.ipynb"
# Kernel start can fail when two kernels race for the same ports (a known
# papermill/jupyter_client problem); such failures are retried.
START_RETRIES = 3
CELL_TIMEOUT = 600
KERNEL_LOG = "kernel-stderr.log"
# Charts drawn by kernels, kept by a hash of their data (relative to the project root).
CHART_CACHE = "data/processed/charts"


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


def _quiet() -> None:
    for name in ("papermill", "traitlets", "nbclient", "jupyter_client", "nbconvert"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _start_worker(root: str) -> None:
    """A worker's start: its first kernel, then what only workers use (papermill,
    nbconvert) imported while the kernel starts and the parent loads the data; the
    parent never imports them, which makes its start shorter."""
    warm_up(root)
    import papermill  # noqa: F401

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


def _work(job: Job) -> tuple[str, str, str | None]:
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
            if job.warm_next:
                # The next job's kernel starts while this one's notebook is exported.
                warm_up(job.root)
        _reproducible(staged / "appendix.ipynb")
        from kpitools.render.export import export_html

        export_html(staged / "appendix.ipynb", staged / "appendix.html", job.title)
        return job.committee, job.period, None
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return job.committee, job.period, detail.splitlines()[-1] if detail else repr(exc)


def _failed_paths(final: Path) -> tuple[Path, Path]:
    return (
        final.parent / f"{final.name}.failed.ipynb",
        final.parent / f"{final.name}.failed.log",
    )


class Workers:
    """The worker processes of a batch, each with a kernel started for its first job.

    Made before the caller loads the data (as ``kpitools build`` does) the kernels
    start while it loads; made in a process with no other thread running, as
    forking then is safe. Use it as a context manager.
    """

    def __init__(self, root: str | os.PathLike[str], count: int, *, printing: bool = True) -> None:
        self.root = str(root)
        self.count = max(1, count)
        self.executor = cf.ProcessPoolExecutor(
            max_workers=self.count, initializer=_start_worker, initargs=(self.root,)
        )
        # The first task forks every worker now, so their kernels start now.
        self.executor.submit(int)
        # Then, the forks done, the Chromium every PDF of the batch is printed with.
        self.printer = Printer(start=printing)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            self.printer.close()


def run_jobs(
    jobs: list[Job],
    *,
    workers: int | None = None,
    progress: bool = False,
    finish: Callable[[Job, str | None], str | None] | None = None,
    started: Callable[[], None] | None = None,
    pool: Workers | None = None,
) -> dict[tuple[str, str], str | None]:
    """Run jobs in parallel processes (``pool``'s, or ``workers`` new ones).

    ``started()`` runs in this process once every job is handed to a worker, so
    what it does overlaps the notebooks; ``finish(job, error)`` runs in this process
    when a job's notebook is done (``error`` None when it ran) and returns the
    job's error, None for success. Returns the error of each (committee, period).
    """
    if pool is None:
        count = min(workers or os.cpu_count() or 1, len(jobs) or 1)
        with Workers(jobs[0].root if jobs else ".", count, printing=False) as own:
            return run_jobs(jobs, progress=progress, finish=finish, started=started, pool=own)
    from tqdm import tqdm

    results: dict[tuple[str, str], str | None] = {}
    by_key = {(j.committee, j.period): j for j in jobs}
    # A worker starts a kernel for another job only while there are jobs no worker has.
    queued = [
        dataclasses.replace(j, warm_next=i + pool.count < len(jobs)) for i, j in enumerate(jobs)
    ]
    futures = [pool.executor.submit(_work, job) for job in queued]
    if started is not None:
        started()
    bar = tqdm(total=len(jobs), desc="Building appendices", unit="report", disable=not progress)
    for future in cf.as_completed(futures):
        try:
            committee, period, error = future.result()
        except Exception as exc:  # the worker process itself died
            job = jobs[futures.index(future)]
            committee, period, error = job.committee, job.period, f"worker died: {exc}"
        job = by_key[(committee, period)]
        if finish is not None:
            try:
                error = finish(job, error)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
        _settle(job, error)
        results[(committee, period)] = error
        bar.update(1)
    bar.close()
    return results


def _settle(job: Job, error: str | None) -> None:
    staged, final = Path(job.staged), Path(job.final)
    failed_nb, failed_log = _failed_paths(final)
    kernel_log = staged / KERNEL_LOG
    if error is None:
        kernel_log.unlink(missing_ok=True)
        replace_dir(staged, final)
        for stale in (failed_nb, failed_log):
            stale.unlink(missing_ok=True)
        return
    executed = staged / "appendix.ipynb"
    detail = kernel_log.read_text(encoding="utf-8", errors="replace") if kernel_log.exists() else ""
    try:
        _keep_failed_notebook(executed, Path(job.notebook), failed_nb, error)
        failed_log.write_text(
            f"{job.committee} {job.period}: {error}\n\nKernel output:\n{detail}", encoding="utf-8"
        )
    except OSError as exc:
        log.warning("could not keep the failed notebook of %s: %s", job.committee, exc)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    log.warning("%s %s failed: %s", job.committee, job.period, error)


def _keep_failed_notebook(executed: Path, source: Path, target: Path, error: str) -> None:
    """Keep what ran for debugging; when the kernel died before writing anything, the
    notebook that was run, headed by the error, so there is never an empty file."""
    import nbformat

    if executed.exists() and executed.stat().st_size > 0:
        shutil.copy2(executed, target)
        return
    nb = nbformat.read(source, as_version=4)
    note = nbformat.v4.new_markdown_cell(f"**This notebook did not run to the end:** {error}")
    nb.cells.insert(0, note)
    nbformat.write(nb, target)


def model_path(data: ProjectData, model: ReportModel) -> Path:
    """Where the batch leaves a report's computed model for its notebook kernel."""
    suffix = f"-as-of-{model.as_of.isoformat()}" if model.as_of else ""
    return data.paths.processed / "models" / model.period.slug / f"{model.committee}{suffix}.pkl"


def prepare_job(
    data: ProjectData,
    model: ReportModel,
    *,
    fingerprint: str = "",
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
) -> Job:
    """Stage a committee's model and describe its notebook run."""
    if notebook is None:
        notebook = data.paths.notebooks / NOTEBOOK
        if not notebook.exists():
            notebook = ProjectPaths().notebooks / NOTEBOOK
    final = data.paths.output_dir(model.period.slug, model.committee)
    final.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(
        tempfile.mkdtemp(prefix=f".{model.committee}.{STAGING}{os.getpid()}.", dir=final.parent)
    )
    try:
        staged.chmod(0o755)
        write_kpis_csv(model, staged / "kpis.csv")
        if fingerprint:
            (staged / FINGERPRINT_FILE).write_text(
                json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8"
            )
        stored = model_path(data, model)
        save_report(model, stored)
    except BaseException:
        # A full disk or an interruption here leaves nothing half-made behind.
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return Job(
        committee=model.committee,
        period=str(model.period),
        notebook=str(notebook),
        staged=str(staged),
        final=str(final),
        root=str(data.paths.root),
        model=stored.relative_to(data.paths.root).as_posix(),
        title=appendix_title(model),
        timeout=timeout,
    )


def run_many(
    data: ProjectData,
    models: dict[tuple[Quarter, str], ReportModel],
    fingerprints: dict[tuple[Quarter, str], str] | None = None,
    *,
    jobs: int | None = None,
    progress: bool = False,
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
    meanwhile: Callable[[Printer], None] | None = None,
    pool: Workers | None = None,
) -> dict[Quarter, BuildResult]:
    """Build many (quarter, committee) reports in one pool, so every core stays busy.

    While the notebooks run, this process writes each committee's covering report
    and has the pool's Chromium print it; each appendix is printed as its notebook
    finishes. ``meanwhile(printer)`` runs then too (the quarter's scorecards); an
    error it raises is raised once every committee is settled. ``pool``: worker
    processes made earlier (see :class:`Workers`), else ``jobs`` new ones.
    """
    recover_outputs(data.paths.outputs)
    contain_caches(data.paths)
    with contextlib.ExitStack() as stack:
        if pool is None:
            count = min(jobs or os.cpu_count() or 1, len(models) or 1)
            pool = stack.enter_context(Workers(data.paths.root, count))
        return _run_many(data, models, fingerprints or {}, jobs, progress, notebook, timeout,
                         meanwhile, pool)  # fmt: skip


def _run_many(
    data: ProjectData,
    models: dict[tuple[Quarter, str], ReportModel],
    prints: dict[tuple[Quarter, str], str],
    jobs: int | None,
    progress: bool,
    notebook: Path | None,
    timeout: int,
    meanwhile: Callable[[Printer], None] | None,
    pool: Workers,
) -> dict[Quarter, BuildResult]:
    prepared: dict[tuple[Quarter, str], Job] = {}
    try:
        for key, m in models.items():
            prepared[key] = prepare_job(
                data, m, fingerprint=prints.get(key, ""), notebook=notebook, timeout=timeout
            )
    except BaseException:
        for job in prepared.values():
            shutil.rmtree(job.staged, ignore_errors=True)
        raise
    by_job = {(job.committee, job.period): key for key, job in prepared.items()}
    try:
        draw_ahead(
            models.values(),
            data.paths.root / CHART_CACHE,
            notebooks=len(prepared),
            cores=jobs or os.cpu_count() or 1,
        )
    except Exception as exc:  # the kernels draw what is missing, and fail there if need be
        log.warning("charts not drawn ahead: %s", exc)
    printer = pool.printer
    pending: dict[tuple[str, str], list[cf.Future[list[Path]]]] = {}
    early: dict[tuple[str, str], str] = {}
    failures: list[BaseException] = []

    def started() -> None:
        for job in prepared.values():
            model = models[by_job[(job.committee, job.period)]]
            try:
                write_covering_report(
                    model, Path(job.staged), template=data.paths.raw / "templates" / "report.docx"
                )
            except Exception as exc:
                early[(job.committee, job.period)] = f"{type(exc).__name__}: {exc}"
                continue
            pending[(job.committee, job.period)] = [
                printer.submit([_pdf_job(job, model, "report")])
            ]
        if meanwhile is not None:
            try:
                meanwhile(printer)
            except Exception as exc:
                failures.append(exc)

    def finish(job: Job, error: str | None) -> str | None:
        key = (job.committee, job.period)
        error = error or early.get(key)
        prints = pending.setdefault(key, [])
        if error is None:
            model = models[by_job[key]]
            prints.append(printer.submit([_pdf_job(job, model, "appendix")]))
        skipped = ""
        for future in prints:
            try:
                future.result()
            except PdfUnavailable as exc:
                skipped = str(exc)
            except Exception:
                if error is None:
                    raise
        if skipped and error is None:
            log.warning("PDF skipped for %s %s: %s", job.committee, job.period, skipped)
        return error

    results = run_jobs(
        list(prepared.values()), progress=progress, finish=finish, started=started, pool=pool
    )
    if failures:
        raise failures[0]
    outcomes: dict[Quarter, BuildResult] = {}
    for (quarter, committee), job in prepared.items():
        outcome = outcomes.setdefault(quarter, BuildResult(quarter))
        error = results[(job.committee, job.period)]
        if error is None:
            outcome.built[committee] = Path(job.final)
        else:
            outcome.failed[committee] = error
    return outcomes


def _pdf_job(job: Job, model: ReportModel, stem: str) -> PdfJob:
    return report_pdf_job(Path(job.staged), stem, model.council, model.committee_name, model.period)
