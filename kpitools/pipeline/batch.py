"""Run the appendix notebook for many committees in parallel processes.

Each committee is built in a staging folder beside its output folder and
swapped into place only when the notebook ran, the HTML exported and the
covering report was written; a failure leaves the last good build where it
was and keeps the executed notebook for debugging as
``outputs/<period>/<committee>.failed.ipynb``.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import os
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pandas as pd

from kpitools.pipeline.build import BuildResult, replace_dir, write_kpis_csv
from kpitools.rules.periods import Quarter

if TYPE_CHECKING:
    from kpitools.data.load import ProjectData

__all__ = ["Job", "prepare_job", "run_batch", "run_jobs", "run_many"]

log = logging.getLogger(__name__)

NOTEBOOK = "committee_report.ipynb"
# Kernel start can fail when two kernels race for the same ports (a known
# papermill/jupyter_client problem); such failures are retried.
START_RETRIES = 3
CELL_TIMEOUT = 600
KERNEL_LOG = "kernel-stderr.log"


@dataclass(frozen=True)
class Job:
    """One committee and quarter to build."""

    committee: str
    period: str
    notebook: str
    staged: str
    final: str
    root: str
    as_of: str
    title: str
    timeout: int = CELL_TIMEOUT


def _quiet() -> None:
    for name in ("papermill", "traitlets", "nbclient", "jupyter_client", "nbconvert"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _started(path: Path) -> bool:
    if not path.exists():
        return False
    nb = nbformat.read(path, as_version=4)
    return any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def _execute(job: Job) -> None:
    import papermill as pm

    staged = Path(job.staged)
    executed = staged / "appendix.ipynb"
    parameters = {
        "committee": job.committee,
        "period": job.period,
        "root": job.root,
        "as_of": job.as_of,
        "table": str(staged / "kpis.parquet"),
    }
    for attempt in range(1, START_RETRIES + 1):
        try:
            pm.execute_notebook(
                job.notebook,
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=job.timeout,
                cwd=job.root,
            )
            return
        except Exception as exc:
            if _started(executed) or attempt == START_RETRIES:
                raise
            log.info("kernel start failed for %s (%s); retrying", job.committee, exc)
            time.sleep(0.5 * attempt)


def _work(job: Job) -> tuple[str, str, str | None]:
    """Build one committee in its staging folder; returns (committee, period, error)."""
    _quiet()
    # Kernels inherit this process's stderr; their start-up chatter goes to a
    # log in the staging folder, kept only if the build fails.
    log_fd = os.open(Path(job.staged) / KERNEL_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    try:
        from kpitools.render.export import export_html

        _execute(job)
        staged = Path(job.staged)
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


def run_jobs(
    jobs: list[Job],
    *,
    workers: int | None = None,
    progress: bool = False,
    finish=None,
) -> dict[tuple[str, str], str | None]:
    """Run jobs in parallel processes; ``finish(job)`` runs in this process on success.

    Returns the error of each (committee, period), None for success.
    """
    from tqdm import tqdm

    results: dict[tuple[str, str], str | None] = {}
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    by_key = {(j.committee, j.period): j for j in jobs}
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_work, job) for job in jobs]
        bar = tqdm(total=len(jobs), desc="Building appendices", unit="report", disable=not progress)
        for future in cf.as_completed(futures):
            try:
                committee, period, error = future.result()
            except Exception as exc:  # the worker process itself died
                job = jobs[futures.index(future)]
                committee, period, error = job.committee, job.period, f"worker died: {exc}"
            job = by_key[(committee, period)]
            if error is None and finish is not None:
                try:
                    finish(job)
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
    if executed.exists():
        shutil.copy2(executed, failed_nb)
    detail = kernel_log.read_text(encoding="utf-8", errors="replace") if kernel_log.exists() else ""
    failed_log.write_text(
        f"{job.committee} {job.period}: {error}\n\nKernel output:\n{detail}", encoding="utf-8"
    )
    shutil.rmtree(staged, ignore_errors=True)
    log.warning("%s %s failed: %s", job.committee, job.period, error)


def prepare_job(
    data: ProjectData,
    quarter: Quarter,
    committee: str,
    table: pd.DataFrame,
    *,
    as_of: dt.date | str | None = None,
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
) -> Job:
    """Stage a committee's table and describe its notebook run."""
    import tempfile

    if notebook is None:
        notebook = data.paths.notebooks / NOTEBOOK
        if not notebook.exists():
            from kpitools.data.paths import ProjectPaths

            notebook = ProjectPaths().notebooks / NOTEBOOK
    final = data.paths.output_dir(quarter.slug, committee)
    final.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{committee}.", dir=final.parent))
    staged.chmod(0o755)
    write_kpis_csv(table, staged / "kpis.csv")
    _parquet_table(table).to_parquet(staged / "kpis.parquet", index=False)
    title = f"Performance Report {quarter.label}: {data.committee_name(committee)}"
    return Job(
        committee=committee,
        period=str(quarter),
        notebook=str(notebook),
        staged=str(staged),
        final=str(final),
        root=str(data.paths.root),
        as_of=str(as_of or ""),
        title=title,
        timeout=timeout,
    )


def _parquet_table(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out["previous_status"] = out["previous_status"].astype("string")
    return out


def run_batch(
    data: ProjectData,
    quarter: Quarter,
    tables: dict[str, pd.DataFrame],
    *,
    as_of: dt.date | str | None = None,
    jobs: int | None = None,
    progress: bool = False,
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
) -> BuildResult:
    """Build the appendix (and covering report) of each committee for one quarter."""
    return run_many(
        data,
        {(quarter, c): t for c, t in tables.items()},
        as_of=as_of,
        jobs=jobs,
        progress=progress,
        notebook=notebook,
        timeout=timeout,
    )[quarter]


def run_many(
    data: ProjectData,
    tables: dict[tuple[Quarter, str], pd.DataFrame],
    *,
    as_of: dt.date | str | None = None,
    jobs: int | None = None,
    progress: bool = False,
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
) -> dict[Quarter, BuildResult]:
    """Build many (quarter, committee) reports in one pool, so every core stays busy."""
    prepared = {
        key: prepare_job(data, key[0], key[1], t, as_of=as_of, notebook=notebook, timeout=timeout)
        for key, t in tables.items()
    }
    by_job = {(job.committee, job.period): key for key, job in prepared.items()}

    def finish(job: Job) -> None:
        from kpitools.render.covering import write_covering_report
        from kpitools.render.pdf import write_report_pdfs

        quarter, committee = by_job[(job.committee, job.period)]
        write_covering_report(
            data, committee, quarter, tables[(quarter, committee)], Path(job.staged), as_of=as_of
        )
        write_report_pdfs(Path(job.staged), data.council, data.committee_name(committee), quarter)

    results = run_jobs(list(prepared.values()), workers=jobs, progress=progress, finish=finish)
    outcomes: dict[Quarter, BuildResult] = {}
    for (quarter, committee), job in prepared.items():
        outcome = outcomes.setdefault(quarter, BuildResult(quarter))
        error = results[(job.committee, job.period)]
        if error is None:
            outcome.built[committee] = Path(job.final)
        else:
            outcome.failed[committee] = error
    return outcomes
