"""Workbooks that once fooled or crashed the reader, each built here: every one now read rightly or
refused with a problem naming its file, sheet and cell."""

from __future__ import annotations

import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from test_unusable_files import OLE2_MAGIC, sample_members, sample_with, zipped

from conftest import TEMPLATE, indicator
from docx_reading import section_text, sections
from perfreport.core.model import HistoryPoint
from perfreport.core.problems import Severity
from perfreport.generate import generate_report
from perfreport.validate import validate
from perfreport.workbook import read_workbook, roll_forward
from perfreport.workbook.collect import read_workbooks

SHEET = "xl/worksheets/sheet3.xml"  # the Indicators sheet of a workbook perfreport writes


def edited(path: Path, **cells) -> Path:
    """The workbook with Indicators cells set, as an owner would type them."""
    book = load_workbook(path)
    for ref, value in cells.items():
        book["Indicators"][ref] = value
    book.save(path)
    return path


def replaced(path: Path, member: str, old: bytes, new: bytes) -> Path:
    """The workbook with text in one part of it replaced, as another program might have written it."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert old in members[member], f"{old!r} is not in {member}"
    members[member] = members[member].replace(old, new)
    path.write_bytes(zipped(members))
    return path


def codes(problems, severity=None) -> list[tuple[str, str, str]]:
    return [(p.code, p.sheet, p.cell) for p in problems if severity is None or p.severity is severity]


# Crashes after a clean validate


def test_an_emoji_as_excel_escapes_it_reaches_the_report(make_workbook, tmp_path):
    path = edited(make_workbook([indicator("1")]), B2="Wellbeing _xD83D__xDE00_ score", P2="Up _xD83D__xDC4D_")
    checked = validate([path])
    assert codes(checked.problems, Severity.ERROR) == []
    assert checked.rated[0].indicator.title == "Wellbeing 😀 score" and checked.rated[0].indicator.commentary == "Up 👍"
    document = Document(generate_report([path], TEMPLATE, output=tmp_path / "report.docx").output)
    assert "Indicator 1: Wellbeing 😀 score" in sections(document)
    assert "Up 👍" in section_text(sections(document)["Indicator 1: Wellbeing 😀 score"])


def test_a_lone_half_character_is_left_out_with_a_notice(make_workbook, tmp_path):
    path = edited(make_workbook([indicator("1")]), B2="Half _xD800_ here")
    checked = validate([path])
    assert codes(checked.problems) == [("broken-character", "Indicators", "B2")]
    assert checked.rated[0].indicator.title == "Half  here"
    assert generate_report([path], TEMPLATE, output=tmp_path / "report.docx").output.is_file()


def test_an_escaped_escape_is_decoded_once(make_workbook):
    path = edited(make_workbook([indicator("1")]), P2="Literal _x005F_x000D_ stays")
    assert read_workbook(path).indicators[0].commentary == "Literal _x000D_ stays"


# Silently wrong reports


def test_a_second_column_with_a_standard_header_is_an_error_naming_both(make_workbook):
    path = edited(make_workbook([indicator("1")]), AA1="target ", AA2=0.1)
    content = read_workbook(path)
    [problem] = [p for p in content.problems if p.severity is Severity.ERROR]
    assert (problem.code, problem.sheet, problem.cell) == ("duplicate-column", "Indicators", "AA1")
    assert "H1 and AA1" in problem.message and content.indicators == []


def test_a_header_one_slip_from_a_standard_one_is_warned_of(make_workbook):
    path = edited(make_workbook([indicator("1")]), P1="Comentary")
    problems = read_workbook(path).problems
    assert codes(problems) == [("misspelt-column", "Indicators", "P1")]
    assert "it looks like 'Commentary'" in problems[0].message and problems[0].severity is Severity.WARNING
    other = edited(make_workbook([indicator("1")], name="other.xlsx"), AA1="My notes")
    assert codes(read_workbook(other).problems) == [("extra-column", "Indicators", "AA1")]


def test_words_typed_in_text_columns_are_kept_as_typed(make_workbook):
    path = edited(make_workbook([indicator("1"), indicator("2")]), B2="NA", P2="None", P3="N/A", O3="-")
    first, second = read_workbook(path).indicators
    assert (first.title, first.commentary) == ("NA", "None")
    assert (second.commentary, second.description) == ("N/A", "-")
    assert codes(read_workbook(path).problems) == []


def test_a_percentage_typed_as_a_fraction_is_warned_of(make_workbook):
    path = edited(make_workbook([indicator("1")]), J2=0.83)
    book = load_workbook(path)
    book["Indicators"]["J2"].number_format = "General"
    book.save(path)
    content = read_workbook(path)
    [problem] = content.problems
    assert (problem.code, problem.cell, problem.severity) == ("percent-as-fraction", "J2", Severity.WARNING)
    assert "0.83 is read as 0.83%" in problem.message and "looks like 83% typed as a fraction" in problem.message
    assert content.indicators[0].current.value == Decimal("0.83")  # read as typed: the owner decides


def test_a_date_that_could_be_either_day_or_month_first_is_refused(make_workbook):
    path = make_workbook([indicator("1")])
    book = load_workbook(path)
    book["Report"]["B6"] = "01/03/2024"
    book.save(path)
    content = read_workbook(path)
    [problem] = content.problems
    assert (problem.code, problem.sheet, problem.cell) == ("ambiguous-date", "Report", "B6")
    assert "1 March 2024 or 3 January 2024" in problem.message and "1 Mar 2024" in problem.action
    book["Report"]["B6"] = "13/03/2024"
    book.save(path)
    assert read_workbook(path).details.produced_on.isoformat() == "2024-03-13"


def test_a_folder_of_returns_never_skips_a_workbook_silently(make_workbook, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    make_workbook([indicator("1")], name="returns/first.xlsx")
    shutil.copyfile(make_workbook([indicator("2")], name="second.xlsx"), returns / "second.xlsm")
    (returns / "old.xls").write_bytes(OLE2_MAGIC + bytes(512) + "Workbook".encode("utf-16-le") + bytes(512))
    (returns / "calc.ods").write_bytes(zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    (returns / "figures.csv").write_text("number,value\n1,83\n", encoding="utf-8")
    (returns / "notes.pdf").write_bytes(b"%PDF-1.7")
    (returns / "older").mkdir()
    (returns / ".DS_Store").write_bytes(b"\0")
    content = read_workbooks([returns])
    assert [i.number for i in content.indicators] == ["1", "2"]  # the .xlsm is read, its macros ignored
    found = {(p.file, p.code, p.severity) for p in content.problems}
    assert found == {
        ("calc.ods", "wrong-format", Severity.ERROR),
        ("figures.csv", "wrong-format", Severity.ERROR),
        ("old.xls", "old-excel-format", Severity.ERROR),
        ("notes.pdf", "skipped-file", Severity.NOTICE),
        ("older", "skipped-folder", Severity.NOTICE),
    }


def test_an_old_workbook_renamed_xlsx_is_not_called_password_protected(tmp_path):
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(OLE2_MAGIC + bytes(512) + "Workbook".encode("utf-16-le") + bytes(512))
    [problem] = read_workbook(renamed).problems
    assert problem.code == "old-excel-format" and "although its name ends in .xlsx" in problem.message
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(OLE2_MAGIC + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512))
    assert read_workbook(locked).problems[0].code == "password-protected"
    document = tmp_path / "letter.xlsx"
    document.write_bytes(OLE2_MAGIC + bytes(512) + "WordDocument".encode("utf-16-le") + bytes(512))
    assert read_workbook(document).problems[0].code == "not-a-workbook"


# Resource attacks


def test_a_cell_longer_than_excel_allows_is_refused_naming_it(make_workbook):
    # saved again by openpyxl, which writes each text inline in its cell
    path = replaced(edited(make_workbook([indicator("1")]), P2="MARKER"), SHEET, b"MARKER", b"x" * 32_768)
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.sheet, problem.cell) == ("too-large", "Indicators", "P2")
    assert "32,768 characters" in problem.message and "32,767" in problem.message
    at_the_limit = replaced(edited(make_workbook([indicator("1")], name="limit.xlsx"), P2="MARKER"), SHEET, b"MARKER",
                            b"x" * 32_767)
    assert len(read_workbook(at_the_limit).indicators[0].commentary) == 32_767


def test_a_shared_string_longer_than_excel_allows_is_refused_naming_the_cell(tmp_path):
    members = sample_members()
    strings = members["xl/sharedStrings.xml"]
    count = strings.count(b"<si>") + strings.count(b"<si ")
    members["xl/sharedStrings.xml"] = strings.replace(b"</sst>", b"<si><t>" + b"y" * 40_000 + b"</t></si></sst>")
    sheet = members[SHEET]
    start = sheet.index(b'<c r="P2"')
    end = sheet.index(b"</c>", start) + 4
    members[SHEET] = sheet[:start] + b'<c r="P2" t="s"><v>' + str(count).encode() + b"</v></c>" + sheet[end:]
    path = tmp_path / "strings.xlsx"
    path.write_bytes(zipped(members))
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.sheet, problem.cell) == ("too-large", "Indicators", "P2")
    assert "40,000 characters" in problem.message


def test_a_text_of_millions_of_characters_is_refused_unread(tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(sample_with(SHEET, sample_members()[SHEET].replace(b"</sheetData>", b'<row r="99"><c r="P99" '
                                 b't="inlineStr"><is><t>' + b"z" * 11_000_000 + b"</t></is></c></row></sheetData>")))
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.sheet) == ("too-large", "Indicators")
    assert SHEET in problem.message and "32,767" in problem.message


@pytest.mark.parametrize(
    "row, cell",
    [("20000000", "A20000000"), ("2000000000", "A2000000000"), ("5", "XFE5"), ("5", "AAAA5")],
)
def test_rows_and_columns_beyond_excels_limits_are_refused_before_they_cost_memory(tmp_path, row, cell):
    path = tmp_path / "far.xlsx"
    far = f'<row r="{row}"><c r="{cell}"><v>1</v></c></row></sheetData>'.encode()
    path.write_bytes(sample_with(SHEET, sample_members()[SHEET].replace(b"</sheetData>", far)))
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.sheet) == ("too-large", "Indicators")
    assert "1,048,576" in problem.message or "16,384" in problem.message


def test_a_value_in_the_last_row_and_column_is_read_like_any_other(tmp_path):
    path = tmp_path / "corner.xlsx"
    corner = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row></sheetData>'
    path.write_bytes(sample_with(SHEET, sample_members()[SHEET].replace(b"</sheetData>", corner)))
    content = read_workbook(path)
    assert len(content.indicators) == 14 and codes(content.problems, Severity.ERROR) == []


def test_a_dtd_in_a_part_of_any_name_is_refused(tmp_path):
    members = sample_members()
    rels = members["xl/_rels/workbook.xml.rels"].replace(b"worksheets/sheet3.xml", b"worksheets/sheet3.bin")
    members |= {"xl/_rels/workbook.xml.rels": rels,
                "xl/worksheets/sheet3.bin": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>' + members.pop(SHEET)}
    path = tmp_path / "renamed-part.xlsx"
    path.write_bytes(zipped(members))
    [problem] = read_workbook(path).problems
    assert problem.code == "unsafe-xml" and "xl/worksheets/sheet3.bin" in problem.message


# Writing workbooks


def test_text_that_looks_like_a_formula_is_written_as_text(make_workbook, tmp_path):
    hostile = ["=HYPERLINK(\"https://example.com\",\"Click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]
    last = make_workbook([indicator("1", title=hostile[0], description=hostile[1], owner=hostile[2],
                                     service=hostile[3], second_series=hostile[4],
                                     history=(HistoryPoint("Q2 2024/25", note="=1+1"),))])
    rolled = tmp_path / "next.xlsx"
    roll_forward(last, rolled)
    with zipfile.ZipFile(rolled) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    book = load_workbook(rolled)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    written = {c.value: c for c in cells}
    for text in [*hostile, "=1+1"]:
        assert written[text].data_type == "s" and written[text].quotePrefix
    assert book["Indicators"]["B2"].value == hostile[0]  # the title, as it was


# Smaller


def test_a_folder_holding_only_a_lock_file_is_an_error(tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "~$owners.xlsx").write_bytes(b"lock")
    problems = read_workbooks([folder]).problems
    assert {(p.code, p.severity) for p in problems} == {("lock-file", Severity.NOTICE), ("empty-folder", Severity.ERROR)}


def test_a_workbook_without_its_list_of_parts_is_damaged(tmp_path):
    members = sample_members()
    del members["xl/_rels/workbook.xml.rels"]
    path = tmp_path / "no-rels.xlsx"
    path.write_bytes(zipped(members))
    [problem] = read_workbook(path).problems
    assert problem.code == "damaged-workbook" and "xl/_rels/workbook.xml.rels" in problem.message


def test_a_formula_in_an_indicator_number_is_one_problem_on_its_cell(make_workbook):
    history = tuple(HistoryPoint(f"Q{q} 2023/24", indicator().current) for q in (1, 2, 3, 4))
    path = make_workbook([indicator("183", history=history)])
    book = load_workbook(path)
    book["Indicators"]["A2"] = "=180+3"
    book.save(path)
    problems = read_workbooks([path]).problems
    assert codes(problems) == [("invalid-value", "Indicators", "A2")]
    assert "formula" in problems[0].message
