"""Who has returned: the owners' returns compared with the indicators sent out, indicator by indicator."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from perfreport.core.model import number_order
from perfreport.core.name_matching import same_name
from perfreport.core.periods import next_report_fields, parse_financial_year, report_period
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.rating import Scheme
from perfreport.validate import Validation, validate
from perfreport.workbook.collect import read_workbooks, workbook_files
from perfreport.workbook.reader import IndicatorRow, WorkbookContent
from perfreport.workbook.schema import INDICATORS_SHEET, REPORT_SHEET


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
    but for the produced-on date, which is the governance team's to give. A return for another period
    than the one due is an error on its Report sheet. Raises ProblemsFound, before comparing anything,
    where a return named is not there, or the expected workbooks are not there or cannot be read."""
    given = {"produced_on": date.today()} | (given or {})  # the team's to give when it reports, not the owners'
    files, problems = workbook_files(returned)
    sending = read_workbooks(expected, given)
    refused = [p for p in problems if p.code == "missing-file"] + [
        p for p in sending.problems if p.severity is Severity.ERROR and p.file and not p.sheet]
    if refused:
        raise ProblemsFound(refused)
    sent = {row.number: row for row in sending.rows}
    due = _period_due(sending)
    found: dict[str, IndicatorReturn] = {}
    for path in files:
        checked = validate([path], scheme, given, sign_off=sign_off)
        items, others = _returned(checked, sent, _other_period(checked.content, due, sent))
        problems += others
        for item in items:
            found[item.number] = _also_in(item, found[item.number]) if item.number in found else item
    missing = [IndicatorReturn(row.number, row.title, row.owner, ReturnStatus.MISSING)
               for number, row in sent.items() if number not in found]
    everything = sorted([*found.values(), *missing], key=lambda i: (same_name(i.owner), number_order(i.number)))
    return Returns(everything, problems)


@dataclass(frozen=True)
class PeriodDue:
    """The period and financial year the returns are for, as the Report sheet words them, and whether that is
    the period after the expected workbooks' own (they being last period's returns)."""

    period: str
    financial_year: str
    after_theirs: bool = False


def _period_due(sent: WorkbookContent) -> PeriodDue | None:
    """The period the returns are for: the expected workbooks' own where they were sent out for it (this
    period's figures blank, as rolling forward leaves them), else, where they are last period's returns with
    their figures in, the period after theirs; None where their Report sheet does not say."""
    details = sent.details
    if details is None:
        return None
    if not any(indicator.current is not None for indicator in sent.indicators):
        return PeriodDue(details.period, details.financial_year)
    following = next_report_fields(details.period, details.financial_year)
    return PeriodDue(*following, after_theirs=True) if following else None


def _other_period(content: WorkbookContent, due: PeriodDue | None, sent: dict[str, IndicatorRow]) -> Problem | None:
    """The error for a return whose Report sheet names another period or financial year than the one due,
    at the cell that differs (the period's, where both do), naming the expected workbook of its indicators."""
    details = content.details
    if due is None or details is None:
        return None
    expected = next((sent[row.number].file for row in content.rows if row.number in sent), "the workbooks expected")
    known_from = f"the period after {expected}'s" if due.after_theirs else expected
    same_year = _same(details.financial_year, due.financial_year, parse_financial_year)
    same_period = _same(details.period, due.period, lambda period: report_period(period, due.financial_year))
    if same_year and same_period:
        return None
    key = "period" if not same_period else "financial_year"
    return Problem(
        "other-period", Severity.ERROR,
        f"The Report sheet is for {details.period} {details.financial_year}, but the returns due are for "
        f"{due.period} {due.financial_year} ({known_from}), so none of its indicators is counted complete.",
        "If this is this period's return, correct the Period and Financial year on its Report sheet; if it is "
        "not, ask the owner for this period's.",
        content.details_from.name, REPORT_SHEET, content.report_cells.get(key, ""),
    )


def _same(typed: str, due: str, read: Callable[[str], object]) -> bool:
    """Whether a Report-sheet field names what is due: the same period or year where both can be read
    ("Q3" and "Quarter 3"), else the same words in any case and spacing."""
    mine, theirs = read(typed), read(due)
    if mine is not None and theirs is not None:
        return mine == theirs
    return " ".join(typed.split()).casefold() == " ".join(due.split()).casefold()


def _returned(
    checked: Validation, sent: dict[str, IndicatorRow], other_period: Problem | None = None
) -> tuple[list[IndicatorReturn], list[Problem]]:
    """The indicators one validated file holds, each with the problems on its row and its History rows;
    and the file's other problems (the file itself, the Report sheet). A return for ``other_period`` is
    an error of each of its indicators, and of the file."""
    content = checked.content
    read = {indicator.number: indicator for indicator in content.indicators}
    history = {(point.source.sheet, point.source.row): indicator.number
               for indicator in content.indicators for point in indicator.history if point.source}
    rows = {(INDICATORS_SHEET, row.row): row.number for row in content.rows}
    own: dict[str, list[Problem]] = {row.number: [other_period] for row in content.rows} if other_period else {}
    others = [other_period] if other_period else []
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
