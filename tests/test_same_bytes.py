"""The sample's outputs are the same bytes from one change of the code's layout to the next: its report, its HTML
page and the owners' workbook rolled forward from it, against the SHA-256 recorded in sample-outputs.json.

A change that means to change what perfreport writes updates that file, and says so; one that only moves code
must leave it alone. Run `python tests/test_same_bytes.py` to print the current digests."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE, TEMPLATE
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.workbook.rollforward import roll_forward

RECORDED = Path(__file__).with_name("sample-outputs.json")
HTML_TEMPLATE = ROOT / "templates" / "committee-report.html"


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of each of the sample's outputs, written into ``folder``."""
    made = generate_report([SAMPLE], TEMPLATE, builtin_scheme(), folder / "report.docx", html=HTML_TEMPLATE)
    workbook = folder / "q3.xlsx"
    roll_forward(SAMPLE, workbook)
    files = {"report.docx": made.output, "report.html": made.html, "q3.xlsx": workbook}
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()}


def test_the_samples_outputs_are_the_bytes_recorded(tmp_path):
    assert digests(tmp_path) == json.loads(RECORDED.read_text(encoding="utf-8"))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        json.dump(digests(Path(work)), sys.stdout, indent=2)
