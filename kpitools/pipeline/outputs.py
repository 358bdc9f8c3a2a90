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

__all__ = [
    "CONTRACT_COLUMNS",
    "STAGING",
    "BuildResult",
    "recover_outputs",
    "replace_dir",
    "staging_dir",
    "write_kpis_csv",
]

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
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.{STAGING}{os.getpid()}.", dir=final.parent))
    tmp.chmod(0o755)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# Marks in the names of a build's temporary folders, followed by the building process's id.
STAGING = "staging-"
_OLD = ".old-"


def replace_dir(staged: Path, final: Path) -> None:
    """Swap a fully built folder into place; the previous one is removed after.

    Between the two renames the previous folder is kept as ``.<name>.old-<pid>``;
    if the build is killed there, :func:`recover_outputs` puts it back.
    """
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}{_OLD}{os.getpid()}")
        os.replace(final, old)
    os.replace(staged, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_outputs(outputs: Path) -> list[Path]:
    """Undo what a killed build left behind; returns the folders it recovered or removed.

    A last good folder set aside but never replaced is put back; temporary folders of
    builds that are no longer running are removed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> (out / "2023-24-Q2" / ".cosmic.old-999999999").mkdir(parents=True)
    >>> [p.name for p in recover_outputs(out)], (out / "2023-24-Q2" / "cosmic").is_dir()
    (['cosmic'], True)
    """
    done: list[Path] = []
    if not outputs.is_dir():
        return done
    for folder in [p for p in outputs.iterdir() if p.is_dir()]:
        for item in sorted(folder.glob(".*")):
            name = item.name[1:]
            if _OLD in name:
                committee, pid = name.rsplit(_OLD, 1)
                if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
                    continue
                final = folder / committee
                if final.exists():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    os.replace(item, final)
                done.append(final)
            elif STAGING in name:
                pid = name.split(STAGING, 1)[1].split(".", 1)[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(item, ignore_errors=True)
                    done.append(item)
    return done


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
