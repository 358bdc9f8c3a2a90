"""The printer: one Chromium for many pages; without Chromium every page says why."""

import subprocess
from pathlib import Path

import pytest

import kpitools.render.pdf as pdf
from kpitools.render.pdf import PdfJob, PdfUnavailable, Printer


def test_without_chromium_every_page_queued_raises_pdf_unavailable(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    job = PdfJob(tmp_path / "a.html", tmp_path / "a.pdf", "footer")
    with Printer() as printer:
        futures = [printer.submit([job]), printer.submit([job])]
        for future in futures:
            with pytest.raises(PdfUnavailable, match="Chromium not found"):
                future.result()
    assert not (tmp_path / "a.pdf").exists()


@pytest.mark.browser
def test_one_printer_prints_pages_queued_at_different_times(tmp_path):
    if pdf.chromium_path() is None:
        pytest.skip("no Chromium")
    pages = []
    for name in ("a", "b"):
        page = tmp_path / f"{name}.html"
        page.write_text(f'<!DOCTYPE html><html lang="en"><title>{name}</title><p>{name}</p>')
        pages.append(PdfJob(page, tmp_path / f"{name}.pdf", "Council"))
    with Printer(start=False) as printer:
        first = printer.submit(pages[:1])
        second = printer.submit(pages[1:])
        assert first.result() == [Path(tmp_path / "a.pdf")]
        assert second.result() == [Path(tmp_path / "b.pdf")]
    assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF") for n in "ab")


@pytest.mark.browser
def test_reused_pages_print_each_document_and_survive_a_failed_print(tmp_path):
    if pdf.chromium_path() is None:
        pytest.skip("no Chromium")
    jobs = []
    for name in ("alpha", "bravo", "charlie", "delta"):
        page = tmp_path / f"{name}.html"
        page.write_text(f'<!DOCTYPE html><html lang="en"><title>{name}</title><p>{name} text</p>')
        jobs.append(PdfJob(page, tmp_path / f"{name}.pdf", "Council"))
    missing = PdfJob(tmp_path / "missing.html", tmp_path / "missing.pdf", "Council")
    with Printer() as printer:
        # Four documents on two pages: each page prints more than one document.
        assert len(printer.submit(jobs[:3]).result()) == 3
        with pytest.raises(PdfUnavailable, match="could not print"):
            printer.submit([missing]).result()
        with pytest.raises(PdfUnavailable, match="could not print"):
            printer.submit([missing]).result()
        # Both pages failed once; the next print still works.
        assert printer.submit(jobs[3:]).result() == [tmp_path / "delta.pdf"]
    for job in jobs:
        text = subprocess.run(
            ["pdftotext", str(job.pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        others = {j.html_path.stem for j in jobs} - {job.html_path.stem}
        assert f"{job.html_path.stem} text" in text
        assert not any(f"{o} text" in text for o in others)
    assert not missing.pdf_path.exists()
