"""Where figures come from, in the short plain sentences readers see.

The documents are data (``data/raw/sources.yml``); this module only words
them. Readers are told which published document a figure comes from, or
that it is illustrative, and never how the data were transcribed.
"""

from __future__ import annotations

from kpitools.data.published import Source

__all__ = [
    "committee_banner",
    "criteria_note",
    "figure_source_line",
    "report_source_line",
]


def figure_source_line(source: Source | None) -> str:
    """One line saying where a card's figures come from.

    Examples
    --------
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


def report_source_line(source: Source | None, illustrative_figures: int, total: int) -> str:
    """One line saying where a report's figures come from.

    Parameters
    ----------
    source : Source or None
        The document the report reproduces (its calendar row's source).
    illustrative_figures, total : int
        How many KPIs show an illustrative current figure, out of how many.

    Examples
    --------
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


def committee_banner(
    committee_illustrative: bool, illustrative_figures: int, illustrative_kpis: int, total: int
) -> str:
    """The banner sentence on what in a report is illustrative.

    Parameters
    ----------
    committee_illustrative : bool
        The committee is real but its figures here are sample data.
    illustrative_figures : int
        KPIs whose current figure is illustrative.
    illustrative_kpis : int
        KPIs with anything illustrative (figure, target, history, the KPI itself).
    total : int
        KPIs in the report.

    Examples
    --------
    >>> committee_banner(True, 20, 20, 20)  # doctest: +NORMALIZE_WHITESPACE
    "The committee is real; all 20 KPIs' current figures in this report are illustrative
     sample data. KPI names and numbers not marked illustrative are real."
    >>> committee_banner(True, 15, 20, 20)[:72]
    "The committee is real; 15 of 20 KPIs' current figures in this report are"
    >>> committee_banner(False, 0, 5, 19)
    '5 of 19 KPIs use some illustrative data; each card says which.'
    >>> committee_banner(False, 0, 0, 19)
    ''
    """
    if committee_illustrative:
        share = (
            f"all {total} KPIs' current figures"
            if illustrative_figures == total
            else f"{illustrative_figures} of {total} KPIs' current figures"
        )
        return (
            f"The committee is real; {share} in this report are illustrative sample data. "
            "KPI names and numbers not marked illustrative are real."
        )
    if illustrative_kpis:
        return (
            f"{illustrative_kpis} of {total} KPIs use some illustrative data; each card says which."
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
