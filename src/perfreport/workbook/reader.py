"""Reading owners' workbooks into indicators and a list of problems, never a traceback."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from perfreport.core.model import (
    ChartType,
    Direction,
    Figure,
    FigureType,
    HistoryPoint,
    Indicator,
    PeriodType,
    ReportDetails,
    Source,
    Unit,
)
from perfreport.core.periods import parse_period
from perfreport.core.problems import Problem, Severity
from perfreport.workbook.cells import (
    MOST_PLACES,
    CellError,
    broken_characters,
    clean_text,
    read_date,
    read_figure,
    read_links,
    read_whole_number,
    typed_places,
)
from perfreport.workbook.files import check_workbook_file, damaged_workbook, too_large_part, unreadable_file
from perfreport.workbook.schema import (
    HISTORY_FIELDS,
    HISTORY_SHEET,
    INDICATOR_FIELDS,
    INDICATORS_SHEET,
    REPORT_FIELDS,
    REPORT_SHEET,
    TARGET_TO_BE_CONFIRMED,
    TYPED_AS_WRITTEN,
    Field,
    Kind,
    normalise_header,
)
from perfreport.workbook.sheet_cells import TOO_LONG, MissingPart, SheetCell, SheetRow, SheetTooLarge, read_sheets

HEADER_SEARCH_ROWS = 10
RECORDED = {spec.key for spec in REPORT_FIELDS if spec.recorded}  # Report-sheet fields that are not ReportDetails
SHEETS = (REPORT_SHEET, INDICATORS_SHEET, HISTORY_SHEET)


@dataclass(frozen=True)
class IndicatorRow:
    """An Indicators row as listed, whether or not its figures can be read: who it belongs to, and where."""

    number: str
    title: str
    owner: str
    service: str
    file: str
    row: int
    signed_off_by: str = ""
    signed_off_on: date | None = None


@dataclass
class WorkbookContent:
    """What a workbook holds: the report details, its indicators, and what is wrong with it."""

    details: ReportDetails | None = None
    indicators: list[Indicator] = field(default_factory=list)
    history: list[tuple[str, HistoryPoint]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)  # numbers of indicator rows that have errors
    files: list[Path] = field(default_factory=list)
    details_from: Path | None = None  # the workbook whose Report sheet gave the details
    report_cells: dict[str, str] = field(default_factory=dict)  # that Report sheet's cell of each field, by key
    scheme: str = ""  # the Rating scheme the Report sheet names, read even where the sheet is incomplete
    scheme_from: Path | None = None  # the workbook that names it
    scheme_cell: str = ""  # where that Report sheet names it
    scheme_record: str = ""  # the scheme that Report sheet records the workbook was made for (see scheme_record)
    template: str = ""  # the Template the Report sheet names, read even where the sheet is incomplete
    template_from: Path | None = None  # the workbook that names it
    template_place: tuple[str, str] = ("", "")  # how problems name that workbook, and the cell
    numbers_unread: bool = False  # whether an Indicators row's number could not be read (a formula, an error)
    rows: list[IndicatorRow] = field(default_factory=list)  # every Indicators row with a number, read or not
    # The problem of each Report-sheet field left blank that counts only where the template shows it, by key.
    if_shown: list[tuple[str, Problem]] = field(default_factory=list)


class _SheetReader:
    """Collects problems against one sheet of one file."""

    def __init__(self, file: str, sheet: str, problems: list[Problem]):
        self.file, self.sheet, self.problems = file, sheet, problems
        self.columns: dict[str, int] = {}  # each field's column (1 for A), once the header is found
        self.numbers_unread = False  # whether some row's indicator number could not be read

    def problem(self, code: str, severity: Severity, message: str, action: str, cell: str = "") -> None:
        self.problems.append(Problem(code, severity, message, action, self.file, self.sheet, cell))


def read_workbook(path: Path, given: dict[str, str] | None = None, name: str = "") -> WorkbookContent:
    """Read one owners' workbook. Problems are returned, not raised, naming the file ``name`` (default: its
    file name). Report-sheet fields in ``given`` (from the command line or a settings file) are used
    whatever the sheet says."""
    path = Path(path)
    with _no_cycle_collection():
        content = _read_workbook(path, given or {}, name or path.name)
    if name and name != path.name:
        content.problems = [replace(p, file=name) if p.file == path.name else p for p in content.problems]
    return content


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading makes a million small objects and no reference cycles, and Python's cycle
    collector would scan them again and again as they pile up (3,000 indicators: 2.8 s of 8.5 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_workbook(path: Path, given: dict[str, str], name: str) -> WorkbookContent:
    content = WorkbookContent()
    if problem := check_workbook_file(path):
        content.problems.append(problem)
        return content
    try:
        sheets = read_sheets(str(path), SHEETS)
    except SheetTooLarge as error:
        content.problems.append(too_large_part(path, error.sheet, error.cell, str(error)))
        return content
    except MissingPart as error:
        content.problems.append(damaged_workbook(path, str(error)))
        return content
    except Exception as error:  # parsing a damaged or hostile file can fail anywhere, with any exception
        content.problems.append(unreadable_file(path, error))
        return content
    for sheet in (REPORT_SHEET, INDICATORS_SHEET):
        if sheet not in sheets:
            content.problems.append(
                Problem(
                    "missing-sheet",
                    Severity.ERROR,
                    f"The workbook has no sheet named {sheet!r}.",
                    "Use the standard workbook, which has sheets named Report and Indicators.",
                    name,
                )
            )
    if REPORT_SHEET in sheets:
        reader = _SheetReader(name, REPORT_SHEET, content.problems)
        content.details, values, content.report_cells = _read_details(sheets[REPORT_SHEET], reader, given,
                                                                      content.if_shown)
        content.scheme, content.scheme_record = values.get("scheme", ""), values.get("scheme_record", "")
        content.scheme_from = path if content.scheme else None
        content.scheme_cell = content.report_cells.get("scheme", "")
        content.template = values.get("template", "")
        if content.template:
            content.template_from, content.template_place = path, (name, content.report_cells.get("template", ""))
    if INDICATORS_SHEET in sheets:
        reader = _SheetReader(name, INDICATORS_SHEET, content.problems)
        content.indicators = _read_indicators(sheets[INDICATORS_SHEET], reader, content.unread, content.rows)
        content.numbers_unread = reader.numbers_unread
    if HISTORY_SHEET in sheets:
        content.history = _read_history(sheets[HISTORY_SHEET], _SheetReader(name, HISTORY_SHEET, content.problems))
    return content


def _read_details(
    rows: list[SheetRow], reader: _SheetReader, given: dict[str, str], if_shown: list[tuple[str, Problem]]
) -> tuple[ReportDetails | None, dict[str, Any], dict[str, str]]:
    """The Report sheet holds one field per row: its name in column A, its value in column B.
    A field in ``given`` is taken from there, and its cell is not read. Returns the details
    (None if incomplete), every field read by key (the rating scheme and template count even where
    the sheet is incomplete; the fields perfreport records are not details), and each field's cell.
    A field needed only where the template shows it, left blank, is left empty, its problem put in
    ``if_shown`` for validation to count once the template is known."""
    found: dict[str, SheetCell] = {}
    by_header = {normalise_header(f.header): f for f in REPORT_FIELDS}
    for row in rows:
        if spec := by_header.get(normalise_header(row.cell(1).value)):
            found[spec.key] = row.cell(2)
    values: dict[str, Any] = {}
    complete = True
    for spec in REPORT_FIELDS:
        cell = found.get(spec.key)
        if spec.key in given:
            values[spec.key] = given[spec.key]
            continue
        if cell is None or _nothing_in(spec, cell):
            if spec.required:
                missing = _missing(spec, cell, reader)
                if spec.if_shown:
                    values[spec.key] = None if spec.kind is Kind.DATE else ""
                    if_shown.append((spec.key, missing))
                else:
                    complete = False
                    reader.problems.append(missing)
            continue
        try:
            values[spec.key] = _read_cell(spec, cell, None, reader)
        except CellError as error:
            complete = False
            reader.problem(error.code, Severity.ERROR, f"{spec.header}: {error}", error.action, cell.ref)
    cells = {key: cell.ref for key, cell in found.items()}
    details = {key: value for key, value in values.items() if key not in RECORDED}
    return (ReportDetails(**details) if complete else None), values, cells


def _missing(spec: Field, cell: SheetCell | None, reader: _SheetReader) -> Problem:
    """The error for a required Report-sheet field with no row, or a blank value."""
    if cell is None:
        return Problem("missing-field", Severity.ERROR, f"No row named {spec.header!r}.",
                       f"Add a row with {spec.header!r} in column A and the value in column B. {spec.help}",
                       reader.file, reader.sheet)
    return Problem("missing-value", Severity.ERROR, f"{spec.header} is blank.", spec.fill_in, reader.file,
                   reader.sheet, cell.ref)


def _nothing_in(spec: Field, cell: SheetCell) -> bool:
    """Whether the cell gives nothing for the field: empty, or, where a figure or a choice is wanted, a
    word such as "n/a" or "-". Text fields keep whatever was typed, "None" and "NA" included."""
    return cell.empty if spec.kind in TYPED_AS_WRITTEN else cell.blank


def _read_indicators(
    rows: list[SheetRow], reader: _SheetReader, unread: set[str], listed: list[IndicatorRow]
) -> list[Indicator]:
    """The indicators read without error; the numbers of rows with errors are added to ``unread``,
    and every row with a number to ``listed``."""
    header = _find_columns(rows, INDICATOR_FIELDS, reader)
    if header is None:
        return []
    indicators = []
    read_any = False
    for row, cells in _data_rows(rows, *header):
        read_any = True
        indicator = _read_indicator(cells, reader, row)
        number = cells.get("number")
        if number is not None and not number.empty and number.formula is None and number.data_type not in ("e", TOO_LONG):
            signed = cells.get("signed_off_on")
            listed.append(IndicatorRow(
                clean_text(number.value), *(_plain(cells.get(key)) for key in LISTED), reader.file, row,
                _plain(cells.get("signed_off_by")), signed.value.date() if signed and isinstance(signed.value, datetime)
                else None,
            ))
        if indicator:
            indicators.append(indicator)
        elif number is not None and not number.empty:
            if number.formula is None and number.data_type not in ("e", TOO_LONG):
                unread.add(clean_text(number.value))
            else:
                reader.numbers_unread = True
    if not read_any:
        reader.problem(
            "no-indicators",
            Severity.ERROR,
            "There are no indicators below the header row.",
            "Fill in one row per indicator.",
            f"A{header[0] + 1}",
        )
    return indicators


def _data_rows(rows: list[SheetRow], header_row: int, columns: dict[str, int]) -> Iterator[tuple[int, dict[str, SheetCell]]]:
    """Each row below the header with anything in it: its row number and its cells by field."""
    for row in rows:
        if row.number <= header_row:
            continue
        cells = {key: row.cell(column) for key, column in columns.items()}
        if not all(c.empty for c in cells.values()):
            yield row.number, cells


def _find_columns(rows: list[SheetRow], fields: tuple[Field, ...], reader: _SheetReader) -> tuple[int, dict[str, int]] | None:
    """The header row's number and each known field's column (1 for A); None if unusable. Two columns
    with one field's header are an error naming both; a header a slip away from a missing field's is warned of."""
    wanted = {normalise_header(f.header): f for f in fields}
    header = next(
        (row for row in rows if row.number <= HEADER_SEARCH_ROWS and any(normalise_header(c.value) in wanted for c in row)),
        None,
    )
    if header is None:
        reader.problem(
            "missing-headers",
            Severity.ERROR,
            "No header row found.",
            f"Put the column headers ({', '.join(f.header for f in fields)}) in the first row.",
            "A1",
        )
        return None
    columns: dict[str, int] = {}
    others: list[SheetCell] = []
    for cell in header:
        spec = wanted.get(normalise_header(cell.value))
        if spec is None:
            if clean_text(cell.value):
                others.append(cell)
        elif spec.key in columns:
            first = header.cell(columns[spec.key]).ref
            reader.problem(
                "duplicate-column", Severity.ERROR,
                f"Two columns are headed {spec.header!r}: {first} and {cell.ref}, so it cannot be told which to read.",
                f"Delete the column that is not wanted, or give it another header. {spec.help}", cell.ref,
            )
        else:
            columns[spec.key] = cell.column
    _extra_columns(others, [f for f in fields if f.key not in columns], reader)
    missing = [f for f in fields if f.required and f.key not in columns]
    for spec in missing:
        reader.problem(
            "missing-column",
            Severity.ERROR,
            f"No column headed {spec.header!r}.",
            f"Add the column to the header row. {spec.help}",
            f"{header.number}:{header.number}",
        )
    reader.columns = columns
    duplicated = any(p.code == "duplicate-column" and p.sheet == reader.sheet for p in reader.problems)
    return None if missing or duplicated else (header.number, columns)


def _extra_columns(cells: list[SheetCell], absent: list[Field], reader: _SheetReader) -> None:
    """A notice of each column that is not the standard workbook's; a warning where its header looks like
    a slip for one of the ``absent`` fields ("Comentary" for Commentary)."""
    headers = {normalise_header(f.header): f for f in absent}
    for cell in cells:
        typed = clean_text(cell.value)
        close = get_close_matches(normalise_header(typed), list(headers), n=1, cutoff=0.8)
        if close:
            meant = headers.pop(close[0]).header
            reader.problem(
                "misspelt-column", Severity.WARNING,
                f"Column {typed!r} is not part of the standard workbook, so it is ignored; it looks like {meant!r}, "
                "which this sheet has no column for.",
                f"If it is meant to be {meant}, correct the header to {meant!r}.", cell.ref,
            )
        else:
            reader.problem("extra-column", Severity.NOTICE,
                           f"Column {typed!r} is not part of the standard workbook and is ignored.", "", cell.ref)


LISTED = ("title", "owner", "service")


def _plain(cell: SheetCell | None) -> str:
    """A cell's text as typed, or "" where it cannot be read."""
    if cell is None or cell.formula is not None or cell.data_type in ("e", TOO_LONG):
        return ""
    return clean_text(cell.value)


def _read_indicator(cells: dict[str, SheetCell], reader: _SheetReader, row: int) -> Indicator | None:
    values = _read_row(cells, INDICATOR_FIELDS, reader, row)
    if values is None:
        return None
    if values.get("target") is TARGET_TO_BE_CONFIRMED:
        values["target"], values["target_tbc"] = None, True
    if values["unit"] is Unit.PERCENT:
        _check_fractions(cells, reader)
    return Indicator(**values, source=_source(reader, row, cells))


def _check_fractions(cells: dict[str, SheetCell], reader: _SheetReader) -> None:
    """Warn of a percentage typed as a fraction: 0.83 in a cell not formatted as a percentage reads as 0.83%."""
    for spec in INDICATOR_FIELDS:
        cell = cells.get(spec.key)
        if spec.kind not in (Kind.FIGURE, Kind.TARGET) or cell is None or cell.data_type != "n":
            continue
        value = cell.value
        if isinstance(value, (int, float)) and 0 < abs(value) < 1 and "%" not in (cell.number_format or ""):
            meant = Decimal(repr(value)) * 100
            reader.problem(
                "percent-as-fraction", Severity.WARNING,
                f"{spec.header}: {value} is read as {value}%, as the indicator's unit is percent; it looks like "
                f"{meant.normalize():f}% typed as a fraction.",
                f"If {meant.normalize():f}% is meant, type {meant.normalize():f}%; if {value}% is meant, type {value}%.",
                cell.ref,
            )


def _read_row(cells: dict[str, SheetCell], fields: tuple[Field, ...], reader: _SheetReader, row: int) -> dict[str, Any] | None:
    """Every field of one row by key; None if any has an error (each reported at its cell)."""
    values: dict[str, Any] = {}
    failed = False
    for spec in fields:
        cell = cells.get(spec.key)
        if cell is None or _nothing_in(spec, cell):
            stated = cell is not None and not cell.empty  # "n/a", "-": there is none, on purpose
            if spec.allows_not_available and stated:
                values[spec.key] = None
            elif spec.required:
                failed = True
                reader.problem(
                    "missing-value",
                    Severity.ERROR,
                    f"{spec.header} is blank.",
                    spec.fill_in,
                    cell.ref if cell else f"row {row}",
                )
            elif spec.expected and cell is not None and not stated:
                reader.problem(f"empty-{spec.key}", Severity.WARNING, spec.expected, spec.fill_in, cell.ref)
            continue
        try:
            values[spec.key] = _read_cell(spec, cell, values.get("decimals"), reader)
        except CellError as error:
            failed = True
            reader.problem(error.code, Severity.ERROR, f"{spec.header}: {error}", error.action, cell.ref)
    return None if failed else values


def _read_cell(spec: Field, cell: SheetCell, decimals: int | None, reader: _SheetReader) -> Any:
    """A cell's value for the field; CellError if it cannot be read. Half characters are left out, with a notice."""
    cell.check()
    if spec.typed and cell.formula is not None:
        raise CellError(f"The cell holds a formula ({cell.formula}).", f"Type the {spec.header.lower()} itself.")
    if broken := broken_characters(cell.value):
        reader.problem(
            "broken-character", Severity.NOTICE,
            f"{spec.header}: {_counted(broken, 'half character')} (half of an emoji or other symbol, as Excel stores "
            f"{'it' if broken == 1 else 'them'}) left out.",
            "Check the text reads as meant; retype the symbol if it is wanted.", cell.ref,
        )
    value = _read_field(spec, cell, decimals)
    if isinstance(value, Figure) and decimals is None and value.decimals == MOST_PLACES:
        _check_places(spec, cell, value, reader)
    return value


def _check_places(spec: Field, cell: SheetCell, figure: Figure, reader: _SheetReader) -> None:
    """A warning where a figure is typed or formatted with more decimal places than it is read to."""
    places = typed_places(cell.value, cell.number_format)
    if places > MOST_PLACES:
        reader.problem(
            "too-many-decimal-places", Severity.WARNING,
            f"{spec.header}: {places:,} decimal places are more than any figure is read to, so it is read to "
            f"{MOST_PLACES}, as {figure.value:f}.",
            "Round the figure to the places it needs, or set the indicator's Decimal places.", cell.ref,
        )


def _counted(number: int, thing: str) -> str:
    return f"{'One' if number == 1 else number} {thing}{'' if number == 1 else 's'}"


def _source(reader: _SheetReader, row: int, cells: dict[str, SheetCell]) -> Source:
    return Source(reader.file, reader.sheet, row, cells["number"].ref, reader.columns)


def _read_field(spec: Field, cell: SheetCell, decimals: int | None) -> Any:
    if spec.kind is Kind.FIGURE:
        return read_figure(cell.value, cell.number_format, decimals)
    if spec.kind is Kind.TARGET:
        if clean_text(cell.value).upper() == TARGET_TO_BE_CONFIRMED:
            return TARGET_TO_BE_CONFIRMED
        return read_figure(cell.value, cell.number_format, decimals)
    if spec.kind is Kind.DECIMALS:
        return read_whole_number(cell.value, 0, 6)
    if spec.kind is Kind.WHOLE_NUMBER:
        return read_whole_number(cell.value, 1, 100_000)
    if spec.kind is Kind.LINKS:
        return read_links(cell.value)
    if spec.kind is Kind.CHOICE:
        return _read_choice(spec, cell.value)
    if spec.kind is Kind.FLAG:
        return _read_choice(spec, cell.value) == spec.choices[0]
    if spec.kind is Kind.DATE:
        return read_date(cell.value)
    if spec.kind is Kind.PERIOD and isinstance(cell.value, date):  # Excel made a date of "Sep 2023"
        period = parse_period(cell.value)
        return period.label if period else clean_text(cell.value)
    return clean_text(cell.value)


def _read_history(rows: list[SheetRow], reader: _SheetReader) -> list[tuple[str, HistoryPoint]]:
    """History rows as (indicator number, point), in sheet order; a blank sheet is no problem."""
    if all(c.empty for row in rows for c in row):
        return []
    header = _find_columns(rows, HISTORY_FIELDS, reader)
    if header is None:
        return []
    history = []
    for row, cells in _data_rows(rows, *header):
        values = _read_row(cells, HISTORY_FIELDS, reader, row)
        if values is not None:
            number = values.pop("number")
            history.append((number, HistoryPoint(**values, source=_source(reader, row, cells))))
    return history


_CHOICE_TYPES = {"unit": Unit, "period_type": PeriodType, "direction": Direction, "chart": ChartType,
                 "figure_type": FigureType}
_CHOICE_ALIASES = {"higher": Direction.HIGHER.value, "lower": Direction.LOWER.value, "%": "percent"}


def _read_choice(spec: Field, value: object) -> Any:
    text = clean_text(value)
    text = _CHOICE_ALIASES.get(text.casefold(), text)
    for choice in spec.choices:
        if choice.casefold() == text.casefold():
            kind = _CHOICE_TYPES.get(spec.key)
            return kind(choice) if kind else choice
    raise CellError(f"{text!r} is not one of the choices.", f"Choose one of: {', '.join(spec.choices)}.")
