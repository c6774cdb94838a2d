"""Rolling last period's workbook forward into a new one for owners to fill in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path

from perfreport.model import HistoryPoint, Indicator, PeriodType, ReportDetails
from perfreport.periods import next_report_fields, parse_period, period_for, report_period
from perfreport.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating.rate import can_rate, rate
from perfreport.rating.scheme import Scheme, SchemeError, builtin_scheme, choose_scheme
from perfreport.workbook.collect import read_workbooks
from perfreport.workbook.writer import scheme_name_for, write_workbook

# Filled in afresh each period; definitions, owners, targets and links are kept.
CLEARED = ("current", "second_value", "commentary", "actions", "rating_override", "override_reason")


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
    given: dict[str, str] | None = None,
) -> RolledForward:
    """Write to ``output`` the workbook for the period after ``last``'s: current figures become
    previous, the closing period joins History with the rating it was given, and this period's
    figures and words are left blank. Ratings and lists follow ``scheme``, else the scheme ``last``
    names, and the new workbook names the same. Report-sheet fields in ``given`` replace last
    period's. ``last`` is only read. Raises ProblemsFound if ``last`` has errors."""
    content = read_workbooks([last], given)
    problems = content.problems
    details = content.details
    if has_errors(problems) or details is None:
        raise ProblemsFound(problems)
    if Path(output).resolve() == Path(last).resolve():
        raise ProblemsFound(
            [Problem("overwrite-input", Severity.ERROR, "The new workbook would replace last period's.",
                     "Give the new workbook another name.", str(output))]
        )
    period, financial_year = _next_fields(details, period, financial_year)
    recorded = scheme is not None or bool(details.scheme)
    if scheme is None and details.scheme:
        try:
            scheme = choose_scheme(details.scheme, Path(last).parent, f"named on the Report sheet of {Path(last).name}")
        except SchemeError as error:
            raise ProblemsFound(
                [Problem("unknown-scheme", Severity.ERROR, f"Rating scheme: {error}", "Correct the Report sheet.",
                         Path(last).name, "Report")]
            ) from error
    scheme = scheme or builtin_scheme()
    closing = report_period(details.period, details.financial_year)
    indicators = []
    added = 0
    for indicator in content.indicators:
        label = period_for(indicator.period_type, closing).label if closing else f"{details.period} {details.financial_year}"
        rating = rate(indicator, scheme, closing).status.name if can_rate(indicator, scheme) else ""
        history = _with_closing_period(indicator, label, rating)
        added += len(history) > len(indicator.history)
        indicators.append(replace(indicator, previous=indicator.current, history=history))
    new_details = asdict(details) | {"period": period, "financial_year": financial_year, "produced_on": None,
                                     "scheme": scheme_name_for(scheme, Path(output).parent) if recorded else None}
    write_workbook(output, new_details, indicators, scheme, blank=CLEARED)
    lost = [p for p in problems if p.code == "unknown-history"]
    if lost:
        problems.append(
            Problem("history-not-carried", Severity.WARNING,
                    f"{len(lost)} History rows for indicators on no Indicators sheet are not carried forward.",
                    "Add them to the new workbook by hand if they are needed.", Path(last).name, "History")
        )
    return RolledForward(period, financial_year, len(indicators), added, problems)


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

    A year or forecast figure is reported each quarter for the same year: it replaces that
    year's row rather than repeating it."""
    point = indicator.as_history(label, rating)
    history = indicator.history
    yearly = indicator.period_type in (PeriodType.YEAR, PeriodType.FORECAST)
    if history and parse_period(history[-1].period) == parse_period(label):
        if not yearly:
            return history
        history = history[:-1]
    return (*history, point)
