"""accountability.csv and revision reasons are validated like the other files."""

import pytest

from kpitools.data.load import DataError, load


def test_bad_accountability_rows_and_a_revision_without_reason_are_named(mini):
    raw = mini / "data" / "raw"
    with (raw / "accountability.csv").open("a", encoding="utf-8") as f:
        f.write("lerners,Head of Adult Skills (illustrative),not-an-email,,,Great,ten,true,t\n")
    with (raw / "figures.csv").open("a", encoding="utf-8") as f:
        # row 15: changes births Q2 (99, reported 2023-12-12) with no reason.
        f.write("births,2023-24 Q2,98,2024-01-10,,,,,false,test,\n")
    with pytest.raises(DataError) as caught:
        load(mini)
    got = {(p.file, p.row, p.column): p.message for p in caught.value.problems}
    acc = "data/raw/accountability.csv"
    assert got[(acc, 5, "kpi_id")].startswith("unknown KPI 'lerners' (did you mean 'learners'?)")
    assert got[(acc, 5, "data_quality")].startswith("'Great' is not allowed; use one of 'High'")
    assert got[(acc, 5, "lag_days")] == "'ten' is not a whole number"
    assert got[(acc, 5, "owner_email")].startswith("'not-an-email' is not an email address")
    assert got[("data/raw/figures.csv", 15, "revision_reason")].startswith(
        "is empty but this row revises the figure for births 2023-24 Q2 (was '99')"
    )


def test_accountability_is_typed_and_optional(mini):
    data = load(mini)
    assert data.accountability.loc["library-users", "lag_days"] == 90
    assert bool(data.accountability.loc["library-users", "illustrative"]) is True
    (mini / "data" / "raw" / "accountability.csv").unlink()
    assert load(mini).accountability.empty
