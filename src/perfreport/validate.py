"""The checks an owner's figures and words must pass beyond being readable: all found at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from perfreport.core.formatting import format_figure, join_words
from perfreport.core.model import ChartType, Figure, HistoryPoint, Indicator, PeriodType, ReportDetails, Source, Unit
from perfreport.core.periods import Period, parse_period, period_for, report_period, sequence_gaps
from perfreport.core.problems import Problem, Severity
from perfreport.core.progress import Progress, no_progress
from perfreport.rating import RatedIndicator, Scheme, builtin_scheme, can_rate, rate_all
from perfreport.rating.indicator_spc import SpcUse, spc_series
from perfreport.rating.rate import Rating, history_row, period_before
from perfreport.rating.spc import FEWEST_BASELINE
from perfreport.report.template_choice import ChosenTemplate, TemplateChoice
from perfreport.report.template_fields import shown_fields
from perfreport.workbook.collect import read_workbooks
from perfreport.workbook.reader import WorkbookContent
from perfreport.workbook.schema import HEADERS
from perfreport.workbook.scheme_record import report_sheet_scheme

FIGURES = ("current", "previous", "target", "statistical_neighbours", "england")
HISTORY_FIGURES = ("value", "target", "statistical_neighbours", "england")
DEFAULT_CHOICE = "perfreport's default"
@dataclass
class Validation:
    """What validating workbooks found: their content, the scheme used, the ratings, every problem, and the
    templates the report would be filled from."""

    content: WorkbookContent
    scheme: Scheme
    rated: list[RatedIndicator]
    problems: list[Problem]
    template: ChosenTemplate


def validate(
    paths: list[Path | str], scheme: Scheme | None = None, given: dict[str, str] | None = None,
    progress: Progress = no_progress, sign_off: Severity | None = None, spc: bool = True,
    templates: TemplateChoice | None = None,
) -> Validation:
    """Read every workbook and check every indicator against ``scheme`` (if None, the one the
    Report sheet names, or the default); problems sorted by place. Report-sheet fields in
    ``given`` (from the command line or settings) are used whatever the sheets say. With
    ``sign_off``, an indicator nobody has signed off is a problem of that severity. ``spc`` is
    whether indicators that do not say are read as SPC charts. The Report sheet must give the
    fields that the templates chosen by ``templates`` (default: as the Report sheet says) show."""
    content = read_workbooks(paths, given, progress)
    problems = list(content.problems)
    template, found = (templates or TemplateChoice()).choose(content)
    problems += found + _not_shown_blank(content, template)
    if scheme is None:
        scheme = _report_sheet_scheme(content, problems)
    problems += check_statuses(content.indicators, scheme)
    details = content.details
    period = report_period(details.period, details.financial_year) if details else None
    rated = rate_all([i for i in content.indicators if can_rate(i, scheme)], scheme, period, spc)
    problems += check_indicators(rated, details, scheme, period)
    problems += [problem for item in rated for problem in check_spc(item, period)]
    if sign_off is not None:
        problems += check_sign_off(content.indicators, sign_off)
    return Validation(content, scheme, rated, sorted(problems, key=Problem.sort_key), template)


def _not_shown_blank(content: WorkbookContent, template: ChosenTemplate) -> list[Problem]:
    """The errors for Report-sheet fields left blank that the Word template or its HTML edition shows."""
    shown = shown_fields([template.word, template.html])
    because = f" The {template.name} template shows it."
    return [replace(problem, action=problem.action + because) for key, problem in content.if_shown if key in shown]


def check_spc(item: RatedIndicator, period: Period | None) -> Iterator[Problem]:
    """Where the indicator is read as an SPC chart: an error for a baseline too short to fix limits on, a warning
    for one longer than the figures, for a Rebase no figure follows, and for a title that says the figures
    are rolling or year to date where neither Figure type nor an SPC of On says how to read them."""
    indicator, reading = item.indicator, item.spc
    if item.spc_use is not SpcUse.READ:
        return
    baseline, source = indicator.spc_baseline, indicator.source
    if baseline is not None and baseline < FEWEST_BASELINE:
        yield _problem(
            source, "spc_baseline", "spc-baseline-too-short", Severity.ERROR,
            f"SPC baseline is {baseline:,} figures: limits fixed on fewer than {FEWEST_BASELINE} figures cannot be "
            "relied on, and every later figure would be judged against them.",
            f"Give a baseline of {FEWEST_BASELINE} figures or more, or leave it blank to draw the limits from "
            "every figure.",
        )
    elif baseline is not None and reading is not None and baseline > len(reading.points):
        yield _problem(
            source, "spc_baseline", "spc-baseline-too-long", Severity.WARNING,
            f"SPC baseline is {baseline:,} figures, but the indicator has {len(reading.points)}: the limits are drawn "
            "from all of them.",
            "Give a baseline no longer than the figures there are, or leave it blank.",
        )
    for point in spc_series(indicator, period).rebase_unused:
        yield _problem(
            point.source, "rebase", "rebase-without-figure", Severity.WARNING,
            f"Rebase is Yes for {point.period}, which has no figure, and no later period has one, so the SPC "
            "chart's mean and limits are not started afresh.",
            "Leave Rebase blank until there is a figure, or put Yes on the first period after the change that "
            "has one.",
        )
    if indicator.figure_type is None and indicator.spc != "On" and (said := _not_independent_words(indicator.title)):
        yield _problem(
            source, "figure_type", "figure-type-not-given", Severity.WARNING,
            f"The title says {said!r}, but Figure type is blank, so the figures are read as an SPC chart as if "
            "each counted its own period alone.",
            "Choose Rolling or Cumulative in Figure type if each figure counts more than its period (those are "
            "not read as SPC charts); else choose Single period.",
        )


NOT_INDEPENDENT_WORDS = re.compile(r"\brolling\b|\byear[\s-]+to[\s-]+date\b|\bytd\b|\bcumulative\b", re.IGNORECASE)


def _not_independent_words(title: str) -> str:
    """The words of a title that say its figures are rolling or cumulative ("rolling", "Year to Date"), or ""."""
    found = NOT_INDEPENDENT_WORDS.search(title)
    return found.group(0) if found else ""


def check_sign_off(indicators: list[Indicator], severity: Severity) -> list[Problem]:
    """A problem of ``severity`` for each indicator whose figures nobody has signed off, naming the cell to fill."""
    problems = []
    for indicator in indicators:
        missing = [key for key in ("signed_off_by", "signed_off_on") if not getattr(indicator, key)]
        if missing:
            blank = " and ".join(f"'{HEADERS[key]}'" for key in missing)
            problems.append(_problem(
                indicator.source, missing[0], "not-signed-off", severity,
                f"This period's figures have not been signed off: {blank} {'is' if len(missing) == 1 else 'are'} blank.",
                "Ask whoever approves the figures to fill in 'Signed off by' and 'Signed off on'.",
            ))
    return problems


def _report_sheet_scheme(content: WorkbookContent, problems: list[Problem]) -> Scheme:
    """The scheme the Report sheet names, even where the sheet is not complete, checked against the one it
    records (see report_sheet_scheme); else the default."""
    scheme, found = report_sheet_scheme(content)
    problems += found
    return scheme or replace(builtin_scheme(), chosen_by=DEFAULT_CHOICE)


def check_statuses(indicators: list[Indicator], scheme: Scheme) -> list[Problem]:
    """Errors for a rating override, a History rating or a no-target status that the scheme does not know,
    and for a missing status where there is no target or no figure this period."""
    problems = []
    for indicator in indicators:
        if indicator.rating_override and scheme.status_named(indicator.rating_override) is None:
            problems.append(_unknown_rating(indicator.source, "rating_override", "unknown-override",
                                            indicator.rating_override, scheme, "."))
        problems += [
            _unknown_rating(point.source, "rating", "unknown-history-rating", point.rating, scheme,
                            " to have it worked out.")
            for point in indicator.history
            if point.rating and scheme.status_named(point.rating) is None
        ]
        if can_rate(indicator, scheme):
            continue
        if not indicator.no_target_status:
            problems.append(_no_status(indicator, scheme))
        else:
            problems.append(
                _problem(
                    indicator.source, "no_target_status", "unknown-no-target-status", Severity.ERROR,
                    f"{indicator.no_target_status!r} is not a status for indicators without a target "
                    f"in {scheme.described}.",
                    f"Choose one of: {', '.join(s.name for s in scheme.no_target)}.",
                )
            )
    return problems


def _unknown_rating(source: Source | None, key: str, code: str, name: str, scheme: Scheme, blank: str) -> Problem:
    """The error for a rating the scheme does not have; ``blank`` ends "or leave blank"."""
    return _problem(
        source, key, code, Severity.ERROR, f"{name!r} is not a rating in {scheme.described}.",
        f"Choose one of: {', '.join(s.name for s in scheme.statuses)}; or leave blank{blank}",
    )


def _no_status(indicator: Indicator, scheme: Scheme) -> Problem:
    """The error for an indicator that needs a status to show instead of a band, and has none."""
    choices = join_words([s.name for s in scheme.no_target], "or")
    if indicator.current is None:
        message = "Current value says there is no figure for this period, and there is no status to show instead."
        action = f"Choose {choices} in 'Status when no target', or enter the figure."
    else:
        message = "There is no target, and no status to show instead."
        action = f"Enter a target, or choose {choices} in 'Status when no target'."
    message += f" Ratings follow {scheme.described}."
    return _problem(indicator.source, "no_target_status", "no-target-status", Severity.ERROR, message, action)


def check_indicators(
    rated: list[RatedIndicator], details: ReportDetails | None, scheme: Scheme, period: Period | None
) -> list[Problem]:
    """Warnings a governance officer would chase: missing actions, long commentary, implausible
    values, overrides, History out of sequence or disagreeing with the Previous value; and a notice
    where there is no figure this period. ``period`` is the report's. (Empty cells are found when
    reading.)"""
    limit = details.commentary_word_limit if details else None
    problems: list[Problem] = []
    for item in rated:
        problems += _check_indicator(item, limit, scheme)
        problems += _check_history(item.indicator, period)
        problems += _check_previous(item.indicator, period)
        problems += _check_chart(item.indicator)
    return problems


def _check_chart(indicator: Indicator) -> Iterator[Problem]:
    """A chart that cannot be drawn as the owner chose: no second series to draw, or a stacked
    part larger than the whole."""
    chosen = indicator.chart
    if chosen not in (ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN) or not indicator.history:
        return
    points = [(indicator.second_value, indicator.current, indicator.source, "second_value")]
    points += [(p.second_value, p.value, p.source, "second_value") for p in indicator.history]
    if all(part is None for part, *_ in points):
        yield _problem(
            indicator.source, "chart", "chart-without-second-series", Severity.WARNING,
            f"The chart is '{chosen.value}', but no Second series value is given, so it is drawn as columns.",
            "Give the second series' figures (Second series value on both sheets), or choose Column.",
        )
    if chosen is ChartType.STACKED_COLUMN:
        for part, whole, source, key in points:
            if part is not None and whole is not None and abs(part.value) > abs(whole.value):
                yield _problem(
                    source, key, "stacked-part-too-large", Severity.WARNING,
                    f"Second series value {format_figure(part, indicator.unit)} is larger than the value "
                    f"{format_figure(whole, indicator.unit)}, but a stacked column shows it as part of the value.",
                    "Check the figures, or choose Column and line to draw the second series as a line.",
                )


def _check_indicator(item: RatedIndicator, word_limit: int | None, scheme: Scheme) -> Iterator[Problem]:
    indicator, rating, source = item.indicator, item.rating, item.indicator.source
    if indicator.current is None:
        yield _problem(
            source, "current", "no-current-figure", Severity.NOTICE,
            "Current value says there is no figure for this period, so the indicator is shown as "
            f"{rating.status.name}.",
            "Check that the figure is not available, and that the commentary says why.",
        )
    if rating.status == scheme.bands[0] and not indicator.actions:
        yield _problem(
            source, "actions", "missing-actions", Severity.WARNING,
            f"The indicator is rated {rating.status.name} but no actions are given.",
            "Say what is being done to bring performance back on target.",
        )
    bare = [link.url for link in indicator.links if link.text == link.url]
    if bare:
        yield _problem(
            source, "links", "link-without-words", Severity.WARNING,
            f"{join_words(bare)} {'has' if len(bare) == 1 else 'have'} no words, so the report shows the bare "
            "address, which a screen reader reads out letter by letter.",
            'Give each link words saying where it goes, as "text | https://...".',
        )
    words = len(indicator.commentary.split())
    if word_limit and words > word_limit:
        yield _problem(
            source, "commentary", "long-commentary", Severity.WARNING,
            f"Commentary has {words:,} words; the Report sheet sets a limit of {word_limit:,}.",
            f"Shorten it to {word_limit:,} words or fewer.",
        )
    if rating.overridden:
        given = indicator.override_reason.strip().removesuffix(".")
        reason = f"the reason given is: {given}" if given else "no reason is given"
        yield _problem(
            source, "rating_override", "override", Severity.WARNING,
            f"The rating is overridden to {rating.status.name}; {_calculated(rating)}; {reason}.",
            "Check the override is still needed." if indicator.override_reason else "Give the reason in Override reason.",
        )
    for key in FIGURES:
        yield from _check_plausible(getattr(indicator, key), indicator.unit, source, key)


def _calculated(rating: Rating) -> str:
    if rating.calculated is None:
        return "there is no figure or target to calculate one from"
    return f"the figures give {rating.calculated.name}"


def _check_plausible(figure: Figure | None, unit: Unit, source: Source | None, key: str) -> Iterator[Problem]:
    if figure is None:
        return
    shown = format_figure(figure, unit)
    if unit is Unit.PERCENT and not 0 <= figure.value <= 100:
        yield _problem(
            source, key, "implausible-value", Severity.WARNING,
            f"{HEADERS[key]} {shown} is a percentage outside 0% to 100%.",
            "Check the figure; a percentage typed as 83% or 83 is read as 83%.",
        )
    elif unit in (Unit.NUMBER, Unit.STARS) and figure.value < 0:
        yield _problem(
            source, key, "implausible-value", Severity.WARNING,
            f"{HEADERS[key]} {shown} is a negative {'count' if unit is Unit.NUMBER else 'star rating'}.",
            "Check the figure.",
        )


def _check_history(indicator: Indicator, current_report: Period | None) -> Iterator[Problem]:
    points = indicator.history
    for position, message in sequence_gaps(indicator.period_type, [p.period for p in points]):
        yield _history_problem(points[position], "period", "history-sequence", f"{message}.",
                               "List each indicator's periods oldest first, one row per period, with none missing.")
    if points and current_report is not None:
        now = period_for(indicator.period_type, current_report)
        last = parse_period(points[-1].period)
        if last is not None and last.kind is now.kind and last >= now:
            yield _history_problem(
                points[-1], "period", "history-not-earlier",
                f"{last.label} is not earlier than this report's period, {now.label}.",
                "History holds earlier periods only; the current figure goes on the Indicators sheet.",
            )
    for point in points:
        for key in HISTORY_FIGURES:
            yield from _check_plausible(getattr(point, key), indicator.unit, point.source, key)


def _check_previous(indicator: Indicator, report: Period | None) -> Iterator[Problem]:
    """A warning where History's figure for the previous period is not the Previous value. (A forecast's
    Previous value is last quarter's forecast, not last year's figure, so it is not compared.)"""
    if report is None or indicator.previous is None or indicator.period_type is PeriodType.FORECAST:
        return
    point = history_row(indicator, period_before(indicator, report))
    if point is None or point.value is None or point.value.value == indicator.previous.value:
        return
    unit, source = indicator.unit, indicator.source
    yield _problem(
        source, "previous", "previous-differs", Severity.WARNING,
        f"Previous value {format_figure(indicator.previous, unit)}{_in_cell(source, 'previous')} differs from "
        f"{format_figure(point.value, unit)}, the {point.period} value on History{_in_cell(point.source, 'value')}.",
        "Correct whichever is wrong: Previous value gives the change in performance; History gives the chart "
        "and last period's rating.",
    )


def _in_cell(source: Source | None, key: str) -> str:
    """Where a field is, as " (History!C5)"; nothing for a row not read from a workbook."""
    return f" ({source.sheet}!{source.cell_of(key)})" if source else ""


def _history_problem(point: HistoryPoint, key: str, code: str, message: str, action: str) -> Problem:
    return _problem(point.source, key, code, Severity.WARNING, message, action)


def _problem(source: Source | None, key: str, code: str, severity: Severity, message: str, action: str) -> Problem:
    if source is None:
        return Problem(code, severity, message, action)
    return Problem(code, severity, message, action, source.file, source.sheet, source.cell_of(key))

