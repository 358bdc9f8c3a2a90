"""Completeness checks of a quarter's commentary.

Finds KPIs with no commentary, Red KPIs with no actions, commentary carried
over word for word from last quarter, sections for KPIs that are not in the
committee's set that quarter, and figures quoted in the text that disagree
with the data. A report built while any of these stands is marked Draft.

An analyst can accept a Red KPI without actions, with a reason the report
shows, by writing ``<!-- waive actions: reason -->`` in its Actions section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kpitools.data.commentary import commentary_path, parse_commentary, waiver
from kpitools.data.load import ProjectData
from kpitools.model.table import kpi_table
from kpitools.rules.periods import Quarter
from kpitools.rules.units import format_number

__all__ = ["KINDS", "Finding", "check_commentary", "quoted_figures"]

KINDS = {
    "missing-commentary": "no commentary",
    "missing-actions": "Red with no actions",
    "carried-over": "commentary unchanged from last quarter",
    "not-in-set": "section for a KPI not in the committee's set this quarter",
    "figure-mismatch": "quoted figure disagrees with the data",
    "no-file": "no commentary file",
}

_NUMBER = r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<pct>%)?"
_NOUN = r"(?:figure|performance|result|rate|outturn)"
_VERB = r"(?:was|is|of|at|stands at|stood at|reached)"


@dataclass(frozen=True)
class Finding:
    """One problem with a quarter's commentary."""

    kind: str
    kpi_id: str | None
    name: str
    message: str
    file: str
    line: int | None = None

    def __str__(self) -> str:
        who = f"{self.name}: " if self.name else ""
        where = f" ({self.file}{f', line {self.line}' if self.line else ''})"
        return f"{who}{self.message}{where}"


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def quoted_figures(text: str, quarter: int) -> list[tuple[float, bool]]:
    """Figures the text states for the given quarter number, with whether each is a %.

    Only explicit statements count ("Q2 performance was 58%", "the figure for
    Quarter 2 is 1,204"), so other numbers in the text (last year's figure, a
    region's, a count of live cases) are never mistaken for the KPI's value.

    Examples
    --------
    >>> quoted_figures("Q2 performance was 58%. At the close of Q2 there were 500.", 2)
    [(58.0, True)]
    >>> quoted_figures("The figure for Quarter 2 2023/24 is 1,204 learners", 2)
    [(1204.0, False)]
    """
    q = rf"(?:Q{quarter}|Quarter {quarter})(?:\s+\d{{4}}/\d{{2,4}})?"
    patterns = [
        rf"\b{q}\s+{_NOUN}\s+{_VERB}\s+{_NUMBER}",
        rf"\b{_NOUN}\s+(?:for|in)\s+{q}\s+{_VERB}\s+{_NUMBER}",
    ]
    found = []
    for pattern in patterns:
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            number = float(match["number"].replace(",", ""))
            found.append((number, bool(match["pct"])))
    return found


def _previous_sections(data: ProjectData, committee: str, quarter: Quarter) -> dict[str, str]:
    previous = data.commentary[
        (data.commentary["committee"] == committee)
        & (data.commentary["period"] == quarter.previous())
    ]
    return {r["kpi_id"]: r["commentary"] for r in previous.to_dict("records")}


def check_commentary(
    data: ProjectData,
    committee: str,
    period: Quarter | str,
    *,
    table: pd.DataFrame | None = None,
) -> list[Finding]:
    """Every completeness problem of a committee's commentary for a quarter.

    Examples
    --------
    >>> from kpitools.data.load import load
    >>> check_commentary(load(), "cosmic", "2023-24 Q2")
    []
    """
    quarter = Quarter.parse(period)
    if table is None:
        table = kpi_table(data, committee, quarter)
    path = commentary_path(data.paths.commentary, committee, quarter)
    rel = path.relative_to(data.paths.root).as_posix()  # commentary is under the root
    if not path.exists():
        return [
            Finding(
                "no-file",
                None,
                "",
                f"no commentary file for {quarter}; run kpitools commentary new "
                f'--committee {committee} --period "{quarter}"',
                rel,
            )
        ]
    parsed = parse_commentary(path)
    findings: list[Finding] = []
    previous = _previous_sections(data, committee, quarter)
    in_set = set(table["kpi_id"])
    for _, row in table.iterrows():
        section = parsed.sections.get(row["kpi_id"])
        line = section.line if section else None
        text = section.commentary if section else ""
        if not text:
            findings.append(
                Finding(
                    "missing-commentary", row["kpi_id"], row["name"], "has no commentary", rel, line
                )
            )
        no_actions = not (section and (section.actions or waiver(section.raw)))
        if row["status"] == "Red" and no_actions:
            findings.append(
                Finding(
                    "missing-actions",
                    row["kpi_id"],
                    row["name"],
                    "is Red but has no actions (path to green)",
                    rel,
                    line,
                )
            )
        if (
            text
            and row["kpi_id"] in previous
            and _normalise(previous[row["kpi_id"]]) == _normalise(text)
        ):
            findings.append(
                Finding(
                    "carried-over",
                    row["kpi_id"],
                    row["name"],
                    f"commentary is word for word the same as {quarter.previous()}'s",
                    rel,
                    line,
                )
            )
        if text and not pd.isna(row["actual"]):
            period_q = quarter.q
            for number, pct in quoted_figures(text, period_q):
                if pct != (row["unit"] == "percent"):
                    continue
                reported = round(float(row["actual"]), int(row["decimals"]))
                if abs(number - reported) > 0.5 * 10 ** (-int(row["decimals"])):
                    findings.append(
                        Finding(
                            "figure-mismatch",
                            row["kpi_id"],
                            row["name"],
                            f"the text says {format_number(number, row['unit'], None)} for Q"
                            f"{period_q} but the data report "
                            f"{format_number(row['actual'], row['unit'], int(row['decimals']))}",
                            rel,
                            line,
                        )
                    )
    for kpi_id, section in parsed.sections.items():
        if kpi_id not in in_set and kpi_id in data.kpis.index:
            findings.append(
                Finding(
                    "not-in-set",
                    kpi_id,
                    str(data.kpis.loc[kpi_id, "name"]),
                    f"has a section but is not in the committee's set for {quarter}",
                    rel,
                    section.line,
                )
            )
    return findings
