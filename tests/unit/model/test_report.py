"""The report model's own facts (dates, hand-over file), worked by hand on small projects."""

import datetime as dt
import pickle

import pytest

from kpitools.data import load as loader
from kpitools.model.findings import Finding
from kpitools.model.framework import FrameworkReport
from kpitools.model.report import build_report, load_report, save_report
from kpitools.model.table import committees_with_reports

FIGURES = [
    {"kpi_id": "a", "period": "2023-24 Q1", "value": "10", "reported_on": "2023-08-01"},
    {"kpi_id": "a", "period": "2023-24 Q2", "value": "12", "reported_on": "2023-11-02"},
    {"kpi_id": "b", "period": "2023-24 Q2", "value": "5", "reported_on": "2023-11-20"},
]
KPIS = [{"kpi_id": "a", "rating": "Contextual"}, {"kpi_id": "b", "rating": "Contextual"}]


def test_the_calendar_date_of_production_wins(project):
    data = project(KPIS, FIGURES, reports=[("2023-24 Q2", "2024-01-10")])
    assert build_report(data, "test", "2023-24 Q2").produced_on == dt.date(2024, 1, 10)


def test_without_a_calendar_date_the_latest_figure_dates_the_report(project):
    data = project(KPIS, FIGURES, reports=[("2023-24 Q2", "")])
    assert build_report(data, "test", "2023-24 Q2").produced_on == dt.date(2023, 11, 20)
    # As known on a day: figures reported after it do not count; one reported that day does.
    as_of = build_report(data, "test", "2023-24 Q2", as_of="2023-11-19")
    assert (as_of.as_of, as_of.produced_on) == (dt.date(2023, 11, 19), dt.date(2023, 11, 2))
    # b's figure of 5 was reported on 20 November: not yet known.
    assert as_of.rows.set_index("kpi_id")["actual"].isna().to_dict() == {"a": False, "b": True}
    on_the_day = build_report(data, "test", "2023-24 Q2", as_of=dt.date(2023, 11, 2))
    assert on_the_day.produced_on == dt.date(2023, 11, 2)
    # Nothing reported yet: the end of the quarter.
    early = build_report(data, "test", "2023-24 Q2", as_of="2023-07-01")
    assert early.produced_on == dt.date(2023, 9, 30)


def test_the_model_survives_the_hand_over_to_the_notebook(project, tmp_path):
    data = project(KPIS, FIGURES)
    model = build_report(data, "test", "2023-24 Q2")
    path = save_report(model, tmp_path / "model.pkl")
    back = load_report(path)
    assert back.produced_on == model.produced_on and back.total == 2
    assert list(back.rows["kpi_id"]) == ["a", "b"]


def test_a_file_without_a_model_is_refused(tmp_path):
    path = tmp_path / "other.pkl"
    path.write_bytes(pickle.dumps({"not": "a model"}))
    with pytest.raises(TypeError, match=r"other\.pkl does not hold a report model"):
        load_report(path)


def test_committees_with_reports_need_a_calendar_entry(project):
    data = project(KPIS, FIGURES, reports=[("2023-24 Q2", "2024-01-10")])
    assert committees_with_reports(data, "2023-24 Q2") == ["test"]
    # Figures but no calendar entry (the loader refuses an entry without figures).
    assert committees_with_reports(data, "2023-24 Q1") == []


def test_monthly_figures_count_for_their_quarter(project):
    monthly = [{"kpi_id": "m", "frequency": "monthly", "rating": "Contextual"}]
    figures = [{"kpi_id": "m", "period": "2023-08", "value": "3", "reported_on": "2023-09-10"}]
    data = project(monthly, figures, reports=[("2023-24 Q2", "2024-01-10")])
    assert committees_with_reports(data, "2023-24 Q2") == ["test"]


def test_findings_read_as_a_sentence():
    where = "data/raw/commentary/test/2023-24-Q2.md"
    named = Finding("missing-commentary", "a", "Indicator 1: A", "no commentary", where, 12)
    assert str(named) == (
        "Indicator 1: A: no commentary (data/raw/commentary/test/2023-24-Q2.md, line 12)"
    )
    whole_file = Finding("no-file", None, "", "no commentary file", where)
    assert str(whole_file) == "no commentary file (data/raw/commentary/test/2023-24-Q2.md)"


def test_the_model_carries_the_committee_and_calendar_facts(project, tmp_path):
    project(KPIS, FIGURES)
    raw = tmp_path / "data" / "raw"
    # A committee with its front-sheet facts, and a calendar entry with a meeting date,
    # illustrative dates and a key decision.
    committees = (
        (raw / "committees.yml")
        .read_text()
        .replace(
            "    illustrative: false\n",
            "    illustrative: true\n    from: Executive Director\n    electoral_divisions: All\n"
            "    officer_contact:\n      name: A Officer\n      post: Analyst\n"
            "      email: a.officer@example.org\n",
        )
    )
    (raw / "committees.yml").write_text(committees)
    (raw / "reports.csv").write_text(
        "committee,period,produced_on,meeting_date,illustrative,source,key_decision,"
        "recommendation\ntest,2023-24 Q2,2024-01-10,2024-01-25,true,test,No,Note the report\n"
    )
    m = build_report(loader.load(tmp_path), "test", "2023-24 Q2", as_of="")
    assert (m.council, m.committee, m.committee_name) == (
        "Test County Council",
        "test",
        "Test Committee",
    )
    assert (m.committee_illustrative, m.dates_illustrative, m.as_of) == (True, True, None)
    # Without flags of their own, both dates are as illustrative as the calendar row.
    assert (m.produced_on_illustrative, m.meeting_date_illustrative) == (True, True)
    assert (m.produced_on, m.meeting_date) == (dt.date(2024, 1, 10), dt.date(2024, 1, 25))
    assert (m.scheme_key, m.scheme.label, m.scheme.blue) == ("ragb", "RAGB", True)
    assert m.front == {
        "from": "Executive Director",
        "electoral_divisions": "All",
        "officer_name": "A Officer",
        "officer_post": "Analyst",
        "officer_email": "a.officer@example.org",
        "key_decision": "No",
        "recommendation": "Note the report",
    }
    # Two contextual KPIs: a 12 after a 10 is Improving (direction up); b has no previous.
    assert (m.total, m.improved) == (2, 1)
    assert m.summary.set_index("Status").loc["Contextual", "Number"] == 2
    assert list(m.spc) == ["a", "b"] and list(m.histories) == ["a", "b"]
    assert m.settings is not None and m.settings.spc.min_points == 12
    assert isinstance(m.framework, FrameworkReport) and m.framework.on == dt.date(2024, 1, 25)


def test_without_a_calendar_entry_nothing_is_taken_from_it(project):
    data = project(KPIS, FIGURES, reports=[("2023-24 Q1", "2023-09-01")])
    m = build_report(data, "test", "2023-24 Q2")
    assert (m.meeting_date, m.dates_illustrative) == (None, False)
    assert (m.produced_on_illustrative, m.meeting_date_illustrative) == (False, False)
    assert (m.front["key_decision"], m.front["recommendation"], m.front["from"]) == ("", "", "")
    # No calendar date: the latest figure of the report's KPIs dates it.
    assert m.produced_on == dt.date(2023, 11, 20)


def test_front_sheet_facts_not_given_are_empty(project):
    m = build_report(project(KPIS, FIGURES), "test", "2023-24 Q2")
    assert m.front == {
        "from": "",
        "electoral_divisions": "",
        "officer_name": "",
        "officer_post": "",
        "officer_email": "",
        "key_decision": "",
        "recommendation": "",
    }


def test_the_model_carries_the_published_wording_and_the_sources(project, tmp_path):
    figures = [
        {"kpi_id": "a", "period": "2023-24 Q2", "value": "100", "source": "doc; card 1"},
        {"kpi_id": "b", "period": "2023-24 Q2", "value": "40", "illustrative": "true",
         "source": "illustrative; made up"},
    ]  # fmt: skip
    targets = [
        {"kpi_id": k, "from_period": "2020-21 Q1", "value": "100", "source": "doc"}
        for k in ("a", "b")
    ]
    kpis = [
        {"kpi_id": "a", "source": "doc"},
        {"kpi_id": "b", "source": "doc", "rating": "Contextual"},
    ]  # fmt: skip
    project(kpis, figures, targets)
    raw = tmp_path / "data" / "raw"
    (raw / "sources.yml").write_text(
        "doc:\n  title: The dashboard\n  label: published dashboard\n"
        "illustrative:\n  title: Sample data\n  illustrative: true\n"
    )
    (raw / "reports.csv").write_text(
        "committee,period,produced_on,meeting_date,illustrative,source,"
        "produced_on_illustrative,meeting_date_illustrative,green_examples\n"
        "test,2023-24 Q2,2024-01-10,2024-01-20,true,doc; front page,true,false,a b\n"
    )
    with (raw / "schemes.yml").open("a") as f:
        f.write(
            '  source: doc\n  summary_zero: "0"\n  criteria:\n    Red: "10% or more from target."\n'
            "  summary_labels:\n    Contextual: No target\n    Baseline: No target\n"
        )
    m = build_report(loader.load(tmp_path), "test", "2023-24 Q2")
    assert m.wording.criteria == {"Red": "10% or more from target."}
    assert m.wording.summary_zero == "0"
    assert m.source is not None and m.source.key == "doc"
    assert sorted(m.sources) == ["doc", "illustrative"]
    assert m.green_examples == ("a", "b")
    assert (m.produced_on_illustrative, m.meeting_date_illustrative) == (True, False)
    # a: 100 against 100, Green; b is Contextual, counted in the "No target" row.
    assert m.summary.to_dict("list") == {
        "Status": ["Red", "Amber", "Green", "Blue", "No target", "In Development", "Suspended",
                   "Not rated"],
        "Number": [0, 0, 1, 0, 1, 0, 0, 0],
        "Percentage": [0, 0, 50, 0, 50, 0, 0, 0],
    }  # fmt: skip
    rows = m.rows.set_index("kpi_id")
    assert rows.loc["a", "figure_source"] == "doc; card 1"
    assert rows.loc["a", "illustrative_parts"] == ""
    # Its one figure is both the current figure and the whole of its history.
    assert rows.loc["b", "illustrative_parts"] == "current figure, history"


def test_a_report_as_of_a_day_uses_only_what_was_known_then(project, tmp_path):
    # r: 95 against 100 on 1 October (5% short: Amber), revised to 80 on 1 November (Red).
    # As of 15 October the report knows 95: Amber, so its commentary needs no actions.
    figures = [
        *FIGURES,
        {"kpi_id": "r", "period": "2023-24 Q2", "value": "95", "reported_on": "2023-10-01"},
        {"kpi_id": "r", "period": "2023-24 Q2", "value": "80", "reported_on": "2023-11-01",
         "revision_reason": "Late returns."},
    ]  # fmt: skip
    targets = [{"kpi_id": "r", "from_period": "2023-24 Q2", "value": "100"}]
    folder = tmp_path / "data" / "raw" / "commentary" / "test"
    folder.mkdir(parents=True)
    sections = "".join(f"\n## {k} — {k}\n\n### Commentary\n\nAs expected.\n" for k in "abr")
    (folder / "2023-24-Q2.md").write_text(
        f"---\ncommittee: test\nperiod: 2023-24 Q2\n---\n{sections}"
    )
    project([*KPIS, {"kpi_id": "r"}], figures, targets)  # produced on 10 January 2024
    # Figures for a and b are due 30 days after the quarter ends: by 30 October.
    (tmp_path / "data" / "raw" / "accountability.csv").write_text(
        "kpi_id,owner,owner_email,accountable_officer,target_set_by,data_quality,lag_days,"
        "illustrative,source\n"
        "a,Owner A,,Officer A,Committee,High,30,false,\n"
        "b,Owner B,,Officer B,Committee,High,30,false,\n"
    )
    m = build_report(loader.load(tmp_path), "test", "2023-24 Q2", as_of="2023-10-15")
    assert m.rows.set_index("kpi_id").loc["r", "status"] == "Amber"
    assert m.findings == []
    # a's Q2 figure (2 November) and b's (20 November) were not known on 15 October: both
    # missing on the report's date, 10 January; a's latest known figure is Q1's, b has none.
    acc = m.accountability
    assert acc["timeliness"].tolist() == ["missing", "missing"]
    assert acc["first_reported_on"].isna().all()
    assert acc["latest_period"].tolist() == ["2023-24 Q1", ""]
    assert acc["latest_period_label"].tolist() == ["Quarter 1 2023/24", ""]
    # The framework is reported as at the earlier of the report's date and the day.
    assert m.framework.on == dt.date(2023, 10, 15)
