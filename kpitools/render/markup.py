"""What every reader page is made of: reader text as sanitised HTML, status badges, the
stylesheet and the templates of the page fragments.

All text from the data is escaped; commentary, actions, descriptions and links are
Markdown rendered by markdown-it and sanitised by nh3, so no script, event handler,
``javascript:`` or ``data:`` link, frame, image or style survives, whoever wrote the text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from kpitools.rules.rag import RATED
from kpitools.wording.numbers import count_cell
from kpitools.wording.report import PERCENT_NOTE

__all__ = [
    "SHAPES",
    "Html",
    "fragments",
    "markdown_parser",
    "markdown_to_html",
    "report_css",
    "status_badge",
]

# Shape and text carry the status as well as colour.
SHAPES = {
    "Red": "▲",
    "Amber": "◆",
    "Green": "●",
    "Blue": "★",
}
_UNRATED_SHAPE = "○"

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "sup", "sub",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
_URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h[1-3](\s[^>]*)?>")


class Html(str):
    """A string of HTML that JupyterLab displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __html__(self) -> str:
        return str(self)


@cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser of reader text (HTML and Word use the same)."""
    return MarkdownIt(
        "commonmark", {"html": True, "linkify": False, "typographer": False, "breaks": True}
    ).enable("table")


# Characters that reorder text on screen (bidirectional overrides and isolates): they
# can make a figure read differently from what was written, so none survive.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


def _links(element: str, attribute: str, value: str) -> str | None:
    # Only web, mail and in-page links: no relative paths, files or other schemes.
    if attribute == "href":
        return value if _SAFE_LINK.match(value.strip()) else None
    return value


def markdown_to_html(text: str) -> Markup:
    """Render Markdown and sanitise the result.

    Headings are moved down to level 4 so they sit under the card's own
    headings; only http(s), mailto and in-page links survive; characters that
    reorder text are removed.

    Examples
    --------
    >>> str(markdown_to_html("**Up** <script>alert(1)</script>"))
    '<p><strong>Up</strong> </p>'
    >>> str(markdown_to_html('<a href="javascript:alert(1)" onclick="x()">x</a>'))
    '<p><a rel="noopener noreferrer">x</a></p>'
    >>> print(markdown_to_html("[file](../secret.html) [mail](mailto:a@b.org)"))
    ... # doctest: +NORMALIZE_WHITESPACE
    <p><a rel="noopener noreferrer">file</a>
    <a href="mailto:a@b.org" rel="noopener noreferrer">mail</a></p>
    >>> str(markdown_to_html("# Heading"))
    '<h4>Heading</h4>'
    >>> str(markdown_to_html("98\u202e%"))
    '<p>98%</p>'
    """
    if not text or not text.strip():
        return Markup("")
    rendered = markdown_parser().render(text.translate(_BIDI))
    rendered = _HEADING.sub(lambda m: f"<{m.group(1)}h4>", rendered)
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attribute_filter=_links,
    )
    return Markup(clean.strip())


def status_badge(status: str) -> Markup:
    """A status as text, shape and colour together.

    Examples
    --------
    >>> print(status_badge("Red"))  # doctest: +NORMALIZE_WHITESPACE
    <span class="kt-status kt-status--red"><span class="kt-shape"
    aria-hidden="true">▲</span>Red</span>
    """
    status = str(status)
    css = status.lower() if status in RATED else "unrated"
    shape = SHAPES.get(status, _UNRATED_SHAPE)
    return Markup(
        '<span class="kt-status kt-status--{}"><span class="kt-shape" aria-hidden="true">{}'
        "</span>{}</span>"
    ).format(css, shape, status)


@cache
def report_css() -> str:
    """The stylesheet embedded in every reviewer page."""
    return resources.files("kpitools").joinpath("assets/report.css").read_text(encoding="utf-8")


@cache
def fragments() -> jinja2.Environment:
    """The Jinja environment of the HTML fragments every reader page is made of."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kpitools", "templates/fragments"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["badge"] = status_badge
    env.globals["dash"] = count_cell
    env.globals["percent_note"] = PERCENT_NOTE
    return env
