"""Action-plan milestones, overdue flags and members' requests carried forward (by hand)."""

import datetime as dt

import pandas as pd

from kpitools.model.actions import action_tracker, request_log

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
