"""A big committee's charts drawn ahead on every core are the ones its notebook shows."""

import pytest

import kpitools.render.charts
import kpitools.render.spc_chart
from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.pipeline import charts
from kpitools.render.appendix import Appendix
from kpitools.render.chart_cache import chart_tasks


@pytest.fixture(scope="module")
def model():
    return build_report(load(), "cosmic", "2023-24 Q2")


def _no_drawing(*args, **kwargs):
    raise AssertionError("the notebook drew a chart that was drawn ahead")


def test_charts_drawn_ahead_are_every_chart_the_appendix_shows(model, tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "PARALLEL_FROM", 1)
    cache = tmp_path / "charts"
    # Seed 004's 19 cards: 19 history charts and an XmR chart for each KPI with limits.
    expected = len(chart_tasks(model))
    assert expected > 19
    assert charts.draw_ahead([model], cache, notebooks=1, cores=2) == expected
    assert chart_tasks(model, cache) == []
    monkeypatch.setattr(kpitools.render.charts, "history_chart", _no_drawing)
    monkeypatch.setattr(kpitools.render.spc_chart, "spc_chart", _no_drawing)
    assert Appendix(model, str(cache)).cards().count('class="kt-card"') == 19


def test_nothing_is_drawn_ahead_when_the_notebooks_fill_the_cores(model, tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "PARALLEL_FROM", 1)
    assert charts.draw_ahead([model], tmp_path, notebooks=2, cores=2) == 0
    assert len(chart_tasks(model, tmp_path)) == len(chart_tasks(model))


def test_a_few_missing_charts_are_left_to_the_kernel(model, tmp_path):
    assert len(chart_tasks(model)) < charts.PARALLEL_FROM
    assert charts.draw_ahead([model], tmp_path, notebooks=1, cores=2) == 0
