"""LibreOffice, a second reader of the .docx, converts the report to a PDF with every indicator in it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLE, TEMPLATE, figure, indicator
from perfreport.generate import generate_report
from perfreport.model import ChartType, HistoryPoint
from perfreport.workbook import read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT and PDFTOPPM) and not os.environ.get("CI"),
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
)


def convert_to_pdf(report: Path, folder: Path) -> Path:
    """The report as LibreOffice prints it."""
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(report)],
        check=True, capture_output=True, timeout=300,
    )
    return folder / report.with_suffix(".pdf").name


@pytest.fixture(scope="module")
def pdf_text(sample_report, tmp_path_factory) -> str:
    pdf = convert_to_pdf(sample_report.output, tmp_path_factory.mktemp("pdf"))
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def test_pdf_holds_every_indicator_title(pdf_text):
    for sample in read_workbook(SAMPLE).indicators:
        assert f"Indicator {sample.number}: {sample.title}" in pdf_text


def test_pdf_holds_cover_figures_and_ratings(pdf_text):
    assert "Strategy and Resources Committee" in pdf_text
    assert "Governance & Performance" in pdf_text
    assert "2023-24 Forecast Previous Quarter" in pdf_text
    assert "1,500 ↑ Higher is better 854 655 Improving" in pdf_text


def test_libreoffice_draws_the_charts(tmp_path, make_workbook):
    """Render the page of each "Trend" heading and look below it: the chart's columns are there in colour."""
    history = (HistoryPoint("Q1 2024/25", figure("88.0")), HistoryPoint("Q2 2024/25", figure("84.0")))
    workbook = make_workbook([indicator("1", history=history), indicator("2", history=history, chart=ChartType.LINE)])
    generated = generate_report([workbook], TEMPLATE, output=tmp_path / "report.docx")
    pdf = convert_to_pdf(generated.output, tmp_path)
    layout = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    headings = _trend_headings(layout)
    assert len(headings) == 2
    drawn = []
    for page, bottom in headings:
        picture = tmp_path / f"page-{page}.ppm"
        subprocess.run([PDFTOPPM, "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(picture.with_suffix(""))], check=True)
        drawn.append(_chart_colours(picture, top=int(bottom)))
    (column_blue, column_other), (line_blue, line_other) = drawn
    assert column_blue > 5000  # solid blue columns
    assert 200 < line_blue < column_blue / 10  # a thin blue line
    assert column_other > 1000 and line_other > 1000  # axes, gridlines, labels, the target line


def _trend_headings(layout: str) -> list[tuple[int, float]]:
    """(page, bottom edge in points) of each "Trend" heading in pdftotext's -bbox output."""
    found = []
    for page, words in enumerate(re.split(r"<page ", layout)[1:], start=1):
        for match in re.finditer(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">Trend</word>', words):
            found.append((page, float(match.group(1))))
    return found


def _chart_colours(picture: Path, top: int) -> tuple[int, int]:
    """Below ``top`` for 8 cm (a 72 dpi PPM, so a pixel is a point): how many pixels are
    clearly blue (the first series), and how many are not white at all."""
    data = picture.read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end():]
    blue = other = 0
    for y in range(top, min(height, top + 227)):
        row = pixels[y * width * 3 : (y + 1) * width * 3]
        for x in range(0, width * 3, 3):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if b > r + 60:
                blue += 1
            elif min(r, g, b) < 200:
                other += 1
    return blue, other
