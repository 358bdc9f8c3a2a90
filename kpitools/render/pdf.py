"""Print the reviewer pages to tagged PDF with headless Chromium.

The PDF is the same HTML the reviewers open, printed by Chromium through
Playwright with ``tagged=True`` (a structure tree for screen readers) and
``outline=True`` (bookmarks from the headings). The print stylesheet in
``assets/report.css`` puts each KPI card on its own A4 page; the footer added
here names the council, committee, quarter and document, with page numbers.

Chromium is found from the ``CHROMIUM`` environment variable, then
``chromium`` on the PATH, then ``/usr/bin/chromium``. Without it (or without
Playwright) :func:`write_pdf` raises :class:`PdfUnavailable`, and the build
writes HTML and Word only and says the PDF was skipped.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from kpitools.data.atomic import write_atomic
from kpitools.rules.periods import Quarter
from kpitools.wording.covering import footer_text

__all__ = [
    "PdfJob",
    "PdfUnavailable",
    "chromium_path",
    "footer_template",
    "write_pdf",
    "write_pdfs",
    "write_report_pdfs",
]

log = logging.getLogger(__name__)

_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The footer sits in the bottom page margin that report.css's @page rule leaves free.
_FOOTER = (
    '<div style="width:100%;margin:0 14mm;font-size:8pt;color:#0b0c0c;'
    "font-family:'DejaVu Sans',Arial,sans-serif;display:flex;justify-content:space-between;"
    'gap:6mm"><span>{text}</span><span style="white-space:nowrap">Page '
    '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


class PdfUnavailable(RuntimeError):
    """Chromium or Playwright is missing, so no PDF can be printed."""


@dataclass(frozen=True)
class PdfJob:
    """One page to print: the HTML file, the PDF to write and its footer text."""

    html_path: Path
    pdf_path: Path
    footer: str


def chromium_path() -> str | None:
    """The Chromium to print with, or None when there is none.

    Examples
    --------
    >>> path = chromium_path()
    >>> path is None or os.path.exists(path)
    True
    """
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def footer_template(text: str) -> str:
    """Chromium's footer: the text on the left, "Page n of m" on the right.

    Examples
    --------
    >>> "Page <span class=\\"pageNumber\\">" in footer_template("A & B")
    True
    >>> "A &amp; B" in footer_template("A & B")
    True
    """
    return _FOOTER.format(text=escape(text))


@contextlib.contextmanager
def _browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        raise PdfUnavailable(
            "Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM"
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise PdfUnavailable(f"Playwright is not installed ({exc})") from exc
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    except Error as exc:
        raise PdfUnavailable(f"Chromium could not print: {exc}") from exc


def _print(browser: Any, job: PdfJob) -> Path:
    page = browser.new_page()
    try:
        # Reviewer pages are self-contained: anything else would be a network request.
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(Path(job.html_path).resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        pdf = page.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer_template(job.footer),
            tagged=True,
            outline=True,
        )
    finally:
        page.close()
    return write_atomic(job.pdf_path, pdf)


def _print_all(jobs: Sequence[PdfJob]) -> list[Path]:
    with _browser() as browser:
        return [_print(browser, job) for job in jobs]


def write_pdfs(jobs: Sequence[PdfJob]) -> list[Path]:
    """Print several pages with one Chromium; raises :class:`PdfUnavailable`.

    Playwright's sync API refuses to run in a thread with an asyncio loop (a Jupyter
    kernel, or a test already driving a browser), so the printing gets a thread of its own.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_all, list(jobs)).result()


def write_pdf(
    html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str], *, footer: str = ""
) -> Path:
    """Print one HTML page to a tagged A4 PDF with bookmarks and a footer.

    Parameters
    ----------
    html_path : path
        A self-contained reviewer page (appendix.html or report.html).
    pdf_path : path
        Where to write the PDF (replaced atomically, mode 0644).
    footer : str
        Text at the foot of every page, beside "Page n of m".

    Raises
    ------
    PdfUnavailable
        When Chromium or Playwright is missing or cannot start.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.html").write_text(
    ...     '<!DOCTYPE html><html lang="en-GB"><title>T</title><h1>Hi</h1></html>')
    >>> try:
    ...     out = write_pdf(folder / "a.html", folder / "a.pdf", footer="Council")
    ...     ok = out.read_bytes().startswith(b"%PDF")
    ... except PdfUnavailable:
    ...     ok = True
    >>> ok
    True
    """
    return write_pdfs([PdfJob(Path(html_path), Path(pdf_path), footer)])[0]


def write_report_pdfs(
    folder: Path, council: str, committee_name: str, quarter: Quarter
) -> list[Path]:
    """Print ``appendix.pdf`` and ``report.pdf`` beside their HTML, or say why not.

    Without Chromium the build goes on (the HTML and Word files are written) and
    one warning line says the PDFs were skipped; an empty list is returned.
    """
    jobs = [
        PdfJob(folder / f"{stem}.html", folder / f"{stem}.pdf",
               footer_text(council, committee_name, quarter.label, document))
        for stem, document in (("appendix", "Appendix 1"), ("report", "Covering report"))
        if (folder / f"{stem}.html").exists()
    ]  # fmt: skip
    try:
        return write_pdfs(jobs)
    except PdfUnavailable as exc:
        log.warning("PDF skipped for %s %s: %s", committee_name, quarter.label, exc)
        return []
