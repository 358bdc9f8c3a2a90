import kpitools as kt
import kpitools.cli
from kpitools.model.findings import Finding, check_commentary, quoted_figures


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_fixture_quarter_passes(mini):
    assert check_commentary(kt.load(mini), "demo", "2023-24 Q2") == []


def test_each_kind_of_problem_is_flagged(mini):
    raw = mini / "data" / "raw"
    md = raw / "commentary" / "demo" / "2023-24-Q2.md"
    # Red KPI (learners) without actions; a KPI without commentary; a wrong quoted figure.
    _edit(md, "### Actions\n\nFull Q2 figures will come with Q3.\n", "")
    _edit(md, "Fewer referrals in Q2.", "")
    _edit(md, "889 deaths were registered", "Q2 performance was 58%. 889 deaths were registered")
    # A section for a KPI that left the set (old-kpi's to_period is 2022-23 Q1).
    md.write_text(md.read_text() + "\n## old-kpi — Old\n\n### Commentary\n\nStill here.\n")
    # Text carried over word for word from last quarter.
    (raw / "commentary" / "demo" / "2023-24-Q1.md").write_text(
        "---\ncommittee: demo\nperiod: 2023-24 Q1\n---\n\n## births — Births\n\n"
        "### Commentary\n\n1,977 births were registered, of which 1,953 were registered "
        "within 42 days.\n"
    )
    findings = check_commentary(kt.load(mini), "demo", "2023-24 Q2")
    kinds = sorted((f.kind, f.kpi_id) for f in findings)
    assert kinds == [
        ("carried-over", "births"),
        ("figure-mismatch", "deaths"),
        ("missing-actions", "learners"),
        ("missing-commentary", "coroner-cases"),
        ("not-in-set", "old-kpi"),
    ]
    mismatch = next(f for f in findings if f.kind == "figure-mismatch")
    assert "the text says 58% for Q2 but the data report 55%" in mismatch.message


def test_waiver_accepts_a_red_kpi_without_actions(mini):
    md = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    _edit(md, "Full Q2 figures will come with Q3.", "<!-- waive actions: awaiting data -->")
    assert check_commentary(kt.load(mini), "demo", "2023-24 Q2") == []


def test_quoted_figures_only_reads_explicit_statements():
    assert quoted_figures("At the close of Q2 there were 740 live cases.", 2) == []
    assert quoted_figures("compared to 22% in Q1", 2) == []
    assert quoted_figures("The Q2 figure is 1,204.", 2) == [(1204.0, False)]


def test_cli_check_strict_and_typo(mini, capsys):
    md = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    args = ["--root", str(mini), "commentary", "check", "--period", "2023-24 Q2"]
    assert kpitools.cli.main([*args, "--strict"]) == 0
    _edit(md, "Fewer referrals in Q2.", "")
    assert kpitools.cli.main(args) == 0
    assert kpitools.cli.main([*args, "--strict"]) == 1
    assert "[no commentary] Total number of cases opened" in capsys.readouterr().out
    _edit(md, "## births —", "## birth —")
    assert kpitools.cli.main(args) == 2
    assert "did you mean 'births'" in capsys.readouterr().err


def test_cli_new(mini, capsys):
    args = [
        "--root",
        str(mini),
        "commentary",
        "new",
        "--period",
        "2023-24 Q3",
        "--committee",
        "demo",
    ]
    assert kpitools.cli.main(args) == 0
    assert "with 6 sections" in capsys.readouterr().out


def test_a_report_built_while_checks_fail_is_marked_draft(mini):
    md = mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    clean = kt.Appendix.build("demo", "2023-24 Q2", root=str(mini)).header()
    assert "Draft" not in clean
    _edit(md, "Fewer referrals in Q2.", "")
    header = kt.Appendix.build("demo", "2023-24 Q2", root=str(mini)).header()
    assert "Draft: the commentary checks have not passed" in header
    assert "Total number of cases opened: has no commentary" in header


def test_quoted_figures_in_any_case_and_with_thousands():
    assert quoted_figures("q2 PERFORMANCE was 58%.", 2) == [(58.0, True)]
    assert quoted_figures("Performance in Quarter 2 2023/24 stood at 12,345.5 hours.", 2) == [
        (12345.5, False)
    ]
    assert quoted_figures("The Q3 figure is 7.", 2) == []


# A tiny project for exact findings: "red" is 20% under its target of 100 (Red); "quiet" has
# no section; "same" repeats last quarter's text; "pct", "count" and "tenth" quote figures;
# "gone" left the set after 2022-23 Q4 but still has a section.
TINY_KPIS = [
    {"kpi_id": "red", "name": "Red KPI"},
    {"kpi_id": "quiet", "name": "Quiet KPI", "rating": "Contextual"},
    {"kpi_id": "same", "name": "Same KPI", "rating": "Contextual"},
    {
        "kpi_id": "pct",
        "name": "Percent KPI",
        "unit": "percent",
        "decimals": "2",
        "rating": "Contextual",
    },
    {"kpi_id": "count", "name": "Count KPI", "rating": "Contextual"},
    {
        "kpi_id": "tenth",
        "name": "Tenth KPI",
        "unit": "percent",
        "decimals": "1",
        "rating": "Contextual",
    },
    {"kpi_id": "gone", "name": "Gone KPI", "to_period": "2022-23 Q4", "rating": "Contextual"},
    {"kpi_id": "blank", "name": "Blank KPI", "rating": "Contextual"},
]
TINY_FIGURES = [
    {"kpi_id": "red", "period": "2023-24 Q2", "value": "80"},
    {"kpi_id": "quiet", "period": "2023-24 Q2", "value": "50"},
    {"kpi_id": "same", "period": "2023-24 Q1", "value": "10"},
    {"kpi_id": "same", "period": "2023-24 Q2", "value": "10"},
    {"kpi_id": "pct", "period": "2023-24 Q2", "value": "58.243"},
    {"kpi_id": "count", "period": "2023-24 Q2", "value": "1204"},
    {"kpi_id": "tenth", "period": "2023-24 Q2", "value": "40.24"},
    {"kpi_id": "gone", "period": "2022-23 Q4", "value": "1"},
    {"kpi_id": "blank", "period": "2023-24 Q2", "value": "1"},
]
TINY_TARGETS = [{"kpi_id": "red", "from_period": "2023-24 Q2", "value": "100"}]
# Line 6: red; 12: same; 19: pct; 25: count; 31: tenth; 37: gone; 43: blank (no text).
TINY_Q2 = """---
committee: test
period: 2023-24 Q2
---

## red — Red KPI

### Commentary

Down on target.

## same — Same KPI

### Commentary

Steady at
ten.

## pct — Percent KPI

### Commentary

The Q2 figure was 1,204. Q2 performance was 58.3%.

## count — Count KPI

### Commentary

The Q2 figure was 1,204.5. Performance in Q2 was 1,204.3. Q2 performance was 1,205.

## tenth — Tenth KPI

### Commentary

Q2 performance was 40.248%.

## gone — Gone KPI

### Commentary

Still here.

## blank — Blank KPI

### Commentary
"""
TINY_Q1 = """---
committee: test
period: 2023-24 Q1
---

## same — Same KPI

### Commentary

steady at ten.
"""


def _tiny(project, tmp_path, q2=TINY_Q2):
    folder = tmp_path / "data" / "raw" / "commentary" / "test"
    folder.mkdir(parents=True)
    if q2 is not None:
        (folder / "2023-24-Q2.md").write_text(q2)
    (folder / "2023-24-Q1.md").write_text(TINY_Q1)
    return project(TINY_KPIS, TINY_FIGURES, TINY_TARGETS)


def test_each_finding_names_the_kpi_the_problem_the_file_and_the_line(project, tmp_path):
    data = _tiny(project, tmp_path)
    file = "data/raw/commentary/test/2023-24-Q2.md"
    expected = [
        Finding("missing-actions", "red", "Red KPI", "is Red but has no actions (path to green)",
                file, 6),
        Finding("missing-commentary", "quiet", "Quiet KPI", "has no commentary", file, None),
        Finding("carried-over", "same", "Same KPI",
                "commentary is word for word the same as 2023-24 Q1's", file, 12),
        # The count quoted first is not a percentage: skipped, and the next quote is read.
        # 58.243 is reported to 2 decimals as 58.24; 58.3 is more than 0.005 away.
        Finding("figure-mismatch", "pct", "Percent KPI",
                "the text says 58.3% for Q2 but the data report 58.24%", file, 19),
        # 1,205 is a whole unit from 1204: more than the half a unit rounding allows.
        Finding("figure-mismatch", "count", "Count KPI",
                "the text says 1,205 for Q2 but the data report 1,204", file, 25),
        # A section with an empty Commentary: named with its line.
        Finding("missing-commentary", "blank", "Blank KPI", "has no commentary", file, 43),
        Finding("not-in-set", "gone", "Gone KPI",
                "has a section but is not in the committee's set for 2023-24 Q2", file, 37),
    ]  # fmt: skip
    # count: 1,204.5 and 1,204.3 are within half a unit of 1204 (0 decimals): they round to
    # it, and raise no finding. tenth: 40.24 is reported as 40.2, and 40.248 is within 0.05 of it.
    assert check_commentary(data, "test", "2023-24 Q2") == expected


def test_a_missing_file_is_one_finding_with_the_command_to_start_it(project, tmp_path):
    data = _tiny(project, tmp_path, q2=None)
    assert check_commentary(data, "test", "2023-24 Q2") == [
        Finding(
            "no-file",
            None,
            "",
            "no commentary file for 2023-24 Q2; run kpitools commentary new "
            '--committee test --period "2023-24 Q2"',
            "data/raw/commentary/test/2023-24-Q2.md",
        )
    ]
