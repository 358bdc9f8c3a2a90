"""Who answers for each KPI of a report, and whether its figure came in on time.

A KPI's figure is due ``lag_days`` after its period ends
(``data/raw/accountability.csv``). It is *late* when it was first reported
after that date, and *missing* when the report was produced after that date
with no figure for the period; the card then names the latest period that has
a figure (the data are as at that period).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kpitools.data.load import ProjectData
from kpitools.rules.periods import parse_period

__all__ = ["ACCOUNTABILITY_COLUMNS", "accountability"]

ACCOUNTABILITY_COLUMNS = [
    "kpi_id", "owner", "owner_email", "accountable_officer", "target_set_by", "data_quality",
    "lag_days", "illustrative", "due_on", "first_reported_on", "timeliness", "latest_period",
    "latest_period_label",
]  # fmt: skip


def accountability(
    data: ProjectData, rows: pd.DataFrame, produced_on: dt.date, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Accountability and timeliness of each KPI of a report that has an accountability row.

    ``timeliness`` is "on time", "late", "missing" or "not yet due".

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> from kpitools.model.table import kpi_table
    >>> data = load()
    >>> rows = kpi_table(data, "cyp", "2023-24 Q2")
    >>> a = accountability(data, rows, dt.date(2023, 11, 15))
    >>> a.loc["young-carers-supported", ["due_on", "timeliness"]].tolist()
    [datetime.date(2023, 12, 29), 'on time']
    """
    known = data.accountability
    figures = data.figures
    if as_of is not None:
        figures = figures[figures["reported_on"] <= as_of]
    out = []
    for row in rows.to_dict("records"):
        kpi_id = row["kpi_id"]
        if kpi_id not in known.index:
            continue
        info = known.loc[kpi_id]
        period = parse_period(row["current_period"])
        due = period.end + dt.timedelta(days=int(info["lag_days"]))
        mine = figures[figures["kpi_id"] == kpi_id]
        here = mine[mine["period"] == period]
        first = min(here["reported_on"]) if len(here) else None
        if first is not None:
            timeliness = "late" if first > due else "on time"
        else:
            timeliness = "missing" if produced_on > due else "not yet due"
        earlier = [p for p in mine["period"] if type(p) is type(period) and p <= period]
        latest = max(earlier) if earlier else None
        out.append(
            {
                "kpi_id": kpi_id,
                "owner": info["owner"],
                "owner_email": info["owner_email"],
                "accountable_officer": info["accountable_officer"],
                "target_set_by": info["target_set_by"],
                "data_quality": info["data_quality"],
                "lag_days": int(info["lag_days"]),
                "illustrative": bool(info["illustrative"]),
                "due_on": due,
                "first_reported_on": first,
                "timeliness": timeliness,
                "latest_period": str(latest) if latest is not None else "",
                "latest_period_label": latest.label if latest is not None else "",
            }
        )
    frame = pd.DataFrame(out, columns=ACCOUNTABILITY_COLUMNS)
    frame.index = frame["kpi_id"].tolist()
    return frame
