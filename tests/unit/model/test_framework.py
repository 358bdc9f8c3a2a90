"""Report dates of the framework sections, worked by hand on a small calendar."""

import datetime as dt

import pytest

from kpitools.data import load as loader
from kpitools.model.framework import framework_report, report_dates
from kpitools.rules.periods import Quarter

D = dt.date


@pytest.fixture
def calendar(project, tmp_path):
    figures = [
        {"kpi_id": "a", "period": p, "value": "1", "reported_on": "2023-08-01"}
        for p in ("2023-24 Q1", "2023-24 Q2", "2023-24 Q3")
    ]
    project([{"kpi_id": "a", "rating": "Contextual"}], figures)
    # Listed out of order: Q3 has a meeting date, Q1 only a production date, Q2 neither.
    (tmp_path / "data" / "raw" / "reports.csv").write_text(
        "committee,period,produced_on,meeting_date,illustrative,source\n"
        "test,2023-24 Q3,2024-03-01,2024-03-10,false,test\n"
        "test,2023-24 Q1,2023-09-01,,false,test\n"
        "test,2023-24 Q2,,,false,test\n"
    )
    return loader.load(tmp_path)


def test_a_reports_date_is_its_meeting_else_its_production_else_its_quarter_end(calendar):
    assert report_dates(calendar, "test", Quarter(2023, 3)) == (D(2024, 3, 10), D(2023, 9, 30))
    assert report_dates(calendar, "test", Quarter(2023, 2)) == (D(2023, 9, 30), D(2023, 9, 1))
    assert report_dates(calendar, "test", Quarter(2023, 1)) == (D(2023, 9, 1), None)
    # No calendar entry for Q4: the quarter's end, after the Q3 meeting.
    assert report_dates(calendar, "test", Quarter(2023, 4)) == (D(2024, 3, 31), D(2024, 3, 10))


def test_as_of_caps_the_report_date(calendar):
    capped = framework_report(calendar, "test", Quarter(2023, 3), dt.date(2024, 3, 5))
    assert (capped.on, capped.since) == (D(2024, 3, 5), D(2023, 9, 30))
    later = framework_report(calendar, "test", Quarter(2023, 3), dt.date(2024, 4, 1))
    assert later.on == D(2024, 3, 10)
    # No decisions, actions or requests in this project: nothing to report.
    assert later.empty
    assert framework_report(calendar, "test", Quarter(2023, 3)).on == D(2024, 3, 10)


def test_the_sections_cover_what_happened_since_the_previous_report(calendar, tmp_path):
    # Q3's report is dated 10 March 2024; the previous (Q2) is dated 30 September 2023.
    raw = tmp_path / "data" / "raw"
    (raw / "kpi_decisions.csv").write_text(
        "committee,decided_on,kpi_number,kpi_name,kpi_id,service_area,frequency,proposal,"
        "replaces,rationale,illustrative,source\n"
        "test,2023-06-01,1,Old addition,,,,add,,,false,test\n"
        "test,2023-12-01,2,New addition,,,,add,,,false,test\n"
    )
    (raw / "actions.csv").write_text(
        "ref,plan,committee,transferred_on,action,lead_officer,success_criteria,baseline,"
        "baseline_as_at,illustrative,source\n"
        "A.1,Plan,test,2023-10-01,Do it,Officer,Done,None,2023,false,test\n"
    )
    (raw / "requests.csv").write_text(
        "ref,committee,raised_on,raised_by,request,officer,undertaking,due,answered_on,"
        "answer,illustrative,source\n"
        "R1,test,2023-06-01,Cllr A,Q1,O,U,,2023-08-01,A1,false,test\n"
        "R2,test,2023-12-01,Cllr B,Q2,O,U,,,,false,test\n"
    )
    report = framework_report(loader.load(tmp_path), "test", Quarter(2023, 3))
    assert (report.kpi_set.after, report.kpi_set.upto) == (D(2023, 9, 30), D(2024, 3, 10))
    # Only the decision taken after the previous report is a change.
    assert report.kpi_set.added["kpi_number"].tolist() == [2]
    # The action was transferred after the previous report: new.
    assert report.actions["changes"].tolist() == [["transferred"]]
    # R1's answer (1 August) came before the previous report, which showed it; R2 is open.
    assert report.requests[["ref", "state"]].values.tolist() == [["R2", "open"]]
