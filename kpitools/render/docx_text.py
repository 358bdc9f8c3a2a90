"""Markdown into Word paragraphs, block for block as the HTML renders it.

The same markdown-it parser as the HTML (line breaks kept as breaks, lists as
bulleted or numbered paragraphs, bold and italic runs, link text followed by
its address), so the Word file says the same words in the same places.
"""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from kpitools.render.markup import markdown_parser
from kpitools.render.word import add_styled

__all__ = ["add_markdown"]


def _inline(paragraph: Any, token: Token) -> None:
    bold = italic = False
    href = ""
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close":
            if href.startswith(("http://", "https://", "mailto:")):
                paragraph.add_run(f" ({href})")
            href = ""
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bold or None
            run.italic = italic or None


def add_markdown(doc: Any, text: str, *, prefix: str = "") -> None:
    """Append Markdown ``text`` to a python-docx document (HTML comments and raw HTML dropped).

    ``prefix``, when given, starts the first paragraph in bold ("Commentary:").

    Examples
    --------
    >>> from docx import Document
    >>> d = Document()
    >>> add_markdown(d, "First line\\nsecond line\\n\\n- a\\n- **b**")
    >>> [p.text for p in d.paragraphs]
    ['First line\\nsecond line', 'a', 'b']
    >>> [p.style.name for p in d.paragraphs]
    ['Normal', 'List Bullet', 'List Bullet']
    """
    lists: list[str] = []
    first = True
    for token in markdown_parser().parse(text or ""):
        if token.type == "bullet_list_open":
            lists.append("List Bullet")
        elif token.type == "ordered_list_open":
            lists.append("List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline" and token.content.strip():
            style = lists[-1] if lists else None
            if style and len(lists) > 1:
                style = f"{style} {min(len(lists), 3)}"
            paragraph = add_styled(doc, "", style) if style else doc.add_paragraph()
            if first and prefix:
                paragraph.add_run(f"{prefix} ").bold = True
            first = False
            _inline(paragraph, token)
    if first and prefix:
        doc.add_paragraph().add_run(prefix).bold = True
