"""The appendix page: the parts the notebook shows, and the same page without nbconvert."""

import ast
import json

import kpitools as kt
from kpitools.model.report import build_report
from kpitools.render.appendix import SECTIONS, Appendix


def _shown(notebook: dict) -> list[str]:
    """The appendix methods the notebook's cells show, in order (a cell's last line)."""
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code" or not cell["source"]:
            continue
        last = ast.parse("".join(cell["source"])).body[-1]
        call = last.value if isinstance(last, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "appendix"
        ):
            shown.append(call.func.attr)
    return shown


def test_the_notebook_shows_every_section_in_reading_order():
    notebook = json.loads(
        (kt.ProjectPaths().notebooks / "committee_report.ipynb").read_text(encoding="utf-8")
    )
    # The first cell shows the stylesheet for JupyterLab; the export adds its own.
    assert _shown(notebook) == ["style", *SECTIONS]


def test_the_page_without_nbconvert_has_every_section():
    # The snr 2021-22 Q4 report has an action plan, so its framework part is not empty.
    page = Appendix(build_report(kt.load(), "snr", "2021-22 Q4")).html()
    headings = [
        "Performance Report",
        "Variation and assurance",
        "Index of KPIs",
        "Performance framework: KPI set, actions and requests",
        "Action Plan Progress",
    ]
    for heading in headings:
        assert heading in page, heading
    assert page.index("Variation and assurance") < page.index("Index of KPIs")
    assert page.rindex('class="kt-card"') < page.index("Performance framework")
