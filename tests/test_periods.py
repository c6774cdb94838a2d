"""Reading period labels as owners type them, and stepping from one period to the next."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfreport.core.model import PeriodType
from perfreport.core.periods import (
    Period,
    next_period,
    next_report_fields,
    parse_financial_year,
    parse_period,
    period_for,
    report_period,
    sequence_gaps,
)

MONTH, QUARTER, YEAR, FORECAST = PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR, PeriodType.FORECAST


def month(year: int, number: int) -> Period:
    return Period(MONTH, year * 12 + number - 1)


def quarter(start: int, number: int) -> Period:
    return Period(QUARTER, start * 4 + number - 1)


def year(start: int) -> Period:
    return Period(YEAR, start)


# Financial years


@pytest.mark.parametrize(
    "text", ["2023/24", "2023-24", "2023/2024", "2023-2024", "2023 - 24", "2023 / 24", "FY2023/24", "FY 2023/24",
             "fy2023-24", "2023/24 ", " 2023/24", "2023–24"],
)
def test_financial_years_read_as_their_start_year(text):
    assert parse_financial_year(text) == 2023


@pytest.mark.parametrize(
    "text", ["2023/25", "2023/23", "2023/2025", "2023", "23/24", "2023/4", "2023/24/25", "Q2 2023/24", "", "FY",
             "2023/24 Q2", "two thousand and twenty three"],
)
def test_other_text_is_not_a_financial_year(text):
    assert parse_financial_year(text) is None


def test_financial_year_across_a_century():
    assert parse_financial_year("1999/00") == 1999
    assert parse_financial_year("1999/2000") == 1999
    assert parse_financial_year("2099/00") == 2099


# Labels


def test_canonical_labels():
    assert month(2023, 9).label == "Sep 2023"
    assert month(2024, 1).label == "Jan 2024"
    assert quarter(2023, 2).label == "Q2 2023/24"
    assert quarter(1999, 4).label == "Q4 1999/00"
    assert year(2023).label == "2023/24"
    assert str(quarter(2023, 2)) == "Q2 2023/24"


def test_a_period_is_a_month_quarter_or_year():
    with pytest.raises(ValueError):
        Period(FORECAST, 2023)


def test_periods_of_a_kind_sort_oldest_first():
    assert sorted([quarter(2024, 1), quarter(2023, 4), quarter(2023, 2)]) == [
        quarter(2023, 2), quarter(2023, 4), quarter(2024, 1)
    ]
    assert month(2023, 12) < month(2024, 1)
    assert year(2023) < year(2024)


@pytest.mark.parametrize(
    "text",
    ["Q2 2023/24", "Quarter 2 2023/24", "2023/24 Q2", "Q2 2023-24", "qtr 2 2023/24", "QTR 2 2023/24",
     "quarter 2 2023/24", "q2 2023/24", "  Q2   2023/24 ", "Q 2 2023/24", "Qtr. 2 2023/24", "Q2 2023/2024",
     "Q2 FY2023/24", "Q2 FY 2023/24", "2023/24 Quarter 2", "2023-24 q2", "Quarter 2, 2023/24", "Q2 - 2023/24",
     "Q2\n2023/24"],
)
def test_quarter_labels(text):
    assert parse_period(text) == quarter(2023, 2)


@pytest.mark.parametrize(
    "text, expected",
    [("Q1 2023/24", quarter(2023, 1)), ("Q3 2023/24", quarter(2023, 3)), ("Q4 2023/24", quarter(2023, 4)),
     ("Quarter 4 2023-24", quarter(2023, 4))],
)
def test_every_quarter(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sep 2023", "September 2023", "Sept 2023", "sept 2023", "SEP 2023", "Sep. 2023", "Sept. 2023", "sep  2023",
     "Sep-2023", "September, 2023", "2023-09", "2023-9", "09/2023", "9/2023", "09-2023", " 2023-09 "],
)
def test_month_labels(text):
    assert parse_period(text) == month(2023, 9)


@pytest.mark.parametrize(
    "text, expected",
    [("Jan 2024", month(2024, 1)), ("Feb 2024", month(2024, 2)), ("Mar 2024", month(2024, 3)),
     ("April 2023", month(2023, 4)), ("May 2023", month(2023, 5)), ("June 2023", month(2023, 6)),
     ("Jul 2023", month(2023, 7)), ("Aug 2023", month(2023, 8)), ("Oct 2023", month(2023, 10)),
     ("Nov 2023", month(2023, 11)), ("December 2023", month(2023, 12)), ("2023-12", month(2023, 12)),
     ("12/2023", month(2023, 12))],
)
def test_every_month(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("value", [date(2023, 9, 1), date(2023, 9, 30), datetime(2023, 9, 1, 0, 0)])
def test_dates_give_the_month_they_fall_in(value):
    assert parse_period(value) == month(2023, 9)


@pytest.mark.parametrize("text", ["2023/24", "2023-24", "FY 2023/24", "FY2023/24", "2023/2024", "2023 - 24"])
def test_year_labels(text):
    assert parse_period(text) == year(2023)


@pytest.mark.parametrize(
    "value",
    ["Q2 2023", "Quarter 2 2023", "Q5 2023/24", "Q0 2023/24", "Q2 2023/25", "Q2", "Quarter 2", "Sep", "September",
     "Sep 23", "Sepember 2023", "Se 2023", "13/2023", "2023-13", "00/2023", "2023", "2023/25", "Q22023/24",
     "Year end", "", "   ", "n/a", "01/09/2023", None, 2023, 2023.0, True],
)
def test_other_values_are_not_periods(value):
    assert parse_period(value) is None


def test_a_label_that_could_be_a_month_or_a_year_is_not_guessed():
    """"2011-12" is December 2011 or the financial year 2011/12; the other ways of writing each are clear."""
    assert parse_period("2011-12") is None
    assert parse_period("2011/12") == year(2011)
    assert parse_period("Dec 2011") == month(2011, 12)


# The period a report covers


@pytest.mark.parametrize(
    "period, financial_year, expected",
    [("Quarter 2", "2023/24", quarter(2023, 2)), ("Q3", "2023/24", quarter(2023, 3)),
     ("Quarter 4", "2023/24", quarter(2023, 4)), ("qtr 1", "2023-24", quarter(2023, 1)),
     (" quarter  2 ", "2023/24 ", quarter(2023, 2)),
     ("September", "2023/24", month(2023, 9)), ("Sept", "2023/24", month(2023, 9)),
     ("April", "2023/24", month(2023, 4)),
     ("December", "2023/24", month(2023, 12)), ("January", "2023/24", month(2024, 1)),
     ("March", "2023/24", month(2024, 3)), ("Year end", "2023/24", year(2023)), ("Annual", "2023/24", year(2023)),
     ("Year", "2023/24", year(2023)), ("year-end", "FY 2023/24", year(2023))],
)
def test_report_period(period, financial_year, expected):
    assert report_period(period, financial_year) == expected


@pytest.mark.parametrize(
    "period, financial_year",
    [("Quarter 5", "2023/24"), ("Quarter 2", "2023"), ("Quarter 2", "2023/25"), ("Q2 2023/24", "2023/24"),
     ("Half year", "2023/24"), ("", "2023/24"), ("Quarter 2", ""), ("Sep 2023", "2023/24")],
)
def test_report_period_not_understood(period, financial_year):
    assert report_period(period, financial_year) is None


# The period an indicator reports in


@pytest.mark.parametrize(
    "kind, report, expected",
    [(QUARTER, quarter(2023, 2), quarter(2023, 2)), (MONTH, quarter(2023, 2), month(2023, 9)),
     (MONTH, quarter(2023, 1), month(2023, 6)), (MONTH, quarter(2023, 3), month(2023, 12)),
     (MONTH, quarter(2023, 4), month(2024, 3)), (YEAR, quarter(2023, 4), year(2023)),
     (FORECAST, quarter(2023, 2), year(2023)),
     (MONTH, month(2023, 9), month(2023, 9)), (QUARTER, month(2023, 9), quarter(2023, 2)),
     (QUARTER, month(2023, 4), quarter(2023, 1)), (QUARTER, month(2024, 1), quarter(2023, 4)),
     (QUARTER, month(2024, 3), quarter(2023, 4)), (YEAR, month(2024, 3), year(2023)),
     (YEAR, month(2023, 4), year(2023)), (FORECAST, month(2024, 2), year(2023)),
     (YEAR, year(2023), year(2023)), (FORECAST, year(2023), year(2023)), (MONTH, year(2023), month(2024, 3)),
     (QUARTER, year(2023), quarter(2023, 4))],
)
def test_period_for(kind, report, expected):
    assert period_for(kind, report) == expected


# The next period and the next report


@pytest.mark.parametrize(
    "period, expected",
    [(quarter(2023, 2), quarter(2023, 3)), (quarter(2023, 4), quarter(2024, 1)), (month(2024, 3), month(2024, 4)),
     (month(2023, 12), month(2024, 1)), (year(2023), year(2024))],
)
def test_next_period(period, expected):
    assert next_period(period) == expected


def test_year_boundaries():
    assert next_period(parse_period("Q4 2023/24")).label == "Q1 2024/25"
    assert next_period(parse_period("Mar 2024")).label == "Apr 2024"
    assert period_for(YEAR, next_period(month(2024, 3))) == year(2024)
    assert period_for(YEAR, next_period(month(2023, 12))) == year(2023)


@pytest.mark.parametrize(
    "fields, expected",
    [(("Quarter 2", "2023/24"), ("Quarter 3", "2023/24")), (("Quarter 4", "2023/24"), ("Quarter 1", "2024/25")),
     (("Q4", "2023-24"), ("Q1", "2024-25")), (("Q1", "2023-24"), ("Q2", "2023-24")),
     (("qtr 3", "2023/24"), ("qtr 4", "2023/24")), (("Q4", "2023/2024"), ("Q1", "2024/2025")),
     (("Quarter 4", "FY 2023/24"), ("Quarter 1", "FY 2024/25")), (("Q4", "2023 - 24"), ("Q1", "2024 - 25")),
     (("Q4", "2099/00"), ("Q1", "2100/01")),
     (("September", "2023/24"), ("October", "2023/24")), (("December", "2023/24"), ("January", "2023/24")),
     (("March", "2023/24"), ("April", "2024/25")), (("Sept", "2023/24"), ("Oct", "2023/24")),
     (("Sep", "2023/24"), ("Oct", "2023/24")), (("sep", "2023/24"), ("oct", "2023/24")),
     (("SEPTEMBER", "2023/24"), ("OCTOBER", "2023/24")), (("May", "2023/24"), ("June", "2023/24")),
     (("Year end", "2023/24"), ("Year end", "2024/25")), (("Annual", "2023-24"), ("Annual", "2024-25"))],
    ids=str,
)
def test_next_report_fields_keep_the_owners_wording(fields, expected):
    assert next_report_fields(*fields) == expected


@pytest.mark.parametrize("fields", [("Quarter 5", "2023/24"), ("Quarter 2", "2023"), ("Half year", "2023/24")])
def test_next_report_fields_not_understood(fields):
    assert next_report_fields(*fields) is None


# History sequences


def test_a_clean_sequence_has_no_gaps():
    assert sequence_gaps(QUARTER, ["Q3 2022/23", "Q4 2022/23", "Q1 2023/24", "Quarter 2 2023/24"]) == []
    assert sequence_gaps(None, ["Nov 2023", "December 2023", "2024-01", date(2024, 2, 1), "03/2024", "Apr 2024"]) == []
    assert sequence_gaps(YEAR, ["2020/21", "2021-22", "FY 2022/23"]) == []
    assert sequence_gaps(FORECAST, ["2021/22", "2022/23"]) == []
    assert sequence_gaps(None, []) == []
    assert sequence_gaps(MONTH, ["Sep 2023"]) == []


def test_labels_not_understood():
    assert sequence_gaps(None, ["Q1 2023/24", "Q5 2023"]) == [
        (1, "'Q5 2023' is not a period label this tool understands; write e.g. Q2 2023/24, Sep 2023 or 2023/24")
    ]
    assert sequence_gaps(QUARTER, [None, "Q2 2023/24"]) == [
        (0, "A period label is blank; write e.g. Q2 2023/24, Sep 2023 or 2023/24")
    ]


def test_labels_of_another_kind():
    assert sequence_gaps(QUARTER, ["Q1 2023/24", "Sep 2023", "Q2 2023/24"]) == [
        (1, "Sep 2023 is a month but this indicator's periods are quarters")
    ]
    assert sequence_gaps(FORECAST, ["2022/23", "Q1 2023/24"]) == [
        (1, "Q1 2023/24 is a quarter but this indicator's periods are financial years")
    ]
    assert sequence_gaps(MONTH, ["Sep 2023", "2023/24"]) == [
        (1, "2023/24 is a financial year but this indicator's periods are months")
    ]


def test_the_first_label_understood_sets_the_kind():
    assert sequence_gaps(None, ["rubbish", "Sep 2023", "Q3 2023/24", "Oct 2023"]) == [
        (0, "'rubbish' is not a period label this tool understands; write e.g. Q2 2023/24, Sep 2023 or 2023/24"),
        (2, "Q3 2023/24 is a quarter but this indicator's periods are months"),
    ]


def test_repeats():
    assert sequence_gaps(QUARTER, ["Q1 2023/24", "Q2 2023/24", "Quarter 2 2023/24"]) == [
        (2, "Q2 2023/24 appears twice")
    ]
    assert sequence_gaps(MONTH, ["Sep 2023", "Sep 2023", "2023-09"]) == [
        (1, "Sep 2023 appears twice"), (2, "Sep 2023 appears 3 times")
    ]


def test_out_of_order():
    assert sequence_gaps(QUARTER, ["Q2 2023/24", "Q3 2023/24", "Q1 2023/24"]) == [
        (2, "Q1 2023/24 comes after Q3 2023/24; list periods oldest first")
    ]


def test_a_period_out_of_place_is_not_also_a_gap():
    assert sequence_gaps(QUARTER, ["Q1 2023/24", "Q3 2023/24", "Q2 2023/24"]) == [
        (2, "Q2 2023/24 comes after Q3 2023/24; list periods oldest first")
    ]


def test_gaps():
    assert sequence_gaps(QUARTER, ["Q1 2023/24", "Q2 2023/24", "Q4 2023/24"]) == [
        (2, "Q3 2023/24 is missing between Q2 2023/24 and Q4 2023/24")
    ]
    assert sequence_gaps(QUARTER, ["Q1 2023/24", "Q1 2024/25"]) == [
        (1, "3 quarters are missing between Q1 2023/24 and Q1 2024/25, starting with Q2 2023/24")
    ]
    assert sequence_gaps(MONTH, ["Nov 2023", "Feb 2024"]) == [
        (1, "2 months are missing between Nov 2023 and Feb 2024, starting with Dec 2023")
    ]
    assert sequence_gaps(YEAR, ["2021/22", "2023/24"]) == [(1, "2022/23 is missing between 2021/22 and 2023/24")]


def test_several_problems_in_sheet_order():
    labels = ["Q1 2023/24", "Q2 2023/24", "Q2 2023/24", "Q2", "Q4 2023/24", "Q3 2023/24", "Q3 2024/25"]
    assert sequence_gaps(QUARTER, labels) == [
        (2, "Q2 2023/24 appears twice"),
        (3, "'Q2' is not a period label this tool understands; write e.g. Q2 2023/24, Sep 2023 or 2023/24"),
        (5, "Q3 2023/24 comes after Q4 2023/24; list periods oldest first"),
        (6, "2 quarters are missing between Q4 2023/24 and Q3 2024/25, starting with Q1 2024/25"),
    ]


# Properties

FIRST, LAST = 1900, 2198
periods = st.one_of(
    st.builds(Period, st.just(MONTH), st.integers(FIRST * 12, LAST * 12 + 11)),
    st.builds(Period, st.just(QUARTER), st.integers(FIRST * 4, LAST * 4 + 3)),
    st.builds(Period, st.just(YEAR), st.integers(FIRST, LAST)),
)


@given(periods)
def test_labels_read_back_and_step_forward(period):
    assert parse_period(period.label) == period
    following = next_period(period)
    assert following > period
    assert parse_period(following.label) == following


@given(periods, st.sampled_from([MONTH, QUARTER, YEAR, FORECAST]))
def test_an_indicator_reports_in_the_same_financial_year_as_its_report(report, kind):
    within = period_for(kind, report)
    assert within.kind is (YEAR if kind is FORECAST else kind)
    assert period_for(YEAR, within) == period_for(YEAR, report)
