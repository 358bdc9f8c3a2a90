"""A tiny project written from rows given by each test, so expected values are worked by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpitools.data import load as loader

SCHEMES = """ragb:
  label: RAGB
  blue: true
  red_at: 0.10
  red_inclusive: true
  blue_at: 0.05
  blue_inclusive: true
  tolerance: relative
"""

COMMITTEES = """council: Test County Council
committees:
  test:
    name: Test Committee
    illustrative: false
    schemes:
      "2020-21": ragb
"""

KPI_DEFAULTS = {
    "committee": "test", "unit": "count", "decimals": "0", "direction": "up",
    "frequency": "quarterly", "cumulative": "false", "rating": "Rated", "comparison": "previous",
    "from_period": "2020-21 Q1", "illustrative": "false", "service_area": "Service",
}  # fmt: skip


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


@pytest.fixture
def project(tmp_path: Path):
    """``project(kpis, figures, targets, reports)`` writes a project and returns its data."""

    def make(kpis, figures, targets=(), reports=(("2023-24 Q2", "2024-01-10"),)):
        raw = tmp_path / "data" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "schemes.yml").write_text(SCHEMES)
        (raw / "committees.yml").write_text(COMMITTEES)
        _write(
            raw / "kpis.csv",
            loader.KPI_COLUMNS,
            [{**KPI_DEFAULTS, "name": k["kpi_id"], **k} for k in kpis],
        )
        _write(
            raw / "figures.csv",
            loader.FIGURE_COLUMNS,
            [{"reported_on": "2024-01-05", "illustrative": "false", **f} for f in figures],
        )
        _write(
            raw / "targets.csv",
            loader.TARGET_COLUMNS,
            [{"kind": "target", "basis": "period", "illustrative": "false", **t} for t in targets],
        )
        _write(
            raw / "reports.csv",
            loader.REPORT_COLUMNS,
            [{"committee": "test", "period": p, "produced_on": d} for p, d in reports],
        )
        return loader.load(tmp_path)

    return make
