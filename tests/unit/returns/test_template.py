"""Return templates: one row per KPI and period due, validation, protection, reproducible."""

import datetime as dt

import openpyxl
import pytest

from kpitools.data.load import load
from kpitools.returns.template import write_templates


@pytest.fixture
def templates(mini):
    return mini, write_templates(load(mini), "2023-24 Q3")


def test_one_workbook_per_service_with_a_row_per_kpi_due(templates):
    _, paths = templates
    # The demo set in 2023-24 Q3: Libraries (1 KPI), Registrations (2), Coroners (1),
    # Adult Skills (2); old-kpi left the set in 2022-23 Q1.
    assert [p.name for p in paths] == [
        "adult-skills.xlsx", "coroners.xlsx", "libraries.xlsx", "registrations.xlsx",
    ]  # fmt: skip
    assert paths[0].parent.parts[-2:] == ("returns", "2023-24-Q3")
    ws = openpyxl.load_workbook(paths[3])["Return"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("kpi_id", "name", "unit", "period", "value", "note")
    # births: previous figure 99 (2023-24 Q2), target 74; owner from accountability.csv.
    births = rows[1]
    assert births[0] == "births" and births[3] == "2023-24 Q3" and births[4] is None
    assert births[7:] == ("2023-24 Q2", 99, 74, "Head of Registration Service (illustrative)")
    assert [r[0] for r in rows[1:]] == ["births", "deaths"]


def test_value_cells_are_validated_by_unit_and_only_inputs_are_unlocked(templates):
    _, paths = templates
    wb = openpyxl.load_workbook(paths[3])
    ws = wb["Return"]
    (rule,) = ws.data_validations.dataValidation
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "decimal", "between", "0", "100",
    )  # fmt: skip
    assert str(rule.sqref) == "E2 E3"
    count = openpyxl.load_workbook(paths[2])["Return"].data_validations.dataValidation[0]
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert ws.protection.sheet and wb["Instructions"].protection.sheet
    assert ws.protection.password is None
    assert [ws[c].protection.locked for c in ("E2", "F2", "G2")] == [False, False, False]
    assert [ws[c].protection.locked for c in ("A1", "A2", "D2", "I2", "J2")] == [True] * 5


def test_accessible_structure(templates):
    _, paths = templates
    wb = openpyxl.load_workbook(paths[3])
    ws = wb["Return"]
    assert wb.sheetnames == ["Return", "Instructions"]
    assert list(ws.tables) == ["KpiReturn"] and ws.tables["KpiReturn"].ref == "A1:K3"
    assert not ws.merged_cells.ranges and not wb["Instructions"].merged_cells.ranges
    assert ws.column_dimensions["B"].width >= 40
    assert "Head of Registration Service (illustrative)" in wb["Instructions"]["A2"].value


def test_same_inputs_give_the_same_bytes_dated_by_the_quarter(templates):
    mini, paths = templates
    first = {p.name: p.read_bytes() for p in paths}
    again = write_templates(load(mini), "2023-24 Q3")
    assert {p.name: p.read_bytes() for p in again} == first
    props = openpyxl.load_workbook(paths[0]).properties
    assert props.created == props.modified == dt.datetime(2023, 12, 31)


def test_filters_by_service_and_committee(mini):
    data = load(mini)
    (path,) = write_templates(data, "2023-24 Q3", service="Libraries")
    assert path.name == "libraries.xlsx"
    (path,) = write_templates(data, "2023-24 Q3", committee="demo", per="committee")
    assert path.name == "demo.xlsx"
    with pytest.raises(ValueError, match="no KPI is due"):
        write_templates(data, "2023-24 Q3", service="Nowhere")
