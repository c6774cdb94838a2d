"""A workbook saved by LibreOffice Calc reads exactly as the one Excel-style tools wrote."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import SAMPLE
from perfreport.workbook import read_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    not SOFFICE and not os.environ.get("CI"),
    reason="needs LibreOffice Calc (apt-get install libreoffice-calc-nogui)",
)


def test_sample_saved_by_calc_reads_the_same(tmp_path):
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "calc"), str(SAMPLE)],
        check=True, capture_output=True, timeout=300,
    )
    saved = tmp_path / "calc" / SAMPLE.name
    assert saved.is_file(), "LibreOffice Calc could not open the workbook: is libreoffice-calc-nogui installed?"
    original, resaved = read_workbook(SAMPLE), read_workbook(saved)
    assert resaved.problems == []
    assert resaved.details == original.details
    assert resaved.indicators == original.indicators
