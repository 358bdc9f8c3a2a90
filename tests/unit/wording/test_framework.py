"""Sentences of the framework sections, written out by hand."""

import datetime as dt

from kpitools.wording.framework import (
    action_columns,
    actions_intro,
    kpi_set_intro,
    milestone_text,
    previous_kpi_label,
    request_state,
    requests_intro,
    update_heading,
)

SINCE = dt.date(2022, 3, 29)


def test_kpi_set_intro_for_each_kind_of_change():
    assert kpi_set_intro(SINCE, 1, 0) == (
        "Since the last report on 29 March 2022, the Committee has been asked to add 1 KPI. "
        "The table below sets out the changes."
    )
    assert kpi_set_intro(SINCE, 0, 3) == (
        "Since the last report on 29 March 2022, the Committee has been asked to retain, "
        "replace or remove 3 KPIs of the previous set. The table below sets out the changes."
    )
    assert kpi_set_intro(None, 2, 1) == (
        "Up to this report, the Committee has been asked to add 2 KPIs and to retain, replace "
        "or remove 1 KPI of the previous set. The tables below set out the changes."
    )


def test_a_kpi_of_the_previous_set_without_a_number():
    assert previous_kpi_label(float("nan"), "Total number of cases opened") == (
        "Total number of cases opened"
    )
    assert previous_kpi_label(37.0, "Visitors") == "Indicator 37: Visitors"


def test_actions_intro_names_each_plan_once():
    assert actions_intro(["Plan A", "Plan B", "Plan A"]) == (
        "The table below reports progress for the open actions of the Plan A and the Plan B "
        "that have been transferred to the Committee's oversight."
    )
    assert actions_intro([]) == (
        "The table below reports progress for the open actions of the action plan that have "
        "been transferred to the Committee's oversight."
    )


def test_action_columns_of_seed_002():
    assert action_columns("April 2022") == (
        "Ref.",
        "Action",
        "Milestone",
        "Lead Officer(s)",
        "Success criteria",
        "Baseline position April 2022",
        "Achieved",
        "Update / comments by lead officer",
    )
    assert action_columns("")[5] == "Baseline position"


def test_milestone_text_lists_revisions_and_lateness():
    row = {"milestone": "July 2022", "due": dt.date(2022, 7, 31), "overdue": False,
           "earlier_milestones": [("Oct 2021", ""), ("Jan 2022", "Supplier delay.")]}  # fmt: skip
    assert milestone_text(row) == (
        "July 2022",
        "Revised from Oct 2021",
        "Revised from Jan 2022: Supplier delay.",
    )
    assert milestone_text({**row, "earlier_milestones": [], "overdue": True}) == (
        "July 2022",
        "Overdue: due by 31 July 2022",
    )


def test_update_heading_without_an_as_at_date():
    assert update_heading(dt.date(2022, 7, 21), "") == "Update reported 21 July 2022."


def test_requests_intro_agrees_in_number():
    assert requests_intro(2, 0) == (
        "Members asked for 2 items between meetings: 0 have been answered since the last "
        "report and 2 remain open and are carried forward until answered."
    )
    assert requests_intro(0, 1) == (
        "Members asked for 1 item between meetings: 1 has been answered since the last "
        "report and 0 remain open and are carried forward until answered."
    )
    assert requests_intro(1, 3) == (
        "Members asked for 4 items between meetings: 3 have been answered since the last "
        "report and 1 remains open and is carried forward until answered."
    )


REQUEST = {"state": "open", "carried_forward": False, "overdue": False, "due": None,
           "answered_on": None, "answer": ""}  # fmt: skip


def test_request_states():
    assert request_state(REQUEST) == "Open."
    assert request_state({**REQUEST, "due": dt.date(2024, 10, 31)}) == (
        "Open; due by 31 October 2024."
    )
    assert request_state({**REQUEST, "carried_forward": True, "due": dt.date(2024, 10, 31)}) == (
        "Open, carried forward; due by 31 October 2024."
    )
    assert request_state({**REQUEST, "overdue": True, "due": dt.date(2024, 10, 31)}) == (
        "Open; overdue: due by 31 October 2024."
    )
    answered = {**REQUEST, "state": "answered", "answered_on": dt.date(2024, 11, 4),
                "answer": "The figures were circulated."}  # fmt: skip
    assert request_state(answered) == "Answered on 4 November 2024: The figures were circulated."
