"""Workbooks as owners really fill them, written by hand here and, where LibreOffice is
installed, saved again by LibreOffice Calc so that they are genuine Calc output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from perfreport.core.model import Figure
from perfreport.core.problems import Severity
from perfreport.workbook import read_workbook
from perfreport.workbook.schema import INDICATOR_FIELDS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_calc = pytest.mark.skipif(
    not SOFFICE and not os.environ.get("CI"), reason="needs LibreOffice Calc (apt-get install libreoffice-calc-nogui)"
)

HEADERS = [f.header for f in INDICATOR_FIELDS]


def row(**values) -> list:
    """An Indicators row: a plain percentage indicator with the given cells changed."""
    cells = {
        "number": "1", "title": "Title", "owner": "Owner", "unit": "percent", "period_type": "Quarter",
        "target": "90%", "direction": "Higher is better", "current": "83%", "previous": "84%", "commentary": "Words.",
    } | values  # fmt: skip
    return [cells.get(f.key) for f in INDICATOR_FIELDS]


def write(
    path, rows: list[list], headers: list[str] = HEADERS, history: list[list] = (), formats: dict[str, str] | None = None
) -> None:
    """A workbook made the way an owner might: no lists, figures typed anyhow; ``formats``
    gives Indicators cells a number format, as Excel does when 90% is typed."""
    book = Workbook()
    report = book.active
    report.title = "Report"
    for name, value in [
        ("Report title", "Performance Report"), ("Committee", "Test Committee"), ("Period", "Quarter 2"),
        ("Financial year", "2023/24"), ("Produced on", datetime(2023, 12, 5)), ("Team", "R&D Team"),
        ("Contact e-mail", "team@example.gov.uk"),
    ]:  # fmt: skip
        report.append([name, value])
    report["B6"].number_format = "dd/mm/yyyy"
    sheet = book.create_sheet("Indicators")
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    if history:
        book.create_sheet("History").append(["Indicator number", "Period", "Value", "Target"])
        for values in history:
            book["History"].append(values)
    book.save(path)


def saved_by_calc(path, tmp_path):
    """The workbook opened and saved again by LibreOffice Calc, which calculates its formulas."""
    out = tmp_path / "calc"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    saved = out / path.name
    assert saved.is_file(), "LibreOffice Calc could not save the workbook"
    return saved


PERCENT_TYPED = {"H2": "0%"}  # the target typed as 90%: Excel keeps 0.9, formatted as a percentage


def messy_rows() -> list[list]:
    return [
        row(number="1", current=83, previous="84%", target=0.9),
        [None] * len(HEADERS),  # a blank row between indicators
        row(
            number="2", unit="Number", period_type="month", direction="lower", current="1,500", previous=" 1 200 ",
            target="tbc", no_target_status="baseline",
            commentary="First line_x000D_\nSecond_x0007_ line\r\n\r\nNew paragraph",
        ),
        row(number="3", unit="money", current="£19.3m", previous="N/A", target="£20m", statistical_neighbours="-"),
        row(number="4", current="83.5", previous=None, target="90.0"),
    ]


def check_messy(content) -> None:
    by_number = {i.number: i for i in content.indicators}
    assert sorted(by_number) == ["1", "2", "3", "4"]
    one, two, three, four = (by_number[n] for n in "1234")
    assert (one.current, one.previous, one.target) == (
        Figure(Decimal("83"), 0), Figure(Decimal("84"), 0), Figure(Decimal("90"), 0)
    )  # fmt: skip
    assert (two.current, two.previous, two.target, two.target_tbc) == (
        Figure(Decimal("1500"), 0), Figure(Decimal("1200"), 0), None, True
    )  # fmt: skip
    assert two.no_target_status == "baseline" and two.direction.value == "Lower is better"  # matched to the scheme when rated
    assert two.commentary == "First line\nSecond line\n\nNew paragraph"
    assert (three.current, three.previous, three.statistical_neighbours) == (Figure(Decimal("19300000"), 0), None, None)
    assert four.current == Figure(Decimal("83.5"), 1) and four.previous is None
    assert content.details.team == "R&D Team" and content.details.produced_on.isoformat() == "2023-12-05"
    warnings = {(p.code, p.cell) for p in content.problems if p.severity is Severity.WARNING}
    assert warnings == {("empty-previous", "K6")}  # blank, not "N/A": a figure may have been forgotten
    assert not [p for p in content.problems if p.severity is Severity.ERROR]


def test_figures_and_words_typed_anyhow(tmp_path):
    path = tmp_path / "messy.xlsx"
    write(path, messy_rows(), formats=PERCENT_TYPED)
    check_messy(read_workbook(path))


@needs_calc
def test_the_same_workbook_saved_by_calc(tmp_path):
    path = tmp_path / "messy.xlsx"
    write(path, messy_rows(), formats=PERCENT_TYPED)
    saved = saved_by_calc(path, tmp_path)
    with zipfile.ZipFile(saved) as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode()
    check_messy(read_workbook(saved))


def test_headers_with_stray_spaces_other_case_and_an_extra_column(tmp_path):
    path = tmp_path / "headers.xlsx"
    headers = [f"  {h.upper()} " if i % 2 else h.lower().replace(" ", "  ") for i, h in enumerate(HEADERS)]
    write(path, [row() + ["kept for me"]], headers + ["My notes"])
    content = read_workbook(path)
    assert [i.number for i in content.indicators] == ["1"]
    assert [(p.code, p.severity, p.cell) for p in content.problems] == [("extra-column", Severity.NOTICE, f"{get_column_letter(len(HEADERS) + 1)}1")]


def test_a_formula_without_a_saved_result_is_a_problem(tmp_path):
    path = tmp_path / "formulas.xlsx"
    write(path, [row(current="=0.8+0.03", previous="84%")])
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.sheet, problem.cell) == ("invalid-value", "Indicators", "J2")
    assert "=0.8+0.03" in problem.message and "save it again" in problem.action


def test_error_values_name_their_cell(tmp_path):
    path = tmp_path / "errors.xlsx"
    write(path, [row(number="1", current="#DIV/0!"), row(number="2", previous="#N/A")])
    found = {(p.cell, p.message) for p in read_workbook(path).problems}
    assert found == {
        ("J2", "Current value: The cell shows the error #DIV/0!."),
        ("K3", "Previous value: The cell shows the error #N/A."),
    }


@needs_calc
def test_formulas_calculated_by_calc_give_their_results_or_their_errors(tmp_path):
    path = tmp_path / "formulas.xlsx"
    write(
        path,
        [
            row(number="1", current="=0.8+0.03", previous="=ROUND(0.835,2)", commentary='="Up by "&TEXT(0.01,"0%")'),
            row(number="2", current="=1/0"),
            row(number="3", previous="=NA()"),
        ],
        formats={"J2": "0%", "K2": "0%"},
    )
    assert {p.cell for p in read_workbook(path).problems} == {"J2", "K2", "P2", "J3", "K4"}  # nothing calculated yet
    content = read_workbook(saved_by_calc(path, tmp_path))
    [one] = content.indicators
    assert (one.current.value, one.previous.value, one.commentary) == (Decimal("83"), Decimal("84"), "Up by 1%")
    found = {(p.cell, p.message) for p in content.problems}
    assert found == {
        ("J3", "Current value: The cell shows the error #DIV/0!."),
        ("K4", "Previous value: The cell shows the error #N/A."),
    }


def test_rows_beyond_a_sheets_declared_size_are_read(tmp_path):
    path = tmp_path / "declared.xlsx"
    write(path, [row(number=str(n)) for n in range(1, 31)])
    shrunk = tmp_path / "shrunk.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(shrunk, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data, count = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C3"', data)
                assert count == 1
            target.writestr(item, data)
    trusting = load_workbook(shrunk, read_only=True)["Indicators"]
    assert len(list(trusting.iter_rows())) == 3  # what trusting the declared size would read
    assert len(read_workbook(shrunk).indicators) == 30


def test_a_history_period_typed_as_a_date_reads_as_its_month(tmp_path):
    path = tmp_path / "history.xlsx"
    write(path, [row(period_type="Month")], history=[["1", datetime(2023, 8, 1), 80, 90], ["1", "Sep 2023", "81%"]])
    content = read_workbook(path)
    assert [(number, p.period, p.value, p.target) for number, p in content.history] == [
        ("1", "Aug 2023", Figure(Decimal("80"), 0), Figure(Decimal("90"), 0)),
        ("1", "Sep 2023", Figure(Decimal("81"), 0), None),
    ]
