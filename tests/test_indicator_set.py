"""The second shipped template, in the style of the older indicator set, filled from its sample workbook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import DETAILS, ROOT, figure, indicator
from docx_reading import (
    blocks,
    bookmarks,
    fill,
    hyperlinks,
    rows,
    section_text,
    sections,
    table_with_header,
    text_colour,
)
from perfreport.cli.main import main
from perfreport.core.model import HistoryPoint, PeriodType
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.rating.key import describe_band, describe_gap
from perfreport.workbook import read_workbook, write_workbook

SAMPLE_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
TEMPLATE_SET = ROOT / "templates" / "indicator-set.docx"
SCHEME_NAME = "very-green-green-amber-red"
SCHEME = builtin_scheme(SCHEME_NAME)
STATUS = {status.short: status for status in SCHEME.statuses}
TITLE = "Legal Services and Democratic Services - Indicator Set 2019/20"
FIGURES_HEADER = ["Direction for Improvement", "Change in Performance"]
HIGHER, LOWER = "↑ Higher is better", "↓ Lower is better"  # each arrow with its words, as a screen reader says them
RATING_HEADER = ("Rating", "How this rating was reached")

# Each indicator's short rating, worked out by hand from its target and figure.
RATINGS = {
    "LD01": "VG",  # £1,800 against £2,000, lower is better: 10% better
    "LD02": "VG",  # 100.0% against 95.0%: 5.26% better
    "LD03": "G",  # 92.5% against 90.0%: 2.78% better
    "LD04": "R",  # 76.0% against 90.0%: 15.56% worse
    "LD05": "VG",  # 63% against 60%: exactly 5% better
    "LD06": "G",  # 40 against 40: on target
    "LD07": "A",  # 10.8% against 10.0%, lower is better: 8% worse
    "LD08": "VG",  # 4.5 stars against 4.0: 12.5% better
    "LD09": "G",  # 29 days against 30, lower is better: 3.33% better
    "LD10": "A",  # 88.0% against 95.0%: 7.37% worse
    "LD11": "N/A",  # no target
    "LD12": "G",  # £125,000 against £120,000: 4.17% better
    "LD13": "A",  # 90 against 100: exactly 10% worse
    "LD14": "G",  # 98.0% against 98.0%: on target
    "LD15": "N/A",  # target TBC
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    output = tmp_path_factory.mktemp("indicator-set") / "indicator-set.docx"
    return generate_report([SAMPLE_SET], TEMPLATE_SET, None, output)


@pytest.fixture(scope="module")
def document(generated):
    return Document(generated.output)


def section_of(document, number: str) -> list[Paragraph | Table]:
    return next(section for heading, section in sections(document).items() if heading.startswith(f"Indicator {number}:"))


def paragraphs_under(section, heading: str) -> list[Paragraph]:
    """The paragraphs between a Heading 2 and the next heading, leaving out the "Return to Index" link."""
    found, inside = [], False
    for block in section:
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            inside = block.text == heading
        elif inside and isinstance(block, Paragraph) and block.text != "Return to Index":
            found.append(block)
    return found


def test_the_report_sheet_chooses_the_very_green_scheme(generated):
    assert read_workbook(SAMPLE_SET).details.scheme == SCHEME_NAME
    assert generated.scheme == SCHEME
    assert generated.problems == []


def test_title_and_report_details(document):
    opening = [(block.style.name, block.text) for block in blocks(document)[:5]]
    assert opening == [
        ("Title", TITLE),
        ("Subtitle", "Quarter 4 2019/20"),
        ("Details", "Produced on: 18 May 2020"),
        ("Details", "Produced by: Corporate Performance Team"),
        ("Details", "Contact: performance@example.gov.uk"),
    ]
    assert document.core_properties.title == f"{TITLE}, Quarter 4"
    assert document.core_properties.author == "Corporate Performance Team"
    footer = document.sections[0].footer.paragraphs
    assert [p.text for p in footer] == [f"{TITLE}, Quarter 4.", "Page  of . Produced May 2020."]


def test_the_cover_and_owner_lines_are_12_pt_and_tables_11_pt(document):
    assert (document.styles["Normal"].font.size, document.styles["Details"].font.size) == (Pt(12), Pt(12))
    assert section_of(document, "LD01")[0].style.name == "Details"  # the owner line
    for table in document.tables:
        assert {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs} == {"Table Text"}
    assert document.styles["Table Text"].font.size == Pt(11)


def test_key_lists_the_ratings_best_first_in_their_colours(document):
    table = table_with_header(document, "Rating", "Meaning")
    found = [(row.cells[0].text, row.cells[1].text, fill(row.cells[0]), text_colour(row.cells[0])) for row in table.rows[1:]]
    assert [short for short, *_ in found] == ["VG", "G", "A", "R", "N/A"]
    for short, meaning, cell_fill, colour in found:
        status = STATUS[short]
        words = describe_band(status) if status in SCHEME.bands else status.meaning
        assert (meaning, cell_fill, colour) == (f"{status.name}: {words}", status.fill, status.text)
    assert found[0][2:] == ("00602B", "FFFFFF")
    assert describe_gap(SCHEME) in [p.text for p in document.paragraphs]



def test_the_key_says_each_arrow_with_the_words_the_figures_table_shows(document):
    [key] = [p.text for p in document.paragraphs if p.text.startswith("Direction for Improvement:")]
    for words in (HIGHER, LOWER, "↑ Improving", "↓ Declining", "↔ Unchanged"):
        assert words in key
    assert "where lower is better, a fall is ↑ Improving" in key

def test_index_has_each_indicator_with_its_short_rating_and_colour(document):
    table = table_with_header(document, "Indicator", "Measure", "Owner", "Current status")
    body = table.rows[1:]
    assert len(body) == 15
    assert {row.cells[0].text: row.cells[3].text for row in body} == RATINGS
    for row in body:
        status = STATUS[row.cells[3].text]
        assert (fill(row.cells[3]), text_colour(row.cells[3])) == (status.fill, status.text)
    found = {row.cells[0].text: (row.cells[1].text, row.cells[2].text, fill(row.cells[3])) for row in body}
    assert found["LD04"] == (
        "Percentage of Freedom of Information requests answered within 20 working days",
        "Information Governance Lead",
        "C00000",
    )
    assert found["LD05"][2] == "00602B"
    assert found["LD13"][2] == "FFC000"
    assert found["LD11"][2] == found["LD15"][2] == "D9D9D9"


def test_index_titles_link_to_the_bookmark_on_their_indicators_heading(document):
    headings = [b for b in blocks(document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"]
    marks = {mark: heading.text for heading in headings for mark in bookmarks(heading)}
    assert marks["index"] == "Index"
    index = table_with_header(document, "Indicator", "Measure", "Owner", "Current status")
    for row in index.rows[1:]:
        number, title = row.cells[0].text, row.cells[1].text
        assert hyperlinks(row.cells[0].paragraphs[0]) == []
        [(text, address)] = hyperlinks(row.cells[1].paragraphs[0])
        assert text == title
        assert marks[address.removeprefix("#")] == f"Indicator {number}: {title}"


def listed(short: str) -> str:
    """The status summary's list of the indicators rated ``short``."""
    return ", ".join(f"Indicator {number}" for number, rating in RATINGS.items() if rating == short)


def test_status_summary_counts_and_percentages(document):
    table = table_with_header(document, "Indicator Status", "Number", "%", "Indicators")
    assert [tuple(row) for row in rows(table)[1:]] == [
        ("Very Green", "4", "27%", listed("VG")),
        ("Green", "5", "33%", listed("G")),
        ("Amber", "3", "20%", listed("A")),
        ("Red", "1", "7%", listed("R")),
        ("No Target", "2", "13%", listed("N/A")),
        ("Total", "15", "100%", ""),
    ]
    assert listed("A") == "Indicator LD07, Indicator LD10, Indicator LD13"
    assert [fill(row.cells[0]) for row in table.rows[1:-1]] == ["00602B", "92D050", "FFC000", "C00000", "D9D9D9"]


def test_one_section_per_indicator_on_a_new_page(document):
    found = sections(document)
    assert [heading.split(":")[0] for heading in found] == [f"Indicator {number}" for number in RATINGS]
    headings = [b for b in blocks(document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"]
    assert all(h.paragraph_format.page_break_before for h in headings if h.text.startswith("Indicator "))
    for section in found.values():
        last = [b for b in section if isinstance(b, Paragraph)][-1]
        assert hyperlinks(last) == [("Return to Index", "#index")]


@pytest.mark.parametrize(
    "number, values",
    [
        ("LD01", ["£2,000", "£1,800", "£1,950", LOWER, "↑ Improving"]),  # the figure fell, performance improved
        ("LD07", ["10.0%", "10.8%", "11.5%", LOWER, "↑ Improving"]),
        ("LD04", ["90.0%", "76.0%", "82.0%", HIGHER, "↓ Declining"]),
        ("LD08", ["4.0 stars", "4.5 stars", "4.2 stars", HIGHER, "↑ Improving"]),
        ("LD09", ["30", "29", "29", LOWER, "↔ Unchanged"]),
        ("LD14", ["98.0%", "98.0%", "n/a", HIGHER, "n/a"]),  # said once
        ("LD15", ["TBC", "93.4%", "94.1%", HIGHER, "↓ Declining"]),
    ],
)
def test_figures_table(document, number, values):
    section = section_of(document, number)
    figures = next(block for block in section if isinstance(block, Table))
    target = "Target (Stars)" if "stars" in values[0] else "Target"
    period = "Year" if number == "LD15" else "Quarter"
    assert rows(figures) == [[target, f"Current {period}", f"Previous {period}", *FIGURES_HEADER], values]


def test_comparators_are_columns_of_the_figures_table_where_given(tmp_path):
    compared = indicator("1", statistical_neighbours=figure("86.5"), england=figure("87.25"))
    workbook = tmp_path / "owners.xlsx"
    write_workbook(workbook, replace(DETAILS, scheme=SCHEME_NAME), [compared, indicator("2")], scheme=SCHEME)
    document = Document(generate_report([workbook], TEMPLATE_SET, None, tmp_path / "report.docx").output)
    with_comparators, without = (rows(next(b for b in s if isinstance(b, Table))) for s in sections(document).values())
    columns = ["Target", "Current Quarter", "Previous Quarter", *FIGURES_HEADER]
    assert with_comparators == [[*columns, "Statistical Neighbours Mean", "England Mean"],
                                ["90.0%", "83.0%", "84.0%", HIGHER, "↓ Declining", "86.5%", "87.25%"]]
    assert without == [columns, ["90.0%", "83.0%", "84.0%", HIGHER, "↓ Declining"]]


def test_the_trend_chart_comes_after_the_words_kept_with_them_and_return_to_index(tmp_path):
    """Two figures are too few for an SPC reading: the page has the trend chart and no SPC section (the summary
    counts such indicators once); the last action keeps with the chart, and the chart with "Return to Index"."""
    history = (HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)
    charted = indicator("1", history=history, current=figure("70.0"), actions="Recruit two officers.")
    workbook = tmp_path / "owners.xlsx"
    write_workbook(workbook, replace(DETAILS, scheme=SCHEME_NAME), [charted], scheme=SCHEME)
    [section] = sections(Document(generate_report([workbook], TEMPLATE_SET, None, tmp_path / "report.docx").output)).values()
    paragraphs = [b for b in section if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == ["RAG Rating", "Commentary", "Actions", "Trend"]
    texts = [p.text for p in paragraphs]
    chart, back = paragraphs[texts.index("Trend") + 1:]
    assert chart._p.find(f".//{qn('w:drawing')}") is not None and chart.paragraph_format.keep_with_next
    assert back.text == "Return to Index" and not any("No variation" in text for text in texts)
    kept = {p.text: p.paragraph_format.keep_with_next for p in paragraphs if p.text in ("Commentary.", "Recruit two officers.")}
    assert kept == {"Commentary.": None, "Recruit two officers.": True}


def test_figures_table_names_the_period_as_the_indicator_is_reported(tmp_path):
    monthly = indicator("1", period_type=PeriodType.MONTH)
    forecast = indicator("2", period_type=PeriodType.FORECAST)
    workbook = tmp_path / "owners.xlsx"
    write_workbook(workbook, replace(DETAILS, scheme=SCHEME_NAME), [monthly, forecast], scheme=SCHEME)
    document = Document(generate_report([workbook], TEMPLATE_SET, None, tmp_path / "report.docx").output)
    headers = [rows(next(b for b in section if isinstance(b, Table)))[0][:3] for section in sections(document).values()]
    assert headers == [["Target", "Current Month", "Previous Month"], ["Target", "2024-25 Forecast", "Previous Quarter"]]


@pytest.mark.parametrize(
    "number, short",
    [("LD05", "VG"), ("LD13", "A"), ("LD04", "R"), ("LD06", "G"), ("LD11", "N/A")],
)
def test_rag_cell_shows_the_short_rating_in_its_colours(document, number, short):
    section = section_of(document, number)
    [table] = [b for b in section if isinstance(b, Table) and tuple(c.text for c in b.rows[0].cells) == RATING_HEADER]
    cell, explanation = table.rows[1].cells
    status = STATUS[short]
    assert (cell.text, fill(cell), text_colour(cell)) == (short, status.fill, status.text)
    assert explanation.text.startswith(f"{status.name}:")
    assert "Rating set by the owner" not in section_text(section)


def test_boundaries_fall_in_the_better_band(document):
    assert "5% of the target, 3 percentage points, better" in section_text(section_of(document, "LD05"))
    assert "10% worse" in section_text(section_of(document, "LD13"))


def test_description_links_commentary_and_actions(document):
    section = section_of(document, "LD04")
    headings = [b.text for b in section if isinstance(b, Paragraph) and b.style.name == "Heading 2"]
    assert headings == ["RAG Rating", "Indicator Description", "Useful Links", "Commentary", "Actions"]
    [description] = paragraphs_under(section, "Indicator Description")
    assert description.text.startswith("Requests under the Freedom of Information Act 2000")
    links = [link for p in paragraphs_under(section, "Useful Links") for link in hyperlinks(p)]
    assert links == [
        ("Information Commissioner's Office: Freedom of Information", "https://ico.org.uk/for-organisations/foi/"),
        ("Freedom of Information Act 2000", "https://www.legislation.gov.uk/ukpga/2000/36/contents"),
    ]
    [commentary] = paragraphs_under(section, "Commentary")
    assert commentary.text.startswith("Requests rose by a quarter")
    assert paragraphs_under(section, "Actions")[0].text.startswith("Fill the two vacant posts")


def test_sections_without_links_or_actions_leave_them_out(document):
    section = section_of(document, "LD05")
    headings = [b.text for b in section if isinstance(b, Paragraph) and b.style.name == "Heading 2"]
    assert headings == ["RAG Rating", "Indicator Description", "Commentary"]
    commentary = [p.text for p in paragraphs_under(section, "Commentary")]
    assert len(commentary) == 2 and commentary[1].startswith("The session will be recorded")


def test_every_table_header_row_repeats_on_each_page(document):
    assert len(document.tables) == 3 + 2 * 15
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_headings_in_order_and_no_empty_paragraphs(document):
    levels = [
        0 if p.style.name == "Title" else int(p.style.name.removeprefix("Heading "))
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    assert levels[0] == 0 and all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:]))
    assert [p.style.name for p in document.paragraphs if not p.text.strip()] == []


def test_an_override_is_shown_once_with_the_calculated_rating_and_reason(tmp_path):
    workbook = tmp_path / "owners.xlsx"
    overridden = indicator("1", rating_override="Green", override_reason="The figure excludes a one-off backlog.")
    write_workbook(workbook, replace(DETAILS, scheme=SCHEME_NAME), [overridden, indicator("2")], scheme=SCHEME)
    output = tmp_path / "report.docx"
    generate_report([workbook], TEMPLATE_SET, None, output)
    found = sections(Document(output))
    first, second = (section_text(section) for section in found.values())
    assert first.count("The figure excludes a one-off backlog") == 1
    assert ("Green: set by the owner (The figure excludes a one-off backlog); calculated as Amber: 7.78% of the target, "
            "7.0 percentage points, worse than the 90.0% target;") in first
    assert ".." not in first and "set by the owner" not in second
    index = table_with_header(Document(output), "Indicator", "Measure", "Owner", "Current status")
    assert [(row.cells[3].text, fill(row.cells[3])) for row in index.rows[1:]] == [("G", "92D050"), ("A", "FFC000")]


def test_cli_counts_statuses_in_the_schemes_order(tmp_path):
    output = tmp_path / "indicator-set.docx"
    result = CliRunner().invoke(main, ["generate", str(SAMPLE_SET), "-t", str(TEMPLATE_SET), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "15 indicators: Very Green 4, Green 5, Amber 3, Red 1, No Target 2" in result.output
    assert f"Report written to {output}" in result.output
    assert output.is_file()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
)
def test_pdf_holds_every_indicator_heading_and_the_summary(generated, tmp_path):
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(generated.output)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = tmp_path / generated.output.with_suffix(".pdf").name
    text = " ".join(subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
    assert TITLE in text  # in the footer
    assert re.search(rf"{re.escape(TITLE)}, Quarter 4\. Page 19 of \d+\. Produced May 2020\.", text)
    for item in generated.rated:
        assert f"Indicator {item.indicator.number}: {item.indicator.title}" in text
    summary = (f"Very Green 4 27% {listed('VG')} Green 5 33% {listed('G')} Amber 3 20% {listed('A')} "
               f"Red 1 7% {listed('R')} No Target 2 13% {listed('N/A')} Total 15 100%")
    assert summary in text
    assert "£2,000 £1,800 £1,950 ↓ Lower is better ↑ Improving" in text


def test_the_key_and_summary_follow_the_order_of_the_scheme_in_use(tmp_path):
    output = generate_report(
        [ROOT / "inputs" / "performance-report-2023-24-q2.xlsx"], TEMPLATE_SET, builtin_scheme(), tmp_path / "set.docx"
    ).output
    key = table_with_header(Document(output), "Rating", "Meaning")
    assert [row.cells[0].text for row in key.rows[1:]] == ["R", "A", "G", "B", "BL", "C", "D"]
    summary = table_with_header(Document(output), "Indicator Status", "Number", "%", "Indicators")
    assert [row.cells[0].text for row in summary.rows[1:]] == ["Red", "Amber", "Green", "Blue", "Baseline",
                                                               "Contextual", "In Development", "Total"]
