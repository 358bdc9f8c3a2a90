"""After the committees of a build: each quarter's scorecard and the portal page.

The scorecard of a quarter is computed from the report models of every committee
reporting that quarter (:func:`kpitools.model.report.build_report`, the same
computation as the committee reports), so its counts are theirs. A scorecard is
rewritten and reprinted only when what it shows changed: a commentary edit
changes no status or figure, so it leaves the scorecard and its PDF alone.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from kpitools.data.atomic import write_atomic
from kpitools.data.framework import load_framework
from kpitools.data.load import ProjectData
from kpitools.model.report import ReportModel, build_report
from kpitools.model.scorecard import build_scorecard
from kpitools.model.table import committees_with_reports
from kpitools.pipeline.batch import kept_model
from kpitools.render.pdf import PdfJob, PdfUnavailable, Printer
from kpitools.render.portal import write_portal
from kpitools.render.scorecard import scorecard_html
from kpitools.rules.periods import Quarter
from kpitools.wording.covering import footer_text

__all__ = ["refresh_scorecards", "settle_prints", "write_portal_page", "write_quarter_pages"]

log = logging.getLogger(__name__)


def _unchanged(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def refresh_scorecards(
    data: ProjectData,
    quarters: Iterable[Quarter],
    as_of: dt.date | str | None = None,
    *,
    models: Mapping[tuple[Quarter, str], ReportModel] | None = None,
    printer: Printer | None = None,
) -> tuple[list[Path], list[cf.Future[list[Path]]]]:
    """Write ``outputs/<quarter>/scorecard.html`` of each quarter where it changed, and
    queue its PDF on ``printer``.

    ``models`` are report models already computed with the same ``as_of`` (the
    rest are computed here). Returns the scorecard pages and the PDFs queued. A
    page whose HTML is unchanged keeps its PDF; a changed page loses its old PDF
    before the new one is queued, so a PDF never shows an older page.
    """
    framework = load_framework(data)
    known = models or {}
    pages: list[Path] = []
    queued: list[cf.Future[list[Path]]] = []
    for quarter in sorted(set(quarters)):
        committees = committees_with_reports(data, quarter)
        if not committees:
            continue
        mine = {c: _model(data, quarter, c, as_of, known) for c in committees}
        card = build_scorecard(quarter, mine, framework)
        page = data.paths.outputs / quarter.slug / "scorecard.html"
        pdf = page.with_suffix(".pdf")
        content = scorecard_html(card).encode("utf-8")
        pages.append(page)
        if _unchanged(page, content) and pdf.exists():
            log.info("scorecard %s unchanged", quarter)
            continue
        pdf.unlink(missing_ok=True)
        page.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(page, content)
        log.info("scorecard %s: %d committees", quarter, len(mine))
        if printer is not None:
            footer = footer_text(data.council, "Balanced scorecard", quarter.label, "")
            queued.append(printer.submit([PdfJob(page, pdf, footer)]))
    return pages, queued


def _model(
    data: ProjectData,
    quarter: Quarter,
    committee: str,
    as_of: dt.date | str | None,
    known: Mapping[tuple[Quarter, str], ReportModel],
) -> ReportModel:
    """The committee's model: computed in this build, else the one the last build left
    if nothing it is computed from changed since, else computed now."""
    model = known.get((quarter, committee))
    if model is None:
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) and as_of else as_of
        model = kept_model(data, quarter, committee, day or None)
    return model or build_report(data, committee, quarter, as_of)


def settle_prints(queued: Iterable[cf.Future[list[Path]]]) -> list[Path]:
    """Wait for queued PDFs; a missing Chromium is one warning, not a failure."""
    printed: list[Path] = []
    for future in queued:
        try:
            printed += future.result()
        except PdfUnavailable as exc:
            log.warning("scorecard PDF skipped: %s", exc)
    return printed


def write_portal_page(data: ProjectData) -> Path:
    """Write ``outputs/index.html`` for what is built now."""
    names = {str(k): str(v) for k, v in data.committees["name"].items()}
    return write_portal(data.paths.outputs, data.council, names)


def write_quarter_pages(
    data: ProjectData,
    quarters: Iterable[Quarter],
    as_of: dt.date | str | None = None,
    *,
    models: Mapping[tuple[Quarter, str], ReportModel] | None = None,
) -> list[Path]:
    """Write ``outputs/<quarter>/scorecard.html`` (and its PDF when Chromium is there) for each
    quarter where it changed, then ``outputs/index.html``.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> write_quarter_pages(load(), [Quarter.parse("2023-24 Q2")])  # doctest: +SKIP
    """
    # Chromium starts only if a scorecard changed.
    with Printer(start=False) as printer:
        pages, queued = refresh_scorecards(data, quarters, as_of, models=models, printer=printer)
        printed = settle_prints(queued)
    return [*pages, *printed, write_portal_page(data)]
