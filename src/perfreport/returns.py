"""Who has returned: the owners' returns compared with the indicators sent out, indicator by indicator."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from perfreport.model import number_order
from perfreport.name_matching import same_name
from perfreport.problems import Problem, Severity
from perfreport.rating import Scheme
from perfreport.validate import Validation, validate
from perfreport.workbook.collect import read_workbooks, workbook_files
from perfreport.workbook.reader import IndicatorRow
from perfreport.workbook.schema import INDICATORS_SHEET


class ReturnStatus(StrEnum):
    COMPLETE = "returned and complete"
    WARNINGS = "returned with warnings"
    ERRORS = "returned with errors"
    BLANK = "returned blank"
    MISSING = "missing"
    UNEXPECTED = "unexpected"


OUTSTANDING = (ReturnStatus.ERRORS, ReturnStatus.BLANK, ReturnStatus.MISSING)


@dataclass(frozen=True)
class IndicatorReturn:
    """One indicator's return: whose it is, how it came back, in which file, with which problems."""

    number: str
    title: str
    owner: str
    status: ReturnStatus
    file: str = ""
    problems: tuple[Problem, ...] = ()
    signed_off_by: str = ""
    signed_off_on: date | None = None

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING


@dataclass
class Returns:
    """Every expected or returned indicator, owners in alphabetical order and each owner's in number order,
    and the problems of the returns that belong to no indicator (a file that cannot be read, the Report sheet)."""

    indicators: list[IndicatorReturn]
    problems: list[Problem] = field(default_factory=list)

    def by_owner(self) -> dict[str, list[IndicatorReturn]]:
        """Each owner's indicators, under the owner's first spelling: spellings that are one name (in another
        case, or with accents composed another way) are one owner."""
        owners: dict[str, tuple[str, list[IndicatorReturn]]] = {}
        for item in self.indicators:
            owners.setdefault(same_name(item.owner), (item.owner, []))[1].append(item)
        return dict(owners.values())

    def counts(self) -> Counter[ReturnStatus]:
        return Counter(item.status for item in self.indicators)

    @property
    def outstanding(self) -> list[IndicatorReturn]:
        return [item for item in self.indicators if item.outstanding]


def check_returns(
    returned: list[Path], expected: list[Path], scheme: Scheme | None = None, given: dict[str, str] | None = None,
    sign_off: Severity | None = None,
) -> Returns:
    """Compare the workbooks ``returned`` (files or folders) with those ``expected`` (last period's
    workbooks, or the ones sent to owners): each file is validated on its own, as its owner would see it,
    but for the produced-on date, which is the governance team's to give."""
    sent = {row.number: row for row in read_workbooks(expected).rows}
    given = {"produced_on": date.today()} | (given or {})  # the team's to give when it reports, not the owners'

    files, problems = workbook_files(returned)
    found: dict[str, IndicatorReturn] = {}
    for path in files:
        items, others = _returned(validate([path], scheme, given, sign_off=sign_off), sent)
        problems += others
        for item in items:
            found[item.number] = _also_in(item, found[item.number]) if item.number in found else item
    missing = [IndicatorReturn(row.number, row.title, row.owner, ReturnStatus.MISSING)
               for number, row in sent.items() if number not in found]
    everything = sorted([*found.values(), *missing], key=lambda i: (same_name(i.owner), number_order(i.number)))
    return Returns(everything, problems)


def _returned(checked: Validation, sent: dict[str, IndicatorRow]) -> tuple[list[IndicatorReturn], list[Problem]]:
    """The indicators one validated file holds, each with the problems on its row and its History rows;
    and the file's other problems (the file itself, the Report sheet)."""
    content = checked.content
    read = {indicator.number: indicator for indicator in content.indicators}
    history = {(point.source.sheet, point.source.row): indicator.number
               for indicator in content.indicators for point in indicator.history if point.source}
    rows = {(INDICATORS_SHEET, row.row): row.number for row in content.rows}
    own: dict[str, list[Problem]] = {}
    others = []
    for problem in checked.problems:
        place = _row_of(problem)
        number = rows.get(place) or history.get(place)
        if number is None:
            others.append(problem)
        else:
            own.setdefault(number, []).append(problem)
    items = []
    for row in content.rows:
        expected, indicator = sent.get(row.number), read.get(row.number)
        problems = own.get(row.number, [])
        signed_off = (indicator.signed_off_by, indicator.signed_off_on) if indicator else (row.signed_off_by,
                                                                                        row.signed_off_on)
        items.append(IndicatorReturn(
            row.number, row.title, expected.owner if expected else row.owner,
            _status(problems) if expected else ReturnStatus.UNEXPECTED, row.file, tuple(problems), *signed_off,
        ))
    return items, others


def _status(problems: list[Problem]) -> ReturnStatus:
    codes = {p.code for p in problems}
    current_blank = any(p.code == "missing-value" and p.message.startswith("Current value") for p in problems)
    if current_blank and "empty-commentary" in codes:
        return ReturnStatus.BLANK
    if any(p.severity is Severity.ERROR for p in problems):
        return ReturnStatus.ERRORS
    if any(p.severity is Severity.WARNING for p in problems):
        return ReturnStatus.WARNINGS
    return ReturnStatus.COMPLETE


def _also_in(item: IndicatorReturn, earlier: IndicatorReturn) -> IndicatorReturn:
    """An indicator returned in two files: an error, whichever is right."""
    twice = Problem("duplicate-number", Severity.ERROR, f"Indicator {item.number} is also returned in {earlier.file}.",
                    "Keep one return of it: remove the row from the other file.", item.file, INDICATORS_SHEET)
    return IndicatorReturn(item.number, item.title, item.owner, ReturnStatus.ERRORS, item.file,
                           (*item.problems, twice), item.signed_off_by, item.signed_off_on)


def _row_of(problem: Problem) -> tuple[str, int] | None:
    """The sheet and row a problem names, or None where it names no row."""
    found = re.fullmatch(r"[A-Z]+(\d+)", problem.cell)
    return (problem.sheet, int(found.group(1))) if found else None
