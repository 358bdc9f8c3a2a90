"""Word documents in the council's house style: A4, en-GB, named styles, page numbers.

Every piece of the covering report uses a named style, so a council restyles the
whole report in one place: in Word's style pane, or by supplying its own template
(``data/raw/templates/report.docx``) whose styles the report then uses. Styles the
template lacks are added with plain defaults.
"""

from __future__ import annotations

import datetime as dt
import io
import weakref
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kpitools.wording.numbers import count_cell

__all__ = [
    "CELL",
    "HEADING_CELL",
    "LANGUAGE",
    "NUMBERED",
    "NUMBER_CELL",
    "PLACEHOLDER",
    "PLACEHOLDER_CHAR",
    "TABLE_STYLE",
    "add_page_footer",
    "add_summary_table",
    "docx_bytes",
    "house_document",
]

LANGUAGE = "en-GB"
TABLE_STYLE = "Table Grid"
NUMBERED = "Numbered Paragraph"
CELL = "Table Text"
NUMBER_CELL = "Table Number"
HEADING_CELL = "Table Heading"
PLACEHOLDER = "Author To Complete"
PLACEHOLDER_CHAR = "Author To Complete Char"
_FONT = "Arial"
_INK = RGBColor(0x0B, 0x0C, 0x0C)


def _set_language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _paragraph_style(doc: Any, name: str, *, base: str = "Normal") -> Any:
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def _defaults(doc: Any, template_given: bool) -> None:
    styles = doc.styles
    # The language of the whole document: document defaults and every style.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_language(rpr)
    if not template_given:
        normal = styles["Normal"]
        normal.font.name, normal.font.size = _FONT, Pt(11)
        for level, size in ((1, 16), (2, 13), (3, 11)):
            heading = styles[f"Heading {level}"]
            heading.font.name, heading.font.size = _FONT, Pt(size)
            heading.font.color.rgb = _INK  # not Word's default blue
            heading.font.bold = True
    _paragraph_style(doc, NUMBERED)
    _paragraph_style(doc, CELL)
    numbers = _paragraph_style(doc, NUMBER_CELL)
    numbers.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading_cell = _paragraph_style(doc, HEADING_CELL)
    heading_cell.font.bold = True
    todo = _paragraph_style(doc, PLACEHOLDER)
    todo.font.italic = True
    todo.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if PLACEHOLDER_CHAR not in [s.name for s in styles]:
        char = styles.add_style(PLACEHOLDER_CHAR, WD_STYLE_TYPE.CHARACTER)
        char.font.italic = True
        char.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_language(style.element.get_or_add_rPr())


def house_document(template: Path | None = None, *, author: str) -> Any:
    """A new Word document in house style, from the council's template if there is one.

    Examples
    --------
    >>> doc = house_document(None, author="Example County Council")
    >>> round(doc.sections[0].page_width.mm), doc.core_properties.author
    (210, 'Example County Council')
    """
    given = template is not None and Path(template).exists()
    doc = Document(str(template)) if given else Document()
    if given:
        # Keep the template's styles, page set-up and headers, not its sample text.
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    else:
        for section in doc.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Mm(20))
    _defaults(doc, given)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.language = LANGUAGE
    # Fixed dates keep the file byte-stable from one build to the next.
    props.created = props.modified = dt.datetime(2000, 1, 1)
    props.revision = 1
    return doc


def _field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def add_page_footer(doc: Any, text: str) -> None:
    """Footer on every page: the document's name, then "Page n of m" (Word fields)."""
    for section in doc.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        paragraph.add_run(f"{text} · Page ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


# Style ids by name, per document: python-docx finds a style by scanning every style
# of the document each time one is set, and a covering report sets hundreds.
_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()


def set_style(paragraph: Any, name: str) -> None:
    """``paragraph.style = name`` (the same XML), the name looked up once per document.

    Examples
    --------
    >>> import docx
    >>> doc = docx.Document()
    >>> paragraph = doc.add_paragraph("x")
    >>> set_style(paragraph, "List Bullet")
    >>> paragraph.style.name
    'List Bullet'
    """
    ids = _STYLE_IDS.setdefault(paragraph.part, {})
    if name not in ids:
        ids[name] = paragraph.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    paragraph._p.style = ids[name]


def add_styled(container: Any, text: str, name: str) -> Any:
    """``container.add_paragraph(text, style=name)``, with :func:`set_style`.

    Examples
    --------
    >>> import docx
    >>> add_styled(docx.Document(), "Hello", "List Bullet").style.name
    'List Bullet'
    """
    paragraph = container.add_paragraph(text)
    set_style(paragraph, name)
    return paragraph


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def add_summary_table(doc: Any, summary: pd.DataFrame, zero: str = "-") -> Any:
    """The status summary with a Total row, numbers right-aligned, header repeated."""
    grid = doc.add_table(rows=1, cols=3)
    grid.style = TABLE_STYLE
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    heads = ["Status", "Number of KPIs", "Percentage of KPIs"]
    for i, (cell, text) in enumerate(zip(grid.rows[0].cells, heads, strict=True)):
        paragraph = cell.paragraphs[0]
        set_style(paragraph, HEADING_CELL)
        if i:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(text)
    _repeat_header(grid.rows[0])
    total = int(summary["Number"].sum())
    rows = [
        (str(r.Status), count_cell(r.Number, "", zero),
         count_cell(r.Number and r.Percentage, "%", zero))
        for r in summary.itertuples(index=False)
    ]  # fmt: skip
    rows.append(("Total", str(total), "100%" if total else "-"))
    for status, number, percent in rows:
        cells = grid.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, (status, number, percent), strict=True)):
            paragraph = cell.paragraphs[0]
            set_style(paragraph, CELL if i == 0 else NUMBER_CELL)
            run = paragraph.add_run(text)
            run.bold = status == "Total"
    return grid


# The earliest time a zip entry can carry: every entry gets it, so the same report
# gives the same bytes whenever it is built.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def docx_bytes(doc: Any) -> bytes:
    """A document's file, with fixed timestamps on every part of its zip.

    Examples
    --------
    >>> doc = house_document(None, author="Example County Council")
    >>> docx_bytes(doc) == docx_bytes(doc)
    True
    """
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(item.filename))
    return out.getvalue()
