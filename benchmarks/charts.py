"""What trend charts add to `generate`: synthetic workbooks of N indicators with 24 periods
of History each, generated with charts and with every Chart set to "No chart".

Run: python benchmarks/charts.py [N ...]   (default 300; median of 5 runs each)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from perfreport.generate import generate_report
from perfreport.model import ChartType, Direction, Figure, HistoryPoint, Indicator, PeriodType, ReportDetails, Unit
from perfreport.periods import Period, period_for, report_period
from perfreport.workbook import write_workbook

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "committee-report.docx"
DETAILS = ReportDetails(
    "Performance Report", "Benchmark Committee", "Quarter 2", "2023/24", date(2023, 12, 5), "Performance", "p@example.gov.uk"
)
HISTORY_PERIODS = 24
RUNS = 5
CHART_TYPES = [ChartType.COLUMN, ChartType.LINE, ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN]
UNITS = [Unit.PERCENT, Unit.NUMBER, Unit.MONEY, Unit.STARS]
PERIOD_TYPES = [PeriodType.QUARTER, PeriodType.MONTH, PeriodType.YEAR, PeriodType.FORECAST]


def synthetic_indicator(position: int) -> Indicator:
    """An indicator whose unit, period type, chart type and rating vary with its position."""
    unit, kind = UNITS[position % 4], PERIOD_TYPES[position // 4 % 4]
    current = period_for(kind, report_period(DETAILS.period, DETAILS.financial_year))
    base = Decimal(50 + position % 40)
    history = tuple(
        HistoryPoint(
            Period(current.kind, current.index - HISTORY_PERIODS + step).label,
            Figure(base + Decimal(step) / 4, 1),
            Figure(Decimal(70), 1),
            england=Figure(base + 2, 1),
            second_value=Figure(base / 2, 1),
        )
        for step in range(HISTORY_PERIODS)
    )
    commentary = " ".join(["Performance moved as expected given demand in the period."] * 12)
    return Indicator(
        str(position), f"Synthetic indicator {position}", "Head of Service", unit, kind, Direction.HIGHER,
        Figure(base + 7, 1), target=Figure(Decimal(70), 1), previous=Figure(base + 6, 1), commentary=commentary,
        actions="Review the service plan.", chart=CHART_TYPES[position % 4], second_series="Second series",
        second_value=Figure(base / 2, 1), history=history,
    )


def median_seconds(workbook: Path, output: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        generate_report([workbook], TEMPLATE, output=output)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(counts: list[int]) -> None:
    print(f"{'Indicators':>10} {'With charts':>12} {'Without':>9} {'Charts add':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            indicators = [synthetic_indicator(n) for n in range(1, count + 1)]
            with_charts, without = Path(folder, "with.xlsx"), Path(folder, "without.xlsx")
            write_workbook(with_charts, DETAILS, indicators)
            write_workbook(without, DETAILS, [replace(i, chart=ChartType.NONE) for i in indicators])
            charted = median_seconds(with_charts, Path(folder, "with.docx"))
            plain = median_seconds(without, Path(folder, "without.docx"))
            print(f"{count:>10} {charted:>11.2f}s {plain:>8.2f}s {charted - plain:>10.2f}s")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [300])
