"""A workbook's rating scheme travels with it or is checked: the Report sheet records, beside the scheme it
names, the scheme's name and the SHA-256 of its TOML text. A different file at that path is warned of; a
missing file whose recorded scheme is a built-in's is replaced by that built-in, with a notice; validate and
generate say which scheme the ratings follow; workbooks made before the record was kept read as before."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLE, TEMPLATE
from perfreport.cli.main import main
from perfreport.rating.scheme import builtin_schemes, load_scheme
from perfreport.workbook.scheme_record import scheme_record

BLUE, VERY_GREEN = "blue-green-amber-red", "very-green-green-amber-red"
OWN = builtin_schemes()[BLUE].replace('name = "Blue/Green/Amber/Red"', 'name = "Council BGAR"')


def run(*args: object):
    return CliRunner().invoke(main, [*map(str, args)])


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def made_for(tmp_path: Path, text: str, recorded: bool = True) -> Path:
    """The sample, returned into team/returns/q2.xlsx, naming ../scheme.toml (holding ``text``) and, where
    ``recorded``, recording that scheme as new-workbook does."""
    team = tmp_path / "team"
    (team / "returns").mkdir(parents=True)
    (team / "scheme.toml").write_text(text, encoding="utf-8")
    book = load_workbook(SAMPLE)
    report = book["Report"]
    report["B10"] = "../scheme.toml"
    if recorded:
        report.append(["Rating scheme recorded", scheme_record(load_scheme(team / "scheme.toml"))])
    path = team / "returns" / "q2.xlsx"
    book.save(path)
    return path


def checked(path: Path) -> dict:
    result = run("validate", path, "--format", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.output)


def problems(found: dict) -> list[tuple[str, str, str, str]]:
    """Each problem of the Report sheet. (Under the Very Green scheme, the sample's Baseline is not a status.)"""
    return [(p["code"], p["severity"], p["sheet"], p["cell"]) for p in found["problems"] if p["sheet"] == "Report"]


def test_new_workbook_records_the_scheme_beside_the_one_it_names(tmp_path):
    (tmp_path / "scheme.toml").write_text(OWN, encoding="utf-8")
    (tmp_path / "sent").mkdir()
    for name, scheme, text in (("own.xlsx", tmp_path / "scheme.toml", OWN),
                               ("built-in.xlsx", VERY_GREEN, builtin_schemes()[VERY_GREEN])):
        result = run("new-workbook", tmp_path / "sent" / name, "--scheme", scheme)
        assert result.exit_code == 0, result.output
        report = load_workbook(tmp_path / "sent" / name)["Report"]
        assert (report["A10"].value, report["A11"].value) == ("Rating scheme", "Rating scheme recorded")
        assert report["B10"].value == ("../scheme.toml" if name == "own.xlsx" else VERY_GREEN)
        assert report["B11"].value == f"{load_scheme_name(text)}, SHA-256 {sha(text)}"
        assert report["B11"].protection.locked and not report["B10"].protection.locked


def load_scheme_name(text: str) -> str:
    return next(line.split('"')[1] for line in text.splitlines() if line.startswith("name = "))


def test_a_workbook_without_a_scheme_records_none(tmp_path):
    assert run("new-workbook", tmp_path / "blank.xlsx").exit_code == 0
    assert load_workbook(tmp_path / "blank.xlsx")["Report"]["B11"].value is None


def test_a_different_file_at_the_path_is_warned_of_and_the_ratings_follow_it(tmp_path):
    path = made_for(tmp_path, builtin_schemes()[BLUE])
    before = checked(path)
    assert problems(before) == [] and before["scheme"] == "Blue/Green/Amber/Red"
    (path.parent.parent / "scheme.toml").write_text(builtin_schemes()[VERY_GREEN], encoding="utf-8")
    after = checked(path)
    assert problems(after) == [("scheme-changed", "warning", "Report", "B10")]
    [warned] = [p for p in after["problems"] if p["sheet"] == "Report"]
    message = warned["message"]
    assert message == (
        f"Rating scheme: ../scheme.toml is now Very Green/Green/Amber/Red (SHA-256 "
        f"{sha(builtin_schemes()[VERY_GREEN])[:12]}), not the scheme this workbook was made for, Blue/Green/Amber/Red "
        f"(SHA-256 {sha(builtin_schemes()[BLUE])[:12]}), so its ratings may differ from those its owner saw.")
    assert "put that scheme's file at ../scheme.toml from the workbook's folder" in warned["action"]
    was = {number: r["rating"] for number, r in before["ratings"].items()}
    now = {number: r["rating"] for number, r in after["ratings"].items()}
    assert was["204"] == "Green" and now["204"] != "Green"  # re-rated under the file found


def test_a_missing_file_whose_recorded_scheme_is_built_in_uses_the_built_in_with_a_notice(tmp_path):
    path = made_for(tmp_path, builtin_schemes()[VERY_GREEN])
    alone = tmp_path / "alone" / "q2.xlsx"
    alone.parent.mkdir()
    shutil.copyfile(path, alone)  # sent on its own, without the scheme file
    found = checked(alone)
    assert problems(found) == [("recorded-scheme-used", "notice", "Report", "B10")]
    assert found["scheme"] == "Very Green/Green/Amber/Red"
    assert "is perfreport's built-in very-green-green-amber-red, so ratings follow that." in next(
        p["message"] for p in found["problems"] if p["sheet"] == "Report")
    result = run("validate", alone)
    assert ("Ratings follow the Very Green/Green/Amber/Red scheme (perfreport's built-in very-green-green-amber-red, "
            "as recorded on the Report sheet of q2.xlsx).") in result.output


def test_a_missing_file_of_a_scheme_of_its_own_is_an_error_naming_the_scheme_recorded(tmp_path):
    path = made_for(tmp_path, OWN)
    alone = tmp_path / "q2.xlsx"
    shutil.copyfile(path, alone)
    found = checked(alone)
    assert problems(found) == [("unknown-scheme", "error", "Report", "B10")]
    assert "Cannot read scheme file" in found["problems"][0]["message"]
    assert found["problems"][0]["action"] == (
        f"This workbook was made for Council BGAR (SHA-256 {sha(OWN)[:12]}): put that scheme's file at "
        "../scheme.toml from the workbook's folder, or give it with --scheme.")


def test_validate_and_generate_name_the_scheme_the_ratings_follow(tmp_path):
    path = made_for(tmp_path, OWN)
    line = "Ratings follow the Council BGAR scheme (named on the Report sheet of q2.xlsx)."
    validated = run("validate", path)
    assert validated.exit_code == 0 and line in validated.output.splitlines()
    output = tmp_path / "q2.docx"
    generated = run("generate", path, "-t", TEMPLATE, "-o", output, "--quiet")
    assert generated.exit_code == 0, generated.output
    assert generated.output.splitlines()[0] == line and output.is_file()


def test_generate_warns_of_a_changed_scheme_and_still_writes_the_report(tmp_path):
    path = made_for(tmp_path, builtin_schemes()[BLUE])
    (path.parent.parent / "scheme.toml").write_text(OWN, encoding="utf-8")
    output = tmp_path / "q2.docx"
    result = run("generate", path, "-t", TEMPLATE, "-o", output, "--quiet")
    assert result.exit_code == 0, result.output
    assert "warning: q2.xlsx, Report!B10: Rating scheme: ../scheme.toml is now Council BGAR" in result.output
    assert output.is_file()


@pytest.mark.parametrize("text", [builtin_schemes()[BLUE], OWN], ids=["built-in text", "own text"])
def test_a_workbook_made_before_the_record_was_kept_reads_as_before(tmp_path, text):
    path = made_for(tmp_path, text, recorded=False)
    assert problems(checked(path)) == []
    alone = tmp_path / "q2.xlsx"
    shutil.copyfile(path, alone)
    found = checked(alone)  # without its file, as before: an error, with the usual advice
    assert problems(found) == [("unknown-scheme", "error", "Report", "B10")]
    assert found["problems"][0]["action"].startswith("Give a built-in scheme's name")


def test_rolling_forward_warns_of_a_changed_scheme_and_records_the_one_used(tmp_path):
    path = made_for(tmp_path, builtin_schemes()[BLUE])
    (path.parent.parent / "scheme.toml").write_text(OWN, encoding="utf-8")
    target = path.parent / "q3.xlsx"
    result = run("new-workbook", target, "--from", path)
    assert result.exit_code == 0, result.output
    assert "warning: q2.xlsx, Report!B10: Rating scheme: ../scheme.toml is now Council BGAR" in result.output
    assert load_workbook(target)["Report"]["B11"].value == f"Council BGAR, SHA-256 {sha(OWN)}"
