"""The quarter's balanced scorecard page: ``outputs/<period>/scorecard.html``.

Drawn from a :class:`~kpitools.model.scorecard.Scorecard`; the page links to each
committee's appendix and covering report beside it (relative links), so it works
from a shared drive or a zip, offline.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import escape

from kpitools.data.atomic import write_atomic
from kpitools.model.scorecard import Scorecard
from kpitools.render.markup import fragments, report_css
from kpitools.rules.units import format_number
from kpitools.wording.framework import SCORECARD_NOTE, scorecard_title
from kpitools.wording.numbers import kpi_label

__all__ = ["scorecard_html", "write_scorecard"]


def _value(value: Any, unit: str, decimals: int, period: Any) -> str:
    if value is None or pd.isna(value):
        return "None set"
    shown = format_number(float(value), unit, int(decimals))
    return f"{shown} by {period.label}" if period is not None else shown


def _priorities(card: Scorecard) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in card.skpis.to_dict("records"):
        unit, decimals = r["unit"], int(r["decimals"])
        groups.setdefault(str(r["priority"] or r["ambition"]), []).append(
            {
                **r,
                "label": kpi_label(r),
                "actual": "–"
                if pd.isna(r["actual"])
                else format_number(r["actual"], unit, decimals),
                "milestone": _value(r["milestone_value"], unit, decimals, r["milestone_period"]),
                "long_term": _value(r["long_term_value"], unit, decimals, r["long_term_period"]),
            }
        )
    return list(groups.items())


def scorecard_html(card: Scorecard) -> str:
    """The whole scorecard page.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> from kpitools.model.report import build_report
    >>> from kpitools.model.scorecard import build_scorecard
    >>> from kpitools.rules.periods import Quarter
    >>> data, q = load(), Quarter.parse("2021-22 Q4")
    >>> page = scorecard_html(build_scorecard(q, {"snr": build_report(data, "snr", q)},
    ...                                       load_framework(data)))
    >>> 'href="snr/appendix.html"' in page, "<script" in page
    (True, False)
    """
    names = {line.committee: line.name for line in card.committees}
    directorates = []
    for d in card.directorates:
        items = [
            {**r, "label": kpi_label(r), "committee_name": names.get(r["committee"], "")}
            for r in d.rows.to_dict("records")
        ]
        directorates.append(
            {
                "name": d.name or "Directorate not recorded",
                "summary": d.summary,
                "rows": d.rows,
                "kpis": items,
                "illustrative": d.illustrative,
            }
        )
    illustrative = (
        any(line.illustrative for line in card.committees)
        or bool(card.skpis["illustrative"].any())
        or any(d.illustrative for d in card.directorates)
    )
    title = scorecard_title(card.period)
    body = (
        fragments()
        .get_template("scorecard.html.j2")
        .render(
            card=card,
            title=title,
            totals=list(card.totals.itertuples(index=False)),
            priorities=_priorities(card),
            directorates=directorates,
            illustrative=illustrative,
            note=SCORECARD_NOTE,
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{report_css()}</style>\n</head>\n"
        f'<body>\n<main class="kt-scorecard">\n{body}\n</main>\n</body>\n</html>\n'
    )


def write_scorecard(card: Scorecard, outputs: str | os.PathLike[str]) -> Path:
    """Write ``<outputs>/<period slug>/scorecard.html`` atomically."""
    folder = Path(outputs) / card.period.slug
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomic(folder / "scorecard.html", scorecard_html(card).encode("utf-8"))
