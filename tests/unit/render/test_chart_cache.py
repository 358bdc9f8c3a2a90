"""Charts kept by their data: read back exactly as drawn, redrawn when the data change,
and a page whose charts are all kept never imports matplotlib."""

import subprocess
import sys

import pandas as pd
import pytest

import kpitools.render.charts
import kpitools.render.spc_chart
from kpitools.data.settings import SpcSettings
from kpitools.model.spc import kpi_spc
from kpitools.render.chart_cache import cached_history_chart, cached_spc_chart
from kpitools.render.charts import history_chart
from kpitools.render.spc_chart import spc_chart


def _spc(values):
    periods = [f"2023-24 Q{i + 1}" for i in range(len(values))]
    history = pd.DataFrame(
        {
            "period": periods,
            "label": periods,
            "value": values,
            "illustrative": [False] * len(values),
        }
    )
    return kpi_spc(history, "up", 9.0, SpcSettings(), cumulative=False, frequency="quarterly")


def _history(values):
    periods = [f"2023-24 Q{i + 1}" for i in range(len(values))]
    return pd.DataFrame(
        {"period": periods, "label": periods, "year": [2023] * len(values), "value": values,
         "target": [11.0] * len(values), "target_kind": ["target"] * len(values),
         "illustrative": [False] * len(values), "current": [False] * (len(values) - 1) + [True],
         "fitted": [float("nan")] * len(values)}
    )  # fmt: skip


def _no_drawing(*args, **kwargs):
    raise AssertionError("drawn again although the chart is kept")


def test_a_kept_spc_chart_is_the_chart_drawn_and_is_not_drawn_again(tmp_path, monkeypatch):
    spc = _spc([10.0, 12.0, 11.0, 13.0])
    drawn = spc_chart("Visits", spc, unit="count", decimals=0)
    first = cached_spc_chart(tmp_path, "Visits", spc, "count", 0)
    assert (first.img(), first.alt, first.data_uri) == (drawn.img(), drawn.alt, drawn.data_uri)
    monkeypatch.setattr(kpitools.render.spc_chart, "spc_chart", _no_drawing)
    again = cached_spc_chart(tmp_path, "Visits", spc, "count", 0)
    assert (again.img(), again.alt) == (drawn.img(), drawn.alt)
    # Another figure, another unit or another name is another chart.
    for args in [
        ("Visits", _spc([10.0, 12.0, 11.0, 14.0]), "count", 0),
        ("Visits", spc, "percent", 0),
        ("Library visits", spc, "count", 0),
    ]:
        with pytest.raises(AssertionError, match="drawn again"):
            cached_spc_chart(tmp_path, *args)


def test_a_kept_history_chart_is_the_chart_drawn(tmp_path, monkeypatch):
    history = _history([10.0, 12.0, 11.0])
    drawn = history_chart("Visits", history, unit="count", decimals=0)
    cached_history_chart(tmp_path, "Visits", history, unit="count", decimals=0)
    monkeypatch.setattr(kpitools.render.charts, "history_chart", _no_drawing)
    again = cached_history_chart(tmp_path, "Visits", history, unit="count", decimals=0)
    assert (again.img(), again.data_table(), again.summary) == (
        drawn.img(),
        drawn.data_table(),
        drawn.summary,
    )
    with pytest.raises(AssertionError, match="drawn again"):
        cached_history_chart(tmp_path, "Visits", _history([10.0, 12.0, 12.0]), unit="count")


def test_an_appendix_whose_charts_are_kept_does_not_import_matplotlib(mini, tmp_path):
    # What a notebook kernel does after a commentary edit: every chart is kept.
    script = (
        "import sys, kpitools as kt\n"
        f"a = kt.Appendix.build('demo', '2023-24 Q2', root={str(mini)!r}, "
        f"chart_cache={str(tmp_path / 'charts')!r})\n"
        "a.cards()\n"
        "print('matplotlib' in sys.modules)\n"
    )
    draws = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert draws.returncode == 0, draws.stderr
    assert draws.stdout.strip() == "True"  # the first build draws
    kept = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.strip() == "False"
