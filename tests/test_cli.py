"""The command line, driven as a user would drive it."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

import perfreport.report.word.pdf
from conftest import ROOT, indicator
from perfreport import __version__
from perfreport.cli.main import main
from perfreport.core.problems import Problem, Severity
from perfreport.generate import generate_report


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder laid out like the project: inputs/, templates/ and perfreport.toml, run from inside it."""
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copyfile(ROOT / "perfreport.toml", tmp_path / "perfreport.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_help_and_version():
    assert "generate" in run("--help").output
    assert run("--version").output.strip() == f"perfreport, version {__version__}"


def test_generate_with_no_arguments_uses_the_sample(project):
    result = run("generate")
    assert result.exit_code == 0, result.output
    output = project / "output" / "strategy-and-resources-committee-quarter-2-2023-24.docx"
    assert f"Report written to {output.relative_to(project)}" in result.output
    assert "14 indicators: Red 2, Amber 3, Green 6, Blue 1, Baseline 2" in result.output
    headings = [p.text for p in Document(output).paragraphs if p.style.name == "Heading 1"]
    assert "Indicator 183: Percentage of Subject Access Requests completed within statutory timescales (Year to Date)" in headings


def test_generate_to_a_chosen_path(project):
    result = run("generate", "inputs/performance-report-2023-24-q2.xlsx", "--output", "elsewhere/q2.docx")
    assert result.exit_code == 0, result.output
    assert (project / "elsewhere" / "q2.docx").is_file()


def test_errors_are_listed_and_nothing_is_written(project, make_workbook):
    workbook = make_workbook([indicator("1"), indicator("2")])
    book = load_workbook(workbook)
    book["Indicators"]["B2"] = None
    book["Indicators"]["J3"] = "lots"
    book.save(workbook)
    earlier = project / "report.docx"
    earlier.write_bytes(b"the earlier report")
    result = run("generate", str(workbook), "--output", str(earlier))
    assert result.exit_code == 1
    assert "error: owners.xlsx, Indicators!B2: Title is blank." in result.output
    assert "error: owners.xlsx, Indicators!J3: Current value: 'lots' is not a figure." in result.output
    assert "No report written" in result.output
    assert earlier.read_bytes() == b"the earlier report"


def test_refuses_to_overwrite_an_input(project):
    result = run("generate", "--output", "templates/committee-report.docx")
    assert result.exit_code == 1
    assert "would be written over a file this run reads" in result.output


def test_unknown_scheme_is_a_usage_error(project):
    result = run("generate", "--scheme", "purple")
    assert result.exit_code == 2
    assert "no built-in scheme named 'purple'" in result.output


def test_missing_workbook(project):
    result = run("generate", "nowhere.xlsx")
    assert result.exit_code == 1
    assert "nowhere.xlsx: No such file or folder." in result.output


def test_a_template_that_is_not_a_word_document(project):
    result = run("generate", "--template", "inputs/performance-report-2023-24-q2.xlsx", "--output", "r.docx")
    assert result.exit_code == 1
    assert "error: performance-report-2023-24-q2.xlsx: This is not a Word document." in result.output


def test_a_workbook_without_indicators(project, make_workbook):
    result = run("generate", str(make_workbook([])))
    assert result.exit_code == 1
    assert "owners.xlsx, Indicators!A2: There are no indicators below the header row." in result.output
    assert not (project / "output").exists()


def test_a_folder_without_workbooks(project):
    (project / "empty").mkdir()
    result = run("generate", "empty")
    assert result.exit_code == 1
    assert "empty: This folder holds no workbooks to read." in result.output


def test_an_output_that_cannot_be_written(project):
    (project / "taken.docx").mkdir()
    result = run("generate", "--output", "taken.docx")
    assert result.exit_code == 1
    assert "taken.docx: There is a folder here, where the report would be written." in result.output
    assert list(project.glob(".taken*")) == []


def test_inputs_are_left_untouched(project):
    inputs = [project / "inputs" / "performance-report-2023-24-q2.xlsx", project / "templates" / "committee-report.docx"]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in inputs]
    assert run("generate").exit_code == 0
    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in inputs] == before


@pytest.fixture
def pdf_with_a_warning(monkeypatch):
    """LibreOffice stood in for: each PDF made with one warning, named as the PDF's."""
    def make_pdfs(jobs):
        return [(b"%PDF-1.7 made", [Problem("pdf-not-accessible", Severity.WARNING, "The PDF lacks a tag.",
                                            file=str(pdf))]) for _, pdf in jobs]
    monkeypatch.setattr(perfreport.report.word.pdf, "find_libreoffice", lambda: "soffice")
    monkeypatch.setattr(perfreport.report.word.pdf, "make_pdfs", make_pdfs)


def test_the_pdfs_problems_come_apart_from_the_reports(project, pdf_with_a_warning):
    generated = generate_report([project / "inputs" / "performance-report-2023-24-q2.xlsx"], pdf=True,
                                output=project / "q2.docx")
    [warning] = generated.pdf_problems
    assert (warning.code, warning.file) == ("pdf-not-accessible", str(project / "q2.pdf"))
    assert warning in generated.problems and (project / "q2.pdf").read_bytes() == b"%PDF-1.7 made"


def test_the_pdfs_problems_are_printed_after_it(project, pdf_with_a_warning):
    result = run("generate", "--pdf", "--output", "q2.docx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    [warning] = [number for number, line in enumerate(lines) if "The PDF lacks a tag." in line]
    assert lines[warning - 1] == "PDF written to q2.pdf"
