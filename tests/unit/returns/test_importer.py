"""Return import: every bad cell named, nothing half-written, revisions need reasons."""

import openpyxl
import pytest

from kpitools.data.load import load
from kpitools.returns.importer import ReturnError, import_returns
from kpitools.returns.template import write_templates


def _template(mini, service):
    (path,) = write_templates(load(mini), "2023-24 Q3", service=service)
    return path


def _fill(path, target, values, extra=()):
    wb = openpyxl.load_workbook(path)
    ws = wb["Return"]
    for cell, value in values.items():
        ws[cell] = value
    for row in extra:
        ws.append(row)
    wb.save(target)
    return target


def test_a_bad_return_is_refused_cell_by_cell_and_figures_csv_is_unchanged(mini, tmp_path):
    figures = mini / "data" / "raw" / "figures.csv"
    before = figures.read_bytes()
    bad = _fill(
        _template(mini, "Registrations"),
        tmp_path / "registrations.xlsx",
        {"E2": "68%", "E3": 120},  # births as text; deaths above 100%
        extra=[
            ("birth", "", "percent", "2023-24 Q3", 70),  # row 4: unknown KPI
            ("births", "", "percent", "2023-24 Q3", 70),  # row 5: duplicate of row 2
            ("library-users", "", "count", "2023-24 Q3", -5),  # row 6: negative count
            ("library-users", "", "count", "2024-25 Q3", 5),  # row 7: period not ended
            ("library-users", "", "count", "2023-24 Q2", 96000),  # row 8: revision, no reason
        ],
    )
    with pytest.raises(ReturnError) as caught:
        import_returns([bad], mini, reported_on="2024-04-10")
    lines = [str(p) for p in caught.value.problems]
    name = str(bad)
    assert lines == [
        f"{name} Return!E2: '68%' is text; type 68",
        f"{name} Return!E3: 120 is above 100; type a percentage from 0 to 100",
        f"{name} Return!A4: unknown KPI 'birth' (did you mean 'births'?); use a kpi_id from "
        "the template",
        f"{name} Return!A5: duplicate row: row 2 already gives births for 2023-24 Q3; keep "
        "one of them",
        f"{name} Return!E6: -5 is negative; a count figure cannot be below 0",
        f"{name} Return!D7: period 2024-25 Q3 not due: it has not ended by 2024-04-10",
        f"{name} Return!G8: library-users 2023-24 Q2 was reported as 97,000 on 2024-03-14; "
        "this changes it, so type the reason for the revision here",
    ]
    assert figures.read_bytes() == before


def test_wrong_sheet_and_missing_header_are_refused(mini, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "sheet.xlsx")
    wb.active.title = "Return"
    wb.active.append(["kpi_id", "period", "note"])
    wb.save(tmp_path / "header.xlsx")
    with pytest.raises(ReturnError) as caught:
        import_returns([tmp_path / "sheet.xlsx", tmp_path / "header.xlsx"], mini, "2024-04-10")
    first, second = (str(p) for p in caught.value.problems)
    assert first.endswith("sheet.xlsx: wrong sheet: no sheet named 'Return' (found Sheet1); "
                          "put the figures on the sheet named Return of the template")  # fmt: skip
    assert "header.xlsx Return!A1: missing header value;" in second


def test_import_appends_keeps_line_endings_and_is_idempotent(mini, tmp_path):
    figures = mini / "data" / "raw" / "figures.csv"
    crlf = figures.read_bytes().replace(b"\n", b"\r\n")
    figures.write_bytes(crlf)
    good = _fill(
        _template(mini, "Libraries"),
        tmp_path / "libraries.xlsx",
        {"E2": 98000},
        extra=[("library-users", "", "count", "2023-24 Q2", 97500, "Late kiosk data added.")],
    )
    result = import_returns([good], mini, reported_on="2024-04-10")
    assert result.added == ["library-users 2023-24 Q3: 98,000"]
    assert result.revised == ["library-users 2023-24 Q2: 97,000 -> 97,500 (Late kiosk data added.)"]
    after = figures.read_bytes()
    assert after == crlf + (
        b"library-users,2023-24 Q3,98000,2024-04-10,,,,,false,return libraries.xlsx,\r\n"
        b"library-users,2023-24 Q2,97500,2024-04-10,,,,,false,return libraries.xlsx,"
        b"Late kiosk data added.\r\n"
    )
    again = import_returns([good], mini, reported_on="2024-04-11")
    assert (again.added, again.revised, again.skipped) == ([], [], 2)
    assert figures.read_bytes() == after
    assert load(mini).figures["revision_reason"].tolist()[-1] == "Late kiosk data added."
