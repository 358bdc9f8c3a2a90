"""History charts for KPI cards, with a text alternative that says what they show."""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from html import escape
from typing import Any

import matplotlib
import matplotlib.ticker
import pandas as pd

from kpitools.render.chart_layout import chart_figure, lay_out
from kpitools.wording.charts import axis_title, data_table_caption, period_axis_title
from kpitools.wording.numbers import format_number

__all__ = [
    "CHART_RC",
    "HEIGHT",
    "PALETTE",
    "WIDTH",
    "Chart",
    "history_chart",
    "tick_label",
    "tick_labels",
    "year_room",
]

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = {
    "actual": "#0072B2",
    "target": "#D55E00",
    "trend": "#444444",
    "neighbours": "#009E73",
    "england": "#CC79A7",
}

CHART_RC: dict[str, Any] = {
    "svg.hashsalt": "kpitools",  # stable ids: the same data give the same file
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    # Big enough to read when the 640 px chart shrinks to a 390 px phone (about 7-8 px).
    "font.size": 14,
    "axes.titlesize": 14,
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    # A light grid on white, without the top and right frame lines.
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "axes.facecolor": "white",
    "axes.edgecolor": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
WIDTH, HEIGHT = 640, 380
_EARLIER_YEAR = "#56B4E9"  # Okabe-Ito sky blue: an earlier financial year's cumulative line


@dataclass(frozen=True)
class Chart:
    """A rendered chart: SVG as a data URI, its text alternative, caption and data."""

    data_uri: str
    alt: str
    summary: str
    rows: tuple[tuple[str, str, str], ...] = ()
    caption: str = ""

    def img(self) -> str:
        return (
            f'<img class="chart" src="{self.data_uri}" alt="{escape(self.alt)}" '
            f'width="{WIDTH}" height="{HEIGHT}">'
        )

    def data_table(self) -> str:
        """The plotted figures as a table, folded away until asked for."""
        body = "".join(
            f'<tr><th scope="row">{escape(p)}</th><td class="kt-num">{escape(v)}</td>'
            f'<td class="kt-num">{escape(t)}</td></tr>'
            for p, v, t in self.rows
        )
        return (
            '<details class="kt-data"><summary>Chart data</summary><table>'
            f"<caption>{escape(self.caption)}</caption><thead><tr>"
            '<th scope="col">Period</th><th scope="col" class="kt-num">Figure</th>'
            '<th scope="col" class="kt-num">Target / baseline</th></tr></thead>'
            f"<tbody>{body}</tbody></table></details>"
        )


def _short(label: str) -> tuple[str, str]:
    # "Quarter 2 2023/24" -> ("Q2", "2023/24"); "September 2023" -> ("Sep", "2023").
    words = label.split()
    if len(words) == 3 and words[0] == "Quarter":
        return f"Q{words[1]}", words[2]
    if len(words) == 2:
        return words[0][:3], words[1]
    return label, ""


def tick_label(label: str) -> str:
    r"""A period's axis label in two short lines.

    Examples
    --------
    >>> tick_label("Quarter 2 2023/24"), tick_label("September 2023"), tick_label("Projected")
    ('Q2\n2023/24', 'Sep\n2023', 'Projected')
    """
    short, year = _short(label)
    return f"{short}\n{year}" if year else short


def tick_labels(labels: list[str], room: int = 1) -> list[str]:
    r"""Axis labels of consecutive periods: the year only under the first period and where
    it changes, so nine periods fit the chart's width without their years running together.

    ``room``: how many tick spaces a year needs so as not to run into the next year
    along (see :func:`year_room`). The first period's year is left out when the year
    changes again sooner: the next label names that year, and the first is the one before.

    A label without a year still has a second (empty) line when others have one:
    matplotlib sets a one-line label about a point higher than the first line of a
    two-line one, so the periods would not sit level.

    Examples
    --------
    >>> tick_labels(["Quarter 4 2022/23", "Quarter 1 2023/24", "Quarter 2 2023/24"])
    ['Q4\n2022/23', 'Q1\n2023/24', 'Q2\n']
    >>> tick_labels(["November 2023", "December 2023", "January 2024"])
    ['Nov\n2023', 'Dec\n', 'Jan\n2024']
    >>> tick_labels(["Quarter 3 2021/22", "Quarter 4 2021/22", "Quarter 1 2022/23"], room=3)
    ['Q3\n', 'Q4\n', 'Q1\n2022/23']
    """
    out, last, shown = [], None, None
    for i, label in enumerate(labels):
        short, year = _short(label)
        if year and year != last:
            if shown is not None and i - shown < room:
                out[shown] = out[shown].split("\n")[0]
            out.append(f"{short}\n{year}")
            shown = i
        else:
            out.append(short)
        last = year or last
    if any("\n" in label for label in out):
        out = [label if "\n" in label else f"{label}\n" for label in out]
    return out


# How wide a year ("2023/24") and the word "Projected" are beside the space a tick gets,
# as shares of the plot's width (about 63 and 40 of its 400 points, with room to spare).
_YEAR_SHARE = 0.158
_PROJECTED_SHARE = 0.1


def year_room(ticks: int) -> int:
    """How many tick spaces a year label needs on an axis of ``ticks`` periods.

    Examples
    --------
    >>> year_room(5), year_room(9), year_room(13)
    (1, 2, 3)
    """
    return 1 + int(_YEAR_SHARE * ticks)


def _projected_fits(ticks: int) -> bool:
    """Whether the word "Projected" fits under its tick beside the last period's label;
    when it does not, the dotted line and the legend name the projection."""
    return _PROJECTED_SHARE * ticks < 1


def _reference_label(history: pd.DataFrame) -> str:
    kinds = set(history.loc[history["target"].notna(), "target_kind"])
    if kinds == {"baseline"}:
        return "Baseline"
    return "Target" if kinds == {"target"} else "Target / baseline"


def _fy_label(year: int) -> str:
    return f"{year}/{str(year + 1)[2:]}"


def _describe(
    name: str, history: pd.DataFrame, unit: str, decimals: int, trend_next: float | None
) -> tuple[str, str]:
    values = history.dropna(subset=["value"])
    if values.empty:
        return f"Chart of {name}: no figures reported yet.", "No figures reported yet."
    first, last = values.iloc[0], values.iloc[-1]

    def fmt(v: float) -> str:
        return format_number(v, unit, decimals)

    parts = [
        f"{len(values)} period{'s' if len(values) != 1 else ''} from {first['label']} "
        f"({fmt(first['value'])}) to {last['label']} ({fmt(last['value'])})"
    ]
    targets = history.dropna(subset=["target"])
    if not targets.empty:
        latest = targets.iloc[-1]
        word = "baseline" if latest["target_kind"] == "baseline" else "target"
        parts.append(f"{word} for {latest['label']}: {fmt(latest['target'])}")
    if trend_next is not None and not math.isnan(trend_next):
        parts.append(f"projected linear trend for the next period: {fmt(trend_next)}")
    summary = "; ".join(parts) + "."
    # The alt text says what the picture is; the caption beside it gives the figures,
    # so a screen reader does not hear the same sentence twice.
    alt = f"Line chart of {name} by period, with its target or baseline where set."
    return alt, summary[0].upper() + summary[1:]


def _target_steps(xs: list[int], targets: list[float]) -> list[tuple[list[float], list[float]]]:
    """Each run of periods sharing targets as a stepped line spanning those periods."""
    runs: list[tuple[list[float], list[float]]] = []
    run_x: list[float] = []
    run_y: list[float] = []
    for x, t in zip(xs, targets, strict=True):
        if math.isnan(t):
            if run_x:
                runs.append(([*run_x, run_x[-1] + 1], [*run_y, run_y[-1]]))
            run_x, run_y = [], []
            continue
        run_x.append(x - 0.5)
        run_y.append(t)
    if run_x:
        runs.append(([*run_x, run_x[-1] + 1], [*run_y, run_y[-1]]))
    return runs


def history_chart(
    name: str,
    history: pd.DataFrame,
    *,
    unit: str = "count",
    decimals: int = 0,
    trend_next: float | None = None,
    stat_neighbours: float | None = None,
    england: float | None = None,
    cumulative: bool = False,
) -> Chart:
    """Draw a KPI's history with its target, comparators and projected trend.

    The value axis starts at zero when every figure is zero or more, so a small
    change is not drawn as a fall off a cliff; the target or baseline is a stepped
    line across the periods it applies to; a cumulative (year-to-date) series is
    one line per financial year, since it restarts each April.

    Parameters
    ----------
    name : str
        KPI name, used in the text alternative.
    history : DataFrame
        A KPI's history from the report model (see
        :data:`kpitools.model.table.HISTORY_COLUMNS`); ``fitted`` holds the trend line.
    trend_next : float, optional
        Projected value for the next period (drawn dashed, labelled "Projected").
    cumulative : bool
        Year-to-date figures: one line per financial year.

    Examples
    --------
    >>> h = pd.DataFrame({"period": ["2023-24 Q1", "2023-24 Q2"],
    ...     "label": ["Quarter 1 2023/24", "Quarter 2 2023/24"], "year": [2023, 2023],
    ...     "value": [90157, 96326], "target": [107236, 107236],
    ...     "target_kind": ["target", "target"], "illustrative": [False, False],
    ...     "current": [False, True], "fitted": [None, None]})
    >>> c = history_chart("Active library users", h)
    >>> c.data_uri.startswith("data:image/svg+xml;base64,"), c.alt[:30]
    (True, 'Line chart of Active library u')
    >>> c.rows[0]
    ('Quarter 1 2023/24', '90,157', '107,236')
    >>> _target_steps([0, 1, 2], [5.0, 5.0, float("nan")])
    [([-0.5, 0.5, 1.5], [5.0, 5.0, 5.0])]
    """
    periods = history["label"].tolist()
    xs = list(range(len(periods)))
    values = [float(v) for v in history["value"]]
    targets = [float(v) for v in history["target"]]
    # matplotlib types rc keys as a Literal of every setting name; ours are among them.
    with matplotlib.rc_context(CHART_RC):  # type: ignore[arg-type]
        fig, ax = chart_figure(WIDTH, HEIGHT)
        years = [_fy_label(int(y)) for y in history["year"]] if cumulative else [""] * len(periods)
        distinct = list(dict.fromkeys(years))
        for year in distinct:
            idx = [i for i in xs if years[i] == year]
            latest = year == distinct[-1]
            ax.plot(
                idx,
                [values[i] for i in idx],
                color=PALETTE["actual"] if latest else _EARLIER_YEAR,
                marker="o" if latest else "s",
                linewidth=2.5,
                label=f"Actual {year} (year to date)" if year else "Actual",
            )
        for i, (run_x, run_y) in enumerate(_target_steps(xs, targets)):
            ax.plot(
                run_x,
                run_y,
                drawstyle="steps-post",
                color=PALETTE["target"],
                linewidth=2,
                linestyle=(0, (6, 2)),
                label=_reference_label(history) if i == 0 else "_nolegend_",
            )
        projected = trend_next is not None and not math.isnan(trend_next) and bool(xs)
        ticks = len(periods) + projected
        labels = tick_labels(periods, year_room(ticks))
        if projected and trend_next is not None:
            fit = history["fitted"].dropna().tolist()
            fit_x = [*xs[len(xs) - len(fit) :], len(xs)]
            ax.plot(
                fit_x,
                [*fit, trend_next],
                color=PALETTE["trend"],
                linestyle=":",
                linewidth=2,
                label="Linear trend (projected)",
            )
            ax.plot(
                [len(xs)],
                [trend_next],
                marker="D",
                markerfacecolor="white",
                color=PALETTE["trend"],
                linestyle="none",
            )
            projection = "Projected" if _projected_fits(ticks) else ""
            labels.append(f"{projection}\n" if any("\n" in x for x in labels) else projection)
        last = len(xs) - 1
        if "current" in history and history["current"].any():
            last = int(history.index[history["current"]].tolist()[-1]) - int(history.index[0])
        if xs:
            ax.plot(
                [last],
                [values[last]],
                marker="o",
                markersize=13,
                markerfacecolor="none",
                markeredgewidth=2,
                color="#000000",
                linestyle="none",
                label="Current period",
            )
        comparators = [
            (stat_neighbours, "^", 10, PALETTE["neighbours"], "Statistical neighbours"),
            (england, "s", 9, PALETTE["england"], "England"),
        ]
        plotted = [v for v in [*values, *targets] if not math.isnan(v)]
        for value, marker, size, colour, label in comparators:
            if value is not None and not math.isnan(value) and xs:
                ax.plot(
                    [last], [value], marker=marker, color=colour, linestyle="none",
                    markersize=size, label=label,
                )  # fmt: skip
                plotted.append(float(value))
        if trend_next is not None and not math.isnan(trend_next):
            plotted.append(trend_next)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, unit, None))
        )
        ax.set_ylabel(axis_title(unit))
        ax.set_xlabel(period_axis_title([str(p) for p in history["period"]]))
        if plotted and min(plotted) >= 0:
            top = max(plotted) * 1.12 or 1.0
            if unit == "percent" and max(plotted) <= 100:
                top = min(top, 100.0) if max(plotted) > 0 else 100.0
            ax.set_ylim(0, top)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5))
        # Long year-to-date labels need two columns to stay inside the picture.
        lay_out(fig, ax, ncol=2 if cumulative else 3)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")
    alt, summary = _describe(name, history, unit, decimals, trend_next)
    rows = tuple(
        (p, format_number(v, unit, decimals), format_number(t, unit, decimals))
        for p, v, t in zip(periods, values, targets, strict=True)
    )
    if trend_next is not None and not math.isnan(trend_next):
        rows += (("Projected (linear trend)", format_number(trend_next, unit, decimals), "-"),)
    return Chart(
        f"data:image/svg+xml;base64,{encoded}", alt, summary, rows, data_table_caption(name)
    )
