"""Progress on long work: the library tells each step, a terminal shows it on stderr, and a
redirected or --quiet run shows nothing, with the final lines unchanged."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from dataclasses import replace

import pytest

from conftest import DETAILS, SAMPLE, TEMPLATE, figure, indicator
from perfreport.cli.terminal import progress_shown
from perfreport.core.model import HistoryPoint
from perfreport.generate import generate_by_committee, generate_report
from perfreport.workbook import write_workbook

PERFREPORT = [sys.executable, "-m", "perfreport"]
DEFAULT_SCHEME_LINE = "Ratings follow the Blue/Green/Amber/Red scheme (perfreport's default)."
DEFAULT_TEMPLATE_LINE = ("Filled the committee-report template (perfreport's own templates/committee-report.docx), "
                         "perfreport's default; perfreport templates lists the others and how to choose one.")


class Recorded:
    def __init__(self):
        self.told: list[tuple[str, int, int]] = []

    def __call__(self, step: str, done: int, total: int) -> None:
        self.told.append((step, done, total))

    def steps(self) -> list[str]:
        return list(dict.fromkeys(step for step, _, _ in self.told))


def test_the_library_tells_each_step_and_how_far_it_has_gone(tmp_path):
    progress = Recorded()
    generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx", progress=progress)
    assert progress.steps() == ["Reading workbooks", "Filling the template", "Saving the report"]
    filling = [(done, total) for step, done, total in progress.told if step == "Filling the template"]
    # up to 17 charts (every indicator's trend chart, and 3 XmR charts); the template draws one per indicator
    assert filling == [(n, 17) for n in range(15)] + [(17, 17)]
    assert progress.told[-1] == ("Saving the report", 1, 1)


def test_by_committee_it_tells_each_report_written(tmp_path, make_workbook):
    workbook = make_workbook([indicator("1"), indicator("2", committee="Audit Committee")])
    progress = Recorded()
    run = generate_by_committee([workbook], TEMPLATE, folder=tmp_path / "reports", progress=progress)
    assert len(run.reports) == 2
    assert [(d, t) for s, d, t in progress.told if s == "Writing the reports"] == [(0, 2), (1, 2), (2, 2)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_a_bar_per_step(tmp_path):
    screen = Terminal()
    with progress_shown(stream=screen, delay=0) as progress:
        generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx", progress=progress)
    shown = screen.getvalue()
    assert "Reading workbooks" in shown and "Saving the report" in shown
    assert "Filling the template" in shown and "17/17" in shown


def test_quiet_or_redirected_shows_nothing():
    for quiet, stream in ((True, Terminal()), (False, io.StringIO())):
        with progress_shown(quiet, stream, delay=0) as progress:
            progress("Reading workbooks", 0, 1)
        assert stream.getvalue() == ""


@pytest.fixture(scope="module")
def large_workbook(tmp_path_factory):
    """Enough indicators, each with a chart, for a run of a few seconds."""
    history = tuple(HistoryPoint(f"Q{q} 2023/24", figure(f"8{q}.0"), figure("90.0")) for q in (1, 2, 3, 4))
    path = tmp_path_factory.mktemp("large") / "owners.xlsx"
    write_workbook(path, DETAILS, [replace(indicator(str(n)), history=history) for n in range(1, 1501)])
    return path


def run_on_a_terminal(*args: str, cwd) -> tuple[str, str]:
    """Run perfreport with stderr on a pseudo-terminal and stdout to a pipe: what each received."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([*PERFREPORT, *args], stdout=subprocess.PIPE, stderr=terminal, cwd=cwd)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    stdout = process.stdout.read().decode()
    process.wait(timeout=120)
    os.close(controller)
    return stdout, shown.decode(errors="replace")


def test_a_long_run_on_a_terminal_shows_progress_and_ends_with_the_usual_lines(large_workbook, tmp_path):
    stdout, shown = run_on_a_terminal("generate", str(large_workbook), "-o", "report.docx", cwd=tmp_path)
    assert stdout.splitlines() == [DEFAULT_SCHEME_LINE, DEFAULT_TEMPLATE_LINE, "1500 indicators: Amber 1500", "Report written to report.docx"]
    assert "Filling the template" in shown and "1500/1500" in shown
    stdout, shown = run_on_a_terminal("generate", str(large_workbook), "-o", "again.docx", "--quiet", cwd=tmp_path)
    assert stdout.splitlines() == [DEFAULT_SCHEME_LINE, DEFAULT_TEMPLATE_LINE, "1500 indicators: Amber 1500", "Report written to again.docx"]
    assert "Filling" not in shown and "Reading" not in shown
