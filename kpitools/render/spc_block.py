"""What the statistical process control parts of the reports show: the card's block
(chart, icons, the reconciling sentence or why there is no chart) and the rows of
the summary table. The appendix and the covering report render them."""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from kpitools.model.spc import KpiSpc, spc_summary
from kpitools.render.chart_cache import cached_spc_chart
from kpitools.render.spc_icons import assurance_icon, variation_icon
from kpitools.wording.numbers import kpi_label
from kpitools.wording.spc import (
    ASSURANCE_LABELS,
    VARIATION_LABELS,
    basis_note,
    no_spc_reason,
    rebase_note,
    reconcile,
    trial_notice,
)

__all__ = ["rebase_notes", "spc_card", "spc_summary_rows"]


def rebase_notes(spc: KpiSpc) -> list[str]:
    """One sentence per restart of the process limits, with its stated reason."""
    if spc.result is None:
        return []
    labels = dict(zip(spc.periods, spc.labels, strict=True))
    points = spc.result.points
    return [
        rebase_note(labels[str(period)], reason)
        for period, reason in zip(points.index, points["rebase"], strict=True)
        if reason
    ]


def _improvement(row: dict[str, Any]) -> str | None:
    return row["direction"] if row["direction"] in ("up", "down") else None


def spc_card(row: dict[str, Any], spc: KpiSpc, chart_cache: str | None = None) -> dict[str, Any]:
    """The card block's parts: ``chart`` (img markup), ``icons``, ``sentence``,
    ``notes`` (provisional limits, basis, illustrative figures) and ``reason``
    (why there is no chart, "" when there is one); charts already drawn are read
    from ``chart_cache``."""
    r = spc.result
    anchor = f"kpi-{row['kpi_id']}-spc"
    if r is None:
        empty = {"chart": Markup(""), "icons": Markup(""), "sentence": "", "notes": []}
        return {**empty, "reason": no_spc_reason(spc.reason), "anchor": anchor}
    notes = []
    if r.trial:
        notes.append(trial_notice(r.latest_points, r.min_points))
    notes += rebase_notes(spc)
    basis = basis_note(spc.basis, spc.frequency)
    if basis:
        notes.append(basis)
    if any(spc.illustrative):
        notes.append("The chart includes illustrative figures.")
    chart = cached_spc_chart(
        chart_cache, row["name"], spc, unit=row["unit"], decimals=int(row["decimals"])
    )
    return {
        "chart": Markup(chart.img()),
        "icons": variation_icon(r.variation, _improvement(row)) + assurance_icon(r.assurance),
        "sentence": reconcile(row["status"], r.variation, r.assurance),
        "notes": notes,
        "reason": "",
        "anchor": anchor,
    }


def spc_summary_rows(rows: pd.DataFrame, spc: dict[str, KpiSpc]) -> list[dict[str, Any]]:
    """One dict per KPI for the summary table, most concerning first."""
    by_id = {r["kpi_id"]: r for r in rows.to_dict("records")}
    out = []
    for item in spc_summary(rows).to_dict("records"):
        row = by_id[item["kpi_id"]]
        variation, assurance = item["variation"], item["assurance"]
        out.append(
            {
                "anchor": f"kpi-{row['kpi_id']}",
                "title": kpi_label(row),
                "status": row["status"],
                "change": row["change"],
                "variation_icon": variation_icon(variation, _improvement(row)),
                "variation": VARIATION_LABELS.get(variation, "Too few figures"),
                "assurance_icon": assurance_icon(assurance),
                "assurance": ASSURANCE_LABELS.get(assurance, "No target assurance"),
                "disagrees": item["disagrees"],
                "sentence": reconcile(row["status"], variation or None, assurance or None),
            }
        )
    return out
