"""Benchmark: the parallel batch against the plain papermill + nbconvert way.

Both run in one process tree on the same data, in a scratch copy of the
project so ``outputs/`` is untouched; the ratio is what to compare across
machines, since absolute times on shared machines are noisy.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BenchResult", "run_bench"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchResult:
    """Timings of one benchmark run."""

    reports: int
    kpis: int
    batch_seconds: float
    plain_seconds: float
    html_bytes: int

    @property
    def ratio(self) -> float:
        return self.batch_seconds / self.plain_seconds

    def lines(self) -> list[str]:
        return [
            f"reports built: {self.reports} ({self.kpis} KPI cards)",
            f"batch (kpitools build, parallel): {self.batch_seconds:.1f} s",
            f"plain (papermill then jupyter nbconvert, one by one): {self.plain_seconds:.1f} s",
            f"ratio batch / plain: {self.ratio:.2f} (goal: at most 0.40)",
            f"appendix size: {self.html_bytes / 1024:.0f} KiB in all, "
            f"{self.html_bytes / max(self.kpis, 1) / 1024:.1f} KiB per KPI",
        ]


def _scratch_project(root: Path) -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="kpitools-bench-"))
    shutil.copytree(root / "data" / "raw", scratch / "data" / "raw")
    notebooks = root / "notebooks"
    if not notebooks.exists():
        from kpitools.data.paths import ProjectPaths

        notebooks = ProjectPaths().notebooks
    shutil.copytree(notebooks, scratch / "notebooks")
    return scratch


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def run_bench(root: str | os.PathLike[str] | None = None, jobs: int | None = None) -> BenchResult:
    """Time both ways on every report in ``data/raw/reports.csv``."""
    from kpitools.data.load import load
    from kpitools.data.paths import ProjectPaths
    from kpitools.model.table import kpi_table
    from kpitools.pipeline.batch import prepare_job, run_jobs

    paths = ProjectPaths(root)
    scratch = _scratch_project(paths.root)
    try:
        data = load(scratch)
        pairs = [(r.committee, r.period) for r in data.reports.itertuples()]
        tables = {(c, p): kpi_table(data, c, p) for c, p in pairs}
        kpis = sum(len(t) for t in tables.values())

        plain_dir = scratch / "plain"
        plain_dir.mkdir()
        notebook = scratch / "notebooks" / "committee_report.ipynb"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        start = time.perf_counter()
        for committee, period in pairs:
            executed = plain_dir / f"{committee}-{period.slug}.ipynb"
            subprocess.run(
                [
                    _bin("papermill"), str(notebook), str(executed),
                    "-p", "committee", committee, "-p", "period", str(period),
                    "-p", "root", str(scratch), "--no-progress-bar",
                ],
                check=True, cwd=scratch, **quiet,
            )  # fmt: skip
            subprocess.run(
                [_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                check=True,
                cwd=scratch,
                **quiet,
            )
        plain = time.perf_counter() - start

        start = time.perf_counter()
        jobs_list = [prepare_job(data, p, c, tables[(c, p)], notebook=notebook) for c, p in pairs]
        results = run_jobs(jobs_list, workers=jobs)
        batch = time.perf_counter() - start
        failed = {k: v for k, v in results.items() if v}
        if failed:
            raise RuntimeError(f"batch failed during the benchmark: {failed}")
        size = sum((Path(j.final) / "appendix.html").stat().st_size for j in jobs_list)
        return BenchResult(len(pairs), kpis, batch, plain, size)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
