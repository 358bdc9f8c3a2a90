"""The covering report reproduces seed 000's §3.1 table and §5.1 lists."""

import html as html_module
import re

from docx import Document

import kpitools as kt
from kpitools.model.report import build_report
from kpitools.render.covering import covering_sections, paper_blocks, write_covering_report
from tests.htmltags import TagCollector


def test_html_and_docx_from_the_fixture(mini, tmp_path):
    commentary = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    commentary.write_text(
        commentary.read_text().replace(
            "Full Q2 figures will come with Q3.",
            "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))",
        )
    )
    model = build_report(kt.load(mini), "demo", "2023-24 Q2")
    html_path, docx_path = write_covering_report(model, tmp_path)
    html = html_path.read_text()
    page = TagCollector()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert not [a for a in page.attrs if a[1] in ("href", "src") and "javascript" in a[2].lower()]
    assert '<html lang="en-GB">' in html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</?strong>", "", html_module.unescape(html)))
    text = " ".join(text.split())
    assert "There is 1 Red indicator for commentary this quarter:" in text
    assert "Appendix 1" in text and "1.1 The Performance Management Framework" in text
    assert "Indicator 136: Number of learners enrolled onto a course" in text

    doc = Document(str(docx_path))
    table_cells = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert table_cells[0] == ["Status", "Number of KPIs", "Percentage of KPIs"]
    assert ["Red", "1", "17%"] in table_cells and ["Green", "-", "-"] in table_cells
    # The fixture's six KPIs, all counted.
    assert table_cells[-1] == ["Total", "6", "100%"]
    bullets = [p.text for p in doc.paragraphs if p.style.name.startswith("List Bullet")]
    assert any(
        b.startswith("Red – current performance is off target by more than 10%") for b in bullets
    )
    assert any("last quarter's status is not available" in b for b in bullets)
    # Word says what the HTML says: every conclusion heading and summary row.
    for b in bullets:
        if "indicator" in b and b.endswith(":"):
            assert b in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    label = "Indicator 136: Number of learners enrolled onto a course"
    assert any(h.endswith(label) for h in headings)


def test_sections_of_the_2023_24_q2_report_worked_by_hand():
    # Seed 004's appendix: six KPIs improve on the previous figure (36, 37, digital
    # engagements, 199, 219, 220), 5 Red, 1 Green (221) of 19; previous statuses unknown.
    model = build_report(kt.load(), "cosmic", "2023-24 Q2", as_of="2023-12-12")
    s = covering_sections(model)
    assert s.improved_count == 6 and len(s.reds) == 5 and s.green_count == 1
    texts = [b.text for b in paper_blocks(s)]
    assert any(
        t.endswith("6 indicators saw an improvement in performance from the quarter 1 paper.")
        for t in texts
    )
    assert "There is 1 Green indicator. An example of its commentary follows:" in texts
    assert not any("rated" in g.heading and "newly" in g.heading for g in s.movements)
    assert int(s.summary["Percentage"].sum()) == 100
