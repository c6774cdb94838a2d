"""Writing the standard owners' workbook from the schema, optionally filled with indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from perfreport.model import Figure, Indicator, ReportDetails, Unit
from perfreport.output import write_atomically
from perfreport.workbook.schema import (
    INDICATOR_FIELDS,
    INDICATORS_SHEET,
    REPORT_FIELDS,
    REPORT_SHEET,
    TARGET_TO_BE_CONFIRMED,
    Kind,
)


def write_workbook(path: Path, details: ReportDetails | None = None, indicators: list[Indicator] = ()) -> None:
    """Write the standard workbook to ``path``, filled with ``details`` and ``indicators`` if given."""
    book = Workbook()
    report = book.active
    report.title = REPORT_SHEET
    report.append(["Field", "Value", "What to enter"])
    for spec in REPORT_FIELDS:
        value = getattr(details, spec.key) if details else None
        report.append([spec.header, value, spec.help])
        if spec.kind is Kind.DATE:
            report.cell(report.max_row, 2).number_format = "dd/mm/yyyy"
    for column, width in zip("ABC", (18, 45, 60)):
        report.column_dimensions[column].width = width
    _bold_header(report)

    sheet = book.create_sheet(INDICATORS_SHEET)
    sheet.append([spec.header for spec in INDICATOR_FIELDS])
    for indicator in indicators:
        sheet.append([None] * len(INDICATOR_FIELDS))
        for column, spec in enumerate(INDICATOR_FIELDS, start=1):
            _write_field(sheet.cell(sheet.max_row, column), spec.kind, spec.key, indicator)
    for column, spec in enumerate(INDICATOR_FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = spec.width
    _bold_header(sheet)
    sheet.freeze_panes = "C2"
    write_atomically(Path(path), book.save)


def _bold_header(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_field(cell, kind: Kind, key: str, indicator: Indicator) -> None:
    if key == "decimals":
        return
    value: Any = getattr(indicator, key)
    if kind is Kind.TARGET and indicator.target_tbc:
        value = TARGET_TO_BE_CONFIRMED
    if isinstance(value, Figure):
        _write_figure(cell, value, indicator.unit)
        return
    if kind is Kind.LINKS:
        value = "\n".join(link.url if link.text == link.url else f"{link.text} | {link.url}" for link in value)
    elif hasattr(value, "value"):  # an enumerated choice
        value = value.value
    cell.value = value if value != "" else None
    if kind in (Kind.LONG_TEXT, Kind.LINKS):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_figure(cell, figure: Figure, unit: Unit) -> None:
    """A figure written as an owner would type it: 83.0% as 0.83 shown to one place."""
    places = "." + "0" * figure.decimals if figure.decimals else ""
    if unit is Unit.PERCENT:
        cell.value = float(figure.value / 100)
        cell.number_format = f"0{places}%"
    else:
        cell.value = int(figure.value) if figure.decimals == 0 else float(figure.value)
        cell.number_format = f'"£"#,##0{places}' if unit is Unit.MONEY else f"#,##0{places}"
