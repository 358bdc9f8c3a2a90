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

import asyncio
import concurrent.futures
import contextlib
import hashlib
import logging
import os
import shutil
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from functools import cache
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
    "print_key",
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


# Pages printed at once: each in a renderer process of its own, one per core here.
_SIDE_BY_SIDE = 2


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


def print_key(job: PdfJob) -> str:
    """A hash of everything a PDF is printed from: the page, its footer, this module's
    code and the Chromium that prints it. Two prints with one key are the same print.

    Examples
    --------
    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "a.html"
    >>> _ = page.write_text("<p>A</p>")
    >>> a = print_key(PdfJob(page, page.with_suffix(".pdf"), "Council"))
    >>> a == print_key(PdfJob(page, page.with_suffix(".pdf"), "Council"))
    True
    >>> a == print_key(PdfJob(page, page.with_suffix(".pdf"), "Another council"))
    False
    """
    h = hashlib.sha256(_printer_digest())
    h.update(job.footer.encode("utf-8") + b"\0")
    h.update(Path(job.html_path).read_bytes())
    return h.hexdigest()


@cache
def _printer_digest() -> bytes:
    h = hashlib.sha256(Path(__file__).read_bytes())
    executable = chromium_path()
    if executable is not None:
        stat = os.stat(executable)
        h.update(f"{os.path.realpath(executable)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.digest()


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
    first page is queued), so its start overlaps whatever the caller does next;
    :meth:`submit` queues pages and returns at once, and pages queued are printed
    side by side (two at a time, in two browser pages kept open for the whole build). The
    printer's thread runs an asyncio loop driving Playwright's async API, so it
    works beside a Jupyter kernel's loop or a test's browser. Use it as a context
    manager: closing waits for every page queued.
    """

    def __init__(self, *, start: bool = True) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kpitools-pdf", daemon=True
        )
        self._thread.start()
        self._playwright: Any = None
        self._browser: Any = None
        self._launching: asyncio.Future[Any] | None = None
        self._pending: set[concurrent.futures.Future[list[Path]]] = set()
        # Pages opened once and reused: a new page starts a renderer process (about 0.3 s)
        # and a reused one prints about twice as fast, its renderer warmed up.
        self._pages: asyncio.Queue[Any] | None = None
        self._opened = 0  # pages opened, at most _SIDE_BY_SIDE
        if start:
            self._call(self._ready())

    def _call(self, work: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _ready(self) -> Any:
        """The browser, started on first use (every waiter shares one start)."""
        if self._launching is None:
            self._launching = asyncio.ensure_future(self._launch())
        return await asyncio.shield(self._launching)

    async def _launch(self) -> Any:
        executable = chromium_path()
        if executable is None:
            raise PdfUnavailable(
                "Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM"
            )
        try:
            from playwright.async_api import Error, async_playwright
        except ImportError as exc:  # pragma: no cover - playwright is a dependency
            raise PdfUnavailable(f"Playwright is not installed ({exc})") from exc
        try:
            self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=executable, args=_ARGS
            )
            # One page now; a second only when two documents are queued at once.
            pages: asyncio.Queue[Any] = asyncio.Queue()
            pages.put_nowait(await _new_page(self._browser))
            self._opened = 1
            self._pages = pages
        except Error as exc:
            raise PdfUnavailable(f"Chromium could not print: {exc}") from exc
        return self._browser

    async def _print_jobs(self, jobs: Sequence[PdfJob]) -> list[Path]:
        browser = await self._ready()
        from playwright.async_api import Error

        pages = self._pages
        assert pages is not None  # set by the launch just awaited

        async def take() -> Any:
            if pages.empty() and self._opened < _SIDE_BY_SIDE:
                self._opened += 1
                try:
                    return await _new_page(browser)
                except BaseException:
                    self._opened -= 1
                    raise
            return await pages.get()

        async def one(job: PdfJob) -> Path:
            page = await take()
            try:
                return await _print(page, job)
            except BaseException:
                # A page that failed may be stuck mid-load: a fresh one takes its place
                # (or, if Chromium cannot open one, the next print fails too, never waits).
                with contextlib.suppress(Exception):
                    await page.close()
                with contextlib.suppress(Exception):
                    page = await _new_page(browser)
                raise
            finally:
                pages.put_nowait(page)

        try:
            return list(await asyncio.gather(*(one(job) for job in jobs)))
        except Error as exc:
            raise PdfUnavailable(f"Chromium could not print: {exc}") from exc

    def submit(self, jobs: Sequence[PdfJob]) -> concurrent.futures.Future[list[Path]]:
        """Queue pages for printing; the future's result is the PDFs written, or it
        raises :class:`PdfUnavailable`."""
        future: concurrent.futures.Future[list[Path]] = self._call(self._print_jobs(list(jobs)))
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    async def _stop(self) -> None:
        try:
            if self._browser is not None:
                await self._browser.close()
        finally:
            if self._playwright is not None:
                await self._playwright.stop()

    def close(self) -> None:
        """Wait for the pages queued, then close Chromium and the printer's thread."""
        concurrent.futures.wait(list(self._pending))
        try:
            self._call(self._stop()).result()
        except Exception as exc:  # every PDF is written already: nothing is lost
            log.warning("Chromium did not close cleanly: %s", exc)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _new_page(browser: Any) -> Any:
    """A page set up for printing reviewer pages: print media, local files only."""
    page = await browser.new_page()

    # Reviewer pages are self-contained: anything else would be a network request.
    async def only_local(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            await route.continue_()
        else:
            await route.abort()

    await page.route("**/*", only_local)
    await page.emulate_media(media="print")
    return page


async def _print(page: Any, job: PdfJob) -> Path:
    await page.goto(Path(job.html_path).resolve().as_uri(), wait_until="load")
    pdf = await page.pdf(
        format="A4",
        print_background=True,
        prefer_css_page_size=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer_template(job.footer),
        tagged=True,
        outline=True,
    )
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
