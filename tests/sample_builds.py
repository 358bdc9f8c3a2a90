"""The sample reports built as `make report` builds them, shared by the end-to-end and
print tests: through the command line, with every PDF and Word file, in one scratch copy
of the project.

Each report is built on its own, when a test first asks for it, rather than all five in
one `build --all`, and its charts can be drawn into the chart cache first, as a build
draws them: no one test then takes near the suite's 15 s limit for any one test, where
one `--all` took 26-36 s in the parallel suite.
"""

import hashlib
import shutil
from pathlib import Path

import kpitools as kt
import kpitools.cli
from kpitools.model.report import build_report
from kpitools.pipeline.workers import CHART_CACHE
from kpitools.render.chart_cache import chart_tasks

ROOT = Path(__file__).resolve().parents[1]


def hash_tree(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under ``folder``, by its path relative to it."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class SampleBuilds:
    """A scratch copy of the sample data and notebooks and the reports built in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
        shutil.copytree(ROOT / "notebooks", root / "notebooks")
        self.raw_before = hash_tree(root / "data" / "raw")
        self.statuses: dict[tuple[str, str], int] = {}
        self.charts: dict[tuple[str, str], dict[Path, int]] = {}

    def draw_charts(self, committee: str, period: kt.Quarter | str) -> dict[Path, int]:
        """Every chart the report shows, drawn into the chart cache unless it is kept there
        already: each chart's file with its time of modification (in ns)."""
        quarter = kt.Quarter.parse(str(period))
        key = (committee, str(quarter))
        if key not in self.charts:
            model = build_report(kt.load(self.root), committee, quarter)
            cache = self.root / CHART_CACHE
            for task in chart_tasks(model, cache):
                task.draw(cache)
            files = [cache / f"{task.key()}.json" for task in chart_tasks(model)]
            self.charts[key] = {path: path.stat().st_mtime_ns for path in files}
        return self.charts[key]

    def build(self, committee: str, period: kt.Quarter | str) -> tuple[Path, int]:
        """The report's output folder and the exit status of the build that made it."""
        quarter = kt.Quarter.parse(str(period))
        key = (committee, str(quarter))
        if key not in self.statuses:
            argv = ["--root", str(self.root), "build", "--period", str(quarter)]
            self.statuses[key] = kpitools.cli.main([*argv, "--committee", committee])
        return self.root / "outputs" / quarter.slug / committee, self.statuses[key]
