"""What a history chart says in words: its axis titles name quarters or months as the
figures are, and the value axis names the unit."""

import base64

import pandas as pd
import pytest

from kpitools.render.charts import history_chart


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
