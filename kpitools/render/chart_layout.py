"""Where a chart's plot area and legend go, worked out from the few labels drawn around them.

matplotlib's constrained layout finds a chart's margins by drawing the whole figure once
more and measuring every artist in it; that was over a third of the cost of a chart. Here
only the strings that sit in the margins are measured (the tick labels in view, the axis
titles and the legend), with the text metrics the SVG is written with, and the plot area
is placed once: the legend centred along the bottom, the x-axis title and tick labels
above it, the value axis's labels to the left, and the plot taking the space left.

The figure is made at 72 dpi, the resolution matplotlib writes SVG at, so one figure
unit is one SVG user unit (a point) and what is measured here is what is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from io import StringIO
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["chart_figure", "lay_out"]

_DPI = 72  # matplotlib writes SVG at 72 dpi: one figure unit is one point of the SVG
_PX_PER_INCH = 100  # the <img> is drawn WIDTH x HEIGHT CSS px: 100 px to the figure's inch
_PAD = 3.0  # pt kept clear inside the canvas edge and between the legend and the axis title
_OFFSET_PAD = 3.0  # pt between the plot's top and a value axis's "1e6" (matplotlib's own pad)
# Tighter spacing for a legend too wide for the canvas, in font sizes (matplotlib's
# defaults are 2.0, 2.0, 0.8 and 0.4; the padding is invisible without a frame): tried
# before giving up a column, which would take a row's height from the plot.
_COMPACT_LEGEND: dict[str, float] = {
    "columnspacing": 1.0,
    "handlelength": 1.5,
    "handletextpad": 0.5,
    "borderpad": 0,
}


def chart_figure(width: int, height: int) -> tuple[Figure, Axes]:
    """A figure drawn ``width`` x ``height`` CSS px on the page, and its plot area.

    Made without pyplot, so no figure manager keeps it alive: it is freed with its last
    reference and needs no closing.

    Examples
    --------
    >>> fig, ax = chart_figure(640, 380)
    >>> round(float(fig.bbox.width), 1), round(float(fig.bbox.height), 1), fig.axes == [ax]
    (460.8, 273.6, True)
    """
    fig = Figure(figsize=(width / _PX_PER_INCH, height / _PX_PER_INCH), dpi=_DPI)
    ax = fig.add_subplot()
    # No minor ticks are drawn, but a draw would build one of each axis's kind to copy.
    ax.xaxis.minorTicks, ax.yaxis.minorTicks = [], []
    return fig, ax


@cache
def _renderer() -> RendererSVG:
    # The renderer savefig writes SVG with, kept for the process: its text metrics are
    # cached per renderer, and chart after chart measures the same labels.
    return RendererSVG(1, 1, StringIO())


def _box(fig: Figure, text: str, fontsize: Any, ha: str, va: str) -> Bbox:
    """The extent of ``text`` around the point it is anchored at, in points."""
    label = Text(0, 0, text, fontsize=fontsize, ha=ha, va=va)
    label.set_figure(fig)
    return label.get_window_extent(_renderer())


def _ticks(axis: Axis) -> tuple[list[float], list[str]]:
    """The positions and labels of the major ticks that will be drawn (those in view)."""
    lo, hi = sorted(axis.get_view_interval())
    locs = list(axis.get_major_locator()())
    # Formatted all together, as a draw does: a formatter may use every position (offset).
    labels = axis.get_major_formatter().format_ticks(locs)
    slack = 1e-10 * (hi - lo)  # matplotlib keeps a tick this close outside the view
    kept = [(x, s) for x, s in zip(locs, labels, strict=True) if lo - slack <= x <= hi + slack]
    return [x for x, _ in kept], [s for _, s in kept]


def _overhang(reach: float, share: float, room: float) -> float:
    """How far past the plot's edge a label reaching ``reach`` pt from its tick sticks
    out, when the tick is ``share`` of the plot's length in from that edge and the plot
    is ``room`` long before that overhang's margin is taken from it."""
    if share >= 1:
        return 0.0
    return max(0.0, (reach - share * room) / (1 - share))


def _legend(fig: Figure, ax: Axes, ncol: int, fontsize: Any) -> float:
    """Put the legend centred along the bottom of the canvas, in as few rows as fit its
    width, and say where its top is (0 without one)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return 0.0
    # As asked; then tighter; then a column fewer at a time, down to one.
    tries: list[tuple[int, dict[str, float]]] = [(ncol, {})] + [
        (n, _COMPACT_LEGEND) for n in range(ncol, 0, -1)
    ]
    for i, (columns, spacing) in enumerate(tries):
        legend = fig.legend(
            handles,
            labels,
            loc="lower center",
            ncol=columns,
            frameon=False,
            fontsize=fontsize,
            **spacing,
        )
        extent = legend.get_window_extent(_renderer())
        # Its own (invisible) border padding keeps its text off the canvas's edges.
        if extent.width <= fig.bbox.width or i == len(tries) - 1:
            break
        legend.remove()
    return float(extent.y1)


def lay_out(fig: Figure, ax: Axes, *, ncol: int, legend_fontsize: Any = None) -> None:
    """Put the legend below the plot, centred, and fit the plot into the space left.

    Call it last, when everything is plotted and the axes' limits, ticks and titles are
    set: it measures the tick labels in view, the axis titles and the legend, and sets
    the plot area so that all of them stay inside the canvas without overlapping.

    Parameters
    ----------
    fig, ax : Figure, Axes
        A figure from :func:`chart_figure` and its plot area.
    ncol : int
        Legend columns wanted; the legend gets fewer (and tighter spacing first) only if
        it would not fit the canvas's width.
    legend_fontsize : optional
        Legend text size; the ``legend.fontsize`` setting if None.

    Examples
    --------
    >>> fig, ax = chart_figure(640, 380)
    >>> _ = ax.plot([0, 1], [0, 5], label="Actual")
    >>> _ = ax.set_xlabel("Quarter")
    >>> lay_out(fig, ax, ncol=3)
    >>> left, bottom, right, top = ax.get_position().extents
    >>> bool(0 < left < right < 1 and 0 < bottom < top < 1), len(fig.legends)
    (True, 1)
    """
    rc = matplotlib.rcParams
    width, height = fig.bbox.width, fig.bbox.height
    renderer = _renderer()
    legend_top = _legend(fig, ax, ncol, legend_fontsize)

    x_locs, x_labels = _ticks(ax.xaxis)
    y_locs, y_labels = _ticks(ax.yaxis)
    x_boxes = [_box(fig, s, rc["xtick.labelsize"], "center", "top") for s in x_labels]
    y_boxes = [_box(fig, s, rc["ytick.labelsize"], "right", "center_baseline") for s in y_labels]

    def title(text: Text, size: str) -> float:
        extent = text.get_window_extent(renderer)
        return getattr(extent, size) + rc["axes.labelpad"] if text.get_text() else 0.0

    def out(boxes: Sequence[Bbox], mark: float, size: str) -> float:
        # Tick mark and gap, then the widest (or tallest) label.
        return mark + max(getattr(b, size) for b in boxes) if boxes else 0.0

    x_mark = rc["xtick.major.size"] + rc["xtick.major.pad"]
    y_mark = rc["ytick.major.size"] + rc["ytick.major.pad"]

    bottom = legend_top + _PAD + title(ax.xaxis.label, "height") + out(x_boxes, x_mark, "height")
    left = _PAD + title(ax.yaxis.label, "width") + out(y_boxes, y_mark, "width")
    right = _PAD
    top = _PAD
    offset = ax.yaxis.get_major_formatter().get_offset()
    if offset:
        top += _OFFSET_PAD + _box(fig, offset, rc["ytick.labelsize"], "left", "baseline").y1

    # The top value label may rise above the plot, the outer period labels past its
    # sides: a margin grows by what its label sticks out, which depends on the plot's size.
    if y_boxes:
        lo, hi = sorted(ax.get_ylim())
        share = (hi - y_locs[-1]) / (hi - lo)
        top = max(top, _PAD + _overhang(y_boxes[-1].y1, share, height - bottom - _PAD))
    if x_boxes:
        x_lo, x_hi = sorted(ax.get_xlim())
        first = (x_locs[0] - x_lo) / (x_hi - x_lo)
        last = (x_hi - x_locs[-1]) / (x_hi - x_lo)
        floor_left = left
        # Each side's margin is exact given the other's; twice settles both (they
        # interact only through the plot's width, by a small share of it).
        for _ in range(2):
            right = _PAD + _overhang(x_boxes[-1].x1, last, width - left - _PAD)
            left = max(floor_left, _PAD + _overhang(-x_boxes[0].x0, first, width - right - _PAD))
    ax.set_position(
        (
            left / width,
            bottom / height,
            (width - left - right) / width,
            (height - bottom - top) / height,
        )
    )
