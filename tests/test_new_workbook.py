"""The standard workbook that owners fill in: dropdowns, input messages, and the committed copy."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import ROOT
from perfreport.cli import main
from perfreport.rating import builtin_scheme
from perfreport.workbook import new_workbook, read_workbook
from perfreport.workbook.schema import HISTORY_FIELDS, INDICATOR_FIELDS, REPORT_FIELDS
from perfreport.workbook.writer import EDITABLE_ROWS

OWNER_WORKBOOK = ROOT / "templates" / "owner-workbook.xlsx"


def describe(path) -> dict:
    """What an owner meets in a workbook: sheets, headers, frozen panes, lists and messages."""
    book = load_workbook(path)
    found = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        found[sheet.title] = {
            "cells": [[cell.value for cell in row] for row in sheet.iter_rows(max_row=12)],
            "freeze": sheet.freeze_panes,
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
            "validations": sorted(
                (str(v.sqref), v.type, v.formula1, v.formula2, v.promptTitle, v.prompt, v.error)
                for v in sheet.data_validations.dataValidation
            ),
            "protected": sheet.protection.sheet,
            "unlocked columns": sorted(k for k, d in sheet.column_dimensions.items() if not d.protection.locked),
            "column formats": {k: d.number_format for k, d in sheet.column_dimensions.items()},
        }
    return found


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "q3.xlsx"
    result = CliRunner().invoke(main, ["new-workbook", str(path), "--period", "Quarter 3", "--financial-year", "2023/24"])
    assert result.exit_code == 0, result.output
    return path


def test_sheets_and_report_details(written):
    book = load_workbook(written)
    assert book.sheetnames == ["Instructions", "Report", "Indicators", "History"]
    report = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=2)}
    assert report == {f.header: None for f in REPORT_FIELDS} | {"Period": "Quarter 3", "Financial year": "2023/24"}
    assert book["Report"]["B6"].number_format == "dd/mm/yyyy"
    word_limit = next(v for v in book["Report"].data_validations.dataValidation if str(v.sqref) == "B9")
    assert (word_limit.type, word_limit.formula1, word_limit.formula2) == ("whole", "1", "100000")


def test_only_the_header_rows_and_labels_are_locked(written):
    book = load_workbook(written)
    for name in ("Report", "Indicators", "History"):
        sheet = book[name]
        assert sheet.protection.sheet and not sheet.protection.password
        assert all(cell.protection.locked for cell in sheet[1])
        assert not sheet.protection.insertRows and not sheet.protection.formatColumns and sheet.protection.insertColumns
    report = book["Report"]
    assert [report.cell(row, 2).protection.locked for row in range(2, 11)] == [False] * 9
    assert report["A2"].protection.locked and report["C2"].protection.locked
    for name, fields in (("Indicators", INDICATOR_FIELDS), ("History", HISTORY_FIELDS)):
        dimensions = book[name].column_dimensions
        assert all(not dimensions[get_column_letter(c)].protection.locked for c in range(1, len(fields) + 1))
        assert dimensions["A"].number_format == "@"  # "07" stays "07"


def test_history_sheet_has_its_columns_and_messages(written):
    sheet = load_workbook(written)["History"]
    assert [cell.value for cell in sheet[1]] == [f.header for f in HISTORY_FIELDS]
    assert sheet.column_dimensions["B"].number_format == "@"  # "Sep 2023" is not made a date
    prompts = {str(v.sqref): v.prompt for v in sheet.data_validations.dataValidation}
    assert prompts[f"B2:B{EDITABLE_ROWS + 1}"].startswith("An earlier period")


def test_indicator_columns_have_their_lists_and_messages(written):
    sheet = load_workbook(written)["Indicators"]
    assert [cell.value for cell in sheet[1]] == [f.header for f in INDICATOR_FIELDS]
    assert sheet.freeze_panes == "C2"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    for column, spec in enumerate(INDICATOR_FIELDS, start=1):
        letter = get_column_letter(column)
        validation = validations[f"{letter}2:{letter}{EDITABLE_ROWS + 1}"]
        assert (validation.promptTitle, validation.prompt, validation.showInputMessage) == (spec.header, spec.help, True)
        if spec.choices:
            assert validation.type == "list"
            assert validation.formula1 == '"' + ",".join(spec.choices) + '"'
    assert validations[f"E2:E{EDITABLE_ROWS + 1}"].formula1 == '"percent,number,money,stars"'
    assert validations[f"I2:I{EDITABLE_ROWS + 1}"].formula1 == '"Higher is better,Lower is better"'
    assert validations[f"N2:N{EDITABLE_ROWS + 1}"].formula1 == '"Baseline,Contextual,In Development"'
    assert validations[f"G2:G{EDITABLE_ROWS + 1}"].type == "whole"
    assert (sheet["Y1"].value, sheet["Z1"].value) == ("Second series value", "Committee")  # added last: no letter moved
    assert validations[f"U2:U{EDITABLE_ROWS + 1}"].formula1 == (
        '"Red,Amber,Green,Blue,Baseline,Contextual,In Development"'
    )


def test_the_override_list_offers_the_chosen_schemes_statuses(tmp_path):
    path = tmp_path / "custom.xlsx"
    scheme = builtin_scheme()
    renamed = replace(scheme, bands=tuple(replace(b, name=f"Band {b.short}") for b in scheme.bands))
    new_workbook(path, scheme=renamed)
    validations = {str(v.sqref): v for v in load_workbook(path)["Indicators"].data_validations.dataValidation}
    assert validations[f"U2:U{EDITABLE_ROWS + 1}"].formula1.startswith('"Band R,Band A,Band G,Band B,Baseline')


def test_a_blank_workbook_reads_as_problems_to_fix(written):
    codes = {(p.code, p.sheet, p.cell) for p in read_workbook(written).problems}
    assert ("no-indicators", "Indicators", "A2") in codes
    assert ("missing-value", "Report", "B2") in codes


def test_an_existing_file_is_not_replaced_without_force(written):
    before = written.read_bytes()
    result = CliRunner().invoke(main, ["new-workbook", str(written)])
    assert result.exit_code == 2 and "already exists" in result.output
    assert written.read_bytes() == before
    assert CliRunner().invoke(main, ["new-workbook", str(written), "--force"]).exit_code == 0


def test_the_committed_owner_workbook_matches_the_schema(tmp_path):
    fresh = tmp_path / "owner-workbook.xlsx"
    new_workbook(fresh)
    assert describe(OWNER_WORKBOOK) == describe(fresh), (
        "templates/owner-workbook.xlsx is out of date: run perfreport new-workbook templates/owner-workbook.xlsx --force"
    )
