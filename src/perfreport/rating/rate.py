"""Rating one indicator against its target under a scheme, with exact decimal arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfreport.formatting import format_figure
from perfreport.model import Direction, Figure, Indicator
from perfreport.rating.change import Change, change_in_performance
from perfreport.rating.scheme import GapBasis, Scheme, Status

INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Rating:
    """An indicator's rating: the status it falls in, the gap to target, and why."""

    status: Status
    gap: Decimal | None
    basis: GapBasis | None
    explanation: str
    calculated: Status | None = None

    @property
    def overridden(self) -> bool:
        """True where the owner's override replaced the calculated rating with another."""
        return self.calculated is not None and self.calculated != self.status


def gap_to_target(current: Figure, target: Figure, basis: GapBasis, direction: Direction) -> Decimal:
    """How much better (positive) or worse (negative) than target the current figure is."""
    difference = current.value - target.value
    if basis is GapBasis.RELATIVE:
        if target.value == 0:
            difference = Decimal(0) if difference == 0 else INFINITY.copy_sign(difference)
        else:
            difference = difference / abs(target.value) * 100
    return difference if direction is Direction.HIGHER else -difference


def rate(indicator: Indicator, scheme: Scheme) -> Rating:
    """The rating shown: the owner's override where one is given and known to the scheme, else the calculated one."""
    calculated = calculate_rating(indicator, scheme)
    override = scheme.status_named(indicator.rating_override) if indicator.rating_override else None
    if override is None:
        return calculated
    reason = indicator.override_reason or "no reason given"
    explanation = f"{override.name}: set by the owner ({reason}); calculated as {calculated.explanation}"
    return Rating(override, calculated.gap, calculated.basis, explanation, calculated.status)


def calculate_rating(indicator: Indicator, scheme: Scheme) -> Rating:
    """The rating the scheme gives the indicator's figures."""
    if indicator.target is None:
        status = scheme.no_target_status(indicator.no_target_status)
        return Rating(status, None, None, f"{status.name}: no target is set; {status.meaning}.")
    basis = scheme.gap[indicator.unit]
    gap = gap_to_target(indicator.current, indicator.target, basis, indicator.direction)
    band = scheme.band_for(gap)
    target = format_figure(indicator.target, indicator.unit)
    return Rating(band, gap, basis, f"{band.name}: {_describe_gap(gap, basis)} the {target} target.")


def _describe_gap(gap: Decimal, basis: GapBasis) -> str:
    if gap == 0:
        return "exactly on"
    side = "better than" if gap > 0 else "worse than"
    if gap.is_infinite():
        return side
    if basis is GapBasis.RELATIVE:
        return f"{plain_number(abs(gap))}% {side}"
    unit = " percentage points" if basis is GapBasis.POINTS else ""
    return f"{abs(gap)}{unit} {side}"


def plain_number(number: Decimal) -> str:
    """A number without needless digits: 43.07 rather than 43.0666..., 10 rather than 10.00."""
    if number != number.to_integral_value():
        number = number.quantize(Decimal("0.01"))
    return format(number.normalize(), "f")


@dataclass(frozen=True)
class RatedIndicator:
    indicator: Indicator
    rating: Rating
    change: Change


def rate_all(indicators: list[Indicator], scheme: Scheme) -> list[RatedIndicator]:
    """Rate every indicator and work out its change in performance."""
    return [
        RatedIndicator(i, rate(i, scheme), change_in_performance(i.current, i.previous, i.direction))
        for i in indicators
    ]
