"""HTML of the committee appendix: header, summary, index, key and KPI cards.

All text from the data is escaped; commentary, actions, descriptions and
links are Markdown rendered by markdown-it and sanitised by nh3, so no
script, event handler, ``javascript:`` or ``data:`` link, frame, image or
style survives, whoever wrote the text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
import nh3
import pandas as pd
from markdown_it import MarkdownIt
from markupsafe import Markup

from kpitools.model.table import kpi_history, kpi_table
from kpitools.render.charts import history_chart
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import RATED, describe_criteria
from kpitools.rules.summary import status_summary
from kpitools.wording.numbers import format_number, kpi_label
from kpitools.wording.provenance import (
    committee_banner,
    criteria_note,
    dated,
    figure_source_line,
    report_source_line,
)

if TYPE_CHECKING:
    from kpitools.data.load import ProjectData

__all__ = ["SHAPES", "Appendix", "Html", "markdown_to_html", "report_css", "status_badge"]

# Shape and text carry the status as well as colour.
SHAPES = {
    "Red": "▲",
    "Amber": "◆",
    "Green": "●",
    "Blue": "★",
}
_UNRATED_SHAPE = "○"

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "sup", "sub",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
_URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h[1-3](\s[^>]*)?>")


class Html(str):
    """A string of HTML that JupyterLab displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __html__(self) -> str:
        return str(self)


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
        "table"
    )


def markdown_to_html(text: str) -> Markup:
    """Render Markdown and sanitise the result.

    Headings are moved down to level 4 so they sit under the card's own
    headings.

    Examples
    --------
    >>> str(markdown_to_html("**Up** <script>alert(1)</script>"))
    '<p><strong>Up</strong> </p>'
    >>> str(markdown_to_html('<a href="javascript:alert(1)" onclick="x()">x</a>'))
    '<p><a rel="noopener noreferrer">x</a></p>'
    >>> str(markdown_to_html("# Heading"))
    '<h4>Heading</h4>'
    """
    if not text or not text.strip():
        return Markup("")
    rendered = _markdown().render(text)
    rendered = _HEADING.sub(lambda m: f"<{m.group(1)}h4>", rendered)
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
    )
    return Markup(clean.strip())


def status_badge(status: str) -> Markup:
    """A status as text, shape and colour together.

    Examples
    --------
    >>> print(status_badge("Red"))  # doctest: +NORMALIZE_WHITESPACE
    <span class="kt-status kt-status--red"><span class="kt-shape"
    aria-hidden="true">▲</span>Red</span>
    """
    status = str(status)
    css = status.lower() if status in RATED else "unrated"
    shape = SHAPES.get(status, _UNRATED_SHAPE)
    return Markup(
        '<span class="kt-status kt-status--{}"><span class="kt-shape" aria-hidden="true">{}'
        "</span>{}</span>"
    ).format(css, shape, status)


@cache
def report_css() -> str:
    """The stylesheet embedded in every reviewer page."""
    return resources.files("kpitools").joinpath("assets/report.css").read_text(encoding="utf-8")


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kpitools", "templates/fragments"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["badge"] = status_badge
    env.globals["dash"] = _dash
    return env


def _dash(value: int, suffix: str = "", zero: str = "-") -> str:
    # Each document prints zero rows of its summary its own way: "-", or "0" and "0%".
    if value != 0:
        return f"{value}{suffix}"
    return zero if zero == "-" else f"{zero}{suffix}"


def _long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def _fmt(value: Any, unit: str, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format_number(float(value), unit, int(decimals))


def _direction_text(direction: str) -> str:
    return {"up": "↑ Higher is better", "down": "↓ Lower is better"}.get(direction, "N/A")


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


@dataclass
class Appendix:
    """The appendix dashboard of one committee and quarter.

    Build it with :meth:`build`; each method returns one part as HTML, so a
    notebook shows the same page the reviewers get.
    """

    data: ProjectData
    committee: str
    period: Quarter
    table: pd.DataFrame
    as_of: dt.date | None = None
    draft: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        committee: str,
        period: Quarter | str,
        *,
        root: str | None = None,
        as_of: dt.date | str | None = None,
        table: str | pd.DataFrame | None = None,
        data: ProjectData | None = None,
        check_commentary: bool = True,
    ) -> Appendix:
        """Load the data and rate the committee's KPIs (or read a table already rated).

        Parameters
        ----------
        table : path or DataFrame, optional
            The rated table the batch wrote, so the appendix and the covering
            report come from one computation.
        """
        from kpitools.data.load import load

        data = data or load(root)
        quarter = Quarter.parse(period) if isinstance(period, str) else period
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of) if as_of else None
        if isinstance(table, str) and table:
            frame = pd.read_parquet(table)
        elif isinstance(table, pd.DataFrame):
            frame = table
        else:
            frame = kpi_table(data, committee, quarter, as_of)
        draft: list[str] = []
        if check_commentary:
            from kpitools.model.findings import check_commentary as run_checks

            draft = [str(f) for f in run_checks(data, committee, quarter, table=frame)]
        return cls(data, committee, quarter, frame, as_of, draft)

    # -- parts -------------------------------------------------------------

    def _report_row(self) -> pd.Series | None:
        return self.data.report_row(self.committee, self.period)

    def produced_on(self) -> dt.date:
        """The calendar's production date, else the date of the latest figure used."""
        row = self._report_row()
        if row is not None and row["produced_on"] is not None:
            return row["produced_on"]
        figures = self.data.figures
        ids = set(self.table["kpi_id"])
        dates = figures.loc[figures["kpi_id"].isin(ids), "reported_on"]
        if self.as_of is not None:
            dates = dates[dates <= self.as_of]
        return max(dates) if len(dates) else self.period.end

    def illustrative_text(self) -> str:
        return committee_banner(
            bool(self.data.committees.loc[self.committee, "illustrative"]),
            int(self.table["illustrative"].sum()),
            len(self.table),
        )

    def source_line(self) -> str:
        """Where the report's figures come from, in one plain line."""
        row = self._report_row()
        source = self.data.source(row["source"]) if row is not None else None
        illustrative = int(self.table["illustrative_parts"].str.contains("current figure").sum())
        return report_source_line(source, illustrative, len(self.table))

    def style(self) -> Html:
        """The stylesheet, for viewing inside JupyterLab (the export adds its own)."""
        from IPython.display import HTML

        return HTML(f"<style>{report_css()}</style>", metadata={"kpitools": "style"})

    def title(self) -> str:
        return f"Performance Report {self.period.label}: {self.data.committee_name(self.committee)}"

    def header(self) -> Html:
        row = self._report_row()
        meeting = row["meeting_date"] if row is not None else None
        produced_illustrative = bool(row["produced_on_illustrative"]) if row is not None else False
        meeting_illustrative = bool(row["meeting_date_illustrative"]) if row is not None else False
        return Html(
            _env()
            .get_template("header.html.j2")
            .render(
                council=self.data.council,
                title="Performance Report",
                committee_name=self.data.committee_name(self.committee),
                period=self.period,
                produced_on=dated(self.produced_on(), produced_illustrative),
                meeting_date=dated(meeting, meeting_illustrative),
                as_of=_long_date(self.as_of),
                illustrative=self.illustrative_text(),
                source_line=self.source_line(),
                draft=self.draft,
            )
        )

    def scheme(self):
        return self.data.scheme_for(self.committee, self.period)[1]

    def summary_table(self) -> pd.DataFrame:
        """Counts by status in the order and with the row labels the committee prints."""
        labels = self.data.wording_for(self.committee, self.period).summary_labels
        statuses = [labels.get(s, s) for s in self.table["status"].tolist()]
        return status_summary(statuses, self.scheme())

    def summary(self) -> Html:
        scheme = self.scheme()
        return Html(
            _env()
            .get_template("summary.html.j2")
            .render(
                rows=list(self.summary_table().itertuples(index=False)),
                total=len(self.table),
                period=self.period,
                scheme_label=scheme.label,
                zero=self.data.wording_for(self.committee, self.period).summary_zero,
            )
        )

    def _criteria_published(self) -> bool:
        # Criteria generated from the rules are illustrative only where the scheme says so.
        cited = self.data.source(self.data.wording_for(self.committee, self.period).source)
        return not (cited is not None and cited.illustrative)

    def key(self) -> Html:
        scheme = self.scheme()
        wording = self.data.wording_for(self.committee, self.period)
        if wording.criteria:
            return Html(
                _env()
                .get_template("key.html.j2")
                .render(
                    criteria=list(wording.criteria.items()),
                    items=list(wording.key),
                    scheme_label=scheme.label,
                    tolerance_note="",
                )
            )
        criteria = list(describe_criteria(scheme).items())
        criteria += [
            ("Baseline", "performance is tracked to inform the target-setting process"),
            (
                "Contextual",
                "tracks key activity to present a rounded view of the service area, "
                "without a performance target",
            ),
            ("In Development", "agreed, but data collection and target setting are in development"),
            ("Suspended", "reporting is suspended"),
            ("Not rated", "no rating this period, for the reason given on the card"),
        ]
        if scheme.tolerance == "relative":
            note = "Distances from target are a percentage of the target."
        else:
            note = "Distances from target are in the indicator's own units."
        return Html(
            _env()
            .get_template("key.html.j2")
            .render(
                criteria=criteria,
                items=[],
                scheme_label=scheme.label,
                tolerance_note=f"{note} {criteria_note(self._criteria_published())}".strip(),
            )
        )

    def _cards(self) -> list[_Card]:
        # Charts are the slow part; the index and the cards share one rendering.
        if "_card_cache" not in self.__dict__:
            self.__dict__["_card_cache"] = [self._card(row) for _, row in self.table.iterrows()]
        return self.__dict__["_card_cache"]

    def index(self) -> Html:
        return Html(_env().get_template("index.html.j2").render(cards=self._cards()))

    def _card(self, row: pd.Series) -> _Card:
        unit, decimals = row["unit"], int(row["decimals"])
        indicator = row["indicator"]
        has_number = indicator is not None and not pd.isna(indicator)
        title = kpi_label(row)
        target_head = row["target_label"] or "Target"
        if row["target_label"]:
            target_text = _fmt(row["target"], unit, decimals)
        elif row["rating"] == "In Development":
            target_text = "In Development"
        else:
            target_text = "None set"
        current_head = row["current_label"]
        cells = [
            (target_head, target_text),
            ("Direction for improvement", _direction_text(row["direction"])),
            (f"{current_head} ({row['current_period']})", _fmt(row["actual"], unit, decimals)),
            (
                f"{row['comparison_label']} ({row['comparison_period']})",
                _fmt(row["previous"], unit, decimals),
            ),
            ("Change in performance", row["change"]),
        ]
        comparators = []
        if not pd.isna(row["stat_neighbours"]):
            comparators.append(
                ("Statistical neighbours mean", _fmt(row["stat_neighbours"], unit, decimals))
            )
        if not pd.isna(row["england"]):
            comparators.append(("England mean", _fmt(row["england"], unit, decimals)))
        history = kpi_history(self.data, row["kpi_id"], self.period, self.as_of)
        trend_next = None if pd.isna(row["trend_next"]) else float(row["trend_next"])
        fit = None
        if trend_next is not None:
            from kpitools.rules.trend import linear_trend

            points = history["value"].tolist()[-int(row["trend_points"]) :]
            fit = linear_trend(points).fitted(len(points))
        chart = history_chart(
            row["name"],
            history,
            unit=unit,
            decimals=decimals,
            trend_next=trend_next,
            trend_fit=fit,
            stat_neighbours=None if pd.isna(row["stat_neighbours"]) else row["stat_neighbours"],
            england=None if pd.isna(row["england"]) else row["england"],
        )
        notes = [n for n in [*str(row["note"]).splitlines(), row["target_note"]] if n]
        return _Card(
            anchor=f"kpi-{row['kpi_id']}",
            title=title,
            name=row["name"],
            indicator_text=str(int(indicator)) if has_number else "–",
            status=row["status"],
            change=row["change"],
            reason=row["status_reason"],
            illustrative=row["illustrative_parts"],
            cells=cells,
            comparators=comparators,
            current_period=row["current_period"],
            chart_img=Markup(chart.img()),
            chart_summary=chart.summary,
            trend_message="" if trend_next is not None else row["trend_message"] + ".",
            year_end_message=row["year_end_message"],
            description=markdown_to_html(row["description"]),
            commentary=markdown_to_html(row["commentary"]),
            actions=markdown_to_html(row["actions"]),
            actions_waiver=row["actions_waiver"],
            links=markdown_to_html(row["links"]),
            source_line=figure_source_line(self.data.source(row["figure_source"])),
            notes=notes,
        )

    def cards(self) -> Html:
        template = _env().get_template("card.html.j2")
        return Html("\n".join(template.render(c=card) for card in self._cards()))

    def html(self) -> str:
        """The whole page without nbconvert (used by tests and previews)."""
        body = "\n".join([self.header(), self.summary(), self.index(), self.key(), self.cards()])
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{Markup.escape(self.title())}</title>\n<style>{report_css()}</style>\n"
            f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
        )
