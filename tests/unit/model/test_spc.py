"""Which figures a KPI's XmR chart is drawn from, worked by hand."""

import pandas as pd
import pytest

from kpitools.data import load as loader
from kpitools.data.settings import SpcSettings
from kpitools.model.report import build_report
from kpitools.model.spc import disagrees, kpi_spc, spc_summary


def _history(periods, values):
    return pd.DataFrame(
        {
            "period": periods,
            "label": periods,
            "value": values,
            "illustrative": [True] * len(values),
        }
    )


def test_year_to_date_figures_become_in_year_increments():
    # 2022-23: 100, 250, 330, 500 -> 100, 150, 80, 170; 2023-24 restarts: 120, 260 -> 120, 140.
    periods = [f"2022-23 Q{q}" for q in range(1, 5)] + ["2023-24 Q1", "2023-24 Q2"]
    h = _history(periods, [100.0, 250.0, 330.0, 500.0, 120.0, 260.0])
    s = kpi_spc(h, "up", 300.0, SpcSettings(), cumulative=True, frequency="quarterly")
    assert s.basis == "in-year increments"
    assert s.result is not None
    assert s.result.points["value"].tolist() == [100, 150, 80, 170, 120, 140]
    assert s.result.mean == pytest.approx(760 / 6)
    # A year-to-date target says nothing about an increment: no assurance.
    assert s.assurance == ""
    assert s.result.trial  # 6 figures, 12 needed


def test_a_missing_quarter_starts_the_series_after_it():
    # 2022-23 Q2 then a gap to 2023-24 Q2: the increment of 2023-24 Q2 (needs Q1) is unknown,
    # so only 2023-24 Q3 (820 - 608 = 212) and Q4 (1090 - 820 = 270) remain.
    h = _history(["2022-23 Q2", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"], [1107, 608, 820, 1090])
    s = kpi_spc(h, "up", None, SpcSettings(), cumulative=True, frequency="quarterly")
    assert s.periods == ("2023-24 Q3", "2023-24 Q4")
    assert s.result is not None and s.result.points["value"].tolist() == [212, 270]


def test_own_figures_for_other_kpis_and_the_reason_without_limits():
    h = _history(["2023-24 Q1", "2023-24 Q2"], [90157.0, 96326.0])
    s = kpi_spc(h, "up", 107236.0, SpcSettings(), cumulative=False, frequency="quarterly")
    assert s.basis == "figures" and s.result is not None
    assert s.result.mean == pytest.approx((90157 + 96326) / 2)
    one = kpi_spc(h.iloc[1:], "up", None, SpcSettings(), cumulative=False, frequency="quarterly")
    assert one.result is None and one.reason == "fewer than 2 points" and one.variation == ""


def test_monthly_increments_restart_in_april():
    h = _history(["2023-02", "2023-03", "2023-04", "2023-05"], [50.0, 70.0, 10.0, 25.0])
    s = kpi_spc(h, None, None, SpcSettings(), cumulative=True, frequency="monthly")
    assert s.result is not None and s.result.points["value"].tolist() == [20, 10, 15]


def _q(i: int) -> str:
    # The i-th quarter from 2020-21 Q3.
    year, q = 2020 + (i + 2) // 4, (i + 2) % 4 + 1
    return f"{year}-{(year + 1) % 100:02d} Q{q}"


DEATHS = [39, 41, 38, 42, 40, 50, 48, 55, 57, 58, 49, 52]
SELF_REFERRALS = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100]


def test_a_report_carries_variation_and_assurance(project):
    # Twelve quarters to 2023-24 Q2. Deaths: mean 569/12 = 47.42; the last 7 are all above it
    # (a shift): special cause improvement while Red (52 is 13% short of 60); moving ranges
    # sum to 45 over 11, so the upper limit 47.42 + 2.66 x 45/11 = 58.30 is below the target
    # of 60: consistently failing.
    data = project(
        kpis=[
            {"kpi_id": "deaths", "unit": "percent"},
            {"kpi_id": "coroner", "direction": "none", "rating": "Contextual"},
            {"kpi_id": "self", "rating": "Contextual"},
        ],
        figures=[
            {"kpi_id": k, "period": _q(i), "value": str(v)}
            for k, values in (("deaths", DEATHS), ("coroner", DEATHS), ("self", SELF_REFERRALS))
            for i, v in enumerate(values)
        ],
        targets=[
            {"kpi_id": "deaths", "from_period": _q(0), "value": "60"},
            {"kpi_id": "self", "from_period": _q(0), "value": "70", "kind": "baseline"},
        ],
    )
    m = build_report(data, "test", "2023-24 Q2")
    rows = m.rows.set_index("kpi_id")
    assert (rows.loc["deaths", "status"], rows.loc["deaths", "variation"]) == (
        "Red",
        "special cause improvement",
    )
    assert rows.loc["deaths", "assurance"] == "consistently failing"
    assert m.spc["deaths"].result.upper == pytest.approx(569 / 12 + 2.66 * 45 / 11)
    # No direction for improvement: the same shift is only a special cause, with no assurance.
    assert (m.spc["coroner"].variation, m.spc["coroner"].assurance) == ("special cause", "")
    # Self-referrals lie far above 70 (the lower limit is about 92), but a baseline is never
    # rated against: no assurance.
    assert m.spc["self"].variation != "" and m.spc["self"].assurance == ""


REBASED = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22]
QUARTERS = [f"{2020 + i // 4}-{(21 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(12)]


def test_a_rebase_restarts_the_limits_with_its_reason():
    # Rebased at the 7th quarter (2021-22 Q3): the last six have mean 21, MR̄ 2 (the jump of 8
    # belongs to neither part), limits 21 ± 5.32; without it 10s and 22s signal a change.
    h = _history(QUARTERS, [float(v) for v in REBASED])
    plain = kpi_spc(h, "up", None, SpcSettings(), cumulative=False, frequency="quarterly")
    assert plain.result.points["special_cause"].any()
    s = kpi_spc(
        h, "up", None, SpcSettings(), cumulative=False, frequency="quarterly",
        rebases=[("2021-22 Q3", "New definition")],
    )  # fmt: skip
    assert QUARTERS[6] == "2021-22 Q3"
    assert (s.result.mean, s.result.lower, s.result.upper) == pytest.approx((21, 15.68, 26.32))
    assert s.result.points.loc["2021-22 Q3", "rebase"] == "New definition"
    assert not s.result.points["special_cause"].any()
    assert s.result.trial  # 6 figures since the rebase, 12 needed


@pytest.mark.parametrize("at", ["2020-21 Q1", "2019-20 Q4", "2023-24 Q1"])
def test_a_rebase_outside_the_analysed_figures_changes_nothing(at):
    # At the first figure, before it, or after the last: the limits are those of all twelve.
    h = _history(QUARTERS, [float(v) for v in REBASED])
    s = kpi_spc(
        h, "up", None, SpcSettings(), cumulative=False, frequency="quarterly",
        rebases=[(at, "Too early or too late")],
    )  # fmt: skip
    assert s.result.mean == pytest.approx(16)
    assert not s.result.points["rebase"].any()


def test_spc_summary_puts_the_most_concerning_first():
    rows = pd.DataFrame(
        [
            ("g1", "Green", "common cause", ""),
            ("g2", "Green", "common cause", "hit and miss"),
            ("a1", "Amber", "special cause concern", ""),
            ("r1", "Red", "common cause", ""),
            ("r2", "Red", "special cause improvement", "consistently failing"),
            ("b1", "Blue", "special cause concern", ""),
            ("g3", "Green", "common cause", "consistently failing"),
            ("x", "Provisional", "common cause", ""),
            ("c1", "Contextual", "common cause", ""),
        ],
        columns=["kpi_id", "status", "variation", "assurance"],
    ).assign(change="Improving")
    out = spc_summary(rows)
    # Disagreeing first (Blue but concern, Red but improvement), then the other concern,
    # then by status with failing or hit-and-miss assurance first, and a status outside
    # the framework's order last.
    assert out["kpi_id"].tolist() == ["b1", "r2", "a1", "r1", "g2", "g3", "g1", "c1", "x"]
    assert out["disagrees"].tolist() == [True, True] + [False] * 7
    assert list(out.columns) == ["kpi_id", "status", "change", "variation", "assurance",
                                 "disagrees"]  # fmt: skip
    assert list(out.index) == list(range(9))


@pytest.mark.parametrize(
    ("status", "variation", "expected"),
    [
        ("Red", "special cause improvement", True),
        ("Green", "special cause concern", True),
        ("Blue", "special cause concern", True),
        ("Red", "special cause concern", False),
        ("Red", "common cause", False),
        ("Amber", "special cause concern", False),
        ("Amber", "special cause improvement", False),
        ("Green", "special cause improvement", False),
        ("Blue", "common cause", False),
        ("Contextual", "special cause concern", False),
    ],
)
def test_rag_and_spc_disagree_only_when_they_pull_apart(status, variation, expected):
    assert disagrees(status, variation) is expected


def test_a_report_charts_each_kpi_on_the_right_basis(project, tmp_path):
    # Year-to-date counts are charted as in-year increments; a year-to-date percentage
    # is not a sum of its quarters, so it is charted as reported. A KPI whose lower figures
    # are better reads a run above the mean as a concern. The limits of "ytd-pct" restart at
    # 2022-23 Q3, for the reason given.
    kpis = [
        {"kpi_id": "ytd", "cumulative": "true", "rating": "Contextual"},
        {"kpi_id": "ytd-pct", "cumulative": "true", "unit": "percent", "rating": "Contextual"},
        {"kpi_id": "down", "direction": "down", "rating": "Contextual"},
    ]
    figures = [
        {"kpi_id": k, "period": _q(i), "value": str(v)}
        for k in ("ytd", "ytd-pct", "down")
        for i, v in enumerate(DEATHS)
    ]
    project(kpis, figures)
    (tmp_path / "data" / "raw" / "spc_rebases.csv").write_text(
        "kpi_id,period,reason,illustrative,source\n"
        "ytd-pct,2022-23 Q3,New counting rules,false,test\n"
    )
    m = build_report(loader.load(tmp_path), "test", "2023-24 Q2")
    assert (m.spc["ytd"].basis, m.spc["ytd-pct"].basis) == ("in-year increments", "figures")
    assert {s.frequency for s in m.spc.values()} == {"quarterly"}
    assert m.spc["down"].variation == "special cause concern"
    assert m.spc["down"].result.points["rebase"].tolist() == [""] * 12
    rebased = m.spc["ytd-pct"].result.points["rebase"].tolist()
    assert rebased == [""] * 8 + ["New counting rules"] + [""] * 3


def test_kpi_spc_uses_the_settings_and_keeps_labels_and_flags():
    h = _history([_q(i) for i in range(6)], [10.0, 12.0, 11.0, 13.0, 12.0, 11.0])
    h = h.assign(label=[f"L{i}" for i in range(6)], illustrative=[False] * 5 + [True])
    s = kpi_spc(h, "up", None, SpcSettings(min_points=5), cumulative=False, frequency="monthly")
    # 6 figures and 5 needed: stable limits, not trial ones.
    assert s.result.trial is False and s.reason == ""
    assert kpi_spc(h, "up", None, SpcSettings(), cumulative=False, frequency="q").result.trial
    assert s.labels == tuple(f"L{i}" for i in range(6))
    assert s.illustrative == (False,) * 5 + (True,)
    assert s.frequency == "monthly"


def test_without_a_direction_special_causes_are_neutral():
    h = _history([_q(i) for i in range(12)], [float(v) for v in DEATHS])
    s = kpi_spc(h, "none", 60.0, SpcSettings(), cumulative=False, frequency="quarterly")
    assert (s.variation, s.assurance) == ("special cause", "")
    down = kpi_spc(h, "down", 60.0, SpcSettings(), cumulative=False, frequency="quarterly")
    # Lower is better and 60 lies above the upper limit (58.30): always met.
    assert (down.variation, down.assurance) == ("special cause concern", "consistently passing")


def test_a_gap_starts_the_run_after_it():
    h = _history(["2023-24 Q1", "2023-24 Q3", "2023-24 Q4"], [1.0, 2.0, 3.0])
    s = kpi_spc(h, "up", None, SpcSettings(), cumulative=False, frequency="quarterly")
    assert s.periods == ("2023-24 Q3", "2023-24 Q4")
    empty = kpi_spc(h.iloc[:0], "up", None, SpcSettings(), cumulative=False, frequency="q")
    assert (empty.result, empty.reason, empty.periods) == (None, "fewer than 2 points", ())
