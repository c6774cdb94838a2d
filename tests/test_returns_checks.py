"""What `returns` refuses or flags before counting a return: a return for another period or financial year
than the one due, and a folder of returns, or expected workbooks, that are not there."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLE
from perfreport.cli.main import main
from perfreport.core.problems import ProblemsFound
from perfreport.quarter.returns import ReturnStatus, check_returns
from perfreport.workbook import roll_forward_by

HR = "head-of-hr.xlsx"  # three indicators: 185, 213, 214
FIGURES = {"percent": "91%", "number": "1,600"}


def filled(path: Path, **report) -> Path:
    """An owner's return: every figure, commentary, action and sign-off filled in; Report cells as given."""
    book = load_workbook(path)
    sheet = book["Indicators"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 10).value = FIGURES[sheet.cell(row, 5).value]
            sheet.cell(row, 16).value = "Performance held up this quarter."
            sheet.cell(row, 17).value = "Recovery plan in place."
            sheet.cell(row, 27).value = "A. Manager"
            sheet.cell(row, 28).value = datetime(2024, 1, 10)
    for ref, value in report.items():
        book["Report"][ref] = value
    book.save(path)
    return path


@pytest.fixture
def quarter(tmp_path) -> dict[str, Path]:
    """The workbooks sent for Quarter 3 2023/24, and a folder holding Head of HR's return, filled in."""
    sent, back = tmp_path / "sent", tmp_path / "returns"
    roll_forward_by(SAMPLE, sent, "owner")
    back.mkdir()
    shutil.copyfile(sent / HR, back / HR)
    return {"sent": sent, "returns": back, "folder": tmp_path}


def statuses(found) -> dict[str, ReturnStatus]:
    return {item.number: item.status for item in found.indicators if item.file}


def test_a_return_for_this_period_is_complete(quarter):
    filled(quarter["returns"] / HR, B4="Q3")  # "Q3" names Quarter 3 as well
    found = check_returns([quarter["returns"]], [quarter["sent"]])
    assert set(statuses(found).values()) == {ReturnStatus.COMPLETE}
    assert found.problems == []


@pytest.mark.parametrize("cell, value, shown", [("B4", "Quarter 2", "Quarter 2 2023/24"),
                                                 ("B5", "2022/23", "Quarter 3 2022/23")])
def test_a_return_for_another_period_or_year_is_an_error_at_its_report_cell(quarter, cell, value, shown):
    filled(quarter["returns"] / HR, **{cell: value})
    found = check_returns([quarter["returns"]], [quarter["sent"]])
    assert statuses(found) == dict.fromkeys(["185", "213", "214"], ReturnStatus.ERRORS)
    [problem] = found.problems
    assert (problem.code, problem.severity.value, problem.file, problem.sheet, problem.cell) == (
        "other-period", "error", HR, "Report", cell)
    assert problem.message == (f"The Report sheet is for {shown}, but the returns due are for Quarter 3 2023/24 "
                               f"(head-of-hr.xlsx), so none of its indicators is counted complete.")
    assert all(problem in item.problems for item in found.indicators if item.file)


def test_the_returns_command_shows_the_wrong_period_and_puts_it_in_the_chase_list(quarter):
    filled(quarter["returns"] / HR, B4="Quarter 2")
    chase = quarter["folder"] / "chase.xlsx"
    result = CliRunner().invoke(main, ["returns", str(quarter["returns"]), "--expected", str(quarter["sent"]),
                                       "--chase-list", str(chase)])
    assert result.exit_code == 1
    assert "213 Full time equivalent days lost" in result.output and "returned with errors" in result.output
    assert "error: head-of-hr.xlsx, Report!B4: The Report sheet is for Quarter 2 2023/24" in result.output
    rows = {row[0]: row for row in load_workbook(chase)["Chase list"].iter_rows(min_row=2, values_only=True)}
    assert "Report!B4: The Report sheet is for Quarter 2 2023/24" in rows["Head of HR"][3]


def test_with_last_periods_returns_expected_the_returns_are_due_for_the_period_after(quarter):
    back = quarter["returns"]
    filled(back / HR)  # Quarter 3 2023/24, as sent
    shutil.copyfile(quarter["sent"] / HR, back / "stale.xlsx")
    filled(back / "stale.xlsx", B4="Quarter 2")  # last quarter's, sent again (as another file)
    found = check_returns([back / HR], [SAMPLE])
    assert set(statuses(found).values()) == {ReturnStatus.COMPLETE}
    stale = check_returns([back / "stale.xlsx"], [SAMPLE])
    [problem] = stale.problems
    assert problem.cell == "B4" and f"(the period after {SAMPLE.name}'s)" in problem.message


@pytest.mark.parametrize("missing", ["returns", "expected"])
def test_a_folder_that_is_not_there_is_refused_and_no_chase_list_is_written(quarter, missing):
    returns = quarter["folder"] / "nowhere" if missing == "returns" else quarter["returns"]
    expected = quarter["folder"] / "nowhere" if missing == "expected" else quarter["sent"]
    with pytest.raises(ProblemsFound) as refused:
        check_returns([returns], [expected])
    assert [(p.code, p.file) for p in refused.value.problems] == [("missing-file", str(quarter["folder"] / "nowhere"))]
    chase = quarter["folder"] / "chase.xlsx"
    result = CliRunner().invoke(main, ["returns", str(returns), "--expected", str(expected), "--chase-list",
                                       str(chase)])
    assert result.exit_code == 1 and not chase.exists()
    lines = result.output.splitlines()
    assert lines[0] == f"error: {quarter['folder'] / 'nowhere'}: No such file or folder. Check the name."
    assert lines[-1] == "No chase list written: correct the errors above and run again."
    assert "missing" not in result.output  # no owner is listed as missing


def test_expected_workbooks_that_cannot_be_read_are_refused(quarter):
    broken = quarter["folder"] / "sent.xlsx"
    broken.write_text("Indicator number,Title\n185,Staff who feel valued\n")
    with pytest.raises(ProblemsFound) as refused:
        check_returns([quarter["returns"]], [broken])
    assert [(p.code, p.file) for p in refused.value.problems] == [("wrong-format", "sent.xlsx")]
