"""The council's balanced scorecard and its directorate scorecards for a quarter.

Directorates' Strategic KPIs feed up to an organisation-wide balanced scorecard
(seed 000 §4.3-4.4; seed 003 §5). Nothing is rated here: every status, change and
count comes from the committees' own report models (one
:class:`~kpitools.model.report.ReportModel` per committee reporting that quarter),
so the scorecard's counts agree with the committee reports by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kpitools.data.framework import Framework
from kpitools.model.report import ReportModel
from kpitools.rules.periods import Quarter
from kpitools.rules.rag import STATUS_ORDER
from kpitools.rules.summary import largest_remainder_percentages, status_summary

__all__ = [
    "SKPI_COLUMNS",
    "CommitteeLine",
    "DirectorateCard",
    "Scorecard",
    "build_scorecard",
]

SKPI_COLUMNS = [
    "priority", "ambition", "committee", "kpi_id", "indicator", "name", "unit", "decimals",
    "actual", "current_period_label", "status", "previous_status", "change", "milestone_period",
    "milestone_value", "long_term_period", "long_term_value", "illustrative",
]  # fmt: skip
_ROW_COLUMNS = [
    "committee", "kpi_id", "indicator", "name", "service", "status", "change", "illustrative",
]  # fmt: skip


@dataclass(frozen=True)
class CommitteeLine:
    """One committee's status summary, exactly as its report prints it."""

    committee: str
    name: str
    summary: pd.DataFrame
    total: int
    illustrative: bool

    def number(self, status: str) -> int:
        """KPIs with a status (0 when the committee's scheme does not list it)."""
        found = self.summary.loc[self.summary["Status"] == status, "Number"]
        return int(found.iloc[0]) if len(found) else 0


@dataclass(frozen=True)
class DirectorateCard:
    """A directorate's KPIs across every committee reporting them, and their statuses."""

    name: str
    summary: pd.DataFrame
    rows: pd.DataFrame
    illustrative: bool


@dataclass(frozen=True)
class Scorecard:
    """The council's balanced scorecard for one quarter.

    Attributes
    ----------
    statuses : list of str
        The statuses any committee's summary lists, in the council-wide order.
    committees : list of CommitteeLine
        One per committee reporting the quarter.
    totals : DataFrame
        "Status", "Number" (the sum of the committees' numbers) and "Percentage"
        (largest-remainder, adding up to 100).
    skpis : DataFrame
        ``SKPI_COLUMNS``: every strategic KPI reported in the quarter, by priority.
    directorates : list of DirectorateCard
    """

    council: str
    period: Quarter
    statuses: list[str]
    committees: list[CommitteeLine]
    totals: pd.DataFrame
    skpis: pd.DataFrame
    directorates: list[DirectorateCard]

    @property
    def total(self) -> int:
        """KPIs reported in the quarter across every committee."""
        return int(self.totals["Number"].sum())


def _targets(framework: Framework, kpi_id: str, period: Quarter) -> dict[str, object]:
    mine = framework.skpi_targets[framework.skpi_targets["kpi_id"] == kpi_id]
    ahead = mine[pd.Series([p >= period for p in mine["period"]], index=mine.index, dtype=bool)]
    milestones = ahead[ahead["kind"] == "milestone"]
    long_term = mine[mine["kind"] == "long_term"]
    out: dict[str, object] = {
        "milestone_period": None,
        "milestone_value": None,
        "long_term_period": None,
        "long_term_value": None,
        "illustrative": bool(mine["illustrative"].any()),
    }
    if len(milestones):
        first = milestones.iloc[
            min(range(len(milestones)), key=lambda i: milestones.iloc[i]["period"])
        ]
        out["milestone_period"], out["milestone_value"] = first["period"], first["value"]
    if len(long_term):
        last = long_term.iloc[max(range(len(long_term)), key=lambda i: long_term.iloc[i]["period"])]
        out["long_term_period"], out["long_term_value"] = last["period"], last["value"]
    return out


def build_scorecard(
    period: Quarter, models: Mapping[str, ReportModel], framework: Framework
) -> Scorecard:
    """The balanced scorecard of a quarter from its committees' report models.

    Parameters
    ----------
    period : Quarter
        The quarter.
    models : mapping of committee id to ReportModel
        Every committee reporting the quarter, in the order to show them.
    framework : Framework
        For each KPI's priority, directorate and SKPI targets.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> from kpitools.model.report import build_report
    >>> data = load()
    >>> q = Quarter.parse("2023-24 Q2")
    >>> card = build_scorecard(q, {c: build_report(data, c, q) for c in ("cosmic", "cyp")},
    ...                        load_framework(data))
    >>> card.total, [c.total for c in card.committees]
    (39, [19, 20])
    """
    lines = [
        CommitteeLine(
            committee=c,
            name=m.committee_name,
            summary=m.summary,
            total=m.total,
            illustrative=m.committee_illustrative,
        )
        for c, m in models.items()
    ]
    listed = {s for line in lines for s in line.summary["Status"]}
    statuses = [s for s in STATUS_ORDER if s in listed] + sorted(listed - set(STATUS_ORDER))
    numbers = [sum(line.number(s) for line in lines) for s in statuses]
    totals = pd.DataFrame(
        {
            "Status": statuses,
            "Number": numbers,
            "Percentage": largest_remainder_percentages(numbers),
        }
    )
    strategy = framework.strategy.set_index("kpi_id")
    skpis: list[dict[str, object]] = []
    by_directorate: dict[str, list[dict[str, object]]] = {}
    for committee, model in models.items():
        for row in model.rows.to_dict("records"):
            tag = strategy.loc[row["kpi_id"]] if row["kpi_id"] in strategy.index else None
            directorate = str(tag["directorate"]) if tag is not None else ""
            by_directorate.setdefault(directorate, []).append(
                {
                    "committee": committee,
                    "kpi_id": row["kpi_id"],
                    "indicator": row["indicator"],
                    "name": row["name"],
                    "service": (str(tag["service"]) if tag is not None else "")
                    or row["service_area"],
                    "status": row["status"],
                    "change": row["change"],
                    "illustrative": bool(row["illustrative"])
                    or bool(tag is not None and tag["illustrative"]),
                }
            )
            if tag is None or not tag["strategic"]:
                continue
            skpis.append(
                {
                    "priority": tag["priority"],
                    "ambition": tag["ambition"],
                    **{k: row[k] for k in ("kpi_id", "indicator", "name", "unit", "decimals")},
                    "committee": committee,
                    **{k: row[k] for k in ("actual", "current_period_label", "status")},
                    "previous_status": row["previous_status"],
                    "change": row["change"],
                    **_targets(framework, row["kpi_id"], period),
                }
            )
            skpis[-1]["illustrative"] = bool(
                skpis[-1]["illustrative"] or row["illustrative"] or tag["illustrative"]
            )
    skpi_frame = pd.DataFrame(skpis, columns=SKPI_COLUMNS)
    # Sorting on two columns is stable (pandas uses lexsort).
    skpi_frame = skpi_frame.sort_values(["priority", "ambition"]).reset_index(drop=True)
    directorates = []
    for name in sorted(by_directorate, key=lambda n: (n == "", n)):
        rows = pd.DataFrame(by_directorate[name], columns=_ROW_COLUMNS)
        directorates.append(
            DirectorateCard(
                name=name,
                summary=status_summary(rows["status"].tolist(), statuses),
                rows=rows,
                illustrative=bool(rows["illustrative"].any()),
            )
        )
    council = next(iter(models.values())).council if models else ""
    return Scorecard(
        council=council,
        period=period,
        statuses=statuses,
        committees=lines,
        totals=totals,
        skpis=skpi_frame,
        directorates=directorates,
    )
