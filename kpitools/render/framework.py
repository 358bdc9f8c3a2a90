"""The framework sections: KPI-set changes, the action-plan tracker and members'
requests, for the covering report, the appendix and the stand-alone change paper.

Each section is a heading and a list of :class:`Part` (a paragraph or a
:class:`PaperTable`), so the covering report numbers them like its other paragraphs
and the HTML and the Word document (:mod:`kpitools.render.framework_word`) say the
same words. Nothing here imports python-docx: the appendix's kernel shows these
sections and never writes Word.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kpitools.data.atomic import write_atomic
from kpitools.data.framework import load_framework
from kpitools.data.load import ProjectData
from kpitools.model.framework import FrameworkReport
from kpitools.model.register import KpiSetChanges, kpi_set_changes, set_in_force
from kpitools.model.report import ReportModel
from kpitools.render.markup import Html, fragments, markdown_to_html, report_css
from kpitools.wording.framework import (
    ACTIONS_HEADING,
    ADDED_COLUMNS,
    KPI_SET_HEADING,
    REQUEST_COLUMNS,
    REQUESTS_HEADING,
    REVIEWED_COLUMNS,
    action_columns,
    actions_intro,
    change_text,
    kpi_set_intro,
    kpi_set_paper_title,
    milestone_text,
    previous_kpi_label,
    proposal_label,
    request_state,
    requests_intro,
    update_heading,
)
from kpitools.wording.report import long_date

__all__ = [
    "PaperTable",
    "Part",
    "framework_parts",
    "framework_section",
    "kpi_set_parts",
    "paper_table_html",
    "write_kpi_set_paper",
]

_ILLUSTRATIVE = "Illustrative"


@dataclass(frozen=True)
class PaperTable:
    """A table of the paper: caption, column headings, rows of cell texts.

    Cells of ``markdown`` columns are Markdown (the lead officer's update); other
    cells are plain text whose lines are kept.
    """

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    markdown: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Part:
    """One numbered piece of a framework section: a paragraph or a table."""

    kind: str  # para | table
    text: str = ""
    table: PaperTable | None = None


def _number(value: object) -> str:
    return "Not numbered" if value is None or str(value) in ("", "<NA>", "nan") else str(value)


def kpi_set_parts(changes: KpiSetChanges) -> list[Part]:
    """The paragraph and tables of a set of KPI decisions (seed 003 §2.1, seed 002 §2.1)."""
    if not changes.changed:
        return []
    parts = [Part("para", kpi_set_intro(changes.after, len(changes.added), len(changes.reviewed)))]
    if len(changes.added):
        rows = tuple(
            (
                _number(r["kpi_number"]),
                str(r["kpi_name"]),
                str(r["service_area"]),
                proposal_label(str(r["proposal"])),
                str(r["rationale"]) or "No rationale recorded.",
            )
            for r in changes.added.to_dict("records")
        )
        parts.append(
            Part("table", table=PaperTable("KPIs proposed for addition", ADDED_COLUMNS, rows))
        )
    if len(changes.reviewed):
        reviewed = tuple(
            (
                previous_kpi_label(r["kpi_number"], str(r["kpi_name"])),
                str(r["service_area"]) or "Not recorded",
                proposal_label(str(r["proposal"])),
            )
            for r in changes.reviewed.to_dict("records")
        )
        parts.append(
            Part(
                "table",
                table=PaperTable(
                    "Previous KPIs to be retained, replaced or removed", REVIEWED_COLUMNS, reviewed
                ),
            )
        )
    return parts


def _action_rows(report: FrameworkReport) -> tuple[tuple[str, ...], ...]:
    rows = []
    for r in report.actions.to_dict("records"):
        note = " ".join(
            t for t in (update_heading(r["update_reported_on"], r["as_at"]),
                        change_text(r["changes"], report.since)) if t
        )  # fmt: skip
        ref = f"{r['ref']} ({_ILLUSTRATIVE.lower()})" if r["illustrative"] else str(r["ref"])
        rows.append(
            (
                ref,
                str(r["action"]),
                "\n".join(milestone_text(r)),
                str(r["lead_officer"]),
                str(r["success_criteria"]),
                str(r["baseline"]),
                str(r["achieved"]) or "Not reported",
                f"*{note}*\n\n{r['update']}" if r["update"] else f"*{note}*",
            )
        )
    return tuple(rows)


def framework_parts(report: FrameworkReport | None) -> list[tuple[str, list[Part]]]:
    """The framework sections of a committee report: (heading, parts), leaving out empty ones.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.model.framework import framework_report
    >>> from kpitools.rules.periods import Quarter
    >>> f = framework_report(load(), "snr", Quarter.parse("2021-22 Q4"))
    >>> [title for title, _ in framework_parts(f)]
    ['Changes to the Key Performance Indicator set', 'Action Plan Progress']
    """
    if report is None:
        return []
    sections = []
    kpi_set = kpi_set_parts(report.kpi_set)
    if kpi_set:
        sections.append((KPI_SET_HEADING, kpi_set))
    if len(report.actions):
        plans = [str(p) for p in report.actions["plan"]]
        as_at = str(report.actions["baseline_as_at"].iloc[0])
        table = PaperTable(
            f"Progress of actions, {long_date(report.on)}",
            action_columns(as_at),
            _action_rows(report),
            markdown=frozenset({1, 7}),
        )
        sections.append(
            (ACTIONS_HEADING, [Part("para", actions_intro(plans)), Part("table", table=table)])
        )
    if len(report.requests):
        log = report.requests
        rows = tuple(
            (
                f"{r['ref']} ({_ILLUSTRATIVE.lower()})" if r["illustrative"] else str(r["ref"]),
                f"{long_date(r['raised_on'])}\n{r['raised_by']}",
                str(r["request"]),
                f"{r['officer']}\n{r['undertaking']}".strip(),
                request_state(r),
            )
            for r in log.to_dict("records")
        )
        answered = int((log["state"] == "answered").sum())
        sections.append(
            (
                REQUESTS_HEADING,
                [
                    Part("para", requests_intro(len(log) - answered, answered)),
                    Part("table", table=PaperTable(
                        f"Requests and undertakings, {long_date(report.on)}",
                                                   REQUEST_COLUMNS, rows)),
                ],
            )
        )  # fmt: skip
    return sections


def _cell(text: str, markdown: bool) -> Markup:
    if markdown:
        return markdown_to_html(text)
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def paper_table_html(table: PaperTable) -> Markup:
    """A paper table as accessible HTML (caption, column headers, the first cell a row header)."""
    return Markup(
        fragments()
        .get_template("paper_table.html.j2")
        .render(
            table=table,
            rows=[[_cell(c, i in table.markdown) for i, c in enumerate(row)] for row in table.rows],
        )
    )


def framework_section(model: ReportModel) -> Html:
    """The appendix part: the framework sections of the report, under one heading.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.model.report import build_report
    >>> "Action Plan Progress" in framework_section(build_report(load(), "snr", "2021-22 Q4"))
    True
    """
    sections = framework_parts(getattr(model, "framework", None))
    if not sections:
        return Html("")
    return Html(
        fragments()
        .get_template("framework.html.j2")
        .render(sections=sections, table_html=paper_table_html, level=3, heading=True)
    )


def write_kpi_set_paper(
    data: ProjectData,
    committee: str,
    start: Any,
    end: Any,
    out: str | os.PathLike[str],
) -> Path:
    """Write the change paper of a committee's KPI set between two days, on its own.

    Shows the decisions taken after ``start`` up to ``end`` and the set in force at
    ``end``.
    """
    decisions = load_framework(data).decisions
    changes = kpi_set_changes(decisions, committee, start, end)
    in_force = set_in_force(decisions, committee, end)
    parts = kpi_set_parts(changes)
    rows = tuple(
        (
            previous_kpi_label(r["kpi_number"], str(r["kpi_name"])),
            str(r["service_area"]) or "Not recorded",
        )
        for r in in_force.to_dict("records")
    )
    parts.append(
        Part(
            "table",
            table=PaperTable(
                f"The KPI set in force on {long_date(end)}", ("KPI", "Service Area"), rows
            ),
        )
    )
    title = kpi_set_paper_title(data.committee_name(committee), long_date(start), long_date(end))
    body = (
        fragments()
        .get_template("framework.html.j2")
        .render(sections=[(title, parts)], table_html=paper_table_html, level=2, heading=False)
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{report_css()}</style>\n</head>\n<body>\n"
        f'<main class="kt-paper">\n<p class="kt-council">{escape(data.council)}</p>\n'
        f"<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return write_atomic(out, page.encode("utf-8"))
