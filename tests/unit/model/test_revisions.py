"""Revisions since the previous report, and late or missing figures (mini fixture)."""

import datetime as dt
import math

import pytest

from kpitools.data import load as loader
from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.model.revisions import REVISION_COLUMNS, _changed, revisions_since
from kpitools.model.table import kpi_table
from kpitools.rules.periods import Quarter, parse_period
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


def _fig(period, value, day, reason=""):
    return {"kpi_id": "a", "period": period, "value": str(value), "reported_on": day,
            "revision_reason": reason}  # fmt: skip


# The previous report (2023-24 Q1) was produced on 1 September 2023.
REVISED = [
    # Revised after the previous report, for a year before the committee's first scheme.
    _fig("2019-20 Q4", 90, "2020-05-01"),
    _fig("2019-20 Q4", 95, "2023-10-01", "Late returns"),
    # First reported after the previous report (late): new, not revised.
    _fig("2021-22 Q1", 80, "2023-10-10"),
    # Reported again unchanged: not a revision.
    _fig("2022-23 Q4", 98, "2023-05-01"),
    _fig("2022-23 Q4", 98, "2023-10-01"),
    # Revised twice before the report (the last on its day), once after, then reported
    # again unchanged (which needs no reason).
    _fig("2023-24 Q1", 100, "2023-07-15"),
    _fig("2023-24 Q1", 102, "2023-08-15", "Earlier fix"),
    _fig("2023-24 Q1", 103, "2023-09-01", "Same-day fix"),
    _fig("2023-24 Q1", 104, "2023-10-05", "Provider correction"),
    _fig("2023-24 Q1", 104, "2023-10-20"),
    # First reported after the previous report: new, not revised.
    _fig("2023-24 Q2", 110, "2023-11-01"),
]


@pytest.fixture
def revised(project):
    return project(
        kpis=[{"kpi_id": "a", "from_period": "2019-20 Q1"}],
        figures=REVISED,
        targets=[{"kpi_id": "a", "from_period": "2019-20 Q1", "value": "100"}],
        reports=[("2023-24 Q1", "2023-09-01"), ("2023-24 Q2", "2024-01-10")],
    )


def test_revisions_since_the_previous_report_by_hand(revised):
    out = revisions_since(revised, "test", Quarter(2023, 2), ["a"], {"a": Quarter(2023, 2)})
    assert list(out.columns) == REVISION_COLUMNS
    # 90 is 10% short of 100 (Red, 10% or more); 95 is 5% short (Amber); 103 and 104 are
    # 3% and 4% over (Green: Blue starts at 5%). The reason is that of the last change
    # after the report, not of the unchanged re-report or of changes readers already saw.
    assert out.to_dict("records") == [
        {"kpi_id": "a", "period": "2019-20 Q4", "period_label": "Quarter 4 2019/20",
         "old": 90.0, "new": 95.0, "old_status": "Red", "new_status": "Amber",
         "reason": "Late returns", "reported_on": dt.date(2023, 10, 1), "unit": "count",
         "decimals": 0},
        {"kpi_id": "a", "period": "2023-24 Q1", "period_label": "Quarter 1 2023/24",
         "old": 103.0, "new": 104.0, "old_status": "Green", "new_status": "Green",
         "reason": "Provider correction", "reported_on": dt.date(2023, 10, 20), "unit": "count",
         "decimals": 0},
    ]  # fmt: skip


def test_revisions_as_known_on_a_day(revised):
    out = revisions_since(
        revised, "test", Quarter(2023, 2), ["a"], {"a": Quarter(2023, 2)}, dt.date(2023, 10, 1)
    )
    assert out["period"].tolist() == ["2019-20 Q4"]


def test_a_committees_first_report_has_no_revisions(revised):
    out = revisions_since(revised, "test", Quarter(2023, 1), ["a"], {"a": Quarter(2023, 1)})
    assert out.empty and list(out.columns) == REVISION_COLUMNS


def test_periods_after_the_kpis_current_one_are_not_part_of_the_report(revised):
    def periods(current):
        out = revisions_since(revised, "test", Quarter(2023, 2), ["a"], {"a": current})
        return out["period"].tolist()

    assert periods(Quarter(2023, 1)) == ["2019-20 Q4", "2023-24 Q1"]
    assert periods(Quarter(2022, 4)) == ["2019-20 Q4"]


def test_no_revisions_still_give_the_columns(revised):
    out = revisions_since(revised, "test", Quarter(2023, 2), ["a"], {"a": Quarter(2019, 3)})
    assert out.empty and list(out.columns) == REVISION_COLUMNS


def test_a_revised_figure_is_rated_under_the_scheme_of_its_own_year(project, tmp_path):
    # The committee used RAGB (Blue from 5% better than target) until 2022-23 and RAG (no
    # Blue) from 2023-24. March 2023 (a month of 2022-23) and 2022-23 Q4 were revised from
    # 100 to 106 after the previous report: 6% over the target of 100 is Blue under RAGB.
    project(
        kpis=[{"kpi_id": "a"}, {"kpi_id": "m", "frequency": "monthly"}],
        figures=[
            _fig("2022-23 Q4", 100, "2023-05-01"),
            _fig("2022-23 Q4", 106, "2023-10-01", "Late returns"),
            {**_fig("2023-03", 100, "2023-05-01"), "kpi_id": "m"},
            {**_fig("2023-03", 106, "2023-10-01", "Late returns"), "kpi_id": "m"},
            _fig("2023-24 Q1", 100, "2023-08-01"),
            _fig("2023-24 Q2", 100, "2023-11-01"),
        ],
        targets=[{"kpi_id": k, "from_period": "2020-21 Q1", "value": "100"} for k in "am"],
        reports=[("2023-24 Q1", "2023-09-01"), ("2023-24 Q2", "2024-01-10")],
    )  # fmt: skip
    raw = tmp_path / "data" / "raw"
    with (raw / "schemes.yml").open("a") as f:
        f.write("rag:\n  label: RAG\n  blue: false\n  red_at: 0.10\n  red_inclusive: true\n"
                "  tolerance: relative\n")  # fmt: skip
    committees = (raw / "committees.yml").read_text()
    (raw / "committees.yml").write_text(
        committees.replace('"2020-21": ragb\n', '"2020-21": ragb\n      "2023-24": rag\n')
    )
    data = loader.load(tmp_path)
    current = {"a": Quarter(2023, 2), "m": parse_period("2023-09")}
    out = revisions_since(data, "test", Quarter(2023, 2), ["a", "m"], current)
    assert out[["kpi_id", "period", "new_status"]].values.tolist() == [
        ["a", "2022-23 Q4", "Blue"],
        ["m", "2023-03", "Blue"],
    ]
