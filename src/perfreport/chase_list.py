"""The chase list: a workbook the governance team sends round, one row per owner with something outstanding."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from perfreport.output import write_atomically
from perfreport.returns import IndicatorReturn, Returns
from perfreport.workbook.writer import keep_as_text, save_workbook

CHASE_HEADERS = ("Owner", "Outstanding", "Indicators outstanding", "Problems", "Files to fix")
ALL_HEADERS = ("Owner", "Indicator number", "Title", "Status", "File", "Errors", "Warnings", "Signed off by",
               "Signed off on")
WIDTHS = {"Owner": 28, "Indicators outstanding": 50, "Problems": 90, "Files to fix": 30, "Title": 50, "Status": 24,
          "File": 30}


def write_chase_list(returns: Returns, path: Path) -> None:
    """Write the chase list to ``path`` (atomically): a sheet with one row per owner with indicators
    outstanding (missing, blank or with errors), what each lacks and the file to fix; and a sheet of every
    indicator's return."""
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
    write_atomically(path, lambda temporary: save_workbook(book, temporary))


def _named(item: IndicatorReturn) -> str:
    return f"{item.number} {item.title}: {item.status.value}"


def _problems(items: list[IndicatorReturn]) -> list[str]:
    """Each problem of the outstanding indicators, as the owner would be told it, with its cell."""
    return [f"{item.number}: {problem}" for item in items for problem in item.problems]


def _lay_out(sheet) -> None:
    """Bold headers, wrapped text, widths to read by, the header row frozen, owner text kept as text."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 14)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    keep_as_text(sheet)
