"""LibreOffice, a second reader of the .docx, converts the report to a PDF with every indicator in it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import SAMPLE
from perfreport.workbook import read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
)


@pytest.fixture(scope="module")
def pdf_text(sample_report, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(sample_report.output)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = folder / sample_report.output.with_suffix(".pdf").name
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def test_pdf_holds_every_indicator_title(pdf_text):
    for indicator in read_workbook(SAMPLE).indicators:
        assert f"Indicator {indicator.number}: {indicator.title}" in pdf_text


def test_pdf_holds_cover_figures_and_ratings(pdf_text):
    assert "Strategy and Resources Committee" in pdf_text
    assert "Governance & Performance" in pdf_text
    assert "2023-24 Forecast Previous Quarter" in pdf_text
    assert "1,500 ↑ Higher is better 854 655 Improving" in pdf_text
