"""Statistical process control: means, limits, the special-cause rules and the icons, on series whose
readings are worked out by hand below, checked against NHSRplotthedots' documented behaviour."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfreport.model import Direction
from perfreport.rating.spc import (
    Assurance,
    PointType,
    Rule,
    SpcOptions,
    Variation,
    read_spc,
)

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


def series(*values: str) -> list[tuple[str, Decimal]]:
    return [(f"P{n}", Decimal(v)) for n, v in enumerate(values, start=1)]


STEADY = ["10", "12"] * 7 + ["10"]  # 15 figures: mean 10.9333..., every moving range 2


def test_a_steady_series_is_common_cause_with_limits_of_2_66_moving_ranges():
    reading = read_spc(series(*STEADY), HIGHER)
    # mean = (8 x 10 + 7 x 12) / 15 = 164 / 15; mean moving range = 2; limits = mean -/+ 5.32
    mean = Decimal(164) / 15
    assert {p.mean for p in reading.points} == {mean}
    assert (reading.points[0].lower, reading.points[0].upper) == (mean - Decimal("5.32"), mean + Decimal("5.32"))
    assert {p.type for p in reading.points} == {PointType.COMMON} and reading.variation is Variation.COMMON
    assert reading.enough


@pytest.mark.parametrize(
    "direction, target, assurance",
    [
        (HIGHER, "17", Assurance.FAILS),  # above the upper limit of 16.25: the process cannot reach it
        (HIGHER, "5", Assurance.PASSES),  # below the lower limit of 5.61: every figure passes
        (HIGHER, "12", Assurance.HIT_AND_MISS),
        (LOWER, "17", Assurance.PASSES),
        (LOWER, "5", Assurance.FAILS),
        (LOWER, "12", Assurance.HIT_AND_MISS),
    ],
)
def test_assurance_follows_where_the_target_stands_against_the_limits(direction, target, assurance):
    assert read_spc(series(*STEADY), direction, Decimal(target)).assurance is assurance


def test_no_target_no_assurance():
    assert read_spc(series(*STEADY), HIGHER).assurance is None


def test_a_point_outside_the_limits_and_screening_of_large_moving_ranges():
    values = ["10", "12"] * 7 + ["20"]  # the last moving range is 8
    screened = read_spc(series(*values), HIGHER)
    # mean = (7 x 10 + 7 x 12 + 20) / 15 = 174 / 15 = 11.6. Moving ranges: 13 of 2 and one of 8, mean 34 / 14.
    # 8 is at least 3.267 x 34 / 14 = 7.934, so it is screened out: mean moving range 2, limits 11.6 -/+ 5.32.
    latest = screened.points[-1]
    assert (latest.mean, latest.lower, latest.upper) == (Decimal("11.6"), Decimal("6.28"), Decimal("16.92"))
    assert latest.rules == (Rule.OUTSIDE,) and latest.type is PointType.IMPROVING
    assert screened.variation is Variation.IMPROVING_HIGH
    assert screened.explanation.startswith("Special cause, improving high: the latest figure is above the upper process")
    unscreened = read_spc(series(*values), HIGHER, options=SpcOptions(screening=False))
    assert unscreened.points[-1].upper == Decimal("11.6") + Decimal("2.66") * Decimal(34) / 14
    assert read_spc(series(*values), LOWER).variation is Variation.CONCERNING_HIGH


def test_seven_in_a_row_on_one_side_of_the_mean():
    values = ["10", "12"] * 4 + ["13"] * 7
    reading = read_spc(series(*values), HIGHER)
    # mean = (40 + 48 + 91) / 15 = 179 / 15 = 11.93; the 8th figure (12) and the seven 13s are above it:
    # a run of 8. Moving ranges 7 x 2, 1, 6 x 0: mean 15 / 14, limits 11.93 -/+ 2.85, near limits -/+ 1.90.
    assert [p.rules for p in reading.points] == [()] * 7 + [(Rule.SHIFT,)] * 8
    assert reading.variation is Variation.IMPROVING_HIGH
    assert "the last 8 figures were above the mean" in reading.explanation
    assert read_spc(series(*values), LOWER).variation is Variation.CONCERNING_HIGH
    below = read_spc(series(*(["10", "12"] * 4 + ["9"] * 7)), HIGHER)
    assert below.variation is Variation.CONCERNING_LOW and below.points[-1].type is PointType.CONCERNING


def test_seven_rising_in_a_row():
    values = ["10", "12"] * 4 + ["10", "10.4", "10.8", "11.2", "11.6", "12.0", "12.4"]
    reading = read_spc(series(*values), HIGHER)
    # mean 166.4 / 15 = 11.09; moving ranges 8 x 2 and 6 x 0.4, mean 18.4 / 14 = 1.31: limits 7.60 to 14.59, near
    # limits 8.76 to 13.42, so no figure is outside or near a limit; 10.0 to 12.4 rise six times in a row.
    assert [p.rules for p in reading.points] == [()] * 8 + [(Rule.TREND,)] * 7
    assert reading.points[-1].type is PointType.IMPROVING  # the latest figure is above the mean
    assert "the last 7 or more figures each rose" in reading.explanation
    equal_steps = read_spc(series(*(["10", "12"] * 4 + ["10", "10.4", "10.8", "10.8", "11.6", "12.0", "12.4"])), HIGHER)
    assert all(Rule.TREND not in p.rules for p in equal_steps.points)  # a figure equal to the last breaks the run


def test_two_of_three_beyond_two_thirds_of_the_way_to_a_limit():
    values = ["10", "12"] * 6 + ["16.5", "12", "16.5"]
    reading = read_spc(series(*values), HIGHER)
    # mean 177 / 15 = 11.8; moving ranges 11 x 2 and 3 x 4.5, mean 35.5 / 14 = 2.54: upper limit 18.54, near
    # upper limit 16.30. The last three are above the mean; the two 16.5s are near the limit, 12 is not.
    assert [p.rules for p in reading.points[-3:]] == [(Rule.TWO_OF_THREE,), (), (Rule.TWO_OF_THREE,)]
    assert all(not p.rules for p in reading.points[:-3])
    assert reading.variation is Variation.IMPROVING_HIGH
    assert "two of the last three figures were close to a process limit" in reading.explanation


def test_too_few_points_give_no_icons_and_say_so():
    reading = read_spc(series(*STEADY[:14]), HIGHER, Decimal("5"))
    assert (reading.variation, reading.assurance, reading.enough) == (None, None, False)
    assert reading.explanation == ("No variation or assurance is shown: there are 14 figures, and limits drawn from "
                                   "fewer than 15 can mislead.")
    assert len(reading.points) == 14  # still charted


def test_limits_fixed_after_a_baseline():
    values = ["10", "12"] * 3 + ["30"] * 9
    reading = read_spc(series(*values), HIGHER, options=SpcOptions(baseline=6))
    # mean of the first 6 = 11, their moving ranges 5 x 2: limits 5.68 to 16.32 for every point.
    assert {(p.mean, p.lower, p.upper) for p in reading.points} == {(Decimal(11), Decimal("5.68"), Decimal("16.32"))}
    assert all(Rule.OUTSIDE in p.rules for p in reading.points[6:])


def test_a_rebase_recalculates_from_the_period_named():
    values = ["10", "12"] * 4 + ["20", "22"] * 8
    reading = read_spc(series(*values), HIGHER, options=SpcOptions(rebase_at=frozenset({"P9"})))
    assert {p.mean for p in reading.points[:8]} == {Decimal(11)}
    assert {p.mean for p in reading.points[8:]} == {Decimal(21)}
    assert all(p.type is PointType.COMMON for p in reading.points) and reading.enough
    short = read_spc(series(*(["10", "12"] * 8 + ["20", "22"] * 4)), HIGHER, options=SpcOptions(rebase_at=frozenset({"P17"})))
    assert not short.enough and "since the series was last rebased" in short.explanation


def test_the_alt_text_says_how_many_special_cause_points_it_leaves_unnamed():
    from conftest import indicator
    from perfreport.report.charts import LISTED, xmr_alt_text

    rising = series(*(str(10 + n) for n in range(18)))  # every point past the seventh is in a rising run
    reading = read_spc(rising, HIGHER)
    special = [p for p in reading.points if p.type is not PointType.COMMON]
    assert len(special) > LISTED
    text = xmr_alt_text(indicator("1"), reading)
    named = [p.period for p in special[-LISTED:]]
    listed = ", ".join(f"{p.period} ({p.type.value})" for p in special[-LISTED:])
    assert (f"{len(special)} of 18 figures show special cause, {len(special) - LISTED} of them before {named[0]} "
            f"and these {LISTED}: {listed}.") in text
    few = read_spc(series(*STEADY[:-1], "10", "10", "30"), HIGHER)
    special = [p for p in few.points if p.type is not PointType.COMMON]
    assert 0 < len(special) <= LISTED
    listed = ", ".join(f"{p.period} ({p.type.value})" for p in special)
    assert f"{len(special)} of 17 figures show special cause: {listed}." in xmr_alt_text(indicator("1"), few)
