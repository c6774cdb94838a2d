"""LibreOffice, a second reader of the .docx, converts the report to a PDF with every indicator in it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from conftest import SAMPLE, TEMPLATE, figure, indicator
from docx_reading import bookmarks
from perfreport.core.model import ChartType, HistoryPoint
from perfreport.core.problems import ProblemsFound
from perfreport.generate import Generated, generate_report
from perfreport.report.word.pdf import write_pdf
from perfreport.workbook import read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT and PDFTOPPM) and not os.environ.get("CI"),
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
)


def convert_to_pdf(report: Path, folder: Path) -> Path:
    """The report as perfreport's --pdf writes it, through LibreOffice."""
    pdf = folder / report.with_suffix(".pdf").name
    write_pdf(report, pdf)
    return pdf


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Generated:
    """The sample report and its PDF, as `perfreport generate --pdf` writes them."""
    output = tmp_path_factory.mktemp("pdf") / "report.docx"
    generated = generate_report([SAMPLE], TEMPLATE, output=output, pdf=True)
    assert generated.pdf == output.with_suffix(".pdf") and generated.problems == []
    return generated


@pytest.fixture(scope="module")
def pdf_pages(sample_pdf) -> list[str]:
    """Each page's text, with runs of white space made single spaces."""
    text = subprocess.run([PDFTOTEXT, str(sample_pdf.pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.fixture(scope="module")
def pdf_text(pdf_pages) -> str:
    return " ".join(pdf_pages)


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


@pytest.fixture(scope="module")
def pdf_links(sample_pdf) -> list[dict]:
    """Each link in the PDF: its page, its text, and the page it goes to or the address it opens."""
    reader = PdfReader(sample_pdf.pdf)
    page_numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    links = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination, action = annotation.get("/Dest"), annotation.get("/A") or {}
            links.append({
                "page": number,
                "text": str(annotation.get("/Contents", "")),
                "to": page_numbers[destination[0].idnum] if destination else None,
                "uri": action.get("/URI"),
            })
    return links


def _links_in_report(document: Document) -> tuple[dict[str, set[str]], dict[str, str], set[str]]:
    """The report's own links: text to bookmark names, bookmark names to their paragraph's text, and web addresses."""
    anchors: dict[str, set[str]] = defaultdict(set)
    marked, addresses = {}, set()
    for element in document.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, document)
        for link in paragraph.hyperlinks:
            if link.fragment:
                anchors[" ".join(link.text.split())].add(link.fragment)
            else:
                addresses.add(link.address)
        for name in bookmarks(paragraph):
            marked[name] = " ".join(paragraph.text.split())
    return anchors, marked, addresses


def test_every_link_in_the_report_works_in_the_pdf(sample_pdf, pdf_links, pdf_pages):
    anchors, marked, addresses = _links_in_report(Document(sample_pdf.output))
    internal = [link for link in pdf_links if link["to"] and not re.search(r"\t\d+$", link["text"])]
    assert {" ".join(link["text"].split()) for link in internal} == set(anchors)
    for link in internal:
        headings = {marked[name] for name in anchors[" ".join(link["text"].split())]}
        page = pdf_pages[link["to"] - 1]
        assert any(heading in page for heading in headings), f"{link['text']!r} goes to page {link['to']}"
    assert {link["uri"] for link in pdf_links if link["uri"]} == addresses
    assert len({link["to"] for link in internal}) == 15  # the index and each of the 14 indicators' pages
    assert addresses == {link.url for sample in read_workbook(SAMPLE).indicators for link in sample.links}


def test_the_index_and_return_links_go_to_the_right_pages(pdf_links, pdf_pages):
    index_page = next(number for number, page in enumerate(pdf_pages, start=1) if page.startswith("Index "))
    returns = [link for link in pdf_links if link["text"] == "Return to Index"]
    assert len(returns) == 14 and {link["to"] for link in returns} == {index_page}
    foi = next(link for link in pdf_links if link["page"] == index_page and link["text"].startswith(
        "Percentage of Freedom of Information requests"))
    assert pdf_pages[foi["to"] - 1].startswith("Indicator 182: Percentage of Freedom of Information requests")


def test_the_pdf_contents_are_filled_in_with_page_numbers(pdf_links, pdf_pages):
    contents = next(page for page in pdf_pages if page.startswith("Contents "))
    for sample in read_workbook(SAMPLE).indicators:
        heading = f"Indicator {sample.number}: {sample.title}"
        page = next(number for number, text in enumerate(pdf_pages, start=1) if text.startswith(heading))
        assert re.search(rf"{re.escape(heading)} ?\.* ?{page}\b", contents), heading
        entry = next(link for link in pdf_links if " ".join(link["text"].split()).startswith(heading))
        assert entry["to"] == page
    assert "filled in when" not in contents


def test_the_pdf_is_tagged_titled_and_in_english(sample_pdf):
    reader = PdfReader(sample_pdf.pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Performance Report: Strategy and Resources Committee, Quarter 2 2023/24"
    assert reader.metadata.author == "Governance & Performance"


def test_a_failed_pdf_leaves_the_earlier_one(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF- the earlier report")
    with pytest.raises(ProblemsFound) as raised:
        write_pdf(tmp_path / "missing.docx", pdf)
    [problem] = raised.value.problems
    assert problem.code == "pdf-failed" and "LibreOffice said:" in problem.message
    assert pdf.read_bytes() == b"%PDF- the earlier report"
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_each_indicator_has_one_page_with_its_figures_words_chart_and_return_link(sample_pdf, pdf_pages):
    """Read as a clerk reads the printed report, page by page: each indicator's page starts with its heading
    and holds its figures, commentary, one chart's heading and "Return to Index"; no page of the indicators
    is left holding only a chart, a heading or the link."""
    indicators = read_workbook(SAMPLE).indicators
    first = next(n for n, page in enumerate(pdf_pages) if page.startswith(f"Indicator {indicators[0].number}:"))
    pages = pdf_pages[first:]
    assert len(pages) == len(indicators)
    for page, sample in zip(pages, indicators):
        assert page.startswith(f"Indicator {sample.number}: {' '.join(sample.title.split())}")
        assert "RAG Rating" in page and page.count("Return to Index") == 1
        assert " ".join(sample.commentary.split())[:60] in page
        assert ("Trend and Statistical Process Control" in page) != bool(re.search(r" Trend (?!and)", page))


def test_the_footer_keeps_the_page_number_and_the_month_apart(pdf_pages):
    total = len(pdf_pages)
    for number, page in enumerate(pdf_pages, start=1):
        assert f"Page {number} of {total}. Produced December 2023." in page


def test_long_words_run_on_with_their_last_paragraph_not_a_chart_alone(tmp_path, make_workbook):
    """An indicator whose words are too long for a page runs on, and its last paragraph goes with the
    chart: the next page starts with words, never with the chart's heading or "Return to Index"."""
    long = " ".join(["Demand rose again this quarter across every part of the service."] * 40)
    history = (HistoryPoint("Q1 2024/25", figure("88.0")), HistoryPoint("Q2 2024/25", figure("84.0")))
    workbook = make_workbook([indicator(commentary=long, actions="First action.\n\nSecond action.", history=history)])
    generated = generate_report([workbook], TEMPLATE, output=tmp_path / "long.docx", pdf=True)
    text = subprocess.run([PDFTOTEXT, str(generated.pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")[:-1]]
    start = next(n for n, page in enumerate(pages) if page.startswith("Indicator 1:"))
    assert len(pages) - start == 2
    assert pages[-1].startswith("Second action. Trend") and "Return to Index" in pages[-1]
