"""Reading several owners' workbooks, or folders of them, as one set of indicators."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from perfreport.core.formatting import quantize
from perfreport.core.model import Figure, HistoryPoint, Indicator, number_order
from perfreport.core.problems import Problem, Severity, has_errors
from perfreport.core.progress import Progress, no_progress
from perfreport.core.regular_files import not_a_file_problem, not_a_regular_file
from perfreport.workbook.reader import WorkbookContent, read_workbook
from perfreport.workbook.schema import HISTORY_FIELDS, Kind

READING = "Reading workbooks"
# Spreadsheets a folder of returns may hold: .xlsx and .xlsm are read, the others refused with what to do.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".xltx", ".xltm", ".ods", ".fods", ".csv", ".numbers")
SYSTEM_FILES = ("thumbs.db", "desktop.ini")


def workbook_files(paths: list[Path | str]) -> tuple[list[Path], list[Problem]]:
    """The workbooks named, with folders expanded. In a folder, every spreadsheet is taken (an .xls,
    .ods or .csv to be refused with what to do, like any file named); Excel's ~$ lock files, other
    files, folders, and what is no regular file (a named pipe, a device) within are skipped, each with a
    notice, and hidden files unmentioned. A folder with no workbook in it is an error, and so is naming
    what is no regular file."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, skipped = _folder_files(path)
            problems += skipped
            if not found:
                problems.append(
                    Problem("empty-folder", Severity.ERROR, "This folder holds no workbooks to read.",
                            "Name the workbooks, or the folder they are in.", str(path))
                )
            files += found
        elif refused := not_a_file_problem(path, "workbook", str(path)):
            problems.append(refused)
        elif path.exists():
            files.append(path)
        else:
            problems.append(
                Problem("missing-file", Severity.ERROR, "No such file or folder.", "Check the name.", str(path))
            )
    return files, problems


def _folder_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    found, skipped = [], []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(".") or name.casefold() in SYSTEM_FILES:
            continue
        if name.startswith("~$"):
            skipped.append(_skipped("lock-file", "Skipped: this is Excel's lock file for a workbook that is open.", entry))
        elif entry.is_dir():
            skipped.append(_skipped("skipped-folder", "Skipped: folders inside a folder are not read; name it "
                                    "to read the workbooks in it.", entry))
        elif kind := not_a_regular_file(entry):
            skipped.append(_skipped("skipped-file", f"Skipped: this is {kind}, not a file.", entry))
        elif entry.suffix.lower() in SPREADSHEET_SUFFIXES:
            found.append(entry)
        else:
            skipped.append(_skipped("skipped-file", "Skipped: this is not a spreadsheet.", entry))
    return found, skipped


def _skipped(code: str, message: str, path: Path) -> Problem:
    return Problem(code, Severity.NOTICE, message, "", path.name)


def file_labels(files: list[Path]) -> dict[Path, str]:
    """How problems name each of ``files``: its file name, or where two share a name (hr/return.xlsx and
    it/return.xlsx), as many of its folders as tell it apart, written with forward slashes."""
    sharing: dict[str, list[Path]] = {}
    for path in files:
        sharing.setdefault(Path(path).name.casefold(), []).append(path)
    labels = {path: Path(path).name for path in files}
    for group in (group for group in sharing.values() if len(group) > 1):
        parts = {path: Path(path).resolve().parts for path in group}
        for path, own in parts.items():
            depth = 1
            while depth < len(own) - 1 and any(other[-depth:] == own[-depth:] for key, other in parts.items()
                                           if key != path):
                depth += 1
            labels[path] = "/".join(own[-depth:])
    return labels


def read_workbooks(
    paths: list[Path | str], given: dict[str, str] | None = None, progress: Progress = no_progress
) -> WorkbookContent:
    """Read every workbook and merge them: indicators in number order, one set of report details,
    with the Report-sheet fields in ``given`` taken from there."""
    files, problems = workbook_files(paths)
    merged = WorkbookContent(problems=problems, files=files)
    labels = file_labels(files)
    first_place: dict[str, str] = {}
    unnamed: set[str] = set()
    for done, path in enumerate(files):
        progress(READING, done, len(files))
        content = read_workbook(path, given, labels[path])
        merged.problems.extend(content.problems)
        merged.if_shown.extend(content.if_shown)
        if content.scheme and not merged.scheme:
            merged.scheme, merged.scheme_from = content.scheme, content.scheme_from
            merged.scheme_cell, merged.scheme_record = content.scheme_cell, content.scheme_record
        if content.template and not merged.template:
            merged.template, merged.template_from = content.template, content.template_from
            merged.template_place = content.template_place
        if content.details and merged.details is None:
            merged.details, merged.details_from, merged.report_cells = content.details, path, content.report_cells
        elif content.details and content.details != merged.details:
            merged.problems.append(
                Problem(
                    "details-disagree",
                    Severity.ERROR,
                    f"The Report sheet differs from the one in {labels[merged.details_from]}.",
                    "Make the Report sheets agree, or fill the Report sheet in one file only.",
                    labels[path],
                    "Report",
                )
            )
        for indicator in content.indicators:
            source = indicator.source
            if indicator.number in first_place:
                merged.problems.append(
                    Problem(
                        "duplicate-number",
                        Severity.ERROR,
                        f"Indicator {indicator.number} is also at {first_place[indicator.number]}.",
                        "Give each indicator its own number, or remove the duplicate row.",
                        source.file,
                        source.sheet,
                        source.cell,
                    )
                )
                continue
            first_place[indicator.number] = f"{source.file}, {source.sheet}!{source.cell}"
            merged.indicators.append(indicator)
        merged.history.extend(content.history)
        merged.unread |= content.unread
        merged.rows += content.rows
        if content.numbers_unread:
            unnamed.add(labels[path])
    progress(READING, len(files), len(files))
    merged.indicators = _with_history(merged.indicators, merged.history, merged.unread, unnamed, merged.problems)
    if files and merged.details is None and not has_errors(merged.problems):
        merged.problems.append(
            Problem("missing-details", Severity.ERROR, "No workbook has complete report details.", "Fill in the Report sheet.")
        )
    merged.indicators.sort(key=lambda i: number_order(i.number))
    return merged


def _with_history(
    indicators: list[Indicator], history: list[tuple[str, HistoryPoint]], unread: set[str], unnamed: set[str],
    problems: list[Problem],
) -> list[Indicator]:
    """Each indicator with its History rows, in sheet order, shown at its decimal places. Rows for numbers
    on no Indicators sheet are warned of, unless that row had errors, or their file (one of ``unnamed``)
    has a row whose number could not be read, which they may belong to."""
    points: dict[str, list[HistoryPoint]] = {i.number: [] for i in indicators}
    for number, point in history:
        if number in points:
            points[number].append(point)
        elif number not in unread and point.source and point.source.file not in unnamed:
            problems.append(
                Problem(
                    "unknown-history",
                    Severity.WARNING,
                    f"This History row is for indicator {number}, which is on no Indicators sheet.",
                    "Correct the indicator number, or remove the row.",
                    point.source.file,
                    point.source.sheet,
                    point.source.cell,
                )
            )
    return [replace(i, history=tuple(_at_decimals(p, i.decimals) for p in points[i.number])) for i in indicators]


HISTORY_FIGURES = tuple(f.key for f in HISTORY_FIELDS if f.kind is Kind.FIGURE)


def _at_decimals(point: HistoryPoint, decimals: int | None) -> HistoryPoint:
    if decimals is None:
        return point
    figures = {
        key: Figure(quantize(figure.value, decimals), decimals)
        for key in HISTORY_FIGURES
        if (figure := getattr(point, key)) is not None
    }
    return replace(point, **figures)
