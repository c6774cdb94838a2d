"""diff with a side that cannot be read: nothing is compared (no indicator is "Removed" because its file is
missing), the problems are listed, and the exit status is 2; a side with errors in some rows is still compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLE
from perfreport.cli.main import main
from perfreport.core.problems import ProblemsFound
from perfreport.quarter.compare import compare


def diff(*args: object):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


def missing(tmp_path: Path) -> tuple[Path, str]:
    return tmp_path / "missing.xlsx", "missing-file"


def not_a_workbook(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "notes.xlsx"
    path.write_text("Indicator number,Current value\n182,83%\n")
    return path, "wrong-format"


def without_headers(tmp_path: Path) -> tuple[Path, str]:
    book = load_workbook(SAMPLE)
    book["Indicators"].delete_rows(1)
    path = tmp_path / "headless.xlsx"
    book.save(path)
    return path, "missing-headers"


def empty_folder(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "returns"
    folder.mkdir()
    return folder, "empty-folder"


SIDES = {"missing": missing, "not a workbook": not_a_workbook, "Indicators without headers": without_headers,
         "an empty folder": empty_folder}


@pytest.mark.parametrize("side", ["old", "new"])
@pytest.mark.parametrize("fault", SIDES, ids=list(SIDES))
def test_a_side_that_cannot_be_read_stops_the_comparison(tmp_path, fault, side):
    bad, code = SIDES[fault](tmp_path)
    old, new = (bad, SAMPLE) if side == "old" else (SAMPLE, bad)
    with pytest.raises(ProblemsFound) as stopped:
        compare([old], [new])
    assert [p.code for p in stopped.value.problems] == [code]
    result = diff(old, new)
    assert result.exit_code == 2
    assert "Removed" not in result.output and "Added" not in result.output
    assert f"error: {stopped.value.problems[0].place}: " in result.output
    assert result.output.rstrip().endswith("Nothing compared: correct the errors above and run again.")


def test_in_json_nothing_is_listed_as_removed(tmp_path):
    result = diff(SAMPLE, tmp_path / "missing.xlsx", "--format", "json")
    assert result.exit_code == 2
    found = json.loads(result.output)
    assert found["compared"] is False and "removed" not in found
    assert [(p["code"], p["file"]) for p in found["problems"]] == [("missing-file", str(tmp_path / "missing.xlsx"))]


def test_a_side_with_an_error_in_one_row_is_still_compared(tmp_path):
    book = load_workbook(SAMPLE)
    book["Indicators"]["J2"] = "lots"  # indicator 182's figure
    book["Indicators"]["J3"] = 0.5  # indicator 183 changed
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = diff(SAMPLE, edited)
    assert result.exit_code == 1
    assert "Not compared, as it has errors (listed above): 182" in result.output
    assert "183 " in result.output and "Removed" not in result.output


def test_two_copies_of_one_workbook_do_not_differ(tmp_path):
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(SAMPLE, copy)
    result = diff(SAMPLE, copy)
    assert (result.exit_code, result.output.strip()) == (0, "No differences.")
