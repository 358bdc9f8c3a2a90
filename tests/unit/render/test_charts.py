"""What a history chart says in words: its axis titles name quarters or months as the
figures are, and the value axis names the unit; and how it is laid out: every label and
the legend inside the canvas, none over another."""

import base64
import itertools
import re
from io import StringIO

import pandas as pd
import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.text import Text

from kpitools.render.charts import HEIGHT, WIDTH, history_chart, tick_labels
from tests.unit.render.layout_checks import check_layout, legend_texts, svg_size


def _history(periods: list[str], labels: list[str]) -> pd.DataFrame:
    n = len(periods)
    return pd.DataFrame(
        {
            "period": periods,
            "label": labels,
            "year": [2023] * n,
            "value": [10.0 + i for i in range(n)],
            "target": [12.0] * n,
            "target_kind": ["target"] * n,
            "illustrative": [False] * n,
            "current": [False] * (n - 1) + [True],
            "fitted": [None] * n,
        }
    )


def _svg_text(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


@pytest.mark.parametrize(
    "periods, labels, title, wrong",
    [
        (
            ["2023-24 Q1", "2023-24 Q2"],
            ["Quarter 1 2023/24", "Quarter 2 2023/24"],
            "Quarter (financial year)",
            "Month",
        ),
        (
            ["2023-08", "2023-09"],
            ["August 2023", "September 2023"],
            "Month",
            "Quarter (financial year)",
        ),
    ],
)
def test_the_time_axis_names_quarters_or_months(periods, labels, title, wrong):
    svg = _svg_text(history_chart("A KPI", _history(periods, labels)).data_uri)
    assert title in svg
    assert wrong not in svg


def test_nine_periods_print_each_year_once_so_the_labels_do_not_run_together():
    labels = [
        f"Quarter {q} {y}"
        for y, qs in (("2021/22", "34"), ("2022/23", "1234"), ("2023/24", "12"))
        for q in qs
    ]
    svg = _svg_text(
        history_chart("A KPI", _history([f"p{i} Q" for i in range(8)], labels)).data_uri
    )
    # Each financial year once, under its first quarter shown.
    assert [svg.count(year) for year in ("2021/22", "2022/23", "2023/24")] == [1, 1, 1]


def _quarters(start: int, first_quarter: int, n: int) -> pd.DataFrame:
    """``n`` consecutive quarters from ``first_quarter`` of financial year ``start``."""
    rows = []
    for i in range(n):
        year, quarter = start + (first_quarter - 1 + i) // 4, (first_quarter - 1 + i) % 4 + 1
        rows.append(
            (
                f"{year}-{(year + 1) % 100:02d} Q{quarter}",
                f"Quarter {quarter} {year}/{(year + 1) % 100:02d}",
                year,
            )
        )
    return pd.DataFrame(rows, columns=["period", "label", "year"])


def _with_figures(frame: pd.DataFrame, values: list[float], target: float) -> pd.DataFrame:
    n = len(frame)
    return frame.assign(
        value=values,
        target=[target] * n,
        target_kind=["target"] * n,
        illustrative=[False] * n,
        current=[i == n - 1 for i in range(n)],
        fitted=[None] * n,
    )


def _actuals(*years: str) -> list[str]:
    return [f"Actual {y} (year to date)" for y in years]


# Quarter 2 2021/22 to Quarter 2 2023/24: nine quarters, three financial years.
_NINE = _quarters(2021, 2, 9)
# Quarter 3 2021/22 to Quarter 2 2024/25: twelve quarters, four financial years.
_TWELVE = _quarters(2021, 3, 12)
_MONTHS = pd.DataFrame(
    {
        "period": [f"2023-{m:02d}" for m in range(4, 13)],
        "label": [
            f"{name} 2023"
            for name in [
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ]
        ],
        "year": [2023] * 9,
    }
)
_ALL_COMPARATORS = [
    "Target",
    "Linear trend (projected)",
    "Current period",
    "Statistical neighbours",
    "England",
]


@pytest.mark.parametrize(
    "history, options, entries",
    [
        pytest.param(
            # Seven-digit values, a projection and both comparators: eight legend entries.
            _with_figures(
                _NINE, [1.2e6, 2.5e6, 3.9e6, 1.2e6, 2.5e6, 3.9e6, 5.0e6, 1.2e6, 2.5e6], 4e6
            ).assign(fitted=[None] * 6 + [5.0e6, 1.2e6, 2.4e6]),
            {"cumulative": True, "trend_next": 3.6e6, "stat_neighbours": 2.1e6, "england": 2.0e6},
            [*_actuals("2021/22", "2022/23", "2023/24"), *_ALL_COMPARATORS],
            id="year-to-date-three-years-every-comparator",
        ),
        pytest.param(
            # 96% at most: the axis stops at 100%, a tick label level with the plot's top.
            _with_figures(_TWELVE, [95.0, 96, 95, 95, 96, 95, 94, 93, 93, 94, 95, 91], 90),
            {"cumulative": True, "unit": "percent"},
            [*_actuals("2021/22", "2022/23", "2023/24", "2024/25"), "Target", "Current period"],
            id="year-to-date-four-years-percent",
        ),
        pytest.param(
            _with_figures(_MONTHS, [90157.0 + 800 * i for i in range(9)], 107236),
            {"trend_next": 98000.0, "stat_neighbours": 95000.0, "england": 99000.0},
            ["Actual", *_ALL_COMPARATORS],
            id="nine-months-every-comparator",
        ),
        pytest.param(
            _with_figures(_NINE.head(0), [], 0), {"unit": "percent"}, [], id="no-figures-yet"
        ),
    ],
)
def test_every_label_and_the_legend_fit_the_canvas_without_overlapping(
    saved, history, options, entries
):
    chart = history_chart("A KPI", history, **options)
    # The canvas the page shows at WIDTH x HEIGHT px: SVG points at 72 to the inch, 100 px.
    width, height = svg_size(chart.data_uri)
    assert float(width.removesuffix("pt")) == pytest.approx(WIDTH * 72 / 100)
    assert float(height.removesuffix("pt")) == pytest.approx(HEIGHT * 72 / 100)
    (fig,) = saved
    check_layout(fig)
    # Every entry, in the order drawn, however many rows the legend needs.
    assert legend_texts(fig) == entries


def test_the_same_history_gives_the_same_svg():
    history = _with_figures(_NINE, [float(i) for i in range(9)], 5)
    a = history_chart("A KPI", history, cumulative=True, trend_next=9.0)
    assert a.data_uri == history_chart("A KPI", history, cumulative=True, trend_next=9.0).data_uri


def _tick_lines(fig) -> dict[int, list[tuple[str, float, float]]]:
    """Each line of the period labels (first: quarters, second: years) as the text and
    the left and right ends of where it is drawn, in points, left to right."""
    renderer = RendererSVG(fig.bbox.width, fig.bbox.height, StringIO())
    (ax,) = fig.axes
    lines: dict[int, list[tuple[str, float, float]]] = {0: [], 1: []}
    for label in ax.get_xticklabels():
        if not label.get_text():
            continue
        box = label.get_window_extent(renderer)
        centre = (box.x0 + box.x1) / 2  # every line is centred under the tick
        for i, text in enumerate(label.get_text().split("\n")):
            if not text:
                continue  # the empty second line that keeps one-line labels level
            line = Text(0, 0, text, fontsize=label.get_fontsize())
            line.set_figure(fig)
            width = line.get_window_extent(renderer).width
            lines[i].append((text, centre - width / 2, centre + width / 2))
    return lines


@pytest.mark.parametrize("n", [5, 8, 9, 12, 13, 16])
def test_period_labels_never_run_into_each_other(saved, n):
    # n quarters from Quarter 3 2020/21, then the projected next period: n + 1 ticks.
    history = _with_figures(_quarters(2020, 3, n), [float(i) for i in range(n)], 5)
    history_chart("A KPI", history, trend_next=float(n))
    (fig,) = saved
    lines = _tick_lines(fig)
    for line in lines.values():
        for (a, _, a_right), (b, b_left, _) in itertools.pairwise(line):
            assert a_right < b_left, (a, b)
    texts = [t for t, _, _ in lines[0] + lines[1]]
    # Every financial year after the first is named under its first quarter, which is the
    # third tick (Quarter 1 2021/22), the seventh, and every fourth after ...
    later = [f"{2020 + k}/{(21 + k) % 100:02d}" for k in range(1, 6) if 2 + 4 * (k - 1) < n]
    assert [y for y in later if y not in texts] == []
    # ... and "Projected" only while it fits beside the last quarter (nine periods or fewer).
    assert ("Projected" in texts) == (n + 1 < 10)


def test_a_crowded_axis_leaves_out_the_first_year_rather_than_overprint_it():
    # Quarter 3 and 4 of 2021/22 then Quarter 1 2022/23: on thirteen ticks the two years
    # would meet, so the first is left for the reader to infer from the second.
    labels = ["Quarter 3 2021/22", "Quarter 4 2021/22", "Quarter 1 2022/23"]
    assert tick_labels(labels, room=3) == ["Q3\n", "Q4\n", "Q1\n2022/23"]
    assert tick_labels(labels, room=2) == ["Q3\n2021/22", "Q4\n", "Q1\n2022/23"]


def test_every_period_label_sits_level_with_the_others():
    # Quarter 3 2021/22 to Quarter 2 2022/23 with a projection: labels of one and of two
    # lines; each first line's baseline must be at the same height in the SVG.
    history = _with_figures(_quarters(2021, 3, 4), [1.0, 2.0, 3.0, 4.0], 5)
    svg = _svg_text(history_chart("A KPI", history, trend_next=5.0).data_uri)
    firsts = re.findall(r"translate\([\d.]+ ([\d.]+)\)\">(?:Q\d|Projected)</text>", svg)
    assert len(firsts) == 5
    assert max(map(float, firsts)) - min(map(float, firsts)) < 0.01
