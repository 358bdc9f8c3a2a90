"""Charts kept by a hash of everything drawn, so a rebuild after a commentary edit redraws none.

The key covers the chart code itself as well as the data, so a change to how
charts are drawn never serves a stale picture. matplotlib is imported only
when a chart has to be drawn.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from kpitools.data.atomic import write_atomic

__all__ = ["CachedChart", "cached_history_chart", "chart_key"]

_CHARTS_SOURCE = Path(__file__).with_name("charts.py")


class CachedChart:
    """A chart read from the cache: the same three parts as a freshly drawn one."""

    def __init__(self, data_uri: str, alt: str, summary: str, img: str, table: str) -> None:
        self.data_uri, self.alt, self.summary = data_uri, alt, summary
        self._img, self._table = img, table

    def img(self) -> str:
        return self._img

    def data_table(self) -> str:
        return self._table


def chart_key(name: str, history: pd.DataFrame, **options: Any) -> str:
    """A hash of the chart's code, data and options.

    Examples
    --------
    >>> h = pd.DataFrame({"period": ["2023-24 Q1"], "value": [1.0]})
    >>> chart_key("A", h) == chart_key("A", h), chart_key("A", h) == chart_key("B", h)
    (True, False)
    """
    h = hashlib.sha256(_CHARTS_SOURCE.read_bytes())
    h.update(name.encode())
    h.update(history.to_json(orient="split", date_format="iso", default_handler=str).encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    return h.hexdigest()


def cached_history_chart(
    cache: str | os.PathLike[str] | None, name: str, history: pd.DataFrame, **options: Any
) -> Any:
    """:func:`kpitools.render.charts.history_chart`, read from ``cache`` when drawn before.

    With no cache folder every chart is drawn.
    """
    path = Path(cache) / f"{chart_key(name, history, **options)}.json" if cache else None
    if path is not None and path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return CachedChart(
                stored["data_uri"], stored["alt"], stored["summary"], stored["img"], stored["table"]
            )
        except (OSError, ValueError, KeyError):
            pass
    # Importing matplotlib costs more than a cached page: only when a chart is drawn.
    from kpitools.render.charts import history_chart

    chart = history_chart(name, history, **options)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"data_uri": chart.data_uri, "alt": chart.alt, "summary": chart.summary,
                  "img": chart.img(), "table": chart.data_table()}  # fmt: skip
        write_atomic(path, json.dumps(record).encode("utf-8"))
    return chart
