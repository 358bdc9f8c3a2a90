"""Sentences and headings of the framework sections: KPI-set changes, the action-plan
tracker, members' requests, the balanced scorecard and the portal page.

Table headings follow the council's published papers (seed 002 §2.1 and §2.4,
seed 003 §2.1 and §3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from kpitools.rules.periods import Quarter
from kpitools.wording.plural import count_noun
from kpitools.wording.report import long_date

__all__ = [
    "ACTIONS_HEADING",
    "ADDED_COLUMNS",
    "KPI_SET_HEADING",
    "PORTAL_TITLE",
    "REQUESTS_HEADING",
    "REQUEST_COLUMNS",
    "REVIEWED_COLUMNS",
    "SCORECARD_NOTE",
    "action_columns",
    "actions_intro",
    "change_text",
    "kpi_set_intro",
    "kpi_set_paper_title",
    "milestone_text",
    "previous_kpi_label",
    "proposal_label",
    "request_state",
    "requests_intro",
    "scorecard_title",
    "update_heading",
]

KPI_SET_HEADING = "Changes to the Key Performance Indicator set"
ADDED_COLUMNS = (
    "KPI Number",
    "KPI Name",
    "Mapping to Service",
    "Proposal",
    "Rationale for proposal",
)
REVIEWED_COLUMNS = ("Previous KPIs", "Service Area", "Retain / Replace / Remove")
ACTIONS_HEADING = "Action Plan Progress"
REQUESTS_HEADING = "Members' requests and officers' undertakings"
REQUEST_COLUMNS = ("Ref.", "Raised", "Request", "Officer and undertaking", "Position")
PORTAL_TITLE = "Performance reports"
SCORECARD_NOTE = (
    "Counts are those of each committee's own report; a committee's scheme may not "
    "use every status, shown as -."
)


def proposal_label(proposal: str) -> str:
    """A proposal as the tables print it.

    Examples
    --------
    >>> proposal_label("replace")
    'Replace'
    """
    return proposal.capitalize()


def previous_kpi_label(number: object, name: str) -> str:
    """A KPI of the previous set as seed 002 prints it.

    Examples
    --------
    >>> previous_kpi_label(37, "Number of visitors to libraries/community hubs - year-to-date")
    'Indicator 37: Number of visitors to libraries/community hubs - year-to-date'
    >>> previous_kpi_label(None, "Total number of cases opened")
    'Total number of cases opened'
    """
    if number is None or pd.isna(number):
        return name
    return f"Indicator {int(number)}: {name}"  # type: ignore[call-overload]


def kpi_set_intro(since: dt.date | None, added: int, reviewed: int) -> str:
    """The paragraph before the KPI-set tables.

    Examples
    --------
    >>> import datetime as dt
    >>> print(kpi_set_intro(dt.date(2022, 3, 29), 2, 0))  # doctest: +NORMALIZE_WHITESPACE
    Since the last report on 29 March 2022, the Committee has been asked to add 2 KPIs.
    The table below sets out the changes.
    """
    parts = []
    if added:
        parts.append(f"add {count_noun(added, 'KPI')}")
    if reviewed:
        parts.append(f"retain, replace or remove {count_noun(reviewed, 'KPI')} of the previous set")
    asked = " and to ".join(parts)
    when = f"Since the last report on {long_date(since)}" if since else "Up to this report"
    tables = "tables below set out" if added and reviewed else "table below sets out"
    return f"{when}, the Committee has been asked to {asked}. The {tables} the changes."


def kpi_set_paper_title(committee_name: str, start: str, end: str) -> str:
    """Title of the stand-alone change paper."""
    return f"{committee_name}: changes to the KPI set, {start} to {end}"


def actions_intro(plans: Sequence[str]) -> str:
    """The paragraph before the action-plan table.

    Examples
    --------
    >>> print(actions_intro(["Joint Agreement Action Plan"]))  # doctest: +NORMALIZE_WHITESPACE
    The table below reports progress for the open actions of the Joint Agreement Action Plan
    that have been transferred to the Committee's oversight.
    """
    names = " and the ".join(dict.fromkeys(plans)) or "action plan"
    return (
        f"The table below reports progress for the open actions of the {names} that have "
        "been transferred to the Committee's oversight."
    )


def action_columns(baseline_as_at: str) -> tuple[str, ...]:
    """The tracker's column headings (seed 002 §2.4)."""
    baseline = f"Baseline position {baseline_as_at}".strip()
    return (
        "Ref.", "Action", "Milestone", "Lead Officer(s)", "Success criteria", baseline,
        "Achieved", "Update / comments by lead officer",
    )  # fmt: skip


def milestone_text(row: dict[str, object]) -> tuple[str, ...]:
    """The milestone in force, its earlier versions and whether it is overdue.

    Examples
    --------
    >>> import datetime as dt
    >>> milestone_text({"milestone": "July 2022", "due": dt.date(2022, 7, 31), "overdue": True,
    ...                 "earlier_milestones": [("Oct 2021", "Delivery date revised.")]})
    ('July 2022', 'Revised from Oct 2021: Delivery date revised.', 'Overdue: due by 31 July 2022')
    """
    lines = [str(row["milestone"])]
    for earlier, reason in row["earlier_milestones"]:  # type: ignore[attr-defined]
        lines.append(f"Revised from {earlier}: {reason}" if reason else f"Revised from {earlier}")
    if row["overdue"]:
        lines.append(f"Overdue: due by {long_date(row['due'])}")  # type: ignore[arg-type]
    return tuple(lines)


_CHANGE_WORDS = {
    "transferred": "transferred to the Committee",
    "status": "achievement changed",
    "milestone": "milestone revised",
    "update": "new update",
}


def change_text(changes: Sequence[str], since: dt.date | None) -> str:
    """What changed about an action since the last report.

    Examples
    --------
    >>> import datetime as dt
    >>> change_text(["milestone", "update"], dt.date(2024, 9, 12))
    'Since the last report: milestone revised; new update.'
    >>> change_text([], dt.date(2024, 9, 12))
    'No change since the last report.'
    >>> change_text([], None)
    ''
    """
    if since is None:
        return ""
    if not changes:
        return "No change since the last report."
    return "Since the last report: " + "; ".join(_CHANGE_WORDS[c] for c in changes) + "."


def update_heading(reported_on: dt.date | None, as_at: str) -> str:
    """When the update shown was given.

    Examples
    --------
    >>> import datetime as dt
    >>> update_heading(dt.date(2022, 7, 21), "June 2022")
    'Update as at June 2022, reported 21 July 2022.'
    >>> update_heading(None, "")
    'No update has been reported.'
    """
    if reported_on is None:
        return "No update has been reported."
    if as_at:
        return f"Update as at {as_at}, reported {long_date(reported_on)}."
    return f"Update reported {long_date(reported_on)}."


def requests_intro(open_count: int, answered: int) -> str:
    """The paragraph before the log of members' requests.

    Examples
    --------
    >>> print(requests_intro(1, 1))  # doctest: +NORMALIZE_WHITESPACE
    Members asked for 2 items between meetings: 1 has been answered since the last report
    and 1 remains open and is carried forward until answered.
    """
    total = open_count + answered
    return (
        f"Members asked for {count_noun(total, 'item')} between meetings: {answered} "
        f"{'has' if answered == 1 else 'have'} been answered since the last report and "
        f"{open_count} {'remains' if open_count == 1 else 'remain'} open and "
        f"{'is' if open_count == 1 else 'are'} carried forward until answered."
    )


def request_state(row: dict[str, object]) -> str:
    """Where a request stands.

    Examples
    --------
    >>> import datetime as dt
    >>> request_state({"state": "open", "carried_forward": True, "overdue": True,
    ...                "due": dt.date(2024, 10, 31), "answered_on": None, "answer": ""})
    'Open, carried forward; overdue: due by 31 October 2024.'
    """
    if row["state"] == "answered":
        return f"Answered on {long_date(row['answered_on'])}: {row['answer']}"  # type: ignore[arg-type]
    text = "Open, carried forward" if row["carried_forward"] else "Open"
    if row["overdue"]:
        return f"{text}; overdue: due by {long_date(row['due'])}."  # type: ignore[arg-type]
    if row["due"] is not None:
        return f"{text}; due by {long_date(row['due'])}."  # type: ignore[arg-type]
    return f"{text}."


def scorecard_title(period: Quarter) -> str:
    """Title of a quarter's scorecard page.

    Examples
    --------
    >>> scorecard_title(Quarter.parse("2023-24 Q2"))
    'Balanced scorecard – Quarter 2 2023/24'
    """
    return f"Balanced scorecard – {period.label}"
