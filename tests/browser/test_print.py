"""Printed reports: one KPI card per A4 page, tagged PDFs, nothing wider than a phone."""

import base64
import functools
import html as html_module
import re
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

import kpitools as kt
from kpitools.model.report import build_report

# The PDFs are those of the sample reports built as `make report` builds them.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("full")]

DATA = kt.load()
SAMPLES = [(r.committee, str(r.period)) for r in DATA.reports.itertuples()]


def _squash(text: str) -> str:
    # NFKC: the PDF's text layer spells "staff" with the ligature "ﬀ". Hyphens go too:
    # pdftotext drops the one that ends a line ("year-" "to-date" reads "yearto-date").
    return re.sub(r"[\s\-\u2010\u2011]+", "", unicodedata.normalize("NFKC", text))


@functools.cache
def _appendix(committee: str, period: str) -> kt.Appendix:
    return kt.Appendix.build(committee, period, model=build_report(DATA, committee, period))


@pytest.fixture(params=SAMPLES, ids=[f"{c} {p}" for c, p in SAMPLES])
def printed(request, sample_builds):
    folder, status = sample_builds.build(*request.param)
    assert status == 0
    return folder, _appendix(*request.param)


def _pages(pdf) -> list[str]:
    """Each page's text, squashed; poppler's pdftotext reads in a tenth of pypdf's time."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_squash(page) for page in text.split("\f")[:-1]]


_FRAMEWORK = _squash("Performance framework: KPI set, actions and requests")


def test_each_card_prints_on_its_own_page(printed):
    folder, appendix = printed
    titles = [card.title for card in appendix._cards()]
    pages = _pages(folder / "appendix.pdf")
    assert len(pages) == len(PdfReader(folder / "appendix.pdf").pages)
    # Each card heads a page and takes exactly one more when it says it continues; before
    # the first card at most four pages: the header and summary, the variation table, the
    # index and the Key; after the last, on a page of its own, the performance framework
    # when the committee has one.
    continued = sum(card.continued for card in appendix._cards())
    first = next(i for i, p in enumerate(pages) if p.startswith(_squash(titles[0])))
    framework = [i for i, p in enumerate(pages) if p.startswith(_FRAMEWORK)]
    assert first <= 4
    assert framework == ([first + len(titles) + continued] if appendix.framework() else [])
    end = framework[0] if framework else len(pages)
    assert end - first == len(titles) + continued
    found = -1
    for title in titles:
        later = [i for i in range(found + 1, end) if pages[i].startswith(_squash(title))]
        assert later, f"{title} does not head a page of its own"
        found = later[0]
    # Every page is footed with the committee, the quarter and the document.
    assert all("Appendix1" in p and "Page" in p for p in pages)


def test_the_cosmic_2023_24_q2_cards_and_front_matter_fit_24_pages(printed):
    folder, appendix = printed
    if (appendix.model.committee, str(appendix.period)) != ("cosmic", "2023-24 Q2"):
        pytest.skip("the published appendix of seed 004")
    # 19 cards, each within one page (the longest continues on one more), and four pages
    # before them; the performance framework follows.
    assert len(appendix.table) == 19
    pages = _pages(folder / "appendix.pdf")
    assert next(i for i, p in enumerate(pages) if p.startswith(_FRAMEWORK)) <= 24


@pytest.mark.parametrize("stem", ["appendix", "report"])
def test_pdfs_are_tagged_titled_and_bookmarked(printed, stem):
    folder, _ = printed
    info = subprocess.run(
        ["pdfinfo", str(folder / f"{stem}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M)
    html = (folder / f"{stem}.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html).group(1).replace("&amp;", "&")
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M)
    reader = PdfReader(folder / f"{stem}.pdf")
    outline = [item.title for item in _flatten(reader.outline)]
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html)
    plain = [html_module.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in headings]
    assert outline, "no bookmarks"
    assert {_squash(t) for t in plain} <= {_squash(t) for t in outline}


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@pytest.mark.parametrize("stem", ["appendix", "report"])
def test_nothing_is_wider_than_a_phone(printed, browser, stem):
    folder, _ = printed
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((folder / f"{stem}.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Nor does a table scroll sideways: an action plan's eight columns are read row by
        # row, each cell under its column's name.
        sideways = page.evaluate(
            "[...document.querySelectorAll('.kt-wide')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.querySelector('caption')?.textContent)"
        )
        assert sideways == []
        # Chart text stays legible when the chart shrinks to fit: at least 7 px on screen.
        charts = page.evaluate(
            "[...document.querySelectorAll('img.chart')].map(i => [i.src, i.width, i.naturalWidth])"
        )
        for src, width, natural in charts:
            svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
            sizes = [float(s) for s in re.findall(r"font(?:-size)?:\s*([\d.]+)px", svg)]
            assert sizes and min(sizes) * width / natural >= 7
    finally:
        page.close()


# A4 less the page's side margins (13 mm each) at 96 px to the inch.
_PRINTED_WIDTH = round((210 - 2 * 13) / 25.4 * 96)


@pytest.mark.parametrize("stem", ["appendix", "report"])
def test_no_table_is_wider_than_the_printed_page(printed, browser, stem):
    # Paper has no scroll bar: a table wider than the page loses its right-hand side.
    folder, _ = printed
    page = browser.new_page(viewport={"width": _PRINTED_WIDTH, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto((folder / f"{stem}.html").as_uri())
        wide = page.evaluate(
            "[...document.querySelectorAll('.kt-wide')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.querySelector('caption')?.textContent)"
        )
        assert wide == []
        assert page.evaluate("document.documentElement.scrollWidth") <= _PRINTED_WIDTH
    finally:
        page.close()


_PAPER_TABLE = re.compile(
    r'<table class="kt-paper-table">\s*<caption>(.*?)</caption>.*?<tbody>\s*<tr><th scope="row">'
    r"(.*?)</th>",
    re.S,
)


def test_a_table_starts_on_the_page_of_its_caption_with_its_first_row(printed):
    # Never a caption and column headings alone at the foot of a page.
    folder, _ = printed
    html = (folder / "report.html").read_text(encoding="utf-8")
    tables = [
        (_squash(html_module.unescape(re.sub(r"<[^>]+>", "", caption))),
         _squash(html_module.unescape(re.sub(r"<[^>]+>", "", first))))
        for caption, first in _PAPER_TABLE.findall(html)
    ]  # fmt: skip
    pages = _pages(folder / "report.pdf")
    for caption, first in tables:
        assert any(caption in p and first in p for p in pages), caption
