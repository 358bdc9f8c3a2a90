"""The framework sections' tables in a Word document (the covering report's)."""

from __future__ import annotations

from typing import Any

from kpitools.render.docx_text import add_markdown
from kpitools.render.framework import PaperTable
from kpitools.render.word import CELL, HEADING_CELL, TABLE_STYLE, add_styled, set_style

__all__ = ["add_paper_table"]


def add_paper_table(doc: Any, table: PaperTable) -> Any:
    """A paper table in a Word document, in the house table style."""
    add_styled(doc, table.caption, HEADING_CELL)
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = TABLE_STYLE
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        set_style(cell.paragraphs[0], HEADING_CELL)
        cell.paragraphs[0].add_run(text)
    for row in table.rows:
        cells = grid.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            if i in table.markdown:
                add_markdown(cell, text)
                if not cell.paragraphs[0].text and len(cell.paragraphs) > 1:
                    cell._tc.remove(cell.paragraphs[0]._p)
            else:
                set_style(cell.paragraphs[0], CELL)
                cell.paragraphs[0].add_run(text)
    return grid
