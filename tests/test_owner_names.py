"""Owners' names in one form: spellings that differ only in Unicode form (composed or decomposed accents), case
or spaces are one owner, with one workbook and one line of returns; names that only look alike stay apart,
with a warning naming both spellings and their cells."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLE
from perfreport.cli.main import main
from perfreport.core.name_matching import look_alikes, same_name
from perfreport.quarter.returns import IndicatorReturn, Returns, ReturnStatus
from perfreport.workbook import read_workbook

COMPOSED = unicodedata.normalize("NFC", "José Núñez")
DECOMPOSED = unicodedata.normalize("NFD", "José Núñez")


def with_owners(tmp_path: Path, owners: dict[str, str]) -> Path:
    """The sample with the Owner cells given (e.g. C2) changed."""
    book = load_workbook(SAMPLE)
    for ref, owner in owners.items():
        book["Indicators"][ref] = owner
    path = tmp_path / "q2.xlsx"
    book.save(path)
    return path


def rolled_by_owner(tmp_path: Path, last: Path):
    result = CliRunner().invoke(main, ["new-workbook", str(tmp_path / "sent"), "--from", str(last), "--by", "owner"])
    assert result.exit_code == 0, result.output
    return result


def owners_sent(folder: Path) -> dict[str, list[str]]:
    """Each workbook's owner spellings, as read back."""
    found = {}
    for path in sorted(folder.iterdir()):
        found[path.name] = sorted({row.owner for row in read_workbook(path).rows})
    return found


def test_spellings_that_differ_in_unicode_form_case_or_spaces_get_one_workbook(tmp_path):
    assert COMPOSED != DECOMPOSED
    last = with_owners(tmp_path, {"C2": COMPOSED, "C3": DECOMPOSED, "C4": "JOSÉ  NÚÑEZ", "C5": f" {DECOMPOSED.lower()}"})
    result = rolled_by_owner(tmp_path, last)
    sent = owners_sent(tmp_path / "sent")
    josé = [name for name, owners in sent.items() if any(same_name(o) == same_name(COMPOSED) for o in owners)]
    assert len(josé) == 1, sent
    assert len(read_workbook(tmp_path / "sent" / josé[0]).rows) == 4
    assert f"{COMPOSED}, 4 indicators" in result.output
    assert "warning" not in result.output


@pytest.mark.parametrize("one, other", [(COMPOSED, "Jose Nunez"), ("J. Smith", "J Smith"), ("Mary-Ann Lee", "Maryann Lee")])
def test_names_that_only_look_alike_stay_apart_with_a_warning_naming_both(tmp_path, one, other):
    last = with_owners(tmp_path, {"C2": one, "C3": other})
    result = rolled_by_owner(tmp_path, last)
    sent = owners_sent(tmp_path / "sent")
    assert sum(owners in ([one], [other]) for owners in sent.values()) == 2, sent
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: q2.xlsx, Indicators!C3: Owner {one!r} (q2.xlsx, Indicators!C2) and {other!r} (q2.xlsx, "
        "Indicators!C3) differ only in accents, punctuation or spaces, so each has a workbook of its own. If they "
        "are one owner, spell the name the same way on every row and roll forward again."
    ]


def test_the_name_matching_rules():
    assert same_name(DECOMPOSED) == same_name(COMPOSED) == same_name("  JOSÉ\tNÚÑEZ ")
    assert same_name("Jose Nunez") != same_name(COMPOSED)
    assert look_alikes([COMPOSED, DECOMPOSED, "Jose Nunez", "J. Smith", "J Smith", "Ann Lee", "A. N. Other"]) == [
        (COMPOSED, "Jose Nunez"), ("J. Smith", "J Smith")]
    assert look_alikes(["-", "?"]) == []  # names with no letters are not alike for that


def test_returns_by_owner_holds_one_owner_however_the_name_is_spelt():
    returns = Returns([IndicatorReturn("1", "One", COMPOSED, ReturnStatus.COMPLETE),
                       IndicatorReturn("2", "Two", DECOMPOSED, ReturnStatus.MISSING),
                       IndicatorReturn("3", "Three", "josé núñez", ReturnStatus.MISSING)])
    assert {owner: [i.number for i in items] for owner, items in returns.by_owner().items()} == {COMPOSED: ["1", "2", "3"]}


def test_the_returns_command_lists_one_owner_however_the_expected_workbooks_spell_it(tmp_path):
    sent = with_owners(tmp_path, {"C2": COMPOSED, "C3": DECOMPOSED})
    back = tmp_path / "returns"
    back.mkdir()
    result = CliRunner().invoke(main, ["returns", str(back), "--expected", str(sent), "--chase-list",
                                       str(tmp_path / "chase.xlsx")])
    assert f"{COMPOSED}: 0 of 2 back" in result.output and DECOMPOSED not in result.output
    chase = load_workbook(tmp_path / "chase.xlsx")["Chase list"]
    assert [row[0] for row in chase.iter_rows(min_row=2, values_only=True)].count(COMPOSED) == 1
