"""A run stopped mid-save (killed, or the machine turned off) leaves its temporary file; a later
run of the same output removes it, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE, TEMPLATE
from perfreport.generate import generate_report
from perfreport.manifest import SUFFIX as MANIFEST
from perfreport.output import STALE

# Run by a child Python: generate to argv[1], saving slowly enough to be stopped mid-save.
SLOW_SAVE = f"""
import sys, time, zipfile
real_writestr = zipfile.ZipFile.writestr

def slow(archive, *args, **kwargs):
    if archive.filename:  # the report's file, not a chart's workbook in memory
        print("saving", flush=True)
        time.sleep(120)
    return real_writestr(archive, *args, **kwargs)

zipfile.ZipFile.writestr = slow
from perfreport.cli import main
main(["generate", {str(SAMPLE)!r}, "--template", {str(TEMPLATE)!r}, "--quiet", "--output", sys.argv[1]])
"""


def make_old(path: Path) -> None:
    """Date ``path`` as untouched for longer than a live run ever leaves its temporary file."""
    then = time.time() - STALE - 60
    os.utime(path, (then, then))


def test_a_later_run_removes_only_its_outputs_leftovers(tmp_path):
    leftover = tmp_path / ".report-k2x_9qzt.docx"
    leftover.write_bytes(b"half a report")
    make_old(leftover)
    others = [
        tmp_path / ".other-abc.docx",  # not named as a temporary file of report.docx
        tmp_path / ".other-k2x9qzt1.docx",  # another output's temporary file
        tmp_path / ".report-notes.txt",  # the user's own
        tmp_path / ".report-a-k2x9qzt1.docx",  # report-a.docx's temporary file
        tmp_path / ".report-k2x9qzt1.pdf",  # the PDF's, which this run does not write
    ]
    for other in others:
        other.write_text("keep me")
        make_old(other)
    live = tmp_path / ".report-m7w3ab01.docx"  # another run writing report.docx now
    live.write_bytes(b"being written")
    generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx")
    assert not leftover.exists()
    assert all(other.read_text() == "keep me" for other in others)
    assert live.read_bytes() == b"being written"
    assert (tmp_path / "report.docx").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="stops the run with a POSIX signal")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "SIGTERM"])
def test_a_run_stopped_mid_save_is_tidied_by_a_later_one(tmp_path, stop):
    output = tmp_path / "report.docx"
    run = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(output)], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout.readline() == "saving\n"
    finally:
        run.send_signal(stop)
        run.wait(timeout=60)
    [leftover] = tmp_path.glob(".report-*.docx")
    assert not output.exists()
    generate_report([SAMPLE], TEMPLATE, output=output)
    assert leftover.exists()  # so new it may be a live run's
    make_old(leftover)
    generate_report([SAMPLE], TEMPLATE, output=output)
    assert not leftover.exists()
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.endswith(MANIFEST)) == ["report.docx"]
