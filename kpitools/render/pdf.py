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
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from kpitools.data.atomic import write_atomic
from kpitools.rules.periods import Quarter
from kpitools.wording.covering import footer_text

__all__ = [
    "DOCUMENTS",
    "PdfJob",
    "PdfUnavailable",
    "Printer",
    "chromium_path",
    "footer_template",
    "report_pdf_job",
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


class Printer:
    """One Chromium for every PDF of a build, printing in a thread of its own.

    Chromium starts as soon as the printer is made (``start=False``: when the
    first page is queued), in the printer's thread, so its start overlaps
    whatever the caller does next (a batch: the notebook kernels); :meth:`submit`
    queues pages and returns at once. Playwright's sync
    API refuses to run in a thread with an asyncio loop (a Jupyter kernel, or a
    test already driving a browser), and its objects belong to the thread that
    made them: every call runs in the one thread. Use it as a context manager.
    """

    def __init__(self, *, start: bool = True) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="kpitools-pdf"
        )
        self._playwright: Any = None
        self._browser: Any = None
        self._error: PdfUnavailable | None = None
        if start:
            self._pool.submit(self._ready)

    def _ready(self) -> Any:
        """The browser, started on first use; runs in the printer's thread."""
        if self._browser is None and self._error is None:
            try:
                self._launch()
            except PdfUnavailable as exc:
                self._error = exc
        if self._error is not None:
            raise self._error
        return self._browser

    def _launch(self) -> None:
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
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=executable, args=_ARGS)
        except Error as exc:
            raise PdfUnavailable(f"Chromium could not print: {exc}") from exc

    def _print_jobs(self, jobs: Sequence[PdfJob]) -> list[Path]:
        browser = self._ready()
        from playwright.sync_api import Error

        try:
            return [_print(browser, job) for job in jobs]
        except Error as exc:
            raise PdfUnavailable(f"Chromium could not print: {exc}") from exc

    def submit(self, jobs: Sequence[PdfJob]) -> concurrent.futures.Future[list[Path]]:
        """Queue pages for printing; the future's result is the PDFs written, or it
        raises :class:`PdfUnavailable`."""
        return self._pool.submit(self._print_jobs, list(jobs))

    def _stop(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()

    def close(self) -> None:
        """Wait for the pages queued, then close Chromium."""
        try:
            self._pool.submit(self._stop).result()
        except Exception as exc:  # every PDF is written already: nothing is lost
            log.warning("Chromium did not close cleanly: %s", exc)
        finally:
            self._pool.shutdown()

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


def write_pdfs(jobs: Sequence[PdfJob]) -> list[Path]:
    """Print several pages with one Chromium; raises :class:`PdfUnavailable`."""
    with Printer() as printer:
        return printer.submit(jobs).result()


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


# The printed documents of a committee: the page's file stem and its name in the footer.
DOCUMENTS = {"appendix": "Appendix 1", "report": "Covering report"}


def report_pdf_job(
    folder: Path, stem: str, council: str, committee_name: str, quarter: Quarter
) -> PdfJob:
    """The print of ``<stem>.html`` (``appendix`` or ``report``) beside it, with its footer.

    Examples
    --------
    >>> job = report_pdf_job(Path("out"), "report", "A Council", "B Committee", Quarter(2023, 2))
    >>> job.pdf_path.name, job.footer.startswith("A Council")
    ('report.pdf', True)
    """
    footer = footer_text(council, committee_name, quarter.label, DOCUMENTS[stem])
    return PdfJob(folder / f"{stem}.html", folder / f"{stem}.pdf", footer)


def write_report_pdfs(
    folder: Path, council: str, committee_name: str, quarter: Quarter
) -> list[Path]:
    """Print ``appendix.pdf`` and ``report.pdf`` beside their HTML, or say why not.

    Without Chromium the build goes on (the HTML and Word files are written) and
    one warning line says the PDFs were skipped; an empty list is returned.
    """
    jobs = [
        report_pdf_job(folder, stem, council, committee_name, quarter)
        for stem in DOCUMENTS
        if (folder / f"{stem}.html").exists()
    ]
    try:
        return write_pdfs(jobs)
    except PdfUnavailable as exc:
        log.warning("PDF skipped for %s %s: %s", committee_name, quarter.label, exc)
        return []
