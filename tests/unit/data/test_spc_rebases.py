"""spc_rebases.csv: where a KPI's process limits restart, validated like the other files."""

import pytest

from kpitools.data.load import DataError, load
from kpitools.rules.periods import Quarter

HEADER = "kpi_id,period,reason,illustrative,source\n"


def _write(mini, *rows):
    path = mini / "data" / "raw" / "spc_rebases.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")


def test_rebases_are_typed_and_the_file_is_optional(mini):
    assert load(mini).spc_rebases.empty  # the fixture has no file
    _write(mini, "deaths,2023-24 Q2,New definition,true,test")
    rebases = load(mini).spc_rebases
    assert rebases["period"].tolist() == [Quarter.parse("2023-24 Q2")]
    assert rebases["reason"].tolist() == ["New definition"]
    assert rebases["illustrative"].tolist() == [True]


def test_bad_rows_are_named_with_the_fix(mini):
    _write(
        mini,
        "death,2023-24 Q2,New definition,true,t",  # row 2: unknown KPI
        "deaths,Q5,New definition,true,t",  # row 3: not a period
        "deaths,2023-24 Q3,,true,t",  # row 4: no reason
        "deaths,2023-09,New definition,true,t",  # row 5: a month for a quarterly KPI
        "births,2023-24 Q2,One,true,t",
        "births,2023/24 Q2,Two,maybe,t",  # row 7: the same quarter again; bad boolean
    )
    with pytest.raises(DataError) as caught:
        load(mini)
    got = {(p.file, p.row, p.column): p.message for p in caught.value.problems}
    f = "data/raw/spc_rebases.csv"
    assert got[(f, 2, "kpi_id")].startswith("unknown KPI 'death' (did you mean 'deaths'?)")
    assert got[(f, 3, "period")].startswith("'Q5' is not a period")
    assert got[(f, 4, "reason")] == "is empty; this column is required"
    assert got[(f, 5, "period")] == (
        "'2023-09' does not match the KPI's quarterly figures; write a quarter"
    )
    assert got[(f, 7, "period")] == "row 6 already rebases births at 2023-24 Q2; keep one row"
    assert got[(f, 7, "illustrative")].startswith("'maybe' is not allowed")
