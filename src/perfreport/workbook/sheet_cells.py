"""The cells of a workbook's sheets, read in one streaming pass over the sheet XML: each
cell's value (a formula's saved result), number format, type and formula.

openpyxl's read-only mode does the same in pure Python, and needs a second pass for the
saved results of formulas: for 3,000 indicators with 24 periods of History each (some
800,000 cells) it took about 11 seconds where this takes about 5. Values follow openpyxl's rules:
numbers as int or float, dates by number format, shared and inline strings as plain text.
Sheets declare their size, and the declaration is not trusted: every row there is is read.

Nothing beyond Excel's own limits is read: a row past 1,048,576, a column past 16,384 or
a cell of more than 32,767 characters is refused as it is met, before it costs memory; rows
hold only the cells there are, so a stray value far to the right or below costs no more
than any other.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from perfreport.workbook.cells import CellError, is_not_available

MOST_ROWS, MOST_COLUMNS, MOST_CHARACTERS = 1_048_576, 16_384, 32_767  # Excel's own limits
TOO_LONG = "too long"  # the data type of a cell whose text is longer than Excel allows; its value is the length

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (MAIN + name for name in ("row", "c", "v", "f", "is", "t", "r"))
COORDINATE = re.compile(r"([A-Za-z]+)(\d+)")


class SheetTooLarge(ValueError):
    """A part of the workbook goes beyond what Excel can hold; says which part, and where."""

    def __init__(self, part: str, message: str, cell: str = ""):
        super().__init__(message)
        self.part, self.cell, self.sheet = part, cell, ""


class MissingPart(ValueError):
    """A part the workbook needs, such as the list of its sheets' parts, is not in the file."""


def _parser() -> etree.XMLParser:
    """Entities are never resolved and nothing is fetched; libxml2's own limits stay on (a text of at
    most 10 MB, a depth of 256), as nothing Excel writes comes near them."""
    return etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(slots=True)
class SheetCell:
    """One cell as the owner left it: its value (a formula's saved result), number format, type and formula."""

    value: Any
    number_format: str | None
    row: int
    column: int
    data_type: str = "n"  # n number, s text, b true/false, d date, e error (#DIV/0!)
    formula: str | None = None

    @property
    def ref(self) -> str:
        """The cell's reference, e.g. F7."""
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def blank(self) -> bool:
        """True for an empty cell or one saying there is no figure; a formula is never blank."""
        return self.formula is None and self.data_type not in ("e", TOO_LONG) and is_not_available(self.value)

    @property
    def empty(self) -> bool:
        """True for a cell with nothing typed in it (spaces aside); a formula is never empty."""
        return self.formula is None and self.data_type not in ("e", TOO_LONG) and (
            self.value is None or (isinstance(self.value, str) and not self.value.strip())
        )

    def check(self) -> None:
        """Raise CellError for an error value (#DIV/0!), a formula whose result was never saved, or
        text longer than Excel allows in a cell."""
        if self.data_type == TOO_LONG:
            raise CellError(
                f"The cell holds {self.value:,} characters, more than the {MOST_CHARACTERS:,} Excel allows in a cell.",
                "Shorten it, in a copy of the standard workbook saved from Excel.", "too-large",
            )
        if self.data_type == "e":
            raise CellError(
                f"The cell shows the error {self.value}.",
                'Correct the formula, or type the figure (or "n/a" if there is none).',
            )
        if self.formula is not None and self.value is None:
            raise CellError(
                f"The cell holds a formula ({self.formula}) whose result was never saved.",
                "Open the workbook in Excel or LibreOffice Calc, let it calculate, and save it again.",
            )


@dataclass(slots=True)
class SheetRow:
    """One row of a sheet: its number, and the cells it holds by column (1 for A)."""

    number: int
    cells: dict[int, SheetCell]

    def cell(self, column: int) -> SheetCell:
        """The cell in ``column``: an empty one where the row holds none."""
        found = self.cells.get(column)
        return found if found is not None else SheetCell(None, None, self.number, column)

    def __iter__(self) -> Iterator[SheetCell]:
        return iter(self.cells.values())


@dataclass
class _Styles:
    formats: list[str]  # number format code per cell style
    dates: set[int]  # cell styles whose format shows a date or time
    durations: set[int]


def read_sheets(path: str, names: tuple[str, ...]) -> dict[str, list[SheetRow]]:
    """The rows of each sheet named (those the workbook has), in order, each with the cells it holds.
    Raises SheetTooLarge for a part beyond Excel's limits and MissingPart for a part the workbook lacks."""
    with zipfile.ZipFile(path) as package:
        workbook = next(member for _, kind, member in _related(package, "") if kind == OFFICE_DOCUMENT)
        related = _related(package, workbook)
        if not related:
            raise MissingPart(f"{workbook} has no list of the parts it is made of ({_rels_of(workbook)})")
        members = {rel_id: member for rel_id, _, member in related}
        by_type = {kind: member for _, kind, member in reversed(related)}  # the first of each type
        book = _parse(package, workbook)
        date1904 = book.find(f"{MAIN}workbookPr")
        epoch = MAC_EPOCH if date1904 is not None and date1904.get("date1904") in ("1", "true") else WINDOWS_EPOCH
        strings = _shared_strings(package, by_type.get(TYPES + "sharedStrings"))
        styles = _styles(package, by_type.get(TYPES + "styles"))
        sheets = {sheet.get("name"): members.get(sheet.get(RELATIONSHIP_ID)) for sheet in book.iter(f"{MAIN}sheet")}
        found = {}
        for name in names:
            if sheets.get(name):
                part = sheets[name]
                if part not in package.NameToInfo:
                    raise MissingPart(f"the sheet {name!r} should be in {part}, which is not in the file")
                try:
                    with package.open(part) as source, _limits_of(part):
                        found[name] = list(_rows(source, part, strings, styles, epoch))
                except SheetTooLarge as error:
                    error.sheet = name
                    raise
        return found


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _parse(package: zipfile.ZipFile, part: str) -> etree._Element:
    with _limits_of(part):
        return etree.fromstring(package.read(part), _parser())


@contextmanager
def _limits_of(part: str) -> Iterator[None]:
    """libxml2's refusal of a text over 10 MB, given as the part going beyond Excel's limits."""
    try:
        yield
    except etree.XMLSyntaxError as error:
        if "huge" not in str(error).casefold():
            raise
        raise SheetTooLarge(part, f"{part} holds a text of millions of characters; Excel allows "
                            f"{MOST_CHARACTERS:,} in a cell.") from error


def _related(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, member) of each part that ``part`` relates to."""
    folder = posixpath.dirname(part)
    rels = _rels_of(part)
    if rels not in package.NameToInfo:
        return []
    found = []
    for rel in _parse(package, rels).iter(RELATIONSHIPS):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id"), rel.get("Type"), member))
    return found


def _shared_strings(package: zipfile.ZipFile, member: str | None) -> list[str | int]:
    """The workbook's shared strings; in place of one longer than Excel allows, its length."""
    if member is None:
        return []
    strings: list[str | int] = []
    with package.open(member) as source, _limits_of(member):
        for _, item in etree.iterparse(source, tag=f"{MAIN}si", resolve_entities=False, no_network=True):
            text = _text(item)
            strings.append(text if len(text) <= MOST_CHARACTERS else len(text))
            item.clear()
    return strings


def _styles(package: zipfile.ZipFile, member: str | None) -> _Styles:
    if member is None:
        return _Styles([], set(), set())
    root = _parse(package, member)
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter(f"{MAIN}numFmt")}
    cell_styles = root.find(f"{MAIN}cellXfs")
    ids = [int(xf.get("numFmtId", 0)) for xf in cell_styles.iter(f"{MAIN}xf")] if cell_styles is not None else []
    formats = [custom.get(number) or BUILTIN_FORMATS.get(number, "General") for number in ids]
    return _Styles(
        formats,
        {style for style, code in enumerate(formats) if is_date_format(code)},
        {style for style, code in enumerate(formats) if is_timedelta_format(code)},
    )


def _text(element: etree._Element) -> str:
    """A string item's text: its own <t> and each run's, leaving out phonetic guides."""
    parts = [element.findtext(TEXT) or ""]
    parts += [run.findtext(TEXT) or "" for run in element.iterfind(RUN)]
    return "".join(parts)


def _rows(
    source: IO[bytes], part: str, strings: list[str | int], styles: _Styles, epoch: Any
) -> Iterator[SheetRow]:
    """Every row the sheet holds, in order; rows and cells without a number are numbered on from the last."""
    row_number = 0
    shared_formulas: dict[str, str] = {}
    for _, element in etree.iterparse(source, tag=ROW, resolve_entities=False, no_network=True):
        row_number = _number(element.get("r"), row_number + 1)
        if row_number > MOST_ROWS:
            raise SheetTooLarge(part, f"{part} has a row {row_number:,}; Excel's last row is {MOST_ROWS:,}.",
                                f"{row_number}:{row_number}")
        cells: dict[int, SheetCell] = {}
        column = 0
        for cell in element.iterchildren(CELL):
            column = _column(cell.get("r"), column + 1)
            if column > MOST_COLUMNS:
                raise SheetTooLarge(part, f"{part} has a cell in column {column:,}; Excel's last column is "
                                    f"{MOST_COLUMNS:,} (XFD).", f"row {row_number}")
            cells[column] = _cell(cell, row_number, column, strings, styles, epoch, shared_formulas)
        yield SheetRow(row_number, cells)
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _number(written: str | None, following: int) -> int:
    """A row's number as written (r="7"), else the one after the last."""
    return int(written) if written and written.isdigit() else following


def _column(reference: str | None, following: int) -> int:
    """A cell's column from its reference (r="C7" is 3), else the one after the last."""
    found = COORDINATE.fullmatch(reference or "")
    if not found:
        return following
    letters = found.group(1).upper()
    return column_index_from_string(letters) if len(letters) <= 3 else MOST_COLUMNS + 1


def _cell(
    cell: etree._Element, row: int, column: int, strings: list[str], styles: _Styles, epoch: Any,
    shared_formulas: dict[str, str],
) -> SheetCell:
    style = int(cell.get("s") or 0)
    number_format = styles.formats[style] if style < len(styles.formats) else "General"
    data_type = cell.get("t", "n")
    formula = None
    if (written := cell.find(FORMULA)) is not None:
        if written.text:
            shared_formulas.setdefault(written.get("si", ""), written.text)
        formula = "=" + (written.text or shared_formulas.get(written.get("si", ""), ""))
    if data_type == "inlineStr":
        inline = cell.find(INLINE)
        return _text_cell(_text(inline) if inline is not None else None, number_format, row, column, formula)
    value: Any = cell.findtext(VALUE) or None
    if value is None:
        return SheetCell(None, number_format, row, column, data_type, formula)
    if data_type == "n":
        value = float(value) if "." in value or "E" in value or "e" in value else int(value)
        if style in styles.dates:
            try:
                value, data_type = from_excel(value, epoch, timedelta=style in styles.durations), "d"
            except (OverflowError, ValueError):
                value, data_type = "#VALUE!", "e"
    elif data_type in ("s", "str"):
        return _text_cell(strings[int(value)] if data_type == "s" else value, number_format, row, column, formula)
    elif data_type == "b":
        value = bool(int(value))
    elif data_type == "d":
        value = from_ISO8601(value)
    return SheetCell(value, number_format, row, column, data_type, formula)


def _text_cell(text: str | int | None, number_format: str, row: int, column: int, formula: str | None) -> SheetCell:
    """A cell of text; one longer than Excel allows holds only its length."""
    if isinstance(text, int) or (text is not None and len(text) > MOST_CHARACTERS):
        return SheetCell(text if isinstance(text, int) else len(text), number_format, row, column, TOO_LONG, formula)
    return SheetCell(text, number_format, row, column, "s", formula)
