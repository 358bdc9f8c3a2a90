"""Where figures come from, in the short plain sentences readers see.

The documents are data (``data/raw/sources.yml``); this module only words
them. Readers are told which published document a figure comes from, or
that it is illustrative, and never how the data were transcribed.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

__all__ = [
    "committee_banner",
    "criteria_note",
    "dated",
    "figure_source_line",
    "report_source_line",
]


class _Source(Protocol):
    label: str
    illustrative: bool


def figure_source_line(source: _Source | None) -> str:
    """One line saying where a card's figures come from.

    Examples
    --------
    >>> from kpitools.data.load import Source
    >>> figure_source_line(Source("d", "Dashboard", "published dashboard, Quarter 2 2023/24",
    ...                           False))
    'Source: published dashboard, Quarter 2 2023/24.'
    >>> figure_source_line(Source("i", "Illustrative", "", True))
    'Illustrative figures.'
    >>> figure_source_line(Source("s", "Report", "status as published in the committee report",
    ...                           True))
    'Illustrative figures; status as published in the committee report.'
    >>> figure_source_line(None)
    ''
    """
    if source is None:
        return ""
    if not source.illustrative:
        return f"Source: {source.label}." if source.label else ""
    return f"Illustrative figures; {source.label}." if source.label else "Illustrative figures."


def report_source_line(source: _Source | None, illustrative_figures: int, total: int) -> str:
    """One line saying where a report's figures come from.

    Parameters
    ----------
    source : Source or None
        The document the report reproduces (its calendar row's source).
    illustrative_figures, total : int
        How many KPIs show an illustrative current figure, out of how many.

    Examples
    --------
    >>> from kpitools.data.load import Source
    >>> dash = Source("d", "Dashboard", "published dashboard, Quarter 2 2023/24", False)
    >>> report_source_line(dash, 0, 19)
    'Source: published dashboard, Quarter 2 2023/24.'
    >>> report_source_line(dash, 20, 20)  # doctest: +NORMALIZE_WHITESPACE
    'Illustrative figures, chosen so that the summary of statuses matches the published
     dashboard, Quarter 2 2023/24; each card says where its figures come from.'
    >>> report_source_line(Source("i", "Illustrative", "", True), 5, 20)
    'Illustrative figures.'
    """
    if source is None:
        return ""
    if source.illustrative or not source.label:
        return "Illustrative figures." if illustrative_figures else ""
    if illustrative_figures == 0:
        return f"Source: {source.label}."
    share = "Illustrative figures" if illustrative_figures == total else "Some illustrative figures"
    return (
        f"{share}, chosen so that the summary of statuses matches the {source.label}; each card "
        "says where its figures come from."
    )


def dated(day: dt.date | None, illustrative: bool) -> str:
    """A date as the reports print it, marked when it is illustrative.

    Examples
    --------
    >>> dated(dt.date(2024, 12, 5), False), dated(dt.date(2024, 11, 22), True)
    ('5 December 2024', '22 November 2024 (illustrative date)')
    >>> dated(None, True)
    ''
    """
    if day is None:
        return ""
    text = f"{day.day} {day:%B %Y}"
    return f"{text} (illustrative date)" if illustrative else text


def committee_banner(committee_illustrative: bool, illustrative_kpis: int, total: int) -> str:
    """The banner sentence on what in a report is illustrative.

    Examples
    --------
    >>> committee_banner(True, 20, 20)  # doctest: +NORMALIZE_WHITESPACE
    "The committee is real; all 20 KPIs' figures in this report are illustrative
     sample data. KPI names and numbers not marked illustrative are real."
    >>> committee_banner(False, 3, 19)
    '3 of 19 KPIs use illustrative figures; each card says which.'
    >>> committee_banner(False, 0, 19)
    ''
    """
    if committee_illustrative:
        share = (
            f"all {total} KPIs' figures"
            if illustrative_kpis == total
            else f"{illustrative_kpis} of {total} KPIs' figures"
        )
        return (
            f"The committee is real; {share} in this report are illustrative sample data. "
            "KPI names and numbers not marked illustrative are real."
        )
    if illustrative_kpis:
        return (
            f"{illustrative_kpis} of {total} KPIs use illustrative figures; each card says which."
        )
    return ""


def criteria_note(published: bool) -> str:
    """Said under criteria that no published document states for this report.

    Examples
    --------
    >>> criteria_note(True)
    ''
    >>> criteria_note(False)
    'Illustrative criteria: the published report does not state them.'
    """
    return "" if published else "Illustrative criteria: the published report does not state them."
