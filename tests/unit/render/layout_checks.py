"""Checks that a saved chart's labels, titles and legend fit its canvas without overlapping."""

import base64
import re
from io import StringIO

import matplotlib
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

# The most a chart may leave empty along an edge, in points (a third of a line of its
# 13-14 pt text): more and the plot is smaller than the labels around it need it to be.
EDGE = 4.5


def svg_size(data_uri: str) -> tuple[str, str]:
    """The width and height an SVG data URI declares."""
    svg = base64.b64decode(data_uri.split(",", 1)[1]).decode("utf-8")
    found = re.search(r'<svg[^>]*\swidth="([^"]+)"\s+height="([^"]+)"', svg)
    assert found is not None
    return found.group(1), found.group(2)


def check_layout(fig: Figure) -> None:
    """Everything drawn lies inside the canvas; the value axis's labels sit left of the plot
    and the period axis's below it; the legend below those without touching them; and the
    plot takes the space left (no edge has more than ``EDGE`` points to spare).

    Measured with the text metrics the SVG is written with, at the 72 dpi it is written at.
    """
    assert fig.dpi == 72
    canvas = fig.bbox
    renderer = RendererSVG(canvas.width, canvas.height, StringIO())
    (ax,) = fig.axes
    drawn = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)  # inches -> points
    assert drawn.x0 >= 0 and drawn.y0 >= 0, drawn
    assert drawn.x1 <= canvas.width and drawn.y1 <= canvas.height, drawn
    # (Not the axis's whole box: a "1e6" above the plot belongs to it.)
    for label in [ax.yaxis.label, *ax.get_yticklabels()]:
        assert label.get_window_extent(renderer).x1 <= ax.bbox.x0, label
    periods = ax.xaxis.get_tightbbox(renderer)
    assert periods.y1 <= ax.bbox.y0
    bottom_edge = EDGE
    if fig.legends:
        (legend,) = fig.legends
        box = legend.get_window_extent(renderer)
        assert box.y1 <= periods.y0, (box, periods)
        assert box.x0 >= 0 and box.x1 <= canvas.width, box
        # matplotlib keeps a legend placed at an edge this far from it (half a line).
        gap = matplotlib.rcParams["legend.borderaxespad"] * legend.get_texts()[0].get_fontsize()
        bottom_edge = gap + EDGE
    assert drawn.x0 <= EDGE and canvas.width - drawn.x1 <= EDGE, drawn
    assert canvas.height - drawn.y1 <= EDGE and drawn.y0 <= bottom_edge, drawn


def legend_texts(fig: Figure) -> list[str]:
    """The legend's entries, in order (none without a legend)."""
    return [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else []
