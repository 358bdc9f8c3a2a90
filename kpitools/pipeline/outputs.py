"""What a build writes and how it swaps a committee's folder into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kpitools.model.report import ReportModel
from kpitools.rules.periods import Quarter
from kpitools.wording.kpi import kpi_reason
from kpitools.wording.trend import trend_sentence, year_end_sentence

__all__ = ["CONTRACT_COLUMNS", "BuildResult", "replace_dir", "staging_dir", "write_kpis_csv"]

# Columns other tools read from kpis.csv, first and in this order.
CONTRACT_COLUMNS = ["name", "status", "change", "actual", "target", "direction"]


@dataclass
class BuildResult:
    """What a build produced and what failed."""

    period: Quarter
    built: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@contextmanager
def staging_dir(final: Path) -> Iterator[Path]:
    """A temporary folder beside ``final``, removed if the block fails."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    tmp.chmod(0o755)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replace_dir(staged: Path, final: Path) -> None:
    """Swap a fully built folder into place (the old one is removed after)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    os.replace(staged, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_kpis_csv(model: ReportModel, path: Path) -> None:
    """Write the model's rows as CSV: the contract columns first, then every fact,
    then the sentences the reports print about them."""
    rows = model.rows
    table = rows[CONTRACT_COLUMNS + [c for c in rows.columns if c not in CONTRACT_COLUMNS]]
    records = rows.to_dict("records")
    table = table.assign(
        status_reason=[kpi_reason(r, model.scheme) for r in records],
        trend_message=[trend_sentence(r) for r in records],
        year_end_message=[year_end_sentence(r) for r in records],
    )
    table.to_csv(path, index=False, lineterminator="\n")
