"""Which figures a KPI's XmR chart is drawn from, worked by hand."""

import pandas as pd
import pytest

from kpitools.data.load import load
from kpitools.data.settings import SpcSettings
from kpitools.model.report import build_report
from kpitools.model.spc import kpi_spc


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


def test_sample_report_carries_variation_and_assurance():
    # Deaths registered within 5 days (illustrative history): 39, 41, 38, 42, 40, 50, 48, 55,
    # 57, 58, 49, 52; mean 569/12 = 47.42; the last 7 are all above it (a shift): special
    # cause improvement while Red; target 60 above the upper limit 47.42 + 2.66 x 45/11 = 58.30.
    m = build_report(load(), "cosmic", "2024-25 Q2")
    row = m.rows.set_index("kpi_id").loc["deaths-registered-5-days"]
    assert (row["status"], row["variation"], row["assurance"]) == (
        "Red",
        "special cause improvement",
        "consistently failing",
    )
    assert m.spc["deaths-registered-5-days"].result.upper == pytest.approx(
        569 / 12 + 2.66 * 45 / 11
    )
    # Coroner cases opened (direction none): variation only, never an assurance.
    assert m.spc["coroner-cases-opened"].assurance == ""
