"""A big committee's charts drawn on every core before its notebook runs.

A notebook kernel draws its charts one after another, on one core. When a batch
has fewer notebooks than cores and many charts are not kept yet (a committee of
hundreds of KPIs, built for the first time), the charts are drawn first by one
process per core into the chart cache, where the kernel then finds every one of
them: the same charts, drawn by the same code, only sooner.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path

from kpitools.model.report import ReportModel
from kpitools.render.chart_cache import ChartTask, chart_tasks

__all__ = ["PARALLEL_FROM", "draw_ahead"]

log = logging.getLogger(__name__)

# Charts missing before drawing them ahead pays: below this a kernel draws them sooner
# than new processes can start (each imports pandas and matplotlib, about a second).
PARALLEL_FROM = 100


def _draw(tasks: list[ChartTask], cache: str) -> int:
    for task in tasks:
        task.draw(cache)
    return len(tasks)


def draw_ahead(
    models: Iterable[ReportModel], cache: str | os.PathLike[str], *, notebooks: int, cores: int
) -> int:
    """Draw the charts not yet in ``cache`` on ``cores`` processes when that is quicker than
    leaving them to ``notebooks`` kernels; returns how many were drawn.

    Examples
    --------
    >>> draw_ahead([], "charts", notebooks=1, cores=2)
    0
    """
    if notebooks >= cores:
        return 0  # the kernels already keep every core busy
    tasks = [t for m in models for t in chart_tasks(m, cache)]
    if len(tasks) < PARALLEL_FROM:
        return 0
    Path(cache).mkdir(parents=True, exist_ok=True)
    chunks = [tasks[i::cores] for i in range(cores)]
    # Started afresh ("spawn"), not forked: the building process may run threads by now.
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        drawn = sum(pool.map(_draw, chunks, [str(cache)] * len(chunks)))
    log.info("drew %d charts on %d processes", drawn, cores)
    return drawn
