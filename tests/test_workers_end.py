"""Worker processes of `generate --by committee` end with the run: killed with kill -9, it leaves nothing
running that would go on writing reports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DETAILS, TEMPLATE, indicator
from perfreport.workbook import write_workbook

# Run by a child Python: generate by committee, each worker writing its process number and then waiting, as a
# long report would, so that the run can be killed while its workers work.
SLOW_WORKERS = f"""
import os, sys, time
from pathlib import Path
import perfreport.generate
real_render = perfreport.generate.render_report

def slow(*args, **kwargs):
    Path(sys.argv[2], str(os.getpid())).write_text("working")
    time.sleep(120)
    return real_render(*args, **kwargs)

perfreport.generate.render_report = slow
from perfreport.cli.main import main
main(["generate", sys.argv[1], "--template", {str(TEMPLATE)!r}, "--by", "committee", "-o", sys.argv[3], "-q"])
"""
SETTLE = 30  # seconds allowed for the workers to see their parent gone; they end within one second


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").is_file() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="looks for the workers in /proc")
def test_killing_a_run_by_committee_ends_its_workers(tmp_path):
    workbook = tmp_path / "owners.xlsx"
    write_workbook(workbook, DETAILS, [indicator("1"), indicator("2", committee="Adults Committee"),
                                       indicator("3", committee="Children Committee")])
    started = tmp_path / "workers"
    started.mkdir()
    run = subprocess.Popen([sys.executable, "-c", SLOW_WORKERS, str(workbook), str(started), str(tmp_path / "out")],
                           stdin=subprocess.DEVNULL)
    try:
        for _ in range(600):  # until both workers are at work (a guard against a hang, not a clock race)
            if len(list(started.iterdir())) == 2:
                break
            time.sleep(0.1)
        workers = [int(path.name) for path in started.iterdir()]
        assert len(workers) == 2 and all(running(pid) for pid in workers)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
    for _ in range(SETTLE * 10):
        if not any(running(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(running(pid) for pid in workers)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))
