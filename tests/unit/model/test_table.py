"""The computed rows of a report, worked by hand on small projects."""

import datetime as dt
import math

import pandas as pd
import pytest

from kpitools.data import load as loader
from kpitools.model.report import build_report
from kpitools.model.table import OUTPUT_COLUMNS, figure_status, rate_kpis
from kpitools.rules.rag import RagScheme


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
    assert now["first_reported_on"] == dt.date(2023, 10, 1)
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


def test_the_history_frame_worked_by_hand(project):
    # 80, 90, 100 for 2022-23 Q4 .. 2023-24 Q2 (the Q1 figure illustrative) and a Q3 figure
    # reported already: the Q2 report's history stops at Q2. The target of 100 starts in
    # 2023-24 Q1. The line through 80, 90, 100 fits them exactly.
    data = project(
        kpis=[{"kpi_id": "k"}, {"kpi_id": "short", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2022, 4), "value": "80"},
            {"kpi_id": "k", "period": _q(2023, 1), "value": "90", "illustrative": "true"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "100"},
            {"kpi_id": "k", "period": _q(2023, 3), "value": "120"},
            {"kpi_id": "short", "period": _q(2023, 2), "value": "5"},
        ],
        targets=[{"kpi_id": "k", "from_period": _q(2023, 1), "value": "100"}],
    )
    histories = rate_kpis(data, "test", "2023-24 Q2").histories
    history = histories["k"]
    assert history.to_dict("list") == {
        "period": ["2022-23 Q4", "2023-24 Q1", "2023-24 Q2"],
        "label": ["Quarter 4 2022/23", "Quarter 1 2023/24", "Quarter 2 2023/24"],
        "year": [2022, 2023, 2023],
        "value": [80.0, 90.0, 100.0],
        "target": [pytest.approx(math.nan, nan_ok=True), 100.0, 100.0],
        "target_kind": ["", "target", "target"],
        "illustrative": [False, True, False],
        "current": [False, False, True],
        "fitted": [pytest.approx(80), pytest.approx(90), pytest.approx(100)],
    }
    # One figure: no line, and the fitted column is still a column of numbers.
    short = histories["short"]["fitted"]
    assert short.dtype == float and short.isna().all()


def test_every_illustrative_part_is_named(project):
    # An illustrative KPI whose current and comparison figures and target are illustrative.
    data = project(
        kpis=[{"kpi_id": "k", "illustrative": "true"}, {"kpi_id": "real", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 1), "value": "90", "illustrative": "true"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "100", "illustrative": "true"},
            {"kpi_id": "real", "period": _q(2023, 2), "value": "100"},
        ],
        targets=[
            {"kpi_id": "k", "from_period": _q(2023, 1), "value": "100", "illustrative": "true"}
        ],
    )
    rows = rate_kpis(data, "test", "2023-24 Q2").rows.set_index("kpi_id")
    assert rows.loc["k", "illustrative"]
    assert rows.loc["k", "illustrative_parts"] == (
        "KPI, current figure, comparison figure, target, history"
    )
    assert rows.loc["real", "illustrative_parts"] == "" and not rows.loc["real", "illustrative"]


def test_only_the_comparison_figure_illustrative(project):
    # Q1 (the comparison) illustrative, Q2 not: both are in the history run.
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 1), "value": "90", "illustrative": "true"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "100"},
        ],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert row["illustrative_parts"] == "comparison figure, history"


def test_a_kpi_is_in_the_set_up_to_and_including_its_last_period(project):
    data = project(
        kpis=[
            {"kpi_id": "ends", "to_period": _q(2023, 2), "rating": "Contextual"},
            {"kpi_id": "ended", "to_period": _q(2023, 1), "rating": "Contextual"},
        ],
        figures=[{"kpi_id": k, "period": _q(2023, 2), "value": "1"} for k in ("ends", "ended")],
    )
    assert rate_kpis(data, "test", "2023-24 Q2").rows["kpi_id"].tolist() == ["ends"]


def test_a_monthly_kpi_reports_the_last_month_with_a_figure_or_the_quarter_end(project):
    data = project(
        kpis=[
            {"kpi_id": "full", "frequency": "monthly", "rating": "Contextual"},
            {"kpi_id": "none", "frequency": "monthly", "rating": "Contextual"},
        ],
        figures=[
            *({"kpi_id": "full", "period": f"2023-{m:02d}", "value": str(m)} for m in (7, 8, 9)),
            {"kpi_id": "none", "period": "2023-06", "value": "1"},
        ],
    )
    rows = rate_kpis(data, "test", "2023-24 Q2").rows.set_index("kpi_id")
    assert rows.loc["full", "current_period"] == "2023-09" and rows.loc["full", "actual"] == 9
    assert rows.loc["none", "current_period"] == "2023-09"
    assert math.isnan(rows.loc["none", "actual"])


def test_a_monthly_history_counts_january_to_march_in_the_financial_year(project):
    # December 2023 and January 2024 both belong to the financial year 2023-24.
    data = project(
        kpis=[{"kpi_id": "m", "frequency": "monthly", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "m", "period": "2023-12", "value": "1"},
            {"kpi_id": "m", "period": "2024-01", "value": "2"},
        ],
        reports=[("2023-24 Q4", "2024-05-01")],
    )
    history = rate_kpis(data, "test", "2023-24 Q4").histories["m"]
    assert history["year"].tolist() == [2023, 2023]


def test_a_figure_reported_on_the_as_of_day_is_known(project):
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 2), "value": "90", "reported_on": "2023-10-01"}
        ],
    )
    assert rate_kpis(data, "test", "2023-24 Q2", as_of="2023-10-01").rows.iloc[0]["actual"] == 90
    assert math.isnan(
        rate_kpis(data, "test", "2023-24 Q2", as_of="2023-09-30").rows.iloc[0]["actual"]
    )


def test_a_lower_is_better_kpi_improves_when_it_falls(project):
    data = project(
        kpis=[{"kpi_id": "k", "direction": "down", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, q), "value": v} for q, v in ((1, "100"), (2, "90"))
        ],
    )
    assert rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]["change"] == "Improving"


def test_a_year_to_date_kpi_without_a_direction_is_compared_with_last_quarter(project):
    # Only a direction makes a running total's comparison with last quarter misleading.
    data = project(
        kpis=[{"kpi_id": "k", "cumulative": "true", "direction": "none", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, q), "value": v} for q, v in ((1, "100"), (2, "150"))
        ],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert row["comparison"] == "previous" and row["comparison_period"] == "2023-24 Q1"


def test_a_history_with_a_gap_trends_from_the_figures_after_it(project):
    # 2022-23 Q4 has no figure: the run is 2023-24 Q1, Q2, Q3 (10, 20, 30): next 40.
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2022, 3), "value": "500"},
            *({"kpi_id": "k", "period": _q(2023, q), "value": str(10 * q)} for q in (1, 2, 3)),
        ],
        reports=[("2023-24 Q3", "2024-01-10")],
    )
    row = rate_kpis(data, "test", "2023-24 Q3").rows.iloc[0]
    assert row["trend_points"] == 3 and row["trend_next"] == pytest.approx(40)


YTD_FIGURES = [(1, "300"), (2, "600"), (3, "900")]


def test_the_year_end_projection_against_this_years_target(project):
    # 300, 600, 900 by Q3 with the year's zero start: slope 300 through 0, so Q4 = 1,200.
    # This year's target (for Q4) is 1,128: an "up" KPI reaches it, a "down" one does not.
    # Next year's target of 5,000 plays no part.
    kpis = [
        {"kpi_id": "up", "cumulative": "true"},
        {"kpi_id": "down", "cumulative": "true", "direction": "down"},
    ]
    figures = [
        {"kpi_id": k["kpi_id"], "period": _q(2023, q), "value": v}
        for k in kpis
        for q, v in YTD_FIGURES
    ]
    targets = [
        t
        for k in ("up", "down")
        for t in (
            {"kpi_id": k, "from_period": _q(2023, 1), "to_period": _q(2023, 4), "value": "1128"},
            {"kpi_id": k, "from_period": _q(2024, 1), "value": "5000"},
        )
    ]
    data = project(kpis, figures, targets, reports=[("2023-24 Q3", "2024-01-10")])
    rows = rate_kpis(data, "test", "2023-24 Q3").rows.set_index("kpi_id")
    assert rows.loc["up", "year_end_projection"] == pytest.approx(1200)
    assert (rows.loc["up", "year_end_points"], rows.loc["up", "year_end_needed"]) == (3, 3)
    assert rows.loc["up", "year_end_target"] == 1128 and rows.loc["up", "year_end_reaches"]
    assert rows.loc["down", "year_end_target"] == 1128
    reaches = rows.loc["down", "year_end_reaches"]
    assert reaches is not None and not reaches


def test_a_baseline_is_not_a_year_end_target(project):
    data = project(
        [{"kpi_id": "k", "cumulative": "true"}],
        [{"kpi_id": "k", "period": _q(2023, q), "value": v} for q, v in YTD_FIGURES],
        [{"kpi_id": "k", "from_period": _q(2023, 1), "value": "1128", "kind": "baseline"}],
        reports=[("2023-24 Q3", "2024-01-10")],
    )
    row = rate_kpis(data, "test", "2023-24 Q3").rows.iloc[0]
    assert row["year_end_projection"] == pytest.approx(1200)
    assert math.isnan(row["year_end_target"]) and row["year_end_reaches"] is None


def test_a_monthly_year_to_date_kpi_projects_to_month_12(project):
    # April 100, May 200, June 300 with the zero start: 100 a month, so March = 1,200.
    data = project(
        [{"kpi_id": "m", "cumulative": "true", "frequency": "monthly", "rating": "Contextual"}],
        [
            {"kpi_id": "m", "period": f"2023-{m:02d}", "value": str(100 * (m - 3))}
            for m in (4, 5, 6)
        ],
        reports=[("2023-24 Q1", "2023-08-01")],
    )
    row = rate_kpis(data, "test", "2023-24 Q1").rows.iloc[0]
    assert row["year_end_projection"] == pytest.approx(1200)


def test_a_year_to_date_rate_projects_without_a_zero_start(project, tmp_path):
    # A cumulative percentage of 50 then 52 does not start the year at 0: the line through
    # (1, 50), (2, 52) reaches 56 at Q4. Two figures are enough with min_points 2.
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "settings.yml").write_text("trend:\n  min_points: 2\n")
    data = project(
        [{"kpi_id": "r", "cumulative": "true", "unit": "percent", "rating": "Contextual"}],
        [{"kpi_id": "r", "period": _q(2023, q), "value": v} for q, v in ((1, "50"), (2, "52"))],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert row["year_end_points"] == 2
    assert row["year_end_projection"] == pytest.approx(56)


def test_a_figure_without_a_value_ends_the_run_of_history(project):
    # Q1 10, Q2 given only a status (not yet validated): no run of figures up to Q2.
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 1), "value": "10"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "", "status": "Not rated",
             "note": "Not yet validated."},
        ],
    )  # fmt: skip
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert (row["status"], row["trend_points"]) == ("Not rated", 0)


def test_no_figure_last_quarter_means_an_unknown_previous_status(project):
    # In the set since 2020-21 but with no figure for 2023-24 Q1.
    data = project(
        kpis=[{"kpi_id": "k"}],
        figures=[{"kpi_id": "k", "period": _q(2023, 2), "value": "100"}],
        targets=[{"kpi_id": "k", "from_period": _q(2023, 1), "value": "100"}],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert pd.isna(row["previous_status"]) and not row["previous_known"]


def _commentary(tmp_path, period, text):
    folder = tmp_path / "data" / "raw" / "commentary" / "test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{period.replace(' ', '-')}.md").write_text(
        f"---\ncommittee: test\nperiod: {period}\n---\n\n## k — Kay\n\n### Commentary\n\n"
        f"{text}\n\n### Actions\n\nKeep going.\n"
    )


def test_a_rated_row_in_full(project, tmp_path):
    # k: 95 against a target of 100 (5% short: Amber, RAGB Red from 10%), 90 last quarter
    # (10% short: Red); commentary for Q1, Q2 and Q3, of which Q2's is the report's.
    for period, text in (("2023-24 Q1", "Q1 text."), ("2023-24 Q2", "Up on last quarter."),
                         ("2023-24 Q3", "Q3 text.")):  # fmt: skip
        _commentary(tmp_path, period, text)
    project(
        kpis=[{"kpi_id": "k", "name": "Kay", "indicator": "7", "description": "What it counts."}],
        figures=[
            {"kpi_id": "k", "period": _q(2023, 1), "value": "90", "reported_on": "2023-08-01"},
            {"kpi_id": "k", "period": _q(2023, 2), "value": "95", "reported_on": "2023-11-01",
             "stat_neighbours": "97", "england": "99", "note": "Provisional."},
        ],
        targets=[{"kpi_id": "k", "from_period": _q(2023, 1), "value": "100",
                  "note": "Set by the committee."}],
    )  # fmt: skip
    # The dashboard's own column heads for this KPI.
    kpis = tmp_path / "data" / "raw" / "kpis.csv"
    lines = kpis.read_text().splitlines()
    kpis.write_text(
        f"{lines[0]},current_label,previous_label,cumulative_label\n"
        f"{lines[1]},This quarter,Last quarter,Year to date\n"
    )
    row = rate_kpis(loader.load(tmp_path), "test", "2023-24 Q2").rows.iloc[0].to_dict()
    nan = pytest.approx(math.nan, nan_ok=True)
    assert row == {
        "committee": "test", "period": "2023-24 Q2", "kpi_id": "k", "indicator": 7,
        "name": "Kay", "service_area": "Service", "unit": "count", "decimals": 0,
        "direction": "up", "frequency": "quarterly", "cumulative": False, "rating": "Rated",
        "tolerance": "", "current_period": "2023-24 Q2",
        "current_period_label": "Quarter 2 2023/24", "actual": 95.0, "target": 100.0,
        "target_kind": "target", "target_basis": "period",
        "target_note": "Set by the committee.", "comparison": "previous",
        "comparison_period": "2023-24 Q1", "comparison_period_label": "Quarter 1 2023/24",
        "previous": 90.0, "change": "Improving", "status": "Amber", "status_basis": "rated",
        "status_note": "", "margin": pytest.approx(-0.05), "previous_status": "Red",
        "previous_known": True, "stat_neighbours": 97.0, "england": 99.0,
        # Two figures: fewer than the three a trend needs; not a year-to-date KPI.
        "trend_points": 2, "trend_needed": 3, "trend_next": nan, "year_end_points": 0,
        "year_end_needed": 0, "year_end_projection": nan, "year_end_target": nan,
        "year_end_reaches": None, "revised": False, "first_reported": nan,
        "first_reported_on": None, "note": "Provisional.", "illustrative": False,
        "illustrative_parts": "", "commentary": "Up on last quarter.",
        "actions": "Keep going.", "actions_waiver": "", "description": "What it counts.",
        "links": "", "current_label": "This quarter", "previous_label": "Last quarter",
        "cumulative_label": "Year to date", "figure_source": "",
    }  # fmt: skip
    assert list(rate_kpis(loader.load(tmp_path), "test", "2023-24 Q2").rows.columns) == (
        OUTPUT_COLUMNS
    )


def test_statuses_not_rated_against_a_target(project):
    # nofig: in the set with a target but no figure this quarter; ctx: Contextual with no
    # targets at all; sus: a status given with its figure; blue: 106 against 100 is 6%
    # better, Blue under RAGB (from 5%); pts: see below.
    data = project(
        kpis=[{"kpi_id": "nofig"}, {"kpi_id": "ctx", "rating": "Contextual"},
              {"kpi_id": "sus"}, {"kpi_id": "blue"}, {"kpi_id": "pts", "tolerance": "points"}],
        figures=[
            {"kpi_id": "nofig", "period": _q(2023, 1), "value": "100"},
            {"kpi_id": "ctx", "period": _q(2023, 2), "value": "5"},
            {"kpi_id": "sus", "period": _q(2023, 2), "value": "", "status": "Suspended",
             "note": "Paused."},
            {"kpi_id": "blue", "period": _q(2023, 2), "value": "106"},
            {"kpi_id": "pts", "period": _q(2023, 2), "value": "99.5"},
        ],
        targets=[{"kpi_id": k, "from_period": _q(2023, 1), "value": "100"}
                 for k in ("nofig", "sus", "blue", "pts")],
    )  # fmt: skip
    rows = rate_kpis(data, "test", "2023-24 Q2", as_of="").rows.set_index("kpi_id")
    got = rows[["status", "status_basis", "status_note", "note"]].T.to_dict("list")
    assert got == {
        "nofig": ["Not rated", "no-figure", "", ""],
        "ctx": ["Contextual", "rating", "", ""],
        "sus": ["Suspended", "figure", "Paused.", ""],
        "blue": ["Blue", "rated", "", ""],
        "pts": ["Red", "rated", "", ""],
    }
    assert math.isnan(rows.loc["nofig", "actual"]) and math.isnan(rows.loc["ctx", "target"])
    assert rows.loc["blue", "margin"] == pytest.approx(0.06)
    # pts is measured in points: 0.5 short of 100 is past Red's 0.10 (relative, 0.5% would
    # be Amber), and its margin is in points too.
    assert rows.loc["pts", "margin"] == pytest.approx(-0.5)
    assert str(rows["indicator"].dtype) == "Int64"
    # No commentary, no column heads of their own, no cited source: empty text, never None;
    # ctx has no target either.
    texts = ["commentary", "actions", "actions_waiver", "current_label", "previous_label",
             "cumulative_label", "figure_source"]  # fmt: skip
    assert rows.loc[["nofig", "ctx"], texts].map(lambda v: v == "").all().all()
    assert rows.loc["ctx", ["target_kind", "target_basis", "target_note"]].tolist() == [""] * 3


def test_the_first_quarter_of_a_committees_first_scheme(project):
    # 2020-21 Q1: no scheme for the quarter before, so no previous status.
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}],
        figures=[{"kpi_id": "k", "period": _q(2020, 1), "value": "1"}],
        reports=[("2020-21 Q1", "2020-08-01")],
    )
    row = rate_kpis(data, "test", "2020-21 Q1").rows.iloc[0]
    assert row["actual"] == 1 and pd.isna(row["previous_status"])


def test_a_quarter_without_kpis_gives_the_columns_and_an_unknown_committee_is_named(project):
    data = project(
        kpis=[{"kpi_id": "late", "from_period": _q(2024, 1), "rating": "Contextual"}],
        figures=[{"kpi_id": "late", "period": _q(2024, 1), "value": "1"}],
        reports=[("2024-25 Q1", "2024-08-01")],
    )
    rows = rate_kpis(data, "test", "2023-24 Q2").rows
    assert rows.empty and list(rows.columns) == OUTPUT_COLUMNS
    with pytest.raises(KeyError, match="unknown committee 'nope'"):
        rate_kpis(data, "nope", "2023-24 Q2")


def test_a_rated_figure_without_a_target_is_not_rated():
    kpi = pd.Series({"rating": "Rated", "direction": "up", "tolerance": ""})
    assert figure_status(kpi, {"value": 5.0, "status": ""}, None, RagScheme()) == "Not rated"


def test_a_waiver_of_actions_reaches_the_row(project, tmp_path):
    folder = tmp_path / "data" / "raw" / "commentary" / "test"
    folder.mkdir(parents=True)
    (folder / "2023-24-Q2.md").write_text(
        "---\ncommittee: test\nperiod: 2023-24 Q2\n---\n\n## w — w\n\n### Commentary\n\n"
        "Down.\n\n### Actions\n\n<!-- waive actions: awaiting validated data -->\n"
    )
    data = project(
        kpis=[{"kpi_id": "w", "rating": "Contextual"}],
        figures=[{"kpi_id": "w", "period": _q(2023, 2), "value": "1"}],
    )
    row = rate_kpis(data, "test", "2023-24 Q2").rows.iloc[0]
    assert (row["actions"], row["actions_waiver"]) == ("", "awaiting validated data")


def test_a_kpi_with_no_figure_at_all(project):
    # "none" is in the set with a target but has never had a figure; "k" has one.
    data = project(
        kpis=[{"kpi_id": "k", "rating": "Contextual"}, {"kpi_id": "none"}],
        figures=[{"kpi_id": "k", "period": _q(2023, 2), "value": "7"}],
        targets=[{"kpi_id": "none", "from_period": _q(2023, 1), "value": "100"}],
    )
    rows = rate_kpis(data, "test", "2023-24 Q2").rows.set_index("kpi_id")
    assert rows.loc["none", ["status", "status_basis"]].tolist() == ["Not rated", "no-figure"]
    assert math.isnan(rows.loc["none", "actual"]) and rows.loc["k", "actual"] == 7
