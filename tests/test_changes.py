"""Direction of travel and changes since last period: the previous period, last period's rating (recorded
or worked out), the long-term change, and indicators without a figure this period."""

from __future__ import annotations

from docx import Document
from openpyxl import load_workbook

from conftest import DETAILS, TEMPLATE, figure, indicator
from perfreport.core.model import Direction, HistoryPoint, PeriodType, Unit
from perfreport.core.periods import parse_period, previous_period, report_period
from perfreport.core.problems import Severity
from perfreport.generate import generate_report
from perfreport.rating import Change, builtin_scheme, changes_since_last_period, previous_rating, rate_all
from perfreport.rating.rate import period_before
from perfreport.rating.scheme import parse_scheme
from perfreport.validate import validate
from test_schemes import RULES

BGAR = builtin_scheme()
Q2_2023 = report_period("Quarter 2", "2023/24")
Q3_2024 = report_period(DETAILS.period, DETAILS.financial_year)  # Quarter 3 2024/25, as make_workbook writes


def test_the_period_before_crosses_year_boundaries():
    assert previous_period(report_period("Quarter 1", "2024/25")) == parse_period("Q4 2023/24")
    assert previous_period(parse_period("Apr 2024")) == parse_period("Mar 2024")
    assert previous_period(parse_period("Jan 2024")).label == "Dec 2023"
    assert previous_period(parse_period("2024/25")).label == "2023/24"


def test_an_indicators_previous_period_is_in_its_own_kind_of_period():
    def before(period_type: PeriodType) -> str:
        return period_before(indicator(period_type=period_type), Q2_2023).label

    assert before(PeriodType.MONTH) == "Aug 2023"  # its current period is Sep 2023
    assert before(PeriodType.QUARTER) == "Q1 2023/24"
    assert before(PeriodType.YEAR) == before(PeriodType.FORECAST) == "2022/23"


def test_changes_since_last_period_from_a_workbook(make_workbook):
    plan = {"actions": "A plan."}
    workbook = make_workbook(
        [
            # Amber last quarter (5 points off, worked out), Red now (11 points off)
            indicator("1", current=figure("79.0"), previous=figure("85.0"), **plan,
                      history=(HistoryPoint("Q1 2024/25", figure("86.0")),
                               HistoryPoint("Q2 2024/25", figure("85.0"), figure("90.0")))),
            # recorded as Green last quarter (an override), though its figure gives Amber; Amber now
            indicator("2", previous=figure("83.0"), current=figure("83.0"),
                      history=(HistoryPoint("Q2 2024/25", figure("83.0"), rating="Green"),)),
            indicator("3", current=figure("92.0"), previous=figure("91.0"),
                      history=(HistoryPoint("Q2 2024/25", figure("91.0")),)),  # Green then and now
            indicator("4", previous=None),  # new: no History, no previous figure
            indicator("5", current=None, no_target_status="In Development",
                      history=(HistoryPoint("Q2 2024/25", figure("84.0")),)),
            indicator("6", history=(HistoryPoint("Q1 2024/25", figure("84.0")),)),  # nothing for Q2
        ]
    )  # fmt: skip
    checked = validate([workbook], BGAR)
    assert [(p.severity, p.code, p.cell) for p in checked.problems] == [
        (Severity.NOTICE, "no-current-figure", "J6")
    ]
    changes = changes_since_last_period(checked.rated)
    assert [(c.rated.indicator.number, c.previous.name, c.current.name, c.recorded) for c in changes.rating_changes] == [
        ("1", "Amber", "Red", False),
        ("2", "Green", "Amber", True),
    ]  # fmt: skip
    assert [r.indicator.number for r in changes.new] == ["4"]
    assert [r.indicator.number for r in changes.no_current_figure] == ["5"]
    assert [r.indicator.number for r in changes.unknown] == ["6"]
    green = next(r for r in checked.rated if r.indicator.number == "3")
    assert (green.previous_rating.name, green.previous_rating_recorded, green.rating.status.name) == (
        "Green", False, "Green"
    )


def test_last_periods_rating_comes_from_its_own_row_and_target():
    monthly = indicator(
        period_type=PeriodType.MONTH,
        history=(
            HistoryPoint("Jul 2023", figure("99.0")),
            HistoryPoint("Aug 2023", figure("79.0"), figure("80.0")),  # 1 point below that month's target
        ),
    )
    yearly = indicator(period_type=PeriodType.YEAR, history=(HistoryPoint("2022/23", figure("96.0")),))
    unrated = indicator(history=(HistoryPoint("Q1 2023/24", None),))
    recorded_without_figure = indicator(history=(HistoryPoint("Q1 2023/24", None, rating="in development"),))
    assert [
        (status.name if status else None, recorded)
        for status, recorded in (
            previous_rating(subject, BGAR, Q2_2023) for subject in (monthly, yearly, unrated, recorded_without_figure)
        )
    ] == [("Amber", False), ("Blue", False), (None, False), ("In Development", True)]
    assert previous_rating(monthly, BGAR, None) == (None, False)


def test_last_periods_rating_applies_the_last_year_rule_from_last_period():
    council = parse_scheme(RULES, "council.toml")
    history = (
        HistoryPoint("Q2 2023/24", figure("80.0")),
        HistoryPoint("Q3 2023/24", figure("85.0")),
        HistoryPoint("Q2 2024/25", figure("84.0")),
    )
    [rated] = rate_all([indicator(current=figure("84.0"), history=history, actions="A plan.")], council, Q3_2024)
    # Q2 2024/25: 6 points off, Red, but better than Q2 2023/24's 80.0%: Amber.
    # Q3 2024/25: 6 points off and no better than Q3 2023/24's 85.0%: Red.
    assert (rated.previous_rating.name, rated.previous_rating_recorded, rated.rating.status.name) == (
        "Amber", False, "Red"
    )


def test_long_term_direction_of_travel_against_the_same_period_last_year():
    def travel(current: str | None, last_year: str, direction: Direction = Direction.HIGHER) -> tuple[Change, Change]:
        subject = indicator(
            current=figure(current) if current else None,
            no_target_status="In Development",
            direction=direction,
            previous=figure("83.0"),
            history=(HistoryPoint("Q3 2023/24", figure(last_year)), HistoryPoint("Q2 2024/25", figure("83.0"))),
        )
        [rated] = rate_all([subject], BGAR, Q3_2024)
        return rated.change, rated.long_term

    assert travel("83.0", "80.0") == (Change.UNCHANGED, Change.IMPROVING)
    assert travel("83.0", "85.0") == (Change.UNCHANGED, Change.DECLINING)
    assert travel("83.0", "80.0", Direction.LOWER) == (Change.UNCHANGED, Change.DECLINING)
    assert travel("79.0", "80.0", Direction.LOWER) == (Change.IMPROVING, Change.IMPROVING)
    assert travel("80.0", "80.0") == (Change.DECLINING, Change.UNCHANGED)
    assert travel(None, "80.0") == (Change.NOT_AVAILABLE, Change.NOT_AVAILABLE)
    [no_history] = rate_all([indicator()], BGAR, Q3_2024)
    assert no_history.long_term is Change.NOT_AVAILABLE


def test_no_figure_this_period_is_a_notice_and_the_report_is_written(make_workbook, tmp_path):
    path = make_workbook(
        [
            indicator("1", current=None, no_target_status="In Development", previous=figure("84.0")),
            indicator("2", current=None, unit=Unit.NUMBER, target=None, no_target_status="Baseline", previous=None),
        ]
    )
    assert load_workbook(path)["Indicators"]["J2"].value == "n/a"  # written as an owner states it
    checked = validate([path], BGAR)
    assert [(p.severity, p.code, p.cell, p.message) for p in checked.problems] == [
        (Severity.NOTICE, "no-current-figure", "J2",
         "Current value says there is no figure for this period, so the indicator is shown as In Development."),
        (Severity.NOTICE, "no-current-figure", "J3",
         "Current value says there is no figure for this period, so the indicator is shown as Baseline."),
    ]  # fmt: skip
    first = checked.rated[0]
    assert first.indicator.current is None
    assert first.rating.explanation == "In Development: no figure for this period."
    assert (first.change, first.long_term) == (Change.NOT_AVAILABLE, Change.NOT_AVAILABLE)

    generated = generate_report([path], TEMPLATE, BGAR, tmp_path / "report.docx")
    cells = [cell.text for table in Document(generated.output).tables for row in table.rows for cell in row.cells]
    assert "In Development" in cells and "Baseline" in cells


def test_no_figure_needs_a_status_unless_the_scheme_has_only_one(make_workbook):
    path = make_workbook([indicator("1", current=None), indicator("2", current=None, target=None)])
    book = load_workbook(path)
    book["Indicators"]["J3"] = "-"
    book.save(path)
    problems = validate([path], BGAR).problems
    assert [(p.severity, p.code, p.cell) for p in problems] == [
        (Severity.ERROR, "no-target-status", "N2"),
        (Severity.ERROR, "no-target-status", "N3"),
    ]
    assert problems[0].message == (
        "Current value says there is no figure for this period, and there is no status to show instead. "
        "Ratings follow the Blue/Green/Amber/Red scheme."
    )
    assert problems[0].action == (
        "Choose Baseline, Contextual or In Development in 'Status when no target', or enter the figure."
    )
    very_green = validate([path], builtin_scheme("very-green-green-amber-red"))
    assert {r.rating.status.name for r in very_green.rated} == {"N/A"}
    assert [p.code for p in very_green.problems] == ["no-current-figure", "no-current-figure"]


def test_an_indicator_published_without_figures_takes_the_owners_rating(make_workbook, tmp_path):
    """Current value n/a and a Rating override: no Status when no target is needed."""
    path = make_workbook([indicator("1", current=None, previous=None, rating_override="Amber",
                                    override_reason="Survey not run this year.")])
    checked = validate([path], BGAR)
    assert [(p.code, p.severity) for p in checked.problems] == [
        ("no-current-figure", Severity.NOTICE), ("override", Severity.WARNING),
    ]
    assert checked.problems[1].message == ("The rating is overridden to Amber; there is no figure or target to "
                                           "calculate one from; the reason given is: Survey not run this year.")
    rating = checked.rated[0].rating
    assert (rating.status.name, rating.calculated, rating.overridden) == ("Amber", None, True)
    assert rating.explanation == ("Amber: set by the owner (Survey not run this year); there is no figure for this "
                                  "period to calculate a rating from.")
    document = Document(generate_report([path], TEMPLATE, BGAR, tmp_path / "report.docx").output)
    text = "\n".join(p.text for p in document.paragraphs) + "".join(c.text for t in document.tables for r in t.rows
                                                                      for c in r.cells)
    assert "there is no figure for this period to calculate a rating from" in text


def test_na_as_a_target_means_there_is_none(make_workbook):
    path = make_workbook([indicator("1", target=None, no_target_status="Baseline")])
    book = load_workbook(path)
    book["Indicators"]["H2"] = "N/A"
    book.save(path)
    checked = validate([path], BGAR)
    assert [p.code for p in checked.problems if p.severity is Severity.ERROR] == []
    assert checked.rated[0].indicator.target is None and checked.rated[0].rating.status.name == "Baseline"
