"""Sentences about a whole report: titles, dates, the Key and the illustrative notice."""

from __future__ import annotations

import datetime as dt

from kpitools.model.report import ReportModel
from kpitools.rules.rag import RagScheme

__all__ = [
    "PERCENT_NOTE",
    "UNRATED_CRITERIA",
    "appendix_title",
    "covering_title",
    "illustrative_text",
    "long_date",
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


def illustrative_text(model: ReportModel) -> str:
    """What in the report is illustrative, or "" when nothing is."""
    if model.committee_illustrative:
        return "This committee's figures are illustrative sample data."
    count = int(model.rows["illustrative"].sum())
    if count:
        return (
            f"{count} of {model.total} KPIs use illustrative data added to make the "
            "demonstration richer."
        )
    if model.dates_illustrative:
        return "This report's dates are illustrative."
    return ""


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
