"""A run stopped mid-write (killed, or the machine turned off) leaves only its hidden temporary file; a later
run of the same output removes it once the run that left it has ended, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE, TEMPLATE
from perfreport.core.output import HOST, STALE
from perfreport.generate import generate_report
from perfreport.report.manifest import SUFFIX as MANIFEST

# Run by a child Python: generate to argv[1], writing the report's temporary file slowly enough to be stopped.
SLOW_WRITE = f"""
import time
import perfreport.core.output
real_write = perfreport.core.output._write_whole

def slow(path, data, mode):
    path.write_bytes(data[: len(data) // 2])
    print("writing", flush=True)
    time.sleep(120)

perfreport.core.output._write_whole = slow
import sys
from perfreport.cli.main import main
main(["generate", {str(SAMPLE)!r}, "--template", {str(TEMPLATE)!r}, "--quiet", "--output", sys.argv[1]])
"""


def ended_process() -> int:
    """The number of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def make_old(path: Path) -> None:
    """Date ``path`` as untouched for longer than a live run ever leaves its temporary file."""
    then = time.time() - STALE - 60
    os.utime(path, (then, then))


def test_a_later_run_removes_only_its_outputs_leftovers(tmp_path):
    ended, live = ended_process(), os.getppid()
    ours = tmp_path / f".report.{HOST}.{ended}.k2x_9qzt.tmp.docx"  # left by a run that has ended, just now
    ours.write_bytes(b"half a report")
    elsewhere_old = tmp_path / f".report.0f0f0f.{ended}.m7w3ab01.tmp.docx"  # another computer's, untouched for long
    elsewhere_old.write_bytes(b"half a report")
    make_old(elsewhere_old)
    kept = [
        tmp_path / f".report.{HOST}.{live}.m7w3ab01.tmp.docx",  # a live run's, writing report.docx now
        tmp_path / f".report.0f0f0f.{ended}.a1b2c3d4.tmp.docx",  # another computer's run, maybe writing now
        tmp_path / f".other.{HOST}.{ended}.k2x9qzt1.tmp.docx",  # another output's temporary file
        tmp_path / ".report-notes.txt",  # the user's own
        tmp_path / f".report-a.{HOST}.{ended}.k2x9qzt1.tmp.docx",  # report-a.docx's temporary file
        tmp_path / f".report.{HOST}.{ended}.k2x9qzt1.tmp.pdf",  # the PDF's, which this run does not write
    ]
    for other in kept:
        other.write_text("keep me")
    generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx")
    assert not ours.exists() and not elsewhere_old.exists()
    assert all(other.read_text() == "keep me" for other in kept)
    assert (tmp_path / "report.docx").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="stops the run with a POSIX signal")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "SIGTERM"])
def test_a_run_stopped_mid_write_is_tidied_by_the_next(tmp_path, stop):
    output = tmp_path / "report.docx"
    run = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(output)], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout.readline() == "writing\n"
    finally:
        run.send_signal(stop)
        run.wait(timeout=60)
    [leftover] = tmp_path.glob(".report.*.tmp.docx")
    assert not output.exists() and f".{run.pid}." in leftover.name
    generate_report([SAMPLE], TEMPLATE, output=output)
    assert not leftover.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.docx", f"report{MANIFEST}"]
