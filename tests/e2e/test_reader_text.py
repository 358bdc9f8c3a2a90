"""No reader-facing output mentions seeds, section marks or how the data were transcribed."""

import re

import pytest
from docx import Document

from kpitools.data.load import load

pytestmark = [pytest.mark.xdist_group("sample"), pytest.mark.slow]

# Words that only make sense to whoever typed the data in.
FORBIDDEN = [
    re.compile(r"seeds? 0\d\d", re.I),
    re.compile("§"),
    re.compile(r"transcri", re.I),
    re.compile(r"\bcard \d+\b", re.I),
    re.compile(r"Not rated in the published", re.I),
    re.compile(r"does not publish it", re.I),
    re.compile(r"\b(?:data/raw|kpis\.csv|figures\.csv|targets\.csv|sources\.yml)\b", re.I),
    re.compile(r"Strategic KPI named in", re.I),
]


def _html_text(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>|<img[^>]*>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def _docx_text(path):
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _reader_files(outputs):
    files = sorted(outputs.glob("*/*/appendix.html"))
    files += sorted(outputs.glob("*/*/report.html"))
    files += sorted(outputs.glob("*/*/report.docx"))
    return files


def test_every_report_of_the_calendar_was_built(built_sample):
    reports = load(built_sample.parent).reports
    assert len(_reader_files(built_sample)) == 3 * len(reports)


def test_no_reader_file_mentions_seeds_sections_or_transcription(built_sample):
    found = []
    for path in _reader_files(built_sample):
        text = _docx_text(path) if path.suffix == ".docx" else _html_text(path)
        for pattern in FORBIDDEN:
            found += [
                (path.relative_to(built_sample).as_posix(), m.group(0))
                for m in pattern.finditer(text)
            ]
    assert found == []


def test_the_check_finds_a_seed_number_when_one_is_there(tmp_path):
    # The check itself must be able to fail.
    page = tmp_path / "appendix.html"
    page.write_text("<p>Baseline of 70 per quarter (seed 002 §2.3.5).</p>", encoding="utf-8")
    text = _html_text(page)
    assert [p.pattern for p in FORBIDDEN if p.search(text)] == [r"seeds? 0\d\d", "§"]
