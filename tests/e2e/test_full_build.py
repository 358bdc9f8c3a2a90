"""A full build of every sample report, as `make report` runs it, in a scratch copy."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import kpitools as kt
import kpitools.cli

pytestmark = [pytest.mark.xdist_group("full"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _hash_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Session scope: xdist may run other modules between these tests on the same worker,
# and a module fixture would then be built twice.
@pytest.fixture(scope="session")
def full_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("full") / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    before = _hash_tree(root / "data" / "raw")
    status = kpitools.cli.main(["--root", str(root), "build", "--all"])
    return root, before, status


def test_a_full_build_succeeds_and_never_writes_under_data_raw(full_build):
    root, before, status = full_build
    assert status == 0
    assert _hash_tree(root / "data" / "raw") == before


def test_every_report_has_all_its_outputs(full_build):
    root, _, _ = full_build
    data = kt.load(root)
    for report in data.reports.itertuples():
        folder = root / "outputs" / report.period.slug / report.committee
        for name in [
            "appendix.html",
            "appendix.ipynb",
            "kpis.csv",
            "report.html",
            "report.docx",
            "appendix.pdf",
            "report.pdf",
        ]:
            assert (folder / name).exists(), f"{folder}/{name}"


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


def test_report_and_appendix_counts_agree(full_build):
    root, _, _ = full_build
    data = kt.load(root)
    for report in data.reports.itertuples():
        folder = root / "outputs" / report.period.slug / report.committee
        appendix = _counts((folder / "appendix.html").read_text(encoding="utf-8"))
        covering = _counts((folder / "report.html").read_text(encoding="utf-8"))
        assert appendix and appendix == covering, folder
        cards = (folder / "appendix.html").read_text(encoding="utf-8").count('class="kt-card"')
        assert sum(appendix.values()) == cards


def test_illustrative_reports_say_so(full_build):
    root, _, _ = full_build
    data = kt.load(root)
    for report in data.reports.itertuples():
        folder = root / "outputs" / report.period.slug / report.committee
        table = kt.kpi_table(data, report.committee, report.period)
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


def test_no_reader_file_carries_working_notes(full_build):
    # Provenance lives in the data and its README: readers never see seed numbers,
    # section marks, card numbers of the transcription or file names.
    root, _, _ = full_build
    files = [
        p
        for p in (root / "outputs").rglob("*")
        if p.suffix in (".html", ".docx", ".pdf") and not p.name.startswith(".")
    ]
    assert {p.suffix for p in files} == {".html", ".docx", ".pdf"}
    assert len(files) >= 20
    texts = {p.relative_to(root).as_posix(): _reader_text(p) for p in files}
    # Every file's words were read: a reader that read nothing would find no notes.
    assert all(len(text) > 200 for text in texts.values())
    leaks = {name: m.group(0) for name, text in texts.items() if (m := _WORKING_NOTES.search(text))}
    assert leaks == {}


def test_the_working_notes_check_can_fail():
    assert _WORKING_NOTES.search("Baseline of 70 (seed 002 §2.3.5)")
    assert not _WORKING_NOTES.search("Baseline of 70 self-referrals per quarter.")
