"""How long the quarter's commands take over 300 owners' returns: `perfreport returns` and
`perfreport validate --annotate`, each as a command of its own, median of 3 runs.

Run: python benchmarks/quarter.py [OWNERS]   (default 300; builds the workbooks in a temporary folder)

Each owner has 5 synthetic indicators (benchmarks/synthetic.py: 24 periods of History each); every
tenth owner's return has an error, every twentieth is missing.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from synthetic import DETAILS, synthetic_indicator

from perfreport.workbook import roll_forward_by, write_workbook

RUNS = 3
PER_OWNER = 5


def returns_folder(folder: Path, owners: int) -> tuple[Path, Path]:
    """Last quarter's workbook, the per-owner workbooks sent out, and the returns filled in."""
    last = folder / "last-quarter.xlsx"
    indicators = [replace(synthetic_indicator(n), owner=f"Owner {(n - 1) // PER_OWNER + 1:03d}")
                  for n in range(1, owners * PER_OWNER + 1)]
    write_workbook(last, DETAILS, indicators)
    sent, back = folder / "sent", folder / "returns"
    rolled = roll_forward_by(last, sent, "owner")
    back.mkdir()
    for number, workbook in enumerate(rolled.workbooks, start=1):
        if number % 20 == 0:
            continue
        book = load_workbook(workbook.path)
        sheet = book["Indicators"]
        for row in range(2, 2 + workbook.indicators):
            sheet.cell(row, 10).value = "lots" if number % 10 == 0 and row == 2 else "71"
            sheet.cell(row, 16).value = "Commentary for the quarter."
        book["Report"]["B6"].value = DETAILS.produced_on
        book.save(back / workbook.path.name)
    return sent, back


def timed(arguments: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "perfreport", *arguments], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    owners = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        sent, back = returns_folder(folder, owners)
        files = len(list(back.iterdir()))
        returns = timed(["returns", str(back), "--expected", str(sent), "--chase-list", str(folder / "chase.xlsx")])
        annotate = timed(["validate", str(back), "--annotate", str(folder / "annotated")])
        shutil.rmtree(folder / "annotated", ignore_errors=True)
    print(f"| {owners} owners ({files} returns, {owners * PER_OWNER:,} indicators) | returns {returns:.1f} s "
          f"| validate --annotate {annotate:.1f} s |")


if __name__ == "__main__":
    main()
