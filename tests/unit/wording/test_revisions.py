"""Who answers for a KPI, and late or missing figures, written out by hand."""

import datetime as dt
import math

from kpitools.wording.revisions import (
    accountability_sentence,
    revision_sentence,
    timeliness_heading,
    timeliness_sentence,
)

INFO = {"owner": "Head of Libraries", "owner_email": "", "accountable_officer": "",
        "target_set_by": "", "data_quality": "Medium", "illustrative": False}  # fmt: skip


def test_accountability_with_only_an_owner_and_data_quality():
    assert accountability_sentence(INFO) == "Owner: Head of Libraries. Data quality: Medium."


def test_accountability_in_full_and_illustrative():
    info = {**INFO, "owner_email": "libraries@example.org", "accountable_officer": "Director",
            "target_set_by": "The committee", "illustrative": True}  # fmt: skip
    assert accountability_sentence(info) == (
        "Illustrative accountability details, not published. "
        "Owner: Head of Libraries (libraries@example.org). Accountable officer: Director. "
        "Target set by: The committee. Data quality: Medium."
    )


def test_accountability_without_the_optional_keys():
    info = {"owner": "Head of Registration", "data_quality": "High"}
    assert accountability_sentence(info) == "Owner: Head of Registration. Data quality: High."


def test_timeliness_headings():
    assert timeliness_heading("missing") == "Missing figure"
    assert timeliness_heading("late") == "Late figure"
    assert timeliness_heading("on time") == ""
    assert timeliness_heading("") == ""


def test_a_revision_to_or_from_no_figure():
    r = {"period_label": "Quarter 1 2024/25", "old": math.nan, "new": 67.25, "unit": "percent",
         "decimals": 2, "old_status": "Not rated", "new_status": "Green", "reason": ""}  # fmt: skip
    assert revision_sentence(r) == (
        "Quarter 1 2024/25 revised from no figure (Not rated) to 67.25%; status changed from "
        "Not rated to Green."
    )
    withdrawn = {**r, "old": 67.25, "new": None, "old_status": "Green", "new_status": "Not rated",
                 "reason": "Withdrawn by provider X."}  # fmt: skip
    assert revision_sentence(withdrawn) == (
        "Quarter 1 2024/25 revised from 67.25% to no figure (Not rated) (withdrawn by provider "
        "X); status changed from Green to Not rated."
    )


TIMELY = {"timeliness": "on time", "lag_days": 45, "due_on": dt.date(2024, 11, 14),
          "first_reported_on": dt.date(2024, 11, 1), "latest_period_label": ""}  # fmt: skip


def test_timeliness_sentences():
    assert timeliness_sentence(TIMELY, "Quarter 2 2024/25") == (
        "Figure due by 14 November 2024 (45 days after the period ended); reported on "
        "1 November 2024."
    )
    missing = {**TIMELY, "timeliness": "missing", "first_reported_on": None}
    assert timeliness_sentence(missing, "Quarter 2 2024/25") == (
        "Missing figure: no figure for Quarter 2 2024/25 by 14 November 2024 (45 days after the "
        "period ended); there is no earlier figure."
    )
    not_due = {**TIMELY, "timeliness": "not yet due", "first_reported_on": None}
    assert timeliness_sentence(not_due, "Quarter 2 2024/25") == (
        "Figure due by 14 November 2024 (45 days after the period ended)."
    )
