"""Synthetic indicators for the benchmarks: every unit, period type and chart type, a mix of
ratings (and of indicators without a target), realistic commentary, links, and 24 periods
of History ending at the figure previously reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from perfreport.core.model import (
    ChartType,
    Direction,
    Figure,
    HistoryPoint,
    Indicator,
    Link,
    PeriodType,
    ReportDetails,
    Unit,
)
from perfreport.core.periods import Period, period_for, report_period

DETAILS = ReportDetails(
    "Performance Report", "Benchmark Committee", "Quarter 2", "2023/24", date(2023, 12, 5), "Performance", "p@example.gov.uk"
)
HISTORY_PERIODS = 24
CHART_TYPES = [ChartType.COLUMN, ChartType.LINE, ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN]
UNITS = [Unit.PERCENT, Unit.NUMBER, Unit.MONEY, Unit.STARS]
PERIOD_TYPES = [PeriodType.QUARTER, PeriodType.MONTH, PeriodType.YEAR, PeriodType.FORECAST]
# Figures against a target of 70, higher better: Blue, Green, Amber, Red, then one without a target.
CURRENT = [Decimal("80.0"), Decimal("71.0"), Decimal("66.0"), Decimal("55.0"), Decimal("62.0")]
COMMENTARY = (
    "Performance in the period reflects steady demand and the team's work to clear older cases first. "
    "Volumes rose in the second month as expected, and the service kept response times within the range "
    "agreed with the committee. Two posts were filled during the quarter, and the new staff are now taking "
    "their own cases.\n\n"
    "The figure is compared with the same period last year and with comparable councils where data allows. "
    "The service expects a similar position next quarter, with a small improvement once the new case "
    "management system is in use across all teams."
)
DESCRIPTION = (
    "The measure counts completed cases in the period against those due, following the national definition "
    "so that the figure can be compared with other councils."
)


def synthetic_indicator(position: int, chart: ChartType | None = None) -> Indicator:
    """An indicator whose unit, period type, chart type and rating vary with its position."""
    unit, kind = UNITS[position % 4], PERIOD_TYPES[position // 4 % 4]
    current = period_for(kind, report_period(DETAILS.period, DETAILS.financial_year))
    value = CURRENT[position % 5]
    has_target = position % 5 != 4
    previous = value - Decimal("1.0")
    history = tuple(
        HistoryPoint(
            Period(current.kind, current.index - HISTORY_PERIODS + step).label,
            Figure(previous - Decimal(HISTORY_PERIODS - 1 - step) / 4, 1),
            Figure(Decimal(70), 1) if has_target else None,
            england=Figure(previous + 2, 1),
            second_value=Figure(previous / 2, 1),
        )
        for step in range(HISTORY_PERIODS)
    )
    return Indicator(
        str(position), f"Synthetic indicator {position}: percentage of cases completed on time", "Head of Service",
        unit, kind, Direction.HIGHER, Figure(value, 1), service=f"Service {position % 7}",
        target=Figure(Decimal(70), 1) if has_target else None, previous=Figure(previous, 1),
        england=Figure(value + 2, 1), no_target_status="" if has_target else "Baseline",
        description=DESCRIPTION, commentary=COMMENTARY,
        actions="Review the service plan with the team and report back next quarter." if position % 5 == 3 else "",
        links=(Link("National definitions", "https://www.gov.uk/definitions"),
               Link(f"Service {position % 7} page", f"https://www.example.gov.uk/service-{position % 7}")),
        chart=chart or CHART_TYPES[position % 4], second_series="Of which completed early",
        second_value=Figure(value / 2, 1), history=history,
    )
