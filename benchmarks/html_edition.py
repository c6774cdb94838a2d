"""What the HTML edition adds to a report: the time to fill the HTML template (charts included) for
15, 300 and 3,000 synthetic indicators, in this process, median of 5 runs, and the page's size.

Run: python benchmarks/html_edition.py [N ...]
"""

from __future__ import annotations

import platform
import statistics
import sys
import time

from synthetic import DETAILS, synthetic_indicator

from perfreport.core.periods import report_period
from perfreport.rating import builtin_scheme, can_rate, rate_all
from perfreport.report.context import build_context
from perfreport.report.html.render import render_html
from perfreport.shipped import COMMITTEE_HTML, shipped

RUNS = 5


def main() -> None:
    counts = [int(n) for n in sys.argv[1:]] or [15, 300, 3000]
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, median of {RUNS}")
    print("| Indicators | HTML edition | page size |")
    print("|---:|---:|---:|")
    scheme = builtin_scheme()
    period = report_period(DETAILS.period, DETAILS.financial_year)
    for count in counts:
        indicators = [synthetic_indicator(n) for n in range(1, count + 1)]
        rated = rate_all([i for i in indicators if can_rate(i, scheme)], scheme, period)
        context = build_context(DETAILS, rated, scheme)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            page = render_html(shipped(COMMITTEE_HTML), context)
            times.append(time.perf_counter() - start)
        size = len(page)
        print(f"| {count:,} | {statistics.median(times):.2f} s | {size / 2**20:.1f} MB |")


if __name__ == "__main__":
    main()
