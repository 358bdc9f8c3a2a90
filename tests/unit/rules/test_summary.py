import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kpitools import STATUS_ORDER, RagScheme, status_summary
from kpitools.rules.summary import labelled_summary, largest_remainder_percentages


def test_seed_000_section_3_1():
    scheme = RagScheme(
        blue=False,
        summary_order=(
            "Red",
            "Amber",
            "Green",
            "Baseline",
            "Contextual",
            "In Development",
            "Suspended",
        ),
    )
    statuses = ["Red"] + ["Green"] * 9 + ["Contextual"] * 10
    expected = pd.DataFrame(
        {
            "Status": [
                "Red",
                "Amber",
                "Green",
                "Baseline",
                "Contextual",
                "In Development",
                "Suspended",
            ],
            "Number": [1, 0, 9, 0, 10, 0, 0],
            "Percentage": [5, 0, 45, 0, 50, 0, 0],
        }
    )
    pd.testing.assert_frame_equal(status_summary(statuses, scheme), expected)


def test_seed_001_section_2_1():
    order = ["Red", "Amber", "Green", "Blue", "No target"]
    statuses = ["Red"] * 10 + ["Amber"] * 3 + ["Green"] * 4 + ["Blue"] + ["No target"] * 2
    table = status_summary(statuses, order)
    assert table["Number"].tolist() == [10, 3, 4, 1, 2]
    assert table["Percentage"].tolist() == [50, 15, 20, 5, 10]


def test_seed_003_section_2_3():
    order = [
        "Blue",
        "Green",
        "Amber",
        "Red",
        "Contextual",
        "Baseline",
        "In Development",
        "Suspended",
    ]
    statuses = (
        ["Blue"] * 3
        + ["Green"] * 5
        + ["Amber"] * 3
        + ["Red"] * 3
        + ["Baseline"] * 2
        + ["In Development"] * 4
    )
    table = status_summary(statuses, order)
    assert table["Status"].tolist() == order
    assert table["Number"].tolist() == [3, 5, 3, 3, 0, 2, 4, 0]
    assert table["Percentage"].tolist() == [15, 25, 15, 15, 0, 10, 20, 0]
    assert table["Number"].sum() == 20


def test_default_order_lists_every_status_and_keeps_strangers():
    table = status_summary(["Green", "Mystery"])
    assert table["Status"].tolist() == [*STATUS_ORDER, "Mystery"]
    assert table.set_index("Status").loc["Mystery", "Percentage"] == 50


def test_empty_input_gives_zeros_not_an_error():
    table = status_summary([])
    assert table["Number"].sum() == 0 and table["Percentage"].sum() == 0


@given(st.lists(st.sampled_from(STATUS_ORDER), max_size=60))
def test_counts_add_up_and_percentages_are_whole(statuses):
    table = status_summary(statuses)
    assert table["Number"].sum() == len(statuses)
    assert all(isinstance(p, int) for p in table["Percentage"].tolist())
    if statuses:
        # Rounding each share to the nearest whole number moves the total by
        # at most half a point per status.
        assert abs(table["Percentage"].sum() - 100) <= len(STATUS_ORDER) / 2


def test_labelled_summary_reproduces_seed_001_table():
    # Seed 001 §2.1: Red 10 (50%), Amber 3 (15%), Green 4 (20%), Blue 1 (5%), No target 2 (10%).

    no_target = {s: "No target" for s in ("Baseline", "Contextual", "In Development")}
    statuses = ["Red"] * 10 + ["Amber"] * 3 + ["Green"] * 4 + ["Blue", "Baseline", "Contextual"]
    got = labelled_summary(statuses, RagScheme(), no_target)
    assert got.to_dict("list") == {
        "Status": ["Red", "Amber", "Green", "Blue", "No target", "Suspended", "Not rated"],
        "Number": [10, 3, 4, 1, 2, 0, 0],
        "Percentage": [50, 15, 20, 5, 10, 0, 0],
    }


@given(st.lists(st.sampled_from(STATUS_ORDER), min_size=1, max_size=60))
def test_labelled_summary_counts_every_kpi_once_and_adds_to_100(statuses):

    labels = {"Baseline": "No target", "Contextual": "No target", "Not rated": "No target"}
    got = labelled_summary(statuses, RagScheme(), labels)
    assert got["Number"].sum() == len(statuses)
    assert got["Percentage"].sum() == 100
    assert list(got["Status"]).count("No target") == 1
    assert not set(labels) & set(got["Status"])


def test_a_tied_remainder_goes_to_the_larger_count():
    # 1, 3 and 4 of 8: 12.5, 37.5 and 50; one point is missing and both halves tie, so it
    # goes to the larger count (3 of 8), then to the earlier row when counts tie too.
    assert largest_remainder_percentages([1, 3, 4]) == [12, 38, 50]
    assert largest_remainder_percentages([3, 1, 4]) == [38, 12, 50]
    assert largest_remainder_percentages([1, 1, 2]) == [25, 25, 50]
    assert largest_remainder_percentages([1, 1, 1, 1, 2, 2]) == [13, 13, 12, 12, 25, 25]
