"""The council's comparator areas (its CIPFA nearest neighbours, or its children's services statistical
neighbours): a list of area codes, from a file or written out."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from perfreport.core.problems import Problem, Severity
from perfreport.core.regular_files import not_a_file_problem
from perfreport.data.national import CODE, HEADERS, area_code, header_key
from perfreport.data.text_files import separator, text_encoding
from perfreport.workbook.files import check_workbook_file


@dataclass
class Neighbours:
    """The comparator areas' codes in the order given, and where they came from ("" when written out)."""

    codes: list[str]
    source: str = ""
    problems: list[Problem] = field(default_factory=list)


def read_neighbours(given: str, area: str) -> Neighbours:
    """The neighbours ``given``: a file (CSV, text or .xlsx: a column headed like an area code, else the first
    column), or codes separated by commas. ``area``, the council's own code, is left out if listed."""
    path = Path(given)
    if path.suffix.lower() in (".csv", ".txt", ".xlsx", ".xlsm") or path.is_file():
        neighbours = _from_file(path)
    else:
        neighbours = Neighbours([area_code(code) for code in given.split(",") if code.strip()])
    codes, problems, area = [], neighbours.problems, area_code(area)
    for code in neighbours.codes:
        if code == area:
            problems.append(Problem("neighbour-is-area", Severity.NOTICE, f"{code} is the council's own area: it is "
                                    "left out of the neighbours' mean.", "", neighbours.source))
        elif code in codes:
            problems.append(Problem("neighbour-twice", Severity.NOTICE, f"{code} is listed twice: it counts once.",
                                    "", neighbours.source))
        else:
            codes.append(code)
    if not codes:
        problems.append(Problem("no-neighbours", Severity.ERROR, "No neighbours' area codes given.",
                                "List the comparator areas' codes, one per line or comma-separated.",
                                neighbours.source))
    return Neighbours(codes, neighbours.source, problems)


def _from_file(path: Path) -> Neighbours:
    if problem := not_a_file_problem(path, "list of neighbours"):
        return Neighbours([], path.name, [problem])  # a named pipe would be waited on for ever
    if path.suffix.lower() in (".xlsx", ".xlsm") and (problem := check_workbook_file(path)):
        return Neighbours([], path.name, [problem])  # encrypted, an old .xls renamed, a bomb
    try:
        rows = _rows(path)
    except (OSError, UnicodeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return Neighbours([], path.name, [Problem("neighbours-unreadable", Severity.ERROR,
                                                  f"The list of neighbours could not be read: {reason}.",
                                                  "Give a CSV or text file of area codes.", path.name)])
    rows = [[str(value or "").strip() for value in row] for row in rows]
    rows = [row for row in rows if any(row)]
    column, start = 0, 0
    for number, row in enumerate(rows[:10]):
        found = [i for i, value in enumerate(row) if header_key(value) in HEADERS["area"]]
        if found:
            column, start = found[0], number + 1
            break
    else:  # no header: the first column holding codes
        column = next((i for i, value in enumerate(rows[0] if rows else []) if CODE.fullmatch(area_code(value))), 0)
        start = 0 if rows and CODE.fullmatch(area_code(rows[0][column] if column < len(rows[0]) else "")) else 1
    codes = [area_code(row[column]) for row in rows[start:] if column < len(row) and row[column]]
    return Neighbours(codes, path.name)


def _rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    content = path.read_bytes()
    lines = content.decode(text_encoding(content)).splitlines()
    return list(csv.reader(lines, delimiter=separator(next((line for line in lines if line.strip()), ""))))
