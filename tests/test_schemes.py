"""Rating schemes as files: both built-in schemes at every boundary, properties of the
arithmetic, the optional rules (tolerance, floor standard, last year), and scheme errors."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DETAILS, TEMPLATE, figure, indicator
from docx_reading import table_with_header
from perfreport.cli.main import main
from perfreport.core.model import Direction, HistoryPoint, Unit
from perfreport.generate import generate_report
from perfreport.rating import SchemeError, builtin_scheme, load_scheme, rate
from perfreport.rating.scheme import builtin_schemes, parse_scheme
from perfreport.validate import validate

BGAR = builtin_scheme("blue-green-amber-red")
VERY_GREEN = builtin_scheme("very-green-green-amber-red")
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


def rating_of(scheme, current: str, target: str, unit=Unit.NUMBER, direction=HIGHER) -> str:
    subject = indicator(current=figure(current), target=figure(target), unit=unit, direction=direction)
    return rate(subject, scheme).status.name


@pytest.mark.parametrize(
    "current, target, unit, direction, expected",
    [
        # Very Green: at least 5% better (relative, percentages too); Green: on target, less than 5% better
        ("63", "60", Unit.NUMBER, HIGHER, "Very Green"),  # exactly 5% better
        ("62.99", "60", Unit.NUMBER, HIGHER, "Green"),
        ("60", "60", Unit.NUMBER, HIGHER, "Green"),
        ("59.99", "60", Unit.NUMBER, HIGHER, "Amber"),
        ("54", "60", Unit.NUMBER, HIGHER, "Amber"),  # exactly 10% worse
        ("53.99", "60", Unit.NUMBER, HIGHER, "Red"),
        ("99", "90", Unit.NUMBER, HIGHER, "Very Green"),  # exactly 10% over
        ("63.0", "60.0", Unit.PERCENT, HIGHER, "Very Green"),  # relative, not 3 points
        ("62.9", "60.0", Unit.PERCENT, HIGHER, "Green"),
        # lower is better mirrors it
        ("95", "100", Unit.NUMBER, LOWER, "Very Green"),
        ("95.01", "100", Unit.NUMBER, LOWER, "Green"),
        ("100", "100", Unit.NUMBER, LOWER, "Green"),
        ("100.01", "100", Unit.NUMBER, LOWER, "Amber"),
        ("110", "100", Unit.NUMBER, LOWER, "Amber"),
        ("110.01", "100", Unit.NUMBER, LOWER, "Red"),
        ("£95,000", "£100,000", Unit.MONEY, LOWER, "Very Green"),
    ],
)
def test_very_green_boundaries(current, target, unit, direction, expected):
    current, target = (text.replace("£", "").replace(",", "") for text in (current, target))
    assert rating_of(VERY_GREEN, current, target, unit, direction) == expected


@pytest.mark.parametrize(
    "current, target, direction, expected",
    [
        ("80.0", "90.0", HIGHER, "Amber"),  # exactly 10 points off
        ("79.9", "90.0", HIGHER, "Red"),
        ("95.0", "90.0", HIGHER, "Green"),  # exactly 5 points over
        ("95.1", "90.0", HIGHER, "Blue"),
        ("20.0", "10.0", LOWER, "Amber"),
        ("20.1", "10.0", LOWER, "Red"),
        ("5.0", "10.0", LOWER, "Green"),
        ("4.9", "10.0", LOWER, "Blue"),
    ],
)
def test_blue_green_amber_red_percentage_point_boundaries(current, target, direction, expected):
    assert rating_of(BGAR, current, target, Unit.PERCENT, direction) == expected


@pytest.mark.parametrize("current, target, direction, expected", [
    # (73.4 - 75) / 75 = -2.133...% relative, and 75 - 73.4 = 1.6 points: Amber, worse by 10% or less
    ("73.4", "75", HIGHER, "Amber: 2.13% of the target, 1.6 percentage points, worse than the 75% target; "
                           "Amber means off target by 10% or less."),
    # lower is better: (8.2 - 8.0) / 8.0 = 2.5% relative, 0.2 points, worse
    ("8.2", "8.0", LOWER, "Amber: 2.5% of the target, 0.2 percentage points, worse than the 8.0% target; "
                          "Amber means off target by 10% or less."),
    # 1 point over a 20% target is 5% of it: Very Green
    ("21", "20", HIGHER, "Very Green: 5% of the target, 1 percentage point, better than the 20% target; "
                         "Very Green means exceeds target by 5% or more."),
    # against a 0% target no share of it can be given: the points alone
    ("2", "0", HIGHER, "Very Green: 2 percentage points better than the 0% target; "
                       "Very Green means exceeds target by 5% or more."),
])
def test_a_percentage_judged_relative_to_target_says_the_points_too(current, target, direction, expected):
    subject = indicator(current=figure(current), target=figure(target), unit=Unit.PERCENT, direction=direction)
    assert rate(subject, VERY_GREEN).explanation == expected


def test_explain_says_the_share_of_the_target_and_the_points(make_workbook):
    subject = indicator("7", current=figure("73.4"), target=figure("75"))
    workbook = make_workbook([subject, indicator("8", unit=Unit.NUMBER, current=figure("854"), target=figure("1500"))])
    result = CliRunner().invoke(main, ["validate", str(workbook), "--scheme", VERY_GREEN.reference, "--explain"])
    assert "7 Amber: 2.13% of the target, 1.6 percentage points, worse than the 75% target;" in result.output
    assert "8 Red: 43.07% worse than the 1,500 target;" in result.output  # a count: no points to give


figures = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2)
targets = figures.filter(lambda value: value != 0)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from([BGAR, VERY_GREEN]),
    unit=st.sampled_from(list(Unit)),
    direction=st.sampled_from(list(Direction)),
    current=figures,
    target=targets,
    step=st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2),
)
def test_moving_toward_better_never_worsens_the_rating(scheme, unit, direction, current, target, step):
    better = current + step if direction is HIGHER else current - step
    order = [band.name for band in scheme.bands]
    before, after = (
        rating_of(scheme, str(value), str(target), unit, direction) for value in (current, better)
    )
    assert order.index(after) >= order.index(before)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from([BGAR, VERY_GREEN]),
    unit=st.sampled_from(list(Unit)),
    current=figures,
    target=targets,
)
def test_flipping_the_direction_mirrors_the_rating(scheme, unit, current, target):
    mirrored = 2 * target - current  # as far on the other side of the target
    assert rating_of(scheme, str(current), str(target), unit, LOWER) == rating_of(
        scheme, str(mirrored), str(target), unit, HIGHER
    )


RULES = """
name = "Council rules"
description = "Green on target; Amber within tolerance; Red beyond it, below a floor, or no better than last year."

[gap]
percent = "points"
number = "relative"
money = "relative"
stars = "relative"

[[bands]]
name = "Red"
short = "R"
fill = "C00000"
text = "FFFFFF"
upper = -5

[[bands]]
name = "Amber"
short = "A"
fill = "FFC000"
text = "000000"
lower = -5
upper = 0

[[bands]]
name = "Green"
short = "G"
fill = "00B050"
text = "000000"
lower = 0

[[no_target]]
name = "Data only"
short = "D"
fill = "D9D9D9"
text = "000000"

[tolerance]
band = "Amber"
default = 5

[floor]
band = "Red"

[last_year]
bands = ["Red"]
improved = "Amber"
not_improved = "Red"
"""


def test_tolerance_floor_standard_and_last_year_rate_as_hand_computed(make_workbook, tmp_path):
    scheme_file = tmp_path / "council.toml"
    scheme_file.write_text(RULES)
    last_year = "Q3 2023/24"  # the report is for Quarter 3 2024/25
    percent = {"unit": Unit.PERCENT, "target": figure("90.0"), "actions": "A plan."}
    workbook = make_workbook(
        [
            indicator("1", current=figure("87.0"), **percent),  # 3 points off, within the default 5: Amber
            indicator("2", current=figure("87.0"), tolerance=figure("2"), **percent),  # beyond its 2: Red
            indicator("3", current=figure("84.0"), history=(HistoryPoint(last_year, figure("80.0")),), **percent),
            indicator("4", current=figure("84.0"), history=(HistoryPoint(last_year, figure("85.0")),), **percent),
            indicator("5", current=figure("84.0"), tolerance=figure("10"), floor=figure("85.0"), **percent),
            indicator("6", current=figure("16.0"), tolerance=figure("100"), floor=figure("15.0"),
                      direction=LOWER, **{**percent, "target": figure("10.0")}),  # fmt: skip
            indicator("7", current=figure("91.0"), floor=figure("85.0"), **percent),
        ]
    )
    checked = validate([workbook], load_scheme(scheme_file))
    assert checked.problems == []
    ratings = {r.indicator.number: r.rating for r in checked.rated}
    assert {n: r.status.name for n, r in ratings.items()} == {
        "1": "Amber", "2": "Red", "3": "Amber", "4": "Red", "5": "Red", "6": "Red", "7": "Green",
    }  # fmt: skip
    assert ratings["1"].explanation == (
        "Amber: 3.0 percentage points worse than the 90.0% target; Amber means off target by 5 points or less, "
        "given the scheme's tolerance of 5 points, as the indicator gives none."
    )
    assert ratings["2"].explanation.endswith(
        "Red means off target by more than 2 points, given the indicator's tolerance of 2 points; "
        "there is no figure for the same period last year to compare with."
    )
    assert ratings["3"].explanation.endswith("it is better than the same period last year (80.0% in Q3 2023/24).")
    assert ratings["4"].explanation.endswith("it is no better than the same period last year (85.0% in Q3 2023/24).")
    assert ratings["5"].explanation.startswith("Red: 84.0% is worse than the floor standard of 85.0% (6.0 percentage")
    assert ratings["6"].explanation.startswith("Red: 16.0% is worse than the floor standard of 15.0%")


@pytest.mark.parametrize(
    "change, message",
    [
        (("upper = -5\n", "upper = -6\n"), "council.toml, line 18: Red and Amber leave a gap"),
        (("lower = -5\n", "lower = -7\n"), "council.toml, line 18: Red and Amber overlap"),
        (('fill = "FFC000"', 'fill = "orange"'), "council.toml, line 18: Amber's fill colour 'orange' is not a colour"),
        (('stars = "relative"', 'stars = "stars"'), "council.toml, line 5: stars = 'stars' is not understood"),
        (('band = "Amber"', 'band = "Yellow"'), "council.toml, line 39: band 'Yellow' is not one of the bands"),
        (("[[bands]]\nname = \"Red\"", "[[bands]]\nname = \"Red\"\nlower = -100"), "line 11: the first band, Red"),
        (("lower = -5\nupper = 0", "lower = -5\nupper = 0\nupper_inclusive = true"), "both include the edge 0"),
    ],
)
def test_an_inconsistent_scheme_is_refused_naming_the_line(tmp_path, change, message):
    old, new = change
    assert old in RULES
    path = tmp_path / "council.toml"
    path.write_text(RULES.replace(old, new, 1))
    with pytest.raises(SchemeError) as raised:
        load_scheme(path)
    assert message in str(raised.value)


def test_schemes_are_listed_and_shown_as_toml_to_copy(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["schemes"])
    assert listed.exit_code == 0
    assert listed.output.splitlines()[0].startswith("blue-green-amber-red (default): Blue/Green/Amber/Red.")
    assert "very-green-green-amber-red: Very Green/Green/Amber/Red." in listed.output
    shown = runner.invoke(main, ["schemes", "show", "very-green-green-amber-red"])
    assert parse_scheme(shown.output, "copy") == VERY_GREEN
    copy = tmp_path / "ours.toml"
    copy.write_text(shown.output.replace('name = "Very Green"', 'name = "Excellent"'))
    assert [band.name for band in load_scheme(copy).bands] == ["Red", "Amber", "Green", "Excellent"]
    assert runner.invoke(main, ["schemes", "show", "nope"]).exit_code == 2
    assert set(builtin_schemes()) == {"blue-green-amber-red", "very-green-green-amber-red"}


@pytest.mark.parametrize("scheme", [BGAR, VERY_GREEN], ids=lambda s: s.name)
def test_the_key_lists_exactly_the_schemes_statuses(make_workbook, tmp_path, scheme):
    path = make_workbook([indicator("1"), indicator("2", target=None, no_target_status=scheme.no_target[0].name)])
    generated = generate_report([path], TEMPLATE, scheme, tmp_path / "report.docx")
    key = table_with_header(Document(generated.output), "Rating", "Meaning")
    assert [row.cells[0].text for row in key.rows[1:]] == [status.name for status in scheme.listed]
    expected = ["Red", "Amber", "Green"] if scheme is BGAR else ["Very Green", "Green", "Amber", "Red"]
    assert [status.name for status in scheme.listed][: len(expected)] == expected


def test_an_override_shows_in_the_report_and_explains_itself(make_workbook, tmp_path):
    path = make_workbook([indicator("1", rating_override="Green", override_reason="Data lag")])
    generated = generate_report([path], TEMPLATE, BGAR, tmp_path / "report.docx")
    [rated] = generated.rated
    assert rated.rating.status.name == "Green" and rated.rating.calculated.name == "Amber"
    assert rated.rating.explanation.startswith("Green: set by the owner (Data lag); calculated as Amber: 7.0")
    index = table_with_header(Document(generated.output), "Indicator", "Title", "Owner", "Status")
    assert index.rows[1].cells[-1].text == "Green"


def test_the_report_sheet_chooses_the_scheme(make_workbook):
    path = make_workbook([indicator("1", current=figure("95.0"), target=figure("90.0"))],
                         replace(DETAILS, scheme="very-green-green-amber-red"))  # fmt: skip
    checked = validate([path])
    assert checked.scheme == VERY_GREEN and checked.rated[0].rating.status.name == "Very Green"
    assert validate([path], BGAR).rated[0].rating.status.name == "Green"  # --scheme takes precedence


def test_the_key_states_the_schemes_rules(make_workbook, tmp_path):
    scheme_file = tmp_path / "council.toml"
    scheme_file.write_text(RULES)
    path = make_workbook([indicator("1", unit=Unit.PERCENT)])
    generated = generate_report([path], TEMPLATE, load_scheme(scheme_file), tmp_path / "report.docx")
    text = [paragraph.text for paragraph in Document(generated.output).paragraphs]
    assert (
        "Where an indicator has its own tolerance, Amber reaches that far below target and Red begins beyond it; "
        "otherwise the tolerance is 5, measured as the gap to target is." in text
    )
    assert "An indicator worse than its floor standard is Red, whatever its gap to target." in text
    assert "An indicator that would be Red is Amber if it did better than in the same period last year, and Red if not." in text
    plain = generate_report([path], TEMPLATE, BGAR, tmp_path / "plain.docx")
    assert not any("floor standard" in p.text for p in Document(plain.output).paragraphs)
