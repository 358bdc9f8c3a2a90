"""The XmR chart: reproducible SVG, Making Data Count colours and shapes, a text alternative,
and every label, the legend and a rebase's note inside the canvas without overlapping."""

import base64
from io import StringIO

import docx
import pandas as pd
import pytest
from matplotlib.backends.backend_svg import RendererSVG

from kpitools.data.load import load
from kpitools.data.settings import SpcSettings
from kpitools.model.report import build_report
from kpitools.model.spc import kpi_spc
from kpitools.render.covering import write_covering_report
from kpitools.render.spc_block import spc_card
from kpitools.render.spc_chart import COLOURS, SPC_HEIGHT, SPC_WIDTH, spc_chart
from kpitools.render.spc_icons import assurance_icon, variation_icon
from tests.unit.render.layout_checks import check_layout, legend_texts, svg_size


def _spc(values, target=None, improvement="up", rebases=()):
    periods = [
        f"{2015 + i // 4}-{(16 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(len(values))
    ]
    h = pd.DataFrame(
        {
            "period": periods,
            "label": periods,
            "value": values,
            "illustrative": [False] * len(values),
        }
    )
    return kpi_spc(
        h, improvement, target, SpcSettings(), cumulative=False, frequency="quarterly",
        rebases=rebases,
    )  # fmt: skip


def _svg(chart):
    return base64.b64decode(chart.data_uri.split(",", 1)[1]).decode("utf-8")


# 9, 11 x5 then 20: the last value is beyond the upper limit (see tests/unit/rules/test_spc.py).
BEYOND = [9, 11] * 5 + [20]


def test_reproducible_and_coloured_by_signal():
    a, b = spc_chart("Visits", _spc(BEYOND, 15)), spc_chart("Visits", _spc(BEYOND, 15))
    assert a.data_uri == b.data_uri
    svg = _svg(a)
    assert COLOURS["improvement"].lower() in svg.lower()
    assert COLOURS["concern"].lower() not in svg.lower()
    concern = _svg(spc_chart("Visits", _spc(BEYOND, improvement="down")))
    assert COLOURS["concern"].lower() in concern.lower()
    assert "Process limits" in svg and "Target" in svg


def test_alt_text_names_the_special_cause_and_limits():
    alt = spc_chart("Visits", _spc(BEYOND)).alt
    assert "11 figures" in alt and "special cause improvement" in alt
    assert "2017-18 Q3" in alt  # the 11th quarter from 2015-16 Q1


def test_a_rebase_is_drawn_and_said_in_the_alt_text_and_on_the_card():
    # Limits restart at the 7th quarter (2016-17 Q3), for the reason given in the data.
    values = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22]
    s = _spc(values, rebases=[("2016-17 Q3", "New definition")])
    chart = spc_chart("Visits", s)
    assert "Rebased: New definition" in _svg(chart)
    assert "Limits recalculated from 2016-17 Q3: New definition." in chart.alt
    row = {"kpi_id": "v", "name": "Visits", "unit": "count", "decimals": 0, "direction": "up"}
    notes = spc_card({**row, "status": "Green"}, s)["notes"]
    assert "Limits recalculated from 2016-17 Q3: New definition." in notes
    assert "Rebased" not in _svg(spc_chart("Visits", _spc(values)))


def test_every_note_under_the_chart_is_a_sentence():
    # The notes follow the card's sentence in one caption: provisional limits (the limits
    # restart at the 5th of 8 quarters, so 4 of the 12 figures stable limits need), the
    # rebase, year-to-date increments and illustrative data.
    values = [10, 12, 10, 12, 20, 22, 20, 22]
    s = _spc(values, rebases=[("2016-17 Q1", "New definition")])
    h = pd.DataFrame(
        {
            "period": ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3"],
            "label": ["Q1", "Q2", "Q3"],
            "value": [100.0, 250.0, 330.0],
            "illustrative": [True] * 3,
        }
    )
    ytd = kpi_spc(h, "up", None, SpcSettings(), cumulative=True, frequency="quarterly")
    row = {"kpi_id": "v", "name": "Visits", "unit": "count", "decimals": 0, "direction": "up"}
    notes = spc_card({**row, "status": "Green"}, s)["notes"]
    notes += spc_card({**row, "status": "Green"}, ytd)["notes"]
    assert "Limits are provisional: 4 figures, 12 needed for stable limits." in notes
    assert len(notes) >= 4
    assert [n for n in notes if not n.endswith(".")] == []


def test_no_limits_is_refused():
    with pytest.raises(ValueError, match="no process limits"):
        spc_chart("Visits", _spc([5.0]))


def test_icons_are_accessible_images_with_visible_labels():
    icon = str(variation_icon("special cause concern", "down"))
    assert 'role="img"' in icon and "<title>" in icon
    assert "Special cause: concern" in icon
    # Concern for a "down" KPI: the figures are high (H), not low.
    assert ">H</text>" in icon and ">L</text>" not in icon
    assert ">L</text>" in str(variation_icon("special cause concern", "up"))
    assert "Consistently failing" in str(assurance_icon("consistently failing"))
    assert str(assurance_icon(None)) == ""


def test_covering_report_lists_disagreements_first_in_html_and_word(tmp_path):
    # Sample data: deaths within 5 days is Red with a shift above its mean (improvement);
    # course achievement is Green with its latest figure below the lower limit (concern).
    html, word = write_covering_report(build_report(load(), "cosmic", "2024-25 Q2"), tmp_path)
    text = html.read_text(encoding="utf-8")
    table = text[text.index('<table class="kt-spc-table">') :]
    rows = table.split("<tr")[2:]
    assert "kpi-adult-skills-achievement" in rows[0] and "Disagree" in rows[0]
    assert "kpi-deaths-registered-5-days" in rows[1] and "Disagree" in rows[1]
    assert "Disagree" not in rows[2]
    grid = next(
        t for t in docx.Document(str(word)).tables if t.rows[0].cells[0].text == "Indicator"
    )
    assert grid.rows[1].cells[0].text.endswith("(Disagree)")
    assert grid.rows[2].cells[1].text == "▲ Red"


def test_seven_digit_figures_and_every_legend_entry_fit_the_canvas(saved):
    # 900,000 and 1,100,000 alternating, then 2,000,000 and 0: mean 1,000,000, average
    # moving range (19 x 200,000 + 900,000 + 2,000,000) / 21 = 319,048, so limits
    # 1,000,000 +/- 2.66 x 319,048 = 151,333 to 1,848,667: the last two points are beyond
    # them, above (improvement, for an "up" KPI) and below (concern).
    values = [900_000, 1_100_000] * 10 + [2_000_000, 0]
    chart = spc_chart("Visits", _spc(values, target=1_500_000))
    width, height = svg_size(chart.data_uri)
    # The canvas the page shows at SPC_WIDTH x SPC_HEIGHT px: points at 72 to 100 px.
    assert float(width.removesuffix("pt")) == pytest.approx(SPC_WIDTH * 72 / 100)
    assert float(height.removesuffix("pt")) == pytest.approx(SPC_HEIGHT * 72 / 100)
    (fig,) = saved
    check_layout(fig)
    assert legend_texts(fig) == [
        "Special cause improvement",
        "Special cause concern",
        "Target",
        "Mean",
        "Process limits",
    ]


@pytest.mark.parametrize("at", [2, 6, 9])
def test_a_rebase_note_stays_inside_the_plot(saved, at):
    # Twelve quarters, limits restarting at the third, seventh or tenth: near the left,
    # in the middle (the note is written rightwards from there) and near the right.
    values = [10, 12] * 6
    periods = [f"{2015 + i // 4}-{(16 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(12)]
    reason = "Medical Examiners Scheme from 9 September 2024 changed the measure"
    spc_chart("Deaths", _spc(values, rebases=[(periods[at], reason)]))
    (fig,) = saved
    check_layout(fig)
    (ax,) = fig.axes
    (note,) = ax.texts
    box = note.get_window_extent(RendererSVG(fig.bbox.width, fig.bbox.height, StringIO()))
    plot = ax.bbox
    assert plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 and box.y1 <= plot.y1
