"""Statistical process control: means, limits, the special-cause rules and the icons, on series whose
readings are worked out by hand below, checked against NHSRplotthedots' documented behaviour."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfreport.core.model import Direction
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
    assert reading.points[-1].type is PointType.IMPROVING  # rising, where higher is better
    assert "the last 7 or more figures each rose" in reading.explanation
    equal_steps = read_spc(series(*(["10", "12"] * 4 + ["10", "10.4", "10.8", "10.8", "11.6", "12.0", "12.4"])), HIGHER)
    assert all(Rule.TREND not in p.rules for p in equal_steps.points)  # a figure equal to the last breaks the run


FALLING = ["50", "58"] * 3 + ["50", "52.0", "59.8", "59.2", "58.6", "58.0", "57.4", "56.8", "56.2"]


def test_a_falling_trend_above_the_mean_is_concerning_where_higher_is_better():
    """As NHSRplotthedots has typed trends since 0.2.2: by their direction, whichever side of the mean."""
    reading = read_spc(series(*FALLING), HIGHER, Decimal("60"))
    # mean = (4 x 50 + 3 x 58 + 52 + 406) / 15 = 832 / 15 = 55.47, and 59.8 to 56.2 are all above it. Moving ranges
    # 6 x 8, 2, 7.8 and 6 x 0.6: 61.4 / 14 = 4.39, none screened (3.267 x 4.39 = 14.33); limits 55.47 -/+ 11.67 =
    # 43.80 to 67.13, near limits 47.69 to 63.24: no figure outside or near them. The last 7 fall six times in a
    # row (a trend), and are the last 7 above the mean (a shift): the trend decides, so they are concerning.
    latest = reading.points[-1]
    assert (round(latest.mean, 2), round(latest.lower, 2), round(latest.upper, 2)) == (
        Decimal("55.47"), Decimal("43.80"), Decimal("67.13"))
    assert [p.rules for p in reading.points] == [()] * 8 + [(Rule.TREND, Rule.SHIFT)] * 7
    assert [p.type for p in reading.points[8:]] == [PointType.CONCERNING] * 7
    assert reading.variation is Variation.CONCERNING_LOW
    assert reading.explanation.startswith("Special cause, concerning low: the last 7 or more figures each fell; "
                                          "the last 7 figures were above the mean.")
    lower = read_spc(series(*FALLING), LOWER)
    assert [p.type for p in lower.points[8:]] == [PointType.IMPROVING] * 7 and lower.variation is Variation.IMPROVING_LOW


def test_a_trend_crossing_the_mean_is_typed_by_its_direction_throughout():
    values = ["50", "58"] * 4 + ["50.5", "51.5", "52.5", "53.5", "54.5", "55.5", "56.5"]
    reading = read_spc(series(*values), HIGHER)
    # mean (4 x 50 + 4 x 58 + 374.5) / 15 = 806.5 / 15 = 53.77: the trend's first four figures are below it, its
    # last three above. Moving ranges 7 x 8, 7.5 and 6 x 1, mean 69.5 / 14 = 4.96: limits 40.56 to 66.97.
    assert [p.rules for p in reading.points] == [()] * 8 + [(Rule.TREND,)] * 7
    assert [p.type for p in reading.points[8:]] == [PointType.IMPROVING] * 7
    assert read_spc(series(*values), LOWER).variation is Variation.CONCERNING_HIGH


def test_a_point_outside_the_limits_is_typed_by_its_side_even_in_a_trend():
    values = ["50", "52"] * 4 + ["40", "41", "42", "43", "44", "45", "46"]
    reading = read_spc(series(*values), HIGHER)
    # mean (200 + 208 + 301) / 15 = 709 / 15 = 47.27. Moving ranges 7 x 2, 12 and 6 x 1: mean 32 / 14 = 2.29, and 12
    # is over 3.267 x 2.29 = 7.47, so screened out: 20 / 13 = 1.54, limits 47.27 -/+ 4.09 = 43.17 to 51.36. 40 to 43
    # are below the lower limit, so concerning where higher is better; 44 to 46, still below the mean, are
    # improving as the trend they end rises.
    assert [p.type for p in reading.points[8:]] == [PointType.CONCERNING] * 4 + [PointType.IMPROVING] * 3
    assert all(Rule.OUTSIDE in p.rules and Rule.TREND in p.rules for p in reading.points[8:12])
    assert reading.variation is Variation.IMPROVING_HIGH


def test_a_point_where_a_rise_turns_into_a_fall_takes_the_fall():
    """NHSRplotthedots types a point of two trends by the step after it."""
    values = ["30", "50", "30", "50", "40", "41", "42", "43", "44", "45", "46", "45", "44", "43", "42", "41", "40"]
    reading = read_spc(series(*values), HIGHER)
    # mean 716 / 17 = 42.12; moving ranges 3 x 20, 10, 12 x 1: 82 / 16 = 5.13. The 20s are over 3.267 x 5.13 = 16.74,
    # so screened out: 22 / 13 = 1.69, limits 42.12 -/+ 4.50 = 37.62 to 46.62, which hold 40 to 46 (30 and 50 are
    # outside). 40 to 46 rise six times, and 46 to 40 fall six times: 46 ends the one and starts the other.
    assert all(Rule.TREND in p.rules and Rule.OUTSIDE not in p.rules for p in reading.points[4:])
    assert [p.type for p in reading.points[4:]] == [PointType.IMPROVING] * 6 + [PointType.CONCERNING] * 7


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


def test_the_page_and_the_alt_text_give_the_mean_and_limits_alike():
    """Rounded half up to one place more than the figures have (at most two), on the page and in the alt text:
    a mean of 12.25 for whole numbers is 12.3, of 12.345 for figures to one place 12.35."""
    from dataclasses import replace

    from conftest import figure, indicator
    from perfreport.core.model import Unit
    from perfreport.rating.spc import SpcPoint, SpcReading
    from perfreport.report.charts import xmr_alt_text
    from perfreport.report.context import _spc

    counted = replace(indicator("1"), unit=Unit.NUMBER, current=figure("12"))
    for item, mean, lower, upper in ((counted, "12.25", "10.05", "14"), (indicator("1"), "12.345", "10.125", "14")):
        point = SpcPoint("Q1 2024/25", Decimal(12), Decimal(mean), Decimal(lower), Decimal(upper), PointType.COMMON)
        reading = SpcReading((point, point), None, None, "Too few figures.", False)
        page = _spc(item, reading)
        assert (f"with a mean of {page['mean']} and process limits of {page['lower']} and {page['upper']}."
                in xmr_alt_text(item, reading))
    assert (page["mean"], page["lower"], page["upper"]) == ("12.35%", "10.13%", "14.00%")
    assert [_spc(counted, reading)[name] for name in ("mean", "upper")] == ["12.3", "14.0"]
