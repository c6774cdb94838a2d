"""How long `perfreport generate` takes, and how much memory it needs, for 15, 300 and 3,000
indicators: each stage in this process, then the whole command as a new process.

Run: python benchmarks/speed.py [N ...]   (default 15 300 3000; median of 5 runs each)

Each workbook is synthetic (benchmarks/synthetic.py): 24 periods of History per indicator,
every unit, period type and chart type, a mix of ratings, commentary of realistic length.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthetic import DETAILS, synthetic_indicator

from perfreport.core.output import Output, write_file
from perfreport.core.periods import report_period
from perfreport.rating import builtin_scheme, can_rate, rate_all
from perfreport.report.context import build_context
from perfreport.report.word.charts import ChartWriter
from perfreport.report.word.docx_file import report_bytes
from perfreport.report.word.render import open_template, report_environment
from perfreport.validate import check_indicators, check_statuses
from perfreport.workbook import write_workbook
from perfreport.workbook.collect import read_workbooks

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "committee-report.docx"
RUNS = 5
STAGES = ("read", "validate", "rate", "charts", "render", "save")


def stage_times(workbook: Path, output: Path) -> dict[str, float]:
    """Seconds for each stage of one report, run in this process as generate runs them."""
    times: dict[str, float] = {}

    def timed(stage: str, work: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = work()
        times[stage] = times.get(stage, 0.0) + time.perf_counter() - start
        return result

    scheme = builtin_scheme()
    content = timed("read", lambda: read_workbooks([workbook]))
    period = report_period(DETAILS.period, DETAILS.financial_year)
    rated = timed("rate", lambda: rate_all([i for i in content.indicators if can_rate(i, scheme)], scheme, period))
    timed("validate", lambda: check_statuses(content.indicators, scheme) + check_indicators(rated, content.details, scheme, period))
    context = timed("render", lambda: build_context(content.details, rated, scheme))
    charts = [ind["chart"] for ind in context["indicators"] if ind["chart"]]
    timed("charts", lambda: _draw(charts))
    template = open_template(TEMPLATE)
    timed("render", lambda: template.render(context, report_environment(template), autoescape=True))
    timed("save", lambda: write_file(Output(output, "the report", (".docx",)),
                                     report_bytes(template.docx, DETAILS.produced_on, template.filled_body)))
    times["render"] -= times["charts"]  # rendering draws the charts; they are shown on their own
    return times


def _draw(charts: list[dict]) -> None:
    writer = ChartWriter(open_template(TEMPLATE).docx)
    for chart in charts:
        writer.add(chart)


# Runs a command and reports its seconds, exit status and peak memory (KB). It runs in a small
# process of its own: a child's peak memory counts the memory of the process it was forked from.
MEASURE = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def whole_command(workbook: Path, output: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of `perfreport generate` run as its own process."""
    command = [sys.executable, "-m", "perfreport", "generate", str(workbook), "--template", str(TEMPLATE),
               "--output", str(output)]
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    seconds, status, peak = measured.stdout.split()
    if int(status):
        raise SystemExit(f"perfreport generate failed on {workbook} (exit status {status})")
    return float(seconds), int(peak) / 1024


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main(counts: list[int]) -> None:
    print(f"Machine: {machine()}. Median of {RUNS} runs.")
    print(f"| Indicators | {' | '.join(STAGES)} | whole command | peak memory |")
    print(f"|---:|{'---:|' * len(STAGES)}---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            workbook, output = Path(folder, f"{count}.xlsx"), Path(folder, f"{count}.docx")
            write_workbook(workbook, DETAILS, [synthetic_indicator(n) for n in range(1, count + 1)])
            stages = [stage_times(workbook, output) for _ in range(RUNS)]
            commands = [whole_command(workbook, output) for _ in range(RUNS)]
            cells = [f"{statistics.median(run[stage] for run in stages):.2f} s" for stage in STAGES]
            seconds = statistics.median(run[0] for run in commands)
            memory = max(run[1] for run in commands)
            print(f"| {count:,} | {' | '.join(cells)} | {seconds:.2f} s | {memory:.0f} MB |", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [15, 300, 3000])
