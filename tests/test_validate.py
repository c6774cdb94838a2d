"""perfreport validate: every check, each problem at its cell, and the command's output and exit status."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import DETAILS, SAMPLE, TEMPLATE, figure, indicator
from perfreport.cli.main import main
from perfreport.core.model import HistoryPoint, PeriodType, Unit
from perfreport.core.problems import Severity
from perfreport.rating import builtin_scheme
from perfreport.validate import validate


def found(paths) -> set[tuple[str, str, str, str]]:
    """(severity, code, sheet, cell) of every problem."""
    return {(p.severity.value, p.code, p.sheet, p.cell) for p in validate(paths, builtin_scheme()).problems}


def edited(path, **cells):
    """The workbook with Indicators cells set, as an owner might leave them."""
    book = load_workbook(path)
    for ref, value in cells.items():
        book["Indicators"][ref] = value
    book.save(path)
    return path


def test_the_sample_passes_every_check():
    assert validate([SAMPLE], builtin_scheme()).problems == []


def test_required_cells_target_and_direction(make_workbook):
    path = edited(make_workbook([indicator("1"), indicator("2")]), H2="soon", I2=None, J3=None, C3="  ")
    assert found([path]) == {
        ("error", "invalid-value", "Indicators", "H2"),
        ("error", "missing-value", "Indicators", "I2"),
        ("error", "missing-value", "Indicators", "J3"),
        ("error", "missing-value", "Indicators", "C3"),
    }


def test_an_empty_previous_value_is_a_warning_but_a_stated_n_a_is_not(make_workbook):
    path = edited(make_workbook([indicator("1"), indicator("2")]), K2=None, K3="n/a")
    assert found([path]) == {("warning", "empty-previous", "Indicators", "K2")}


def test_red_without_actions_and_missing_commentary(make_workbook):
    red = indicator("1", current=figure("50.0"), actions="")
    red_with_actions = indicator("2", current=figure("50.0"), actions="A plan.")
    silent = indicator("3", commentary="")
    assert found([make_workbook([red, red_with_actions, silent])]) == {
        ("warning", "missing-actions", "Indicators", "Q2"),
        ("warning", "empty-commentary", "Indicators", "P4"),
    }


def test_commentary_longer_than_the_report_sheets_word_limit(make_workbook):
    details = replace(DETAILS, commentary_word_limit=5)
    path = make_workbook([indicator("1", commentary="one two three four five"), indicator("2", commentary="a " * 6)], details)
    [problem] = validate([path], builtin_scheme()).problems
    assert (problem.code, problem.cell) == ("long-commentary", "P3")
    assert problem.message == "Commentary has 6 words; the Report sheet sets a limit of 5."


def test_a_link_without_words_is_a_warning(make_workbook):
    path = edited(make_workbook([indicator("1"), indicator("2")]),
                  R2="https://example.org/data\nDefinitions | https://example.org/definitions\nwww.example.org",
                  R3="Guidance | https://example.org/guidance")
    [problem] = validate([path], builtin_scheme()).problems
    assert (problem.severity, problem.code, problem.sheet, problem.cell) == (
        Severity.WARNING, "link-without-words", "Indicators", "R2"
    )
    assert problem.message.startswith("https://example.org/data and https://www.example.org have no words")
    assert "text | https://" in problem.action


def test_implausible_values(make_workbook):
    too_high = indicator("1", current=figure("120.0"), previous=figure("-1.0"))
    negative_count = indicator(
        "2", unit=Unit.NUMBER, current=figure("-3"), target=figure("10"), previous=figure("2"), actions="A plan."
    )
    money_may_be_negative = indicator("3", unit=Unit.MONEY, current=figure("-500"), target=figure("0"), actions="A plan.")
    assert found([make_workbook([too_high, negative_count, money_may_be_negative])]) == {
        ("warning", "implausible-value", "Indicators", "J2"),
        ("warning", "implausible-value", "Indicators", "K2"),
        ("warning", "implausible-value", "Indicators", "J3"),
    }


def test_duplicate_numbers_within_a_file_and_across_files(make_workbook):
    first = make_workbook([indicator("1"), indicator("2"), indicator("1")], name="a.xlsx")
    second = make_workbook([indicator("2")], name="b.xlsx")
    problems = [p for p in validate([first, second], builtin_scheme()).problems if p.code == "duplicate-number"]
    assert [(p.file, p.cell, p.message) for p in problems] == [
        ("a.xlsx", "A4", "Indicator 1 is also at a.xlsx, Indicators!A2."),
        ("b.xlsx", "A2", "Indicator 2 is also at a.xlsx, Indicators!A3."),
    ]


def test_report_sheets_that_disagree_name_both_files(make_workbook):
    first = make_workbook([indicator("1")], name="a.xlsx")
    second = make_workbook([indicator("2")], replace(DETAILS, period="Quarter 4"), name="b.xlsx")
    [problem] = validate([first, second], builtin_scheme()).problems
    assert (problem.code, problem.file, problem.sheet) == ("details-disagree", "b.xlsx", "Report")
    assert "a.xlsx" in problem.message


def history(*periods: str) -> tuple[HistoryPoint, ...]:
    """History rows at 84.0, the Previous value of ``indicator()``."""
    return tuple(HistoryPoint(period, figure("84.0")) for period in periods)


def test_history_out_of_sequence(make_workbook):
    # The report is for Quarter 3 2024/25 (DETAILS).
    clean = indicator("1", history=history("Q1 2024/25", "Q2 2024/25"))
    gap = indicator("2", history=history("Q4 2023/24", "Q2 2024/25"))
    unknown = indicator("3", history=history("Quarter five"))
    too_late = indicator("4", history=history("Q2 2024/25", "Q3 2024/25"))
    monthly = indicator("5", period_type=PeriodType.MONTH, history=history("Oct 2024", "Nov 2024"))
    problems = validate([make_workbook([clean, gap, unknown, too_late, monthly])], builtin_scheme()).problems
    assert [(p.code, p.sheet, p.cell) for p in problems] == [
        ("history-sequence", "History", "B5"),
        ("history-sequence", "History", "B6"),
        ("history-not-earlier", "History", "B8"),
    ]
    assert problems[0].message == "Q1 2024/25 is missing between Q4 2023/24 and Q2 2024/25."
    assert "not a period label" in problems[1].message
    assert problems[2].message == "Q3 2024/25 is not earlier than this report's period, Q3 2024/25."
    assert all(p.severity is Severity.WARNING for p in problems)


def test_history_for_an_unknown_indicator(make_workbook):
    path = make_workbook([indicator("1", history=history("Q2 2024/25"))])
    book = load_workbook(path)
    book["History"]["A2"] = "99"
    book.save(path)
    assert found([path]) == {("warning", "unknown-history", "History", "A2")}


def test_a_history_rating_the_scheme_lacks_is_an_error(make_workbook):
    rated = (  # a short label is understood
        HistoryPoint("Q1 2024/25", figure("84.0"), rating="A"),
        HistoryPoint("Q2 2024/25", figure("84.0"), rating="Purple"),
    )
    [problem] = validate([make_workbook([indicator("1", history=rated)])], builtin_scheme()).problems
    assert (problem.severity.value, problem.code, problem.sheet, problem.cell) == (
        "error", "unknown-history-rating", "History", "I3"
    )
    assert problem.message == "'Purple' is not a rating in the Blue/Green/Amber/Red scheme."


def test_a_previous_value_that_history_disagrees_with(make_workbook):
    # The report is for Quarter 3 2024/25: the previous quarter is Q2 2024/25, the previous year 2023/24.
    differs = indicator(
        "1", history=(HistoryPoint("Q1 2024/25", figure("70.0")), HistoryPoint("Q2 2024/25", figure("80.0")))
    )
    agrees = indicator("2", history=(HistoryPoint("Q2 2024/25", figure("84.00")),), decimals=1)
    forecast = indicator("3", period_type=PeriodType.FORECAST, history=(HistoryPoint("2023/24", figure("80.0")),))
    yearly = indicator("4", period_type=PeriodType.YEAR, history=(HistoryPoint("2023/24", figure("80.0")),))
    problems = validate([make_workbook([differs, agrees, forecast, yearly])], builtin_scheme()).problems
    assert [(p.severity.value, p.code, p.sheet, p.cell) for p in problems] == [
        ("warning", "previous-differs", "Indicators", "K2"),
        ("warning", "previous-differs", "Indicators", "K5"),
    ]
    assert problems[0].message == (
        "Previous value 84.0% (Indicators!K2) differs from 80.0%, the Q2 2024/25 value on History (History!C3)."
    )
    assert problems[1].message.endswith("differs from 80.0%, the 2023/24 value on History (History!C6).")


def test_overrides_warn_naming_both_ratings_and_the_reason(make_workbook):
    overridden = indicator("1", rating_override="Green", override_reason="Data lag")  # calculated: Amber
    no_reason = indicator("2", rating_override="G")
    same = indicator("3", rating_override="amber", override_reason="Agreed")
    unknown = indicator("4", rating_override="Purple")
    problems = validate([make_workbook([overridden, no_reason, same, unknown])], builtin_scheme()).problems
    assert [(p.severity.value, p.code, p.cell, p.message) for p in problems] == [
        ("warning", "override", "U2",
         "The rating is overridden to Green; the figures give Amber; the reason given is: Data lag."),
        ("warning", "override", "U3", "The rating is overridden to Green; the figures give Amber; no reason is given."),
        ("error", "unknown-override", "U5", "'Purple' is not a rating in the Blue/Green/Amber/Red scheme."),
    ]  # fmt: skip


DEFAULT_SCHEME_LINE = "Ratings follow the Blue/Green/Amber/Red scheme (perfreport's default)."


@pytest.fixture
def runner():
    return CliRunner()


def test_validate_exit_status_and_summary(runner, make_workbook, tmp_path, monkeypatch):
    clean = runner.invoke(main, ["validate", str(SAMPLE)])
    assert clean.exit_code == 0
    assert clean.output == (f"{DEFAULT_SCHEME_LINE}\n"
                            "Checked 1 workbook, 14 indicators: 0 errors, 0 warnings, 0 notices.\n")
    path = edited(make_workbook([indicator("1"), indicator("2")]), J2=None, K3=None)
    failing = runner.invoke(main, ["validate", str(path.parent)])
    assert failing.exit_code == 1
    assert failing.output.splitlines() == [
        "error: owners.xlsx, Indicators!J2: Current value is blank. Fill it in: the latest figure for the period.",
        "warning: owners.xlsx, Indicators!K3: Previous value is empty, so the change in performance will show as n/a. "
        "Fill it in: the figure previously reported; \"n/a\" if there was none.",
        DEFAULT_SCHEME_LINE,
        "Checked 1 workbook, 2 indicators: 1 error, 1 warning, 0 notices.",
    ]
    monkeypatch.chdir(tmp_path)  # a folder without settings: nothing to validate
    nothing = runner.invoke(main, ["validate"])
    assert nothing.exit_code == 2 and "No workbook given" in nothing.output
    assert runner.invoke(main, ["validate", str(SAMPLE), "--scheme", "no-such-scheme"]).exit_code == 2


def test_validate_as_json(runner, make_workbook):
    path = edited(make_workbook([indicator("1"), indicator("2")]), J2="#DIV/0!")
    result = runner.invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["counts"] == {"error": 1, "warning": 0, "notice": 0}
    assert data["scheme"] == "Blue/Green/Amber/Red"
    assert data["ratings"]["2"]["rating"] == "Amber" and data["ratings"]["2"]["explanation"].startswith("Amber: 7.0 percentage")
    assert data["problems"] == [
        {
            "code": "invalid-value",
            "severity": "error",
            "message": "Current value: The cell shows the error #DIV/0!.",
            "action": 'Correct the formula, or type the figure (or "n/a" if there is none).',
            "file": "owners.xlsx",
            "sheet": "Indicators",
            "cell": "J2",
        }
    ]


def test_generate_goes_ahead_with_warnings_and_lists_them(runner, make_workbook, tmp_path):
    path = make_workbook([indicator("1", commentary="")])
    output = tmp_path / "report.docx"
    result = runner.invoke(main, ["generate", str(path), "-o", str(output), "-t", str(TEMPLATE)])
    assert result.exit_code == 0 and output.is_file()
    assert "warning: owners.xlsx, Indicators!P2: Commentary is empty." in result.output
