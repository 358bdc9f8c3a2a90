"""report.docx in house style and readable files; the paper's counts in good grammar."""

import stat

import pytest
from docx import Document
from docx.oxml.ns import qn

import kpitools as kt
from kpitools.model.report import build_report
from kpitools.render.covering import write_covering_report
from kpitools.wording.covering import examples_intro, red_intro, unrated_intro


@pytest.fixture
def written(mini, tmp_path):
    return write_covering_report(build_report(kt.load(mini), "demo", "2023-24 Q2"), tmp_path)


def test_docx_is_a4_en_gb_by_the_council_with_page_numbers(written):
    _, docx_path = written
    doc = Document(str(docx_path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.core_properties.author == "Example County Council"
    langs = {
        el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang")) if el.get(qn("w:val"))
    }
    assert langs == {"en-GB"}
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and 'fldCharType="begin"' in footer
    # Headings are not Word's default blue.
    assert doc.styles["Heading 1"].font.color.rgb != "0F4761"


def test_summary_table_has_total_right_aligned_numbers_and_repeating_header(written):
    _, docx_path = written
    table = Document(str(docx_path)).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    # The fixture's six KPIs: 1 Red, 2 Amber, 1 Blue, 1 Contextual, 1 Not rated.
    assert rows[-1] == ["Total", "6", "100%"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    number_cell = table.rows[1].cells[1].paragraphs[0]
    assert number_cell.style.name == "Table Number"
    assert number_cell.style.paragraph_format.alignment == 2  # right


def test_reports_are_readable_by_others(written):
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_counts_read_correctly():
    assert examples_intro("Green", 1, 1) == (
        "There is 1 Green indicator. An example of its commentary follows:"
    )
    assert examples_intro("Green", 9, 2) == (
        "There are 9 Green indicators. Below are some examples of their commentary:"
    )
    assert red_intro(2) == "There are 2 Red indicators for commentary this quarter:"
    assert unrated_intro([("Contextual", 10)]).startswith(
        "There are 10 indicators without a RAG status this quarter: 10 Contextual."
    )


def test_the_paper_is_numbered_and_points_at_appendix_1(written):
    html_path, _ = written
    html = html_path.read_text(encoding="utf-8")
    for mark in ["1.1", "2.1", "2.2", "Appendix 1", "Significant Implications", "Source Documents"]:
        assert mark in html
    assert html.count('class="kt-placeholder"') >= 2
