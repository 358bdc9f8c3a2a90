"""Build a quarter's outputs for one or more committees.

Outputs of each committee go to ``outputs/<period>/<committee>/`` and are
replaced as a whole only when every file of the new build is ready, so a
failed run leaves the last good build in place.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from kpitools.data.errors import DataError, Problem
from kpitools.data.load import ProjectData, load, write_processed
from kpitools.model.report import ReportModel, build_report
from kpitools.model.table import committees_with_reports
from kpitools.pipeline.batch import Workers, draw_early, run_many
from kpitools.pipeline.fingerprint import BuildPlan, plan_build
from kpitools.pipeline.outputs import BuildResult, replace_dir, staging_dir, write_kpis_csv
from kpitools.pipeline.scorecards import (
    refresh_scorecards,
    settle_prints,
    write_portal_page,
    write_quarter_pages,
)
from kpitools.pipeline.workers import CHART_CACHE
from kpitools.render.pdf import Printer
from kpitools.rules.periods import Quarter

__all__ = ["BuildResult", "build", "build_all"]

log = logging.getLogger(__name__)

# Lots of charts per worker handed out while the models are computed: about as much
# drawing as computing the rest of a batch's models takes.
EARLY_LOTS = 4


def build(
    period: Quarter | str,
    committees: Sequence[str] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    as_of: dt.date | str | None = None,
    html: bool = True,
    jobs: int | None = None,
    data: ProjectData | None = None,
    progress: bool = False,
    force: bool = True,
    plan: BuildPlan | None = None,
    pool: Workers | None = None,
    documents: bool = True,
) -> BuildResult:
    """Validate the data, rate every KPI and write each committee's outputs.

    Parameters
    ----------
    period : Quarter or str
        Quarter to report, e.g. "2023-24 Q2".
    committees : sequence of str, optional
        Committee ids; default every committee with data for the period.
    root : path, optional
        Project root (default: this project).
    as_of : date or str, optional
        Rebuild as published on that date (later revisions ignored).
    html : bool
        Also run the appendix notebook and export HTML (and the covering report).
    jobs : int, optional
        Parallel notebook processes (default: number of cores).
    force : bool
        Rebuild every report and print every PDF; False skips reports whose inputs
        are unchanged since they were built (see :mod:`kpitools.pipeline.fingerprint`)
        and copies the PDF of a page unchanged since then instead of printing it.
    plan : BuildPlan, optional
        The decision already made by the caller, so it is not made twice.
    pool : Workers, optional
        Worker processes made before the data were loaded, their kernels already
        starting (default: made here).
    documents : bool
        Also print the PDFs and write the covering report in Word; False writes the
        HTML pages and CSV alone, for a quick look after an edit (a later build with
        documents builds those reports again).
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    data = data or load(root)
    write_processed(data)
    available = committees_with_reports(data, quarter)
    if committees:
        unknown = [c for c in committees if c not in data.committees.index]
        if unknown:
            raise DataError(
                [
                    Problem(
                        "data/raw/committees.yml",
                        None,
                        None,
                        f"no committee '{c}'; known: {', '.join(data.committees.index)}",
                    )
                    for c in unknown
                ]
            )
        chosen = list(committees)
    else:
        chosen = available
        if not chosen:
            raise DataError(
                [
                    Problem(
                        "data/raw/reports.csv",
                        None,
                        "period",
                        f"no committee has a report with figures for {quarter}; add a row to "
                        "data/raw/reports.csv and its figures to data/raw/figures.csv",
                    )
                ]
            )
    result = BuildResult(quarter)
    if html:
        plan = plan or plan_build(
            data.paths.root,
            period=str(quarter),
            committees=chosen,
            as_of=_iso(as_of),
            force=force,
            documents=documents,
        )
        models = _models(data, [(q, c) for q, c in plan.stale if q == quarter], as_of, pool)
        outcome = _run_with_pages(
            data, models, plan.stale, [quarter], as_of, jobs, progress, pool,
            reprint=force, documents=documents,
        )  # fmt: skip
        result = outcome.get(quarter, result)
        result.skipped = [c for q, c in plan.skipped if q == quarter]
        return result
    for committee in chosen:
        model = build_report(data, committee, quarter, as_of)
        final = data.paths.output_dir(quarter.slug, committee)
        with staging_dir(final) as staged:
            keep = [p for p in final.glob("*")] if final.exists() else []
            for item in keep:
                if item.name != "kpis.csv" and item.is_file():
                    shutil.copy2(item, staged / item.name)
            write_kpis_csv(model, staged / "kpis.csv")
            replace_dir(staged, final)
        result.built[committee] = final
        log.info("built %s %s: %d KPIs", committee, quarter, model.total)
    return result


def build_all(
    *,
    root: str | os.PathLike[str] | None = None,
    committees: Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
    html: bool = True,
    jobs: int | None = None,
    data: ProjectData | None = None,
    progress: bool = False,
    force: bool = True,
    plan: BuildPlan | None = None,
    pool: Workers | None = None,
    documents: bool = True,
) -> list[BuildResult]:
    """Build every report of the calendar (``data/raw/reports.csv``) in one parallel batch.

    ``force``, ``plan``, ``pool`` and ``documents`` as for :func:`build`.
    """
    data = data or load(root)
    write_processed(data)
    pairs = [
        (r.period, r.committee)
        for r in data.reports.itertuples()
        if not committees or r.committee in committees
    ]
    if not html:
        by_period: dict[Quarter, list[str]] = {}
        for quarter, committee in pairs:
            by_period.setdefault(quarter, []).append(committee)
        return [
            build(q, cs, data=data, as_of=as_of, html=False) for q, cs in sorted(by_period.items())
        ]
    plan = plan or plan_build(
        data.paths.root, committees=committees, as_of=_iso(as_of), force=force, documents=documents
    )
    models = _models(data, list(plan.stale), as_of, pool)
    quarters = {q for q, _ in pairs}
    outcomes = _run_with_pages(
        data, models, plan.stale, quarters, as_of, jobs, progress, pool,
        reprint=force, documents=documents,
    )  # fmt: skip
    for quarter, committee in plan.skipped:
        outcomes.setdefault(quarter, BuildResult(quarter)).skipped.append(committee)
    return [outcomes[q] for q in sorted(outcomes)]


def _models(
    data: ProjectData,
    pairs: list[tuple[Quarter, str]],
    as_of: dt.date | str | None,
    pool: Workers | None,
) -> dict[tuple[Quarter, str], ReportModel]:
    """Each report's model; with ``pool``, the first charts missing from the chart cache
    are handed to its workers as soon as their model is made, so the workers draw (their
    kernels started) while the rest of the models are computed."""
    cache = data.paths.root / CHART_CACHE
    lots = EARLY_LOTS * pool.count if pool is not None else 0
    models = {}
    for quarter, committee in pairs:
        model = build_report(data, committee, quarter, as_of)
        models[(quarter, committee)] = model
        if pool is not None and lots > 0:
            lots -= draw_early(pool, model, cache, lots)
    return models


def _run_with_pages(
    data: ProjectData,
    models: dict[tuple[Quarter, str], ReportModel],
    fingerprints: dict[tuple[Quarter, str], str],
    quarters: Iterable[Quarter],
    as_of: dt.date | str | None,
    jobs: int | None,
    progress: bool,
    pool: Workers | None,
    *,
    reprint: bool,
    documents: bool,
) -> dict[Quarter, BuildResult]:
    """The committees' reports, with the quarters' scorecards refreshed while their
    notebooks run (from the same models) and the portal written once all are in place;
    ``reprint`` False keeps the PDFs of pages unchanged since the last build;
    ``documents`` False prints no PDF and writes no Word file."""
    queued: list[cf.Future[list[Path]]] = []

    def scorecards(printer: Printer) -> None:
        chosen = printer if documents else None
        queued.extend(refresh_scorecards(data, quarters, as_of, models=models, printer=chosen)[1])

    if not models:
        write_quarter_pages(data, quarters, as_of)
        return {}
    outcomes = run_many(
        data,
        models,
        fingerprints,
        jobs=jobs,
        progress=progress,
        meanwhile=scorecards,
        pool=pool,
        reprint=reprint,
        documents=documents,
    )
    settle_prints(queued)
    write_portal_page(data)
    return outcomes


def _iso(as_of: dt.date | str | None) -> str:
    if isinstance(as_of, dt.date):
        return as_of.isoformat()
    return as_of or ""
