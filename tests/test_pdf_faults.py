"""--pdf when things go wrong: a PDF that cannot be replaced, a full disk, LibreOffice ending its
first start without running the export, a lock file beside the report. The report stands, and is
said to, before the PDF's problem."""

from __future__ import annotations

import errno
import getpass
import os
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

import perfreport.report.word.pdf
from conftest import ROOT, SAMPLE, TEMPLATE, indicator
from perfreport.cli import main
from perfreport.generate import generate_report
from perfreport.manifest import SUFFIX as MANIFEST
from perfreport.problems import ProblemsFound
from perfreport.report.word.pdf import EXPORT, write_pdf

pytestmark = pytest.mark.skipif(not perfreport.report.word.pdf.find_libreoffice(),
                                reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
EARLIER = b"%PDF- the earlier PDF, open in a reader"
ADULTS = "Adults and Health Committee"


def generate_with_pdf(output: Path, monkeypatch, *arguments: str):
    """`perfreport generate --pdf -o OUTPUT` in the checkout, whose settings name the sample workbook."""
    monkeypatch.chdir(ROOT)
    return CliRunner().invoke(main, ["generate", *arguments, "--pdf", "-o", str(output)])


def assert_said_after_the_report(result, output: Path, error: str) -> None:
    """The run ends 1, without a traceback, saying the report was written and then what stopped the PDF."""
    lines = result.output.splitlines()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert lines.index(f"Report written to {output}") < lines.index(error)
    assert output.is_file()


def test_a_pdf_open_in_a_reader_gives_a_clear_message(tmp_path, monkeypatch):
    """Windows refuses to replace a PDF a reader has open: the rename fails with permission denied."""
    output, pdf = tmp_path / "report.docx", tmp_path / "report.pdf"
    pdf.write_bytes(EARLIER)
    real_replace = os.replace

    def refused(source, target):
        if str(target).endswith(".pdf"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refused)
    result = generate_with_pdf(output, monkeypatch)
    assert_said_after_the_report(result, output, (
        f"error: {pdf}: The PDF cannot be written: Permission denied. "
        "Close the PDF if it is open in a PDF reader, and check that the folder can be written to."
    ))
    assert pdf.read_bytes() == EARLIER
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.endswith(MANIFEST)) == ["report.docx", "report.pdf"]


def test_a_full_disk_while_copying_the_pdf_gives_a_clear_message(tmp_path, monkeypatch):
    output, pdf = tmp_path / "report.docx", tmp_path / "report.pdf"
    pdf.write_bytes(EARLIER)
    real_copyfile = shutil.copyfile

    def disk_fills_up(source, target, *args, **kwargs):
        if str(target).endswith(".pdf"):
            Path(target).write_bytes(Path(source).read_bytes()[:1000])  # part-way through
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_copyfile(source, target, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", disk_fills_up)
    result = generate_with_pdf(output, monkeypatch)
    assert_said_after_the_report(result, output, (
        f"error: {pdf}: The PDF cannot be written: No space left on device. "
        "The disk is full: free some space and run again."
    ))
    assert pdf.read_bytes() == EARLIER
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.endswith(MANIFEST)) == ["report.docx", "report.pdf"]


def test_a_pdf_path_taken_by_a_folder_is_a_problem_there(tmp_path):
    pdf = tmp_path / "report.pdf"
    (pdf / "inside").mkdir(parents=True)
    generated = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx", pdf=True)
    [problem] = generated.problems
    assert (problem.code, problem.file) == ("cannot-write", str(pdf))
    assert problem.message.startswith("The PDF cannot be written:") and generated.pdf is None
    assert generated.output.is_file() and (pdf / "inside").is_dir()


def test_by_committee_each_report_is_said_before_its_pdf_problem(tmp_path, monkeypatch, make_workbook):
    workbook, folder = make_workbook([indicator("1"), indicator("2", committee=ADULTS)]), tmp_path / "reports"
    blocked = folder / "test-committee-quarter-3-2024-25.pdf"
    (blocked / "inside").mkdir(parents=True)
    result = generate_with_pdf(folder, monkeypatch, str(workbook), "--by", "committee")
    lines = result.output.splitlines()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    written = next(n for n, line in enumerate(lines) if line.startswith(f"Report written to {blocked.with_suffix('.docx')}:"))
    assert lines[written + 1].startswith(f"error: {blocked}: The PDF cannot be written:")
    adults = folder / "adults-and-health-committee-quarter-3-2024-25.docx"
    other = next(n for n, line in enumerate(lines) if line.startswith(f"Report written to {adults}: {ADULTS}"))
    assert lines[other + 1] == f"PDF written to {adults.with_suffix('.pdf')}"
    assert sum(line.startswith("error:") for line in lines) == 1


def test_a_run_that_ends_without_running_the_export_is_made_again(tmp_path, monkeypatch):
    """LibreOffice given a macro it does not run (here, the settings folder's empty Main) ends at
    once with exit status 0 and no PDF, as a first start may: the export is run once more."""
    report = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx").output
    runs = recorded_runs(monkeypatch, skip_first_export=True)
    write_pdf(report, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert runs == [("--terminate_after_init", 0), ("macro:///Standard.Module1.Main", 0), (EXPORT, 0)]


def test_a_libreoffice_that_never_runs_the_export_says_so(tmp_path, monkeypatch):
    report = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx").output
    monkeypatch.setattr(perfreport.report.word.pdf, "EXPORT", "macro:///Standard.Module1.Main")
    with pytest.raises(ProblemsFound) as raised:
        write_pdf(report, tmp_path / "report.pdf")
    [problem] = raised.value.problems
    assert (problem.code, problem.file) == ("pdf-failed", str(tmp_path / "report.pdf"))
    assert problem.message == ("LibreOffice could not write the PDF. LibreOffice said: nothing; "
                               "it stopped (exit status 0) without finishing the PDF.")


def test_a_first_start_that_restarts_libreoffice_still_gives_the_pdf(tmp_path, monkeypatch):
    """soffice.bin, run without the soffice launcher that restarts it, ends with exit status 81
    when its first full start in a settings folder rebuilds the extensions' cache (as it does
    when that folder has no record of the build): the export is run again, and the PDF made."""
    binary = Path(perfreport.report.word.pdf.find_libreoffice()).resolve().with_name("soffice.bin")
    if not binary.is_file():
        pytest.skip("no soffice.bin beside soffice")
    report = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx").output
    real_add_macro = perfreport.report.word.pdf._add_macro

    def add_macro_and_forget_the_build(profile: Path) -> None:
        real_add_macro(profile)
        (profile / "user" / "extensions" / "buildid").unlink()

    monkeypatch.setattr(perfreport.report.word.pdf, "find_libreoffice", lambda: str(binary))
    monkeypatch.setattr(perfreport.report.word.pdf, "_add_macro", add_macro_and_forget_the_build)
    runs = recorded_runs(monkeypatch)
    write_pdf(report, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert runs == [("--terminate_after_init", 0), (EXPORT, 81), (EXPORT, 0)]


def recorded_runs(monkeypatch, skip_first_export: bool = False) -> list[tuple[str, int]]:
    """Each LibreOffice run's argument and exit status, as write_pdf makes them; with
    ``skip_first_export``, the first export is given the settings folder's empty Main instead."""
    runs: list[tuple[str, int]] = []
    real_libreoffice = perfreport.report.word.pdf._libreoffice

    def run(soffice, profile, argument, **environment):
        if skip_first_export and len(runs) == 1:  # the first export, after the set-up run
            argument = "macro:///Standard.Module1.Main"
        ended = real_libreoffice(soffice, profile, argument, **environment)
        runs.append((argument, ended.returncode))
        return ended

    monkeypatch.setattr(perfreport.report.word.pdf, "_libreoffice", run)
    return runs


def test_a_lock_file_beside_the_report_does_not_stop_the_pdf(tmp_path):
    """LibreOffice leaves .~lock.<name># beside a document it has open, and behind when it is
    stopped part-way. One of this user's on this machine made every load fail ("Object variable
    not set"): the report is now read read-only, and its PDF written."""
    report = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx").output
    lock = tmp_path / ".~lock.report.docx#"
    lock.write_text(f",{getpass.getuser()},{socket.gethostname()},01.12.2026 09:00,file:///elsewhere/profile;")
    write_pdf(report, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert lock.is_file()  # not ours to remove
