"""Who answers for each KPI and whether its figure came in on time (mini fixture, by hand)."""

import datetime as dt

import pytest

from kpitools.data.load import load
from kpitools.model.accountability import ACCOUNTABILITY_COLUMNS, accountability
from kpitools.model.table import kpi_table

D = dt.date


@pytest.fixture
def q3(mini):
    # Quarter 3 2023-24 ends on 31 December 2023; with 90 days allowed its figures are due
    # by 30 March 2024. Births' figure came on 15 January; library users' never came.
    with (mini / "data" / "raw" / "reports.csv").open("a", encoding="utf-8") as f:
        f.write("demo,2023-24 Q3,2024-04-20,,false,test\n")
    with (mini / "data" / "raw" / "figures.csv").open("a", encoding="utf-8") as f:
        f.write("births,2023-24 Q3,97,2024-01-15,,,,,false,test,\n")
    data = load(mini)
    return data, kpi_table(data, "demo", "2023-24 Q3")


def test_a_missing_figure_in_full(q3):
    data, rows = q3
    table = accountability(data, rows, D(2024, 3, 31))
    assert list(table.columns) == ACCOUNTABILITY_COLUMNS
    assert list(table.index) == ["library-users", "births", "deaths"]
    assert table.loc["library-users"].to_dict() == {
        "kpi_id": "library-users",
        "owner": "Head of Libraries (illustrative)",
        "owner_email": "libraries@example.org",
        "accountable_officer": "Service Director (illustrative)",
        "target_set_by": "Committee (illustrative)",
        "data_quality": "High",
        "lag_days": 90,
        "illustrative": True,
        "due_on": D(2024, 3, 30),
        "first_reported_on": None,
        "timeliness": "missing",
        "latest_period": "2023-24 Q2",
        "latest_period_label": "Quarter 2 2023/24",
    }
    births = table.loc["births"]
    assert (births["timeliness"], births["first_reported_on"]) == ("on time", D(2024, 1, 15))
    assert (births["latest_period"], births["latest_period_label"]) == (
        "2023-24 Q3",
        "Quarter 3 2023/24",
    )


def test_a_figure_is_missing_only_once_its_due_date_has_passed(q3):
    data, rows = q3
    on_the_day = accountability(data, rows, D(2024, 3, 30))
    assert on_the_day.loc["library-users", "timeliness"] == "not yet due"


def test_as_known_on_a_day(q3):
    data, rows = q3
    before = accountability(data, rows, D(2024, 4, 20), as_of=D(2024, 1, 14))
    assert before.loc["births", "timeliness"] == "missing"
    assert before.loc["births", "latest_period"] == "2023-24 Q2"
    on_the_day = accountability(data, rows, D(2024, 4, 20), as_of=D(2024, 1, 15))
    assert on_the_day.loc["births", "timeliness"] == "on time"


def test_a_figure_after_its_due_date_is_late(mini):
    path = mini / "data" / "raw" / "accountability.csv"
    # Q2 ends 30 September 2023; figures first reported on 12 December 2023 (73 days later).
    text = path.read_text().replace("Medium,90,true", "Medium,72,true", 1)
    text = text.replace("deaths,Head of Registration Service (illustrative),,Service Director "
                        "(illustrative),Committee (illustrative),Medium,90", "deaths,Head of "
                        "Registration Service (illustrative),,Service Director (illustrative),"
                        "Committee (illustrative),Medium,73")  # fmt: skip
    path.write_text(text)
    data = load(mini)
    table = accountability(data, kpi_table(data, "demo", "2023-24 Q2"), D(2023, 12, 12))
    # Due 72 days after: 11 December, so late; due 73 days after: 12 December, on time.
    assert table.loc["births", ["due_on", "timeliness"]].tolist() == [D(2023, 12, 11), "late"]
    assert table.loc["deaths", ["due_on", "timeliness"]].tolist() == [D(2023, 12, 12), "on time"]


def test_only_kpis_with_an_accountability_row_in_the_order_given(q3):
    data, rows = q3
    table = accountability(data, rows.iloc[::-1], D(2024, 3, 31))
    assert list(table.index) == ["deaths", "births", "library-users"]


def test_the_latest_figure_is_never_after_the_reported_period(q3):
    data, _ = q3
    # Births has a Q3 figure, but the Q2 report's data are as at Q2.
    q2 = accountability(data, kpi_table(data, "demo", "2023-24 Q2"), D(2023, 12, 12))
    assert q2.loc["births", "latest_period"] == "2023-24 Q2"
