"""What the council's documents published: the sources rows cite, and each scheme's wording.

Provenance is data: every ``source`` cell of ``kpis.csv``, ``targets.csv``,
``figures.csv`` and ``reports.csv`` starts with a key of ``sources.yml`` (the
document's title and date), ``illustrative; <why>``, or ``return <workbook>``
for figures imported from a return. Readers see only a short label per card and
report; the keys, titles and details stay in the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import pydantic

from kpitools.data.errors import Problem
from kpitools.data.schemas import SchemeEntry, SourceEntry, problems_from

__all__ = [
    "SchemeWording",
    "Source",
    "check_sources",
    "scheme_wording",
    "source_key",
    "sources_from",
]

_FILE = "data/raw/sources.yml"
# Figures imported from a service's return cite the workbook, not a published document.
_RETURN = "return "


@dataclass(frozen=True)
class Source:
    """One published document (or the illustrative marker) rows of data cite.

    ``label`` is the short name readers see; ``illustrative`` says the figures
    citing it are sample data (``label`` then says what, if anything, about them
    is published).
    """

    key: str
    title: str
    label: str = ""
    illustrative: bool = False
    date: dt.date | None = None


@dataclass(frozen=True)
class SchemeWording:
    """A scheme's wording as the document that used it published it.

    ``criteria`` maps a status to the sentence printed after it; ``key`` holds
    the rows of a dashboard's Key (an empty explanation is where the criteria
    go); ``summary_labels`` maps a status to the summary-table row that counts
    it; ``summary_zero`` is how a zero count is printed ("-" or "0").
    """

    criteria: dict[str, str] = field(default_factory=dict)
    key: tuple[tuple[str, str], ...] = ()
    summary_labels: dict[str, str] = field(default_factory=dict)
    summary_zero: str = "-"
    source: str = ""


def source_key(cell: object) -> str:
    """The key a ``source`` cell cites: its text up to the first ";".

    Examples
    --------
    >>> source_key("csmi-dashboard-2023-q2; card 4"), source_key("illustrative")
    ('csmi-dashboard-2023-q2', 'illustrative')
    """
    return str(cell).split(";", 1)[0].strip()


def scheme_wording(entry: SchemeEntry) -> SchemeWording:
    """The published wording held by a validated ``schemes.yml`` entry.

    Examples
    --------
    >>> w = scheme_wording(SchemeEntry(red_at=0.1, criteria={"Red": "off target"},
    ...                                summary_zero="0"))
    >>> w.criteria, w.summary_zero
    ({'Red': 'off target'}, '0')
    """
    return SchemeWording(
        criteria={str(k): v for k, v in entry.criteria.items()},
        key=tuple((row[0], row[1]) for row in entry.key),
        summary_labels={str(k): v for k, v in entry.summary_labels.items()},
        summary_zero=entry.summary_zero,
        source=entry.source,
    )


def sources_from(doc: object, problems: list[Problem]) -> dict[str, Source]:
    """The documents of a parsed ``sources.yml`` (None: the project has none).

    Examples
    --------
    >>> problems = []
    >>> s = sources_from({"d": {"title": "Dashboard", "label": "published dashboard"}}, problems)
    >>> s["d"].label, problems
    ('published dashboard', [])
    >>> sources_from({"d": {"label": "no title"}}, problems) == {}, len(problems)
    (True, 1)
    """
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        problems.append(
            Problem(_FILE, None, None, "must be a mapping of source key to document (title, ...)")
        )
        return {}
    sources = {}
    for key, entry in doc.items():
        try:
            checked = SourceEntry.model_validate(entry if entry is not None else {})
        except pydantic.ValidationError as exc:
            problems += problems_from(exc, _FILE, str(key))
            continue
        sources[str(key)] = Source(
            key=str(key),
            title=checked.title,
            label=checked.label,
            illustrative=checked.illustrative,
            date=checked.date,
        )
    return sources


def check_sources(
    frames: Iterable[pd.DataFrame | None], sources: dict[str, Source], problems: list[Problem]
) -> None:
    """Every ``source`` cell names a document of ``sources.yml`` (when the project has one)."""
    if not sources:
        return
    for frame in frames:
        if frame is None:
            continue
        for row, cell in frame["source"].items():
            key = source_key(cell)
            if key in sources or str(cell).startswith(_RETURN):
                continue
            problems.append(
                Problem(
                    frame.attrs["file"],
                    row,
                    "source",
                    f"'{key}' is not a key of data/raw/sources.yml; start the cell with the key "
                    "of the document the row comes from (then '; ' and any detail), or with "
                    "'illustrative; <why>'",
                )
            )
