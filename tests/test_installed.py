"""perfreport as a team installs it: the built wheel in a new virtual environment, used from an
empty folder far from the source checkout, as a new user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT
from docx_reading import sections
from perfreport import __version__

REPORT = "strategy-and-resources-committee-quarter-2-2023-24"
BIN = "Scripts" if os.name == "nt" else "bin"
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed copy, not the checkout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a new virtual environment holding only the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    [wheel] = (work / "dist").glob("council_perfreport-*.whl")
    venv.create(work / "venv", with_pip=True)
    bin_folder = work / "venv" / BIN
    subprocess.run([str(bin_folder / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600, env=ENVIRONMENT)
    return bin_folder


def perfreport(installed: Path, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed / "perfreport"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=check, env=ENVIRONMENT)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An empty folder with a space and an accent in its name, nowhere near the checkout."""
    folder = tmp_path / "Comité reports"
    folder.mkdir()
    return folder


def test_the_wheel_holds_everything_a_team_needs(installed, elsewhere):
    code = ("import importlib.metadata as m, perfreport; print(perfreport.__file__); "
            "print(m.version('council-perfreport'), m.distribution('council-perfreport').entry_points.names)")
    shown = subprocess.run([str(installed / "python"), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                           check=True, env=ENVIRONMENT).stdout.splitlines()
    assert str(ROOT) not in shown[0]  # the installed copy, not the checkout
    assert shown[1] == f"{__version__} {{'perfreport'}}"
    result = perfreport(installed, "init", "team", cwd=elsewhere)
    team = elsewhere / "team"
    assert "Next steps:" in result.stdout
    for name in ("perfreport.toml", "templates/committee-report.docx", "templates/indicator-set.docx",
                 "templates/owner-workbook.xlsx", "inputs/performance-report-2023-24-q2.xlsx",
                 "inputs/indicator-set-2019-20.xlsx"):
        assert (team / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_init_then_generate_and_validate_in_the_new_folder(installed, elsewhere):
    perfreport(installed, "init", "team", cwd=elsewhere)
    team = elsewhere / "team"
    generated = perfreport(installed, "generate", cwd=team)
    assert generated.stdout.splitlines() == [
        "Ratings follow the Blue/Green/Amber/Red scheme (perfreport's default).",
        "Filled the committee-report template (templates/committee-report.docx), perfreport's default; "
        "perfreport templates lists the others and how to choose one.",
        "14 indicators: Red 2, Amber 3, Green 6, Blue 1, Baseline 2",
        f"Report written to output/{REPORT}.docx",
    ]
    assert generated.stderr == ""  # not a terminal: no progress shown
    document = Document(team / "output" / f"{REPORT}.docx")
    assert len(sections(document)) == 14
    checked = perfreport(installed, "validate", cwd=team)
    assert checked.stdout.endswith("Checked 1 workbook, 14 indicators: 0 errors, 0 warnings, 0 notices.\n")
    assert perfreport(installed, "check-template", cwd=elsewhere).stdout == "committee-report.docx: no problems found.\n"
    module = subprocess.run([str(installed / "python"), "-m", "perfreport", "schemes"], cwd=elsewhere,
                            capture_output=True, text=True, check=True, env=ENVIRONMENT)
    assert module.stdout.startswith("blue-green-amber-red (default)")


def test_a_workbook_made_with_a_scheme_is_validated_under_it(installed, elsewhere):
    perfreport(installed, "new-workbook", "returns.xlsx", "--scheme", "very-green-green-amber-red", cwd=elsewhere)
    checked = perfreport(installed, "validate", "returns.xlsx", "--format", "json", cwd=elsewhere, check=False)
    assert checked.returncode == 1  # a blank workbook: nothing filled in yet
    assert json.loads(checked.stdout)["scheme"] == "Very Green/Green/Amber/Red"


def test_generate_in_an_empty_folder_says_what_to_give(installed, elsewhere):
    result = perfreport(installed, "generate", cwd=elsewhere, check=False)
    assert result.returncode == 2
    assert "No workbook given" in result.stderr and "perfreport init" in result.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) and not os.environ.get("CI"),
    reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)",
)
def test_the_pdf_from_the_installed_tool(installed, elsewhere):
    perfreport(installed, "init", "team", cwd=elsewhere)
    team = elsewhere / "team"
    result = perfreport(installed, "generate", "--pdf", cwd=team)
    assert f"PDF written to output/{REPORT}.pdf" in result.stdout
    assert (team / "output" / f"{REPORT}.pdf").read_bytes().startswith(b"%PDF")
