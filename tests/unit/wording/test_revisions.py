"""Who answers for a KPI, and late or missing figures, written out by hand."""

from kpitools.wording.revisions import accountability_sentence, timeliness_heading

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
