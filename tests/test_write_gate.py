"""The one gate every written file passes: nothing the run reads is written over, no two outputs share a
path, a report's files are one set, a replaced file keeps its permissions, and every fault of the disk is a
problem that says what was and was not written."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import perfreport.core.output
from conftest import DETAILS, SAMPLE, TEMPLATE, indicator
from perfreport.cli.main import main
from perfreport.core.output import FileSet, Output, check_outputs, write_file
from perfreport.core.problems import ProblemsFound
from perfreport.shipped import COMMITTEE_HTML, shipped
from perfreport.workbook import write_workbook


def run(*arguments: str, folder: Path | None = None):
    """A perfreport command as a user runs it, in ``folder``."""
    old = Path.cwd()
    if folder:
        os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(arguments))
    finally:
        os.chdir(old)


def assert_refused(result, code: str, path: Path | str) -> None:
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert f"{path}: " in result.output and code in _codes(result.output, path), result.output


def _codes(output: str, path: Path | str) -> str:
    """The messages said of ``path`` (the test names the code by a word of its message)."""
    return "\n".join(line for line in output.splitlines() if f"{path}: " in line)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_each_kind_of_bad_output_is_one_problem_before_any_work(tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    workbook = returns / "hr.xlsx"
    workbook.write_bytes(b"a return")
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder.docx").mkdir()
    outputs = [
        Output(workbook, "the chase list", (".xlsx",)),
        Output(returns / "chase.xlsx", "the chase list", (".xlsx",)),
        Output(tmp_path / "chase.docx", "the chase list", (".xlsx",)),
        Output(tmp_path / "a-file" / "report.docx", "the report", (".docx",)),
        Output(tmp_path / "a-folder.docx", "the report", (".docx",)),
        Output(tmp_path / "same.html", "the HTML page", (".html",)),
        Output(tmp_path / "SAME.html", "the HTML page", (".html",)),
        Output(tmp_path / "nul\0.docx", "the report", (".docx",)),
        Output(tmp_path / "fine.docx", "the report", (".docx",)),
    ]
    problems = check_outputs(outputs, [returns, workbook])
    assert [problem.code for problem in problems] == [
        "overwrite-input", "output-among-returns", "wrong-output-ending", "folder-is-file", "output-is-folder",
        "same-output", "bad-output-name",
    ]
    assert problems[2].message == "The chase list is written as .xlsx, but this name ends .docx."
    assert problems[5].message == "The HTML page and the HTML page would both be written to this file, one over the other."
    assert not (tmp_path / "a-file").is_dir() and not (tmp_path / "fine.docx").exists()


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_usual(tmp_path):
    private = tmp_path / "private.docx"
    private.write_bytes(b"old")
    private.chmod(0o600)
    write_file(Output(private, "the report", (".docx",)), b"new")
    assert private.read_bytes() == b"new" and stat.S_IMODE(private.stat().st_mode) == 0o600
    fresh = write_file(Output(tmp_path / "fresh.docx", "the report", (".docx",)), b"new")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_private_report_stays_private_when_made_again(tmp_path):
    output = tmp_path / "report.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html", "-q").exit_code == 0
    for path in tmp_path.iterdir():
        path.chmod(0o600)
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html", "-q").exit_code == 0
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()} == {
        "report.docx": 0o600, "report.html": 0o600, "report.manifest.json": 0o600}


def test_a_set_that_fails_part_way_takes_back_what_it_put_in_place(tmp_path, monkeypatch):
    first, second = Output(tmp_path / "a.docx", "the report", (".docx",)), Output(tmp_path / "a.html", "the page",
                                                                                   (".html",))
    (tmp_path / "a.docx").write_bytes(b"old report")
    real_replace = os.replace

    def second_fails(source, target):
        if str(target).endswith(".html"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", second_fails)
    with FileSet() as files, pytest.raises(ProblemsFound) as raised:
        files.add(first, b"new report")
        files.add(second, b"new page")
        files.commit()
    [problem] = raised.value.problems
    assert problem.message == ("The page cannot be written: Input/output error. Nothing was replaced: a.docx and "
                               "a.html are as they were.")
    assert snapshot(tmp_path) == {"a.docx": b"old report"}


def test_the_html_template_is_never_replaced_by_the_page(tmp_path):
    page = tmp_path / "page.html"
    shutil.copyfile(shipped(COMMITTEE_HTML), page)
    before = page.read_bytes()
    for arguments in (["--html"], ["--html-only"]):
        result = run("generate", str(SAMPLE), "-t", str(TEMPLATE), "--html-template", str(page),
                     "-o", str(tmp_path / "page.docx"), *arguments)
        assert_refused(result, "written over a file this run reads", page)
        assert page.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_html_only_takes_a_name_ending_html_for_the_page(tmp_path):
    result = run("generate", str(SAMPLE), "-t", str(TEMPLATE), "--html-only", "-o", str(tmp_path / "q2.html"), "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q2.html", "q2.manifest.json"]


def test_a_full_disk_while_writing_the_html_leaves_the_whole_earlier_set(tmp_path, monkeypatch):
    output = tmp_path / "report.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html", "--produced-on",
               "2023-11-30").exit_code == 0
    earlier = snapshot(tmp_path)
    real_write = perfreport.core.output._write_whole

    def full(path: Path, data: bytes, mode: int) -> None:
        if path.name.endswith(".html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(path, data, mode)

    monkeypatch.setattr(perfreport.core.output, "_write_whole", full)
    result = run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"error: {tmp_path / 'report.html'}: The HTML page cannot be written: No space left on device. Nothing "
            "was replaced: report.docx, report.html and report.manifest.json are as they were. The disk is full: free some space and run "
            "again.") in result.output.splitlines()
    assert snapshot(tmp_path) == earlier


def test_verify_tells_a_mixed_set_from_a_whole_one(tmp_path):
    output = tmp_path / "report.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html", "-q").exit_code == 0
    manifest = tmp_path / "report.manifest.json"
    assert run("verify", str(manifest)).exit_code == 0
    (tmp_path / "report.html").write_text("<p>an older page</p>")
    mixed = run("verify", str(manifest))
    assert mixed.exit_code == 1 and mixed.output.startswith("Identical:")
    assert ("A mixed set: report.html beside the manifest is not the one it records, changed, replaced or left by "
            "another run after it was written.") in mixed.output


@pytest.mark.parametrize("damage, said", [
    (lambda record: record | {"workbooks": None}, "Its 'workbooks' is null, not a list of files."),
    (lambda record: record | {"template": "committee-report.docx"}, "Its 'template' is text, not a table."),
    (lambda record: [record], "It holds a list, not the record of a report."),
    (lambda record: record | {"produced_on": "5/12/2023"}, "Its 'produced_on' is not a date written YYYY-MM-DD."),
    (lambda record: {k: v for k, v in record.items() if k != "scheme"}, "It has no 'scheme'."),
])
def test_a_damaged_manifest_is_a_problem_not_a_crash(tmp_path, damage, said):
    output = tmp_path / "report.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "-q").exit_code == 0
    manifest = tmp_path / "report.manifest.json"
    manifest.write_text(json.dumps(damage(json.loads(manifest.read_text()))))
    result = run("verify", str(manifest))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output == (f"error: {manifest}: This is not a manifest perfreport can check: {said} Make the "
                             "report again to write a new manifest.\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_manifest_that_is_a_pipe_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "report.manifest.json"
    os.mkfifo(pipe)
    result = run("verify", str(pipe))
    assert result.exit_code == 1 and "It is not a regular file." in result.output


def two_returns_named_alike(tmp_path: Path) -> list[Path]:
    """hr/return.xlsx and it/return.xlsx, each with a problem on a different indicator."""
    made = []
    for folder, number in (("hr", "1"), ("it", "2")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "return.xlsx"
        write_workbook(path, DETAILS, [indicator(number, commentary="", owner=folder)])
        made.append(path)
    return made


def test_annotated_copies_of_workbooks_named_alike_each_keep_their_own_problems(tmp_path):
    hr, it = two_returns_named_alike(tmp_path)
    result = run("validate", str(hr.parent), str(it.parent), "--annotate", str(tmp_path / "ann"))
    assert "hr/return.xlsx, Indicators!" in result.output and "it/return.xlsx, Indicators!" in result.output
    copies = sorted(str(path.relative_to(tmp_path / "ann")) for path in (tmp_path / "ann").rglob("*.xlsx"))
    assert copies == ["hr/return.xlsx", "it/return.xlsx"]
    for copy, number in ((tmp_path / "ann/hr/return.xlsx", "1"), (tmp_path / "ann/it/return.xlsx", "2")):
        problems = load_workbook(copy)["Problems"]
        assert problems.max_row > 1
        assert load_workbook(copy)["Indicators"]["A2"].value == number


def test_returns_never_writes_the_chase_list_over_a_return_or_as_another_format(tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    write_workbook(returns / "hr.xlsx", DETAILS, [indicator("1")])
    before = snapshot(tmp_path)
    for chase_list, said in ((returns / "hr.xlsx", "written over a file this run reads"),
                             (returns / "chase.xlsx", "a folder of workbooks this run reads"),
                             (tmp_path / "chase.docx", "is written as .xlsx")):
        result = run("returns", str(returns), "--expected", str(returns), "--chase-list", str(chase_list))
        assert_refused(result, said, chase_list)
        assert snapshot(tmp_path) == before


def test_writing_to_a_file_where_a_folder_is_wanted_is_a_problem_in_every_command(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    returns = tmp_path / "returns"
    returns.mkdir()
    write_workbook(returns / "hr.xlsx", DETAILS, [indicator("1", commentary="")])
    commands = [
        ["generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(blocker / "r.docx")],
        ["generate", str(SAMPLE), "-t", str(TEMPLATE), "--by", "committee", "-o", str(blocker)],
        ["new-workbook", str(blocker / "w.xlsx")],
        ["new-workbook", str(blocker / "w"), "--from", str(SAMPLE), "--by", "owner"],
        ["returns", str(returns), "--expected", str(returns), "--chase-list", str(blocker / "c.xlsx")],
        ["validate", str(returns), "--annotate", str(blocker)],
        ["export", str(SAMPLE), "-o", str(blocker / "t.csv")],
    ]
    for arguments in commands:
        result = run(*arguments)
        assert result.exit_code == 1 and "Traceback" not in result.output, (arguments, result.output)
        assert "taken" in result.output and "error:" in result.output, (arguments, result.output)
    assert blocker.read_text() == "a file"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root may write to a read-only folder")
def test_a_read_only_folder_is_a_problem(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("new-workbook", str(folder / "w.xlsx"))
        assert result.exit_code == 1 and "Traceback" not in result.output and "cannot be written" in result.output
    finally:
        folder.chmod(0o700)


def test_new_workbooks_by_owner_stopped_by_a_full_disk_say_which_and_a_rerun_completes_them(tmp_path, monkeypatch):
    folder = tmp_path / "q3"
    real_write = perfreport.core.output._write_whole
    written = []

    def full_after_two(path: Path, data: bytes, mode: int) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(path, data, mode)
        written.append(path)

    monkeypatch.setattr(perfreport.core.output, "_write_whole", full_after_two)
    stopped = run("new-workbook", str(folder), "--from", str(SAMPLE), "--by", "owner")
    assert stopped.exit_code == 1 and "Traceback" not in stopped.output
    lines = stopped.output.splitlines()
    assert sum(line.startswith("Written ") for line in lines) == 2
    assert any(line.startswith("Not written: ") and "run the same command again" in line for line in lines)
    assert len(list(folder.glob("*.xlsx"))) == 2 and not list(folder.glob(".*"))
    monkeypatch.setattr(perfreport.core.output, "_write_whole", real_write)
    again = run("new-workbook", str(folder), "--from", str(SAMPLE), "--by", "owner")
    assert again.exit_code == 0, again.output
    kept = [line for line in again.output.splitlines() if line.startswith("Kept ")]
    assert len(kept) == 2 and all("already written for Quarter 3 2023/24" in line for line in kept)
    everyone = run("new-workbook", str(tmp_path / "all"), "--from", str(SAMPLE), "--by", "owner")
    assert snapshot(folder) == snapshot(tmp_path / "all"), everyone.output


def test_a_name_too_long_for_the_system_is_a_problem_in_every_command(tmp_path):
    long = tmp_path / ("x" * 300)
    for arguments in (["generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", f"{long}.docx"],
                      ["generate", str(SAMPLE), "-t", str(TEMPLATE), "--by", "committee", "-o", str(long)],
                      ["new-workbook", f"{long}.xlsx"],
                      ["new-workbook", str(long), "--from", str(SAMPLE), "--by", "owner"],
                      ["returns", str(SAMPLE), "--expected", str(SAMPLE), "--chase-list", f"{long}.xlsx"]):
        result = run(*arguments)
        assert result.exit_code == 1 and "Traceback" not in result.output, (arguments, result.output)
        assert "This path cannot be used: File name too long." in result.output, (arguments, result.output)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_where_the_report_would_go_is_refused_and_left(tmp_path):
    pipe = tmp_path / "report.docx"
    os.mkfifo(pipe)
    result = run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(pipe))
    assert_refused(result, "is not a file", pipe)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_verify_names_a_page_an_earlier_run_left_beside_a_report_without_one(tmp_path):
    output = tmp_path / "q2.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "--html", "-q").exit_code == 0
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "-q").exit_code == 0
    checked = run("verify", str(tmp_path / "q2.manifest.json"))
    assert checked.exit_code == 1 and "A mixed set: q2.html beside the manifest" in checked.output


def test_html_only_keeps_the_ending_it_is_given(tmp_path):
    result = run("generate", str(SAMPLE), "-t", str(TEMPLATE), "--html-only", "-o", str(tmp_path / "q2.htm"), "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q2.htm", "q2.manifest.json"]


def test_a_manifest_naming_no_report_file_is_damaged(tmp_path):
    output = tmp_path / "report.docx"
    assert run("generate", str(SAMPLE), "-t", str(TEMPLATE), "-o", str(output), "-q").exit_code == 0
    manifest = tmp_path / "report.manifest.json"
    record = json.loads(manifest.read_text())
    for path in ("", "/", ".."):
        manifest.write_text(json.dumps(record | {"report": record["report"] | {"path": path}}))
        result = run("verify", str(manifest))
        assert result.exit_code == 1 and "Its 'report' 'path' is not the path of a file." in result.output, path
