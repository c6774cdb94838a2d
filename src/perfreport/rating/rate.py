"""Rating indicators against their targets under a scheme, with exact decimal arithmetic;
also their direction of travel and last period's rating."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from perfreport.core.formatting import format_figure, plain_number
from perfreport.core.model import Direction, Figure, HistoryPoint, Indicator, Unit
from perfreport.core.periods import Period, parse_period, period_for, previous_period, year_before
from perfreport.rating.change import Change, change_in_performance
from perfreport.rating.indicator_spc import SpcUse, figure_count, spc_of, spc_use
from perfreport.rating.key import describe_band, size
from perfreport.rating.scheme import Band, GapBasis, Scheme, SchemeError, Status
from perfreport.rating.spc import SpcReading

INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Rating:
    """An indicator's rating: the status it falls in, the gap to target, and why. Where the owner
    overrode it, ``calculated`` is the rating the figures give (None where there are no figures
    and target to calculate one from) and ``overridden`` says whether the override differs."""

    status: Status
    gap: Decimal | None
    basis: GapBasis | None
    explanation: str
    calculated: Status | None = None
    overridden: bool = False


def gap_to_target(current: Figure, target: Figure, basis: GapBasis, direction: Direction) -> Decimal:
    """How much better (positive) or worse (negative) than target the current figure is."""
    difference = current.value - target.value
    if basis is GapBasis.RELATIVE:
        if target.value == 0:
            difference = Decimal(0) if difference == 0 else INFINITY.copy_sign(difference)
        else:
            difference = difference / abs(target.value) * 100
    return difference if direction is Direction.HIGHER else -difference


def rate(indicator: Indicator, scheme: Scheme, report: Period | None = None) -> Rating:
    """The rating shown: the owner's override where one is given and known to the scheme, else
    the calculated one. ``report`` is the report's period, for rules that look a year back."""
    override = scheme.status_named(indicator.rating_override) if indicator.rating_override else None
    if override is None:
        return calculate_rating(indicator, scheme, report)
    reason = indicator.override_reason.strip().removesuffix(".") or "no reason given"
    set_by_owner = f"{override.name}: set by the owner ({reason})"
    try:
        calculated = calculate_rating(indicator, scheme, report)
    except SchemeError:  # no figure or no target, and no status chosen for that: the owner's rating stands alone
        missing = "no figure for this period" if indicator.current is None else "no target"
        return Rating(override, None, None, f"{set_by_owner}; there is {missing} to calculate a rating from.", None, True)
    return Rating(override, calculated.gap, calculated.basis, f"{set_by_owner}; calculated as {calculated.explanation}",
                  calculated.status, calculated.status != override)


def can_rate(indicator: Indicator, scheme: Scheme) -> bool:
    """False where the indicator needs the owner's chosen status (no target, or no figure this period)
    and the scheme has no such status, or several to choose from and none was chosen, unless the
    owner set the rating by hand."""
    if indicator.target is not None and indicator.current is not None:
        return True
    if indicator.rating_override and scheme.status_named(indicator.rating_override):
        return True
    try:
        return bool(scheme.no_target_status(indicator.no_target_status))
    except SchemeError:
        return False


def calculate_rating(indicator: Indicator, scheme: Scheme, report: Period | None = None) -> Rating:
    """The rating the scheme gives the indicator's figures: its band, then the scheme's floor and last-year rules.
    Without a figure for the period, or without a target, it is the owner's chosen status."""
    if indicator.current is None:
        status = scheme.no_target_status(indicator.no_target_status)
        return Rating(status, None, None, f"{status.name}: no figure for this period.")
    if indicator.target is None:
        status = scheme.no_target_status(indicator.no_target_status)
        return Rating(status, None, None, f"{status.name}: no target is set; {status.meaning}.")
    unit, basis = indicator.unit, scheme.gap[indicator.unit]
    gap = gap_to_target(indicator.current, indicator.target, basis, indicator.direction)
    tolerance = indicator.tolerance.value if indicator.tolerance and scheme.tolerance else None
    applied = scheme.band_for(gap, tolerance)
    band = scheme.band_named(applied.name)
    target = format_figure(indicator.target, unit)
    reason = f"{_describe_gap(gap, basis, indicator)} the {target} target; {band.name} means {describe_band(applied, basis)}"
    if scheme.edge_set_by_tolerance(band):
        reason += f", given {_tolerance_words(tolerance, scheme.tolerance.default, basis)}"
    floor = indicator.floor
    if scheme.floor and floor is not None and _better(floor, indicator) > 0:
        band = scheme.band_named(scheme.floor)
        shown = format_figure(indicator.current, unit)
        reason = f"{shown} is worse than the floor standard of {format_figure(floor, unit)} ({reason})"
    elif scheme.last_year and band.name in scheme.last_year.bands:
        band, reason = _last_year_rule(indicator, scheme, band, reason, report)
    return Rating(band, gap, basis, f"{band.name}: {reason}.")


def _better(other: Figure, indicator: Indicator) -> Decimal:
    """How much better ``other`` is than the indicator's current figure (negative: worse)."""
    return -gap_to_target(indicator.current, other, GapBasis.ABSOLUTE, indicator.direction)


def _tolerance_words(tolerance: Decimal | None, default: Decimal, basis: GapBasis) -> str:
    if tolerance is None:
        return f"the scheme's tolerance of {size(default, basis)}, as the indicator gives none"
    return f"the indicator's tolerance of {size(tolerance, basis)}"


def _last_year_rule(
    indicator: Indicator, scheme: Scheme, band: Band, reason: str, report: Period | None
) -> tuple[Band, str]:
    """Decide between the rule's bands by whether the figure beats the same period last year."""
    rule = scheme.last_year
    earlier = same_period_last_year(indicator, report)
    if earlier is None:
        return band, f"{reason}; there is no figure for the same period last year to compare with"
    improved = _better(earlier.value, indicator) < 0
    chosen = scheme.band_named(rule.improved if improved else rule.not_improved)
    compared = "better than" if improved else "no better than"
    last = f"{format_figure(earlier.value, indicator.unit)} in {earlier.period}"
    return chosen, f"{reason}; it is {compared} the same period last year ({last})"


def same_period_last_year(indicator: Indicator, report: Period | None) -> HistoryPoint | None:
    """The History row, with a figure, for the period a year before the one the report covers."""
    if report is None:
        return None
    wanted = year_earlier(indicator, report)
    return next(
        (p for p in reversed(indicator.history) if p.value is not None and parse_period(p.period) == wanted), None
    )


def _describe_gap(gap: Decimal, basis: GapBasis, indicator: Indicator) -> str:
    """How far the figure is from target, and which side: "43.07% worse than". A percentage judged relative to
    its target says the points too, lest "2.13% worse" be read as points: "2.13% of the target, 1.6 percentage
    points, worse than"."""
    if gap == 0:
        return "exactly on"
    side = "better than" if gap > 0 else "worse than"
    points = _points(abs(indicator.current.value - indicator.target.value))
    if basis is GapBasis.RELATIVE and indicator.unit is Unit.PERCENT:
        return f"{points} {side}" if gap.is_infinite() else f"{plain_number(abs(gap))}% of the target, {points}, {side}"
    if gap.is_infinite():
        return side
    if basis is GapBasis.RELATIVE:
        return f"{plain_number(abs(gap))}% {side}"
    return f"{points} {side}" if basis is GapBasis.POINTS else f"{abs(gap)} {side}"


def _points(difference: Decimal) -> str:
    """A difference between two percentages, in percentage points: "1.6 percentage points", "1 percentage point"."""
    return f"{difference} percentage point{'' if difference == 1 else 's'}"


def period_before(indicator: Indicator, report: Period) -> Period:
    """The indicator's period before the one the report covers, in its own kind of period: Aug 2023 for
    a monthly indicator in a Quarter 2 2023/24 report, 2022/23 for a yearly or forecast one."""
    return previous_period(period_for(indicator.period_type, report))


def year_earlier(indicator: Indicator, report: Period) -> Period:
    """The indicator's period a year before the one the report covers: Q2 2022/23 for Q2 2023/24."""
    return year_before(period_for(indicator.period_type, report))


def history_row(indicator: Indicator, period: Period) -> HistoryPoint | None:
    """The indicator's History row for ``period`` (the last, if it is repeated)."""
    return next((p for p in reversed(indicator.history) if parse_period(p.period) == period), None)


def previous_rating(indicator: Indicator, scheme: Scheme, report: Period | None) -> tuple[Status | None, bool]:
    """The rating for the period before the report's, and whether History's Rating column recorded it.

    Where no rating is recorded, it is worked out from that period's figure and target (else the current
    target), with rules that look a year back looking back from that period. (None, False) where History
    has no row for that period, or the row has neither a rating nor a figure.
    """
    if report is None:
        return None, False
    before = period_before(indicator, report)
    point = history_row(indicator, before)
    if point is None:
        return None, False
    recorded = scheme.status_named(point.rating) if point.rating else None
    if recorded is not None:
        return recorded, True
    rating = point_rating(indicator, point, scheme, before)
    return (rating.status if rating else None), False


def point_rating(indicator: Indicator, point: HistoryPoint, scheme: Scheme, period: Period | None) -> Rating | None:
    """The rating History's ``point`` works out to from its figure and target (else the current target), with
    rules that look a year back looking back from ``point``'s ``period``; None where the row has no figure, or
    no target and the owner chose no status for that."""
    if point.value is None:
        return None
    then = replace(indicator, current=point.value, target=point.target or indicator.target)
    try:
        return calculate_rating(then, scheme, period)
    except SchemeError:  # the owner set the rating by hand, which History's row does not record
        return None


def long_term_change(indicator: Indicator, report: Period | None) -> Change:
    """The long-term direction of travel: the current figure against the same period last year's, from History."""
    earlier = same_period_last_year(indicator, report)
    return change_in_performance(indicator.current, earlier.value if earlier else None, indicator.direction)


@dataclass(frozen=True)
class RatedIndicator:
    """An indicator with its rating, its change in performance against the previous figure (short term) and
    against the same period last year (long term), and the rating of the period before, which
    ``previous_rating_recorded`` says came from History's Rating column rather than being worked out."""

    indicator: Indicator
    rating: Rating
    change: Change
    long_term: Change
    previous_rating: Status | None
    previous_rating_recorded: bool
    spc: SpcReading | None = None  # None where SPC is not read for the indicator, or it has fewer than two figures
    spc_use: SpcUse = SpcUse.OFF


def rate_all(
    indicators: list[Indicator], scheme: Scheme, report: Period | None = None, spc: bool = True
) -> list[RatedIndicator]:
    """Rate every indicator and work out its change in performance, short and long term, its previous
    rating, and (where SPC is read: see spc_use, with ``spc`` the default; and where there are two figures
    or more) its SPC reading."""
    rated = []
    for i in indicators:
        use = spc_use(i, spc)
        reading = spc_of(i, report) if use is SpcUse.READ and figure_count(i) >= 2 else None
        rated.append(RatedIndicator(
            i,
            rate(i, scheme, report),
            change_in_performance(i.current, i.previous, i.direction),
            long_term_change(i, report),
            *previous_rating(i, scheme, report),
            reading,
            use,
        ))
    return rated
