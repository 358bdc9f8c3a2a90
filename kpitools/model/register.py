"""The KPI register as a record of decisions: the set in force on a date, and what changed.

Committees approve additions to and removals from their KPI sets (seed 002 §2.1-2.2,
seed 003 §2.1). Each decision is a row of ``kpi_decisions.csv``; a KPI is identified
by its register id where it has one, otherwise by its published number and name
(numbers are reused over the years, so a number alone is not an identity).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

__all__ = ["IN_FORCE", "SET_COLUMNS", "KpiSetChanges", "decision_key", "kpi_set_changes",
           "set_in_force"]  # fmt: skip

# The proposals after which a KPI is in the set.
IN_FORCE = ("add", "retain")
# A KPI whose first recorded decision is one of these was already in the set before it.
_PREVIOUS_SET = ("retain", "replace", "remove")
SET_COLUMNS = ["key", "kpi_number", "kpi_name", "kpi_id", "service_area", "decided_on"]


def decision_key(row: pd.Series | dict[str, object]) -> str:
    """The identity of the KPI a decision concerns.

    Examples
    --------
    >>> decision_key({"kpi_id": "website-quality", "kpi_number": 217, "kpi_name": "Website"})
    'website-quality'
    >>> decision_key({"kpi_id": "", "kpi_number": 189, "kpi_name": "Number of sessions on website"})
    '189 Number of sessions on website'
    """
    kpi_id = row["kpi_id"]
    if kpi_id:
        return str(kpi_id)
    number = row["kpi_number"]
    shown = "" if number is None or pd.isna(number) else f"{int(number)} "  # type: ignore[arg-type]
    return f"{shown}{row['kpi_name']}"


def _committee(decisions: pd.DataFrame, committee: str) -> pd.DataFrame:
    mine = decisions[decisions["committee"] == committee].copy()
    mine["key"] = [decision_key(r) for r in mine.to_dict("records")]
    # Stable sort: decisions of one meeting keep their order in the file.
    return mine.sort_values("decided_on", kind="stable")


def set_in_force(decisions: pd.DataFrame, committee: str, on: dt.date) -> pd.DataFrame:
    """The KPIs in a committee's set at the end of a day, as the decisions record it.

    A KPI is in the set when its latest decision on or before ``on`` adds or retains
    it; a KPI with no decision yet is in the set when its first decision retains,
    replaces or removes it (it was part of the set that decision reviewed).

    Parameters
    ----------
    decisions : DataFrame
        ``Framework.decisions``.
    committee : str
        Committee id.
    on : date
        The day.

    Returns
    -------
    DataFrame
        Columns ``SET_COLUMNS``, in the order the decisions are recorded.

    Examples
    --------
    >>> import datetime as dt
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> d = load_framework(load()).decisions
    >>> sorted(set_in_force(d, "snr", dt.date(2022, 6, 27))["kpi_number"].tolist())
    [217, 218]
    """
    mine = _committee(decisions, committee)
    rows = []
    for _, group in mine.groupby("key", sort=False):
        before = group[pd.Series([d <= on for d in group["decided_on"]], index=group.index)]
        if len(before):
            last = before.iloc[-1]
            if last["proposal"] in IN_FORCE:
                rows.append(last.to_dict())
        elif group.iloc[0]["proposal"] in _PREVIOUS_SET:
            rows.append({**group.iloc[0].to_dict(), "decided_on": None})
    out = pd.DataFrame(rows, columns=SET_COLUMNS)
    out["kpi_number"] = out["kpi_number"].astype("Int64")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class KpiSetChanges:
    """Decisions on a committee's KPI set taken in a window of dates.

    ``added``: additions (seed 003's table: number, name, service, proposal,
    rationale); ``reviewed``: the previous set's KPIs retained, replaced or removed
    (seed 002's table). Both keep the columns of ``Framework.decisions`` and ``key``.
    """

    committee: str
    after: dt.date | None
    upto: dt.date
    added: pd.DataFrame
    reviewed: pd.DataFrame

    @property
    def changed(self) -> bool:
        """Whether any decision was taken in the window."""
        return bool(len(self.added) or len(self.reviewed))


def kpi_set_changes(
    decisions: pd.DataFrame, committee: str, after: dt.date | None, upto: dt.date
) -> KpiSetChanges:
    """The decisions taken after ``after`` (None: from the start) up to and including ``upto``.

    Examples
    --------
    >>> import datetime as dt
    >>> from kpitools.data.load import load
    >>> from kpitools.data.framework import load_framework
    >>> d = load_framework(load()).decisions
    >>> c = kpi_set_changes(d, "snr", dt.date(2022, 4, 1), dt.date(2022, 6, 27))
    >>> c.added["kpi_number"].tolist(), len(c.reviewed)
    ([217, 218], 0)
    """
    mine = _committee(decisions, committee)
    inside = [(after is None or d > after) and d <= upto for d in mine["decided_on"]]
    window = mine[pd.Series(inside, index=mine.index, dtype=bool)]
    return KpiSetChanges(
        committee=committee,
        after=after,
        upto=upto,
        added=window[window["proposal"] == "add"].reset_index(drop=True),
        reviewed=window[window["proposal"] != "add"].reset_index(drop=True),
    )
