"""A quarter's scorecard is rewritten and reprinted only when what it shows changed."""

import concurrent.futures as cf
import dataclasses
import shutil
from pathlib import Path

import pytest

from kpitools.data.load import load
from kpitools.data.paths import ProjectPaths
from kpitools.pipeline.scorecards import refresh_scorecards
from kpitools.rules.periods import Quarter

ROOT = Path(__file__).resolve().parents[3]
QUARTER = Quarter(2023, 2)


class _Printer:
    """Records the pages queued and writes a stand-in PDF for each."""

    def __init__(self):
        self.printed = []

    def submit(self, jobs):
        future = cf.Future()
        for job in jobs:
            job.pdf_path.write_bytes(b"%PDF stand-in")
            self.printed.append(job.pdf_path.name)
        future.set_result([job.pdf_path for job in jobs])
        return future


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    return tmp_path


def _refresh(root):
    data = dataclasses.replace(load(root), paths=ProjectPaths(root))
    printer = _Printer()
    pages, _ = refresh_scorecards(data, [QUARTER], printer=printer)
    return pages[0], printer.printed


def test_a_commentary_edit_leaves_the_scorecard_and_its_pdf_alone(project):
    page, printed = _refresh(project)
    assert printed == ["scorecard.pdf"]
    html = page.read_bytes()
    notes = project / "data" / "raw" / "commentary" / "cosmic" / "2023-24-Q2.md"
    text = notes.read_text(encoding="utf-8")
    marker = "### Commentary\n\n"
    at = text.index(marker) + len(marker)
    notes.write_text(text[:at] + "One more sentence. " + text[at:], encoding="utf-8")
    page, printed = _refresh(project)
    assert printed == []
    assert page.read_bytes() == html


def test_a_changed_page_is_rewritten_and_reprinted(project):
    page, _ = _refresh(project)
    html = page.read_bytes()
    page.write_text("an older scorecard", encoding="utf-8")
    pdf = page.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF of the older scorecard")
    page, printed = _refresh(project)
    assert printed == ["scorecard.pdf"] and page.read_bytes() == html
    assert pdf.read_bytes() == b"%PDF stand-in"


def test_a_missing_pdf_is_printed_again(project):
    page, _ = _refresh(project)
    page.with_suffix(".pdf").unlink()
    _, printed = _refresh(project)
    assert printed == ["scorecard.pdf"]
