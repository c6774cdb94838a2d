"""Rolling a workbook forward: definitions kept, current becomes previous, History grows, the rest cleared."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import DETAILS, SAMPLE, figure, indicator
from perfreport.cli.main import main
from perfreport.core.file_names import outside_folder
from perfreport.core.model import HistoryPoint, Link, PeriodType
from perfreport.core.problems import ProblemsFound, has_errors
from perfreport.rating import builtin_scheme, changes_since_last_period
from perfreport.validate import validate
from perfreport.workbook import read_workbook, roll_forward
from perfreport.workbook.collect import read_workbooks


def checksum(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_sample_rolls_forward_to_quarter_3(tmp_path):
    before = checksum(SAMPLE)
    output = tmp_path / "q3.xlsx"
    result = CliRunner().invoke(main, ["new-workbook", "--from", str(SAMPLE), str(output)])
    assert result.exit_code == 0, result.output
    assert "Rolled forward 14 indicators to Quarter 3 2023/24, adding 12 History rows." in result.output
    assert checksum(SAMPLE) == before

    last, new = read_workbooks([SAMPLE]), read_workbook(output)
    assert new.details.produced_on is None  # left for the governance team to fill in, where the template shows it
    assert [(key, problem.cell) for key, problem in new.if_shown] == [("produced_on", "B6")]
    book = load_workbook(output)
    report = {row[0].value: row[1].value for row in book["Report"].iter_rows(min_row=2)}
    assert (report["Period"], report["Financial year"], report["Produced on"]) == ("Quarter 3", "2023/24", None)
    assert report["Committee"] == last.details.committee and report["Team"] == last.details.team

    sheet = book["Indicators"]
    headers = [cell.value for cell in sheet[1]]
    rows = {r[0]: dict(zip(headers, r)) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    for old in last.indicators:
        row = rows[old.number]
        assert (row["Title"], row["Owner"], row["Description"]) == (old.title, old.owner, old.description)
        assert row["Current value"] is None and row["Commentary"] is None and row["Actions"] is None
    foi = rows["182"]
    assert (foi["Target"], foi["Previous value"], book["Indicators"]["K2"].number_format) == (0.9, 0.83, "0.0%")
    assert foi["Useful links"].startswith("Information Commissioner's Office: guidance for the public | https://")
    assert rows["213"]["Target"] == "TBC" and rows["213"]["Status when no target"] == "Baseline"
    assert [rows[n]["Figure type"] for n in ("182", "183", "213")] == [None, "Cumulative", "Rolling"]

    history = [r for r in book["History"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert ("182", "Q2 2023/24", 0.83, 0.9, None, None, None, None, "Amber") in [r[:9] for r in history]
    labels = {number: period for number, period, *_ in history}
    assert labels["186"] == "Sep 2023"  # a monthly indicator's latest month in Quarter 2
    # a year-end forecast or a year's figure joins History once its year has closed, not within the year
    assert [period for number, period, *_ in history if number in ("185", "204")] == [
        p.period for i in last.indicators if i.number in ("185", "204") for p in i.history
    ]


def test_rolling_forward_again_extends_history(tmp_path, make_workbook):
    quarterly = indicator("1", history=(HistoryPoint("Q3 2024/25", figure("80.0")),), actions="Cleared",
                          links=(Link("Guide", "https://example.gov.uk"),), rating_override="Green",
                          override_reason="Reason", committee="Adults Committee")  # fmt: skip
    yearly = indicator("2", period_type=PeriodType.YEAR, history=(HistoryPoint("2024/25", figure("70.0")),))
    last = make_workbook([quarterly, yearly], replace(DETAILS, period="Quarter 4", financial_year="2024/25"))
    output = tmp_path / "q1.xlsx"
    rolled = roll_forward(last, output)
    assert (rolled.period, rolled.financial_year, rolled.history_added) == ("Quarter 1", "2025/26", 1)
    filled = load_workbook(output)
    filled["Report"]["B6"] = DETAILS.produced_on
    for row, current in ((2, 0.85), (3, 0.75)):
        filled["Indicators"].cell(row, 10, current).number_format = "0.0%"
    filled.save(output)
    content = read_workbooks([output])
    one, two = content.indicators
    assert [(p.period, p.value) for p in one.history] == [("Q3 2024/25", figure("80.0")), ("Q4 2024/25", figure("83.0"))]
    assert one.previous == figure("83.0") and one.links == quarterly.links and one.committee == "Adults Committee"
    assert (one.actions, one.rating_override, one.override_reason, one.commentary) == ("", "", "", "")
    # a year's figure, reported again during the same year, replaces that year's History row
    assert [(p.period, p.value) for p in two.history] == [("2024/25", figure("83.0"))]
    assert content.details.period == "Quarter 1"


def test_history_records_each_rating_and_the_next_period_compares_with_it(tmp_path, make_workbook):
    overridden = indicator("1", rating_override="Green", override_reason="Data lag")  # calculated: Amber
    no_figure = indicator("2", current=None, no_target_status="In Development")
    stacked = indicator("3", second_series="Financing costs", second_value=figure("5.0"))
    rolled = tmp_path / "q4.xlsx"
    roll_forward(make_workbook([overridden, no_figure, stacked]), rolled)
    book = load_workbook(rolled)
    history = book["History"]
    assert [[cell.value for cell in row] for row in history.iter_rows(min_row=2, max_col=9)] == [
        ["1", "Q3 2024/25", 0.83, 0.9, None, None, None, None, "Green"],
        ["2", "Q3 2024/25", None, 0.9, None, None, None, None, "In Development"],
        ["3", "Q3 2024/25", 0.83, 0.9, None, None, None, 5, "Amber"],
    ]
    [ratings] = [v for v in history.data_validations.dataValidation if "I2" in str(v.sqref)]
    assert ratings.formula1 == '"Red,Amber,Green,Blue,Baseline,Contextual,In Development"'
    indicators = book["Indicators"]
    assert (indicators["X4"].value, indicators["J4"].value, indicators["Y4"].value) == ("Financing costs", None, None)

    book["Report"]["B6"] = DETAILS.produced_on
    for row, current in ((2, 0.96), (3, 0.85), (4, 0.83)):
        indicators.cell(row, 10, current).number_format = "0.0%"
    book.save(rolled)
    checked = validate([rolled], builtin_scheme())
    assert not has_errors(checked.problems)
    changes = changes_since_last_period(checked.rated)
    assert [(c.rated.indicator.number, c.previous.name, c.current.name, c.recorded) for c in changes.rating_changes] == [
        ("1", "Green", "Blue", True),
        ("2", "In Development", "Amber", True),
    ]
    assert (changes.new, changes.no_current_figure, changes.unknown) == ([], [], [])


def test_a_chosen_period_and_a_workbook_with_errors(tmp_path, make_workbook):
    last = make_workbook([indicator("1")])
    rolled = roll_forward(last, tmp_path / "chosen.xlsx", period="Quarter 1")
    assert (rolled.period, rolled.financial_year) == ("Quarter 1", DETAILS.financial_year)
    broken = load_workbook(last)
    broken["Indicators"]["J2"] = "lots"
    broken.save(last)
    before = checksum(last)
    result = CliRunner().invoke(main, ["new-workbook", "--from", str(last), str(tmp_path / "next.xlsx")])
    assert result.exit_code == 1
    assert "error: owners.xlsx, Indicators!J2" in result.output
    assert "No workbook written: correct the errors above and run again." in result.output
    assert not (tmp_path / "next.xlsx").exists() and checksum(last) == before


def test_never_replaces_last_periods_workbook(make_workbook):
    last = make_workbook([indicator("1")])
    with pytest.raises(ProblemsFound):
        roll_forward(last, last)
    result = CliRunner().invoke(main, ["new-workbook", "--from", str(last), str(last), "--force"])
    assert result.exit_code == 1 and "would be written over a file this run reads" in result.output


def test_a_link_in_the_owners_folder_pointing_elsewhere_is_refused_as_a_workbook(tmp_path, make_workbook):
    last = make_workbook([indicator("1", owner="Head of HR")])
    folder, elsewhere = tmp_path / "sent", tmp_path / "elsewhere.xlsx"
    folder.mkdir()
    elsewhere.write_bytes(b"not a workbook")
    (folder / "head-of-hr.xlsx").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["new-workbook", str(folder), "--from", str(last), "--by", "owner", "--force"])
    assert result.exit_code == 1
    assert "head-of-hr.xlsx: The workbook would be written outside the output folder." in result.output
    assert "report" not in result.output and "No workbook written" in result.output
    assert elsewhere.read_bytes() == b"not a workbook"
    assert outside_folder(folder / "head-of-hr.xlsx", folder, "the owner's workbook").message == (
        "The owner's workbook would be written outside the output folder.")
