"""Reading owners' workbooks: figures as typed, clean text, and problems that name the cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import DETAILS, SAMPLE, indicator
from perfreport.core.model import Figure, Link
from perfreport.core.problems import Severity
from perfreport.rating import builtin_scheme
from perfreport.validate import validate
from perfreport.workbook import read_workbook
from perfreport.workbook.cells import CellError, clean_text, read_figure, read_links
from perfreport.workbook.collect import read_workbooks


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (0.83, "0.0%", Figure(Decimal("83.0"), 1)),
        (0.8374, "0.00%", Figure(Decimal("83.74"), 2)),
        (83, "General", Figure(Decimal("83"), 0)),
        (83.5, "General", Figure(Decimal("83.5"), 1)),
        ("83%", None, Figure(Decimal("83"), 0)),
        ("83.0 %", None, Figure(Decimal("83.0"), 1)),
        ("1,500", None, Figure(Decimal("1500"), 0)),
        ("£19.3m", None, Figure(Decimal("19300000"), 0)),
        ("£306k", None, Figure(Decimal("306000"), 0)),
        ("3 stars", None, Figure(Decimal("3"), 0)),
        (9154, "#,##0", Figure(Decimal("9154"), 0)),
        (6.0, "0.0", Figure(Decimal("6.0"), 1)),
        ("1 500", None, Figure(Decimal("1500"), 0)),
        ("12\u00a0345\u00a0678", None, Figure(Decimal("12345678"), 0)),
        ("£ 19.3 m", None, Figure(Decimal("19300000"), 0)),
        ("−5", None, Figure(Decimal("-5"), 0)),
    ],
)
def test_figures_as_owners_type_them(value, number_format, expected):
    assert read_figure(value, number_format) == expected


@pytest.mark.parametrize("value", [None, "", "n/a", "N/A", "-", "  "])
def test_no_figure(value):
    assert read_figure(value) is None


def test_decimal_places_column_wins():
    assert read_figure(0.8374, "0.00%", decimals=1) == Figure(Decimal("83.7"), 1)


@pytest.mark.parametrize("value", ["about 80", "#DIV/0!", "80-90", "1,50", "12 34", "8 3.5%", "1e400"])
def test_text_that_is_not_a_figure(value):
    with pytest.raises(CellError):
        read_figure(value)


def test_text_is_cleaned_of_excel_escapes_and_forbidden_characters():
    assert clean_text("R&D_x000D_\nnext line\x07\x0b end  ") == "R&D\nnext line end"


def test_links_with_and_without_text():
    links = read_links("ICO guidance | https://ico.org.uk/\nwww.gov.uk\nhttps://example.org/a|b")
    assert links == (
        Link("ICO guidance", "https://ico.org.uk/"),
        Link("https://www.gov.uk", "https://www.gov.uk"),
        Link("https://example.org/a|b", "https://example.org/a|b"),
    )


def test_what_is_written_reads_back_the_same(make_workbook):
    indicators = [
        indicator("1", links=(Link("Guidance", "https://example.org/"),), actions="Do this.\nThen that.",
                  committee="Adults and Health Committee"),
        indicator("2", target=None, target_tbc=True, no_target_status="Baseline"),
    ]
    content = read_workbook(make_workbook(indicators))
    assert content.problems == []
    assert content.details == DETAILS
    assert content.indicators == indicators


def test_sample_reads_without_problems():
    content = read_workbook(SAMPLE)
    assert content.problems == []
    assert len(content.indicators) == 14


def _edit(path, sheet: str, cell: str, value) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


@pytest.mark.parametrize("stated", ["n/a", "N/A", "-", "none", "Not available"])
def test_a_current_value_may_say_there_is_no_figure_but_not_be_left_empty(make_workbook, stated):
    path = make_workbook([indicator("1"), indicator("2"), indicator("3")])
    _edit(path, "Indicators", "J2", stated)
    _edit(path, "Indicators", "J3", None)
    _edit(path, "Indicators", "J4", "   ")
    content = read_workbook(path)
    assert [i.current for i in content.indicators] == [None]
    assert [(p.code, p.cell) for p in content.problems] == [("missing-value", "J3"), ("missing-value", "J4")]


def test_every_problem_names_file_sheet_and_cell(make_workbook):
    path = make_workbook([indicator("1"), indicator("2"), indicator("3")])
    _edit(path, "Indicators", "B2", None)  # title of indicator 1
    _edit(path, "Indicators", "H3", "about 90")  # target of indicator 2
    _edit(path, "Indicators", "I4", "Sideways")  # direction of indicator 3
    problems = read_workbook(path).problems
    assert [(p.severity, p.file, p.sheet, p.cell) for p in problems] == [
        (Severity.ERROR, "owners.xlsx", "Indicators", "B2"),
        (Severity.ERROR, "owners.xlsx", "Indicators", "H3"),
        (Severity.ERROR, "owners.xlsx", "Indicators", "I4"),
    ]
    assert "Title is blank" in problems[0].message
    assert "'about 90' is not a figure" in problems[1].message and "83.5%" in problems[1].action
    assert "Higher is better" in problems[2].action


def test_missing_target_needs_a_status_unless_the_scheme_has_only_one(make_workbook):
    path = make_workbook([indicator("1", target=None)])
    [problem] = validate([path], builtin_scheme()).problems
    assert (problem.code, problem.cell) == ("no-target-status", "N2")
    assert "Baseline, Contextual or In Development" in problem.action
    checked = validate([path], builtin_scheme("very-green-green-amber-red"))
    assert checked.problems == [] and checked.rated[0].rating.status.name == "N/A"


def test_blank_rows_are_skipped_and_unknown_columns_noticed(make_workbook):
    path = make_workbook([indicator("1"), indicator("2")])
    book = load_workbook(path)
    sheet = book["Indicators"]
    sheet.insert_rows(3)
    sheet.cell(1, 30, "My notes")
    book.save(path)
    content = read_workbook(path)
    assert [i.number for i in content.indicators] == ["1", "2"]
    assert [(p.severity, p.cell) for p in content.problems] == [(Severity.NOTICE, "AD1")]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("this is not a spreadsheet")
    [problem] = read_workbook(path).problems
    assert problem.code == "wrong-format" and problem.file == "renamed.xlsx"


def test_several_files_merge_in_number_order_and_duplicates_are_named(make_workbook):
    first = make_workbook([indicator("10"), indicator("2")], name="first.xlsx")
    second = make_workbook([indicator("9"), indicator("2")], name="second.xlsx")
    content = read_workbooks([first, second])
    assert [i.number for i in content.indicators] == ["2", "9", "10"]
    [duplicate] = content.problems
    assert duplicate.code == "duplicate-number"
    assert (duplicate.file, duplicate.cell) == ("second.xlsx", "A3")
    assert "first.xlsx, Indicators!A3" in duplicate.message


def test_lock_files_in_a_folder_are_skipped(make_workbook, tmp_path):
    make_workbook([indicator("1")])
    (tmp_path / "~$owners.xlsx").write_bytes(b"lock")
    content = read_workbooks([tmp_path])
    assert len(content.indicators) == 1
    assert [p.code for p in content.problems] == ["lock-file"]


def test_a_missing_column_and_headers_in_other_case(make_workbook):
    path = make_workbook([indicator("1")])
    book = load_workbook(path)
    sheet = book["Indicators"]
    sheet["B1"] = "  TITLE "
    sheet.delete_cols(10)  # Current value
    book.save(path)
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.cell) == ("missing-column", "1:1")
    assert "'Current value'" in problem.message


def test_a_duplicate_names_the_number_cell_wherever_that_column_is(make_workbook):
    path = make_workbook([indicator("1"), indicator("1")])
    book = load_workbook(path)
    book["Indicators"].insert_cols(1)
    book.save(path)
    [duplicate] = read_workbooks([path]).problems
    assert duplicate.cell == "B3" and "owners.xlsx, Indicators!B2" in duplicate.message
