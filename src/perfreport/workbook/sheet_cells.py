"""The cells of a workbook's sheets, read in one streaming pass over the sheet XML: each
cell's value (a formula's saved result), number format, type and formula.

openpyxl's read-only mode does the same in pure Python, and needs a second pass for the
saved results of formulas: for 3,000 indicators with 24 periods of History each (some
800,000 cells) it took about 11 seconds where this takes about 5. Values follow openpyxl's rules:
numbers as int or float, dates by number format, shared and inline strings as plain text.
Sheets declare their size, and the declaration is not trusted: every row there is is read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from perfreport.workbook.cells import CellError, is_not_available

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN = (MAIN + name for name in ("row", "c", "v", "f", "is", "t", "r"))
COORDINATE = re.compile(r"([A-Za-z]+)(\d+)")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


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
        return self.formula is None and self.data_type != "e" and is_not_available(self.value)

    def check(self) -> None:
        """Raise CellError for an error value (#DIV/0!) or a formula whose result was never saved."""
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


@dataclass
class _Styles:
    formats: list[str]  # number format code per cell style
    dates: set[int]  # cell styles whose format shows a date or time
    durations: set[int]


def read_sheets(path: str, names: tuple[str, ...]) -> dict[str, list[list[SheetCell]]]:
    """The rows of each sheet named (those the workbook has), each row its cells from column A
    to the last it holds; empty rows and cells are there too, so that positions stay true."""
    with zipfile.ZipFile(path) as package:
        workbook = next(member for _, kind, member in _related(package, "") if kind == OFFICE_DOCUMENT)
        related = _related(package, workbook)
        members = {rel_id: member for rel_id, _, member in related}
        by_type = {kind: member for _, kind, member in reversed(related)}  # the first of each type
        book = etree.fromstring(package.read(workbook), _parser())
        date1904 = book.find(f"{MAIN}workbookPr")
        epoch = MAC_EPOCH if date1904 is not None and date1904.get("date1904") in ("1", "true") else WINDOWS_EPOCH
        strings = _shared_strings(package, by_type.get(TYPES + "sharedStrings"))
        styles = _styles(package, by_type.get(TYPES + "styles"))
        sheets = {sheet.get("name"): members.get(sheet.get(RELATIONSHIP_ID)) for sheet in book.iter(f"{MAIN}sheet")}
        found = {}
        for name in names:
            if sheets.get(name):
                with package.open(sheets[name]) as source:
                    found[name] = list(_rows(source, strings, styles, epoch))
        return found


def _related(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, member) of each part that ``part`` relates to."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in package.namelist():
        return []
    found = []
    for rel in etree.fromstring(package.read(rels), _parser()).iter(RELATIONSHIPS):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id"), rel.get("Type"), member))
    return found


def _shared_strings(package: zipfile.ZipFile, member: str | None) -> list[str]:
    if member is None:
        return []
    strings = []
    with package.open(member) as source:
        for _, item in etree.iterparse(source, tag=f"{MAIN}si", resolve_entities=False, no_network=True, huge_tree=True):
            strings.append(_text(item).replace("x005F_", ""))
            item.clear()
    return strings


def _styles(package: zipfile.ZipFile, member: str | None) -> _Styles:
    if member is None:
        return _Styles([], set(), set())
    root = etree.fromstring(package.read(member), _parser())
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


def _rows(source: IO[bytes], strings: list[str], styles: _Styles, epoch: Any) -> Iterator[list[SheetCell]]:
    """Every row from the first, an empty one where the sheet has none."""
    row_number = 0
    shared_formulas: dict[str, str] = {}
    for _, element in etree.iterparse(source, tag=ROW, resolve_entities=False, no_network=True, huge_tree=True):
        number = int(element.get("r") or row_number + 1)
        yield from ([] for _ in range(row_number + 1, number))
        row_number = number
        cells: list[SheetCell] = []
        for cell in element.iterchildren(CELL):
            found = COORDINATE.fullmatch(cell.get("r") or "")
            column = column_index_from_string(found.group(1)) if found else len(cells) + 1
            cells += [SheetCell(None, None, number, position) for position in range(len(cells) + 1, column)]
            cells.append(_cell(cell, number, column, strings, styles, epoch, shared_formulas))
        yield cells
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


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
        return SheetCell(_text(inline) if inline is not None else None, number_format, row, column, "s", formula)
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
    elif data_type == "s":
        value = strings[int(value)]
    elif data_type == "b":
        value = bool(int(value))
    elif data_type == "str":
        data_type = "s"
    elif data_type == "d":
        value = from_ISO8601(value)
    return SheetCell(value, number_format, row, column, data_type, formula)
