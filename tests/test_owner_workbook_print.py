"""The owners' workbook reads and prints well: legible Instructions, named fonts, required columns
marked, checks to the last row, and every sheet printed on A4, one page wide."""

from __future__ import annotations

import math
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from conftest import DETAILS, SAMPLE, indicator
from perfreport.cli.main import main
from perfreport.workbook import new_workbook, read_workbook, write_workbook
from perfreport.workbook.schema import HISTORY_FIELDS, INDICATOR_FIELDS, REPORT_FIELDS, Kind
from perfreport.workbook.writer import LAST_ROW, LINE_POINTS, REQUIRED_FILL, REQUIRED_NOTE

A4_PORTRAIT_INCHES = 8.27
PIXELS_PER_INCH = 96
TABLES = {"Indicators": INDICATOR_FIELDS, "History": HISTORY_FIELDS}


@pytest.fixture(scope="module", params=["blank", "rolled forward"])
def book(request, tmp_path_factory):
    """The blank standard workbook, and one rolled forward from the sample, as openpyxl reads them."""
    path = tmp_path_factory.mktemp("workbooks") / "owners.xlsx"
    if request.param == "blank":
        new_workbook(path)
    else:
        result = CliRunner().invoke(main, ["new-workbook", str(path), "--from", str(SAMPLE)])
        assert result.exit_code == 0, result.output
    return load_workbook(path)


@pytest.mark.parametrize(("name", "landscape"), [("Instructions", False), ("Report", False), ("Indicators", True),
                                                 ("History", True)])
def test_each_sheet_prints_on_a4_one_page_wide(book, name, landscape):
    sheet = book[name]
    setup = sheet.page_setup
    assert setup.orientation == ("landscape" if landscape else "portrait")
    assert (int(setup.paperSize), int(setup.fitToWidth), int(setup.fitToHeight)) == (9, 1, 0)  # A4; pages tall as needed
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "&A, page &P of &N"


@pytest.mark.parametrize("name", ["Report", "Indicators", "History"])
def test_the_header_row_is_repeated_on_every_printed_page(book, name):
    assert book[name].print_title_rows == "$1:$1"  # saved as the defined name Print_Titles
    assert book[name].print_options.gridLines


def test_the_instructions_fit_a4_portrait_and_each_row_holds_its_lines(book):
    sheet = book["Instructions"]
    width = sheet.column_dimensions["A"].width
    margins = sheet.page_margins
    assert width * 7 + 5 <= (A4_PORTRAIT_INCHES - margins.left - margins.right) * PIXELS_PER_INCH  # Calibri 11's pixels
    for row in sheet.iter_rows(min_row=2):
        text = str(row[0].value or "")
        assert row[0].alignment.wrap_text
        if len(text) > width:
            assert sheet.row_dimensions[row[0].row].height >= LINE_POINTS * math.ceil(len(text) / width), text


def test_the_header_rows_hold_their_wrapped_headers(book):
    for name in TABLES:
        sheet = book[name]
        lines = max(math.ceil(len(cell.value) / sheet.column_dimensions[cell.column_letter].width) for cell in sheet[1])
        assert sheet.row_dimensions[1].height >= LINE_POINTS * max(lines, 3)  # "Statistical neighbours mean": 3 lines


def test_every_styled_cell_names_a_sans_serif_font(book):
    for sheet in book.worksheets:
        header = sheet[1] if sheet.title != "Instructions" else [sheet["A1"]]
        assert {(cell.font.name, cell.font.b) for cell in header} == {("Calibri", True)}, sheet.title
    assert book["Instructions"]["A1"].font.sz == 14
    assert {row[0].font.name for row in book["Instructions"].iter_rows()} == {"Calibri"}


@pytest.mark.parametrize("name", list(TABLES))
def test_required_columns_are_shaded_and_say_so(book, name):
    sheet = book[name]
    prompts = {CellRange(str(v.sqref)).min_col: v.prompt for v in sheet.data_validations.dataValidation}
    for column, spec in enumerate(TABLES[name], start=1):
        cell = sheet.cell(1, column)
        assert cell.value == spec.header  # the reader finds columns by these, unchanged
        shaded = cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(REQUIRED_FILL.fgColor.rgb[-6:])
        assert shaded == spec.required, spec.header
        assert prompts[column].startswith(REQUIRED_NOTE) == spec.required, spec.header


def test_required_report_fields_are_shaded_and_the_instructions_say_what_shading_means(book):
    sheet = book["Report"]
    for row, spec in enumerate(REPORT_FIELDS, start=2):
        assert (sheet.cell(row, 1).fill.fill_type == "solid") == spec.required, spec.header
    instructions = " ".join(str(row[0].value) for row in book["Instructions"].iter_rows())
    assert "Shaded orange: a required field" in instructions and 'begins "Required"' in instructions


@pytest.mark.parametrize("name", list(TABLES))
def test_lists_and_messages_reach_the_last_row(book, name):
    sheet = book[name]
    ranges = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    expected = {f"{get_column_letter(c)}2:{get_column_letter(c)}{LAST_ROW}" for c in range(1, len(TABLES[name]) + 1)}
    assert ranges == expected


def test_produced_on_and_every_date_column_take_only_dates(book):
    dates = {str(v.sqref): v for sheet in book.worksheets for v in sheet.data_validations.dataValidation
             if v.type == "date"}
    produced_on = dates["B6"]
    assert book["Report"]["A6"].value == "Produced on"
    assert (produced_on.operator, produced_on.formula1, produced_on.formula2) == ("between", "36526", "73050")
    assert produced_on.showErrorMessage and "Enter a date" in produced_on.error
    for column, spec in enumerate(INDICATOR_FIELDS, start=1):
        letter = get_column_letter(column)
        assert (f"{letter}2:{letter}{LAST_ROW}" in dates) == (spec.kind is Kind.DATE), spec.header


def test_a_filled_in_workbook_still_reads(tmp_path):
    path = tmp_path / "filled.xlsx"
    write_workbook(path, DETAILS, [indicator("1"), indicator("2", committee="Adults and Health Committee")])
    content = read_workbook(path)
    assert content.problems == []
    assert content.details == DETAILS
    assert [(i.number, i.title, i.committee) for i in content.indicators] == [
        ("1", "Indicator title 1", ""), ("2", "Indicator title 2", "Adults and Health Committee")
    ]


def test_an_owner_filling_in_the_blank_workbook_is_read(tmp_path):
    path = tmp_path / "returns.xlsx"
    new_workbook(path)
    book = load_workbook(path)
    for row, value in zip(range(2, 9), ["Report", "Committee", "Quarter 3", "2024/25", date(2025, 1, 15), "Team",
                                        "team@example.gov.uk"]):
        book["Report"].cell(row, 2, value)
    for column, value in enumerate(["7", "Title", "Owner", None, "number", "Quarter", None, 90, "Higher is better",
                                    95, 90], start=1):
        book["Indicators"].cell(2, column, value)
    book.save(path)
    content = read_workbook(path)
    assert [p.code for p in content.problems if p.severity.value == "error"] == []
    assert content.details.produced_on == date(2025, 1, 15)
    assert [(i.number, str(i.current.value)) for i in content.indicators] == [("7", "95")]
