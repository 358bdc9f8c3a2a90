"""The sample data reproduce what seed 004 and seed 000 publish."""

import csv

import pytest

import kpitools as kt
from kpitools.model.report import build_report
from kpitools.pipeline.outputs import write_kpis_csv

pytestmark = pytest.mark.xdist_group("sample")

# Seed 004, card by card: (current, target or baseline, comparison figure, status, change).
# Statuses and changes are as published; the two adult-skills cards with an empty
# "RAG Rating" are Not rated.
SEED_004 = [
    (96326, 107236, 90157, "Red", "Improving"),
    (380018, 475381, 351220, "Red", "Improving"),
    (276954, 361311, 274962, "Red", "Improving"),
    (608, 1128, 1107, "Red", "Declining"),
    (829, 1466, 1676, "Not rated", "Declining"),
    (93, 94, 95, "Not rated", "Declining"),
    (120, None, 120, "In Development", "Unchanged"),
    (789, 872, 944, "Contextual", "N/A"),
    (810, 880, 941, "Contextual", "N/A"),
    (120, 148, 139, "Contextual", "N/A"),
    (142, 160, 213, "Contextual", "N/A"),
    (147, 67, 88, "Contextual", "N/A"),
    (65, 70, 77, "Contextual", "Declining"),
    (68, 70, 68, "Amber", "Unchanged"),
    (940, 430, 826, "Contextual", "Improving"),
    (99, 74, 98, "Blue", "Improving"),
    (55, 60, 48, "Amber", "Improving"),
    (296, 291, 313, "Green", "Declining"),
    (51, 65, 60, "Red", "Declining"),
]


@pytest.fixture(scope="module")
def data():
    return kt.load()


def _num(value):
    return None if value in ("", "nan") else float(value)


def test_cosmic_2023_24_q2_matches_every_published_status_and_change(data, tmp_path):
    # As published on 12 December 2023: later illustrative revisions are ignored.
    model = build_report(data, "cosmic", "2023-24 Q2", as_of="2023-12-12")
    table = model.rows
    path = tmp_path / "kpis.csv"
    write_kpis_csv(model, path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    got = [
        (_num(r["actual"]), _num(r["target"]), _num(r["previous"]), r["status"], r["change"])
        for r in rows
    ]
    assert sorted(got, key=str) == sorted(SEED_004, key=str)
    assert not table["illustrative"].any()


def test_unrated_adult_skills_kpis_get_no_colour(data):
    table = kt.kpi_table(data, "cosmic", "2023-24 Q2", as_of="2023-12-12")
    unrated = table[table["status"] == "Not rated"]
    assert len(unrated) == 2
    assert not unrated["status"].isin(kt.RATED).any()


def test_seed_000_statuses_for_the_named_kpis(data):
    table = kt.kpi_table(data, "cosmic", "2024-25 Q2").set_index("indicator")
    expected = {
        36: ("Green", "Green", "Improving"),
        37: ("Green", "Green", "Improving"),
        136: ("Green", "Green", "Improving"),
        137: ("Green", "Green", "Improving"),
        222: ("Green", "Green", "Improving"),
        220: ("Red", "Red", "Improving"),
        219: ("Red", "Green", "Improving"),
        198: ("Amber", "Green", "Improving"),
        221: ("Amber", "Green", "Improving"),
        138: ("Green", "Green", "Declining"),
    }
    for indicator, (before, now, change) in expected.items():
        row = table.loc[indicator]
        assert (row["previous_status"], row["status"], row["change"]) == (before, now, change), (
            indicator
        )
    # Published statuses, illustrative figures: every card says so.
    assert table.loc[list(expected), "illustrative"].all()


def test_every_sample_report_has_figures(data):
    for report in data.reports.itertuples():
        assert report.committee in kt.committees_with_reports(data, report.period)


def test_seed_000_quarter_has_twenty_kpis_and_exactly_two_contextual_improvements(data):
    # The Quarter 2 2024-25 report counts 20 KPIs, 10 of them contextual, and 11
    # improvements: the 9 rated ones its lists name and 2 contextual ones.
    table = kt.kpi_table(data, "cosmic", "2024-25 Q2")
    assert len(table) == 20
    contextual = table[table["status"] == "Contextual"]
    assert len(contextual) == 10
    assert (contextual["change"] == "Improving").sum() == 2
    assert ((table["change"] == "Improving") & table["previous_status"].notna()).sum() == 11


def test_every_source_cell_cites_a_document_or_says_illustrative(data):
    for frame in (data.kpis, data.targets, data.figures, data.reports):
        for cell in frame["source"]:
            assert data.source(cell) is not None, cell


def test_real_committee_kpis_are_not_marked_illustrative_but_their_figures_are(data):
    snr = kt.kpi_table(data, "snr", "2021-22 Q4").set_index("indicator")
    assert not data.kpis.loc["contract-waivers-late", "illustrative"]
    assert "current figure" in snr.loc[169, "illustrative_parts"]
    # The one published figure: Freedom of Information, 79% for 2021-22.
    assert snr.loc[182, "actual"] == 79
    assert "current figure" not in snr.loc[182, "illustrative_parts"]


def test_sample_report_carries_variation_and_assurance(data):
    # Deaths registered within 5 days (illustrative history): 39, 41, 38, 42, 40, 50, 48, 55,
    # 57, 58, 49, 52; mean 569/12 = 47.42; the last 7 are all above it (a shift): special
    # cause improvement while Red; target 60 above the upper limit 47.42 + 2.66 x 45/11 = 58.30.
    m = build_report(data, "cosmic", "2024-25 Q2")
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
    # Self-referrals are measured against a baseline of 70, which is never rated against:
    # no assurance, although the figures would otherwise give one.
    assert m.rows.set_index("kpi_id").loc["domestic-abuse-self-referrals", "target_kind"] == (
        "baseline"
    )
    assert m.spc["domestic-abuse-self-referrals"].assurance == ""
    # The deaths rebase in the sample data is dated 2024-25 Q3, after this report: no effect.
    assert not m.spc["deaths-registered-5-days"].result.points["rebase"].any()
