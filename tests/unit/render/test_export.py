"""The reviewer page is the package template's output as written: nbconvert's last pass,
which would parse and rewrite the whole page, is left out."""

import nbformat

from kpitools.render.export import export_html

SHOWN = '<span class="kt-shape" aria-hidden="true">▲</span><img src="data:," alt="A chart">'


def test_the_page_keeps_the_html_the_notebook_displayed_as_it_was_written(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": SHOWN})]
    nb.cells = [cell]
    source = tmp_path / "appendix.ipynb"
    nbformat.write(nb, source)
    page = export_html(source, tmp_path / "appendix.html", "A title").read_text("utf-8")
    # Rewritten by BeautifulSoup, the attributes would come in alphabetical order.
    assert SHOWN in page
    assert "No description has been provided" not in page
    assert "<title>A title</title>" in page and "show()" not in page
