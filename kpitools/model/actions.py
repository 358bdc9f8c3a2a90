"""The action-plan tracker and the log of members' requests, as they stand on a report's date.

Open actions of a plan are transferred to a committee's oversight (seed 002 §1.5,
seed 003 §1.2) and reported with milestone, lead officer, success criteria, baseline,
achievement and the lead officer's update (seed 002 §2.4, seed 003 §3.1). Members'
requests and officers' undertakings between meetings are carried forward from report
to report until answered.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = [
    "REQUEST_LOG_COLUMNS",
    "TRACKER_COLUMNS",
    "action_tracker",
    "is_overdue",
    "milestone_in_force",
    "request_log",
]

TRACKER_COLUMNS = [
    "ref", "plan", "action", "lead_officer", "success_criteria", "baseline", "baseline_as_at",
    "milestone", "due", "overdue", "earlier_milestones", "achieved", "status", "update",
    "update_reported_on", "as_at", "changes", "illustrative",
]  # fmt: skip
REQUEST_LOG_COLUMNS = [
    "ref", "raised_on", "raised_by", "request", "officer", "undertaking", "due", "state",
    "carried_forward", "overdue", "answered_on", "answer", "illustrative",
]  # fmt: skip
# What can change about an action between two reports, in the order they are told.
CHANGES = ("transferred", "status", "milestone", "update")


def is_overdue(due: dt.date | None, status: str, on: dt.date) -> bool:
    """Whether a milestone has passed without the action being complete.

    Examples
    --------
    >>> import datetime as dt
    >>> is_overdue(dt.date(2022, 7, 31), "in progress", dt.date(2023, 12, 12))
    True
    >>> is_overdue(dt.date(2022, 7, 31), "complete", dt.date(2023, 12, 12))
    False
    >>> is_overdue(None, "in progress", dt.date(2023, 12, 12))
    False
    """
    return due is not None and due < on and status != "complete"


def milestone_in_force(milestones: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """An action's milestones as known on a day: the original (no ``reported_on``)
    and the revisions reported by then, oldest first; the last is in force."""
    mask = [d is None or d <= on for d in milestones["reported_on"]]
    known = milestones[pd.Series(mask, index=milestones.index, dtype=bool)]
    order = [dt.date.min if d is None else d for d in known["reported_on"]]
    return known.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


def _latest_update(updates: pd.DataFrame, on: dt.date | None) -> dict[str, object] | None:
    if on is None:
        return None
    known = updates[
        pd.Series([d <= on for d in updates["reported_on"]], index=updates.index, dtype=bool)
    ]
    if known.empty:
        return None
    return known.sort_values("reported_on", kind="stable").iloc[-1].to_dict()


def action_tracker(
    actions: pd.DataFrame,
    milestones: pd.DataFrame,
    updates: pd.DataFrame,
    committee: str,
    on: dt.date,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """The actions a committee oversees on a day, each with its update and what changed.

    An action is listed once transferred to the committee and until a report after
    it was recorded complete (a completed action is reported once).

    Parameters
    ----------
    actions, milestones, updates : DataFrame
        The framework's action tables (:func:`kpitools.data.framework.load_framework`).
    committee : str
        Committee id.
    on : date
        The report's date (its meeting, or the day it was produced).
    since : date, optional
        The committee's previous report's date; None for its first report.

    Returns
    -------
    DataFrame
        Columns ``TRACKER_COLUMNS``. ``changes`` lists what is new since ``since``
        (of ``CHANGES``); ``earlier_milestones`` the (milestone, reason) pairs the
        one in force replaced.

    Examples
    --------
    >>> import datetime as dt
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> fw = load_framework(load())
    >>> t = action_tracker(fw.actions, fw.milestones, fw.updates, "cosmic", dt.date(2023, 12, 12))
    >>> t[["ref", "milestone", "overdue"]].values.tolist()
    [['H.9', 'Nov 2021', False], ['C.2', 'July 2022', True], ['C.7', 'Nov 2022', True]]
    """
    rows = []
    transferred = pd.Series(
        [d <= on for d in actions["transferred_on"]], index=actions.index, dtype=bool
    )
    mine = actions[(actions["committee"] == committee) & transferred]
    for action in mine.to_dict("records"):
        ref = action["ref"]
        own_updates = updates[updates["ref"] == ref]
        latest = _latest_update(own_updates, on)
        before = _latest_update(own_updates, since)
        status = str(latest["status"]) if latest else "not started"
        previous_status = str(before["status"]) if before else None
        if previous_status == "complete":
            continue
        known = milestone_in_force(milestones[milestones["ref"] == ref], on)
        current = known.iloc[-1].to_dict() if len(known) else None
        due = current["due"] if current else None
        changes = []
        if since is not None:
            if action["transferred_on"] > since:
                changes.append("transferred")
            if previous_status is not None and status != previous_status:
                changes.append("status")
            if any(d is not None and d > since for d in known["reported_on"]):
                changes.append("milestone")
            if latest and latest["reported_on"] > since:  # type: ignore[operator]
                changes.append("update")
        rows.append(
            {
                **{k: action[k] for k in ("ref", "plan", "action", "lead_officer")},
                **{k: action[k] for k in ("success_criteria", "baseline", "baseline_as_at")},
                "milestone": current["milestone"] if current else "",
                "due": due,
                "overdue": is_overdue(due, status, on),
                "earlier_milestones": [
                    (str(m["milestone"]), str(n["reason"]))
                    for m, n in zip(
                        known.iloc[:-1].to_dict("records"),
                        known.iloc[1:].to_dict("records"),
                        strict=True,
                    )
                ],
                "achieved": str(latest["achieved"]) if latest else "",
                "status": status,
                "update": str(latest["update"]) if latest else "",
                "update_reported_on": latest["reported_on"] if latest else None,
                "as_at": str(latest["as_at"]) if latest else "",
                "changes": changes,
                "illustrative": bool(
                    action["illustrative"]
                    or (latest and latest["illustrative"])
                    or (current and current["illustrative"])
                ),
            }
        )
    return pd.DataFrame(rows, columns=TRACKER_COLUMNS)


def request_log(
    requests: pd.DataFrame, committee: str, on: dt.date, since: dt.date | None = None
) -> pd.DataFrame:
    """Members' requests to report on a day: those still open, carried forward until
    answered, and those answered since the previous report.

    A request raised at a meeting is first reported at the next one; once a report
    has shown its answer it is no longer listed.

    Examples
    --------
    >>> import datetime as dt
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> r = load_framework(load()).requests
    >>> request_log(r, "cosmic", dt.date(2024, 12, 5), dt.date(2024, 9, 12))["state"].tolist()
    ['answered', 'open']
    """
    rows = []
    mine = requests[requests["committee"] == committee]
    for req in mine.sort_values("raised_on", kind="stable").to_dict("records"):
        answered = req["answered_on"]
        if req["raised_on"] >= on:
            continue
        if answered is not None and since is not None and answered <= since:
            continue
        done = answered is not None and answered <= on
        rows.append(
            {
                **{k: req[k] for k in ("ref", "raised_on", "raised_by", "request", "officer")},
                "undertaking": req["undertaking"],
                "due": req["due"],
                "state": "answered" if done else "open",
                "carried_forward": since is not None and req["raised_on"] < since and not done,
                "overdue": not done and req["due"] is not None and req["due"] < on,
                "answered_on": answered if done else None,
                "answer": req["answer"] if done else "",
                "illustrative": bool(req["illustrative"]),
            }
        )
    return pd.DataFrame(rows, columns=REQUEST_LOG_COLUMNS)
