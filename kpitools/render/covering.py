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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup, escape

from kpitools.render.appendix import _env, markdown_to_html, report_css
from kpitools.render.word import (
    CELL,
    HEADING_CELL,
    NUMBERED,
    PLACEHOLDER,
    PLACEHOLDER_CHAR,
    TABLE_STYLE,
    add_page_footer,
    add_summary_table,
    house_document,
)
from kpitools.rules.change import count_phrase, movements
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import RATED, describe_criteria
from kpitools.rules.summary import status_summary
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
from kpitools.wording.numbers import kpi_label

if TYPE_CHECKING:
    from kpitools.data.load import ProjectData

__all__ = [
    "Block",
    "CoveringSections",
    "FrontSheet",
    "covering_sections",
    "front_sheet",
    "kpi_label",
    "movement_lines",
    "paper_blocks",
    "paper_title",
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
    ambers: pd.DataFrame = field(default_factory=pd.DataFrame)
    blues: pd.DataFrame = field(default_factory=pd.DataFrame)
    blue_count: int = 0
    has_blue: bool = False
    unrated: pd.DataFrame = field(default_factory=pd.DataFrame)
    unrated_counts: list[tuple[str, int]] = field(default_factory=list)


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

    Green (and Blue) examples are the first ``green_examples`` such KPIs with
    commentary, in register order.
    """
    quarter = Quarter.parse(period) if isinstance(period, str) else period
    _, scheme = data.scheme_for(committee, quarter)
    criteria = list(describe_criteria(scheme).items()) + UNRATED_CRITERIA
    greens_all = table[table["status"] == "Green"]
    blues_all = table[table["status"] == "Blue"]
    rated_before = table["previous_status"].notna()
    improved = int(((table["change"] == "Improving") & rated_before).sum())
    summary = status_summary(table["status"].tolist(), scheme)
    unrated = table[~table["status"].isin(RATED)]
    order = [s for s in summary["Status"] if s not in RATED]
    return CoveringSections(
        period=quarter,
        criteria=criteria,
        summary=summary,
        greens=_with_commentary(greens_all, green_examples),
        green_count=len(greens_all),
        reds=table[table["status"] == "Red"],
        contextual_count=int((table["status"] == "Contextual").sum()),
        improved_count=improved,
        movements=movement_lines(table, quarter.previous().q),
        ambers=table[table["status"] == "Amber"],
        blues=_with_commentary(blues_all, green_examples),
        blue_count=len(blues_all),
        has_blue="Blue" in set(summary["Status"]),
        unrated=unrated,
        unrated_counts=[(s, int((unrated["status"] == s).sum())) for s in order],
    )


def _with_commentary(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    return rows[rows["commentary"].astype(str).str.strip() != ""].head(n)


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file 0600; the report is shared, so others may read it.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _md_bold_to_html(text: str) -> Markup:
    parts = str(escape(text)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


# -- the paper as numbered blocks, rendered to HTML and Word alike ------------------------


@dataclass(frozen=True)
class Block:
    """One numbered piece of the paper: a section heading, a paragraph or a KPI."""

    kind: str  # section | para | bullets | summary | kpi | placeholder
    number: str = ""
    text: str = ""
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()
    commentary: str = ""
    path: str | None = None  # a Red KPI's path to green


@dataclass(frozen=True)
class FrontSheet:
    """The front sheet: who the paper is for and from, and what it asks."""

    rows: tuple[tuple[str, str, bool], ...]  # label, value, is a placeholder
    officer: tuple[tuple[str, str], ...]


def front_sheet(data: ProjectData, committee: str, quarter: Quarter) -> FrontSheet:
    """The front sheet's fields from committees.yml and reports.csv."""
    info = data.committees.loc[committee]
    reports = data.reports
    found = reports[(reports["committee"] == committee) & (reports["period"] == quarter)]
    report = found.iloc[0] if not found.empty else None
    todo = AUTHOR_PLACEHOLDERS["front_sheet"]

    def field_(label: str, value: object) -> tuple[str, str, bool]:
        text = "" if value is None or pd.isna(value) else str(value)
        return (label, text or todo, not text)

    meeting = report["meeting_date"] if report is not None else None
    rows = (
        field_("To", data.committee_name(committee)),
        field_("Meeting Date", _long_date(meeting) if meeting else ""),
        field_("From", info.get("from", "")),
        field_("Electoral division(s)", info.get("electoral_divisions", "")),
        field_("Key decision", report["key_decision"] if report is not None else ""),
        field_(
            "Executive Summary", executive_summary(quarter.fy_label, quarter.q, quarter.covering)
        ),
        field_("Recommendation", report["recommendation"] if report is not None else ""),
    )
    officer = tuple(
        (label, str(info.get(key, "") or ""))
        for label, key in (("Name", "officer_name"), ("Post", "officer_post"),
                           ("Email", "officer_email"))
        if info.get(key, "")
    )  # fmt: skip
    return FrontSheet(rows, officer)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


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
        for i, (_, row) in enumerate(rows.iterrows(), start=1):
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
    for text in background_paragraphs(q.fy_label, q.q, _long_date(q.end)):
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
            tuple((f"{kpi_label(r)}: {r['status_reason']}", ()) for _, r in s.ambers.iterrows()),
        )
    )
    n = number()
    blocks.append(Block("para", n, examples_intro("Green", s.green_count, len(s.greens))))
    kpis(s.greens, n)
    if s.has_blue:
        n = number()
        blocks.append(Block("para", n, examples_intro("Blue", s.blue_count, len(s.blues))))
        kpis(s.blues, n)
    why = dict(UNRATED_CRITERIA)
    items = []
    for status, count in s.unrated_counts:
        if not count:
            continue
        rows = s.unrated[s.unrated["status"] == status]
        if status in why:
            lines = tuple(kpi_label(r) for _, r in rows.iterrows())
            items.append((f"**{status}** – {why[status]}", lines))
        else:
            lines = tuple(f"{kpi_label(r)}: {r['status_reason']}" for _, r in rows.iterrows())
            items.append((f"**{status}** – for the reason given:", lines))
    blocks.append(Block("bullets", number(), unrated_intro(s.unrated_counts), tuple(items)))
    blocks.append(Block("para", number(), appendix_pointer()))
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


def _html(
    data: ProjectData,
    committee: str,
    sections: CoveringSections,
    illustrative: str,
    draft: list[str],
) -> str:
    env = _env()
    env.globals["bold"] = _md_bold_to_html
    env.globals["md"] = markdown_to_html
    body = env.get_template("covering.html.j2").render(
        council=data.council,
        title=paper_title(sections.period),
        front=front_sheet(data, committee, sections.period),
        blocks=paper_blocks(sections),
        rows=list(sections.summary.itertuples(index=False)),
        total=int(sections.summary["Number"].sum()),
        period=sections.period,
        illustrative=illustrative,
        draft=draft,
    )
    title = f"{paper_title(sections.period)}: {data.committee_name(committee)}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{report_css()}</style>\n</head>\n<body>\n"
        f'<main class="kt-paper">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _docx(
    path: Path,
    data: ProjectData,
    committee: str,
    sections: CoveringSections,
    illustrative: str,
    draft: list[str],
) -> None:
    doc = house_document(data.paths.raw / "templates" / "report.docx", author=data.council)
    doc.core_properties.title = paper_title(sections.period)
    add_page_footer(
        doc,
        footer_text(
            data.council, data.committee_name(committee), sections.period.label, "Covering report"
        ),
    )
    doc.add_heading(paper_title(sections.period), level=1)
    front = front_sheet(data, committee, sections.period)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = TABLE_STYLE
    for label, value, todo in front.rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].style = HEADING_CELL
        cells[0].paragraphs[0].add_run(f"{label}:")
        cells[1].paragraphs[0].style = PLACEHOLDER if todo else CELL
        cells[1].paragraphs[0].add_run(value)
    if front.officer:
        doc.add_paragraph("Officer contact:", style=HEADING_CELL)
        for label, value in front.officer:
            doc.add_paragraph(f"{label}: {value}")
    if illustrative:
        doc.add_paragraph(f"Contains illustrative data. {illustrative}", style=PLACEHOLDER)
    if draft:
        doc.add_paragraph("Draft: the commentary checks have not passed.", style=PLACEHOLDER)
        for item in draft:
            doc.add_paragraph(item, style="List Bullet")

    def runs(paragraph, text: str) -> None:
        for i, part in enumerate(text.split("**")):
            paragraph.add_run(part).bold = bool(i % 2)

    for block in paper_blocks(sections):
        if block.kind == "section":
            doc.add_heading(f"{block.number}. {block.text}", level=2)
        elif block.kind == "kpi":
            doc.add_heading(f"{block.number} {block.text}", level=3)
            doc.add_paragraph(f"Commentary: {block.commentary or 'No commentary provided.'}")
            if block.path is not None:
                doc.add_paragraph(f"Path to Green: {block.path}")
        elif block.kind == "placeholder":
            paragraph = doc.add_paragraph(f"{block.number} ", style=NUMBERED)
            paragraph.add_run(f"[{block.text}]").style = PLACEHOLDER_CHAR
        else:
            runs(doc.add_paragraph(f"{block.number} ", style=NUMBERED), block.text)
            for text, sub in block.items:
                runs(doc.add_paragraph(style="List Bullet"), text)
                for line in sub:
                    doc.add_paragraph(line, style="List Bullet 2")
            if block.kind == "summary":
                add_summary_table(doc, sections.summary)
    doc.save(str(path))


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
    illustrative = ""
    if bool(data.committees.loc[committee, "illustrative"]):
        illustrative = "This committee's figures are illustrative sample data."
    elif table["illustrative"].any():
        illustrative = (
            f"{int(table['illustrative'].sum())} of {len(table)} KPIs use illustrative data "
            "added to make the demonstration richer."
        )
    draft = [str(f) for f in check_commentary(data, committee, quarter, table=table)]
    html_path, docx_path = out / "report.html", out / "report.docx"
    _atomic_write(
        html_path,
        lambda p: p.write_text(
            _html(data, committee, sections, illustrative, draft), encoding="utf-8"
        ),
    )
    _atomic_write(docx_path, lambda p: _docx(p, data, committee, sections, illustrative, draft))
    return html_path, docx_path
