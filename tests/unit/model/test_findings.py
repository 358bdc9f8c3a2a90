import kpitools as kt
import kpitools.cli
from kpitools.model.findings import check_commentary, quoted_figures


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
