"""The XmR chart: reproducible SVG, Making Data Count colours and shapes, a text alternative."""

import base64

import docx
import pandas as pd
import pytest

from kpitools.data.load import load
from kpitools.data.settings import SpcSettings
from kpitools.model.report import build_report
from kpitools.model.spc import kpi_spc
from kpitools.render.covering import write_covering_report
from kpitools.render.spc_block import spc_card
from kpitools.render.spc_chart import COLOURS, spc_chart
from kpitools.render.spc_icons import assurance_icon, variation_icon


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
