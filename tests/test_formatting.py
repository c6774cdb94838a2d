"""Figures as a committee reader expects them."""

from __future__ import annotations

import pytest

from conftest import figure, indicator
from perfreport.core.formatting import format_figure, format_percentage, format_target, period_labels
from perfreport.core.model import PeriodType, Unit


@pytest.mark.parametrize(
    "text, unit, shown",
    [
        ("83.0", Unit.PERCENT, "83.0%"),
        ("83.74", Unit.PERCENT, "83.74%"),
        ("100", Unit.PERCENT, "100%"),
        ("9154", Unit.NUMBER, "9,154"),
        ("1234567.5", Unit.NUMBER, "1,234,567.5"),
        ("19300000", Unit.MONEY, "£19.3m"),
        ("19350000", Unit.MONEY, "£19.35m"),
        ("19312345", Unit.MONEY, "£19,312,345"),
        ("306000", Unit.MONEY, "£306,000"),
        ("-1500", Unit.MONEY, "-£1,500"),
        ("3", Unit.STARS, "3 stars"),
        ("1", Unit.STARS, "1 star"),
        ("4.5", Unit.STARS, "4.5 stars"),
    ],
)
def test_figures_read_as_published(text, unit, shown):
    assert format_figure(figure(text), unit) == shown


def test_missing_figure_and_unconfirmed_target():
    assert format_figure(None, Unit.PERCENT) == "n/a"
    assert format_target(indicator(target=None, target_tbc=True)) == "TBC"
    assert format_target(indicator(target=None)) == "n/a"


@pytest.mark.parametrize(
    "period_type, labels",
    [
        (PeriodType.MONTH, ("Current Month", "Previous Month")),
        (PeriodType.QUARTER, ("Current Quarter", "Previous Quarter")),
        (PeriodType.YEAR, ("Current Year", "Previous Year")),
        (PeriodType.FORECAST, ("2023-24 Forecast", "Previous Quarter")),
    ],
)
def test_period_labels_follow_the_period_type(period_type, labels):
    assert period_labels(period_type, "2023/24") == labels


def test_whole_number_percentages():
    assert format_percentage(4, 15) == "27%"
    assert format_percentage(1, 8) == "13%"
    assert format_percentage(0, 0) == "0%"
