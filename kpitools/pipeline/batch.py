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
import datetime as dt
import json
import logging
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kpitools.data.atomic import write_atomic
from kpitools.data.load import ProjectData
from kpitools.data.paths import ProjectPaths
from kpitools.model.report import ReportModel, load_report, save_report
from kpitools.pipeline.charts import draw_ahead
from kpitools.pipeline.contain import contain_caches
from kpitools.pipeline.fingerprint import FINGERPRINT_FILE, fingerprint_record, fingerprints
from kpitools.pipeline.outputs import (
    STAGING,
    BuildResult,
    recover_outputs,
    replace_dir,
    write_kpis_csv,
)
from kpitools.pipeline.workers import (
    CELL_TIMEOUT,
    CHART_CACHE,
    KERNEL_LOG,
    Job,
    Workers,
    draw_charts,
    run_job,
)
from kpitools.render.chart_cache import ChartTask, chart_tasks
from kpitools.render.covering import write_covering_report
from kpitools.render.pdf import PdfJob, PdfUnavailable, Printer, print_key, report_pdf_job
from kpitools.rules.periods import Quarter
from kpitools.wording.report import appendix_title

__all__ = [
    "Job",
    "Workers",
    "draw_early",
    "kept_model",
    "model_path",
    "prepare_job",
    "run_jobs",
    "run_many",
]

log = logging.getLogger(__name__)

NOTEBOOK = "committee_report.ipynb"
# What each PDF of a built report folder was printed from (see render.pdf.print_key).
PRINTS_FILE = ".prints.json"
# Charts handed to a worker at once: a few tenths of a second of drawing, small enough
# that the workers finish together, big enough that handing out costs little.
CHART_LOT = 6


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
    finish: Callable[[Job, str | None], str | None] | None = None,
    started: Callable[[], None] | None = None,
    pool: Workers | None = None,
    charts: Mapping[tuple[str, str], Sequence[ChartTask]] | None = None,
    cache: str = CHART_CACHE,
) -> dict[tuple[str, str], str | None]:
    """Run jobs in parallel processes (``pool``'s, or ``workers`` new ones).

    ``charts``: the charts each job's notebook shows that are not in the chart cache
    (``cache``) yet, by (committee, period). They are shared out among the workers in
    lots of :data:`CHART_LOT`, the first job's first, and a job's notebook is handed to
    a worker once its charts are drawn, before any further lot: so every worker keeps
    busy to the end, however unequal the committees, and the first reports finish early.

    Once ``started`` is done, this process draws lots too whenever no work is waiting
    for it. ``started()`` runs in a thread of this process as soon as the first work is
    handed out, so what it does overlaps the notebooks (it is waited for before the
    first job is finished); ``finish(job, error)`` runs in this process when a job's notebook is
    done (``error`` None when it ran) and returns the job's error, None for success.
    Returns the error of each (committee, period).
    """
    if pool is None:
        count = min(workers or os.cpu_count() or 1, len(jobs) or 1)
        with Workers(jobs[0].root if jobs else ".", count, printing=False) as own:
            return run_jobs(
                jobs, progress=progress, finish=finish, started=started, pool=own,
                charts=charts, cache=cache,
            )  # fmt: skip
    from tqdm import tqdm

    by_key = {(j.committee, j.period): j for j in jobs}
    lots = {key: _lots(list((charts or {}).get(key, ()))) for key in by_key}
    drawing = dict.fromkeys(by_key, 0)
    inflight: dict[cf.Future[Any], tuple[str, tuple[str, str]]] = {}
    # Lots handed out before the batch began (while the models were computed).
    for key in by_key:
        for lot_drawn in pool.early.pop(key, []):
            inflight[lot_drawn] = ("charts", key)
            drawing[key] += 1
    ready = [key for key in by_key if not lots[key] and not drawing[key]]
    handed = 0
    pool.left.value = len(jobs)

    def next_lot() -> tuple[tuple[str, str], list[ChartTask]] | None:
        # The first job's charts first: its notebook can start soonest.
        key = next((k for k in by_key if lots[k]), None)
        return None if key is None else (key, lots[key].pop(0))

    def hand_out() -> None:
        nonlocal handed
        # Two pieces of work per worker in flight, so none waits on this process.
        while sum(not f.done() for f in inflight) < 2 * pool.count:
            if ready:
                key = ready.pop(0)
                # The worker that takes this job starts a kernel for its next job once this
                # notebook has run, if some job is still to be handed out then: which worker
                # gets which job is not known ahead, and a job that finds no kernel waiting
                # starts one itself, a second more on the batch's longest path.
                job = dataclasses.replace(by_key[key], warm_next=handed + 1 < len(jobs))
                handed += 1
                pool.left.value = len(jobs) - handed
                inflight[pool.executor.submit(run_job, job)] = ("job", key)
                continue
            chosen = next_lot()
            if chosen is None:
                return
            waiting, lot = chosen
            drawing[waiting] += 1
            inflight[pool.executor.submit(draw_charts, lot, cache)] = ("charts", waiting)

    hand_out()
    side: list[BaseException] = []
    helper = threading.Thread(target=_capture, args=(started, side), name="kpitools-started")
    if started is not None:
        helper.start()

    def charts_drawn(key: tuple[str, str]) -> None:
        if not drawing[key] and not lots[key]:
            ready.append(key)

    def draw_here() -> None:
        # This process has nothing else to do: it draws a lot itself, filling the moments
        # a worker waits on its kernel.
        chosen = next_lot()
        if chosen is None:
            return
        key, lot = chosen
        try:
            draw_charts(lot, cache)
        except Exception as exc:  # the kernel draws what is missing, or says why not
            _not_drawn_ahead(key, exc)
        charts_drawn(key)

    results: dict[tuple[str, str], str | None] = {}
    bar = tqdm(total=len(jobs), desc="Building appendices", unit="report", disable=not progress)
    while inflight:
        idle = not helper.is_alive() and any(lots.values())
        done, _ = cf.wait(inflight, timeout=0 if idle else None, return_when=cf.FIRST_COMPLETED)
        if not done:
            draw_here()
            hand_out()
            continue
        for future in done:
            kind, key = inflight.pop(future)
            job = by_key[key]
            if kind == "charts":
                try:
                    future.result()
                except Exception as exc:  # the kernel draws what is missing, or says why not
                    _not_drawn_ahead(key, exc)
                drawing[key] -= 1
                charts_drawn(key)
                continue
            if helper.is_alive():
                helper.join()
            try:
                committee, period, error = future.result()
            except Exception as exc:  # the worker process itself died
                committee, period, error = job.committee, job.period, f"worker died: {exc}"
            if finish is not None:
                try:
                    error = finish(job, error)
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"
            _settle(job, error)
            results[(committee, period)] = error
            bar.update(1)
        hand_out()
    bar.close()
    if helper.is_alive():
        helper.join()
    if side:
        raise side[0]
    return results


def _not_drawn_ahead(key: tuple[str, str], exc: Exception) -> None:
    log.warning("charts of %s %s not drawn ahead: %s", *key, exc)


def _lots(tasks: list[ChartTask]) -> list[list[ChartTask]]:
    return [tasks[i : i + CHART_LOT] for i in range(0, len(tasks), CHART_LOT)]


def draw_early(pool: Workers, model: ReportModel, cache: str | os.PathLike[str], lots: int) -> int:
    """Hand the workers up to ``lots`` lots of the model's charts missing from ``cache``,
    before the batch begins: they draw while this process computes the next models.
    Returns how many lots were handed out; :func:`run_jobs` waits for them as for its own.
    """
    chosen = _lots(chart_tasks(model, cache, skip=pool.early_charts))[:lots]
    if not chosen:
        return 0
    Path(cache).mkdir(parents=True, exist_ok=True)
    key = (model.committee, str(model.period))
    for lot in chosen:
        pool.early.setdefault(key, []).append(pool.executor.submit(draw_charts, lot, str(cache)))
        pool.early_charts.update(t.key() for t in lot)
    return len(chosen)


def _capture(work: Callable[[], None] | None, errors: list[BaseException]) -> None:
    if work is None:
        return
    try:
        work()
    except BaseException as exc:  # raised again in the caller's thread
        errors.append(exc)


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
    return _stored(data, model.period, model.committee, model.as_of)


def _stored(data: ProjectData, quarter: Quarter, committee: str, as_of: dt.date | None) -> Path:
    suffix = f"-as-of-{as_of.isoformat()}" if as_of else ""
    return data.paths.processed / "models" / quarter.slug / f"{committee}{suffix}.pkl"


def _fingerprint_of(stored: Path) -> Path:
    return stored.with_suffix(".fingerprint")


def kept_model(
    data: ProjectData, quarter: Quarter, committee: str, as_of: dt.date | None = None
) -> ReportModel | None:
    """The model a build left for this report, if it was computed from the inputs of
    now (its fingerprint is that of the report's inputs today), else None.

    A quarter's scorecard reads the models of committees not rebuilt this time from
    here instead of computing them again.
    """
    stored = _stored(data, quarter, committee, as_of)
    now = fingerprints(data.paths.root, [(quarter, committee)], as_of.isoformat() if as_of else "")
    try:
        if _fingerprint_of(stored).read_text(encoding="utf-8") != now[(quarter, committee)]:
            return None
        return load_report(stored)
    except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError):
        return None


def prepare_job(
    data: ProjectData,
    model: ReportModel,
    *,
    fingerprint: str = "",
    notebook: Path | None = None,
    timeout: int = CELL_TIMEOUT,
    reprint: bool = True,
    documents: bool = True,
) -> Job:
    """Stage a committee's model and describe its notebook run (``reprint`` and
    ``documents``: see :func:`run_many`)."""
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
                fingerprint_record(fingerprint, documents=documents), encoding="utf-8"
            )
        stored = model_path(data, model)
        # The fingerprint goes first and the model after, so a fingerprint beside a model
        # always belongs to it or to a model not yet replaced (then it does not match).
        _fingerprint_of(stored).unlink(missing_ok=True)
        save_report(model, stored)
        if fingerprint:
            write_atomic(_fingerprint_of(stored), fingerprint.encode("utf-8"))
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
        reprint=reprint,
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
    reprint: bool = True,
    documents: bool = True,
) -> dict[Quarter, BuildResult]:
    """Build many (quarter, committee) reports in one pool, so every core stays busy.

    While the notebooks run, this process writes each committee's covering report
    and has the pool's Chromium print it; each appendix is printed as its notebook
    finishes. ``meanwhile(printer)`` runs then too (the quarter's scorecards); an
    error it raises is raised once every committee is settled. ``pool``: worker
    processes made earlier (see :class:`Workers`), else ``jobs`` new ones.
    ``reprint`` False: a PDF whose page, footer and printer are those of the last good
    build's PDF is copied from it instead of printed again. ``documents`` False: the
    HTML pages and CSV alone, no PDF and no Word (``kpitools build --html-only``).
    """
    recover_outputs(data.paths.outputs)
    contain_caches(data.paths)
    with contextlib.ExitStack() as stack:
        if pool is None:
            count = min(jobs or os.cpu_count() or 1, len(models) or 1)
            pool = stack.enter_context(Workers(data.paths.root, count, printing=documents))
        return _run_many(data, models, fingerprints or {}, jobs, progress, notebook, timeout,
                         meanwhile, pool, reprint, documents)  # fmt: skip


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
    reprint: bool,
    documents: bool,
) -> dict[Quarter, BuildResult]:
    prepared: dict[tuple[Quarter, str], Job] = {}
    try:
        for key, m in models.items():
            prepared[key] = prepare_job(
                data,
                m,
                fingerprint=prints.get(key, ""),
                notebook=notebook,
                timeout=timeout,
                reprint=reprint,
                documents=documents,
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
    cache = data.paths.root / CHART_CACHE
    missing = {
        (job.committee, job.period): chart_tasks(models[key], cache, skip=pool.early_charts)
        for key, job in prepared.items()
    }
    printer = pool.printer
    pending: dict[tuple[str, str], list[cf.Future[list[Path]]]] = {}
    early: dict[tuple[str, str], str] = {}
    failures: list[BaseException] = []
    printed_from: dict[tuple[str, str], dict[str, str]] = {}

    def print_or_keep(job: Job, model: ReportModel, stem: str) -> list[cf.Future[list[Path]]]:
        if not documents:
            return []
        pdf = _pdf_job(job, model, stem)
        key = print_key(pdf)
        printed_from.setdefault((job.committee, job.period), {})[stem] = key
        if not job.reprint and _keep_print(Path(job.final), pdf, stem, key):
            return []
        return [printer.submit([pdf])]

    def started() -> None:
        for job in prepared.values():
            model = models[by_job[(job.committee, job.period)]]
            try:
                write_covering_report(
                    model,
                    Path(job.staged),
                    template=data.paths.raw / "templates" / "report.docx",
                    docx=documents,
                )
            except Exception as exc:
                early[(job.committee, job.period)] = f"{type(exc).__name__}: {exc}"
                continue
            pending[(job.committee, job.period)] = print_or_keep(job, model, "report")
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
            prints += print_or_keep(job, models[by_job[key]], "appendix")
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
        if error is None:
            _record_prints(Path(job.staged), printed_from.get(key, {}))
        return error

    results = run_jobs(
        list(prepared.values()),
        progress=progress,
        finish=finish,
        started=started,
        pool=pool,
        charts=missing,
        cache=str(cache),
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


def _printed(folder: Path) -> dict[str, str]:
    try:
        record = json.loads((folder / PRINTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _keep_print(final: Path, pdf: PdfJob, stem: str, key: str) -> bool:
    """Copy the last good build's PDF of ``stem`` when it was printed from the same page,
    footer and printer (``key``); False when it must be printed."""
    kept = final / f"{stem}.pdf"
    if _printed(final).get(stem) != key:
        return False
    try:
        shutil.copy2(kept, pdf.pdf_path)
    except OSError:
        return False
    return True


def _record_prints(staged: Path, keys: dict[str, str]) -> None:
    """Record what each PDF now in ``staged`` was printed from."""
    done = {stem: key for stem, key in sorted(keys.items()) if (staged / f"{stem}.pdf").exists()}
    (staged / PRINTS_FILE).write_text(json.dumps(done, indent=1) + "\n", encoding="utf-8")


def _pdf_job(job: Job, model: ReportModel, stem: str) -> PdfJob:
    return report_pdf_job(Path(job.staged), stem, model.council, model.committee_name, model.period)
