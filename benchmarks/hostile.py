"""The worst workbooks that can be built to exhaust `perfreport validate`, and what each costs it: the
time and peak memory of the command, run as a process of its own.

Run: python benchmarks/hostile.py   (builds the files in a temporary folder; takes a few minutes)

Each file is under 25 MB on disk. Excel's limits (32,767 characters in a cell, 1,048,576 rows,
16,384 columns) and the 120 MB cap on a workbook's unpacked size bound what reading can cost.
"""

from __future__ import annotations

import platform
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from synthetic import DETAILS, synthetic_indicator

from perfreport.workbook import write_workbook

SHEET = "xl/worksheets/sheet3.xml"  # the Indicators sheet of a workbook perfreport writes
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
UNPACKED = 118 * 2**20  # just under the cap


def base(folder: Path) -> dict[str, bytes]:
    path = folder / "base.xlsx"
    write_workbook(path, DETAILS, [synthetic_indicator(1)])
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def packed(members: dict[str, bytes | Callable[[], Iterator[bytes]]], path: Path) -> Path:
    """A workbook of ``members``, the large ones written from a generator so that they never sit in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
            else:
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in data():
                        part.write(chunk)
    return path


def sheet_of(rows: Callable[[], Iterator[bytes]]) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield b"<worksheet " + MAIN + b"><sheetData>"
        yield from rows()
        yield b"</sheetData></worksheet>"

    return chunks


MOST_ROWS = 1_048_576


def dense_cells() -> Iterator[bytes]:
    """As many numbers as fit under the cap in Excel's rows, each as short as a cell can be written."""
    row = b"<row>" + b"<c><v>7</v></c>" * 12 + b"</row>"
    for _ in range(min(UNPACKED // len(row), MOST_ROWS)):
        yield row


def many_strings(members: dict[str, bytes]) -> dict[str, bytes | Callable[[], Iterator[bytes]]]:
    """As many one-letter shared strings as fit under the cap, each used once."""
    count = UNPACKED // 45  # each string 17 bytes, and 28 for the cell that uses it

    def strings() -> Iterator[bytes]:
        yield b"<sst " + MAIN + b">"
        for _ in range(count):
            yield b"<si><t>a</t></si>"
        yield b"</sst>"

    def rows() -> Iterator[bytes]:
        for index in range(0, count, 10):
            yield b"<row>" + b"".join(b'<c t="s"><v>%d</v></c>' % n for n in range(index, min(index + 10, count))) + b"</row>"

    return members | {"xl/sharedStrings.xml": strings, SHEET: sheet_of(rows)}  # in place of the workbook's own


def one_long_text(sheet: bytes, length: int) -> Callable[[], Iterator[bytes]]:
    """The sheet with one more row, holding a cell of ``length`` characters."""
    before, after = sheet.split(b"</sheetData>")

    def chunks() -> Iterator[bytes]:
        yield before + b'<row r="900"><c r="P900" t="inlineStr"><is><t>'
        block = bytes(random.Random(1).choice(b"ab") for _ in range(2**20))  # packs 8 to 1: passes the ratio check
        for _ in range(length // 2**20):
            yield block
        yield b"</t></is></c></row></sheetData>" + after

    return chunks


def far_row(number: int) -> Callable[[], Iterator[bytes]]:
    return sheet_of(lambda: iter([b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (number, number)]))


def far_cells() -> Iterator[bytes]:
    """A stray value in the last column of every row: padding rows out to it would cost 16,384 cells a row."""
    for number in range(1, MOST_ROWS + 1):
        yield b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (number, number)


def cases(folder: Path) -> dict[str, Path]:
    members = base(folder)
    realistic = folder / "3000-indicators.xlsx"
    write_workbook(realistic, DETAILS, [synthetic_indicator(n) for n in range(1, 3001)])
    return {
        "3,000 real indicators (for comparison)": realistic,
        "12 million numbers, 12 a row": packed(members | {SHEET: sheet_of(dense_cells)}, folder / "dense.xlsx"),
        "4 million one-letter shared strings": packed(many_strings(members), folder / "strings.xlsx"),
        "a value in column XFD of every row": packed(members | {SHEET: sheet_of(far_cells)}, folder / "far.xlsx"),
        "one cell of 9 MB (under libxml2's 10 MB)": packed(members | {SHEET: one_long_text(members[SHEET], 9 * 2**20)},
                                                          folder / "9mb.xlsx"),
        "one cell of 100 MB": packed(members | {SHEET: one_long_text(members[SHEET], 100 * 2**20)}, folder / "100mb.xlsx"),
        "row 2,000,000,000": packed(members | {SHEET: far_row(2_000_000_000)}, folder / "row.xlsx"),
    }


def measure(path: Path) -> tuple[float, float, str]:
    """Seconds and peak MB of `perfreport validate` on ``path``, and its first error (else its last line)."""
    runner = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); " \
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    start = time.perf_counter()
    peak = subprocess.run([sys.executable, "-c", runner, sys.executable, "-m", "perfreport", "validate", str(path)],
                          capture_output=True, text=True, check=True).stdout
    seconds = time.perf_counter() - start
    said = subprocess.run([sys.executable, "-m", "perfreport", "validate", str(path)], capture_output=True, text=True)
    lines = said.stdout.splitlines()
    shown = next((line for line in lines if line.startswith("error:")), lines[-1] if lines else "")
    return seconds, int(peak) / 1024, shown[:120]


def main() -> None:
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, {platform.system()}\n")
    print("| Workbook | on disk | unpacked | validate | peak memory | what validate says |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, path in cases(Path(folder)).items():
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
            seconds, peak, said = measure(path)
            print(f"| {name} | {path.stat().st_size / 2**20:.1f} MB | {unpacked / 2**20:,.0f} MB | {seconds:.1f} s "
                  f"| {peak:,.0f} MB | {said} |")


if __name__ == "__main__":
    main()
