"""Quarterly returns end to end: template, filled in, imported, built; --as-of reproduces."""

import csv
import io

import openpyxl
import pytest

import kpitools as kt
import kpitools.render.pdf as pdf
from kpitools.data.load import load
from kpitools.returns.importer import import_returns
from kpitools.returns.template import write_templates

FILES = ("appendix.html", "report.html", "kpis.csv")


def _q3_project(mini):
    (path,) = write_templates(load(mini), "2023-24 Q3", service="Libraries")
    return path


def _calendar(mini):
    # The demo committee's 2023-24 Q3 report, produced on 20 April 2024: on the calendar
    # once its figures are in (a produced report with no figures is refused).
    with (mini / "data" / "raw" / "reports.csv").open("a", encoding="utf-8") as f:
        f.write("demo,2023-24 Q3,2024-04-20,,false,test\n")


def _filled(template, target, values, extra=()):
    wb = openpyxl.load_workbook(template)
    for cell, value in values.items():
        wb["Return"][cell] = value
    for row in extra:
        wb["Return"].append(row)
    wb.save(target)
    return target


def test_round_trip_template_import_build_with_revision_notice(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)  # the print tests check PDFs
    template = _q3_project(mini)
    filled = _filled(
        template,
        tmp_path / "libraries.xlsx",
        {"E2": 98000},
        # Revise Q2, reported as 96,326 when the Q2 report was produced (12 December 2023).
        extra=[("library-users", "", "count", "2023-24 Q2", 97500, "", "Late kiosk data added.")],
    )
    import_returns([filled], mini, reported_on="2024-04-10")
    _calendar(mini)
    result = kt.build("2023-24 Q3", ["demo"], root=mini, jobs=1)
    assert result.ok, result.failed
    out = mini / "outputs" / "2023-24-Q3" / "demo"
    rows = {r["kpi_id"]: r for r in csv.DictReader(io.StringIO((out / "kpis.csv").read_text()))}
    assert float(rows["library-users"]["actual"]) == 98000
    appendix = (out / "appendix.html").read_text()
    report = (out / "report.html").read_text()
    # 96,326 is Red against 107,236 (more than 10% short); 97,500 is 9.1% short: Amber.
    notice = (
        "Quarter 2 2023/24 revised from 96,326 to 97,500 (late kiosk data added); "
        "status changed from Red to Amber."
    )
    assert "98,000" in appendix and notice in appendix and notice in report
    # Due 90 days after 31 December 2023, reported on 10 April 2024: late.
    late = "Late figure: due by 30 March 2024 (90 days after the period ended)"
    assert late in appendix and late in report
    docx = (out / "report.docx").read_bytes()
    assert docx[:2] == b"PK"


@pytest.fixture
def published(mini, tmp_path, monkeypatch):
    """The demo committee's 2023-24 Q3 report built as published on 20 April 2024 from its
    return: the return's template and the bytes of the report's files."""
    # The PDFs are not compared here (the print tests check them): no Chromium, no time lost.
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    template = _q3_project(mini)
    first = _filled(template, tmp_path / "first.xlsx", {"E2": 98000})
    import_returns([first], mini, reported_on="2024-04-10")
    _calendar(mini)
    assert kt.build("2023-24 Q3", ["demo"], root=mini, as_of="2024-04-20", jobs=1).ok
    out = mini / "outputs" / "2023-24-Q3" / "demo"
    return template, {name: (out / name).read_bytes() for name in FILES}


def test_as_of_rebuilds_the_published_report_byte_for_byte(published, mini, tmp_path):
    template, files = published
    revised = _filled(template, tmp_path / "revised.xlsx", {"E2": 98500, "G2": "Recount."})
    import_returns([revised], mini, reported_on="2024-05-02")
    assert load(mini).figures["value"].iloc[-1] == 98500
    again = kt.build("2023-24 Q3", ["demo"], root=mini, as_of="2024-04-20", jobs=1, force=True)
    assert again.ok
    out = mini / "outputs" / "2023-24-Q3" / "demo"
    assert {name: (out / name).read_bytes() for name in FILES} == files
