"""The covering committee report: the data-driven sections of the paper (seed 000's structure).

Written from the same computed table as the appendix, so their counts agree:
the RAG criteria in force, the status summary, examples of Green commentary,
every Red KPI with its commentary and path to green, the contextual count, and
the movements since the previous quarter. Output as HTML for reviewers and as
a Word document officers paste into the council's template.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup, escape

from kpitools.render.appendix import _env, markdown_to_html, report_css, status_badge
from kpitools.rules.change import count_phrase, movements
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import describe_criteria
from kpitools.rules.summary import status_summary
from kpitools.wording.numbers import kpi_label
from kpitools.wording.provenance import (
    committee_banner,
    criteria_note,
    dated,
    report_source_line,
)

if TYPE_CHECKING:
    from kpitools.data.load import ProjectData

__all__ = [
    "CoveringSections",
    "covering_sections",
    "kpi_label",
    "movement_lines",
    "write_covering_report",
]

UNRATED_CRITERIA = [
    ("Baseline", "indicates performance is currently being tracked in order to inform the target "
     "setting process."),
    ("Contextual", "these KPIs track key activity being undertaken, to present a rounded view of "
     "information relevant to the service area, without a performance target."),
    ("In Development", "KPI has been agreed, but data collection and target setting are in "
     "development."),
]  # fmt: skip


@dataclass
class MovementGroup:
    """KPIs sharing one movement, with the sentence that introduces them."""

    heading: str
    kpis: list[str]


@dataclass
class CoveringSections:
    """Every data-driven section of the covering report."""

    period: Quarter
    criteria: list[tuple[str, str]]
    summary: pd.DataFrame
    greens: pd.DataFrame
    green_count: int
    reds: pd.DataFrame
    contextual_count: int
    improved_count: int
    movements: list[MovementGroup] = field(default_factory=list)
    summary_zero: str = "-"
    criteria_note: str = ""


def _bold(status: str) -> str:
    return f"**{status}**"


def _heading(label: str, n: int, quarter: int) -> str:
    phrase = count_phrase(n)
    if label.startswith("remained ") and "improvement" in label:
        status = label.split()[1].rstrip(",")
        verb = "have" if n != 1 else "has"
        tail = (
            f", but {verb} seen an improvement in performance:"
            if status == "Red"
            else f" but {verb} seen an improvement in performance from quarter {quarter}:"
        )
        return f"{phrase} remained {_bold(status)}{tail}"
    if label.startswith("moved from "):
        _, _, old, _, new = label.split()
        return f"{phrase} moved from {_bold(old)} to {_bold(new)}:"
    if label.startswith("seen a decline"):
        status = label.rsplit(" ", 1)[-1]
        link = "and" if status == "Red" else "but"
        return (
            f"{phrase} seen a decline in performance, {link} the RAG status has remained "
            f"{_bold(status)}:"
        )
    if label.startswith("remained "):
        status = label.split()[1]
        return f"{phrase} remained {_bold(status)} with no change in performance:"
    return (
        f"{phrase} {label.replace('are newly', 'been newly').replace('were rated', 'been rated')}:"
    )


def movement_lines(table: pd.DataFrame, previous_quarter: int) -> list[MovementGroup]:
    """Movements since last quarter as headed lists, in seed 000 §5.1's wording.

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": [219, 36], "name": ["Births", "Users"],
    ...                   "previous_status": ["Red", "Green"], "status": ["Green", "Green"],
    ...                   "change": ["Improving", "Improving"]})
    >>> [(g.heading, g.kpis) for g in movement_lines(t, 1)]  # doctest: +NORMALIZE_WHITESPACE
    [('1 indicator has remained **Green** but has seen an improvement in performance
       from quarter 1:', ['Indicator 36: Users']),
     ('1 indicator has moved from **Red** to **Green**:', ['Indicator 219: Births'])]
    """
    moved = movements(table)
    groups = []
    for label, rows in moved.groupby("movement", sort=False):
        names = [kpi_label(r) for _, r in rows.iterrows()]
        groups.append(MovementGroup(_heading(str(label), len(names), previous_quarter), names))
    return groups


def covering_sections(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    table: pd.DataFrame,
    *,
    green_examples: int = 2,
) -> CoveringSections:
    """Compute the covering report's sections from the appendix's table.

    Green examples are the KPIs the calendar row's ``green_examples`` lists, in
    that order; without a list, the first ``green_examples`` Green KPIs with
    commentary, in register order. The criteria are the scheme's published
    wording where the data hold it.
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    _, scheme = data.scheme_for(committee, quarter)
    wording = data.wording_for(committee, quarter)
    if wording.criteria:
        criteria = list(wording.criteria.items())
        note = ""
    else:
        criteria = list(describe_criteria(scheme).items()) + UNRATED_CRITERIA
        cited = data.source(wording.source)
        note = criteria_note(not (cited is not None and cited.illustrative))
    greens_all = table[table["status"] == "Green"]
    report = data.report_row(committee, quarter)
    chosen = tuple(report["green_examples"]) if report is not None else ()
    if chosen and "kpi_id" in greens_all:
        by_id = greens_all.set_index("kpi_id", drop=False)
        greens = by_id.loc[[k for k in chosen if k in by_id.index]].reset_index(drop=True)
    else:
        with_text = greens_all["commentary"].astype(str).str.strip() != ""
        greens = greens_all[with_text].head(green_examples)
    labels = wording.summary_labels
    rated_before = table["previous_status"].notna()
    improved = int(((table["change"] == "Improving") & rated_before).sum())
    return CoveringSections(
        period=quarter,
        criteria=criteria,
        summary=status_summary([labels.get(s, s) for s in table["status"].tolist()], scheme),
        greens=greens,
        green_count=len(greens_all),
        reds=table[table["status"] == "Red"],
        contextual_count=int((table["status"] == "Contextual").sum()),
        improved_count=improved,
        movements=movement_lines(table, quarter.previous().q),
        summary_zero=wording.summary_zero,
        criteria_note=note,
    )


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _md_bold_to_html(text: str) -> Markup:
    parts = str(escape(text)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


def _html(
    data: ProjectData,
    committee: str,
    sections: CoveringSections,
    illustrative: str,
    draft: list[str],
    front: dict[str, str],
) -> str:
    env = _env()
    env.globals["bold"] = _md_bold_to_html
    env.globals["label"] = kpi_label
    env.globals["md"] = markdown_to_html
    body = env.get_template("covering.html.j2").render(
        council=data.council,
        committee_name=data.committee_name(committee),
        s=sections,
        rows=list(sections.summary.itertuples(index=False)),
        total=int(sections.summary["Number"].sum()),
        illustrative=illustrative,
        draft=draft,
        badge=status_badge,
        t=_texts(sections),
        zero=sections.summary_zero,
        front=front,
    )
    title = (
        f"Corporate Performance Report {sections.period.label}: {data.committee_name(committee)}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{report_css()}</style>\n</head>\n<body>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _docx(
    path: Path,
    data: ProjectData,
    committee: str,
    sections: CoveringSections,
    illustrative: str,
    draft: list[str],
    front: dict[str, str],
) -> None:
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"Corporate Performance Report {sections.period.label}"
    doc.core_properties.created = dt.datetime(2000, 1, 1)
    doc.core_properties.modified = dt.datetime(2000, 1, 1)
    doc.add_heading(f"Corporate Performance Report – {sections.period.label}", level=1)
    doc.add_paragraph(f"To: {data.committee_name(committee)}")
    if front["meeting_date"]:
        doc.add_paragraph(f"Meeting Date: {front['meeting_date']}")
    if front["source_line"]:
        doc.add_paragraph(front["source_line"])
    doc.add_paragraph(
        f"This report provides performance monitoring information for the "
        f"{sections.period.fy_label} quarter {sections.period.q} period, "
        f"{sections.period.covering}."
    )
    if illustrative:
        doc.add_paragraph().add_run(f"Contains illustrative data. {illustrative}").bold = True
    if draft:
        doc.add_paragraph().add_run("Draft: the commentary checks have not passed.").bold = True
        for item in draft:
            doc.add_paragraph(item, style="List Bullet")

    def bullets_with_bold(text: str, style: str = "List Bullet") -> None:
        paragraph = doc.add_paragraph(style=style)
        for i, part in enumerate(text.split("**")):
            paragraph.add_run(part).bold = bool(i % 2)

    doc.add_heading("RAG criteria", level=2)
    doc.add_paragraph("The following RAG criteria are being used:")
    for status, text in sections.criteria:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(status).bold = True
        paragraph.add_run(f" – {text}")
    if sections.criteria_note:
        doc.add_paragraph(sections.criteria_note)

    doc.add_heading("Current performance", level=2)
    doc.add_paragraph(
        "Current performance of available indicators monitored by the Committee is as follows:"
    )
    summary = sections.summary
    grid = doc.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(
        grid.rows[0].cells, ["Status", "Number of KPIs", "Percentage of KPIs"], strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in summary.itertuples(index=False):
        cells = grid.add_row().cells
        cells[0].text = row.Status
        zero = sections.summary_zero
        cells[1].text = zero if row.Number == 0 else str(row.Number)
        cells[2].text = (
            (zero if zero == "-" else f"{zero}%") if row.Number == 0 else (f"{row.Percentage}%")
        )

    doc.add_heading("Green indicators", level=2)
    doc.add_paragraph(_green_intro(sections))
    for _, row in sections.greens.iterrows():
        doc.add_heading(kpi_label(row), level=3)
        doc.add_paragraph(f"Commentary: {row['commentary']}")

    doc.add_heading("Red indicators", level=2)
    doc.add_paragraph(_red_intro(sections))
    for _, row in sections.reds.iterrows():
        doc.add_heading(kpi_label(row), level=3)
        doc.add_paragraph(f"Commentary: {row['commentary'] or 'No commentary provided.'}")
        actions = row["actions"] or (
            f"No actions were given: {row['actions_waiver']}"
            if row.get("actions_waiver")
            else "No actions provided."
        )
        doc.add_paragraph(f"Path to Green: {actions}")

    doc.add_heading("Contextual indicators", level=2)
    doc.add_paragraph(_contextual_text(sections))

    doc.add_heading("Conclusion", level=2)
    doc.add_paragraph(_conclusion_intro(sections))
    for group in sections.movements:
        bullets_with_bold(group.heading)
        for name in group.kpis:
            doc.add_paragraph(name, style="List Bullet 2")
    doc.save(str(path))


def _green_intro(s: CoveringSections) -> str:
    verb = "is" if s.green_count == 1 else "are"
    noun = "indicator" if s.green_count == 1 else "indicators"
    text = f"There {verb} {s.green_count} Green {noun} for commentary this quarter."
    if len(s.greens):
        text += " Below are some examples of commentary for Green indicators:"
    return text


def _red_intro(s: CoveringSections) -> str:
    n = len(s.reds)
    verb, noun = ("is", "indicator") if n == 1 else ("are", "indicators")
    return f"There {verb} {n} Red {noun} for commentary this quarter{':' if n else '.'}"


def _contextual_text(s: CoveringSections) -> str:
    n = s.contextual_count
    verb, noun = ("is", "indicator which is") if n == 1 else ("are", "indicators which are")
    return (
        f"There {verb} {n} {noun} identified as contextual. Not all indicators have targets. "
        "This may be because targets for these KPIs are being developed or the indicator is "
        "being monitored for context. Detailed commentary and summary of each indicator can "
        "be found in the appendix."
    )


def _conclusion_intro(s: CoveringSections) -> str:
    n = s.improved_count
    noun = "indicator" if n == 1 else "indicators"
    return (
        "The summary table shows the breakdown of RAG status for this committee's indicator "
        f"set. Of the indicators updated this quarter, {n} {noun} saw an improvement in "
        f"performance from the quarter {s.period.previous().q} paper."
    )


def write_covering_report(
    data: ProjectData,
    committee: str,
    quarter: Quarter | str,
    table: pd.DataFrame,
    out_dir: str | os.PathLike[str],
    as_of: dt.date | str | None = None,
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.docx`` for a committee and quarter.

    Examples
    --------
    >>> from kpitools import load, kpi_table
    >>> import tempfile
    >>> data = load()
    >>> t = kpi_table(data, "cosmic", "2024-25 Q2")
    >>> html, docx = write_covering_report(data, "cosmic", "2024-25 Q2", t, tempfile.mkdtemp())
    >>> html.name, docx.name
    ('report.html', 'report.docx')
    """
    from kpitools.model.findings import check_commentary

    quarter = Quarter.parse(quarter) if isinstance(quarter, str) else quarter
    out = Path(out_dir)
    sections = covering_sections(data, committee, quarter, table)
    illustrative = committee_banner(
        bool(data.committees.loc[committee, "illustrative"]),
        int(table["illustrative"].sum()),
        len(table),
    )
    report = data.report_row(committee, quarter)
    illustrative_figures = int(table["illustrative_parts"].str.contains("current figure").sum())
    front = {
        "meeting_date": (
            dated(report["meeting_date"], bool(report["meeting_date_illustrative"]))
            if report is not None
            else ""
        ),
        "source_line": report_source_line(
            data.source(report["source"]) if report is not None else None,
            illustrative_figures,
            len(table),
        ),
    }
    draft = [str(f) for f in check_commentary(data, committee, quarter, table=table)]
    html_path, docx_path = out / "report.html", out / "report.docx"
    _atomic_write(
        html_path,
        lambda p: p.write_text(
            _html(data, committee, sections, illustrative, draft, front), encoding="utf-8"
        ),
    )
    _atomic_write(
        docx_path, lambda p: _docx(p, data, committee, sections, illustrative, draft, front)
    )
    return html_path, docx_path


def _texts(sections: CoveringSections) -> dict[str, str]:
    return {
        "green_intro": _green_intro(sections),
        "red_intro": _red_intro(sections),
        "contextual": _contextual_text(sections),
        "conclusion": _conclusion_intro(sections),
    }
