"""Writing the standard owners' workbook from the schema, optionally filled with indicators."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from perfreport.model import Figure, Indicator, ReportDetails, Unit
from perfreport.output import write_atomically
from perfreport.workbook.schema import (
    INDICATOR_FIELDS,
    INDICATORS_SHEET,
    REPORT_FIELDS,
    REPORT_SHEET,
    TARGET_TO_BE_CONFIRMED,
    Field,
    Kind,
)

EDITABLE_ROWS = 500

INSTRUCTIONS = (
    "How to fill in this workbook",
    "",
    "1. On the Report sheet, fill in column B: the report's title, committee, period, financial year, "
    "the date it is produced, and your team's name and e-mail address.",
    "2. On the Indicators sheet, fill in one row per indicator. Click a cell to see what to type there; "
    "columns with a small arrow offer a list to choose from.",
    "3. Type figures as you normally would: 83.5%, 1,500, £19.3m or 3 stars. Type n/a, or leave the cell "
    "blank, where there is no figure. Where there is no target, type TBC or leave it blank, and choose "
    "Baseline, Contextual or In Development under 'Status when no target'.",
    "4. In Commentary, Description and Actions, press Alt+Enter for a new line, twice for a new paragraph.",
    "5. In Useful links, put one link per line, as: text | https://address",
    "6. Do not rename the sheets or the column headers. Extra columns of your own are ignored.",
    "7. Save the file as an Excel Workbook (.xlsx) and return it to the governance team.",
)


def write_workbook(
    path: Path, details: ReportDetails | dict[str, Any] | None = None, indicators: list[Indicator] = ()
) -> None:
    """Write the standard workbook to ``path``: Instructions, Report and Indicators sheets, with
    dropdown lists and an input message on every column; filled with ``details`` (a
    ReportDetails, or some of its fields by name) and ``indicators`` if given."""
    book = Workbook()
    _write_instructions(book.active)
    values = asdict(details) if isinstance(details, ReportDetails) else dict(details or {})
    _write_report_sheet(book.create_sheet(REPORT_SHEET), values)
    _write_indicators_sheet(book.create_sheet(INDICATORS_SHEET), indicators)
    write_atomically(Path(path), book.save)


def new_workbook(path: Path, period: str = "", financial_year: str = "") -> None:
    """Write a blank standard workbook for owners, with the period and year filled in if given."""
    write_workbook(path, {"period": period or None, "financial_year": financial_year or None})


def _write_instructions(sheet) -> None:
    sheet.title = "Instructions"
    for line in INSTRUCTIONS:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100


def _write_report_sheet(sheet, values: dict[str, Any]) -> None:
    sheet.append(["Field", "Value", "What to enter"])
    for spec in REPORT_FIELDS:
        sheet.append([spec.header, values.get(spec.key), spec.help])
        cell = sheet.cell(sheet.max_row, 2)
        if spec.kind is Kind.DATE:
            cell.number_format = "dd/mm/yyyy"
        _add_validation(sheet, spec, cell.coordinate)
    for column, width in zip("ABC", (18, 45, 60)):
        sheet.column_dimensions[column].width = width
    _style_header(sheet)


def _write_indicators_sheet(sheet, indicators: list[Indicator]) -> None:
    sheet.append([spec.header for spec in INDICATOR_FIELDS])
    for indicator in indicators:
        sheet.append([None] * len(INDICATOR_FIELDS))
        for column, spec in enumerate(INDICATOR_FIELDS, start=1):
            _write_field(sheet.cell(sheet.max_row, column), spec.kind, spec.key, indicator)
    last_row = max(EDITABLE_ROWS, len(indicators)) + 1
    for column, spec in enumerate(INDICATOR_FIELDS, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = spec.width
        _add_validation(sheet, spec, f"{letter}2:{letter}{last_row}")
        if spec.kind in (Kind.LONG_TEXT, Kind.LINKS):
            for row in range(2, last_row + 1):
                sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
    _style_header(sheet)
    sheet.freeze_panes = "C2"


def _add_validation(sheet, spec: Field, cells: str) -> None:
    """An input message saying what to type; a dropdown list where there are choices."""
    validation = DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle=spec.header[:32], prompt=spec.help[:255]
    )
    if spec.choices:
        validation.type = "list"
        validation.formula1 = '"' + ",".join(spec.choices) + '"'
        validation.showErrorMessage = True
        validation.errorTitle = "Not one of the choices"
        validation.error = f"Choose one of: {', '.join(spec.choices)}."
    elif spec.kind is Kind.DECIMALS:
        validation.type, validation.operator = "whole", "between"
        validation.formula1, validation.formula2 = "0", "6"
        validation.showErrorMessage = True
        validation.error = "Enter a whole number from 0 to 6, or leave blank."
    validation.add(cells)
    sheet.add_data_validation(validation)


def _style_header(sheet) -> None:
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
