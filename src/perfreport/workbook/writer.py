"""Writing the standard owners' workbook from the schema, optionally filled with indicators."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perfreport.core.formatting import join_words
from perfreport.core.model import Figure, Indicator, ReportDetails, Unit
from perfreport.core.output import Output, refuse_outputs, write_file
from perfreport.rating.scheme import Scheme, builtin_scheme
from perfreport.rating.spc import FEWEST_BASELINE
from perfreport.workbook.schema import (
    HISTORY_FIELDS,
    HISTORY_SHEET,
    INDICATOR_FIELDS,
    INDICATORS_SHEET,
    REPORT_FIELDS,
    REPORT_SHEET,
    TARGET_TO_BE_CONFIRMED,
    Field,
    Kind,
)
from perfreport.workbook.scheme_record import scheme_record
from perfreport.workbook.shared_strings import with_shared_strings

# Lists, messages and checks reach Excel's last row, so that every row an owner adds has them; each
# column's is one range in the file, whatever its length, and Excel and LibreOffice keep it as one.
LAST_ROW = 1_048_576
UNLOCKED = Protection(locked=False)
FONT = "Calibri"  # the workbook's font (openpyxl's default), named wherever a cell has a font of its own
HEADER_FONT = Font(name=FONT, size=11, bold=True)
TITLE_FONT = Font(name=FONT, size=14, bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")  # light orange, still distinct printed in grey
REQUIRED_NOTE = "Required. "  # begins a required field's input message
LINE_POINTS = 15  # a line of 11-point text, in the row heights Excel and LibreOffice use
# Characters: A4 portrait within the default margins holds it in Calibri, and in the wider font LibreOffice
# puts in its place where Calibri is not installed (one column wider than the page is cut, not shrunk).
INSTRUCTIONS_WIDTH = 68
DATE_FORMAT = "dd/mm/yyyy"
DATE_LIMITS = (date(2000, 1, 1), date(2099, 12, 31))
# The children of a font in styles.xml in the order Excel's schema (CT_Font) takes them; openpyxl writes another.
FONT_CHILDREN = {name: place for place, name in enumerate(
    ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
     "family", "charset", "scheme")
)}
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DCTERMS = "http://purl.org/dc/terms/"
CORE_PROPERTIES = "docProps/core.xml"
WHOLE_NUMBER_LIMITS = {Kind.DECIMALS: (0, 6), Kind.WHOLE_NUMBER: (1, 100_000)}
FEWEST = {"spc_baseline": FEWEST_BASELINE}  # fields whose least number is more than their kind's
# Kept as text, so Excel neither drops "07" to 7 nor turns "Sep 2023" into a date.
TEXT_COLUMNS = ("number", "period")

INSTRUCTIONS = (
    "How to fill in this workbook",
    "",
    "Shaded orange: a required field on the Report sheet, or a required column on the Indicators and History "
    "sheets; fill it in on every row you use. Its message, shown when you click a cell, begins \"Required\". "
    "The others are optional.",
    "",
    "1. On the Report sheet, fill in column B: the report's title, committee, period, financial year, "
    "the date it is produced, and your team's name and e-mail address.",
    "2. On the Indicators sheet, fill in one row per indicator. Click a cell to see what to type there; "
    "columns with a small arrow offer a list to choose from.",
    "3. Type figures as you normally would: 83.5%, 1,500, £19.3m or 3 stars. Type n/a, or leave the cell "
    "blank, where there is no figure; but never leave Current value blank: if this period's figure is not "
    "available, type n/a there. {no_target}",
    "4. In Commentary, Description and Actions, press Alt+Enter for a new line, twice for a new paragraph.",
    "5. In Useful links, put one link per line, as: text | https://address",
    "6. The rating is worked out for you, under the {scheme} rating scheme. Only if it would mislead, choose "
    "another under 'Rating override' and say why under 'Override reason'; the report shows both.",
    "7. On the History sheet, give each indicator's figures for earlier periods, one row per period, oldest "
    "first, with period labels such as Q1 2023/24, Sep 2023 or 2023/24. They are used for trends and charts. "
    "Its Rating column is filled in when the workbook is rolled forward; where blank, the rating is worked out.",
    "8. Do not rename the sheets or the column headers (they are locked). Extra columns of your own are ignored.",
    "9. Save the file as an Excel Workbook (.xlsx) and return it to the governance team.",
)


WORKBOOK_ENDINGS = (".xlsx",)


def write_workbook(
    path: Path,
    details: ReportDetails | dict[str, Any] | None = None,
    indicators: list[Indicator] = (),
    scheme: Scheme | None = None,
    blank: tuple[str, ...] = (),
) -> None:
    """Write the standard workbook (see workbook_bytes) to ``path`` through the write gate; raises
    ProblemsFound where it cannot be written, leaving what was there."""
    write_file(Output(Path(path), "the workbook", WORKBOOK_ENDINGS), workbook_bytes(details, indicators, scheme, blank))


def workbook_bytes(
    details: ReportDetails | dict[str, Any] | None = None,
    indicators: list[Indicator] = (),
    scheme: Scheme | None = None,
    blank: tuple[str, ...] = (),
    dated: datetime | None = None,
) -> bytes:
    """The standard workbook: Instructions, Report, Indicators and History sheets, with protected
    headers, dropdown lists and an input message on every column; filled with ``details`` (a
    ReportDetails, or some of its fields by name) and ``indicators`` if given, leaving the Indicators
    columns named in ``blank`` empty. The rating-override, History rating and no-target lists offer the
    statuses of ``scheme``; where the details name a scheme, ``scheme`` is recorded beside it, by its name
    and SHA-256. With ``dated``, the same arguments give the same bytes."""
    book = Workbook()
    values = asdict(details) if isinstance(details, ReportDetails) else dict(details or {})
    if scheme is not None and values.get("scheme"):
        values["scheme_record"] = scheme_record(scheme)
    scheme = scheme or builtin_scheme()
    _write_instructions(book.active, scheme)
    _write_report_sheet(book.create_sheet(REPORT_SHEET), values)
    choices = _Choices(scheme)
    _write_indicators_sheet(book.create_sheet(INDICATORS_SHEET), indicators, choices, blank)
    _write_history_sheet(book.create_sheet(HISTORY_SHEET), indicators, choices)
    for sheet in book.worksheets:
        keep_as_text(sheet)
    saved = io.BytesIO()
    save_workbook(book, saved, dated=dated)
    return saved.getvalue()


def save_workbook(book: Workbook, path: str | BinaryIO, part: Callable[[str, bytes], bytes] | None = None,
                  dated: datetime | None = None) -> None:
    """Save ``book`` as openpyxl does, with each font's children in the order Excel's schema requires and its text in
    a shared-strings part as Excel keeps it; each part changed by ``part`` (given its name and bytes) where given,
    and dated ``dated`` for the same bytes each time: its files in the zip, and the workbook's created and modified
    dates, which openpyxl takes from the clock."""
    saved = io.BytesIO()
    book.save(saved)
    with zipfile.ZipFile(saved) as source:
        members = {member.filename: member for member in source.infolist()}
        parts = {name: source.read(member) for name, member in members.items()}
    parts["xl/styles.xml"] = fonts_in_order(parts["xl/styles.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in with_shared_strings(parts).items():
            member = members.get(name) or _member_like(members["xl/workbook.xml"], name)
            if dated is not None:
                member.date_time = dated.timetuple()[:6]
                data = _dated_properties(data, dated) if name == CORE_PROPERTIES else data
            target.writestr(member, part(name, data) if part else data)


def _member_like(model: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    """A new zip member ``name`` dated, compressed and permitted as ``model`` is."""
    member = zipfile.ZipInfo(name, model.date_time)
    member.compress_type, member.external_attr, member.create_system = (
        model.compress_type, model.external_attr, model.create_system)
    return member


def _dated_properties(core: bytes, dated: datetime) -> bytes:
    """docProps/core.xml with its created and modified dates ``dated`` (taken as UTC, as openpyxl takes them)."""
    root = etree.fromstring(core)
    for name in ("created", "modified"):
        for element in root.iter(f"{{{DCTERMS}}}{name}"):
            element.text = dated.strftime("%Y-%m-%dT%H:%M:%SZ")
    return etree.tostring(root)


def open_copy(path: Path) -> Workbook:
    """An owner's workbook opened to be changed and saved elsewhere: what is opened is a copy, so that the
    owner's file is never opened for writing."""
    with tempfile.TemporaryDirectory(prefix="perfreport-copy-") as work:
        original = Path(work) / f"original{path.suffix}"
        shutil.copyfile(path, original)
        return load_workbook(original, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)


def fonts_in_order(styles: bytes) -> bytes:
    """styles.xml with the children of every font (cell and difference formats alike) in schema order."""
    root = etree.fromstring(styles)
    for font in root.iter(f"{{{SPREADSHEET}}}font"):
        font[:] = sorted(font, key=lambda child: FONT_CHILDREN.get(etree.QName(child).localname, len(FONT_CHILDREN)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


FORMULA_STARTS = ("=", "+", "-", "@")


def keep_as_text(sheet) -> None:
    """Every text written as text, never a formula: "=HYPERLINK(...)" or "=cmd|..." carried from an old
    workbook or typed by an owner stays words on the sheet, and Excel keeps it so when the cell is edited."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def new_workbook(
    path: Path, period: str = "", financial_year: str = "", scheme: Scheme | None = None,
    details: dict[str, str] | None = None, reads: Iterable[Path] = (),
) -> None:
    """Write a blank standard workbook for owners, with the period and year filled in if given, and
    the Report-sheet fields in ``details``. A ``scheme`` is recorded on the Report sheet, so that
    the returns are rated under the scheme whose statuses the workbook offers. Raises ProblemsFound,
    writing nothing, where it would replace a file the run reads (``reads``) or cannot be written."""
    values: dict[str, Any] = {**(details or {}), "period": period or None, "financial_year": financial_year or None}
    if scheme is not None:
        values["scheme"] = scheme_name_for(scheme, Path(path).parent)
    output = Output(Path(path), "the workbook", WORKBOOK_ENDINGS)
    refuse_outputs([output], reads)
    write_file(output, workbook_bytes(values, scheme=scheme))


def scheme_name_for(scheme: Scheme, folder: Path) -> str:
    """How a workbook in ``folder`` names ``scheme`` on its Report sheet: a built-in scheme by its name,
    a scheme file by its path from the workbook's folder (its full path where there is none)."""
    if not scheme.reference.casefold().endswith(".toml"):
        return scheme.reference
    try:
        return Path(os.path.relpath(scheme.reference, folder.resolve())).as_posix()
    except ValueError:  # on another drive
        return scheme.reference


class _Choices:
    """The scheme's statuses for the workbook's lists, and the input messages that name them."""

    def __init__(self, scheme: Scheme):
        self.lists = {
            Kind.STATUS: tuple(s.name for s in scheme.statuses),
            Kind.NO_TARGET_STATUS: tuple(s.name for s in scheme.no_target),
        }
        self.helps = {Kind.NO_TARGET_STATUS: no_target_help(scheme)}

    def help(self, spec: Field) -> str:
        return self.helps.get(spec.kind, spec.help)


def no_target_help(scheme: Scheme) -> str:
    """What to choose in 'Status when no target', in the scheme's own statuses."""
    names = [s.name for s in scheme.no_target]
    if len(names) == 1:
        return f"Where there is no target, or no figure this period, the indicator is shown as {names[0]}: nothing need be chosen."
    return f"Where there is no target, or no figure this period: the status to show instead, {join_words(names, 'or')}."


def _write_instructions(sheet, scheme: Scheme) -> None:
    sheet.title = "Instructions"
    names = [s.name for s in scheme.no_target]
    if len(names) == 1:
        no_target = f"Where there is no target, type TBC or leave it blank; the indicator is shown as {names[0]}."
    else:
        no_target = (f"Where there is no target, type TBC or leave it blank; where there is no target or no figure, "
                     f"choose {join_words(names, 'or')} under 'Status when no target'.")
    for line in INSTRUCTIONS:
        sheet.append([line.format(no_target=no_target, scheme=scheme.name)])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = TITLE_FONT
    sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    _fit_rows(sheet, "A", start=2)
    print_setup(sheet, landscape=False, titles=False)


def _write_report_sheet(sheet, values: dict[str, Any]) -> None:
    sheet.append(["Field", "Value", "What to enter"])
    for spec in REPORT_FIELDS:
        sheet.append([spec.header, values.get(spec.key), spec.help])
        label, cell, help_text = sheet[sheet.max_row]
        label.alignment = cell.alignment = Alignment(vertical="top")
        help_text.alignment = Alignment(wrap_text=True, vertical="top")
        if not spec.recorded:
            cell.protection = UNLOCKED
        if spec.kind is Kind.DATE:
            cell.number_format = DATE_FORMAT
        if spec.required:
            label.fill = REQUIRED_FILL
        _add_validation(sheet, spec, cell.coordinate)
    for column, width in zip("ABC", (22, 45, 60)):
        sheet.column_dimensions[column].width = width
    style_header(sheet)
    _fit_rows(sheet, "C", start=2)
    print_setup(sheet, landscape=False)
    _protect(sheet)


def _write_indicators_sheet(sheet, indicators: list[Indicator], choices: _Choices, blank: tuple[str, ...]) -> None:
    sheet.append([spec.header for spec in INDICATOR_FIELDS])
    for row, indicator in enumerate(indicators, start=2):
        for column, spec in enumerate(INDICATOR_FIELDS, start=1):
            value = None if spec.key in blank else _stated(spec, getattr(indicator, spec.key))
            _write_field(sheet.cell(row, column), spec, value, indicator)
    _format_columns(sheet, INDICATOR_FIELDS, choices)
    sheet.freeze_panes = "C2"


def _stated(spec: Field, value: Any) -> Any:
    """A missing figure as "n/a" where an empty cell would be taken for a value forgotten."""
    if value is None and spec.kind is Kind.FIGURE and (spec.expected or spec.allows_not_available):
        return "n/a"
    return value


def _write_history_sheet(sheet, indicators: list[Indicator], choices: _Choices) -> None:
    sheet.append([spec.header for spec in HISTORY_FIELDS])
    rows = 0
    for indicator in indicators:
        for point in indicator.history:
            rows += 1
            for column, spec in enumerate(HISTORY_FIELDS, start=1):
                value = indicator.number if spec.key == "number" else getattr(point, spec.key)
                _write_field(sheet.cell(rows + 1, column), spec, value, indicator)
    _format_columns(sheet, HISTORY_FIELDS, choices)
    sheet.freeze_panes = "C2"


def _format_columns(sheet, fields: tuple[Field, ...], choices: _Choices) -> None:
    """Widths, formats, input messages and lists for each column; required columns' headers shaded;
    only the header row locked; printed landscape, one page wide."""
    for column, spec in enumerate(fields, start=1):
        letter = get_column_letter(column)
        dimension = sheet.column_dimensions[letter]
        dimension.width = spec.width
        dimension.protection = UNLOCKED
        if spec.kind in (Kind.LONG_TEXT, Kind.LINKS):
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
        if spec.key in TEXT_COLUMNS:
            dimension.number_format = "@"
        elif spec.kind in (Kind.DECIMALS, Kind.WHOLE_NUMBER):
            dimension.number_format = "0"
        elif spec.kind is Kind.DATE:
            dimension.number_format = DATE_FORMAT
        _add_validation(sheet, spec, f"{letter}2:{letter}{LAST_ROW}", choices)
        if spec.required:
            sheet.cell(1, column).fill = REQUIRED_FILL
    style_header(sheet)
    print_setup(sheet, landscape=True)
    _protect(sheet)


def _add_validation(sheet, spec: Field, cells: str, scheme_choices: _Choices | None = None) -> None:
    """An input message saying what to type, and whether it is required; a dropdown list where there are
    choices; a check on whole numbers and dates."""
    prompt = (REQUIRED_NOTE if spec.required else "") + (scheme_choices.help(spec) if scheme_choices else spec.help)
    validation = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=spec.header[:32], prompt=prompt[:255])
    choices = scheme_choices.lists.get(spec.kind, spec.choices) if scheme_choices else spec.choices
    if choices:
        validation.type = "list"
        validation.formula1 = '"' + ",".join(choices) + '"'
        validation.showErrorMessage = True
        validation.errorTitle = "Not one of the choices"
        validation.error = f"Choose one of: {', '.join(choices)}."
    elif spec.kind in (Kind.DECIMALS, Kind.WHOLE_NUMBER):
        lowest, highest = WHOLE_NUMBER_LIMITS[spec.kind]
        lowest = FEWEST.get(spec.key, lowest)
        validation.type, validation.operator = "whole", "between"
        validation.formula1, validation.formula2 = str(lowest), str(highest)
        validation.showErrorMessage = True
        validation.error = f"Enter a whole number from {lowest} to {highest}, or leave blank."
    elif spec.kind is Kind.DATE:
        _only_dates(validation)
    validation.add(cells)
    sheet.add_data_validation(validation)


def _only_dates(validation: DataValidation) -> None:
    """Refuse anything but a date from DATE_LIMITS' first to its last: text such as "TBC", or a slip of the year."""
    earliest, latest = DATE_LIMITS
    validation.type, validation.operator = "date", "between"
    validation.formula1, validation.formula2 = str(int(to_excel(earliest))), str(int(to_excel(latest)))
    validation.showErrorMessage = True
    validation.errorTitle = "Not a date"
    validation.error = f"Enter a date from {earliest:%d/%m/%Y} to {latest:%d/%m/%Y}, e.g. 15/01/2025."


def style_header(sheet: Worksheet) -> None:
    """Bold, wrapped and locked, the row as high as its longest header's lines."""
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.protection = Protection(locked=True)
    lines = max(_lines(cell.value, sheet.column_dimensions[cell.column_letter].width) for cell in sheet[1])
    sheet.row_dimensions[1].height = lines * LINE_POINTS


def _fit_rows(sheet: Worksheet, column: str, start: int) -> None:
    """Each row from ``start`` as high as the wrapped text of its cell in ``column``: Excel and LibreOffice
    leave a row one line high, the rest of its text overprinting the next row or cut off."""
    width = sheet.column_dimensions[column].width
    for cell in sheet[column][start - 1:]:
        if (lines := _lines(cell.value, width)) > 1:
            sheet.row_dimensions[cell.row].height = lines * LINE_POINTS


def _lines(text: Any, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide: ``width`` characters a
    line, a little fewer than ordinary text fits in Calibri or in the wider fonts put in its place."""
    paragraphs = str(text or "").split("\n")
    return sum(len(textwrap.wrap(paragraph, int(width))) or 1 for paragraph in paragraphs)


def print_setup(sheet: Worksheet, landscape: bool, titles: bool = True) -> None:
    """Printed on A4, every column on one page wide and as many pages tall as needed, with gridlines, the
    header row repeated at the top of each page (``titles``) and the sheet's name and page in the footer."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if titles:
        sheet.print_title_rows = "1:1"
        sheet.print_options.gridLines = True
    sheet.oddFooter.center.text = "&A, page &P of &N"


def _protect(sheet) -> None:
    """Lock the header row against accidental edits; owners may still format, insert and sort rows.
    There is no password: this guards against slips, it is not security."""
    protection = sheet.protection
    protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, allowed, False)


def _write_field(cell, spec: Field, value: Any, indicator: Indicator) -> None:
    cell.protection = UNLOCKED
    if spec.kind is Kind.TARGET and indicator.target_tbc:
        value = TARGET_TO_BE_CONFIRMED
    if isinstance(value, Figure):
        # a second series may be on another scale (a count beside a percentage): written as a plain figure
        write_figure(cell, value, Unit.NUMBER if spec.key == "second_value" else indicator.unit)
        return
    if spec.kind is Kind.FLAG:
        value = spec.choices[0] if value else None
    if spec.kind is Kind.LINKS:
        value = "\n".join(link.url if link.text == link.url else f"{link.text} | {link.url}" for link in value)
    elif hasattr(value, "value"):  # an enumerated choice
        value = value.value
    cell.value = value if value != "" else None
    if spec.kind in (Kind.LONG_TEXT, Kind.LINKS):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif spec.key in TEXT_COLUMNS:
        cell.number_format = "@"


def write_figure(cell, figure: Figure, unit: Unit) -> None:
    """A figure written as an owner would type it: 83.0% as 0.83 shown to one place."""
    places = "." + "0" * figure.decimals if figure.decimals else ""
    if unit is Unit.PERCENT:
        cell.value = float(figure.value / 100)
        cell.number_format = f"0{places}%"
    else:
        cell.value = int(figure.value) if figure.decimals == 0 else float(figure.value)
        cell.number_format = f'"£"#,##0{places}' if unit is Unit.MONEY else f"#,##0{places}"
