"""History charts for KPI cards, with a text alternative that says what they show."""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from kpitools.wording.numbers import format_number

__all__ = ["PALETTE", "Chart", "history_chart"]

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = {
    "actual": "#0072B2",
    "target": "#D55E00",
    "trend": "#444444",
    "neighbours": "#009E73",
    "england": "#CC79A7",
}

_RC: dict[Any, Any] = {
    "svg.hashsalt": "kpitools",  # stable ids: the same data give the same file
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart: SVG as a data URI plus its text alternative."""

    data_uri: str
    alt: str
    summary: str

    def img(self) -> str:
        from html import escape

        return (
            f'<img class="chart" src="{self.data_uri}" alt="{escape(self.alt)}" '
            'width="560" height="230">'
        )


def _tick(label: str) -> str:
    # "Quarter 2 2023/24" -> "Q2" over "2023/24", "September 2023" -> "Sep" over "2023":
    # two short lines stay legible with eight periods.
    words = label.split()
    if words[0] == "Quarter":
        return f"Q{words[1]}\n{words[2]}"
    return f"{words[0][:3]}\n{words[1]}"


def _reference_label(history: pd.DataFrame) -> str:
    kinds = set(history.loc[history["target"].notna(), "target_kind"])
    if kinds == {"baseline"}:
        return "Baseline"
    return "Target" if kinds == {"target"} else "Target / baseline"


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
    return f"Line chart of {name}: {summary}", summary[0].upper() + summary[1:]


def history_chart(
    name: str,
    history: pd.DataFrame,
    *,
    unit: str = "count",
    decimals: int = 0,
    trend_next: float | None = None,
    stat_neighbours: float | None = None,
    england: float | None = None,
) -> Chart:
    """Draw a KPI's history with its target, comparators and projected trend.

    Parameters
    ----------
    name : str
        KPI name, used in the text alternative.
    history : DataFrame
        A KPI's history from the report model (see
        :data:`kpitools.model.table.HISTORY_COLUMNS`); ``fitted`` holds the trend line.
    trend_next : float, optional
        Projected value for the next period (drawn dashed, labelled "Projected").

    Examples
    --------
    >>> h = pd.DataFrame({"period": ["2023-24 Q1", "2023-24 Q2"],
    ...     "label": ["Quarter 1 2023/24", "Quarter 2 2023/24"], "value": [90157, 96326],
    ...     "target": [107236, 107236], "target_kind": ["target", "target"],
    ...     "illustrative": [False, False], "current": [False, True], "fitted": [None, None]})
    >>> c = history_chart("Active library users", h)
    >>> c.data_uri.startswith("data:image/svg+xml;base64,"), c.alt[:30]
    (True, 'Line chart of Active library u')
    """
    periods = history["period"].tolist()
    xs = list(range(len(periods)))
    with plt.rc_context(_RC), sns.axes_style("whitegrid"):
        fig, ax = plt.subplots(figsize=(5.6, 2.3), dpi=100)
        try:
            ax.plot(
                xs,
                history["value"],
                color=PALETTE["actual"],
                marker="o",
                linewidth=2,
                label="Actual",
            )
            if history["target"].notna().any():
                # A short bar at each period's target, joined where targets run on, so a
                # target set for one quarter only still shows.
                ax.plot(
                    xs,
                    history["target"],
                    color=PALETTE["target"],
                    linewidth=1.5,
                    linestyle=(0, (6, 2)),
                    marker="_",
                    markersize=14,
                    markeredgewidth=2,
                    label=_reference_label(history),
                )
            labels = [_tick(p) for p in history["label"]]
            if trend_next is not None and not math.isnan(trend_next) and xs:
                fit = history["fitted"].dropna().tolist()
                fit_x = [*xs[len(xs) - len(fit) :], len(xs)]
                ax.plot(
                    fit_x,
                    [*fit, trend_next],
                    color=PALETTE["trend"],
                    linestyle=":",
                    linewidth=1.5,
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
                labels.append("Projected")
            last = len(xs) - 1
            if "current" in history and history["current"].any():
                last = int(history.index[history["current"]].tolist()[-1]) - int(history.index[0])
            if xs:
                ax.plot(
                    [last],
                    [history["value"].iloc[last]],
                    marker="o",
                    markersize=11,
                    markerfacecolor="none",
                    markeredgewidth=2,
                    color="#000000",
                    linestyle="none",
                    label="Current period",
                )
            comparators = [
                (stat_neighbours, "^", 8, PALETTE["neighbours"], "Statistical neighbours"),
                (england, "s", 7, PALETTE["england"], "England"),
            ]
            for value, marker, size, colour, label in comparators:
                if value is not None and not math.isnan(value) and xs:
                    ax.plot(
                        [last], [value], marker=marker, color=colour, linestyle="none",
                        markersize=size, label=label,
                    )  # fmt: skip
            ax.set_xticks(range(len(labels)), labels, rotation=0, fontsize=6.5)
            ax.yaxis.set_major_formatter(
                matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, unit, None))
            )
            ax.margins(x=0.08, y=0.2)
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
            sns.despine(ax=ax)
            fig.tight_layout()
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")
    alt, summary = _describe(name, history, unit, decimals, trend_next)
    return Chart(f"data:image/svg+xml;base64,{encoded}", alt, summary)
