"""A fair benchmark of the build, end to end, with every figure the issue sets a goal for.

Each figure is a ratio of two timings taken in the same run, because this
machine's speed varies from minute to minute; the two methods of a ratio are
alternated round by round and each is timed as a whole command, from process
start to its last file written. Everything runs in scratch copies of the
project, so ``outputs/`` is never touched.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kpitools.data.paths import ProjectPaths
from kpitools.pipeline.synthetic import write_synthetic_project

__all__ = ["BenchFigure", "BenchResult", "run_bench"]


@dataclass(frozen=True)
class BenchFigure:
    """One measured ratio against its goal; ``goal`` None: printed for information.

    Examples
    --------
    >>> BenchFigure("a / b", 0.25, 0.3, "a 1 s").line()
    'a / b: 0.250 (goal <= 0.3; met) [a 1 s]'
    >>> BenchFigure("c / b", 0.5, None, "c 2 s").line()
    'c / b: 0.500 (for information) [c 2 s]'
    """

    name: str
    value: float
    goal: float | None
    detail: str

    @property
    def met(self) -> bool:
        return self.goal is None or self.value <= self.goal

    def line(self) -> str:
        if self.goal is None:
            return f"{self.name}: {self.value:.3f} (for information) [{self.detail}]"
        verdict = "met" if self.met else "NOT MET"
        return f"{self.name}: {self.value:.3f} (goal <= {self.goal:g}; {verdict}) [{self.detail}]"


@dataclass(frozen=True)
class BenchResult:
    """Every figure of one benchmark run."""

    figures: list[BenchFigure]

    @property
    def ok(self) -> bool:
        return all(f.met for f in self.figures)

    def lines(self) -> list[str]:
        return [f.line() for f in self.figures]


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _quiet(args: Sequence[str], cwd: Path) -> None:
    subprocess.run(
        list(args), check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _run(args: Sequence[str], cwd: Path) -> float:
    """Wall time of one command, process start to exit; fails loudly if it fails."""
    start = time.perf_counter()
    _quiet(args, cwd)
    return time.perf_counter() - start


def _cpu_of(args: Sequence[str], cwd: Path) -> float:
    """CPU seconds (user + system) a command and every process it started used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _quiet(args, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source / "data" / "raw", target / "data" / "raw")
    shutil.copytree(source / "notebooks", target / "notebooks")
    return target


def _kpitools(root: Path, *args: str) -> list[str]:
    return [_bin("kpitools"), "--root", str(root), *args]


def _plain_loop(root: Path, pairs: list[tuple[str, str]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    notebook = root / "notebooks" / "committee_report.ipynb"
    for committee, period in pairs:
        executed = out / f"{committee}-{period.replace(' ', '-')}.ipynb"
        _quiet(
            [_bin("papermill"), str(notebook), str(executed), "-p", "committee", committee,
             "-p", "period", period, "--no-progress-bar"],
            root,
        )  # fmt: skip
        _quiet([_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], root)


def _calendar(root: Path) -> list[tuple[str, str]]:
    with (root / "data" / "raw" / "reports.csv").open(encoding="utf-8") as f:
        return [(r["committee"], r["period"]) for r in csv.DictReader(f)]


def _empty_notebook(path: Path) -> Path:
    nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]},
                     "source": "", "outputs": [], "execution_count": None}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _edit_commentary(root: Path, committee: str, period_slug: str, round_: int) -> None:
    path = root / "data" / "raw" / "commentary" / committee / f"{period_slug}.md"
    text = path.read_text(encoding="utf-8")
    marker = "### Commentary\n\n"
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + f"Benchmark edit {round_}. " + text[at:], encoding="utf-8")


def run_bench(
    root: str | os.PathLike[str] | None = None,
    *,
    rounds: int = 3,
    scale: bool = True,
    jobs: int | None = None,
) -> BenchResult:
    """Measure every figure; ``scale=False`` leaves out the synthetic scale runs."""
    source = ProjectPaths(root).root
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    figures = []
    with tempfile.TemporaryDirectory(prefix="kpitools-bench-") as tmp:
        scratch = _copy_project(source, Path(tmp) / "project")
        pairs = _calendar(scratch)
        times: dict[str, list[float]] = {k: [] for k in _TIMED}
        empty_nb = _empty_notebook(Path(tmp) / "empty.ipynb")
        committee, period = pairs[0]
        slug = period.replace(" ", "-")
        edit = ["build", "--period", period, "--committee", committee]
        for r in range(rounds):
            # Alternate the methods of each ratio, so drift in machine speed hits them all.
            # A clean build starts from no outputs, and none of the validated tables,
            # models or charts a build keeps in data/processed.
            _clean(scratch)
            times["html"].append(
                _run(_kpitools(scratch, "build", "--all", "--force", "--html-only", *jobs_args),
                     scratch)
            )  # fmt: skip
            start = time.perf_counter()
            _plain_loop(scratch, pairs, Path(tmp) / f"plain{r}")
            times["plain"].append(time.perf_counter() - start)
            _clean(scratch)
            times["clean"].append(
                _run(_kpitools(scratch, "build", "--all", "--force", *jobs_args), scratch)
            )
            times["nochange"].append(
                _run(_kpitools(scratch, "build", "--all", *jobs_args), scratch)
            )
            # The edit with its documents comes first, as after a full build.
            _edit_commentary(scratch, committee, slug, 2 * r)
            times["edit"].append(_run(_kpitools(scratch, *edit), scratch))
            times["empty"].append(
                _run(
                    [_bin("papermill"), str(empty_nb), str(Path(tmp) / "empty-out.ipynb"),
                     "--no-progress-bar"],
                    scratch,
                )
            )  # fmt: skip
            _edit_commentary(scratch, committee, slug, 2 * r + 1)
            times["edit_html"].append(_run(_kpitools(scratch, *edit, "--html-only"), scratch))
        figures += _figures(times, len(pairs))
        if scale:
            figures += _scale_figures(Path(tmp), jobs_args)
    return BenchResult(figures)


# Every command timed: a clean batch with every document and with the HTML pages alone
# (what the plain loop makes), the plain loop, a rebuild with nothing changed, a commentary
# edit rebuilt with and without its documents, and papermill on an empty notebook.
_TIMED = ("clean", "html", "plain", "nochange", "edit", "edit_html", "empty")


def _clean(scratch: Path) -> None:
    """Remove every output and everything a build keeps in data/processed (validated
    tables, models, charts), but not the caches of the tools it runs (``.cache``:
    matplotlib's font list, IPython's profile), which the plain loop also finds kept,
    in the user's home."""
    shutil.rmtree(scratch / "outputs", ignore_errors=True)
    processed = scratch / "data" / "processed"
    for path in processed.iterdir() if processed.is_dir() else []:
        if path.name == ".cache":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _summary(name: str, values: list[float]) -> str:
    """
    Examples
    --------
    >>> _summary("clean", [3.0, 1.0, 2.0])
    'clean min 1.00 s, median 2.00 s'
    """
    return f"{name} min {min(values):.2f} s, median {statistics.median(values):.2f} s"


def _figures(times: dict[str, list[float]], reports: int) -> list[BenchFigure]:
    """The ratios of the medians, against their goals.

    The goals compare like with like: the plain loop and papermill make HTML (an executed
    notebook) and no PDF or Word file, so the batch and the edit are timed making the same
    (``--html-only``); with their PDFs and Word files too they are printed for information.

    Examples
    --------
    >>> t = {"clean": [20.0], "html": [12.0], "plain": [48.0], "nochange": [0.2],
    ...      "edit": [5.0], "edit_html": [3.0], "empty": [2.5]}
    >>> [(f.value, f.goal) for f in _figures(t, 5)]
    [(0.01, 0.05), (1.2, 1.5), (2.0, None), (0.25, 0.3), (0.4166666666666667, None)]
    """
    m = {k: statistics.median(v) for k, v in times.items()}
    return [
        BenchFigure(
            "no-change rebuild / clean build",
            m["nochange"] / m["clean"],
            0.05,
            f"{_summary('no change', times['nochange'])}; {_summary('clean', times['clean'])}",
        ),
        BenchFigure(
            "one committee rebuilt after a commentary edit (HTML) / papermill on an empty notebook",
            m["edit_html"] / m["empty"],
            1.5,
            f"{_summary('edit', times['edit_html'])}; {_summary('empty notebook', times['empty'])}",
        ),
        BenchFigure(
            "the same edit rebuilt with its PDFs and Word file / papermill on an empty notebook",
            m["edit"] / m["empty"],
            None,
            f"{_summary('edit', times['edit'])}",
        ),
        BenchFigure(
            "clean batch (HTML) / plain papermill-then-nbconvert loop",
            m["html"] / m["plain"],
            0.30,
            f"{reports} reports; {_summary('batch', times['html'])}; "
            f"{_summary('plain', times['plain'])}",
        ),
        BenchFigure(
            "clean batch with every PDF and Word file / plain loop",
            m["clean"] / m["plain"],
            None,
            f"{reports} reports; {_summary('batch', times['clean'])}",
        ),
    ]


def _scale_figures(tmp: Path, jobs_args: list[str]) -> list[BenchFigure]:
    cpu: dict[int, float] = {}
    for committees in (5, 50):
        root = write_synthetic_project(tmp / f"scale{committees}", committees=committees, kpis=20)
        command = _kpitools(root, "build", "--all", "--force", *jobs_args)
        cpu[committees] = _cpu_of(command, root) / committees
    big = write_synthetic_project(tmp / "big", committees=1, kpis=500)
    seconds = _run(_kpitools(big, "build", "--all", "--force", *jobs_args), big)
    return [
        BenchFigure(
            "CPU per committee at 50 committees x 20 KPIs / at 5",
            cpu[50] / cpu[5],
            1.1,
            f"{cpu[5]:.2f} CPU-s per committee at 5, {cpu[50]:.2f} at 50",
        ),
        BenchFigure(
            "seconds per KPI for one committee of 500 KPIs",
            seconds / 500,
            0.5,
            f"{seconds:.1f} s for 500 KPIs",
        ),
    ]
