"""Revisions since the previous report, and late or missing figures (mini fixture)."""

import datetime as dt
import math

import pytest

from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.model.revisions import _changed
from kpitools.model.table import kpi_table
from kpitools.wording.revisions import revision_sentence, timeliness_sentence


@pytest.fixture
def q3(mini):
    # A 2023-24 Q3 report produced on 20 April 2024; the Q2 report was produced on
    # 12 December 2023, before library-users' Q2 figure was revised (14 March 2024).
    with (mini / "data" / "raw" / "reports.csv").open("a", encoding="utf-8") as f:
        f.write("demo,2023-24 Q3,2024-04-20,,false,test\n")
    with (mini / "data" / "raw" / "figures.csv").open("a", encoding="utf-8") as f:
        f.write("births,2023-24 Q3,97,2024-01-15,,,,,false,test,\n")
    return load(mini)


def test_a_figure_revised_since_the_last_report_with_both_statuses(q3):
    model = build_report(q3, "demo", "2023-24 Q3")
    (rev,) = model.revisions.to_dict("records")
    # Target 107,236, up, RAGB red beyond 10%: Red below 96,512.4. 96,326 is Red;
    # 97,000 is short by 9.5%, so Amber.
    assert (rev["kpi_id"], rev["period"], rev["old"], rev["new"]) == (
        "library-users", "2023-24 Q2", 96326.0, 97000.0,
    )  # fmt: skip
    assert (rev["old_status"], rev["new_status"]) == ("Red", "Amber")
    assert revision_sentence(rev) == (
        "Quarter 2 2023/24 revised from 96,326 to 97,000 (missing data replaced); "
        "status changed from Red to Amber."
    )


def test_as_of_before_the_revision_sees_none(q3):
    assert build_report(q3, "demo", "2023-24 Q3", as_of="2024-03-01").revisions.empty


def test_late_and_missing_figures(q3):
    acc = build_report(q3, "demo", "2023-24 Q3").accountability
    # Quarter 3 ends 31 December 2023; 90 days allowed: due by 30 March 2024.
    assert acc.loc["births", "timeliness"] == "on time"
    assert acc.loc["library-users", "timeliness"] == "missing"
    assert acc.loc["deaths", "due_on"] == dt.date(2024, 3, 30)
    assert timeliness_sentence(acc.loc["library-users"], "Quarter 3 2023/24") == (
        "Missing figure: no figure for Quarter 3 2023/24 by 30 March 2024 (90 days after the "
        "period ended); the data are as at Quarter 2 2023/24."
    )
    # KPIs with no accountability row are not judged.
    assert "coroner-cases" not in acc.index


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ({"value": 5.0, "status": ""}, {"value": 5.0, "status": ""}, False),
        ({"value": math.nan, "status": "Not rated"}, {"value": math.nan, "status": "Not rated"},
         False),
        ({"value": math.nan, "status": ""}, {"value": 5.0, "status": ""}, True),
        ({"value": 5.0, "status": ""}, {"value": math.nan, "status": ""}, True),
        ({"value": 5.0, "status": ""}, {"value": 6.0, "status": ""}, True),
        # The same figure given a status of its own is a revision of what readers saw.
        ({"value": 5.0, "status": ""}, {"value": 5.0, "status": "Not rated"}, True),
    ],
)  # fmt: skip
def test_what_counts_as_a_revision(old, new, changed):
    assert _changed(old, new) is changed


def test_kpi_table_as_known_on_a_day(mini):
    # Library users' Q2 figure was 96,326 until revised to 97,000 on 14 March 2024.
    data = load(mini)
    rows = kpi_table(data, "demo", "2023-24 Q2", as_of="2024-03-13").set_index("kpi_id")
    assert rows.loc["library-users", "actual"] == 96326
    latest = kpi_table(data, "demo", "2023-24 Q2").set_index("kpi_id")
    assert latest.loc["library-users", "actual"] == 97000
