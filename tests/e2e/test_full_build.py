"""Every sample report built as `make report` builds it; then `make report`'s own
`build --all` finds nothing left to do."""

import json
import re
import subprocess
from pathlib import Path

import pytest

import kpitools as kt
import kpitools.cli
from tests.sample_builds import hash_tree

pytestmark = [pytest.mark.xdist_group("full"), pytest.mark.slow]

DATA = kt.load()
REPORTS = [(r.committee, r.period) for r in DATA.reports.itertuples()]
DOCUMENTS = ["appendix.html", "appendix.ipynb", "kpis.csv", "report.html", "report.docx"]
PRINTS = ["appendix.pdf", "report.pdf"]


@pytest.fixture(params=REPORTS, ids=[f"{c} {p}" for c, p in REPORTS])
def built(request, sample_builds) -> tuple[Path, int]:
    """One report's output folder and its build's exit status."""
    return sample_builds.build(*request.param)


@pytest.fixture(params=REPORTS, ids=[f"{c} {p}" for c, p in REPORTS])
def kept(request, sample_builds) -> tuple[tuple[str, kt.Quarter], dict[Path, int]]:
    """One report and its charts, drawn into the chart cache before it is built."""
    return request.param, sample_builds.draw_charts(*request.param)


def test_a_build_draws_no_chart_that_is_kept_and_shows_those_kept(kept, sample_builds):
    (committee, period), charts = kept
    folder, status = sample_builds.build(committee, period)
    assert status == 0
    assert {path: path.stat().st_mtime_ns for path in charts} == charts
    html = (folder / "appendix.html").read_text(encoding="utf-8")
    for path in charts:
        assert json.loads(path.read_text(encoding="utf-8"))["data_uri"] in html, path.name


def test_each_report_builds_and_never_writes_under_data_raw(built, sample_builds):
    _, status = built
    assert status == 0
    assert hash_tree(sample_builds.root / "data" / "raw") == sample_builds.raw_before


def test_each_report_has_all_its_outputs(built):
    folder, _ = built
    for name in DOCUMENTS + PRINTS:
        assert (folder / name).exists(), f"{folder}/{name}"
    assert (folder.parent / "scorecard.html").exists()
    assert (folder.parent / "scorecard.pdf").exists()


def _counts(html: str) -> dict[str, int]:
    """Status counts from the summary table of a page (zero rows print '-')."""
    start = html.index('<table class="kt-summary"')
    table = html[start : html.index("</table>", start)]
    counts = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        status = re.search(r"</span>([^<]+)</span>", row)
        number = re.search(r'<td class="kt-num">([^<]+)</td>', row)
        if status and number:
            counts[status.group(1).strip()] = 0 if number.group(1) == "-" else int(number.group(1))
    return counts


def test_report_and_appendix_counts_agree(built):
    folder, _ = built
    appendix = _counts((folder / "appendix.html").read_text(encoding="utf-8"))
    covering = _counts((folder / "report.html").read_text(encoding="utf-8"))
    assert appendix and appendix == covering
    cards = (folder / "appendix.html").read_text(encoding="utf-8").count('class="kt-card"')
    assert sum(appendix.values()) == cards


def test_illustrative_reports_say_so(built):
    folder, _ = built
    table = kt.kpi_table(DATA, folder.name, kt.Quarter.parse(folder.parent.name))
    html = (folder / "appendix.html").read_text(encoding="utf-8")
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    if table["illustrative"].any():
        assert "Contains illustrative data" in html
        assert html.count("This card uses illustrative data") == table["illustrative"].sum()
    else:
        assert "illustrative" not in re.sub(r'class="[^"]*"', "", html).lower()


_WORKING_NOTES = re.compile(
    r"seeds? 0\d\d|§ ?\d|\bcard \d+\b|transcri|\.csv\b|\.yml\b|data/raw", re.IGNORECASE
)


def _reader_text(path: Path) -> str:
    if path.suffix == ".pdf":
        # poppler's pdftotext: a tenth of the time pypdf takes over every page.
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    if path.suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r'src="data:[^"]*"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


def _leaks(files: list[Path]) -> dict[str, str]:
    texts = {p.as_posix(): _reader_text(p) for p in files}
    # Every file's words were read: a reader that read nothing would find no notes.
    assert all(len(text) > 200 for text in texts.values())
    return {name: m.group(0) for name, text in texts.items() if (m := _WORKING_NOTES.search(text))}


def test_no_reader_file_carries_working_notes(built):
    # Provenance lives in the data and its README: readers never see seed numbers,
    # section marks, card numbers of the transcription or file names.
    folder, _ = built
    files = [folder / name for name in DOCUMENTS + PRINTS if not name.endswith((".ipynb", ".csv"))]
    assert _leaks(files) == {}


def test_make_report_then_has_nothing_to_do_and_its_pages_carry_no_working_notes(
    sample_builds, capsys
):
    root = sample_builds.root
    for committee, period in REPORTS:
        assert sample_builds.build(committee, period)[1] == 0
    outputs = hash_tree(root / "outputs")
    capsys.readouterr()
    assert kpitools.cli.main(["--root", str(root), "build", "--all"]) == 0
    assert f"nothing to build: {len(REPORTS)} report(s) unchanged" in capsys.readouterr().out
    assert hash_tree(root / "outputs") == outputs
    # The pages that gather the reports: the portal and each quarter's scorecard.
    pages = [root / "outputs" / "index.html"]
    for slug in sorted({p.slug for _, p in REPORTS}):
        pages += [
            root / "outputs" / slug / "scorecard.html",
            root / "outputs" / slug / "scorecard.pdf",
        ]
    assert _leaks(pages) == {}


def test_the_working_notes_check_can_fail():
    assert _WORKING_NOTES.search("Baseline of 70 (seed 002 §2.3.5)")
    assert not _WORKING_NOTES.search("Baseline of 70 self-referrals per quarter.")
