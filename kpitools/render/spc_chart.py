"""XmR (statistical process control) chart of a KPI, in the Making Data Count style.

A grey process line with dots, the mean solid, the process limits dashed;
special-cause improvement points blue and concern points orange, each with its
own marker shape (so colour is never the only cue); the target as a line; each
rebase annotated. The SVG is byte-reproducible (fixed hash salt, text as text,
no date) and comes with a text alternative.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from dataclasses import dataclass
from html import escape

import matplotlib

from kpitools.model.spc import KpiSpc
from kpitools.render.chart_layout import chart_figure, lay_out
from kpitools.render.charts import CHART_RC, tick_labels
from kpitools.render.spc_icons import COLOURS
from kpitools.wording.charts import axis_title, period_axis_title
from kpitools.wording.numbers import format_number
from kpitools.wording.spc import VARIATION_LABELS, rebase_note

__all__ = ["COLOURS", "SPC_HEIGHT", "SPC_WIDTH", "SpcChart", "spc_chart"]

# Improvement up-triangles, concern down-triangles, neutral diamonds: shape as well as colour.
_MARKERS = {"improvement": "^", "concern": "v", "neutral": "D"}
_SIGNAL_WORDS = {
    "improvement": "special cause improvement",
    "concern": "special cause concern",
    "neutral": "special cause",
}
SPC_WIDTH, SPC_HEIGHT = 640, 340


@dataclass(frozen=True)
class SpcChart:
    """A rendered XmR chart: SVG data URI and its text alternative."""

    data_uri: str
    alt: str

    def img(self) -> str:
        return (
            f'<img class="chart kt-spc-chart" src="{self.data_uri}" alt="{escape(self.alt)}" '
            f'width="{SPC_WIDTH}" height="{SPC_HEIGHT}">'
        )


def _alt(name: str, spc: KpiSpc, unit: str, decimals: int) -> str:
    r = spc.result
    assert r is not None

    def fmt(v: float) -> str:
        return format_number(v, unit, decimals=decimals)

    flagged = r.points[r.points["special_cause"]]
    parts = [
        f"Statistical process control chart of {name}: {len(r.points)} figures from "
        f"{spc.labels[0]} to {spc.labels[-1]}, mean {fmt(r.mean)}, process limits "
        f"{fmt(r.lower)} to {fmt(r.upper)}.",
    ]
    labels = dict(zip(spc.periods, spc.labels, strict=True))
    parts += [
        rebase_note(labels[str(p)], reason)
        for p, reason in zip(r.points.index, r.points["rebase"], strict=True)
        if reason
    ]
    if len(flagged):
        listed = "; ".join(
            f"{labels[str(p)]} ({_SIGNAL_WORDS[s]})"
            for p, s in zip(flagged.index, flagged["signal"], strict=True)
        )
        parts.append(f"Special causes: {listed}.")
    else:
        parts.append("No special causes.")
    latest = VARIATION_LABELS.get(r.variation or "", "")
    if latest:
        parts.append(f"Latest figure: {latest.lower()}.")
    if r.target is not None:
        parts.append(f"Target {fmt(r.target)}.")
    return " ".join(parts)


def spc_chart(name: str, spc: KpiSpc, unit: str = "count", decimals: int = 0) -> SpcChart:
    """Draw a KPI's XmR chart (the KPI must have process limits).

    Examples
    --------
    >>> import pandas as pd
    >>> from kpitools.data.settings import SpcSettings
    >>> from kpitools.model.spc import kpi_spc
    >>> h = pd.DataFrame({"period": ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3"],
    ...                   "label": ["Q1", "Q2", "Q3"], "value": [10.0, 12.0, 11.0],
    ...                   "illustrative": [False] * 3})
    >>> s = kpi_spc(h, "up", 9.0, SpcSettings(), cumulative=False, frequency="quarterly")
    >>> c = spc_chart("Visits", s)
    >>> c.data_uri.startswith("data:image/svg+xml;base64,"), c.alt[:33]
    (True, 'Statistical process control chart')
    """
    r = spc.result
    if r is None:
        raise ValueError(f"{name}: no process limits to draw ({spc.reason})")
    points = r.points
    xs = list(range(len(points)))
    buffer = io.StringIO()
    with matplotlib.rc_context(CHART_RC):  # type: ignore[arg-type]
        fig, ax = chart_figure(SPC_WIDTH, SPC_HEIGHT)
        ax.plot(xs, points["value"], color=COLOURS["process"], linewidth=1.5, zorder=2)
        ax.scatter(xs, points["value"], color=COLOURS["process"], s=22, zorder=3)
        rebased = False
        for seg_id, seg in points.groupby("segment", sort=True):
            sx = [xs[points.index.get_loc(i)] for i in seg.index]
            span = [sx[0] - 0.4, sx[-1] + 0.4]
            mean, lower, upper = seg["mean"].iloc[0], seg["lower"].iloc[0], seg["upper"].iloc[0]
            if math.isnan(mean):
                continue
            ax.plot(span, [mean] * 2, color=COLOURS["mean"], linewidth=1.4)
            for limit in (lower, upper):
                ax.plot(span, [limit] * 2, color=COLOURS["limit"], linestyle="--", linewidth=1.2)
            reason = seg["rebase"].iloc[0]
            if seg_id and reason:
                ax.axvline(sx[0] - 0.5, color="#444444", linestyle=":", linewidth=1)
                # Wrapped, pinned to the top of the plot (with headroom made below) and
                # written away from the nearer edge, so a long reason stays inside it.
                right = sx[0] > len(xs) / 2
                ax.annotate(
                    textwrap.fill(f"Rebased: {reason}", 26),
                    (sx[0] - (0.55 if right else 0.45), 0.98),
                    xycoords=("data", "axes fraction"),
                    fontsize=13,
                    va="top",
                    ha="right" if right else "left",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                )
                rebased = True
        for signal, marker in _MARKERS.items():
            mask = points["signal"] == signal
            if mask.any():
                ax.scatter(
                    [x for x, m in zip(xs, mask, strict=True) if m],
                    points.loc[mask, "value"],
                    color=COLOURS[signal],
                    marker=marker,
                    s=80,
                    zorder=4,
                    edgecolors="white",
                    linewidths=0.6,
                    label=_SIGNAL_WORDS[signal].capitalize(),
                )
        if r.target is not None:
            ax.axhline(r.target, color=COLOURS["target"], linewidth=1.4, label="Target")
        if rebased:
            bottom, top = ax.get_ylim()
            ax.set_ylim(bottom, top + 0.35 * (top - bottom))
        ax.plot([], [], color=COLOURS["mean"], label="Mean")
        ax.plot([], [], color=COLOURS["limit"], linestyle="--", label="Process limits")
        step = max(1, len(xs) // 6)
        ax.set_xticks(xs[::step], tick_labels([spc.labels[i] for i in xs[::step]]))
        ax.set_ylabel(axis_title(unit))
        ax.set_xlabel(period_axis_title(list(spc.periods)))
        # Below the plot, so the periods get the chart's whole width.
        lay_out(fig, ax, ncol=2, legend_fontsize=13)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")
    return SpcChart(f"data:image/svg+xml;base64,{encoded}", _alt(name, spc, unit, decimals))
