"""HTML of the committee appendix: header, summary, variation and assurance, index, key,
KPI cards and the performance framework, in the order the notebook shows them.

Reader text is rendered and sanitised by :mod:`kpitools.render.markup`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markupsafe import Markup

from kpitools.data.load import load
from kpitools.model.report import ReportModel, build_report, load_report
from kpitools.render.chart_cache import cached_history_chart, history_options
from kpitools.render.framework import framework_section
from kpitools.render.markup import Html, fragments, markdown_to_html, report_css
from kpitools.render.spc_block import spc_card, spc_summary_rows
from kpitools.rules.periods import Quarter
from kpitools.wording.kpi import (
    comparison_head,
    current_head,
    direction_text,
    kpi_reason,
    revision_note,
    target_head,
    target_text,
)
from kpitools.wording.numbers import format_number, kpi_label
from kpitools.wording.report import (
    appendix_title,
    card_source,
    criteria_in_force,
    dated,
    illustrative_text,
    long_date,
    report_source,
    tolerance_note,
    trend_key,
)
from kpitools.wording.revisions import (
    accountability_sentence,
    revision_sentence,
    timeliness_heading,
    timeliness_sentence,
)
from kpitools.wording.trend import trend_sentence, year_end_sentence

__all__ = ["SECTIONS", "Appendix"]


def _fmt(value: Any, unit: str, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format_number(float(value), unit, int(decimals))


@dataclass
class _Card:
    anchor: str
    title: str
    name: str
    indicator_text: str
    status: str
    change: str
    reason: str
    illustrative: str
    cells: list[tuple[str, str]]
    comparators: list[tuple[str, str]]
    current_period: str
    chart_img: Markup
    chart_summary: str
    trend_message: str
    year_end_message: str
    description: Markup
    commentary: Markup
    actions: Markup
    actions_waiver: str
    links: Markup
    source_line: str = ""
    notes: list[str] = field(default_factory=list)
    continued: bool = False
    revisions: list[str] = field(default_factory=list)
    accountability: str = ""
    timeliness: str = ""
    late: str = ""
    spc: Markup = field(default_factory=Markup)


# Characters of description, commentary, actions, links and notes that fit below a
# card's figures and chart on one printed A4 page (two columns of 9.5 pt text); a longer
# card puts its actions, links and notes on a second page headed "continued".
CARD_TEXT_CAPACITY = 2400


# A boxed block (accountability, a revision, a late figure) takes a heading and short
# lines: it fills about this many characters' room besides its own text.
BLOCK_ROOM = 500


def _continues(texts: list[str], blocks: list[str]) -> bool:
    used = sum(len(str(t or "")) for t in texts)
    used += sum(BLOCK_ROOM + len(b) for b in blocks if b)
    return used > CARD_TEXT_CAPACITY


# The parts of the appendix in reading order: the notebook has one cell for each.
SECTIONS = ("header", "summary", "spc_summary", "index", "key", "cards", "framework")


@dataclass
class Appendix:
    """The appendix dashboard of one committee and quarter, drawn from its report model.

    Build it with :meth:`build`; each method returns one part as HTML, so a
    notebook shows the same page the reviewers get. Nothing here applies a
    rule or reads raw data: every figure comes from the :class:`ReportModel`.
    """

    model: ReportModel
    chart_cache: str | None = None

    @classmethod
    def build(
        cls,
        committee: str,
        period: Quarter | str,
        *,
        root: str | None = None,
        as_of: dt.date | str | None = None,
        model: str | ReportModel | None = None,
        chart_cache: str | None = None,
    ) -> Appendix:
        """The appendix of a report model, read from the file a batch wrote or computed now.

        Parameters
        ----------
        committee, period : str
            Which report; used to compute the model when none is given.
        root : str, optional
            Project root for computing the model.
        as_of : date or str, optional
            Rebuild as published on that date.
        model : path or ReportModel, optional
            The model the batch computed, so the appendix and the covering
            report come from one computation and the kernel reads no raw data.
        chart_cache : path, optional
            Folder of charts already drawn, reused when their data are unchanged.
        """
        if isinstance(model, ReportModel):
            return cls(model, chart_cache or None)
        if model:
            return cls(load_report(model), chart_cache or None)
        return cls(build_report(load(root), committee, period, as_of or None), chart_cache or None)

    # -- parts -------------------------------------------------------------

    @property
    def period(self) -> Quarter:
        return self.model.period

    @property
    def table(self) -> pd.DataFrame:
        """The model's rows (one per KPI)."""
        return self.model.rows

    @property
    def draft(self) -> list[str]:
        """The commentary findings that make this report a draft."""
        return [str(f) for f in self.model.findings]

    def illustrative_text(self) -> str:
        return illustrative_text(self.model)

    def style(self) -> Any:
        """The stylesheet, for viewing inside JupyterLab (the export adds its own)."""
        from IPython.display import HTML

        return HTML(f"<style>{report_css()}</style>", metadata={"kpitools": "style"})

    def title(self) -> str:
        return appendix_title(self.model)

    def header(self) -> Html:
        m = self.model
        return Html(
            fragments()
            .get_template("header.html.j2")
            .render(
                council=m.council,
                title="Performance Report",
                committee_name=m.committee_name,
                period=m.period,
                produced_on=dated(m.produced_on, m.produced_on_illustrative),
                meeting_date=dated(m.meeting_date, m.meeting_date_illustrative),
                as_of=long_date(m.as_of),
                illustrative=self.illustrative_text(),
                source_line=report_source(m),
                draft=self.draft,
            )
        )

    def summary_table(self) -> pd.DataFrame:
        """Counts by status in the scheme's order (the model's summary)."""
        return self.model.summary

    def summary(self) -> Html:
        return Html(
            fragments()
            .get_template("summary.html.j2")
            .render(
                rows=list(self.model.summary.itertuples(index=False)),
                total=self.model.total,
                period=self.period,
                scheme_label=self.model.scheme.label,
                zero=self.model.wording.summary_zero,
            )
        )

    def key(self) -> Html:
        """The Key: the published one where the data hold it, else the rules' own."""
        scheme = self.model.scheme
        criteria, note = criteria_in_force(self.model)
        settings = self.model.settings.trend
        return Html(
            fragments()
            .get_template("key.html.j2")
            .render(
                criteria=criteria,
                items=list(self.model.wording.key),
                scheme_label=scheme.label,
                tolerance_note=f"{tolerance_note(scheme)} {note}".strip(),
                trend_note=trend_key(settings.min_points, settings.window),
            )
        )

    def _cards(self) -> list[_Card]:
        # Charts are the slow part; the index and the cards share one rendering.
        if "_card_cache" not in self.__dict__:
            self.__dict__["_card_cache"] = [
                self._card(row) for row in self.model.rows.to_dict("records")
            ]
        return self.__dict__["_card_cache"]

    def index(self) -> Html:
        return Html(fragments().get_template("index.html.j2").render(cards=self._cards()))

    def _card(self, row: dict[str, Any]) -> _Card:
        unit, decimals = row["unit"], int(row["decimals"])
        indicator = row["indicator"]
        has_number = indicator is not None and not pd.isna(indicator)
        cells = [
            (target_head(row), target_text(row)),
            ("Direction for improvement", direction_text(row["direction"])),
            (current_head(row), _fmt(row["actual"], unit, decimals)),
            (comparison_head(row), _fmt(row["previous"], unit, decimals)),
            ("Change in performance", row["change"]),
        ]
        comparators = []
        if not pd.isna(row["stat_neighbours"]):
            comparators.append(
                ("Statistical neighbours mean", _fmt(row["stat_neighbours"], unit, decimals))
            )
        if not pd.isna(row["england"]):
            comparators.append(("England mean", _fmt(row["england"], unit, decimals)))
        chart = cached_history_chart(
            self.chart_cache,
            row["name"],
            self.model.histories[row["kpi_id"]],
            **history_options(row),
        )
        notes = [
            n for n in [*str(row["note"]).splitlines(), revision_note(row), row["target_note"]] if n
        ]
        revisions = self.model.revisions
        mine = revisions[revisions["kpi_id"] == row["kpi_id"]].to_dict("records")
        known = self.model.accountability
        info = known.loc[row["kpi_id"]] if row["kpi_id"] in known.index else None
        revised = [revision_sentence(r) for r in mine]
        accountability = accountability_sentence(info) if info is not None else ""
        timeliness = (
            timeliness_sentence(info, row["current_period_label"]) if info is not None else ""
        )
        return _Card(
            anchor=f"kpi-{row['kpi_id']}",
            title=kpi_label(row),
            name=row["name"],
            indicator_text=str(int(indicator)) if has_number else "–",
            status=row["status"],
            change=row["change"],
            reason=kpi_reason(row, self.model.scheme),
            illustrative=row["illustrative_parts"],
            cells=cells,
            comparators=comparators,
            current_period=row["current_period_label"],
            chart_img=Markup(chart.img() + chart.data_table()),
            chart_summary=chart.summary,
            trend_message=trend_sentence(row),
            year_end_message=year_end_sentence(row),
            description=markdown_to_html(row["description"]),
            commentary=markdown_to_html(row["commentary"]),
            actions=markdown_to_html(row["actions"]),
            actions_waiver=row["actions_waiver"],
            links=markdown_to_html(row["links"]),
            source_line=card_source(self.model, row),
            notes=notes,
            continued=_continues(
                [row["description"], row["commentary"], row["actions"], row["links"], *notes],
                [accountability, timeliness, *revised],
            ),
            revisions=revised,
            accountability=accountability,
            timeliness=timeliness,
            late=timeliness_heading(str(info["timeliness"])) if info is not None else "",
            spc=Markup(
                fragments()
                .get_template("spc.html.j2")
                .render(s=spc_card(row, self.model.spc[row["kpi_id"]], self.chart_cache))
            ),
        )

    def spc_summary(self) -> Html:
        """Every KPI's status, change, variation and assurance, where RAG and SPC
        disagree first."""
        return Html(
            fragments()
            .get_template("spc_summary.html.j2")
            .render(
                rows=spc_summary_rows(self.model.rows, self.model.spc),
                period=self.period,
                heading=True,
            )
        )

    def cards(self) -> Html:
        template = fragments().get_template("card.html.j2")
        return Html("\n".join(template.render(c=card) for card in self._cards()))

    def framework(self) -> Html:
        """The committee's KPI set changes, action plan and requests, when it has any."""
        return framework_section(self.model)

    def html(self) -> str:
        """The whole page without nbconvert: the parts the notebook shows, in its order
        (``SECTIONS``), for tests and previews."""
        body = "\n".join(getattr(self, name)() for name in SECTIONS)
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{Markup.escape(self.title())}</title>\n<style>{report_css()}</style>\n"
            f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
        )
