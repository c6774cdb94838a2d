"""An indicator's figures as the SPC chart reads them, from the workbook: its Figure type, its SPC baseline, a
Rebase on a History row without a figure, and the report's SPC summary. Each series is worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import DETAILS, SAMPLE, TEMPLATE, figure, indicator
from perfreport.cli.main import main
from perfreport.core.model import FigureType, HistoryPoint, Unit
from perfreport.core.periods import report_period
from perfreport.rating import builtin_scheme, rate_all
from perfreport.rating.indicator_spc import SpcUse
from perfreport.rating.spc import Variation
from perfreport.report.context import build_context
from perfreport.shipped import OWNER_WORKBOOK, shipped
from perfreport.validate import validate
from perfreport.workbook import read_workbook
from perfreport.workbook.writer import LAST_ROW

REPORT = report_period(DETAILS.period, DETAILS.financial_year)


def quarters(count: int) -> list[str]:
    """The ``count`` quarters before Q3 2024/25, oldest first."""
    labels, year, quarter = [], 2024, 2
    for _ in range(count):
        labels.append(f"Q{quarter} {year}/{(year + 1) % 100:02d}")
        quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
    return labels[::-1]


def history(*values: str | None, rebase: int | None = None) -> tuple[HistoryPoint, ...]:
    """History rows for the quarters before Q3 2024/25, oldest first, the one at index ``rebase`` marked Rebase."""
    return tuple(HistoryPoint(period, figure(value) if value else None, rebase=index == rebase)
                 for index, (period, value) in enumerate(zip(quarters(len(values)), values)))


def found(paths, spc: bool = True) -> set[tuple[str, str, str, str]]:
    return {(p.severity.value, p.code, p.sheet, p.cell) for p in validate(paths, builtin_scheme(), spc=spc).problems}


STEADY = ["82.0", "84.0"] * 8  # 16 History figures, the last the Previous value; and the current 83.0: 17 to read


def test_an_spc_baseline_under_12_is_an_error_and_the_report_is_not_written(make_workbook, tmp_path):
    short = indicator("1", history=history(*STEADY), spc_baseline=11)
    assert found([make_workbook([short])]) == {("error", "spc-baseline-too-short", "Indicators", "AE2")}
    [problem] = validate([make_workbook([short])], builtin_scheme()).problems
    assert problem.message.startswith("SPC baseline is 11 figures: limits fixed on fewer than 12 figures")
    assert "12 figures or more, or leave it blank" in problem.action
    output = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["generate", str(make_workbook([short])), "-o", str(output), "-t", str(TEMPLATE)])
    assert result.exit_code == 1 and not output.exists()
    assert "error: owners.xlsx, Indicators!AE2: SPC baseline is 11 figures" in result.output
    assert found([make_workbook([replace(short, spc_baseline=12)])]) == set()
    # where the indicator is not read as an SPC chart, its baseline is not used, and not checked
    assert found([make_workbook([replace(short, spc="Off")])]) == set()
    assert found([make_workbook([short])], spc=False) == set()
    longer = replace(short, spc_baseline=18)  # 17 figures: a warning, as before
    assert found([make_workbook([longer])]) == {("warning", "spc-baseline-too-long", "Indicators", "AE2")}


def test_a_rebase_on_a_row_without_a_figure_starts_the_new_limits_at_the_next_figure():
    # 10, 12 four times; Q1 2022/23 has no figure and is rebased; then 20, 22 four times, 20 in Q2 2024/25 and 22
    # now. The first part's mean is 88 / 8 = 11; the second part starts at Q2 2022/23: 10 figures, mean 210 / 10 = 21.
    rows = history(*(["10", "12"] * 4), None, *(["20", "22"] * 4), "20", rebase=8)
    rated = rate_all([indicator("1", history=rows, current=figure("22"), unit=Unit.NUMBER)],
                     builtin_scheme(), REPORT)[0]
    points = rated.spc.points
    assert [p.period for p in points][7:10] == ["Q4 2021/22", "Q2 2022/23", "Q3 2022/23"]  # the blank row left out
    assert {p.mean for p in points[:8]} == {Decimal(11)} and {p.mean for p in points[8:]} == {Decimal(21)}
    assert "since the series was last rebased" in rated.spc.explanation  # 10 figures since: too few to read
    # the same Rebase on the last History row, with the current figure the next: the current period starts anew
    last = history(*(["10", "12"] * 8), None, rebase=16)
    reading = rate_all([indicator("1", history=last, current=figure("30.0"))], builtin_scheme(), REPORT)[0].spc
    assert [p.mean for p in reading.points][-2:] == [Decimal(11), Decimal(30)]


def test_a_rebase_no_figure_follows_is_a_warning_at_its_cell(make_workbook):
    rows = history(*STEADY, None, rebase=16)
    none_now = indicator("1", history=rows, current=None, no_target_status="Baseline")
    assert found([make_workbook([none_now])]) == {
        ("notice", "no-current-figure", "Indicators", "J2"),
        ("warning", "rebase-without-figure", "History", "J18"),
    }
    problem = next(p for p in validate([make_workbook([none_now])], builtin_scheme()).problems if p.sheet == "History")
    assert problem.message == ("Rebase is Yes for Q2 2024/25, which has no figure, and no later period has one, so "
                               "the SPC chart's mean and limits are not started afresh.")
    assert found([make_workbook([replace(none_now, current=figure("81.0"))])]) == set()  # the current figure starts it


def test_figure_type_is_written_with_its_list_read_back_and_kept_when_rolled_forward(make_workbook, tmp_path):
    for path in (shipped(OWNER_WORKBOOK), make_workbook([indicator("1")])):
        sheet = load_workbook(path)["Indicators"]
        assert sheet["AC1"].value == "Figure type"
        listed = {str(v.sqref): v for v in sheet.data_validations.dataValidation}[f"AC2:AC{LAST_ROW}"]
        assert (listed.type, listed.formula1) == ("list", '"Single period,Rolling,Cumulative"')
        assert "Rolling and cumulative figures get no SPC reading unless SPC is On" in listed.prompt
    path = make_workbook([indicator("1", figure_type=FigureType.ROLLING), indicator("2"),
                          indicator("3", figure_type=FigureType.CUMULATIVE)])
    assert [i.figure_type for i in read_workbook(path).indicators] == [FigureType.ROLLING, None, FigureType.CUMULATIVE]
    rolled = tmp_path / "next.xlsx"
    assert CliRunner().invoke(main, ["new-workbook", "--from", str(path), str(rolled)]).exit_code == 0
    assert [load_workbook(rolled)["Indicators"][f"AC{row}"].value for row in (2, 3, 4)] == ["Rolling", None, "Cumulative"]


def test_rolling_and_cumulative_figures_are_not_read_unless_spc_is_on():
    figures = history(*(str(9000 - 50 * n) for n in range(16)))  # falling every quarter: a rolling total's look
    base = indicator("1", history=figures, current=figure("8150"), unit=Unit.NUMBER)
    rolling, cumulative = replace(base, figure_type=FigureType.ROLLING), replace(base, figure_type=FigureType.CUMULATIVE)
    chosen = replace(rolling, number="4", spc="On")
    rated = rate_all([rolling, cumulative, replace(base, number="3", figure_type=FigureType.SINGLE), chosen],
                     builtin_scheme(), REPORT)
    assert [(r.spc_use, r.spc is None) for r in rated] == [
        (SpcUse.NOT_INDEPENDENT, True), (SpcUse.NOT_INDEPENDENT, True), (SpcUse.READ, False), (SpcUse.READ, False)]
    assert rated[3].spc.variation is Variation.CONCERNING_LOW  # 17 figures each lower: a trend, read as asked
    off = rate_all([rolling], builtin_scheme(), REPORT, spc=False)[0]
    assert (off.spc_use, off.spc) == (SpcUse.OFF, None)


def test_a_title_that_says_rolling_or_year_to_date_with_figure_type_blank_is_a_warning(make_workbook):
    titled = [indicator("1", title="Staff turnover (rolling 12 month average)"),
              indicator("2", title="Requests answered on time (Year to Date)"),
              indicator("3", title="Income YTD"),
              indicator("4", title="Rolling 12 months", figure_type=FigureType.ROLLING),
              indicator("5", title="Year-to-date spend", figure_type=FigureType.SINGLE),
              indicator("6", title="Patrolling hours"),
              indicator("7", title="Rolling average", spc="Off"),
              indicator("8", title="Rolling average", spc="On")]  # read as the owner asked
    assert found([make_workbook(titled)]) == {("warning", "figure-type-not-given", "Indicators", f"AC{row}")
                                              for row in (2, 3, 4)}
    problem = next(p for p in validate([make_workbook(titled)], builtin_scheme()).problems if p.cell == "AC3")
    assert problem.message.startswith("The title says 'Year to Date', but Figure type is blank")


def test_the_sample_summary_keeps_readings_apart_from_indicators_without_one():
    checked = validate([SAMPLE], builtin_scheme())
    summary = build_context(checked.content.details, checked.rated, checked.scheme)["spc_summary"]
    assert summary["assurances"] == ["Consistently passes", "Consistently fails", "Hit and miss", "No target"]
    assert [row["variation"] for row in summary["rows"]] == [v.value for v in Variation]
    matrix = {(row["variation"], cell["assurance"]): [i["number"] for i in cell["indicators"]]
              for row in summary["rows"] for cell in row["cells"] if cell["count"]}
    assert matrix == {
        ("Common cause", "Consistently passes"): ["186"],
        ("Common cause", "Hit and miss"): ["216"],
        ("Special cause, concerning low", "Consistently fails"): ["182"],
    }
    # 212 (a target of 1,500) and the others with targets but too few figures are under no assurance heading
    assert [i["number"] for i in summary["too_few"]] == ["184", "185", "187", "204", "212", "215", "217", "218"]
    assert "at least 15 figures" in summary["too_few_reason"]
    # 183 is year to date, 213 and 214 rolling 12 months: every one of 213's 25 figures would be special cause
    assert [(i["number"], i["figure_type"]) for i in summary["not_read"]] == [
        ("183", "Cumulative"), ("213", "Rolling"), ("214", "Rolling")]
    assert "not independent" in summary["not_read_reason"] and summary["any"]
    indicators = {ind["number"]: ind for ind in build_context(checked.content.details, checked.rated,
                                                              checked.scheme)["indicators"]}
    assert indicators["213"]["spc"] is None and indicators["183"]["spc"] is None


def test_no_target_counts_only_readings_and_one_figure_is_too_few():
    enough = indicator("1", history=history(*STEADY), target=None, no_target_status="Baseline")
    one = indicator("2")  # no History: a single figure
    rated = rate_all([enough, one, replace(enough, number="3", spc="Off")], builtin_scheme(), REPORT)
    summary = build_context(DETAILS, rated, builtin_scheme())["spc_summary"]
    common = summary["rows"][0]
    assert [cell["count"] for cell in common["cells"]] == [0, 0, 0, 1] and common["total"] == 1
    assert [i["number"] for i in summary["too_few"]] == ["2"] and summary["not_read"] == []
    nothing = build_context(DETAILS, rate_all([one], builtin_scheme(), REPORT), builtin_scheme())["spc_summary"]
    assert not nothing["any"] and [i["number"] for i in nothing["too_few"]] == ["2"]
