"""The covering committee report as a committee paper (seed 000's and seed 001's structure).

Drawn from the same :class:`ReportModel` as the appendix, so their counts agree:
the front sheet, the RAG criteria in force, the status summary, every Red KPI
with its commentary and path to green, the Amber ones listed, Green and Blue
examples, the unrated counted with why, and the movements since the previous
quarter. The paper is one list of numbered blocks rendered to HTML and to Word
alike, so their words and numbering cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from kpitools.data.atomic import write_atomic
from kpitools.model.report import ReportModel
from kpitools.render.docx_text import add_markdown
from kpitools.render.framework import PaperTable, framework_parts, paper_table_html
from kpitools.render.framework_word import add_paper_table
from kpitools.render.markup import SHAPES, fragments, markdown_to_html, report_css
from kpitools.render.spc_block import spc_summary_rows
from kpitools.render.word import (
    CELL,
    HEADING_CELL,
    NUMBERED,
    PLACEHOLDER,
    PLACEHOLDER_CHAR,
    TABLE_STYLE,
    add_page_footer,
    add_styled,
    add_summary_table,
    docx_bytes,
    house_document,
    set_style,
)
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import RATED
from kpitools.wording.covering import (
    AUTHOR_PLACEHOLDERS,
    BACKGROUND_ROLE,
    DASHBOARD_CONTENTS,
    amber_intro,
    appendix_pointer,
    background_paragraphs,
    conclusion_intro,
    examples_intro,
    executive_summary,
    footer_text,
    red_intro,
    unrated_intro,
)
from kpitools.wording.kpi import kpi_reason
from kpitools.wording.movements import MovementGroup, movement_groups
from kpitools.wording.numbers import kpi_label
from kpitools.wording.report import (
    covering_title,
    criteria_in_force,
    dated,
    illustrative_text,
    long_date,
    report_source,
)
from kpitools.wording.revisions import (
    LATE_INTRO,
    REVISED_INTRO,
    revision_sentence,
    timeliness_heading,
    timeliness_sentence,
)
from kpitools.wording.spc import spc_intro

__all__ = [
    "Block",
    "CoveringSections",
    "FrontSheet",
    "covering_sections",
    "front_sheet",
    "paper_blocks",
    "paper_title",
    "write_covering_report",
]


@dataclass
class CoveringSections:
    """Every data-driven section of the covering report."""

    period: Quarter
    criteria: list[tuple[str, str]]
    criteria_note: str
    summary: pd.DataFrame
    greens: pd.DataFrame
    green_count: int
    reds: pd.DataFrame
    contextual_count: int
    improved_count: int
    movements: list[MovementGroup] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    ambers: pd.DataFrame = field(default_factory=pd.DataFrame)
    blues: pd.DataFrame = field(default_factory=pd.DataFrame)
    blue_count: int = 0
    has_blue: bool = False
    unrated: pd.DataFrame = field(default_factory=pd.DataFrame)
    unrated_counts: list[tuple[str, int]] = field(default_factory=list)
    revised: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    late: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    spc_rows: list[dict[str, Any]] = field(default_factory=list)
    framework: Any = None  # FrameworkReport: KPI-set changes, actions, requests


def covering_sections(model: ReportModel, *, green_examples: int | None = None) -> CoveringSections:
    """The covering report's sections of a report model.

    Green examples are the KPIs the calendar chose (``green_examples`` in
    ``reports.csv``), in its order; otherwise, like Blue examples, the first
    ``green_examples`` such KPIs with commentary, in register order (default:
    the settings' number). The criteria are the scheme's published wording
    where the data hold it.

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
    blues_all = rows[rows["status"] == "Blue"]
    summary = model.summary
    unrated = rows[~rows["status"].isin(RATED)]
    order = [s for s in summary["Status"] if s not in RATED]
    criteria, note = criteria_in_force(model)
    chosen = [k for k in model.green_examples if k in set(greens_all["kpi_id"])]
    greens = (
        greens_all.set_index("kpi_id", drop=False).loc[chosen].reset_index(drop=True)
        if chosen
        else _with_commentary(greens_all, wanted)
    )
    return CoveringSections(
        period=model.period,
        criteria=[(s, text) for s, text in criteria if s in _COVERING_STATUSES],
        criteria_note=note,
        summary=summary,
        greens=greens,
        green_count=len(greens_all),
        reds=rows[rows["status"] == "Red"],
        contextual_count=model.count("Contextual"),
        improved_count=model.improved,
        movements=movement_groups(model.movements, model.period.previous().q),
        reasons={r["kpi_id"]: kpi_reason(r, model.scheme) for r in rows.to_dict("records")},
        ambers=rows[rows["status"] == "Amber"],
        blues=_with_commentary(blues_all, wanted),
        blue_count=len(blues_all),
        has_blue="Blue" in set(summary["Status"]),
        unrated=unrated,
        unrated_counts=[(s, int((unrated["status"] == s).sum())) for s in order],
        revised=_revised(model),
        late=_late(model),
        spc_rows=spc_summary_rows(rows, model.spc),
        framework=model.framework,
    )


# The covering report's criteria list the colours and the three unrated statuses a
# committee's KPI set is built from; Suspended and Not rated are explained where they occur.
_COVERING_STATUSES = (*RATED, "Baseline", "Contextual", "In Development")


def _revised(model: ReportModel) -> list[tuple[str, tuple[str, ...]]]:
    """Each KPI with revised figures, and one sentence per revision."""
    labels = {r["kpi_id"]: kpi_label(r) for r in model.rows.to_dict("records")}
    out: dict[str, list[str]] = {}
    for revision in model.revisions.to_dict("records"):
        out.setdefault(revision["kpi_id"], []).append(revision_sentence(revision))
    return [(labels[k], tuple(v)) for k, v in out.items() if k in labels]


def _late(model: ReportModel) -> list[tuple[str, tuple[str, ...]]]:
    """Each KPI whose figure is late or missing, with when it was due."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for row in model.rows.to_dict("records"):
        if row["kpi_id"] not in model.accountability.index:
            continue
        info = model.accountability.loc[row["kpi_id"]]
        heading = timeliness_heading(str(info["timeliness"]))
        if heading:
            sentence = timeliness_sentence(info, row["current_period_label"])
            out.append((f"{kpi_label(row)}", (sentence,)))
    return out


def _with_commentary(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    return rows[rows["commentary"].astype(str).str.strip() != ""].head(n)


def _md_bold_to_html(text: str) -> Markup:
    parts = str(escape(text)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


# -- the paper as numbered blocks, rendered to HTML and Word alike ------------------------


@dataclass(frozen=True)
class Block:
    """One numbered piece of the paper: a section heading, a paragraph or a KPI."""

    kind: str  # section | para | bullets | summary | spc | kpi | placeholder
    number: str = ""
    text: str = ""
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()
    commentary: str = ""
    path: str | None = None  # a Red KPI's path to green
    table: PaperTable | None = None


@dataclass(frozen=True)
class FrontSheet:
    """The front sheet: who the paper is for and from, and what it asks."""

    rows: tuple[tuple[str, str, bool], ...]  # label, value, is a placeholder
    officer: tuple[tuple[str, str], ...]


def front_sheet(model: ReportModel) -> FrontSheet:
    """The front sheet's fields from the model (committees.yml and reports.csv)."""
    todo = AUTHOR_PLACEHOLDERS["front_sheet"]
    front = model.front
    quarter = model.period

    def field_(label: str, value: str) -> tuple[str, str, bool]:
        return (label, value or todo, not value)

    rows = (
        field_("To", model.committee_name),
        field_("Meeting Date", dated(model.meeting_date, model.meeting_date_illustrative)),
        field_("From", front["from"]),
        field_("Electoral division(s)", front["electoral_divisions"]),
        field_("Key decision", front["key_decision"]),
        field_(
            "Executive Summary", executive_summary(quarter.fy_label, quarter.q, quarter.covering)
        ),
        field_("Recommendation", front["recommendation"]),
    )
    officer = tuple(
        (label, front[key])
        for label, key in (("Name", "officer_name"), ("Post", "officer_post"),
                           ("Email", "officer_email"))
        if front[key]
    )  # fmt: skip
    return FrontSheet(rows, officer)


def paper_blocks(s: CoveringSections) -> list[Block]:
    """The body of the paper in seed 000's order, numbered 1, 1.1, 1.2 ..."""
    blocks: list[Block] = []
    section = 0
    para = 0

    def head(text: str) -> None:
        nonlocal section, para
        section, para = section + 1, 0
        blocks.append(Block("section", str(section), text))

    def number() -> str:
        nonlocal para
        para += 1
        return f"{section}.{para}"

    def kpis(rows: pd.DataFrame, n: str, red: bool = False) -> None:
        for i, row in enumerate(rows.to_dict("records"), start=1):
            path = None
            if red:
                path = row["actions"] or (
                    f"No actions were given: {row['actions_waiver']}"
                    if row.get("actions_waiver")
                    else "No actions provided."
                )
            blocks.append(
                Block("kpi", f"{n}.{i}", kpi_label(row), commentary=str(row["commentary"] or ""),
                      path=path)
            )  # fmt: skip

    q = s.period
    head("Background")
    blocks.append(
        Block(
            "bullets",
            number(),
            "The Performance Management Framework sets out that Policy and Service "
            "Committees should:",
            tuple((t, ()) for t in BACKGROUND_ROLE),
        )
    )
    for text in background_paragraphs(q.fy_label, q.q, long_date(q.end)):
        blocks.append(Block("para", number(), text))
    blocks.append(
        Block(
            "bullets",
            number(),
            "The most recent data for indicators for this committee can be found in the "
            "dashboard attached at Appendix 1. The dashboard includes the following "
            "information for each KPI:",
            tuple((t, ()) for t in DASHBOARD_CONTENTS),
        )
    )
    blocks.append(
        Block(
            "bullets",
            number(),
            "The following RAG criteria are being used:",
            tuple((f"**{status}** – {text}", ()) for status, text in s.criteria),
        )
    )
    if s.criteria_note:
        blocks.append(Block("para", number(), s.criteria_note))
    head("Main Issues")
    summary_number = number()
    blocks.append(
        Block(
            "summary",
            summary_number,
            "Current performance of available indicators monitored by the Committee is as follows:",
        )
    )
    n = number()
    blocks.append(Block("para", n, red_intro(len(s.reds))))
    kpis(s.reds, n, red=True)
    blocks.append(
        Block(
            "bullets",
            number(),
            amber_intro(len(s.ambers)),
            tuple(
                (f"{kpi_label(r)}: {s.reasons[r['kpi_id']]}", ())
                for r in s.ambers.to_dict("records")
            ),
        )
    )
    n = number()
    blocks.append(Block("para", n, examples_intro("Green", s.green_count, len(s.greens))))
    kpis(s.greens, n)
    if s.has_blue:
        n = number()
        blocks.append(Block("para", n, examples_intro("Blue", s.blue_count, len(s.blues))))
        kpis(s.blues, n)
    why = {status: text for status, text in s.criteria if status not in RATED}
    items = []
    for status, count in s.unrated_counts:
        if not count:
            continue
        rows = s.unrated[s.unrated["status"] == status].to_dict("records")
        if status in why:
            lines = tuple(kpi_label(r) for r in rows)
            items.append((f"**{status}** – {why[status]}", lines))
        else:
            lines = tuple(f"{kpi_label(r)}: {s.reasons[r['kpi_id']]}".rstrip(": ") for r in rows)
            items.append((f"**{status}** – for the reason given:", lines))
    blocks.append(Block("bullets", number(), unrated_intro(s.unrated_counts), tuple(items)))
    if s.revised:
        blocks.append(Block("bullets", number(), REVISED_INTRO, tuple(s.revised)))
    if s.late:
        blocks.append(Block("bullets", number(), LATE_INTRO, tuple(s.late)))
    blocks.append(Block("para", number(), appendix_pointer()))
    if s.spc_rows:
        blocks.append(Block("spc", number(), spc_intro(sum(r["disagrees"] for r in s.spc_rows))))
    for title, parts in framework_parts(s.framework):
        head(title)
        blocks.extend(Block(p.kind, number(), p.text, table=p.table) for p in parts)
    head("Conclusion and recommendations")
    blocks.append(
        Block(
            "bullets",
            number(),
            conclusion_intro(summary_number, s.improved_count, q.previous().q),
            tuple((g.heading, tuple(g.kpis)) for g in s.movements),
        )
    )
    head("Significant Implications")
    blocks.append(Block("placeholder", number(), AUTHOR_PLACEHOLDERS["implications"]))
    head("Source Documents")
    blocks.append(Block("placeholder", number(), AUTHOR_PLACEHOLDERS["sources"]))
    return blocks


def paper_title(quarter: Quarter) -> str:
    return f"Corporate Performance Report – {quarter.label}"


def _html(model: ReportModel, sections: CoveringSections, illustrative: str) -> str:
    env = fragments()
    body = env.get_template("covering.html.j2").render(
        council=model.council,
        title=paper_title(sections.period),
        front=front_sheet(model),
        blocks=paper_blocks(sections),
        rows=list(sections.summary.itertuples(index=False)),
        spc_rows=sections.spc_rows,
        total=model.total,
        period=sections.period,
        zero=model.wording.summary_zero,
        source_line=report_source(model),
        illustrative=illustrative,
        draft=[str(f) for f in model.findings],
        bold=_md_bold_to_html,
        md=markdown_to_html,
        table_html=paper_table_html,
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(covering_title(model))}</title>\n<style>{report_css()}</style>\n"
        f'</head>\n<body>\n<main class="kt-paper">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _docx(
    model: ReportModel,
    sections: CoveringSections,
    illustrative: str,
    template: Path | None,
) -> bytes:
    doc = house_document(template, author=model.council)
    doc.core_properties.title = paper_title(sections.period)
    made = dt.datetime.combine(model.produced_on, dt.time())
    doc.core_properties.created = doc.core_properties.modified = made
    add_page_footer(
        doc,
        footer_text(model.council, model.committee_name, sections.period.label, "Covering report"),
    )
    doc.add_heading(paper_title(sections.period), level=1)
    front = front_sheet(model)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = TABLE_STYLE
    for label, value, todo in front.rows:
        cells = grid.add_row().cells
        set_style(cells[0].paragraphs[0], HEADING_CELL)
        cells[0].paragraphs[0].add_run(f"{label}:")
        set_style(cells[1].paragraphs[0], PLACEHOLDER if todo else CELL)
        cells[1].paragraphs[0].add_run(value)
    if front.officer:
        add_styled(doc, "Officer contact:", HEADING_CELL)
        for label, value in front.officer:
            doc.add_paragraph(f"{label}: {value}")
    source_line = report_source(model)
    if source_line:
        doc.add_paragraph(source_line)
    if illustrative:
        notice = (
            f"Contains illustrative data. {illustrative} "
            "Figures not marked illustrative are as published."
        )
        add_styled(doc, notice, PLACEHOLDER)
    if model.findings:
        add_styled(doc, "Draft: the commentary checks have not passed", PLACEHOLDER)
        for item in model.findings:
            add_styled(doc, str(item), "List Bullet")

    def runs(paragraph: Any, text: str) -> None:
        for i, part in enumerate(text.split("**")):
            paragraph.add_run(part).bold = bool(i % 2) or None

    for block in paper_blocks(sections):
        if block.kind == "section":
            doc.add_heading(f"{block.number}. {block.text}", level=2)
        elif block.kind == "kpi":
            doc.add_heading(f"{block.number} {block.text}", level=3)
            add_markdown(doc, block.commentary or "No commentary provided.", prefix="Commentary:")
            if block.path is not None:
                add_markdown(doc, block.path, prefix="Path to Green:")
        elif block.kind == "table" and block.table is not None:
            add_styled(doc, f"{block.number} ", NUMBERED)
            add_paper_table(doc, block.table)
        elif block.kind == "placeholder":
            paragraph = add_styled(doc, f"{block.number} ", NUMBERED)
            paragraph.add_run(f"[{block.text}]").style = PLACEHOLDER_CHAR
        else:
            runs(add_styled(doc, f"{block.number} ", NUMBERED), block.text)
            for text, sub in block.items:
                runs(add_styled(doc, "", "List Bullet"), text)
                for line in sub:
                    add_styled(doc, line, "List Bullet 2")
            if block.kind == "summary":
                add_summary_table(doc, sections.summary, model.wording.summary_zero)
            elif block.kind == "spc":
                _add_spc_table(doc, sections.spc_rows)
    return docx_bytes(doc)


def _add_spc_table(doc: Any, rows: list[dict[str, Any]]) -> Any:
    """The variation and assurance table in Word: words only (no icons), status with its shape."""
    heads = ["Indicator", "Status", "Change in performance", "Variation", "Assurance"]
    grid = doc.add_table(rows=1, cols=len(heads))
    grid.style = TABLE_STYLE
    for cell, text in zip(grid.rows[0].cells, heads, strict=True):
        set_style(cell.paragraphs[0], HEADING_CELL)
        cell.paragraphs[0].add_run(text)
    for r in rows:
        title = f"{r['title']} (Disagree)" if r["disagrees"] else r["title"]
        status = f"{SHAPES.get(r['status'], '')} {r['status']}".strip()
        texts = (title, status, r["change"], r["variation"], r["assurance"])
        for cell, text in zip(grid.add_row().cells, texts, strict=True):
            set_style(cell.paragraphs[0], CELL)
            cell.paragraphs[0].add_run(str(text))
    return grid


def write_covering_report(
    model: ReportModel,
    out_dir: str | os.PathLike[str],
    *,
    template: str | os.PathLike[str] | None = None,
    docx: bool = True,
) -> tuple[Path, Path | None]:
    """Write ``report.html`` and ``report.docx`` of a report model.

    ``template``: a council's own Word file whose styles the report uses.
    ``docx`` False writes the HTML alone (``kpitools build --html-only``) and returns
    None for the Word file.

    Examples
    --------
    >>> import tempfile
    >>> from kpitools.data.load import load
    >>> from kpitools.model.report import build_report
    >>> m = build_report(load(), "cosmic", "2024-25 Q2")
    >>> html, docx = write_covering_report(m, tempfile.mkdtemp())
    >>> html.name, docx.name
    ('report.html', 'report.docx')
    >>> write_covering_report(m, tempfile.mkdtemp(), docx=False)[1] is None
    True
    """
    out = Path(out_dir)
    sections = covering_sections(model)
    illustrative = illustrative_text(model)
    html_path = out / "report.html"
    write_atomic(html_path, _html(model, sections, illustrative).encode("utf-8"))
    if not docx:
        return html_path, None
    docx_path = out / "report.docx"
    chosen = Path(template) if template else None
    write_atomic(docx_path, _docx(model, sections, illustrative, chosen))
    return html_path, docx_path
