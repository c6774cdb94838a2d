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
from pathlib import Path

from synthetic import DETAILS, synthetic_indicator

from perfreport.core.model import ChartType
from perfreport.generate import generate_report
from perfreport.workbook import write_workbook

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "committee-report.docx"
RUNS = 5


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
