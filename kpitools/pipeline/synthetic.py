"""Synthetic projects of any size, for benchmarks: committees, KPIs and histories made up.

Every row is marked illustrative. The figures follow a gentle seasonal wave
around each KPI's target, so a report holds every status.
"""

from __future__ import annotations

import csv
import math
import os
import random
import shutil
from pathlib import Path

from kpitools.data.load import FIGURE_COLUMNS, KPI_COLUMNS, REPORT_COLUMNS, TARGET_COLUMNS
from kpitools.data.paths import ProjectPaths
from kpitools.rules.periods import Quarter

__all__ = ["write_synthetic_project"]

_SCHEMES = """synthetic:
  label: RAGB
  blue: true
  red_at: 0.10
  red_inclusive: true
  blue_at: 0.05
  blue_inclusive: true
  tolerance: relative
"""


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in columns} for row in rows)


def write_synthetic_project(
    root: str | os.PathLike[str],
    *,
    committees: int = 5,
    kpis: int = 20,
    history: int = 8,
    period: Quarter = Quarter(2024, 2),
    seed: int = 0,
) -> Path:
    """Write a project of ``committees`` x ``kpis`` KPIs with ``history`` quarters each.

    The notebooks are copied from this package's project. Returns the root.

    Examples
    --------
    >>> import tempfile
    >>> from kpitools.data.load import load
    >>> data = load(write_synthetic_project(tempfile.mkdtemp(), committees=2, kpis=3))
    >>> len(data.kpis), sorted(data.committees.index)
    (6, ['c01', 'c02'])
    """
    base = Path(root)
    raw = base / "data" / "raw"
    (raw / "commentary").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = [f"c{i:02d}" for i in range(1, committees + 1)]
    (raw / "schemes.yml").write_text(_SCHEMES, encoding="utf-8")
    lines = ["council: Synthetic County Council (illustrative)", "committees:"]
    for name in names:
        lines += [
            f"  {name}:",
            f"    name: Synthetic Committee {name[1:]}",
            "    illustrative: true",
            "    schemes:",
            f'      "{Quarter(period.year - 10, 1).fy}": synthetic',
        ]
    (raw / "committees.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    quarters = [period.shift(-i) for i in range(history - 1, -1, -1)]
    produced = period.end.replace(day=1).isoformat()
    reported = period.end.isoformat()
    kpi_rows, target_rows, figure_rows, report_rows = [], [], [], []
    for name in names:
        report_rows.append(
            {"committee": name, "period": str(period), "produced_on": produced,
             "illustrative": "true", "source": "synthetic benchmark data"}
        )  # fmt: skip
        sections = ["---", f"committee: {name}", f"period: {period}", "---", ""]
        for k in range(1, kpis + 1):
            kpi_id = f"{name}-k{k:03d}"
            percent = k % 3 == 0
            target = 80.0 if percent else float(rng.randint(100, 5000))
            kpi_rows.append(
                {"kpi_id": kpi_id, "committee": name, "name": f"Synthetic indicator {k}",
                 "service_area": f"Service {k % 4 + 1}", "unit": "percent" if percent else "count",
                 "decimals": "0", "direction": "up", "frequency": "quarterly",
                 "cumulative": "false", "rating": "Rated", "comparison": "previous",
                 "from_period": str(quarters[0]), "illustrative": "true",
                 "description": "A synthetic indicator for benchmarks.",
                 "source": "synthetic benchmark data"}
            )  # fmt: skip
            target_rows.append(
                {"kpi_id": kpi_id, "from_period": str(quarters[0]), "kind": "target",
                 "value": f"{target:g}", "basis": "period", "illustrative": "true",
                 "source": "synthetic benchmark data"}
            )  # fmt: skip
            phase = rng.random() * 2 * math.pi
            for i, q in enumerate(quarters):
                wave = 1 + 0.12 * math.sin(phase + i * math.pi / 2) + rng.uniform(-0.03, 0.03)
                value = min(100.0, target * wave) if percent else round(target * wave)
                figure_rows.append(
                    {"kpi_id": kpi_id, "period": str(q), "value": f"{value:.0f}",
                     "reported_on": reported, "illustrative": "true",
                     "source": "synthetic benchmark data"}
                )  # fmt: skip
            sections += [
                f"## {kpi_id} — Synthetic indicator {k}",
                "",
                "### Commentary",
                "",
                f"Synthetic commentary for indicator {k}.",
                "",
                "### Actions",
                "",
                "Keep monitoring the synthetic figures.",
                "",
            ]
        folder = raw / "commentary" / name
        folder.mkdir(exist_ok=True)
        (folder / f"{period.slug}.md").write_text("\n".join(sections), encoding="utf-8")
    _write(raw / "kpis.csv", KPI_COLUMNS, kpi_rows)
    _write(raw / "targets.csv", TARGET_COLUMNS, target_rows)
    _write(raw / "figures.csv", FIGURE_COLUMNS, figure_rows)
    _write(raw / "reports.csv", REPORT_COLUMNS, report_rows)
    notebooks = ProjectPaths().notebooks
    shutil.copytree(notebooks, base / "notebooks", dirs_exist_ok=True)
    return base
