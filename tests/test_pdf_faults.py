"""--pdf when things go wrong: a PDF that cannot be replaced, a full disk, LibreOffice ending its
first start without running the export, a lock file beside the report. A report and its PDF are one
set: where the PDF cannot be written, the earlier set stands whole, and the run says so."""

from __future__ import annotations

import errno
import getpass
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

import perfreport.core.output
import perfreport.report.word.pdf
from conftest import ROOT, SAMPLE, TEMPLATE, indicator
from perfreport.cli.main import main
from perfreport.core.problems import ProblemsFound
from perfreport.generate import generate_report
from perfreport.report.word.pdf import EXPORT, write_pdf

pytestmark = pytest.mark.skipif(not perfreport.report.word.pdf.find_libreoffice(),
                                reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
EARLIER = b"%PDF- the earlier PDF, open in a reader"
ADULTS = "Adults and Health Committee"


def generate_with_pdf(output: Path, monkeypatch, *arguments: str):
    """`perfreport generate --pdf -o OUTPUT` in the checkout, whose settings name the sample workbook."""
    monkeypatch.chdir(ROOT)
    return CliRunner().invoke(main, ["generate", *arguments, "--pdf", "-o", str(output)])


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.fixture
def earlier_set(tmp_path, monkeypatch) -> dict[str, bytes]:
    """A report's set from an earlier run, its PDF open in a reader: report.docx, .pdf and .manifest.json."""
    result = generate_with_pdf(tmp_path / "report.docx", monkeypatch, "--produced-on", "2023-11-30")
    assert result.exit_code == 0, result.output
    (tmp_path / "report.pdf").write_bytes(EARLIER)
    return files_in(tmp_path)


def assert_the_earlier_set_stands(result, folder: Path, earlier: dict[str, bytes], error: str) -> None:
    """The run ends 1, without a traceback, saying what stopped it and that nothing was written; every file
    of the earlier set is as it was, and no other file is left."""
    lines = result.output.splitlines()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and error in lines, result.output
    assert lines[-1] == "No report written: correct the errors above and run again."
    assert files_in(folder) == earlier


def test_a_pdf_open_in_a_reader_leaves_the_whole_earlier_set(tmp_path, monkeypatch, earlier_set):
    """Windows refuses to replace a PDF a reader has open: the rename fails with permission denied, after
    the report's own rename, which is taken back."""
    real_replace = os.replace

    def refused(source, target):
        if str(target).endswith(".pdf"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refused)
    result = generate_with_pdf(tmp_path / "report.docx", monkeypatch)
    assert_the_earlier_set_stands(result, tmp_path, earlier_set, (
        f"error: {tmp_path / 'report.pdf'}: The PDF cannot be written: Permission denied. Nothing was replaced: "
        "report.docx, report.pdf and report.manifest.json are as they were. "
        f"Check that you may write to {tmp_path}, and close the file if it is open in another program (Word, Excel "
        "or a PDF reader)."
    ))


def test_a_full_disk_while_writing_the_pdf_leaves_the_whole_earlier_set(tmp_path, monkeypatch, earlier_set):
    real_write = perfreport.core.output._write_whole

    def disk_fills_up(path: Path, data: bytes, mode: int) -> None:
        if path.name.endswith(".pdf"):
            path.write_bytes(data[:1000])  # part-way through
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(path, data, mode)

    monkeypatch.setattr(perfreport.core.output, "_write_whole", disk_fills_up)
    result = generate_with_pdf(tmp_path / "report.docx", monkeypatch)
    assert_the_earlier_set_stands(result, tmp_path, earlier_set, (
        f"error: {tmp_path / 'report.pdf'}: The PDF cannot be written: No space left on device. Nothing was "
        "replaced: report.docx, report.pdf and report.manifest.json are as they were. The disk is full: free some space and run again."
    ))


def test_a_pdf_path_taken_by_a_folder_is_refused_before_anything_is_written(tmp_path):
    pdf = tmp_path / "report.pdf"
    (pdf / "inside").mkdir(parents=True)
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], TEMPLATE, output=tmp_path / "report.docx", pdf=True)
    [problem] = raised.value.problems
    assert (problem.code, problem.file) == ("output-is-folder", str(pdf))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.pdf"] and (pdf / "inside").is_dir()


def test_by_committee_a_pdf_that_cannot_be_written_stops_the_run_before_any_report(tmp_path, monkeypatch,
                                                                                   make_workbook):
    workbook, folder = make_workbook([indicator("1"), indicator("2", committee=ADULTS)]), tmp_path / "reports"
    blocked = folder / "test-committee-quarter-3-2024-25.pdf"
    (blocked / "inside").mkdir(parents=True)
    result = generate_with_pdf(folder, monkeypatch, str(workbook), "--by", "committee")
    lines = result.output.splitlines()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert lines[0].startswith(f"error: {blocked}: There is a folder here, where the PDF would be written.")
    assert sorted(path.name for path in folder.iterdir()) == [blocked.name]


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
