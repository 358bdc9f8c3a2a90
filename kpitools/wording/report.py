"""Sentences about a whole report: titles, dates, the Key and the illustrative notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpitools.data.published import source_key
from kpitools.model.report import ReportModel
from kpitools.rules.rag import RagScheme
from kpitools.wording.provenance import (
    committee_banner,
    criteria_note,
    figure_source_line,
    report_source_line,
)
from kpitools.wording.status import describe_criteria

__all__ = [
    "PERCENT_NOTE",
    "UNRATED_CRITERIA",
    "appendix_title",
    "card_source",
    "covering_title",
    "criteria_in_force",
    "dated",
    "illustrative_text",
    "long_date",
    "report_source",
    "tolerance_note",
    "trend_key",
    "unrated_criteria",
]

# The unrated statuses as the council's covering reports define them.
UNRATED_CRITERIA = [
    ("Baseline", "indicates performance is currently being tracked in order to inform the target "
     "setting process."),
    ("Contextual", "these KPIs track key activity being undertaken, to present a rounded view of "
     "information relevant to the service area, without a performance target."),
    ("In Development", "KPI has been agreed, but data collection and target setting are in "
     "development."),
    ("Suspended", "reporting of this KPI is suspended."),
    ("Not rated", "no rating this period, for the reason given on the card."),
]  # fmt: skip


PERCENT_NOTE = (
    "Percentages are rounded to whole numbers so that they add up to 100%: each is rounded "
    "down and the remaining points go to the largest remainders."
)


def unrated_criteria() -> list[tuple[str, str]]:
    """The unrated statuses with their definitions (a copy the caller may extend)."""
    return list(UNRATED_CRITERIA)


def long_date(day: dt.date | None) -> str:
    """A date as reports print it: "12 December 2023" ("" for None).

    Examples
    --------
    >>> long_date(dt.date(2023, 12, 2)), long_date(None)
    ('2 December 2023', '')
    """
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def appendix_title(model: ReportModel) -> str:
    """Title of the appendix page."""
    return f"Performance Report {model.period.label}: {model.committee_name}"


def covering_title(model: ReportModel) -> str:
    """Title of the covering report."""
    return f"Corporate Performance Report {model.period.label}: {model.committee_name}"


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
    return f"{long_date(day)} (illustrative date)" if illustrative else long_date(day)


def illustrative_text(model: ReportModel) -> str:
    """What in the report is illustrative, or "" when nothing is."""
    figures = model.rows["illustrative_parts"].str.contains("current figure")
    return committee_banner(
        model.committee_illustrative,
        int(figures.sum()),
        int(model.rows["illustrative"].sum()),
        model.total,
    )


def report_source(model: ReportModel) -> str:
    """The report's one-line provenance ("Source: published dashboard, ...")."""
    shown = model.rows["illustrative_parts"].str.contains("current figure")
    return report_source_line(model.source, int(shown.sum()), model.total)


def card_source(model: ReportModel, row: Any) -> str:
    """A card's one-line provenance, from the document its current figure cites."""
    return figure_source_line(model.sources.get(source_key(row["figure_source"])))


def criteria_in_force(model: ReportModel) -> tuple[list[tuple[str, str]], str]:
    """The criteria readers are shown, and a note when no document published them.

    The scheme's published wording where the data hold it, word for word;
    otherwise sentences made from the rules, with the unrated statuses, said to
    be illustrative when the scheme's own source is.
    """
    if model.wording.criteria:
        return list(model.wording.criteria.items()), ""
    from_rules = list(describe_criteria(model.scheme).items()) + unrated_criteria()
    cited = model.sources.get(source_key(model.wording.source))
    return from_rules, criteria_note(not (cited is not None and cited.illustrative))


def tolerance_note(scheme: RagScheme) -> str:
    """How distances from target are measured under a scheme.

    Examples
    --------
    >>> tolerance_note(RagScheme())[:53]
    'Distances from target are a percentage of the target;'
    """
    if scheme.tolerance == "relative":
        return (
            "Distances from target are a percentage of the target; for percentage indicators "
            "the distance in percentage points is shown first."
        )
    return (
        "Distances from target are in the indicator's own units "
        "(percentage points for percentages)."
    )


def trend_key(min_points: int, window: int) -> str:
    """The Key's explanation of the projected linear trend.

    Examples
    --------
    >>> trend_key(3, 8)[:60]
    'A straight line fitted by least squares through the most rec'
    """
    return (
        f"A straight line fitted by least squares through the most recent consecutive figures "
        f"(at most {window}) and extended one period ahead; it is a projection, not a forecast, "
        f"and is only drawn from at least {min_points} figures. Year-to-date indicators are "
        "trended within the current financial year, compared with the same period last year, "
        "and projected to the year end from this year's figures only."
    )
