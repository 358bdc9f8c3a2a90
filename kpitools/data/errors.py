"""Problems with the input, each naming file, row and column, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = ["FILE_ORDER", "DataError", "Problem"]

# Files in the order their problems are listed: a fault in a file others depend on
# (a scheme, a committee, a KPI) comes before what it causes further down.
FILE_ORDER = (
    "data/raw/settings.yml",
    "data/raw/sources.yml",
    "data/raw/schemes.yml",
    "data/raw/committees.yml",
    "data/raw/kpis.csv",
    "data/raw/targets.csv",
    "data/raw/figures.csv",
    "data/raw/reports.csv",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and how to put it right.

    ``more_rows`` lists further rows with the very same fault, so one cause is
    reported once.

    Examples
    --------
    >>> print(Problem("data/raw/figures.csv", 5, "kpi_id", "unknown KPI 'x'", (7, 9)))
    data/raw/figures.csv, rows 5, 7 and 9, column 'kpi_id': unknown KPI 'x'
    """

    file: str
    row: int | None
    column: str | None
    message: str
    more_rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None and self.more_rows:
            rows = [str(r) for r in (self.row, *self.more_rows)]
            where.append(f"rows {', '.join(rows[:-1])} and {rows[-1]}")
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


def _rank(problem: Problem) -> tuple[int, str, int, str]:
    order = FILE_ORDER.index(problem.file) if problem.file in FILE_ORDER else len(FILE_ORDER)
    row = problem.row if problem.row is not None else -1
    return (order, problem.file, row, problem.column or "")


def _fold(problems: Iterable[Problem]) -> list[Problem]:
    """Problems that differ only in their row become one problem listing the rows."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.file, p.column, p.message), []).append(p)
    folded = []
    for same in groups.values():
        rows = sorted({p.row for p in same if p.row is not None})
        if len(rows) > 1:
            folded.append(replace(same[0], row=rows[0], more_rows=tuple(rows[1:])))
        else:
            folded.append(same[0])
    return folded


class DataError(Exception):
    """The raw data have problems; ``problems`` lists every one, causes first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(_fold(problems), key=_rank)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the input data "
            f"(nothing was written):\n{lines}"
        )
