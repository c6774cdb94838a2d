"""How long `perfreport benchmarks import` and `perfreport export` take, and how much memory they need, for
3,000 indicators with 24 periods of History each, against national data for 150 areas and England.

Run: python benchmarks/data.py [INDICATORS]   (default 3000; median of 3 runs each)

The national table is one row per area, metric and period, as bulk downloads come: one metric per
indicator, over the indicator's 25 periods, for 150 areas and England: 11.3 million rows for 3,000
indicators. The council has 15 neighbours, as CIPFA's nearest neighbours number.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from speed import MEASURE, machine
from synthetic import DETAILS, synthetic_indicator

from perfreport.core.periods import period_for, report_period
from perfreport.workbook import write_workbook

RUNS = 3
AREAS = [f"E06{number:06d}" for number in range(1, 151)]
AREA, NEIGHBOURS = AREAS[0], AREAS[1:16]


def national_table(path: Path, indicators) -> int:
    """Write the table; returns its rows."""
    rows = 0
    current = report_period(DETAILS.period, DETAILS.financial_year)
    with path.open("w", encoding="utf-8", newline="") as file:
        table = csv.writer(file, lineterminator="\n")
        table.writerow(["Area code", "Area name", "Metric", "Period", "Value", "Unit"])
        for indicator in indicators:
            periods = [point.period for point in indicator.history] + [period_for(indicator.period_type, current).label]
            for number, code in enumerate([*AREAS, "E92000001"]):
                name = "England" if code == "E92000001" else f"Area {number}"
                for step, period in enumerate(periods):
                    figure = indicator.current.value if code == AREA and step == len(periods) - 1 else (
                        60 + (number * 7 + step) % 30)
                    table.writerow([code, name, indicator.benchmark_metric, period, f"{figure:.1f}", ""])
                    rows += 1
    return rows


def measured(arguments: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of a perfreport command run as its own process."""
    command = [sys.executable, "-m", "perfreport", *arguments]
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    seconds, status, peak = result.stdout.split()
    if int(status):
        raise SystemExit(f"perfreport {arguments[0]} failed (exit status {status})")
    return float(seconds), int(peak) / 1024


def main(count: int) -> None:
    print(f"Machine: {machine()}. Median of {RUNS} runs; peak memory the highest.")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        indicators = [replace(synthetic_indicator(n), benchmark_metric=f"Synthetic metric {n}")
                      for n in range(1, count + 1)]
        workbook = work / "owners.xlsx"
        write_workbook(workbook, DETAILS, indicators)
        rows = national_table(work / "national.csv", indicators)
        (work / "neighbours.csv").write_text("\n".join(NEIGHBOURS), encoding="utf-8")
        size = (work / "national.csv").stat().st_size / 1024 ** 2
        print(f"{count:,} indicators; national table {rows:,} rows, {size:.0f} MB; {len(NEIGHBOURS)} neighbours.")
        common = [str(work / "national.csv"), str(workbook), "--area", AREA, "--neighbours",
                  str(work / "neighbours.csv"), "--output", str(work / "filled.xlsx")]
        commands = {
            "benchmarks import": ["benchmarks", "import", *common],
            "benchmarks import --england-from-areas": ["benchmarks", "import", *common, "--england-from-areas"],
            "export --format csv": ["export", str(work / "filled.xlsx"), "-o", str(work / "quarter.csv")],
            "export --format xlsx": ["export", str(work / "filled.xlsx"), "-o", str(work / "quarter.xlsx")],
        }
        print("| Command | time | peak memory |")
        print("|---|---:|---:|")
        for name, arguments in commands.items():
            runs = [measured(arguments) for _ in range(RUNS)]
            seconds = statistics.median(run[0] for run in runs)
            print(f"| `{name}` | {seconds:.1f} s | {max(run[1] for run in runs):,.0f} MB |", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
