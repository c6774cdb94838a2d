"""Problems sent back in the owner's own workbook: a copy with each problem cell highlighted and
commented, and a first sheet listing them all with links to their cells. The owner's file is only read."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from perfreport.core.output import Output, refuse_outputs, write_file
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.workbook.collect import file_labels
from perfreport.workbook.writer import keep_as_text, open_copy, print_setup, save_workbook, style_header

PROBLEMS_SHEET = "Problems"
# Light fills that leave black text readable (at least 4.5:1), one per severity, as Excel's own highlights.
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.NOTICE: "DDEBF7"}
HEADERS = ("Severity", "Where", "Problem", "What to do")
WIDTHS = (10, 18, 55, 45)  # fitting landscape A4
CELL = re.compile(r"([A-Z]{1,3})(\d+)")
ROWS = re.compile(r"(?:row )?(\d+)(?::\d+)?")


def annotated(workbook: Path, problems: list[Problem]) -> bytes:
    """The owner's ``workbook`` with ``problems`` (those of that file) marked in it: each problem's cell
    filled by severity and given a comment saying what is wrong and what to do, and a first sheet "Problems"
    listing them in order with a link to each cell. Everything else is kept as it was."""
    book = open_copy(workbook)
    for problem in problems:
        target = _cell_of(book, problem)
        if target is not None:
            _mark(target, problem)
    _list_problems(book, problems)
    saved = io.BytesIO()
    save_workbook(book, saved, _comments_shown)
    return saved.getvalue()


def _comments_shown(name: str, data: bytes) -> bytes:
    """A part with its comments shown beside their cells, as openpyxl saves them hidden and unplaced: each
    comment's drawing made visible and anchored just right of and below its cell."""
    if name.startswith("xl/drawings/") and name.endswith(".vml"):
        return NOTE_PLACE.sub(_placed, data.replace(b"visibility:hidden", b"visibility:visible"))
    return data


NOTE_PLACE = re.compile(rb"<(\w+):Row>(\d+)</\1:Row><\1:Column>(\d+)</\1:Column>")


def _placed(found: re.Match) -> bytes:
    """A comment's row and column, with an anchor a column wide and four rows deep beside its cell, and shown."""
    prefix, row, column = found.group(1), int(found.group(2)), int(found.group(3))
    anchor = b"%d, 15, %d, 2, %d, 15, %d, 16" % (column + 1, row, column + 2, row + 4)
    return found.group(0) + b"<%s:Anchor>%s</%s:Anchor><%s:Visible/>" % (prefix, anchor, prefix, prefix)


def _cell_of(book, problem: Problem):
    """The cell a problem names (its row's first cell where it names a row); None where it names none."""
    if problem.sheet not in book.sheetnames:
        return None
    if CELL.fullmatch(problem.cell):
        return book[problem.sheet][problem.cell]
    if found := ROWS.fullmatch(problem.cell):
        return book[problem.sheet].cell(int(found.group(1)), 1)
    return None


def _mark(cell, problem: Problem) -> None:
    cell.fill = PatternFill("solid", fgColor=FILLS[problem.severity])
    said = f"{problem.severity.value.capitalize()}: {problem.message} {problem.action}".strip()
    earlier = f"{cell.comment.text}\n\n" if cell.comment else ""  # the owner's own note, or an earlier problem's
    comment = Comment(earlier + said, "perfreport")
    comment.width, comment.height = 320, 40 + 15 * (len(earlier + said) // 45)
    cell.comment = comment


def _list_problems(book, problems: list[Problem]) -> None:
    sheet = book.create_sheet(PROBLEMS_SHEET, 0)
    sheet.append(HEADERS)
    for row, problem in enumerate(problems, start=2):
        sheet.append([problem.severity.value, problem.place.split(", ", 1)[-1] if problem.sheet else "the whole file",
                      problem.message, problem.action])
        if _cell_of(book, problem) is not None:
            where = sheet.cell(row, 2)
            target = problem.cell if CELL.fullmatch(problem.cell) else f"A{ROWS.fullmatch(problem.cell).group(1)}"
            where.hyperlink = Hyperlink(ref=where.coordinate, location=f"'{problem.sheet}'!{target}")
            where.font = Font(color="0563C1", underline="single")
        sheet.cell(row, 1).fill = PatternFill("solid", fgColor=FILLS[problem.severity])
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(math.ceil(len(str(cell.value or "")) / (WIDTHS[cell.column - 1] * 1.1)) for cell in row)
        sheet.row_dimensions[row[0].row].height = 15 * max(lines, 1)  # wrapped text, as Excel would fit it
    style_header(sheet)
    sheet.freeze_panes = "A2"
    print_setup(sheet, landscape=True)
    keep_as_text(sheet)
    for other in book.worksheets:
        other.sheet_view.tabSelected = other is sheet
    book.active = 0


@dataclass
class Annotated:
    """The annotated copies written, those not written because writing stopped, and why."""

    copies: list[Path] = field(default_factory=list)
    not_written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def annotate_files(files: list[Path], problems: list[Problem], folder: Path, reads: Iterable[Path] = ()) -> Annotated:
    """An annotated copy, in ``folder``, of each of ``files`` that has problems the copy can show (a file that
    cannot be opened has none): under its own name, or where two share a name, in the folders that tell them
    apart (``folder``/hr/return.xlsx and ``folder``/it/return.xlsx), as problems name them. Raises
    ProblemsFound, writing nothing, where a copy would replace one of ``files`` (or ``reads``), another copy,
    or cannot be written where it would go. Writing stops at the first copy that cannot be written."""
    labels = file_labels(files)
    by_file = {path: [p for p in problems if p.file == labels[path] and p.sheet] for path in files}
    chosen = [path for path in files if by_file[path]]
    outputs = {path: Output(folder / labels[path], f"the annotated copy of {labels[path]}", (path.suffix.lower(),))
               for path in chosen}
    refuse_outputs(outputs.values(), [*files, *reads])
    done = Annotated()
    for number, path in enumerate(chosen):
        try:
            data = annotated(path, by_file[path])
        except Exception as error:  # a workbook our reader took may still fail in openpyxl, in any way
            done.problems.append(Problem("cannot-annotate", Severity.WARNING, f"No annotated copy could be made of "
                                         f"this workbook ({type(error).__name__}).", "Send its owner the problems "
                                         "listed instead.", labels[path]))
            continue
        try:
            done.copies.append(write_file(outputs[path], data))
        except ProblemsFound as error:
            done.problems += error.problems
            done.not_written = [outputs[later].path for later in chosen[number:]]
            break
    return done
