"""The chase list: a workbook the governance team sends round, one row per owner with something outstanding."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from perfreport.core.output import Output, refuse_outputs, write_file
from perfreport.quarter.returns import IndicatorReturn, Returns
from perfreport.workbook.writer import keep_as_text, print_setup, save_workbook, style_header

CHASE_HEADERS = ("Owner", "Outstanding", "Indicators outstanding", "Problems", "Files to fix")
ALL_HEADERS = ("Owner", "Indicator number", "Title", "Status", "File", "Errors", "Warnings", "Signed off by",
               "Signed off on")
WIDTHS = {"Owner": 28, "Indicators outstanding": 50, "Problems": 90, "Files to fix": 30, "Title": 50, "Status": 24,
          "File": 30}


def chase_list_output(path: Path) -> Output:
    return Output(path, "the chase list", (".xlsx",))


def write_chase_list(returns: Returns, path: Path, reads: Iterable[Path] = ()) -> None:
    """Write the chase list to ``path`` through the write gate: a sheet with one row per owner with indicators
    outstanding (missing, blank or with errors), what each lacks and the file to fix; and a sheet of every
    indicator's return. Raises ProblemsFound, writing nothing, where it would replace a return, a workbook
    sent or anything else the run read (``reads``), or cannot be written."""
    refuse_outputs([chase_list_output(path)], reads)
    book = Workbook()
    chase = book.active
    chase.title = "Chase list"
    chase.append(CHASE_HEADERS)
    for owner, items in returns.by_owner().items():
        outstanding = [item for item in items if item.outstanding]
        if outstanding:
            chase.append([owner, len(outstanding), "\n".join(_named(item) for item in outstanding),
                          "\n".join(_problems(outstanding)), "\n".join(sorted({i.file for i in outstanding if i.file}))])
    every = book.create_sheet("All returns")
    every.append(ALL_HEADERS)
    for row, item in enumerate(returns.indicators, start=2):
        severities = [p.severity.value for p in item.problems]
        every.append([item.owner, item.number, item.title, item.status.value, item.file, severities.count("error"),
                      severities.count("warning"), item.signed_off_by, item.signed_off_on])
        every.cell(row, len(ALL_HEADERS)).number_format = "dd/mm/yyyy"
    for sheet in (chase, every):
        _lay_out(sheet)
    saved = io.BytesIO()
    save_workbook(book, saved)
    write_file(chase_list_output(path), saved.getvalue())


def _named(item: IndicatorReturn) -> str:
    return f"{item.number} {item.title}: {item.status.value}"


def _problems(items: list[IndicatorReturn]) -> list[str]:
    """Each problem of the outstanding indicators, as the owner would be told it, with its cell."""
    return [f"{item.number}: {problem}" for item in items for problem in item.problems]


def _lay_out(sheet) -> None:
    """Widths to read by, headers as the owner's workbook has them, wrapped text, the header row frozen, printed
    landscape one page wide, owner text kept as text."""
    for cell in sheet[1]:
        sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 14)
    style_header(sheet)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    print_setup(sheet, landscape=True)
    sheet.auto_filter.ref = sheet.dimensions
    keep_as_text(sheet)
