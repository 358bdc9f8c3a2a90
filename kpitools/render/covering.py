"""The covering committee report (seed 000's structure), as HTML and Word.

Drawn from the same :class:`ReportModel` as the appendix, so their counts
agree: the RAG criteria in force, the status summary, examples of Green
commentary, every Red KPI with its commentary and path to green, the
contextual count, and the movements since the previous quarter. The HTML and
the Word file are written from the same sections and the same sentences.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from kpitools.model.report import ReportModel
from kpitools.render.appendix import _env, markdown_to_html, report_css, status_badge
from kpitools.render.docx_text import add_markdown
from kpitools.rules.periods import Quarter
from kpitools.wording.covering import (
    conclusion_intro,
    contextual_text,
    green_intro,
    intro,
    red_intro,
)
from kpitools.wording.movements import MovementGroup, movement_groups
from kpitools.wording.numbers import kpi_label
from kpitools.wording.report import covering_title, illustrative_text, unrated_criteria
from kpitools.wording.status import describe_criteria

__all__ = ["CoveringSections", "covering_sections", "write_covering_report"]


@dataclass
class CoveringSections:
    """Every data-driven section of the covering report, with its sentences."""

    period: Quarter
    criteria: list[tuple[str, str]]
    summary: pd.DataFrame
    greens: pd.DataFrame
    green_count: int
    reds: pd.DataFrame
    contextual_count: int
    improved_count: int
    movements: list[MovementGroup] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def covering_sections(model: ReportModel, *, green_examples: int | None = None) -> CoveringSections:
    """The covering report's sections of a report model.

    Green examples are the first ``green_examples`` Green KPIs with commentary,
    in register order (default: the settings' number).

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.model.report import build_report
    >>> s = covering_sections(build_report(load(), "cosmic", "2023-24 Q2"))
    >>> s.improved_count, len(s.reds)
    (6, 5)
    """
    rows = model.rows
    wanted = model.settings.covering.green_examples if green_examples is None else green_examples
    greens_all = rows[rows["status"] == "Green"]
    greens = greens_all[greens_all["commentary"].astype(str).str.strip() != ""].head(wanted)
    reds = rows[rows["status"] == "Red"]
    contextual = model.count("Contextual")
    previous_q = model.period.previous().q
    return CoveringSections(
        period=model.period,
        criteria=list(describe_criteria(model.scheme).items()) + unrated_criteria()[:3],
        summary=model.summary,
        greens=greens,
        green_count=len(greens_all),
        reds=reds,
        contextual_count=contextual,
        improved_count=model.improved,
        movements=movement_groups(model.movements, previous_q),
        texts={
            "intro": intro(model),
            "green_intro": green_intro(len(greens_all), len(greens)),
            "red_intro": red_intro(len(reds)),
            "contextual": contextual_text(contextual),
            "conclusion": conclusion_intro(model.improved, previous_q),
        },
    )


def _atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _md_bold_to_html(text: str) -> Markup:
    parts = str(escape(text)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


def _actions_fallback(row: Any) -> str:
    if row["actions_waiver"]:
        return f"No actions were given: {row['actions_waiver']}"
    return "No actions provided."


def _html(model: ReportModel, sections: CoveringSections, illustrative: str) -> str:
    env = _env()
    body = env.get_template("covering.html.j2").render(
        council=model.council,
        committee_name=model.committee_name,
        s=sections,
        rows=list(sections.summary.itertuples(index=False)),
        total=model.total,
        illustrative=illustrative,
        draft=[str(f) for f in model.findings],
        badge=status_badge,
        bold=_md_bold_to_html,
        label=kpi_label,
        md=markdown_to_html,
        fallback=_actions_fallback,
        t=sections.texts,
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(covering_title(model))}</title>\n<style>{report_css()}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _docx(path: Path, model: ReportModel, sections: CoveringSections, illustrative: str) -> None:
    from docx import Document

    doc = Document()
    doc.core_properties.title = covering_title(model)
    doc.core_properties.created = dt.datetime(2000, 1, 1)
    doc.core_properties.modified = dt.datetime(2000, 1, 1)
    doc.add_heading(f"Corporate Performance Report – {model.period.label}", level=1)
    doc.add_paragraph(f"To: {model.committee_name}")
    doc.add_paragraph(sections.texts["intro"])
    if illustrative:
        notice = (
            f"Contains illustrative data. {illustrative} "
            "Figures not marked illustrative are as published."
        )
        doc.add_paragraph().add_run(notice).bold = True
    if model.findings:
        doc.add_paragraph().add_run("Draft: the commentary checks have not passed").bold = True
        for item in model.findings:
            doc.add_paragraph(str(item), style="List Bullet")

    def bold_runs(text: str, style: str | None = None) -> None:
        paragraph = doc.add_paragraph(style=style)
        for i, part in enumerate(text.split("**")):
            paragraph.add_run(part).bold = bool(i % 2) or None

    doc.add_heading("RAG criteria", level=2)
    doc.add_paragraph("The following RAG criteria are being used:")
    for status, text in sections.criteria:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(status).bold = True
        paragraph.add_run(f" – {text}")

    doc.add_heading("Current performance", level=2)
    doc.add_paragraph(
        "Current performance of available indicators monitored by the Committee is as follows:"
    )
    grid = doc.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(
        grid.rows[0].cells, ["Status", "Number of KPIs", "Percentage of KPIs"], strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in sections.summary.itertuples(index=False):
        cells = grid.add_row().cells
        cells[0].text = str(row.Status)
        cells[1].text = "-" if row.Number == 0 else str(row.Number)
        cells[2].text = "-" if row.Number == 0 else f"{row.Percentage}%"
    total = grid.add_row().cells
    total[0].text, total[1].text, total[2].text = "Total", str(model.total), "100%"

    doc.add_heading("Green indicators", level=2)
    doc.add_paragraph(sections.texts["green_intro"])
    for row in sections.greens.to_dict("records"):
        doc.add_heading(kpi_label(row), level=3)
        add_markdown(doc, row["commentary"], prefix="Commentary:")

    doc.add_heading("Red indicators", level=2)
    doc.add_paragraph(sections.texts["red_intro"])
    for row in sections.reds.to_dict("records"):
        doc.add_heading(kpi_label(row), level=3)
        add_markdown(doc, row["commentary"] or "No commentary provided.", prefix="Commentary:")
        add_markdown(doc, row["actions"] or _actions_fallback(row), prefix="Path to Green:")

    doc.add_heading("Contextual indicators", level=2)
    doc.add_paragraph(sections.texts["contextual"])

    doc.add_heading("Conclusion", level=2)
    doc.add_paragraph(sections.texts["conclusion"])
    for group in sections.movements:
        bold_runs(group.heading, "List Bullet")
        for name in group.kpis:
            doc.add_paragraph(name, style="List Bullet 2")
    doc.save(str(path))


def write_covering_report(model: ReportModel, out_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.docx`` of a report model.

    Examples
    --------
    >>> import tempfile
    >>> from kpitools.data.load import load
    >>> from kpitools.model.report import build_report
    >>> m = build_report(load(), "cosmic", "2024-25 Q2")
    >>> html, docx = write_covering_report(m, tempfile.mkdtemp())
    >>> html.name, docx.name
    ('report.html', 'report.docx')
    """
    out = Path(out_dir)
    sections = covering_sections(model)
    illustrative = illustrative_text(model)
    html_path, docx_path = out / "report.html", out / "report.docx"
    _atomic_write(
        html_path, lambda p: p.write_text(_html(model, sections, illustrative), encoding="utf-8")
    )
    _atomic_write(docx_path, lambda p: _docx(p, model, sections, illustrative))
    return html_path, docx_path
