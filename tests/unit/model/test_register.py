"""The KPI set in force on a date, from the decisions of seeds 002 and 003 (worked by hand)."""

import datetime as dt

import pandas as pd
import pytest

from kpitools.data.framework import load_framework
from kpitools.data.load import load
from kpitools.model.register import SET_COLUMNS, decision_key, kpi_set_changes, set_in_force

# Seed 002 §2.1: the previous CSMI set reviewed on 21 July 2022.
PREVIOUS_2022 = {37, 38, 197, 136, 137, 200, 174, 175, 176, 177, 178, 179, 198, 199}


@pytest.fixture(scope="module")
def decisions():
    return load_framework(load()).decisions


def test_cosmic_set_before_the_july_2022_decision_is_the_previous_suite(decisions):
    before = set_in_force(decisions, "cosmic", dt.date(2022, 7, 20))
    assert set(before["kpi_number"].dropna().astype(int)) == PREVIOUS_2022
    assert len(before) == 14


def test_cosmic_set_after_the_decision_is_37_retained_and_the_19_proposed(decisions):
    after = set_in_force(decisions, "cosmic", dt.date(2022, 7, 21))
    # 1 retained (indicator 37) + 19 proposed in seed 002 §2.2.
    assert len(after) == 20
    assert set(after["kpi_number"].dropna().astype(int)) == {37}
    assert "Total Digital engagements reported quarterly" in set(after["kpi_name"])
    assert "Number of item loans (including eBook loans) – quarterly" not in set(after["kpi_name"])


def test_snr_189_leaves_in_march_and_217_218_arrive_in_june(decisions):
    def numbers(day):
        return set(set_in_force(decisions, "snr", day)["kpi_number"].astype(int))

    assert numbers(dt.date(2022, 3, 28)) == {189}
    assert numbers(dt.date(2022, 3, 29)) == set()
    assert numbers(dt.date(2022, 6, 26)) == set()
    assert numbers(dt.date(2022, 6, 27)) == {217, 218}


def test_changes_in_a_window_leave_out_decisions_outside_it(decisions):
    june = kpi_set_changes(decisions, "snr", dt.date(2022, 3, 29), dt.date(2022, 6, 27))
    assert june.added["kpi_number"].tolist() == [217, 218]
    assert june.added["replaces"].tolist() == ["189", "189"]
    assert june.reviewed.empty
    nothing = kpi_set_changes(decisions, "cosmic", dt.date(2023, 12, 12), dt.date(2024, 9, 12))
    assert not nothing.changed


def _decision(kpi_id, number, name, day, proposal, committee="c"):
    return {"committee": committee, "kpi_id": kpi_id, "kpi_number": number, "kpi_name": name,
            "service_area": "Web", "decided_on": day, "proposal": proposal}  # fmt: skip


HAND = pd.DataFrame(
    [
        _decision("", 189, "Sessions", dt.date(2022, 3, 29), "remove"),
        _decision("zeta", 217, "Website quality", dt.date(2022, 6, 27), "add"),
        _decision("alpha", 218, "Calls answered", dt.date(2022, 6, 27), "add"),
        _decision("other", 1, "Elsewhere", dt.date(2022, 1, 1), "add", committee="d"),
    ]
)


def test_the_set_keeps_the_order_of_the_decisions():
    after = set_in_force(HAND, "c", dt.date(2022, 6, 27))
    assert list(after.columns) == SET_COLUMNS
    assert after["key"].tolist() == ["zeta", "alpha"]
    assert after["kpi_number"].tolist() == [217, 218]
    assert str(after["kpi_number"].dtype) == "Int64"
    assert after["decided_on"].tolist() == [dt.date(2022, 6, 27)] * 2
    assert list(after.index) == [0, 1]


def test_before_its_first_decision_a_reviewed_kpi_was_in_the_previous_set():
    before = set_in_force(HAND, "c", dt.date(2022, 3, 28))
    assert before.to_dict("records") == [
        {"key": "189 Sessions", "kpi_number": 189, "kpi_name": "Sessions", "kpi_id": "",
         "service_area": "Web", "decided_on": None}
    ]  # fmt: skip


def test_a_decision_without_id_or_number_is_known_by_name():
    assert decision_key({"kpi_id": "", "kpi_number": float("nan"), "kpi_name": "Visits"}) == (
        "Visits"
    )
    assert decision_key({"kpi_id": "", "kpi_number": None, "kpi_name": "Visits"}) == "Visits"
    assert decision_key({"kpi_id": "", "kpi_number": 37.0, "kpi_name": "Visits"}) == "37 Visits"


def test_changes_carry_their_window_and_a_plain_index():
    june = kpi_set_changes(HAND, "c", dt.date(2022, 3, 29), dt.date(2022, 6, 27))
    assert (june.committee, june.after, june.upto) == (
        "c", dt.date(2022, 3, 29), dt.date(2022, 6, 27)
    )  # fmt: skip
    assert list(june.added.index) == [0, 1] and "index" not in june.added.columns
    march = kpi_set_changes(HAND, "c", None, dt.date(2022, 3, 29))
    assert march.reviewed["kpi_number"].tolist() == [189]
    assert list(march.reviewed.index) == [0] and "index" not in march.reviewed.columns


def test_decisions_of_one_day_keep_the_order_of_the_file():
    # 40 additions over three days, k0..k39 in file order: by day, then in file order.
    many = pd.DataFrame(
        [_decision(f"k{i}", i, f"KPI {i}", dt.date(2022, 6, 1 + i % 3), "add") for i in range(40)]
    )
    added = kpi_set_changes(many, "c", None, dt.date(2022, 7, 1)).added
    assert added["kpi_id"].tolist() == [f"k{i}" for d in range(3) for i in range(40) if i % 3 == d]
