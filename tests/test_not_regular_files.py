"""Only regular files are read: a named pipe (FIFO) where a workbook, template, scheme or settings file is
expected is named and skipped, or refused, never opened. Opening a FIFO to read waits for a writer for ever,
so each command runs in a process of its own, and a hang fails the test instead of stopping the suite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLE, TEMPLATE

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")

PERFREPORT = [sys.executable, "-m", "perfreport"]
HANG = 300  # seconds: far beyond what any of these commands takes, so that only a hang reaches it


def run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*PERFREPORT, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=HANG,
                          stdin=subprocess.DEVNULL)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def problems(result: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(result.stdout)["problems"]


def test_a_fifo_in_a_folder_of_returns_is_skipped_with_a_notice(tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "q2.xlsx")
    fifo(folder / "head-of-hr.xlsx")
    result = run("validate", folder, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [(p["code"], p["severity"], p["file"], p["message"]) for p in problems(result)] == [
        ("skipped-file", "notice", "head-of-hr.xlsx", "Skipped: this is a named pipe (FIFO), not a file.")]
    assert json.loads(result.stdout)["workbooks"] == [str(folder / "q2.xlsx")]


def test_a_fifo_named_as_a_workbook_is_refused(tmp_path):
    pipe = fifo(tmp_path / "q3.xlsx")
    result = run("validate", pipe, SAMPLE, "--format", "json")
    assert result.returncode == 1
    refused = [p for p in problems(result) if p["severity"] == "error"]
    assert [(p["code"], p["file"]) for p in refused] == [("not-a-regular-file", str(pipe))]
    assert refused[0]["message"] == "This is a named pipe (FIFO), not a file, so it is not read."


def test_the_reader_refuses_a_fifo_before_opening_it(tmp_path):
    pipe = fifo(tmp_path / "q3.xlsx")
    code = ("import sys; from perfreport.workbook import read_workbook; "
            "print(*[p.code for p in read_workbook(sys.argv[1]).problems])")
    result = subprocess.run([sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=HANG)
    assert result.stdout.split() == ["not-a-regular-file"], result.stderr


def test_generate_refuses_an_html_template_that_is_a_fifo(tmp_path):
    page = fifo(tmp_path / "page.html")
    output = tmp_path / "out" / "q2.docx"
    result = run("generate", SAMPLE, "-t", TEMPLATE, "-o", output, "--html-only", "--html-template", page, "--quiet")
    assert result.returncode == 1
    assert "page.html: This is a named pipe (FIFO), not a file, so it is not read." in result.stderr
    assert not output.with_suffix(".html").exists()


@pytest.mark.parametrize("command", ["generate", "validate"])
def test_a_word_template_that_is_a_fifo_is_refused(tmp_path, command):
    template = fifo(tmp_path / "template.docx")
    result = run(command, SAMPLE, "--template", template, *(["-o", tmp_path / "q2.docx"] if command == "generate" else []))
    assert result.returncode == 1
    assert "template.docx: This is a named pipe (FIFO), not a file, so it is not read." in result.stdout + result.stderr
    assert not (tmp_path / "q2.docx").exists()


@pytest.mark.parametrize("name", ["template.docx", "template.html"])
def test_check_template_refuses_a_fifo(tmp_path, name):
    result = run("check-template", fifo(tmp_path / name))
    assert result.returncode == 1
    assert f"error: {name}: This is a named pipe (FIFO), not a file, so it is not read." in result.stdout


def test_a_scheme_file_that_is_a_fifo_is_refused(tmp_path):
    scheme = fifo(tmp_path / "scheme.toml")
    result = run("validate", SAMPLE, "--scheme", scheme)
    assert result.returncode == 2
    assert f"Cannot read scheme file {scheme}: it is a named pipe (FIFO), not a file." in result.stderr


def test_a_settings_file_that_is_a_fifo_is_refused(tmp_path):
    settings = fifo(tmp_path / "team.toml")
    result = run("validate", SAMPLE, "--config", settings)
    assert result.returncode == 2
    assert f"{settings}: cannot be read: it is a named pipe (FIFO), not a file." in result.stderr


def test_a_settings_file_in_the_folder_that_is_a_fifo_is_refused(tmp_path):
    fifo(tmp_path / "perfreport.toml")
    result = run("validate", SAMPLE, cwd=tmp_path)
    assert result.returncode == 2
    assert "perfreport.toml: cannot be read: it is a named pipe (FIFO), not a file." in result.stderr


def test_a_scheme_the_report_sheet_names_that_is_a_fifo_is_an_error(tmp_path):
    book = load_workbook(SAMPLE)
    report = book["Report"]
    row = next(row for row in report.iter_rows() if row[0].value == "Rating scheme")
    row[1].value = "scheme.toml"
    book.save(tmp_path / "q2.xlsx")
    fifo(tmp_path / "scheme.toml")
    result = run("validate", tmp_path / "q2.xlsx", "--format", "json")
    assert result.returncode == 1
    assert [(p["code"], p["sheet"]) for p in problems(result)] == [("unknown-scheme", "Report")]
    assert "it is a named pipe (FIFO), not a file" in problems(result)[0]["message"]


@pytest.mark.parametrize("piped", ["data", "neighbours"])
def test_national_data_or_a_neighbours_list_that_is_a_fifo_is_refused(tmp_path, piped):
    data, neighbours = tmp_path / "national.csv", tmp_path / "neighbours.csv"
    data.write_text("Area code,Metric,Period,Value\nE10000003,x,2023-24 Q2,1\n")
    neighbours.write_text("E10000002\n")
    os.unlink(data if piped == "data" else neighbours)
    fifo(data if piped == "data" else neighbours)
    result = run("benchmarks", "import", data, SAMPLE, "--area", "E10000003", "--neighbours", neighbours,
                 "--output", tmp_path / "out.xlsx")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "This is a named pipe (FIFO), not a file, so it is not read." in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
