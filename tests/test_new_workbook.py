"""The standard workbook that owners fill in: dropdowns, input messages, and the committed copy."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import DETAILS, ROOT, indicator
from perfreport.cli.main import main
from perfreport.rating import builtin_scheme
from perfreport.validate import validate
from perfreport.workbook import new_workbook, read_workbook, write_workbook
from perfreport.workbook.schema import HISTORY_FIELDS, INDICATOR_FIELDS, REPORT_FIELDS
from perfreport.workbook.writer import LAST_ROW, REQUIRED_NOTE

OWNER_WORKBOOK = ROOT / "templates" / "owner-workbook.xlsx"
NO_TARGET_HELP = (
    "Where there is no target, or no figure this period: the status to show instead, Baseline, Contextual or In Development."
)


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
    headers = [cell.value for cell in book["Indicators"][1]]
    column = get_column_letter(headers.index("SPC baseline") + 1)
    baseline = next(v for v in book["Indicators"].data_validations.dataValidation if str(v.sqref).startswith(column))
    assert (baseline.formula1, baseline.formula2) == ("12", "100000")  # the fewest figures limits may be fixed on


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
    assert prompts[f"B2:B{LAST_ROW}"].startswith(f"{REQUIRED_NOTE}An earlier period")


def test_indicator_columns_have_their_lists_and_messages(written):
    sheet = load_workbook(written)["Indicators"]
    assert [cell.value for cell in sheet[1]] == [f.header for f in INDICATOR_FIELDS]
    assert sheet.freeze_panes == "C2"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    for column, spec in enumerate(INDICATOR_FIELDS, start=1):
        letter = get_column_letter(column)
        validation = validations[f"{letter}2:{letter}{LAST_ROW}"]
        prompt = NO_TARGET_HELP if spec.key == "no_target_status" else (REQUIRED_NOTE if spec.required else "") + spec.help
        assert (validation.promptTitle, validation.prompt, validation.showInputMessage) == (spec.header, prompt, True)
        if spec.choices:
            assert validation.type == "list"
            assert validation.formula1 == '"' + ",".join(spec.choices) + '"'
    assert validations[f"E2:E{LAST_ROW}"].formula1 == '"percent,number,money,stars"'
    assert validations[f"I2:I{LAST_ROW}"].formula1 == '"Higher is better,Lower is better"'
    assert validations[f"N2:N{LAST_ROW}"].formula1 == '"Baseline,Contextual,In Development"'
    assert validations[f"G2:G{LAST_ROW}"].type == "whole"
    assert (sheet["Y1"].value, sheet["Z1"].value) == ("Second series value", "Committee")  # added last: no letter moved
    assert validations[f"U2:U{LAST_ROW}"].formula1 == (
        '"Red,Amber,Green,Blue,Baseline,Contextual,In Development"'
    )


def test_the_override_list_offers_the_chosen_schemes_statuses(tmp_path):
    path = tmp_path / "custom.xlsx"
    scheme = builtin_scheme()
    renamed = replace(scheme, bands=tuple(replace(b, name=f"Band {b.short}") for b in scheme.bands))
    new_workbook(path, scheme=renamed)
    validations = {str(v.sqref): v for v in load_workbook(path)["Indicators"].data_validations.dataValidation}
    assert validations[f"U2:U{LAST_ROW}"].formula1.startswith('"Band R,Band A,Band G,Band B,Baseline')


def test_a_blank_workbook_reads_as_problems_to_fix(written):
    codes = {(p.code, p.sheet, p.cell) for p in validate([written]).problems}
    assert ("no-indicators", "Indicators", "A2") in codes
    assert ("missing-value", "Report", "B2") in codes  # the Report title, which the committee report shows


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


def test_a_chosen_scheme_is_recorded_and_a_later_validate_rates_under_it(tmp_path):
    path = tmp_path / "returns.xlsx"
    result = CliRunner().invoke(main, ["new-workbook", str(path), "--scheme", "very-green-green-amber-red"])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    report = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=2)}
    assert report["Rating scheme"] == "very-green-green-amber-red"
    instructions = " ".join(str(row[0].value) for row in book["Instructions"].iter_rows())
    assert "the indicator is shown as N/A" in instructions and "Very Green/Green/Amber/Red" in instructions
    assert "Baseline" not in instructions
    validations = {str(v.sqref): v for v in book["Indicators"].data_validations.dataValidation}
    no_target = validations[f"N2:N{LAST_ROW}"]
    assert (no_target.formula1, no_target.prompt) == (
        '"N/A"', "Where there is no target, or no figure this period, the indicator is shown as N/A: nothing need be chosen."
    )
    blank = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert json.loads(blank.output)["scheme"] == "Very Green/Green/Amber/Red"  # even before the Report sheet is filled
    # An owner fills in two indicators, one without a target, and chooses no status: the scheme has only N/A.
    sheet = book["Report"]
    for row, value in zip(range(2, 9), ["Report", "Committee", "Quarter 3", "2024/25", date(2025, 1, 15), "Team",
                                        "team@example.gov.uk"]):
        sheet.cell(row, 2, value)
    rows = book["Indicators"]
    for row, target in ((2, 0.9), (3, "TBC")):
        for column, value in enumerate(["1" if row == 2 else "2", "Title", "Owner", None, "percent", "Quarter", None,
                                        target, "Higher is better", 0.95, 0.9], start=1):
            rows.cell(row, column, value).number_format = "0%" if isinstance(value, float) else "General"
    book.save(path)
    checked = CliRunner().invoke(main, ["validate", str(path), "--explain"])
    assert checked.exit_code == 0, checked.output
    assert "1 Very Green:" in checked.output and "2 N/A: no target is set" in checked.output


def test_a_status_the_scheme_lacks_names_the_scheme_and_where_it_was_chosen(tmp_path, make_workbook):
    path = make_workbook([indicator("1", target=None, no_target_status="Baseline")])
    result = CliRunner().invoke(main, ["validate", str(path), "--scheme", "very-green-green-amber-red"])
    assert result.exit_code == 1
    assert ("error: owners.xlsx, Indicators!N2: 'Baseline' is not a status for indicators without a target in the "
            "Very Green/Green/Amber/Red scheme (given by --scheme). Choose one of: N/A.") in result.output
    recorded = tmp_path / "recorded.xlsx"
    write_workbook(recorded, replace(DETAILS, scheme="very-green-green-amber-red"),
                   [indicator("1", rating_override="Blue")])
    result = CliRunner().invoke(main, ["validate", str(recorded)])
    assert ("'Blue' is not a rating in the Very Green/Green/Amber/Red scheme (named on the Report sheet of "
            "recorded.xlsx).") in result.output
    plain = make_workbook([indicator("1", target=None)], name="plain.xlsx")
    result = CliRunner().invoke(main, ["validate", str(plain)])
    assert ("There is no target, and no status to show instead. Ratings follow the Blue/Green/Amber/Red scheme "
            "(perfreport's default). Enter a target, or choose Baseline, Contextual or In Development") in result.output


def test_text_is_in_a_shared_strings_part_each_text_once_as_excel_keeps_it(tmp_path):
    path = tmp_path / "owners.xlsx"
    hostile = "=HYPERLINK(\"https://example.org\")"
    write_workbook(path, DETAILS, [indicator("1", title=hostile, owner="Head of HR"), indicator("2", owner="Head of HR")])
    with zipfile.ZipFile(path) as package:
        sheets = [package.read(name) for name in package.namelist() if name.startswith("xl/worksheets/sheet")]
        strings = etree.fromstring(package.read("xl/sharedStrings.xml"))
        assert b"sharedStrings.xml" in package.read("xl/_rels/workbook.xml.rels")
        assert b"/xl/sharedStrings.xml" in package.read("[Content_Types].xml")
    assert not any(b"inlineStr" in sheet or b"<f>" in sheet for sheet in sheets)
    texts = ["".join(item.itertext()) for item in strings]
    assert len(texts) == len(set(texts)) == int(strings.get("uniqueCount")) < int(strings.get("count"))
    assert texts.count("Head of HR") == 1 and hostile in texts
    book = load_workbook(path)
    title, owner = book["Indicators"]["B2"], book["Indicators"]["C3"]
    assert (title.value, title.data_type, title.quotePrefix) == (hostile, "s", True)
    assert owner.value == "Head of HR"
    assert [i.title for i in read_workbook(path).indicators] == [hostile, indicator("2").title]
