"""Statistical process control, as NHS England's Making Data Count reads an indicator's series: an XmR
chart's mean and process limits, the special-cause rules, each point's type, and the variation and
assurance icons. Exact decimal arithmetic on the figures as entered; no I/O.

The rules follow the MIT-licensed R package NHSRplotthedots, the programme's reference implementation
(its documented behaviour was read, not its code copied). Where this differs, the README says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from perfreport.core.model import Direction

LIMIT = Decimal("2.66")  # process limits: the mean plus or minus this many mean moving ranges
NEAR = LIMIT * 2 / 3  # two thirds of the way to a limit
SCREEN = Decimal("3.267")  # moving ranges at or over this many times their mean are left out of it
RUN = 7  # points in a row on one side of the mean, or rising or falling, that make a special cause
FEWEST_POINTS = 15  # Making Data Count: limits drawn from fewer points mislead, so no icons are given
FEWEST_BASELINE = 12  # the fewest figures limits may be fixed on, as NHSRplotthedots allows


class PointType(StrEnum):
    COMMON = "common cause"
    IMPROVING = "special cause improving"
    CONCERNING = "special cause concerning"


class Variation(StrEnum):
    """What the latest point says about the process."""

    COMMON = "Common cause"
    IMPROVING_HIGH = "Special cause, improving high"
    IMPROVING_LOW = "Special cause, improving low"
    CONCERNING_HIGH = "Special cause, concerning high"
    CONCERNING_LOW = "Special cause, concerning low"


class Assurance(StrEnum):
    """Whether the process can be relied on to meet the target."""

    PASSES = "Consistently passes"
    FAILS = "Consistently fails"
    HIT_AND_MISS = "Hit and miss"


class Rule(StrEnum):
    OUTSIDE = "outside the process limits"
    SHIFT = "7 in a row on one side of the mean"
    TREND = "7 rising or falling"
    TWO_OF_THREE = "2 of 3 near a limit"


@dataclass(frozen=True)
class SpcPoint:
    """One period's figure on the XmR chart, with the mean and limits of its part of the series."""

    period: str
    value: Decimal
    mean: Decimal
    lower: Decimal
    upper: Decimal
    type: PointType
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class SpcReading:
    """The XmR chart of a series, and what it says: icons only where there are enough points."""

    points: tuple[SpcPoint, ...]
    variation: Variation | None
    assurance: Assurance | None
    explanation: str
    enough: bool


@dataclass(frozen=True)
class SpcOptions:
    """How limits are drawn: screening of large moving ranges, limits fixed after a baseline of
    ``baseline`` points, recalculated from each period in ``rebase_at``."""

    screening: bool = True
    baseline: int | None = None
    rebase_at: frozenset[str] = frozenset()
    fewest_points: int = FEWEST_POINTS


def read_spc(
    series: list[tuple[str, Decimal]], direction: Direction, target: Decimal | None = None,
    options: SpcOptions = SpcOptions(), shown: Callable[[Decimal], str] = lambda figure: f"{figure.normalize():f}",
) -> SpcReading:
    """The XmR reading of ``series`` (period and figure, oldest first, the current one last); ``shown`` writes a
    figure as the explanation gives it (e.g. the target as 90.0%)."""
    groups = _groups(series, options.rebase_at)
    points: list[SpcPoint] = []
    for group in groups:
        points += _group_points(group, direction, options)
    last_group = len(groups[-1]) if groups else 0
    enough = last_group >= options.fewest_points
    if not points:
        return SpcReading((), None, None, "There are no figures to chart.", False)
    if not enough:
        return SpcReading(tuple(points), None, None, _too_few(last_group, options.fewest_points, len(groups) > 1), False)
    variation = _variation(points[-1], direction)
    assurance = _assurance(points[-1], direction, target)
    explanation = _explain(points, variation, assurance, shown(target) if target is not None else "")
    return SpcReading(tuple(points), variation, assurance, explanation, True)


def _groups(series: list[tuple[str, Decimal]], rebase_at: frozenset[str]) -> list[list[tuple[str, Decimal]]]:
    """The series split where it is rebased: each period named in ``rebase_at`` starts a part of its own."""
    groups: list[list[tuple[str, Decimal]]] = []
    for period, value in series:
        if not groups or period in rebase_at:
            groups.append([])
        groups[-1].append((period, value))
    return groups


def _group_points(group: list[tuple[str, Decimal]], direction: Direction, options: SpcOptions) -> list[SpcPoint]:
    values = [value for _, value in group]
    basis = values[: options.baseline] if options.baseline else values
    mean = sum(basis, Decimal(0)) / len(basis)
    ranges = [abs(later - earlier) for earlier, later in zip(basis, basis[1:])]
    average_range = _mean(ranges)
    if options.screening and ranges:
        average_range = _mean([r for r in ranges if r < SCREEN * average_range])
    lower, upper = mean - LIMIT * average_range, mean + LIMIT * average_range
    near_lower, near_upper = mean - NEAR * average_range, mean + NEAR * average_range
    sides = [_sign(value - mean) for value in values]
    outside = [value > upper or value < lower for value in values]
    near = [not out and (value < near_lower or value > near_upper) for value, out in zip(values, outside)]
    trends = _trending(values)
    flagged = {  # in the order that decides a point's type where it breaks more than one rule
        Rule.OUTSIDE: outside,
        Rule.TREND: [way != 0 for way in trends],
        Rule.TWO_OF_THREE: _two_of_three(near, sides),
        Rule.SHIFT: _in_a_run(sides, lambda run: run[0] != 0 and all(side == run[0] for side in run)),
    }
    better = 1 if direction is Direction.HIGHER else -1
    points = []
    for index, (period, value) in enumerate(group):
        rules = tuple(rule for rule, marks in flagged.items() if marks[index])
        points.append(SpcPoint(period, value, mean, lower, upper, _type(rules, sides[index], trends[index], better),
                               rules))
    return points


def _type(rules: tuple[Rule, ...], side: int, trend: int, better: int) -> PointType:
    """A special-cause point is improving where it goes the better way: a point of a trend (not outside the
    limits) by the trend's direction, whichever side of the mean it is on; any other by its side of the mean."""
    if not rules:
        return PointType.COMMON
    way = trend if rules[0] is Rule.TREND else side
    return PointType.IMPROVING if way == better else PointType.CONCERNING


def _mean(numbers: list[Decimal]) -> Decimal:
    return sum(numbers, Decimal(0)) / len(numbers) if numbers else Decimal(0)


def _sign(number: Decimal) -> int:
    return (number > 0) - (number < 0)


def _in_a_run(sides: list[int], holds) -> list[bool]:
    """Every point of any RUN consecutive points for which ``holds`` is true."""
    marked = [False] * len(sides)
    for end in range(RUN - 1, len(sides)):
        if holds(sides[end - RUN + 1 : end + 1]):
            for index in range(end - RUN + 1, end + 1):
                marked[index] = True
    return marked


def _trending(values: list[Decimal]) -> list[int]:
    """For every point of RUN figures each higher (or each lower) than the one before, six steps one way, the
    trend's direction: 1 rising, -1 falling; 0 for a point of no trend. A point at the turn of a rise and a fall
    takes the later trend's."""
    steps = [0] + [_sign(later - earlier) for earlier, later in zip(values, values[1:])]
    trends = [0] * len(values)
    for end in range(RUN - 1, len(values)):
        run = steps[end - RUN + 2 : end + 1]
        if run[0] != 0 and all(step == run[0] for step in run):
            for index in range(end - RUN + 1, end + 1):
                trends[index] = run[0]
    return trends


def _two_of_three(near: list[bool], sides: list[int]) -> list[bool]:
    """The near-limit points of any three in a row, all on one side of the mean, two or more of them near a limit."""
    marked = [False] * len(near)
    for start in range(len(near) - 2):
        window = range(start, start + 3)
        if sum(near[i] for i in window) >= 2 and abs(sum(sides[i] for i in window)) == 3:
            for i in window:
                marked[i] = marked[i] or near[i]
    return marked


def _variation(latest: SpcPoint, direction: Direction) -> Variation:
    """The latest point's type as an icon: high or low is the way the figures went, which the type and the
    direction for improvement say (improving is high where higher is better), whichever side of the mean it is."""
    if latest.type is PointType.COMMON:
        return Variation.COMMON
    high = (latest.type is PointType.IMPROVING) == (direction is Direction.HIGHER)
    if latest.type is PointType.IMPROVING:
        return Variation.IMPROVING_HIGH if high else Variation.IMPROVING_LOW
    return Variation.CONCERNING_HIGH if high else Variation.CONCERNING_LOW


def _assurance(latest: SpcPoint, direction: Direction, target: Decimal | None) -> Assurance | None:
    """Where the target stands against the latest limits: beyond them on the good side, every figure
    the process makes passes; on the bad side, every one fails; between them, some will and some won't."""
    if target is None:
        return None
    higher = direction is Direction.HIGHER
    if target < latest.lower:
        return Assurance.PASSES if higher else Assurance.FAILS
    if target > latest.upper:
        return Assurance.FAILS if higher else Assurance.PASSES
    return Assurance.HIT_AND_MISS


def _too_few(count: int, fewest: int, rebased: bool) -> str:
    since = " since the series was last rebased" if rebased else ""
    figures = "there is 1 figure" if count == 1 else f"there are {count} figures"
    return (f"No variation or assurance is shown: {figures}{since}, and limits drawn from "
            f"fewer than {fewest} can mislead.")


def _explain(points: list[SpcPoint], variation: Variation, assurance: Assurance | None, target: str) -> str:
    """The reading in words: "Special cause, concerning low: the last 7 figures were below the mean."."""
    latest = points[-1]
    why = {
        Rule.OUTSIDE: "the latest figure is {side} the {limit} process limit".format(
            side="above" if latest.value > latest.upper else "below",
            limit="upper" if latest.value > latest.upper else "lower"),
        Rule.SHIFT: f"the last {_run_length(points)} figures were {'above' if latest.value > latest.mean else 'below'} "
                    "the mean",
        Rule.TREND: f"the last {RUN} or more figures each {'rose' if _rising(points) else 'fell'}",
        Rule.TWO_OF_THREE: "two of the last three figures were close to a process limit",
    }
    said = f"{variation.value}: " + ("the latest figure is within the limits, as the process varies"
                                     if variation is Variation.COMMON else "; ".join(why[r] for r in latest.rules))
    if assurance is not None:
        said += f". {assurance.value}: the target of {target} is " + {
            Assurance.PASSES: "beyond the limits on the good side",
            Assurance.FAILS: "beyond the limits on the bad side",
            Assurance.HIT_AND_MISS: "within the limits, so some figures will meet it and some will not",
        }[assurance]
    return said + "."


def _run_length(points: list[SpcPoint]) -> int:
    """How many figures in a row, up to the latest, are on its side of the mean."""
    side = _sign(points[-1].value - points[-1].mean)
    count = 0
    for point in reversed(points):
        if _sign(point.value - point.mean) != side:
            break
        count += 1
    return count


def _rising(points: list[SpcPoint]) -> bool:
    return points[-1].value > points[-2].value


def spc_as_json(reading: SpcReading) -> dict:
    """The reading as plain data for other programs, figures as exact decimal text."""
    return {
        "variation": reading.variation.value if reading.variation else None,
        "assurance": reading.assurance.value if reading.assurance else None,
        "explanation": reading.explanation,
        "enough_points": reading.enough,
        "points": [
            {"period": p.period, "value": str(p.value), "mean": str(p.mean), "lower": str(p.lower),
             "upper": str(p.upper), "type": p.type.value, "rules": [rule.value for rule in p.rules]}
            for p in reading.points
        ],
    }
