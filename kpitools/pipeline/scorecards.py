"""After the committees of a build: each quarter's scorecard and the portal page.

The scorecard of a quarter is computed from the report models of every committee
reporting that quarter (:func:`kpitools.model.report.build_report`, the same
computation as the committee reports), so its counts are theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

from kpitools.data.framework import load_framework
from kpitools.data.load import ProjectData
from kpitools.model.report import build_report
from kpitools.model.scorecard import build_scorecard
from kpitools.model.table import committees_with_reports
from kpitools.render.pdf import PdfUnavailable, write_pdf
from kpitools.render.portal import write_portal
from kpitools.render.scorecard import write_scorecard
from kpitools.rules.periods import Quarter
from kpitools.wording.covering import footer_text

__all__ = ["write_quarter_pages"]

log = logging.getLogger(__name__)


def write_quarter_pages(
    data: ProjectData, quarters: Iterable[Quarter], as_of: dt.date | str | None = None
) -> list[Path]:
    """Write ``outputs/<quarter>/scorecard.html`` (and its PDF when Chromium is there) for each
    quarter, then ``outputs/index.html``.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> write_quarter_pages(load(), [Quarter.parse("2023-24 Q2")])  # doctest: +SKIP
    """
    framework = load_framework(data)
    written = []
    for quarter in sorted(set(quarters)):
        committees = committees_with_reports(data, quarter)
        if not committees:
            continue
        models = {c: build_report(data, c, quarter, as_of) for c in committees}
        page = write_scorecard(build_scorecard(quarter, models, framework), data.paths.outputs)
        written.append(page)
        footer = footer_text(data.council, "Balanced scorecard", quarter.label, "")
        try:
            written.append(write_pdf(page, page.with_suffix(".pdf"), footer=footer))
        except PdfUnavailable as exc:
            log.warning("scorecard PDF skipped: %s", exc)
        log.info("scorecard %s: %d committees", quarter, len(models))
    names = {str(k): str(v) for k, v in data.committees["name"].items()}
    written.append(write_portal(data.paths.outputs, data.council, names))
    return written
