"""Reading owners' workbooks into indicators and a list of problems, never a traceback."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from perfreport.model import Direction, Indicator, PeriodType, ReportDetails, Source, Unit
from perfreport.problems import Problem, Severity
from perfreport.workbook.cells import (
    CellError,
    clean_text,
    is_not_available,
    read_date,
    read_decimals,
    read_figure,
    read_links,
)
from perfreport.workbook.schema import (
    INDICATOR_FIELDS,
    INDICATORS_SHEET,
    REPORT_FIELDS,
    REPORT_SHEET,
    TARGET_TO_BE_CONFIRMED,
    Field,
    Kind,
    normalise_header,
)

HEADER_SEARCH_ROWS = 10


@dataclass
class WorkbookContent:
    """What a workbook holds: the report details, its indicators, and what is wrong with it."""

    details: ReportDetails | None = None
    indicators: list[Indicator] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Cell:
    value: Any
    number_format: str | None
    row: int
    column: int

    @property
    def ref(self) -> str:
        """The cell's reference, e.g. F7."""
        return f"{get_column_letter(self.column)}{self.row}"


class _SheetReader:
    """Collects problems against one sheet of one file."""

    def __init__(self, file: str, sheet: str, problems: list[Problem]):
        self.file, self.sheet, self.problems = file, sheet, problems

    def problem(self, code: str, severity: Severity, message: str, action: str, cell: str = "") -> None:
        self.problems.append(Problem(code, severity, message, action, self.file, self.sheet, cell))


def read_workbook(path: Path) -> WorkbookContent:
    """Read one owners' workbook. Problems are returned, not raised."""
    path = Path(path)
    content = WorkbookContent()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        content.problems.append(
            Problem(
                "unreadable-file",
                Severity.ERROR,
                f"This is not a workbook that can be read ({error}).",
                "Save it from Excel or LibreOffice Calc as an Excel Workbook (.xlsx).",
                path.name,
            )
        )
        return content
    try:
        for sheet in (REPORT_SHEET, INDICATORS_SHEET):
            if sheet not in book.sheetnames:
                content.problems.append(
                    Problem(
                        "missing-sheet",
                        Severity.ERROR,
                        f"The workbook has no sheet named {sheet!r}.",
                        "Use the standard workbook, which has sheets named Report and Indicators.",
                        path.name,
                    )
                )
        if REPORT_SHEET in book.sheetnames:
            content.details = _read_details(book[REPORT_SHEET], _SheetReader(path.name, REPORT_SHEET, content.problems))
        if INDICATORS_SHEET in book.sheetnames:
            content.indicators = _read_indicators(
                book[INDICATORS_SHEET], _SheetReader(path.name, INDICATORS_SHEET, content.problems)
            )
    finally:
        book.close()
    return content


def _rows(sheet) -> list[list[_Cell]]:
    sheet.reset_dimensions()  # the declared size may be wrong; read every row there is
    return [
        [_Cell(cell.value, getattr(cell, "number_format", None), row, column) for column, cell in enumerate(cells, 1)]
        for row, cells in enumerate(sheet.iter_rows(), start=1)
    ]


def _read_details(sheet, reader: _SheetReader) -> ReportDetails | None:
    """The Report sheet holds one field per row: its name in column A, its value in column B."""
    found: dict[str, _Cell] = {}
    by_header = {normalise_header(f.header): f for f in REPORT_FIELDS}
    for row in _rows(sheet):
        if len(row) >= 2 and (spec := by_header.get(normalise_header(row[0].value))):
            found[spec.key] = row[1]
    values: dict[str, Any] = {}
    for spec in REPORT_FIELDS:
        cell = found.get(spec.key)
        if cell is None:
            reader.problem(
                "missing-field",
                Severity.ERROR,
                f"No row named {spec.header!r}.",
                f"Add a row with {spec.header!r} in column A and the value in column B. {spec.help}",
            )
            continue
        if is_not_available(cell.value):
            reader.problem("missing-value", Severity.ERROR, f"{spec.header} is blank.", spec.help, cell.ref)
            continue
        try:
            values[spec.key] = read_date(cell.value) if spec.kind is Kind.DATE else clean_text(cell.value)
        except CellError as error:
            reader.problem("invalid-value", Severity.ERROR, str(error), error.action, cell.ref)
    if len(values) < len(REPORT_FIELDS):
        return None
    return ReportDetails(**values)


def _read_indicators(sheet, reader: _SheetReader) -> list[Indicator]:
    rows = _rows(sheet)
    header = _find_columns(rows, reader)
    if header is None:
        return []
    header_index, columns = header
    indicators = []
    read_any = False
    for row in rows[header_index + 1 :]:
        cells = {key: row[index] for key, index in columns.items() if index < len(row)}
        if all(is_not_available(c.value) for c in cells.values()):
            continue
        read_any = True
        indicator = _read_indicator(cells, reader, row[0].row)
        if indicator:
            indicators.append(indicator)
    if not read_any:
        reader.problem(
            "no-indicators",
            Severity.ERROR,
            "There are no indicators below the header row.",
            "Fill in one row per indicator.",
            f"A{header_index + 2}",
        )
    return indicators


def _find_columns(rows: list[list[_Cell]], reader: _SheetReader) -> tuple[int, dict[str, int]] | None:
    """The header row's index and each known field's column position; None if unusable."""
    wanted = {normalise_header(f.header): f for f in INDICATOR_FIELDS}
    header_index = next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if any(normalise_header(c.value) in wanted for c in row)),
        None,
    )
    if header_index is None:
        reader.problem(
            "missing-headers",
            Severity.ERROR,
            "No header row found.",
            f"Put the column headers ({', '.join(f.header for f in INDICATOR_FIELDS)}) in the first row.",
            "A1",
        )
        return None
    columns: dict[str, int] = {}
    for position, cell in enumerate(rows[header_index]):
        spec = wanted.get(normalise_header(cell.value))
        if spec:
            columns[spec.key] = position
        elif not is_not_available(cell.value):
            reader.problem(
                "extra-column",
                Severity.NOTICE,
                f"Column {clean_text(cell.value)!r} is not part of the standard workbook and is ignored.",
                "",
                cell.ref,
            )
    missing = [f for f in INDICATOR_FIELDS if f.required and f.key not in columns]
    for spec in missing:
        reader.problem(
            "missing-column",
            Severity.ERROR,
            f"No column headed {spec.header!r}.",
            f"Add the column to the header row. {spec.help}",
            f"{header_index + 1}:{header_index + 1}",
        )
    return None if missing else (header_index, columns)


def _read_indicator(cells: dict[str, _Cell], reader: _SheetReader, row: int) -> Indicator | None:
    values: dict[str, Any] = {}
    failed = False
    for spec in INDICATOR_FIELDS:
        cell = cells.get(spec.key)
        if cell is None or is_not_available(cell.value):
            if spec.required:
                failed = True
                reader.problem(
                    "missing-value",
                    Severity.ERROR,
                    f"{spec.header} is blank.",
                    spec.help,
                    cell.ref if cell else f"row {row}",
                )
            continue
        try:
            values[spec.key] = _read_field(spec, cell, values.get("decimals"))
        except CellError as error:
            failed = True
            reader.problem("invalid-value", Severity.ERROR, f"{spec.header}: {error}", error.action, cell.ref)
    if values.get("target") is TARGET_TO_BE_CONFIRMED:
        values["target"], values["target_tbc"] = None, True
    if "target" not in values and not values.get("no_target_status") and not failed:
        cell = cells.get("no_target_status")
        failed = True
        reader.problem(
            "no-target-status",
            Severity.ERROR,
            "There is no target, and no status to show instead.",
            "Enter a target, or choose Baseline, Contextual or In Development in 'Status when no target'.",
            cell.ref if cell else f"row {row}",
        )
    if failed:
        return None
    values.pop("decimals", None)
    return Indicator(**values, source=Source(reader.file, reader.sheet, row, cells["number"].ref))


def _read_field(spec: Field, cell: _Cell, decimals: int | None) -> Any:
    if spec.kind is Kind.FIGURE:
        return read_figure(cell.value, cell.number_format, decimals)
    if spec.kind is Kind.TARGET:
        if clean_text(cell.value).upper() == TARGET_TO_BE_CONFIRMED:
            return TARGET_TO_BE_CONFIRMED
        return read_figure(cell.value, cell.number_format, decimals)
    if spec.kind is Kind.DECIMALS:
        return read_decimals(cell.value)
    if spec.kind is Kind.LINKS:
        return read_links(cell.value)
    if spec.kind is Kind.CHOICE:
        return _read_choice(spec, cell.value)
    if spec.kind is Kind.DATE:
        return read_date(cell.value)
    return clean_text(cell.value)


_CHOICE_TYPES = {"unit": Unit, "period_type": PeriodType, "direction": Direction}
_CHOICE_ALIASES = {"higher": Direction.HIGHER.value, "lower": Direction.LOWER.value, "%": "percent"}


def _read_choice(spec: Field, value: object) -> Any:
    text = clean_text(value)
    text = _CHOICE_ALIASES.get(text.casefold(), text)
    for choice in spec.choices:
        if choice.casefold() == text.casefold():
            kind = _CHOICE_TYPES.get(spec.key)
            return kind(choice) if kind else choice
    raise CellError(f"{text!r} is not one of the choices.", f"Choose one of: {', '.join(spec.choices)}.")
