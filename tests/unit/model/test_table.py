"""The computed rows of a report, worked by hand on small projects."""

import math

import pandas as pd
import pytest

from kpitools.model.report import build_report
from kpitools.model.table import rate_kpis


def _q(year: int, q: int) -> str:
    return f"{year}-{str(year + 1)[2:]} Q{q}"


def test_a_year_to_date_kpi_is_compared_with_the_same_period_last_year(project):
    # 600 learners by Q2 this year against 700 by Q2 last year: Declining, although
    # 600 is more than Q1's 250 (a running total always beats last quarter).
    data = project(
        kpis=[{"kpi_id": "ytd", "cumulative": "true"}],
        figures=[
            {"kpi_id": "ytd", "period": _q(2022, 2), "value": "700"},
            {"kpi_id": "ytd", "period": _q(2023, 1), "value": "250"},
            {"kpi_id": "ytd", "period": _q(2023, 2), "value": "600"},
        ],
        targets=[
            {
                "kpi_id": "ytd",
                "from_period": _q(2023, 1),
                "value": "1200",
                "basis": "annual_pro_rata",
            }
        ],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert row["comparison"] == "year_ago" and row["comparison_period"] == "2022-23 Q2"
    assert row["previous"] == 700 and row["change"] == "Declining"
    # Pro rata target for Q2: 1,200 x 2/4 = 600, so exactly on target: Green.
    assert row["target"] == 600 and row["status"] == "Green"
    # Two figures this year are fewer than the three a projection needs.
    assert math.isnan(row["year_end_projection"]) and row["year_end_points"] == 2


def test_year_to_date_trend_and_projection_use_this_year_only(project):
    # Last year ran to 1,100 at Q4; this year 300, 640, 900. A line across the year end
    # would fall; this year's figures with the year's zero start give the projection:
    # x = 0..3, y = 0, 300, 640, 900 -> slope 1520 / 5 = 304, intercept 460 - 456 = 4,
    # so Q4 (x = 4) = 1,220.
    figures = [
        {"kpi_id": "ytd", "period": _q(2022, 3), "value": "800"},
        {"kpi_id": "ytd", "period": _q(2022, 4), "value": "1100"},
        {"kpi_id": "ytd", "period": _q(2023, 1), "value": "300"},
        {"kpi_id": "ytd", "period": _q(2023, 2), "value": "640"},
        {"kpi_id": "ytd", "period": _q(2023, 3), "value": "900"},
    ]
    data = project(
        kpis=[{"kpi_id": "ytd", "cumulative": "true", "rating": "Contextual"}],
        figures=figures,
        reports=[("2023-24 Q3", "2024-01-10")],
    )
    table = rate_kpis(data, "test", "2023-24 Q3")
    row = table.rows.iloc[0]
    assert row["trend_points"] == 3 and row["year_end_points"] == 3
    assert row["year_end_projection"] == pytest.approx(1220)
    # The trend of the three in-year figures: slope 300, intercept 313.33, next 1,213.33.
    assert row["trend_next"] == pytest.approx(1213.3333, rel=1e-6)
    history = table.histories["ytd"]
    assert history["year"].tolist() == [2022, 2022, 2023, 2023, 2023]
    assert history["fitted"].notna().tolist() == [False, False, True, True, True]


def test_monthly_kpis_report_the_latest_month_in_reader_style(project):
    data = project(
        kpis=[{"kpi_id": "m", "frequency": "monthly", "unit": "percent"}],
        figures=[
            {"kpi_id": "m", "period": "2023-07", "value": "90"},
            {"kpi_id": "m", "period": "2023-08", "value": "80"},
        ],
        targets=[{"kpi_id": "m", "from_period": _q(2023, 1), "value": "100"}],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    # September has no figure: August is the current month, July the comparison.
    assert row["current_period"] == "2023-08" and row["current_period_label"] == "August 2023"
    assert row["comparison_period_label"] == "July 2023" and row["change"] == "Declining"
    # 80 against 100 is 20% short: Red (10% or more).
    assert row["status"] == "Red" and row["margin"] == pytest.approx(-0.2)


def test_revisions_show_the_latest_figure_and_as_of_shows_the_first(project):
    data = project(
        kpis=[{"kpi_id": "k"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 1), "value": "100"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "90", "reported_on": "2023-10-01"},
            {
                "kpi_id": "k",
                "period": _q(2023, 2),
                "value": "95",
                "reported_on": "2023-11-01",
                "revision_reason": "Late returns added.",
            },
        ],
        targets=[{"kpi_id": "k", "from_period": _q(2023, 1), "value": "100"}],
    )
    now = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert now["actual"] == 95 and now["revised"] and now["first_reported"] == 90
    assert now["status"] == "Amber"  # 5% short
    then = rate_kpis(data, "test", "2023-24 Q2", as_of="2023-10-15").rows.iloc[0]
    assert then["actual"] == 90 and not then["revised"]
    assert then["status"] == "Red"  # 10% short, Red is 10% or more


def test_previous_status_known_unknown_or_none(project):
    data = project(
        kpis=[
            {"kpi_id": "rated"},  # rated last quarter against its target
            {"kpi_id": "no-target"},  # a figure last quarter but no target then
            {"kpi_id": "new", "from_period": _q(2023, 2)},  # not in last quarter's set
        ],
        figures=[
            {"kpi_id": kpi, "period": _q(2023, q), "value": "100"}
            for kpi in ("rated", "no-target", "new")
            for q in (1, 2)
        ],
        targets=[
            {"kpi_id": "rated", "from_period": _q(2023, 1), "value": "100"},
            {"kpi_id": "no-target", "from_period": _q(2023, 2), "value": "100"},
            {"kpi_id": "new", "from_period": _q(2023, 2), "value": "100"},
        ],
    )
    rows = rate_kpis(data, "test", "2023-24 Q2").rows.set_index("kpi_id")
    assert rows.loc["rated", "previous_status"] == "Green" and rows.loc["rated", "previous_known"]
    assert pd.isna(rows.loc["no-target", "previous_status"])
    assert not rows.loc["no-target", "previous_known"]
    assert pd.isna(rows.loc["new", "previous_status"]) and rows.loc["new", "previous_known"]
    moved = build_report(data, "test", "2023-24 Q2").movements.set_index("kpi_id")["movement"]
    assert moved["new"].kind == "newly_rated"
    assert moved["no-target"].kind == "unchanged_unknown"
    assert moved["rated"].kind == "unchanged"


def test_a_ten_quarter_history_trends_over_the_window_of_eight(project):
    # Values 10, 20, ..., 100 over ten quarters: the last eight (30..100) rise by 10 a
    # quarter, so the next period is 110.
    periods = [_q(2021, 3), _q(2021, 4)] + [_q(y, q) for y in (2022, 2023) for q in (1, 2, 3, 4)]
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": p, "value": str(10 * (i + 1))} for i, p in enumerate(periods)
        ],
        reports=[("2023-24 Q4", "2024-05-01")],
    )
    table = rate_kpis(data, "test", "2023-24 Q4")
    row = table.rows.iloc[0]
    assert row["trend_points"] == 8 and row["trend_next"] == pytest.approx(110)
    fitted = table.histories["k"]["fitted"]
    assert fitted.isna().sum() == 2 and fitted.iloc[-1] == pytest.approx(100)


def test_no_trend_from_fewer_points_than_the_setting(project, tmp_path):
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[{"kpi_id": "k", "period": _q(2023, q), "value": str(q)} for q in (1, 2)],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert math.isnan(row["trend_next"]) and (row["trend_points"], row["trend_needed"]) == (2, 3)
    (tmp_path / "data" / "raw" / "settings.yml").write_text("trend:\n  min_points: 2\n")
    from kpitools.data.load import load

    row = rate_kpis(load(tmp_path), "test", "2023-24 Q2").rows.iloc[0]
    assert row["trend_next"] == pytest.approx(3)


def test_summary_percentages_add_up_and_improvements_count_every_kpi(project):
    # Three KPIs: one Green improving, one Contextual improving, one Red declining.
    data = project(
        kpis=[{"kpi_id": "a"}, {"kpi_id": "b", "rating": "Contextual"}, {"kpi_id": "c"}],
        figures=[
            {"kpi_id": "a", "period": _q(2023, 1), "value": "90"},
            {"kpi_id": "a", "period": _q(2023, 2), "value": "100"},
            {"kpi_id": "b", "period": _q(2023, 1), "value": "5"},
            {"kpi_id": "b", "period": _q(2023, 2), "value": "6"},
            {"kpi_id": "c", "period": _q(2023, 1), "value": "80"},
            {"kpi_id": "c", "period": _q(2023, 2), "value": "70"},
        ],
        targets=[
            {"kpi_id": "a", "from_period": _q(2023, 1), "value": "100"},
            {"kpi_id": "c", "from_period": _q(2023, 1), "value": "100"},
        ],
    )
    model = build_report(data, "test", "2023-24 Q2")
    assert model.improved == 2
    summary = model.summary.set_index("Status")
    # 1 of 3 each: 33.3 rounds down to 33 three times and the spare point goes to the
    # first listed of the tied remainders (Red).
    assert summary.loc[["Red", "Green", "Contextual"], "Percentage"].tolist() == [34, 33, 33]
    assert summary["Percentage"].sum() == 100
