"""Blue/Green/Amber/Red arithmetic at its boundaries, change in performance, and the key's words."""

from __future__ import annotations

from importlib import resources

import pytest

from conftest import figure, indicator
from perfreport.core.model import Direction, Unit
from perfreport.rating import Change, SchemeError, builtin_scheme, change_in_performance, load_scheme, rate
from perfreport.rating.key import describe_band, describe_gap

SCHEME = builtin_scheme()


def rating_of(current: str, target: str, unit: Unit = Unit.NUMBER, direction: Direction = Direction.HIGHER) -> str:
    subject = indicator(current=figure(current), target=figure(target), unit=unit, direction=direction)
    return rate(subject, SCHEME).status.name


@pytest.mark.parametrize(
    "current, target, expected",
    [
        ("63", "60", "Green"),  # exactly 5% over: still Green
        ("63.01", "60", "Blue"),
        ("54", "60", "Amber"),  # exactly 10% off: Amber
        ("53.99", "60", "Red"),
        ("60", "60", "Green"),
        ("59.99", "60", "Amber"),
        ("854", "1500", "Red"),
        ("99", "90", "Blue"),
        ("94.5", "90", "Green"),
    ],
)
def test_counts_are_judged_relative_to_target(current, target, expected):
    assert rating_of(current, target) == expected


@pytest.mark.parametrize(
    "current, target, expected",
    [
        ("6.38", "6.0", "Green"),  # 0.38 points over, though 6.3% over relatively
        ("11.0", "6.0", "Green"),  # exactly 5 points over
        ("11.01", "6.0", "Blue"),
        ("80.0", "90.0", "Amber"),  # exactly 10 points off
        ("79.9", "90.0", "Red"),
        ("98.0", "86.0", "Blue"),
    ],
)
def test_percentages_are_judged_in_points(current, target, expected):
    assert rating_of(current, target, Unit.PERCENT) == expected


@pytest.mark.parametrize(
    "current, target, expected",
    [("57", "60", "Green"), ("56.99", "60", "Blue"), ("66", "60", "Amber"), ("66.01", "60", "Red")],
)
def test_lower_is_better_mirrors_the_bands(current, target, expected):
    assert rating_of(current, target, direction=Direction.LOWER) == expected


def test_zero_target_counts_any_shortfall_as_far_off():
    assert rating_of("0", "0", direction=Direction.LOWER) == "Green"
    assert rating_of("2", "0", direction=Direction.LOWER) == "Red"
    assert rating_of("2", "0") == "Blue"


def test_no_target_takes_the_owners_status():
    subject = indicator(target=None, target_tbc=True, no_target_status="Contextual")
    assert rate(subject, SCHEME).status.name == "Contextual"


def test_rating_explains_itself_in_the_reports_figures():
    assert rate(indicator(), SCHEME).explanation == (
        "Amber: 7.0 percentage points worse than the 90.0% target; Amber means off target by 10 points or less."
    )
    first_aid = indicator(unit=Unit.NUMBER, current=figure("854"), target=figure("1500"))
    assert rate(first_aid, SCHEME).explanation == (
        "Red: 43.07% worse than the 1,500 target; Red means off target by more than 10%."
    )


@pytest.mark.parametrize(
    "current, previous, direction, expected",
    [
        ("83.0", "84.0", Direction.HIGHER, Change.DECLINING),
        ("854", "655", Direction.HIGHER, Change.IMPROVING),
        ("9154", "8977", Direction.LOWER, Change.DECLINING),
        ("12.4", "12.5", Direction.LOWER, Change.IMPROVING),
        ("100.00", "100", Direction.HIGHER, Change.UNCHANGED),
    ],
)
def test_change_in_performance_follows_the_direction(current, previous, direction, expected):
    assert change_in_performance(figure(current), figure(previous), direction) is expected


def test_change_is_not_available_without_both_figures():
    assert change_in_performance(figure("59.0"), None, Direction.HIGHER) is Change.NOT_AVAILABLE


def test_key_words_come_from_the_band_edges():
    words = {band.name: describe_band(band) for band in SCHEME.bands}
    assert words == {
        "Red": "off target by more than 10%",
        "Amber": "off target by 10% or less",
        "Green": "on target, or over target by up to 5%",
        "Blue": "exceeds target by more than 5%",
    }
    assert describe_gap(SCHEME).startswith("Percentages are compared in percentage points.")


def test_key_and_ratings_follow_an_edited_scheme(tmp_path):
    builtin = resources.files("perfreport.rating").joinpath("schemes", "blue-green-amber-red.toml").read_text()
    edited = tmp_path / "strict.toml"
    edited.write_text(builtin.replace("upper = -10", "upper = -15").replace("lower = -10", "lower = -15"))
    strict = load_scheme(edited)
    assert describe_band(strict.bands[0]) == "off target by more than 15%"
    assert rate(indicator(current=figure("78.0")), strict).status.name == "Amber"


@pytest.mark.parametrize(
    "edit, words",
    [
        (("upper = 5\n", "upper = 4\n"), "Green's upper edge must be Blue's lower edge"),
        (("upper_inclusive = true\n", "upper_inclusive = false\n"), "neither includes the edge 5"),
        (('name = "Blue/Green/Amber/Red"\n', ""), "'name' is missing"),
        (('fill = "C00000"', 'fill = "reddish"'), "six hex digits"),
    ],
)
def test_an_inconsistent_scheme_is_refused(tmp_path, edit, words):
    builtin = resources.files("perfreport.rating").joinpath("schemes", "blue-green-amber-red.toml").read_text()
    edited = tmp_path / "edited.toml"
    edited.write_text(builtin.replace(*edit))
    with pytest.raises(SchemeError, match=words):
        load_scheme(edited)
