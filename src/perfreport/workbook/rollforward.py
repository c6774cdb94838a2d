"""Rolling last period's workbook forward into a new one for owners to fill in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time
from pathlib import Path
from typing import Any

from perfreport.core.file_names import distinct, outside_folder, workbook_file_name
from perfreport.core.model import HistoryPoint, Indicator, PeriodType, ReportDetails, Source
from perfreport.core.name_matching import look_alikes, same_name
from perfreport.core.output import Output, is_file, refuse_outputs, write_file
from perfreport.core.periods import next_report_fields, parse_period, period_for, report_period
from perfreport.core.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating.rate import can_rate, rate
from perfreport.rating.scheme import Scheme, builtin_scheme
from perfreport.workbook.collect import read_workbooks
from perfreport.workbook.scheme_record import report_sheet_scheme
from perfreport.workbook.writer import WORKBOOK_ENDINGS, scheme_name_for, workbook_bytes

# Filled in afresh each period; definitions, owners, targets and links are kept.
CLEARED = ("current", "second_value", "commentary", "actions", "rating_override", "override_reason", "signed_off_by",
           "signed_off_on")


@dataclass
class RolledForward:
    """What rolling forward did: the new period, how many indicators and History rows, and warnings."""

    period: str
    financial_year: str
    indicators: int
    history_added: int
    problems: list[Problem]


def roll_forward(
    last: Path, output: Path, period: str = "", financial_year: str = "", scheme: Scheme | None = None,
    given: dict[str, str] | None = None, reads: Iterable[Path] = (),
) -> RolledForward:
    """Write to ``output`` the workbook for the period after ``last``'s (a workbook or a folder of
    them): current figures become previous, the closing period joins History with the rating it
    was given, and this period's figures and words are left blank. Ratings and lists follow
    ``scheme``, else the scheme ``last`` names, and the new workbook names the same. Report-sheet
    fields in ``given`` replace last period's. ``last`` (and ``reads``, e.g. the settings) is only read.
    Raises ProblemsFound if ``last`` has errors, or the workbook would replace what the run reads or
    cannot be written."""
    rolled = _rolled(last, period, financial_year, scheme, given)
    target = Output(Path(output), "the new workbook", WORKBOOK_ENDINGS)
    refuse_outputs([target], [last, *rolled.inputs, *reads])
    write_file(target, rolled.workbook(target.path, rolled.indicators))
    return RolledForward(rolled.period, rolled.financial_year, len(rolled.indicators), rolled.added, rolled.problems)


@dataclass
class Workbook:
    """One of the workbooks written by roll_forward_by: its path, whose it is, and how many indicators it holds."""

    path: Path
    name: str
    indicators: int


@dataclass
class RolledForwardBy:
    """What rolling forward into one workbook per owner (or service) did: the workbooks written, those already
    there as this run would write them (kept), and those not written because writing stopped, with why among
    the problems."""

    period: str
    financial_year: str
    workbooks: list[Workbook]
    history_added: int
    problems: list[Problem]
    kept: list[Workbook] = field(default_factory=list)
    not_written: list[Workbook] = field(default_factory=list)


def roll_forward_by(
    last: Path, folder: Path, by: str, period: str = "", financial_year: str = "", scheme: Scheme | None = None,
    given: dict[str, str] | None = None, force: bool = False, reads: Iterable[Path] = (),
) -> RolledForwardBy:
    """As roll_forward, but one workbook per owner (``by`` "owner") or service into ``folder``, each with
    only that one's indicators and their History, named from the owner or service. A workbook already there
    with the very bytes this run would write is kept, so that a run stopped part-way (a full disk) is
    completed by running it again; any other workbook there is replaced only with ``force``. Raises
    ProblemsFound before writing anything where a workbook could not be written where it would go.
    Writing stops at the first workbook that cannot be written: those written, and those not, are said."""
    rolled = _rolled(last, period, financial_year, scheme, given)
    grouped = _grouped(rolled.indicators, by)
    rolled.problems += _look_alike_names(list(grouped.values()), by)
    ordered = [grouped[key] for key in sorted(grouped)]
    paths = [folder / file for file in distinct([workbook_file_name(name) for name, _ in ordered])]
    if is_file(folder):
        raise ProblemsFound([Problem("output-not-folder", Severity.ERROR, f"With --by {by}, the output is a folder.",
                                     "Give the name of a folder for the workbooks.", str(folder))])
    refuse_outputs([Output(path, "the workbook", WORKBOOK_ENDINGS) for path in paths], [last, *rolled.inputs, *reads])
    if problems := [problem for path in paths if (problem := outside_folder(path, folder))]:
        raise ProblemsFound(problems)
    made = [(Workbook(path, name, len(group)), rolled.workbook(path, group)) for path, (name, group) in
            zip(paths, ordered)]
    kept = [workbook for workbook, data in made if _already(workbook.path, data)]
    if not force:
        problems = [Problem("workbook-exists", Severity.ERROR, "A different workbook of that name is already there.",
                            "Choose another folder, or give --force to replace it.", str(workbook.path))
                    for workbook, _ in made if workbook not in kept and workbook.path.exists()]
        if problems:
            raise ProblemsFound(problems)
    result = RolledForwardBy(rolled.period, rolled.financial_year, [], rolled.added, rolled.problems, kept)
    for number, (workbook, data) in enumerate(made):
        if workbook in kept:
            continue
        try:
            write_file(Output(workbook.path, "the workbook", WORKBOOK_ENDINGS), data)
        except ProblemsFound as error:
            result.problems += error.problems
            result.not_written = [later for later, _ in made[number:] if later not in kept]
            break
        result.workbooks.append(workbook)
    return result


def _grouped(indicators: list[Indicator], by: str) -> dict[str, tuple[str, list[Indicator]]]:
    """The indicators by owner (or service), the names in one form: each name's first spelling and indicators."""
    grouped: dict[str, tuple[str, list[Indicator]]] = {}
    for indicator in indicators:
        name = " ".join(getattr(indicator, by).split()) or f"No {by}"
        grouped.setdefault(same_name(name), (name, []))[1].append(indicator)
    return grouped


def _already(path: Path, data: bytes) -> bool:
    """Whether the regular file at ``path`` holds exactly ``data``."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _look_alike_names(grouped: list[tuple[str, list[Indicator]]], by: str) -> list[Problem]:
    """A warning for each two names given workbooks of their own that look alike ("Jose Nunez", "José Núñez"),
    naming both spellings and a cell of each."""
    first = {name: indicators[0].source for name, indicators in grouped}
    problems = []
    for one, other in look_alikes(first):
        here, there = first[one], first[other]
        problems.append(Problem(
            "look-alike-names", Severity.WARNING,
            f"{by.capitalize()} {one!r} ({_place(here, by)}) and {other!r} ({_place(there, by)}) differ only in "
            "accents, punctuation or spaces, so each has a workbook of its own.",
            f"If they are one {by}, spell the name the same way on every row and roll forward again.",
            there.file, there.sheet, there.cell_of(by),
        ))
    return problems


def _place(source: Source, key: str) -> str:
    return f"{source.file}, {source.sheet}!{source.cell_of(key)}"


@dataclass
class _Rolled:
    """Last period's workbooks rolled forward, ready to write: the new period's details and indicators."""

    details: dict[str, Any]
    indicators: list[Indicator]
    scheme: Scheme
    recorded: bool  # whether the new workbooks name their scheme on the Report sheet
    period: str
    financial_year: str
    added: int
    problems: list[Problem]
    inputs: list[Path]
    dated: datetime | None  # last period's produced-on date, so that the same inputs give the same bytes

    def workbook(self, output: Path, indicators: list[Indicator]) -> bytes:
        scheme_name = scheme_name_for(self.scheme, output.parent) if self.recorded else None
        return workbook_bytes(self.details | {"scheme": scheme_name}, indicators, self.scheme, CLEARED, self.dated)


def _rolled(
    last: Path, period: str, financial_year: str, scheme: Scheme | None, given: dict[str, str] | None
) -> _Rolled:
    content = read_workbooks([last], given)
    problems = content.problems
    details = content.details
    if has_errors(problems) or details is None:
        raise ProblemsFound(problems)
    period, financial_year = _next_fields(details, period, financial_year)
    recorded = scheme is not None or bool(details.scheme)
    if scheme is None and details.scheme:
        scheme, found = report_sheet_scheme(content)
        if has_errors(found):
            raise ProblemsFound(found)
        problems += found
    scheme = scheme or builtin_scheme()
    closing = report_period(details.period, details.financial_year)
    opening = report_period(period, financial_year)
    indicators = []
    added = 0
    for indicator in content.indicators:
        label = period_for(indicator.period_type, closing).label if closing else f"{details.period} {details.financial_year}"
        rating = rate(indicator, scheme, closing).status.name if can_rate(indicator, scheme) else ""
        still_open = closing and opening and period_for(indicator.period_type, opening) == parse_period(label)
        history = indicator.history if still_open else _with_closing_period(indicator, label, rating)
        added += len(history) > len(indicator.history)
        indicators.append(replace(indicator, previous=indicator.current, history=history))
    new_details = asdict(details) | {"period": period, "financial_year": financial_year, "produced_on": None}
    lost = [p for p in problems if p.code == "unknown-history"]
    if lost:
        problems.append(
            Problem("history-not-carried", Severity.WARNING,
                    f"{len(lost)} History rows for indicators on no Indicators sheet are not carried forward.",
                    "Add them to the new workbook by hand if they are needed.", lost[0].file, "History")
        )
    dated = datetime.combine(details.produced_on, time()) if details.produced_on else None
    return _Rolled(new_details, indicators, scheme, recorded, period, financial_year, added, problems, content.files,
                   dated)


def _next_fields(details: ReportDetails, period: str, financial_year: str) -> tuple[str, str]:
    """The new Report-sheet period and year: as given, else the period after last one's."""
    following = next_report_fields(details.period, details.financial_year)
    if not period:
        if following is None:
            raise ProblemsFound(
                [Problem("unknown-period", Severity.ERROR,
                         f"Cannot tell which period follows {details.period!r} {details.financial_year!r}.",
                         'Give the new period, e.g. --period "Quarter 3" --financial-year 2023/24.')]
            )
        period = following[0]
    if not financial_year:
        same = following is not None and following[0].casefold() == period.casefold()
        financial_year = following[1] if same else details.financial_year
    return period, financial_year


def _with_closing_period(indicator: Indicator, label: str, rating: str) -> tuple[HistoryPoint, ...]:
    """The indicator's History with the closing period's figures and rating added at the end.

    A year or forecast figure is reported each quarter for the same year, and joins History only
    once its year has closed (the caller sees to that): it replaces a row that year already has."""
    point = indicator.as_history(label, rating)
    history = indicator.history
    yearly = indicator.period_type in (PeriodType.YEAR, PeriodType.FORECAST)
    if history and parse_period(history[-1].period) == parse_period(label):
        if not yearly:
            return history
        history = history[:-1]
    return (*history, point)
