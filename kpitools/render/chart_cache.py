"""Charts kept by a hash of everything drawn, so a rebuild after a commentary edit redraws none.

The key covers the code that draws and words a chart and the matplotlib version
as well as the data, so a change to how charts are drawn never serves a stale
picture. matplotlib is imported only when a chart has to be drawn: a kernel
whose charts are all cached never imports it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from kpitools.data.atomic import write_atomic
from kpitools.model.report import ReportModel
from kpitools.model.spc import KpiSpc

__all__ = [
    "CachedChart",
    "ChartTask",
    "cached_history_chart",
    "cached_spc_chart",
    "chart_key",
    "chart_tasks",
    "history_options",
    "spc_key",
]

_PACKAGE = Path(__file__).resolve().parents[1]
# Every module whose code changes what a chart looks like or says.
_CHART_CODE = (
    "render/charts.py",
    "render/chart_layout.py",
    "render/spc_chart.py",
    "render/spc_icons.py",
    "wording/charts.py",
    "wording/numbers.py",
    "wording/spc.py",
)


_FIELDS = ("data_uri", "alt", "summary", "img", "table")


class CachedChart:
    """A chart read from the cache: the same parts as a freshly drawn one."""

    def __init__(self, data_uri: str, alt: str, summary: str, img: str, table: str) -> None:
        self.data_uri, self.alt, self.summary = data_uri, alt, summary
        self._img, self._table = img, table

    def img(self) -> str:
        return self._img

    def data_table(self) -> str:
        return self._table


@cache
def _code_digest() -> bytes:
    h = hashlib.sha256()
    for rel in _CHART_CODE:
        h.update(rel.encode())
        h.update((_PACKAGE / rel).read_bytes())
    h.update(metadata.version("matplotlib").encode())
    return h.digest()


def chart_key(name: str, history: pd.DataFrame, **options: Any) -> str:
    """A hash of the chart's code, data and options.

    Examples
    --------
    >>> h = pd.DataFrame({"period": ["2023-24 Q1"], "value": [1.0]})
    >>> chart_key("A", h) == chart_key("A", h), chart_key("A", h) == chart_key("B", h)
    (True, False)
    """
    h = hashlib.sha256(_code_digest())
    h.update(b"history\0" + name.encode())
    h.update(history.to_json(orient="split", date_format="iso", default_handler=str).encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    return h.hexdigest()


def spc_key(name: str, spc: KpiSpc, unit: str, decimals: int) -> str:
    """A hash of an XmR chart's code, analysis and labels.

    Examples
    --------
    >>> from kpitools.data.settings import SpcSettings
    >>> from kpitools.model.spc import kpi_spc
    >>> h = pd.DataFrame({"period": ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3"],
    ...                   "label": ["Q1", "Q2", "Q3"], "value": [10.0, 12.0, 11.0],
    ...                   "illustrative": [False] * 3})
    >>> s = kpi_spc(h, "up", 9.0, SpcSettings(), cumulative=False, frequency="quarterly")
    >>> spc_key("A", s, "count", 0) == spc_key("A", s, "count", 0)
    True
    >>> spc_key("A", s, "count", 0) == spc_key("A", s, "percent", 0)
    False
    """
    r = spc.result
    h = hashlib.sha256(_code_digest())
    h.update(b"spc\0" + name.encode())
    if r is not None:
        h.update(r.points.to_json(orient="split", default_handler=str).encode())
    summary = {
        "unit": unit,
        "decimals": decimals,
        "periods": spc.periods,
        "labels": spc.labels,
        "result": None
        if r is None
        else [r.mean, r.lower, r.upper, r.variation, r.assurance, r.target, r.trial],
    }
    h.update(json.dumps(summary, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _cached(
    folder: str | os.PathLike[str] | None, key: str, draw: Callable[[], Any]
) -> dict[str, str]:
    path = Path(folder) / f"{key}.json" if folder else None
    if path is not None and path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return {f: str(stored[f]) for f in _FIELDS}
        except (OSError, ValueError, KeyError):
            pass
    chart = draw()
    record = {
        "data_uri": chart.data_uri,
        "alt": chart.alt,
        "summary": getattr(chart, "summary", ""),
        "img": chart.img(),
        "table": chart.data_table() if hasattr(chart, "data_table") else "",
    }
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(record).encode("utf-8"))
    return record


def cached_history_chart(
    cache: str | os.PathLike[str] | None, name: str, history: pd.DataFrame, **options: Any
) -> CachedChart:
    """:func:`kpitools.render.charts.history_chart`, read from ``cache`` when drawn before.

    With no cache folder every chart is drawn.
    """

    def draw() -> Any:
        # Importing matplotlib costs more than a cached page: only when a chart is drawn.
        from kpitools.render.charts import history_chart

        return history_chart(name, history, **options)

    key = chart_key(name, history, **options) if cache else ""
    return CachedChart(**_cached(cache, key, draw))


def cached_spc_chart(
    cache: str | os.PathLike[str] | None, name: str, spc: KpiSpc, unit: str, decimals: int
) -> CachedChart:
    """:func:`kpitools.render.spc_chart.spc_chart`, read from ``cache`` when drawn before."""

    def draw() -> Any:
        from kpitools.render.spc_chart import spc_chart

        return spc_chart(name, spc, unit=unit, decimals=decimals)

    key = spc_key(name, spc, unit, decimals) if cache else ""
    return CachedChart(**_cached(cache, key, draw))


def history_options(row: dict[str, Any]) -> dict[str, Any]:
    """The options a KPI card draws its history chart with, from the KPI's model row."""
    return {
        "unit": row["unit"],
        "decimals": int(row["decimals"]),
        "trend_next": None if pd.isna(row["trend_next"]) else float(row["trend_next"]),
        "stat_neighbours": None if pd.isna(row["stat_neighbours"]) else row["stat_neighbours"],
        "england": None if pd.isna(row["england"]) else row["england"],
        "cumulative": bool(row["cumulative"]),
    }


@dataclass(frozen=True)
class ChartTask:
    """One chart a committee's appendix shows, to be drawn into a chart cache ahead of
    the notebook (so a big committee's charts can be drawn on every core)."""

    kind: str  # "history" or "spc"
    name: str
    data: Any  # the history DataFrame or the KpiSpc
    options: dict[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        if self.kind == "spc":
            return spc_key(self.name, self.data, **self.options)
        return chart_key(self.name, self.data, **self.options)

    def draw(self, cache: str | os.PathLike[str]) -> None:
        """Draw the chart into ``cache`` unless it is kept there already."""
        if self.kind == "spc":
            cached_spc_chart(cache, self.name, self.data, **self.options)
        else:
            cached_history_chart(cache, self.name, self.data, **self.options)


def chart_tasks(
    model: ReportModel,
    cache: str | os.PathLike[str] | None = None,
    skip: Container[str] = (),
) -> list[ChartTask]:
    """Every chart of the model's KPI cards, or only those not kept in ``cache`` yet,
    leaving out those whose key is in ``skip`` (charts already being drawn).

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.model.report import build_report
    >>> tasks = chart_tasks(build_report(load(), "cosmic", "2023-24 Q2"))
    >>> sorted({t.kind for t in tasks}), len([t for t in tasks if t.kind == "history"])
    (['history', 'spc'], 19)
    """
    tasks = []
    for row in model.rows.to_dict("records"):
        kpi_id = row["kpi_id"]
        tasks.append(
            ChartTask("history", row["name"], model.histories[kpi_id], history_options(row))
        )
        spc = model.spc[kpi_id]
        if spc.result is not None:
            options = {"unit": row["unit"], "decimals": int(row["decimals"])}
            tasks.append(ChartTask("spc", row["name"], spc, options))
    if cache is None:
        return tasks
    keyed = ((t, t.key()) for t in tasks)
    return [t for t, key in keyed if key not in skip and not (Path(cache) / f"{key}.json").exists()]
