import kpitools as kt
from kpitools.data.commentary import parse_commentary


def test_new_quarter_gets_a_section_per_kpi_in_the_set(mini):
    data = kt.load(mini)
    # The fixture has figures for 2023-24 Q2; scaffold Q3 as the next quarter would be.
    result = kt.scaffold_commentary(data, "demo", "2023-24 Q3")
    assert result.created
    # old-kpi left the set in 2022-23 Q1, so six sections, in register order.
    assert result.added == [
        "library-users",
        "births",
        "deaths",
        "coroner-cases",
        "learners",
        "enrolments",
    ]
    text = result.path.read_text()
    parsed = parse_commentary(result.path)
    assert all(s.commentary == "" and s.actions == "" for s in parsed.sections.values())
    # Last quarter's commentary appears only as a quoted reference.
    assert "> Commentary: A strong quarter, with a **16.67%** increase" in text
    assert "### Last quarter (reference)" in text
    assert "<!-- required: commentary on this quarter's figures -->" in text


def test_reference_line_and_red_marker(mini):
    data = kt.load(mini)
    result = kt.scaffold_commentary(data, "demo", "2023-24 Q3")
    text = result.path.read_text()
    # learners has no Q3 figure: not rated; nothing in Q3 is Red, so no actions marker.
    assert "<!-- required: actions" not in text
    (mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md").unlink()
    result = kt.scaffold_commentary(kt.load(mini), "demo", "2023-24 Q2")
    text = result.path.read_text()
    section = text[text.index("## learners") : text.index("## enrolments")]
    assert (
        "<!-- reference (read-only): Red; 608 (Target 1,128); Same period last year "
        "(Quarter 2 2022/23) 1,107; "
        "Declining." in section
    )
    assert "<!-- required: actions (path to green), because this KPI is Red -->" in section


def test_existing_file_gains_only_missing_sections_byte_for_byte(mini):
    path = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    text = path.read_text()
    cut = text.index("## learners")
    path.write_text(text[:cut])  # learners and enrolments sections missing
    before = path.read_bytes()
    result = kt.scaffold_commentary(kt.load(mini), "demo", "2023-24 Q2")
    after = path.read_bytes()
    assert not result.created and result.added == ["learners", "enrolments"]
    assert after.startswith(before)
    assert "added 2 section(s)" in result.message()
    # A second run changes nothing at all.
    again = kt.scaffold_commentary(kt.load(mini), "demo", "2023-24 Q2")
    assert again.added == [] and path.read_bytes() == after
