"""Action-plan milestones, overdue flags and members' requests carried forward (by hand)."""

import datetime as dt

import pandas as pd

from kpitools.model.actions import (
    REQUEST_LOG_COLUMNS,
    TRACKER_COLUMNS,
    action_tracker,
    is_overdue,
    milestone_in_force,
    request_log,
)

D = dt.date


def _actions():
    actions = pd.DataFrame(
        [
            {"ref": "A.1", "plan": "Plan", "committee": "c", "transferred_on": D(2022, 3, 29),
             "action": "Do it", "lead_officer": "Officer", "success_criteria": "Done",
             "baseline": "None", "baseline_as_at": "May 2021", "illustrative": False},
        ]
    )  # fmt: skip
    milestones = pd.DataFrame(
        [
            {"ref": "A.1", "milestone": "Oct 2021", "due": D(2021, 10, 31), "reported_on": None,
             "reason": "", "illustrative": False},
            {"ref": "A.1", "milestone": "July 2022", "due": D(2022, 7, 31),
             "reported_on": D(2022, 7, 21), "reason": "Revised.", "illustrative": False},
        ]
    )  # fmt: skip
    updates = pd.DataFrame(
        [
            {"ref": "A.1", "reported_on": D(2022, 7, 21), "as_at": "", "achieved": "In progress",
             "status": "in progress", "update": "Going.", "illustrative": False},
            {"ref": "A.1", "reported_on": D(2022, 12, 1), "as_at": "", "achieved": "Complete",
             "status": "complete", "update": "Done.", "illustrative": False},
        ]
    )  # fmt: skip
    return actions, milestones, updates


def test_original_milestone_overdue_before_its_revision_is_reported():
    a, m, u = _actions()
    t = action_tracker(a, m, u, "c", D(2022, 6, 1))
    # Oct 2021 has passed by June 2022, and no update yet says complete.
    assert t.loc[0, "milestone"] == "Oct 2021"
    assert bool(t.loc[0, "overdue"]) is True
    assert t.loc[0, "status"] == "not started"


def test_revised_milestone_is_in_force_and_not_yet_overdue():
    a, m, u = _actions()
    t = action_tracker(a, m, u, "c", D(2022, 7, 21), since=D(2022, 6, 1))
    assert t.loc[0, "milestone"] == "July 2022"
    assert bool(t.loc[0, "overdue"]) is False
    assert t.loc[0, "earlier_milestones"] == [("Oct 2021", "Revised.")]
    # No update had been reported by 1 June, so no status to change from.
    assert t.loc[0, "changes"] == ["milestone", "update"]


def test_past_due_but_complete_is_not_overdue_and_is_reported_once():
    a, m, u = _actions()
    t = action_tracker(a, m, u, "c", D(2022, 12, 5), since=D(2022, 9, 1))
    assert t.loc[0, "status"] == "complete"
    assert bool(t.loc[0, "overdue"]) is False
    assert t.loc[0, "changes"] == ["status", "update"]
    later = action_tracker(a, m, u, "c", D(2023, 3, 1), since=D(2022, 12, 5))
    assert later.empty


def test_not_yet_transferred_action_is_not_listed():
    a, m, u = _actions()
    assert action_tracker(a, m, u, "c", D(2022, 3, 28)).empty
    assert action_tracker(a, m, u, "other", D(2023, 1, 1)).empty


def _requests():
    return pd.DataFrame(
        [
            {"ref": "R1", "committee": "c", "raised_on": D(2024, 3, 1), "raised_by": "Cllr A",
             "request": "Q1", "officer": "O", "undertaking": "U", "due": D(2024, 5, 1),
             "answered_on": None, "answer": "", "illustrative": True},
            {"ref": "R2", "committee": "c", "raised_on": D(2024, 3, 1), "raised_by": "Cllr B",
             "request": "Q2", "officer": "O", "undertaking": "U", "due": None,
             "answered_on": D(2024, 4, 10), "answer": "A2", "illustrative": True},
            {"ref": "R3", "committee": "c", "raised_on": D(2024, 6, 1), "raised_by": "Cllr C",
             "request": "Q3", "officer": "O", "undertaking": "U", "due": None,
             "answered_on": D(2024, 10, 1), "answer": "A3", "illustrative": True},
        ]
    )  # fmt: skip


def test_requests_carried_forward_until_answered():
    r = _requests()
    # Meetings on 1 March, 1 June and 1 September 2024.
    june = request_log(r, "c", D(2024, 6, 1), since=D(2024, 3, 1))
    assert june[["ref", "state"]].values.tolist() == [["R1", "open"], ["R2", "answered"]]
    assert june["carried_forward"].tolist() == [False, False]
    assert june["overdue"].tolist() == [True, False]
    september = request_log(r, "c", D(2024, 9, 1), since=D(2024, 6, 1))
    # R2's answer was reported in June; R1 is still open and now carried forward.
    assert september[["ref", "state"]].values.tolist() == [["R1", "open"], ["R3", "open"]]
    assert september["carried_forward"].tolist() == [True, False]
    december = request_log(r, "c", D(2024, 12, 1), since=D(2024, 9, 1))
    assert december[["ref", "state"]].values.tolist() == [["R1", "open"], ["R3", "answered"]]
    assert december["carried_forward"].tolist() == [True, False]


def test_a_tracker_row_in_full():
    a, m, u = _actions()
    t = action_tracker(a, m, u, "c", D(2022, 7, 21), since=D(2022, 6, 1))
    assert t.to_dict("records") == [
        {"ref": "A.1", "plan": "Plan", "action": "Do it", "lead_officer": "Officer",
         "success_criteria": "Done", "baseline": "None", "baseline_as_at": "May 2021",
         "milestone": "July 2022", "due": D(2022, 7, 31), "overdue": False,
         "earlier_milestones": [("Oct 2021", "Revised.")], "achieved": "In progress",
         "status": "in progress", "update": "Going.", "update_reported_on": D(2022, 7, 21),
         "as_at": "", "changes": ["milestone", "update"], "illustrative": False}
    ]  # fmt: skip


def test_changes_since_the_last_report():
    a, m, u = _actions()
    # Transferred on 29 March, after the report of 1 March; nothing else known by 1 June.
    first = action_tracker(a, m, u, "c", D(2022, 6, 1), since=D(2022, 3, 1))
    assert first.loc[0, "changes"] == ["transferred"]
    assert first.loc[0, "earlier_milestones"] == []
    assert (first.loc[0, "achieved"], first.loc[0, "update"]) == ("", "")
    assert first.loc[0, "update_reported_on"] is None
    # The revision and the in-progress update were both reported on 21 July, the day of
    # the last report: only the completion is new.
    done = action_tracker(a, m, u, "c", D(2022, 12, 5), since=D(2022, 7, 21))
    assert done.loc[0, "changes"] == ["status", "update"]
    # Listed from the day of its transfer; no changes at a committee's first report.
    assert action_tracker(a, m, u, "c", D(2022, 3, 29)).loc[0, "changes"] == []


def test_an_action_is_illustrative_when_any_of_its_parts_is():
    a, m, u = _actions()
    on = D(2022, 7, 21)
    assert not action_tracker(a, m, u, "c", on).loc[0, "illustrative"]
    assert action_tracker(a.assign(illustrative=True), m, u, "c", on).loc[0, "illustrative"]
    assert action_tracker(a, m, u.assign(illustrative=True), "c", on).loc[0, "illustrative"]
    assert action_tracker(a, m.assign(illustrative=True), u, "c", on).loc[0, "illustrative"]


def test_a_request_log_row_in_full():
    june = request_log(_requests(), "c", D(2024, 6, 1), since=D(2024, 3, 1))
    assert june.to_dict("records") == [
        {"ref": "R1", "raised_on": D(2024, 3, 1), "raised_by": "Cllr A", "request": "Q1",
         "officer": "O", "undertaking": "U", "due": D(2024, 5, 1), "state": "open",
         "carried_forward": False, "overdue": True, "answered_on": None, "answer": "",
         "illustrative": True},
        {"ref": "R2", "raised_on": D(2024, 3, 1), "raised_by": "Cllr B", "request": "Q2",
         "officer": "O", "undertaking": "U", "due": None, "state": "answered",
         "carried_forward": False, "overdue": False, "answered_on": D(2024, 4, 10),
         "answer": "A2", "illustrative": True},
    ]  # fmt: skip


def test_request_boundaries_fall_on_the_meeting_day():
    r = pd.DataFrame(
        [
            {"ref": "R4", "committee": "c", "raised_on": D(2024, 3, 1), "raised_by": "Cllr D",
             "request": "Q4", "officer": "O", "undertaking": "U", "due": D(2024, 9, 1),
             "answered_on": D(2024, 6, 1), "answer": "A4", "illustrative": False},
            {"ref": "R5", "committee": "c", "raised_on": D(2024, 3, 1), "raised_by": "Cllr E",
             "request": "Q5", "officer": "O", "undertaking": "U", "due": D(2024, 9, 1),
             "answered_on": None, "answer": "", "illustrative": False},
            {"ref": "R6", "committee": "d", "raised_on": D(2024, 3, 1), "raised_by": "Cllr F",
             "request": "Q6", "officer": "O", "undertaking": "U", "due": None,
             "answered_on": None, "answer": "", "illustrative": False},
        ]
    )  # fmt: skip
    # Answered on the day of the June meeting: reported answered then, never again.
    june = request_log(r, "c", D(2024, 6, 1), since=D(2024, 3, 1))
    assert june[["ref", "state", "answer"]].values.tolist() == [
        ["R4", "answered", "A4"], ["R5", "open", ""]
    ]  # fmt: skip
    september = request_log(r, "c", D(2024, 9, 1), since=D(2024, 6, 1))
    assert september["ref"].tolist() == ["R5"]
    # Due on the day of the meeting is not yet overdue; after it, it is.
    assert september["overdue"].tolist() == [False]
    assert request_log(r, "c", D(2024, 9, 2), since=D(2024, 9, 1))["overdue"].tolist() == [True]
    # A committee's first report carries nothing forward.
    assert request_log(r, "c", D(2024, 9, 1))["carried_forward"].tolist() == [False, False]


def test_of_updates_reported_the_same_day_the_last_written_wins():
    a, m, _ = _actions()
    # 40 updates over three days, in file order u0..u39: the latest day is 23 July 2022
    # (every third from u2), and the last of its updates in the file is u38.
    u = pd.DataFrame(
        [
            {"ref": "A.1", "reported_on": D(2022, 7, 21 + i % 3), "as_at": "",
             "achieved": "In progress", "status": "in progress", "update": f"u{i}",
             "illustrative": False}
            for i in range(40)
        ]
    )  # fmt: skip
    assert action_tracker(a, m, u, "c", D(2022, 8, 1)).loc[0, "update"] == "u38"


def test_a_milestone_due_on_the_report_day_is_not_yet_overdue():
    assert is_overdue(D(2022, 7, 31), "in progress", D(2022, 7, 31)) is False
    assert is_overdue(D(2022, 7, 31), "in progress", D(2022, 8, 1)) is True


def test_milestones_in_force_follow_their_reporting_dates_not_the_file_order():
    # The revision is listed before the original in the file; the original (no reporting
    # date) comes first, so the revision is in force.
    _, m, _ = _actions()
    known = milestone_in_force(m.iloc[::-1], D(2022, 8, 1))
    assert known["milestone"].tolist() == ["Oct 2021", "July 2022"]
    # 40 revisions over three days, m0..m39: the latest day is 23 July (every third from
    # m2), and the last of its revisions in the file, m38, is in force.
    many = pd.DataFrame(
        [
            {"ref": "A.1", "milestone": f"m{i}", "due": D(2023, 1, 1),
             "reported_on": D(2022, 7, 21 + i % 3), "reason": "", "illustrative": False}
            for i in range(40)
        ]
    )  # fmt: skip
    assert milestone_in_force(many, D(2022, 8, 1))["milestone"].iloc[-1] == "m38"


def test_an_action_without_milestones_or_updates():
    # Nothing is known of it yet but its plan: no milestone, no due date, no update.
    a, m, u = _actions()
    t = action_tracker(a, m.iloc[0:0], u.iloc[0:0], "c", D(2022, 6, 1))
    row = t.iloc[0]
    assert (row["milestone"], row["due"], row["overdue"]) == ("", None, False)
    assert (row["status"], row["achieved"], row["update"], row["as_at"]) == (
        "not started", "", "", ""
    )  # fmt: skip


def test_an_update_states_the_month_it_describes():
    a, m, u = _actions()
    t = action_tracker(a, m, u.assign(as_at="June 2022"), "c", D(2022, 7, 21))
    assert t.loc[0, "as_at"] == "June 2022"


def test_empty_tracker_and_request_log_keep_their_columns():
    a, m, u = _actions()
    assert list(action_tracker(a, m, u, "nobody", D(2023, 1, 1)).columns) == TRACKER_COLUMNS
    assert list(request_log(_requests(), "nobody", D(2024, 6, 1)).columns) == REQUEST_LOG_COLUMNS


def test_actions_are_found_whatever_the_index_of_the_table():
    a, m, u = _actions()
    t = action_tracker(a.set_axis([7]), m, u, "c", D(2022, 6, 1))
    assert t["ref"].tolist() == ["A.1"]


def test_a_completed_action_does_not_hide_the_next_one():
    # A.1 was reported complete by 5 December; A.2 (no updates) is still listed after it.
    a, m, u = _actions()
    a2 = a.assign(ref="A.2", action="Do more")
    t = action_tracker(pd.concat([a, a2], ignore_index=True), m, u, "c", D(2023, 3, 1),
                       since=D(2022, 12, 5))  # fmt: skip
    assert t["ref"].tolist() == ["A.2"]


def test_transfers_and_updates_on_the_day_of_the_last_report_are_not_new():
    a, m, u = _actions()
    # Transferred on 29 March 2022, the day of the last report: not new at the next.
    assert action_tracker(a, m, u, "c", D(2022, 6, 1), since=D(2022, 3, 29)).loc[0, "changes"] == []
    # The latest update by 1 September was reported on 21 July, the last report's day (as
    # was the revised milestone): nothing is new.
    t = action_tracker(a, m, u, "c", D(2022, 9, 1), since=D(2022, 7, 21))
    assert t.loc[0, "changes"] == []


def test_requests_raised_the_same_day_keep_the_order_of_the_file():
    # 40 requests over three days, q0..q39 in file order: sorted by the day raised, and in
    # file order within a day (q0, q3, ... then q1, q4, ... then q2, q5, ...).
    r = pd.DataFrame(
        [
            {"ref": f"q{i}", "committee": "c", "raised_on": D(2024, 3, 1 + i % 3),
             "raised_by": "Cllr", "request": "Q", "officer": "O", "undertaking": "U",
             "due": None, "answered_on": None, "answer": "", "illustrative": False}
            for i in range(40)
        ]
    )  # fmt: skip
    refs = request_log(r, "c", D(2024, 6, 1))["ref"].tolist()
    assert refs == [f"q{i}" for d in range(3) for i in range(40) if i % 3 == d]


def test_an_answer_given_after_the_meeting_is_not_reported_yet():
    # R3 (raised 1 June 2024) was answered on 1 October: at the September meeting it is open.
    september = request_log(_requests(), "c", D(2024, 9, 1), since=D(2024, 6, 1))
    r3 = september.set_index("ref").loc["R3"]
    assert (r3["state"], r3["answered_on"], r3["answer"]) == ("open", None, "")
