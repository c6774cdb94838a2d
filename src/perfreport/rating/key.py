"""The report's key, in words generated from the scheme, so that key and ratings agree."""

from __future__ import annotations

from decimal import Decimal

from perfreport.core.formatting import join_words, plain_number
from perfreport.core.model import Unit
from perfreport.rating.scheme import Band, GapBasis, Scheme

_BASIS_WORDS = {
    GapBasis.POINTS: "in percentage points",
    GapBasis.RELATIVE: "relative to the target",
    GapBasis.ABSOLUTE: "as a difference from the target",
}
_UNIT_WORDS = {Unit.PERCENT: "percentages", Unit.NUMBER: "numbers", Unit.MONEY: "money", Unit.STARS: "star ratings"}


def describe_band(band: Band, basis: GapBasis | None = None) -> str:
    """What a band covers, e.g. "off target by 10% or less" (or "by 10 points or less" in points)."""
    lower, upper = band.lower, band.upper
    if lower is None and upper is None:
        return "any performance"
    if lower is None:
        return _below(upper, band.upper_inclusive, basis)
    if upper is None:
        return _above(lower, band.lower_inclusive, basis)
    if upper <= 0:
        if upper == 0 and not band.upper_inclusive:
            return _within_below(lower, band.lower_inclusive, basis)
        return f"off target by between {size(upper, basis)} and {size(lower, basis)}"
    if lower >= 0:
        reach = f"{'up to' if band.upper_inclusive else 'less than'} {size(upper, basis)}"
        if lower == 0 and band.lower_inclusive:
            return f"on target, or over target by {reach}"
        return f"over target by {'at least' if band.lower_inclusive else 'more than'} {size(lower, basis)} and {reach}"
    return f"from {size(lower, basis)} under to {size(upper, basis)} over target"


def _below(upper: Decimal, inclusive: bool, basis: GapBasis | None) -> str:
    if upper < 0:
        amount = size(upper, basis)
        return f"off target by {amount} or more" if inclusive else f"off target by more than {amount}"
    if upper == 0:
        return "on target or below it" if inclusive else "below target"
    return f"below target, or over it by {'up to' if inclusive else 'less than'} {size(upper, basis)}"


def _above(lower: Decimal, inclusive: bool, basis: GapBasis | None) -> str:
    if lower > 0:
        amount = size(lower, basis)
        return f"exceeds target by {amount} or more" if inclusive else f"exceeds target by more than {amount}"
    if lower == 0:
        return "on target or better" if inclusive else "better than target"
    return _within_below(lower, inclusive, basis) + ", or better"


def _within_below(lower: Decimal, inclusive: bool, basis: GapBasis | None) -> str:
    amount = size(lower, basis)
    return f"off target by {amount} or less" if inclusive else f"off target by less than {amount}"


def size(edge: Decimal, basis: GapBasis | None = None) -> str:
    """A distance from target as the basis measures it: "10%", "10 points" or "10"."""
    number = plain_number(abs(edge))
    if basis is GapBasis.POINTS:
        return f"{number} {'point' if abs(edge) == 1 else 'points'}"
    return number if basis is GapBasis.ABSOLUTE else f"{number}%"


def describe_gap(scheme: Scheme) -> str:
    """How the gap to target is measured, e.g. "Percentages are compared in percentage points; ..."."""
    groups: dict[GapBasis, list[str]] = {}
    for unit, basis in scheme.gap.items():
        groups.setdefault(basis, []).append(_UNIT_WORDS[unit])
    return " ".join(f"{join_words(units).capitalize()} are compared {_BASIS_WORDS[basis]}." for basis, units in groups.items())


def describe_rules(scheme: Scheme) -> list[str]:
    """The scheme's optional rules in words, one sentence each, for the key."""
    rules = []
    if scheme.tolerance:
        band = scheme.tolerance.band
        below = scheme.bands[[b.name for b in scheme.bands].index(band) - 1].name
        rules.append(
            f"Where an indicator has its own tolerance, {band} reaches that far below target and {below} "
            f"begins beyond it; otherwise the tolerance is {plain_number(scheme.tolerance.default)}, "
            "measured as the gap to target is."
        )
    if scheme.floor:
        rules.append(f"An indicator worse than its floor standard is {scheme.floor}, whatever its gap to target.")
    if scheme.last_year:
        rule = scheme.last_year
        rules.append(
            f"An indicator that would be {join_words(list(rule.bands), 'or')} is {rule.improved} "
            f"if it did better than in the same period last year, and {rule.not_improved} if not."
        )
    return rules
