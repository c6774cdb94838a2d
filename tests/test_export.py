"""The quarter as a table: a pandas DataFrame of documented columns and dtypes, exact figures, and an export
that reads back as the report shows it, byte for byte the same each time."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import openpyxl.writer.excel
import pandas as pd
import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import load_workbook

from conftest import ROOT, SAMPLE, figure, indicator
from perfreport import __version__
from perfreport.cli.main import main
from perfreport.core.model import HistoryPoint, Unit
from perfreport.core.periods import report_period
from perfreport.core.problems import ProblemsFound
from perfreport.data.benchmarks import import_benchmarks
from perfreport.data.table import COLUMNS, exact, export_quarter, quarter_table, write_table
from perfreport.rating.rate import history_row, period_before
from perfreport.validate import validate

FIGURES = ("value", "target", "statistical_neighbours", "england")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return quarter_table(validate([SAMPLE]))


def test_one_row_per_indicator_and_period_with_the_documented_dtypes(table):
    checked = validate([SAMPLE])
    assert len(table) == sum(len(item.indicator.history) + 1 for item in checked.rated) == 158
    assert list(table.columns) == list(COLUMNS)
    assert {name: str(dtype) for name, dtype in table.dtypes.items()} == COLUMNS
    current = table[table["current"]]
    assert list(current["indicator"]) == [item.indicator.number for item in checked.rated]
    assert list(current["period"].unique()) == ["Q2 2023/24", "2023/24", "Sep 2023"]
    assert set(table["committee"]) == {"Strategy and Resources Committee"}
    row = current.set_index("indicator").loc["183"]
    assert (row["value"], row["value_shown"], row["target_shown"], row["rating"], row["change"]) == (
        77.0, "77.0%", "90.0%", "Red", "Declining")
    assert row["rating_explanation"].startswith("Red: 13.0 percentage points worse than the 90.0% target")
    history = table[(table["indicator"] == "182") & ~table["current"]]
    assert list(history["period"])[:2] == ["Q1 2019/20", "Q2 2019/20"] and history["change"].isna().all()


@pytest.fixture(scope="module")
def with_comparators(tmp_path_factory) -> Path:
    """The sample with its comparators imported from the illustrative national table."""
    copy = tmp_path_factory.mktemp("filled") / "sample.xlsx"
    import_benchmarks([ROOT / "inputs" / "national-data-illustrative.csv"], str(ROOT / "inputs" / "neighbours.csv"),
                      "E10000003", SAMPLE, copy)
    return copy


def test_figures_are_exact_to_the_decimals_shown(with_comparators):
    """Every figure of the table, taken back with its decimals, is the figure the workbook holds."""
    checked = validate([with_comparators])
    table = quarter_table(checked)
    held = {}
    for item in checked.rated:
        ind = item.indicator
        held[(ind.number, "current")] = {"value": ind.current, "target": ind.target,
                                         "statistical_neighbours": ind.statistical_neighbours, "england": ind.england}
        for point in ind.history:
            held[(ind.number, point.period)] = {"value": point.value, "target": point.target or ind.target,
                                                "statistical_neighbours": point.statistical_neighbours,
                                                "england": point.england}
    compared = 0
    for row in table.itertuples():
        figures = held[(row.indicator, "current" if row.current else row.period)]
        for name in FIGURES:
            value, decimals = getattr(row, name), getattr(row, f"{name}_decimals")
            expected = figures[name]
            if expected is None:
                assert pd.isna(value)
                continue
            assert exact(value, decimals) == expected.value and str(exact(value, decimals)) == str(expected.value)
            compared += 1
    assert compared == 277 + 31  # the sample's figures and targets, and the comparators imported
    assert str(exact(83.74, 2)) == "83.74" and str(exact(100.0, 2)) == "100.00" and exact(None, None) is None


def test_the_csv_export_reads_back_as_the_report_shows_it(tmp_path, sample_document):
    exported = export_quarter([SAMPLE], "csv", tmp_path / "quarter.csv", tmp_path)
    back = pd.read_csv(exported.path, dtype=COLUMNS, keep_default_na=False, na_values=[""])
    assert exported.rows == len(back) == 158 and exported.indicators == 14
    pd.testing.assert_frame_equal(back, quarter_table(validate([SAMPLE])))
    shown = {}  # each indicator's current figure and target as its page in the report shows them
    for table in sample_document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[:1] == ["Target"] and len(table.rows) > 1:
            shown[len(shown)] = dict(zip(header, (cell.text for cell in table.rows[1].cells)))
    current = back[back["current"]].reset_index(drop=True)
    assert len(shown) == 14
    for number, row in current.iterrows():
        figures = shown[number]
        now = next(value for name, value in figures.items() if name.startswith("Current") or "Forecast" in name)
        assert (now, figures["Target"]) == (row["value_shown"], row["target_shown"]), row["indicator"]


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    for table_format in ("csv", "xlsx"):
        first = export_quarter([SAMPLE], table_format, tmp_path / f"one.{table_format}", tmp_path).path.read_bytes()
        second = export_quarter([SAMPLE], table_format, tmp_path / f"two.{table_format}", tmp_path).path.read_bytes()
        assert first == second, table_format


def clock_at(moment: datetime) -> SimpleNamespace:
    """A stand-in for the datetime module whose clock reads ``moment``."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.replace(tzinfo=tz)

    return SimpleNamespace(datetime=Clock, timezone=timezone)


def test_the_workbook_is_dated_from_the_produced_on_date_whatever_the_clock(tmp_path, monkeypatch):
    """openpyxl dates a workbook's properties from the clock as it saves: two exports a second apart are the same."""
    saved = []
    for second in (0, 1):
        monkeypatch.setattr(openpyxl.writer.excel, "datetime", clock_at(datetime(2030, 6, 1, 9, 0, second)))
        saved.append(export_quarter([SAMPLE], "xlsx", tmp_path / f"{second}.xlsx", tmp_path).path.read_bytes())
    assert saved[0] == saved[1]
    with zipfile.ZipFile(io.BytesIO(saved[0])) as book:
        core = etree.fromstring(book.read("docProps/core.xml"))
        dates = {element.tag.split("}")[1]: element.text for element in core if "purl.org/dc/terms" in element.tag}
        assert dates == {"created": "2023-12-05T00:00:00Z", "modified": "2023-12-05T00:00:00Z"}  # produced on
        assert {member.date_time for member in book.infolist()} == {(2023, 12, 5, 0, 0, 0)}


def test_the_xlsx_export_is_one_tidy_sheet(tmp_path):
    path = export_quarter([SAMPLE], "xlsx", None, tmp_path).path
    assert path == tmp_path / "strategy-and-resources-committee-quarter-2-2023-24.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["Quarter"] and book.properties.created.date() == date(2023, 12, 5)
    rows = list(book["Quarter"].iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS) and len(rows) == 159
    assert book["Quarter"].freeze_panes == "A2"
    back = pd.read_excel(path, dtype=COLUMNS, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(back, quarter_table(validate([SAMPLE])))


def test_what_owners_typed_is_exported_as_text(tmp_path, make_workbook):
    """Words that start like a formula stay words in the workbook, and every character reaches both files."""
    titles = {"1": "=HYPERLINK(\"http://example.com\")", "2": "R&D < 5% — £1,000 \"quoted\"", "3": "-5 days"}
    workbook = make_workbook([indicator(number, title=title) for number, title in titles.items()])
    book = load_workbook(export_quarter([workbook], "xlsx", tmp_path / "q.xlsx", tmp_path).path)
    header = [cell.value for cell in book["Quarter"][1]]
    cells = [row[header.index("title")] for row in book["Quarter"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == list(titles.values())
    assert all(cell.data_type == "s" for cell in cells)
    result = CliRunner().invoke(main, ["export", str(workbook), "-o", str(tmp_path / "raw.csv"), "--raw-text"])
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(tmp_path / "raw.csv", dtype=str)["title"]) == list(titles.values())
    safe = pd.read_csv(export_quarter([workbook], "csv", tmp_path / "q.csv", tmp_path).path, dtype=str)
    assert list(safe["title"]) == ["'" + titles["1"], titles["2"], "'" + titles["3"]]


def test_csv_text_that_a_spreadsheet_would_run_is_made_safe_and_figures_stay_figures(tmp_path, make_workbook):
    typed = {"title": "=cmd|' /C calc'!A0", "owner": "+44 20 7946 0000", "service": "@SUM(A1:A9)"}
    workbook = make_workbook([indicator("1", unit=Unit.NUMBER, current=figure("-3.5"), target=figure("-2"), **typed),
                              indicator("2", title="-12 days", service="Housing", current=figure("-12.5"))])
    path = export_quarter([workbook], "csv", tmp_path / "q.csv", tmp_path).path
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith('1,"\'=cmd|\' /C calc\'!A0","\'+44 20 7946 0000","\'@SUM(A1:A9)",')
    [first, second] = [dict(zip(lines[0].split(","), row)) for row in csv.reader(lines[1:])]
    assert (first["title"], first["owner"], first["service"]) == tuple("'" + text for text in typed.values())
    assert (first["value"], first["value_shown"], first["target"], first["target_shown"]) == ("-3.5", "-3.5", "-2.0", "-2")
    assert (second["title"], second["value"], second["value_shown"]) == ("'-12 days", "-12.5", "-12.5%")
    back = pd.read_csv(path, dtype=COLUMNS, keep_default_na=False, na_values=[""])
    assert list(back["value"]) == [-3.5, -12.5] and list(back["value_decimals"]) == [1, 1]
    raw = export_quarter([workbook], "csv", tmp_path / "raw.csv", tmp_path, raw_text=True).path
    as_typed = pd.read_csv(raw, dtype=COLUMNS, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(as_typed, quarter_table(validate([workbook])))
    book = load_workbook(export_quarter([workbook], "xlsx", tmp_path / "q.xlsx", tmp_path).path)
    header = [cell.value for cell in book["Quarter"][1]]
    row = {name: cell for name, cell in zip(header, book["Quarter"][2])}
    assert [(row[name].value, row[name].data_type) for name in typed] == [(text, "s") for text in typed.values()]
    assert (row["value"].value, row["value"].data_type) == (-3.5, "n")


def test_a_leading_tab_or_carriage_return_is_kept_behind_the_quote(tmp_path, make_workbook):
    table = quarter_table(validate([make_workbook([indicator("1"), indicator("2"), indicator("3")])]))
    table["title"] = pd.array(["\t=1+1", "\r=2+2", "plain, with a comma"], dtype="string")
    write_table(table, tmp_path / "q.csv", "csv", date(2025, 1, 15))
    text = (tmp_path / "q.csv").read_bytes().decode("utf-8")
    assert '"\'\t=1+1"' in text and '"\'\r=2+2"' in text and '"plain, with a comma"' in text
    back = pd.read_csv(tmp_path / "q.csv", dtype=COLUMNS, keep_default_na=False, na_values=[""])
    assert list(back["title"]) == ["'\t=1+1", "'\r=2+2", "plain, with a comma"]
    write_table(table, tmp_path / "raw.csv", "csv", date(2025, 1, 15), raw_text=True)
    raw = pd.read_csv(tmp_path / "raw.csv", dtype=COLUMNS, keep_default_na=False, na_values=[""])
    assert list(raw["title"]) == list(table["title"])


def test_the_raw_csv_is_what_pandas_writes(with_comparators, tmp_path):
    table = quarter_table(validate([with_comparators]))
    write_table(table, tmp_path / "raw.csv", "csv", date(2025, 1, 15), raw_text=True)
    assert (tmp_path / "raw.csv").read_text(encoding="utf-8") == table.to_csv(index=False, lineterminator="\n")


def test_history_ratings_recorded_or_worked_out(tmp_path, make_workbook):
    history = (HistoryPoint("Q1 2024/25", figure("70.0"), figure("90.0"), rating="Green"),
               HistoryPoint("Q2 2024/25", figure("89.0"), figure("90.0"), note="R&D < 5%"))
    table = quarter_table(validate([make_workbook([indicator("1", history=history)])]))
    rows = table.set_index("period")
    assert (rows.loc["Q1 2024/25", "rating"], rows.loc["Q1 2024/25", "rating_recorded"]) == ("Green", True)
    assert (rows.loc["Q2 2024/25", "rating"], rows.loc["Q2 2024/25", "rating_recorded"]) == ("Amber", False)
    assert rows.loc["Q2 2024/25", "note"] == "R&D < 5%"
    assert rows.loc["Q3 2024/25", "rating"] == "Amber" and bool(rows.loc["Q3 2024/25", "current"])


def test_the_period_before_is_rated_as_the_report_rates_it(table):
    """History's row for the period before the report's carries the report's previous rating, a target or none."""
    checked = validate([SAMPLE])
    period = report_period(checked.content.details.period, checked.content.details.financial_year)
    rows = table.set_index(["indicator", "period"])
    for item in checked.rated:
        before = history_row(item.indicator, period_before(item.indicator, period))
        if before is not None and not item.previous_rating_recorded:
            expected = item.previous_rating.name if item.previous_rating else None
            rating = rows.loc[(item.indicator.number, before.period), "rating"]
            assert (None if pd.isna(rating) else rating) == expected, item.indicator.number
    assert rows.loc[("214", "Aug 2023"), "rating"] == "Baseline"


def test_history_of_a_rating_set_by_hand_without_a_target(make_workbook):
    """Without a target, and the rating set by the owner, History's figures give no rating to export."""
    history = (HistoryPoint("Q2 2024/25", figure("70.0")),)
    hand_set = indicator("1", target=None, rating_override="Red", override_reason="Behind plan", history=history)
    checked = validate([make_workbook([hand_set])])
    assert checked.rated[0].previous_rating is None
    rows = quarter_table(checked).set_index("period")
    assert pd.isna(rows.loc["Q2 2024/25", "rating"]) and rows.loc["Q3 2024/25", "rating"] == "Red"


def test_nothing_exported_from_workbooks_with_errors(tmp_path, make_workbook):
    twice = make_workbook([indicator("1"), indicator("1")])
    for paths in ([twice], [tmp_path / "missing.xlsx"]):
        with pytest.raises(ProblemsFound) as refused:
            export_quarter(paths, "csv", tmp_path / "quarter.csv", tmp_path)
        assert any(problem.severity.value == "error" for problem in refused.value.problems)
        assert not (tmp_path / "quarter.csv").exists()


def test_nothing_written_over_a_workbook_or_under_another_name(tmp_path):
    own = tmp_path / "own.xlsx"
    own.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(ProblemsFound) as refused:
        export_quarter([tmp_path], "xlsx", own, tmp_path)
    assert [p.code for p in refused.value.problems] == ["overwrite-input"] and own.read_bytes() == SAMPLE.read_bytes()
    result = CliRunner().invoke(main, ["export", str(own), "--output", str(tmp_path / "table.docx")])
    assert result.exit_code == 2 and "must end in .csv or .xlsx" in result.output
    assert not (tmp_path / "table.docx").exists()


def test_the_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", str(SAMPLE), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert "158 rows (14 indicators) written to output/strategy-and-resources-committee-quarter-2-2023-24.xlsx" in (
        result.output.replace("\\", "/"))
    result = CliRunner().invoke(main, ["export", str(SAMPLE), "-o", "q.csv", "--format", "xlsx"])
    assert result.exit_code == 2 and "make them agree" in result.output
    result = CliRunner().invoke(main, ["export", str(SAMPLE), "-o", "q.csv"])
    assert result.exit_code == 0 and (tmp_path / "q.csv").read_text(encoding="utf-8").startswith("indicator,title,")


def test_pandas_is_needed_only_by_the_data_commands(tmp_path, monkeypatch):
    """validate and generate never import pandas; export without it says what to install."""
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom perfreport.cli.main import main\n"
        f"r = CliRunner().invoke(main, ['generate', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'r.docx')!r}])\n"
        f"v = CliRunner().invoke(main, ['validate', {str(SAMPLE)!r}])\n"
        "print(r.exit_code, v.exit_code, 'pandas' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.split() == ["0", "0", "False"]
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["export", str(SAMPLE), "-o", str(tmp_path / "q.csv")])
    assert result.exit_code == 1 and 'pip install ".[data]"' in result.output
    assert f"council_perfreport-{__version__}-py3-none-any.whl[data]" in result.output


def test_the_readme_documents_every_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, dtype in COLUMNS.items():
        assert f"| `{name}` | {dtype} |" in readme, name

