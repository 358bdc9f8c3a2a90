"""A corpus of hostile commentary: nothing active may survive rendering."""

import re

import pytest

import kpitools as kt
from kpitools.render.markup import markdown_to_html
from tests.htmltags import TagCollector

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://example.com/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "[link](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;avascript:alert(1)">entity encoded</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    '<iframe src="https://example.com"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<style>body{display:none}</style>",
    '<p style="background:url(https://example.com/t.png)">styled</p>',
    '<div style="position:fixed;top:0">overlay</div>',
    "![tracker](https://example.com/pixel.png)",
    "<b onmouseover=alert(1)>unclosed <i>tags <p>and <a href='https://ok.example'>",
    "<form action=https://example.com><input name=x></form>",
    '<meta http-equiv="refresh" content="0;url=https://example.com">',
    '<link rel=stylesheet href="https://example.com/x.css">',
    "<details open ontoggle=alert(1)>x</details>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</script>",
]

FORBIDDEN = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "img",
    "svg",
    "math",
    "form",
    "input",
    "meta",
    "link",
    "body",
    "details",
    "base",
}


def _active(html: str) -> list:
    page = TagCollector()
    page.feed(html)
    problems = [t for t in page.tags if t in FORBIDDEN]
    for tag, name, value in page.attrs:
        if name.startswith("on") or name == "style":
            problems.append((tag, name))
        if name in ("href", "src", "action", "data", "xlink:href"):
            scheme = value.strip().lower()
            if not scheme.startswith(("http://", "https://", "mailto:", "#")):
                problems.append((tag, name, value))
    return problems


@pytest.mark.parametrize("payload", HOSTILE)
def test_markdown_renderer_neutralises(payload):
    assert _active(str(markdown_to_html(payload))) == []


def test_a_whole_appendix_page_with_the_corpus_is_inert(mini):
    md = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    md.write_text(md.read_text().replace("Fewer referrals in Q2.", "\n\n".join(HOSTILE)))
    page = kt.Appendix.build("demo", "2023-24 Q2", root=str(mini)).html()
    cards = page[page.index('<article class="kt-card"') :]
    # The page's own charts are the only images; everything else came from commentary.
    charts = re.findall(
        r'<img class="chart" src="data:image/svg\+xml;base64,[^"]+" alt="[^"]*"', cards
    )
    assert len(charts) == 6
    # Each chart's own data table folds away in a <details>; no other <details> is allowed.
    assert cards.count('<details class="kt-data">') == 6
    own = re.sub(r'<img class="chart"[^>]*>|<details class="kt-data">.*?</details>', "", cards)
    # The statistical process control block is the page's own chart and icons (inline SVG),
    # never commentary.
    own = re.sub(r'<div class="kt-spc">.*?</figure>\s*</div>', "", own, flags=re.S)
    problems = _active(own)
    assert problems == []
