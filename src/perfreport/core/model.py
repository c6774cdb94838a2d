"""The things a performance report is about: the report, its indicators, their figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Unit(StrEnum):
    PERCENT = "percent"
    NUMBER = "number"
    MONEY = "money"
    STARS = "stars"


class PeriodType(StrEnum):
    MONTH = "Month"
    QUARTER = "Quarter"
    YEAR = "Year"
    FORECAST = "Forecast"


class Direction(StrEnum):
    HIGHER = "Higher is better"
    LOWER = "Lower is better"


class FigureType(StrEnum):
    """What each of an indicator's figures counts: its own period alone, or a span that overlaps its neighbours'."""

    SINGLE = "Single period"
    ROLLING = "Rolling"  # a total or average over a moving span, e.g. the last 12 months
    CUMULATIVE = "Cumulative"  # a running total from a fixed start, e.g. year to date


class ChartType(StrEnum):
    """How an indicator's History chart is drawn; targets and comparators are always lines."""

    LINE = "Line"
    COLUMN = "Column"
    COLUMN_AND_LINE = "Column and line"  # the value as columns, the second series as a line
    STACKED_COLUMN = "Stacked column"  # the value split into the second series and the rest
    NONE = "No chart"


@dataclass(frozen=True)
class Figure:
    """A figure as the owner entered it: its value and how many decimal places it shows.

    Percentages are held in percent (83.0 for 83.0%), money in pounds.
    """

    value: Decimal
    decimals: int


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Source:
    """Where a row came from, so that problems can point at it: ``cell`` holds its indicator number."""

    file: str
    sheet: str
    row: int
    cell: str
    columns: dict[str, int] = field(default_factory=dict)  # each field's column, 1 for A; one dict per sheet

    def cell_of(self, key: str) -> str:
        """The cell holding one field of the row, e.g. ``cell_of("previous")`` gives "K7"."""
        column = self.columns.get(key)
        return f"{column_letter(column)}{self.row}" if column else self.cell


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class ReportDetails:
    """The Report sheet: what appears on the cover, the commentary word limit, the rating scheme and the
    template. A field the template does not show may be empty ("", or None for the produced-on date)."""

    title: str
    committee: str
    period: str
    financial_year: str
    produced_on: date | None
    team: str
    contact: str
    commentary_word_limit: int | None = None
    scheme: str = ""
    organisation: str = ""
    template: str = ""


@dataclass(frozen=True)
class HistoryPoint:
    """One earlier period's figures for an indicator, from the History sheet."""

    period: str
    value: Figure | None = None
    target: Figure | None = None
    statistical_neighbours: Figure | None = None
    england: Figure | None = None
    note: str = ""
    second_value: Figure | None = None
    rating: str = ""
    rebase: bool = False  # the SPC chart's mean and limits start afresh here
    source: Source | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Indicator:
    number: str
    title: str
    owner: str
    unit: Unit
    period_type: PeriodType
    direction: Direction
    current: Figure | None  # None: the owner states there is no figure this period
    service: str = ""
    target: Figure | None = None
    target_tbc: bool = False
    previous: Figure | None = None
    statistical_neighbours: Figure | None = None
    england: Figure | None = None
    no_target_status: str = ""
    description: str = ""
    commentary: str = ""
    actions: str = ""
    links: tuple[Link, ...] = ()
    decimals: int | None = None
    tolerance: Figure | None = None
    floor: Figure | None = None
    rating_override: str = ""
    override_reason: str = ""
    chart: ChartType | None = None
    second_series: str = ""
    second_value: Figure | None = None
    committee: str = ""  # blank: the Report sheet's committee
    signed_off_by: str = ""
    signed_off_on: date | None = None
    figure_type: FigureType | None = None  # blank: a single period
    spc: str = ""  # "On", "Off", or blank for the settings' default
    spc_baseline: int | None = None
    benchmark_metric: str = ""  # the metric's name in the national data the comparators come from
    history: tuple[HistoryPoint, ...] = ()
    source: Source | None = field(default=None, compare=False)

    def as_history(self, period: str, rating: str = "") -> HistoryPoint:
        """This period's figures as a History row labelled ``period``."""
        return HistoryPoint(
            period, self.current, self.target, self.statistical_neighbours, self.england,
            second_value=self.second_value, rating=rating,
        )


def number_order(number: str) -> tuple:
    """Sort key putting indicator numbers in natural order: 9 before 10, "CS2" before "CS10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.findall(r"\d+|\D+", number)
    )
