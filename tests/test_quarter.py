"""The quarter with owners, run through as a governance team runs it: a workbook per owner out, the
returns back (one missing, one with errors, one unfilled, one with an indicator nobody expected),
who is outstanding, the problems sent back in each owner's own file, sign-off, and what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLE
from perfreport.cli.main import main
from perfreport.core.problems import Severity
from perfreport.quarter.chase_list import write_chase_list
from perfreport.quarter.compare import compare
from perfreport.quarter.returns import ReturnStatus, check_returns
from perfreport.validate import validate
from perfreport.workbook import read_workbook, roll_forward_by
from perfreport.workbook.annotate import PROBLEMS_SHEET, annotate_files

FIGURES = {"percent": "91%", "number": "1,600", "money": "£20m", "stars": "4.5 stars"}
HR, IT, WEB, SAFETY = "head-of-hr.xlsx", "head-of-it-service-delivery.xlsx", "head-of-digital-and-web.xlsx", \
    "health-and-safety-manager.xlsx"


def fill_in(path: Path, signed_by: str = "A. Manager", **cells) -> None:
    """An owner's return: every indicator's current figure, commentary and sign-off, then any cells given."""
    book = load_workbook(path)
    sheet = book["Indicators"]
    for ref, value in cells.items():
        sheet[ref] = value
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 10).value = FIGURES[sheet.cell(row, 5).value]
            sheet.cell(row, 16).value = "Performance held up this quarter."
            sheet.cell(row, 17).value = "Recovery plan in place."
            sheet.cell(row, 27).value = signed_by
            sheet.cell(row, 28).value = datetime(2024, 1, 10)
    for ref, value in cells.items():  # what the owner typed over the filling in
        sheet[ref] = value
    book.save(path)


@pytest.fixture
def quarter(tmp_path) -> dict[str, Path]:
    """Workbooks sent to each owner, and the folder their returns came back to."""
    sent, back = tmp_path / "sent", tmp_path / "returns"
    rolled = roll_forward_by(SAMPLE, sent, "owner")
    assert len(rolled.workbooks) == 8 and sum(w.indicators for w in rolled.workbooks) == 14
    back.mkdir()
    for workbook in rolled.workbooks:
        if workbook.path.name == SAFETY:
            continue  # never sent back
        shutil.copyfile(workbook.path, back / workbook.path.name)
        if workbook.path.name == HR:
            fill_in(back / HR, J3="lots")  # an error in indicator 213's figure
        elif workbook.path.name == IT:
            fill_in(back / IT, A5="299", B5="A measure nobody asked for", C5="Head of IT Service Delivery",
                    E5="percent", F5="Quarter", H5="90%", I5="Higher is better", K5="n/a")  # one more row
        elif workbook.path.name != WEB:  # the web team sent theirs back unfilled
            fill_in(back / workbook.path.name)
    return {"sent": sent, "returns": back, "folder": tmp_path}


def test_a_workbook_per_owner_holds_only_their_indicators_and_history(quarter):
    hr = read_workbook(quarter["sent"] / HR)
    assert sorted(row.number for row in hr.rows) == ["185", "213", "214"]
    assert {row.owner for row in hr.rows} == {"Head of HR"}
    assert {number for number, _ in hr.history} == {"185", "213", "214"}
    book = load_workbook(quarter["sent"] / HR)
    report = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=2)}
    assert (report["Period"], report["Financial year"], report["Committee"]) == (
        "Quarter 3", "2023/24", "Strategy and Resources Committee")
    assert all(book["Indicators"].cell(row, 27).value is None for row in range(2, 5))  # sign-off cleared


def test_per_owner_workbooks_are_never_replaced_without_force(quarter):
    sent = quarter["sent"] / HR
    same = CliRunner().invoke(main, ["new-workbook", str(quarter["sent"]), "--from", str(SAMPLE), "--by", "owner"])
    assert same.exit_code == 0 and f"Kept {sent}: already written for Quarter 3 2023/24" in same.output, same.output
    edited = load_workbook(sent)
    edited["Indicators"]["D2"] = "Edited by the team after it was written"
    edited.save(sent)
    before = sent.read_bytes()
    result = CliRunner().invoke(main, ["new-workbook", str(quarter["sent"]), "--from", str(SAMPLE), "--by", "owner"])
    assert result.exit_code == 1 and "A different workbook of that name is already there" in result.output
    assert sent.read_bytes() == before
    again = CliRunner().invoke(main, ["new-workbook", str(quarter["sent"]), "--from", str(SAMPLE), "--by", "owner",
                                      "--force"])
    assert again.exit_code == 0, again.output


def test_returns_says_who_is_outstanding(quarter):
    found = check_returns([quarter["returns"]], [quarter["sent"]])
    status = {item.number: item.status for item in found.indicators}
    assert status["212"] is ReturnStatus.MISSING  # health and safety never came back
    assert status["213"] is ReturnStatus.ERRORS and {status["185"], status["214"]} == {ReturnStatus.COMPLETE}
    assert status["217"] is status["218"] is ReturnStatus.BLANK
    assert status["299"] is ReturnStatus.UNEXPECTED
    assert sorted(item.number for item in found.outstanding) == ["212", "213", "217", "218"]
    [bad] = [item for item in found.indicators if item.number == "213"]
    assert (bad.file, [(p.code, p.cell) for p in bad.problems]) == (HR, [("invalid-value", "J3")])
    assert (bad.signed_off_by, bad.signed_off_on) == ("A. Manager", date(2024, 1, 10))


def test_the_chase_list_has_a_row_per_owner_with_something_outstanding(quarter):
    path = quarter["folder"] / "chase.xlsx"
    write_chase_list(check_returns([quarter["returns"]], [quarter["sent"]]), path)
    sheet = load_workbook(path)["Chase list"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"Head of HR", "Head of Digital and Web", "Health and Safety Manager"}
    owner, count, indicators, problems, files = rows["Head of HR"]
    assert count == 1 and indicators.startswith("213 ") and "returned with errors" in indicators
    assert "Indicators!J3: Current value: 'lots' is not a figure." in problems and files == HR
    assert rows["Health and Safety Manager"][2].endswith(": missing") and rows["Health and Safety Manager"][4] is None
    every = load_workbook(path)["All returns"]
    assert every.max_row == 1 + 15  # 14 expected and 1 unexpected


def assert_laid_out_as_the_owners_workbook(sheet) -> None:
    """Headers in the owner's workbook's font, bold, wrapped and the row high enough; printed on A4 landscape,
    one page wide, the header row on every page, the sheet's name and page in the footer."""
    owners = load_workbook(SAMPLE)["Indicators"]["A1"].font
    for cell in sheet[1]:
        assert (cell.font.bold, cell.font.name, cell.alignment.wrap_text) == (True, owners.name, True)
    assert sheet.row_dimensions[1].height >= 15
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert sheet.oddFooter.center.text == "&A, page &P of &N"


def test_the_chase_list_is_laid_out_and_printed_as_the_owners_workbook(quarter):
    path = quarter["folder"] / "chase.xlsx"
    write_chase_list(check_returns([quarter["returns"]], [quarter["sent"]]), path)
    book = load_workbook(path)
    for name in ("Chase list", "All returns"):
        assert_laid_out_as_the_owners_workbook(book[name])


def test_the_problems_sheet_is_laid_out_and_printed_as_the_owners_workbook(quarter):
    checked = validate([quarter["returns"] / HR])
    [copy] = annotate_files(checked.content.files, checked.problems, quarter["folder"] / "annotated").copies
    assert_laid_out_as_the_owners_workbook(load_workbook(copy)[PROBLEMS_SHEET])


def test_the_returns_command_prints_by_owner_and_fails_while_anything_is_outstanding(quarter):
    chase = quarter["folder"] / "out" / "chase.xlsx"
    result = CliRunner().invoke(main, ["returns", str(quarter["returns"]), "--expected", str(quarter["sent"]),
                                       "--chase-list", str(chase)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "Health and Safety Manager: 0 of 1 back" in lines
    assert "  212 Number of staff who have completed Introduction to First Aid: missing" in lines
    assert lines[-2] == ("14 indicators expected: 10 returned and complete, 1 returned with errors, 2 returned blank, "
                         "1 missing; 1 unexpected. Outstanding: 4.")
    assert lines[-1] == f"Chase list written to {chase}" and chase.is_file()
    as_json = CliRunner().invoke(main, ["returns", str(quarter["returns"]), "--expected", str(quarter["sent"]),
                                        "--chase-list", str(chase), "--format", "json"])
    data = json.loads(as_json.output)
    assert data["outstanding"] == 4 and data["counts"]["unexpected"] == 1


def test_sign_off_may_be_required(quarter):
    path = quarter["returns"] / "head-of-policy-and-insight.xlsx"
    fill_in(path, signed_by="")
    assert not [p for p in validate([path]).problems if p.code == "not-signed-off"]
    [problem] = [p for p in validate([path], sign_off=Severity.ERROR).problems if p.code == "not-signed-off"]
    assert (problem.severity, problem.cell) == (Severity.ERROR, "AA2")
    (quarter["folder"] / "perfreport.toml").write_text('sign_off = "warning"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--config", str(quarter["folder"] / "perfreport.toml"),
                                       "--produced-on", "2024-01-15"])
    assert "warning: head-of-policy-and-insight.xlsx, Indicators!AA2: This period's figures have not been signed off" in (
        result.output)
    assert result.exit_code == 0
    required = CliRunner().invoke(main, ["validate", str(path), "--require-sign-off", "--produced-on", "2024-01-15"])
    assert required.exit_code == 1


def test_problems_go_back_in_a_copy_of_the_owners_own_workbook(quarter):
    returns, copies = quarter["returns"], quarter["folder"] / "annotated"
    originals = {path.name: path.read_bytes() for path in returns.iterdir()}
    checked = validate([returns], given={"produced_on": date(2024, 1, 15)})
    written = annotate_files(checked.content.files, checked.problems, copies).copies
    assert sorted(path.name for path in written) == [WEB, HR]  # only the files with problems
    assert {path.name: path.read_bytes() for path in returns.iterdir()} == originals
    book = load_workbook(copies / HR)
    assert book.sheetnames == [PROBLEMS_SHEET, "Instructions", "Report", "Indicators", "History"]
    cell = book["Indicators"]["J3"]
    assert cell.value == "lots" and cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment.text.startswith("Error: Current value: 'lots' is not a figure.")
    listed = list(book[PROBLEMS_SHEET].iter_rows(min_row=2))
    [(severity, where, message, action)] = [[c.value for c in row] for row in listed]
    assert (severity, where, message) == ("error", "Indicators!J3", "Current value: 'lots' is not a figure.")
    assert listed[0][1].hyperlink.location == "'Indicators'!J3"
    original = load_workbook(returns / HR)
    for name in ("Report", "Indicators", "History"):
        assert [[c.value for c in row] for row in book[name].iter_rows()] == \
               [[c.value for c in row] for row in original[name].iter_rows()]
        assert len(book[name].data_validations.dataValidation) == len(original[name].data_validations.dataValidation)
        assert book[name].protection.sheet == original[name].protection.sheet
    with zipfile.ZipFile(copies / HR) as package:
        drawings = [package.read(n) for n in package.namelist() if n.endswith(".vml")]
    assert drawings and all(b"visibility:hidden" not in d and b":Anchor>" in d and b":Visible/>" in d for d in drawings)
    assert read_workbook(copies / HR).indicators == read_workbook(returns / HR).indicators
    assert [(p.code, p.cell) for p in read_workbook(copies / HR).problems] == \
           [(p.code, p.cell) for p in read_workbook(returns / HR).problems]


def test_annotate_never_writes_over_the_returns(quarter):
    result = CliRunner().invoke(main, ["validate", str(quarter["returns"]), "--annotate", str(quarter["returns"])])
    assert result.exit_code == 1 and "would be written over a file this run reads" in result.output


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="needs LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
def test_an_annotated_copy_saved_by_calc_reads_the_same(quarter):
    checked = validate([quarter["returns"] / HR])
    [copy] = annotate_files(checked.content.files, checked.problems, quarter["folder"] / "annotated").copies
    calc = quarter["folder"] / "calc"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{quarter['folder']}/profile", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(calc), str(copy)],
                   check=True, capture_output=True, timeout=300)
    saved = calc / copy.name
    assert read_workbook(saved).indicators == read_workbook(copy).indicators
    assert load_workbook(saved)["Indicators"]["J3"].comment.text.startswith("Error: Current value")


def test_what_changed_between_two_versions_of_a_return(quarter):
    first = quarter["returns"] / "head-of-policy-and-insight.xlsx"
    second = quarter["folder"] / "late-edit.xlsx"
    shutil.copyfile(first, second)
    book = load_workbook(second)
    book["Indicators"]["J2"] = "80%"
    book["Indicators"]["P2"] = "A late edit."
    book.save(second)
    found = compare([first], [second])
    [indicator] = found.changed
    changes = {change.field: (change.old, change.new) for change in indicator.changes}
    assert changes["Current value"] == ("91%", "80%")
    assert changes["Commentary"] == ("Performance held up this quarter.", "A late edit.")
    assert changes["Rating"] == ("Blue", "Green") or "Rating" in changes
    result = CliRunner().invoke(main, ["diff", str(first), str(second)])
    assert result.exit_code == 1
    assert "  Current value: 91% -> 80%" in result.output
    assert CliRunner().invoke(main, ["diff", str(first), str(first)]).output == "No differences.\n"


def test_the_whole_quarter_ends_in_a_report_its_manifest_reproduces(quarter):
    returns = quarter["returns"]
    fill_in(returns / HR)  # the owner corrects the error
    for late in (WEB, SAFETY):  # the late returns arrive, filled in
        shutil.copyfile(quarter["sent"] / late, returns / late)
        fill_in(returns / late)
    (returns / IT).unlink()
    shutil.copyfile(quarter["sent"] / IT, returns / IT)
    fill_in(returns / IT)  # sent again without the unexpected row
    found = check_returns([returns], [quarter["sent"]])
    assert found.outstanding == [] and {i.status for i in found.indicators} == {ReturnStatus.COMPLETE}
    output = quarter["folder"] / "report" / "q3.docx"
    result = CliRunner().invoke(main, ["generate", str(returns), "-o", str(output), "--produced-on", "2024-01-15",
                                       "--require-sign-off"])
    assert result.exit_code == 0, result.output
    manifest = output.with_name("q3.manifest.json")
    record = json.loads(manifest.read_text(encoding="utf-8"))
    assert record["produced_on"] == "2024-01-15" and sum(record["counts"].values()) == 14
    assert sorted(Path(w["path"]).name for w in record["workbooks"]) == sorted(p.name for p in returns.iterdir())
    again = CliRunner().invoke(main, ["verify", str(manifest)])
    assert again.exit_code == 0 and again.output.startswith("Identical:"), again.output
    fill_in(returns / HR, J2="95%")  # a late edit after the report went out
    changed = CliRunner().invoke(main, ["verify", str(manifest)])
    assert changed.exit_code == 1 and f"Changed since: ../returns/{HR}." in changed.output
