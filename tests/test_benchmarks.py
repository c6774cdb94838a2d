"""perfreport benchmarks import: comparators worked out from national tables built here as downloads come,
checked against means worked out by hand, with every problem the data can have."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import Workbook, load_workbook

from conftest import ROOT, SAMPLE, TEMPLATE, figure, indicator
from perfreport.cli.main import main
from perfreport.core.model import Figure, HistoryPoint, Unit
from perfreport.core.problems import ProblemsFound, Severity
from perfreport.data.benchmarks import import_benchmarks
from perfreport.data.national import area_code, read_national
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.workbook import roll_forward
from perfreport.workbook.reader import read_workbook

AREA = "E06000001"
AREAS = {f"E06{number:06d}": f"Unitary {number:02d}" for number in range(1, 41)}  # 40 English authorities
KNOWN = [f"E06{number:06d}" for number in range(2, 15)]  # the council's 13 neighbours in the data
UNKNOWN = "E06000099"
NEIGHBOURS = [*KNOWN, UNKNOWN]  # 14 listed: a mean needs 7 by default
HISTORY = ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24", "Q4 2023/24", "Q1 2024/25", "Q2 2024/25"]
CURRENT = "Q3 2024/25"  # the conftest DETAILS' period
MAIN = "Adults in contact with services (%)"
OWN = {"Q2 2023/24": "80.0", "Q3 2023/24": "81.0", "Q4 2023/24": "82.0", "Q1 2024/25": "82.5", "Q2 2024/25": "84.0",
       CURRENT: "83.0"}


def value(area: int, period: int) -> str:
    """An illustrative figure: spread over the areas, drifting over the periods, to one or two decimal places."""
    return f"{60 + (area * 7) % 30 + period * 0.3 + (area % 3) * 0.05:.{2 if area % 3 else 1}f}"


def main_figures() -> dict[tuple[str, str], str]:
    """Every (area, period) figure of the main metric, as text, with what releases do to them."""
    figures = {}
    for number, code in enumerate(AREAS, start=1):
        for place, period in enumerate(HISTORY[1:] + [CURRENT], start=1):
            figures[(code, period)] = value(number, place)
    for period, text in OWN.items():
        figures[(AREA, period)] = text
    # Q1 2024/25: eleven neighbours at 71.2 and two at 71.8 give a mean of 71.2923...; the current period:
    # twelve at 71.2 and one at 71.85 give 71.25, which rounds up to 71.3 (Python's round() gives 71.2).
    for code in KNOWN:
        figures[(code, "Q1 2024/25")] = "71.8" if code in KNOWN[:2] else "71.2"
        figures[(code, CURRENT)] = "71.85" if code == KNOWN[0] else "71.2"
    for code, marker in zip(KNOWN[:4], ("[c]", "x", "", "[z]")):  # four withheld or blank: 9 of 13 remain
        figures[(code, "Q3 2023/24")] = marker
    for code in KNOWN[:7]:  # seven withheld: 6 remain, fewer than 7
        figures[(code, "Q4 2023/24")] = "[c]"
    return figures


ENGLAND = {"Q2 2023/24": "74.1", "Q3 2023/24": "74.6", "Q4 2023/24": "[x]", "Q1 2024/25": "75.35", "Q2 2024/25": "75.0",
           CURRENT: "75.44"}


def long_rows() -> list[list[str]]:
    """The table one row per area and period, as LG Inform downloads it, some codes without their E."""
    rows = [["Area code", "Area name", "Metric", "Period", "Value", "Unit"]]
    for (code, period), text in main_figures().items():
        written = code[1:] if code in KNOWN[8:10] else code  # as a spreadsheet that dropped the E
        rows.append([written, AREAS[code], MAIN, period, text, "%"])
    for period, text in ENGLAND.items():
        rows.append(["E92000001", "England", MAIN, period, text, "%"])
    for code in [AREA, *KNOWN]:
        for period in HISTORY[1:] + [CURRENT]:
            rows.append([code, AREAS[code], "Delayed transfers of care", period, "412", "Number"])
            fraction = "0.83" if code == AREA else "0.71"
            rows.append([code, AREAS[code], "Adults in paid work", period, fraction if period == CURRENT else "0.7", ""])
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", above: list[str] = (),
              delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        for line in above:
            file.write(line + "\n")
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def exact_mean(texts: list[str], decimals: int = 1) -> Decimal:
    """The mean worked by hand: the figures as decimals, halves rounded up."""
    figures = [Decimal(text) for text in texts]
    return (sum(figures) / len(figures)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def neighbour_texts(period: str) -> list[str]:
    figures = main_figures()
    found = [figures[(code, period)] for code in KNOWN]
    return [text for text in found if text and text[0].isdigit()]


@pytest.fixture
def workbook(make_workbook):
    history = tuple(HistoryPoint(period, figure(OWN[period]) if period in OWN else figure("79.0"), figure("90.0"))
                    for period in HISTORY)
    return make_workbook([
        indicator("1", benchmark_metric=MAIN, history=history, current=figure("83.0")),
        indicator("2", benchmark_metric="Delayed transfers of care"),
        indicator("3", benchmark_metric="Adults in contact with service (%)"),
        indicator("4", benchmark_metric="Adults in paid work"),
        indicator("5"),
    ])


@pytest.fixture
def data(tmp_path):
    return write_csv(tmp_path / "national.csv", long_rows())


@pytest.fixture
def neighbours(tmp_path):
    listed = [["Area code", "Area name"], *([code, AREAS.get(code, "Unknown")] for code in NEIGHBOURS)]
    listed[3][0] = listed[3][0][1:]  # written without its E
    return write_csv(tmp_path / "neighbours.csv", listed)


def comparators(path: Path, number: str = "1") -> dict[str, tuple[Figure | None, Figure | None]]:
    """Each period's (neighbours' mean, England) in the workbook at ``path``, as perfreport reads them back."""
    content = read_workbook(path)
    found = {point.period: (point.statistical_neighbours, point.england)
             for n, point in content.history if n == number}
    current = next(i for i in content.indicators if i.number == number)
    found[CURRENT] = (current.statistical_neighbours, current.england)
    return found


def codes(problems) -> list[str]:
    return [problem.code for problem in problems]


def errors(problems) -> list[str]:
    return [problem.code for problem in problems if problem.severity is Severity.ERROR]


def test_means_to_the_decimal_and_every_gap_reported(tmp_path, workbook, data, neighbours):
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    copy = tmp_path / "out" / "filled.xlsx"
    done = import_benchmarks([data], str(neighbours), AREA, workbook, copy)
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before  # the owner's workbook is only read
    assert done.written == [copy] and done.fewest == 7 and len(done.neighbours) == 14
    found = comparators(copy)
    for period in ("Q2 2023/24", "Q3 2023/24", "Q1 2024/25", "Q2 2024/25", CURRENT):
        assert found[period][0] == Figure(exact_mean(neighbour_texts(period)), 1), period
    assert found["Q1 2024/25"][0] == Figure(Decimal("71.3"), 1)  # 71.2923 to one place
    assert found[CURRENT][0] == Figure(Decimal("71.3"), 1)  # 71.25: a half, rounded up
    assert len(neighbour_texts("Q3 2023/24")) == 9
    assert found["Q4 2023/24"][0] is None  # 6 of 14, and a mean needs 7
    assert found["Q1 2023/24"] == (None, None)  # no figures in the data for that period
    assert {period: england for period, (_, england) in found.items()} == {
        "Q1 2023/24": None, "Q2 2023/24": Figure(Decimal("74.1"), 1), "Q3 2023/24": Figure(Decimal("74.6"), 1),
        "Q4 2023/24": None, "Q1 2024/25": Figure(Decimal("75.4"), 1), "Q2 2024/25": Figure(Decimal("75.0"), 1),
        CURRENT: Figure(Decimal("75.4"), 1),
    }
    by_code = {problem.code: problem for problem in done.problems}
    assert codes(done.problems).count("neighbour-unknown") == 1 and UNKNOWN in by_code["neighbour-unknown"].message
    assert "Q1 2023/24" in by_code["period-not-in-data"].message
    assert by_code["period-not-in-data"].place == "owners.xlsx, History!E2"
    too_few = by_code["too-few-neighbours"]
    assert "needs 7 of 14: Q4 2023/24 6 (7 withheld)" in too_few.message and too_few.place == "owners.xlsx, History!E5"
    assert "Q4 2023/24" in by_code["no-england-figure"].message and "--england-from-areas" in by_code[
        "no-england-figure"].action
    assert "'Adults in contact with services (%)'" in by_code["metric-unknown"].action  # did you mean
    assert codes(done.problems).count("units-disagree") == 2
    units = [p.message for p in done.problems if p.code == "units-disagree"]
    assert any("as number" in message for message in units) and any("fractions" in message for message in units)
    filled = {item.indicator: item for item in done.filled}
    assert sorted(filled) == ["1"] and len(filled["1"].neighbours) == 5 and len(filled["1"].england) == 5


def test_the_copy_shows_comparators_as_the_owners_figures(tmp_path, workbook, data, neighbours):
    copy = tmp_path / "filled.xlsx"
    import_benchmarks([data], str(neighbours), AREA, workbook, copy)
    sheet = load_workbook(copy)["Indicators"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("Statistical neighbours mean") + 1)
    assert cell.value == pytest.approx(0.713) and cell.number_format == "0.0%"
    assert read_workbook(copy).problems == []


def test_the_report_from_the_copy_shows_them(tmp_path, workbook, data, neighbours):
    copy = tmp_path / "filled.xlsx"
    import_benchmarks([data], str(neighbours), AREA, workbook, copy)
    report = generate_report([copy], TEMPLATE, builtin_scheme(), tmp_path / "report.docx")
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(report.output).tables]
    figures = next(rows for rows in tables if "Statistical Neighbours Mean" in rows[0])
    assert dict(zip(figures[0], figures[1]))["Statistical Neighbours Mean"] == "71.3%"
    assert dict(zip(figures[0], figures[1]))["England Mean"] == "75.4%"


def test_the_next_period_keeps_the_metric_and_the_comparators_in_history(tmp_path, workbook, data, neighbours):
    copy, rolled = tmp_path / "filled.xlsx", tmp_path / "next.xlsx"
    import_benchmarks([data], str(neighbours), AREA, workbook, copy)
    roll_forward(copy, rolled)
    sheet = load_workbook(rolled)
    header = [cell.value for cell in sheet["Indicators"][1]]
    assert sheet["Indicators"].cell(2, header.index("Benchmark metric") + 1).value == MAIN
    columns = [cell.value for cell in sheet["History"][1]]
    history = [dict(zip(columns, row)) for row in sheet["History"].iter_rows(min_row=2, values_only=True)
               if row[0] == "1"]
    assert history[-1]["Period"] == CURRENT
    assert history[-1]["Statistical neighbours mean"] == pytest.approx(0.713)
    assert history[-1]["England mean"] == pytest.approx(0.754)


def test_england_from_its_areas_where_the_data_has_no_england_figure(tmp_path, workbook, data, neighbours):
    done = import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx",
                             england_from_areas=True)
    every = [main_figures()[(code, "Q4 2023/24")] for code in AREAS]
    assert comparators(tmp_path / "filled.xlsx")["Q4 2023/24"][1] == Figure(
        exact_mean([text for text in every if text[:1].isdigit()]), 1)
    assert "no-england-figure" not in codes(done.problems)


def test_a_threshold_given(tmp_path, workbook, data, neighbours):
    import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx", fewest=6)
    assert comparators(tmp_path / "filled.xlsx")["Q4 2023/24"][0] == Figure(exact_mean(neighbour_texts("Q4 2023/24")), 1)
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "other.xlsx", fewest=15)
    assert errors(refused.value.problems) == ["fewest-neighbours"] and not (tmp_path / "other.xlsx").exists()


def test_periods_as_columns_in_a_workbook_with_title_rows(tmp_path, workbook, neighbours):
    """A wide table as statistical releases publish it: a title and a note above the header, a column per period
    labelled another way, the ONS geography header, and the metric given on the command line."""
    book = Workbook()
    book.active.title = "Cover"
    book["Cover"]["A1"] = "About this release"
    sheet = book.create_sheet("Table 1")
    sheet.append(["Table 1: adults in contact with services, by local authority"])
    sheet.append(["Source: an illustrative release"])
    labels = {"Q2 2023/24": "2023-24 Q2", "Q1 2024/25": "Quarter 1 2024/25", CURRENT: "2024/25 Q3"}
    sheet.append(["CTYUA23CD", "CTYUA23NM", *labels.values()])
    figures = main_figures()
    for code in AREAS:
        sheet.append([code, AREAS[code], *(_cell(figures[(code, period)]) for period in labels)])
    path = tmp_path / "release.xlsx"
    book.save(path)
    done = import_benchmarks([path], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx", metric=MAIN)
    found = comparators(tmp_path / "filled.xlsx")
    for period in labels:
        assert found[period][0] == Figure(exact_mean(neighbour_texts(period)), 1), period
    assert found[CURRENT][1] is None and "no-england-figure" in codes(done.problems)  # this table has no England row


def _cell(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        return text


def test_headers_named_on_the_command_line(tmp_path, workbook, neighbours):
    rows = long_rows()
    rows[0] = ["Geog", "Place", "What", "When", "Rate", "Measure"]
    data = write_csv(tmp_path / "odd.csv", rows, encoding="cp1252", above=["Figures – illustrative"])
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx")
    assert errors(refused.value.problems) == ["data-no-header"]
    columns = {"area": "Geog", "name": "Place", "metric": "What", "period": "When", "value": "Rate", "unit": "Measure"}
    import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx", columns)
    assert comparators(tmp_path / "filled.xlsx")[CURRENT][0] == Figure(Decimal("71.3"), 1)


def test_what_in_the_data_is_not_a_figure_or_given_twice(tmp_path):
    rows = [["Area code", "Area name", "Metric", "Period", "Value"],
            ["E06000002", "Unitary 02", MAIN, "Q1 2024/25", "about 70"],
            ["E06000003", "Unitary 03", MAIN, "Q1 2024/25", "1,234.5"],
            ["E06000004", "Unitary 04", MAIN, "Q1 2024/25", "70.1"],
            ["E06000004", "Unitary 04", MAIN, "Q1 2024/25", "70.4"],
            ["E06000005", "Unitary 05", MAIN, "Q1 2024/25", "65%"],
            ["E06000005", "Unitary 05", MAIN, "Q1 2024/25", "65.0"],
            ["E06000006", "Unitary 06", MAIN, "Financial year ending March 2024", "60"]]
    national = read_national([write_csv(tmp_path / "bad.csv", rows)])
    found = {problem.code: problem for problem in national.problems}
    assert found["data-not-a-figure"].place == "bad.csv, E2" and "'about 70'" in found["data-not-a-figure"].message
    assert "E06000004 has 2 different figures" in found["data-two-figures"].message
    assert "Financial year ending March 2024" in found["data-period-unread"].message
    figures = national.figures.set_index("area")["value"]
    assert figures["E06000003"] == 1234.5 and figures["E06000005"] == 65.0 and "E06000004" not in figures


def test_area_codes_read_as_ons_writes_them():
    assert [area_code(code) for code in ("e10000003", "10000003", " E06000001 ", "873", "10000003.0")] == [
        "E10000003", "E10000003", "E06000001", "873", "E10000003"]


def test_nothing_written_over_the_owners_workbook_or_from_unreadable_data(tmp_path, workbook, data, neighbours):
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(neighbours), AREA, workbook, workbook)
    assert errors(refused.value.problems) == ["overwrite-input"]
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([tmp_path / "broken.xlsx"], str(neighbours), AREA, workbook, tmp_path / "out.xlsx")
    assert errors(refused.value.problems) == ["damaged-workbook"] and not (tmp_path / "out.xlsx").exists()
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([tmp_path / "missing.csv"], str(neighbours), AREA, workbook, tmp_path / "out.xlsx")
    assert errors(refused.value.problems) == ["data-unreadable"]
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], AREA, AREA, workbook, tmp_path / "out.xlsx")  # only the council itself
    assert codes(refused.value.problems) == ["neighbour-is-area", "no-neighbours"]


@pytest.mark.parametrize("name, content, code", [
    ("neighbours.xlsx", b"PK\x03\x04 not really", "damaged-workbook"),
    ("neighbours.csv", None, "neighbours-unreadable"),
    ("neighbours.txt", b"\n\n", "no-neighbours"),
])
def test_a_neighbours_list_that_cannot_serve(tmp_path, workbook, data, name, content, code):
    listed = tmp_path / name
    if content is not None:
        listed.write_bytes(content)
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(listed), AREA, workbook, tmp_path / "out.xlsx")
    assert code in errors(refused.value.problems) and not (tmp_path / "out.xlsx").exists()
    assert all(problem.file == name for problem in refused.value.problems if problem.code == code)


@pytest.mark.parametrize("name, content, message", [
    ("national.xls", b"\xd0\xcf\x11\xe0 an old workbook", "A .xls file cannot be read as national data."),
    ("national.csv", b"PK\x03\x04\x00\x00 a Word file renamed", "neither a CSV file nor an Excel workbook"),
    ("national.docx", b"PK\x03\x04\x00\x00 a Word file", "neither a CSV file nor an Excel workbook"),
])
def test_data_that_is_not_a_table(tmp_path, workbook, neighbours, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([tmp_path / name], str(neighbours), AREA, workbook, tmp_path / "out.xlsx")
    [problem] = [p for p in refused.value.problems if p.severity is Severity.ERROR]
    assert (problem.code, problem.file) == ("data-unreadable", name) and message in problem.message


def test_the_copy_is_named_as_its_workbook_and_replaces_nothing_read(tmp_path, workbook, data, neighbours):
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(neighbours), AREA, workbook, tmp_path / "copy.docx")
    assert errors(refused.value.problems) == ["wrong-output-ending"] and not (tmp_path / "copy.docx").exists()
    listed = tmp_path / "neighbours.xlsx"
    book = Workbook()
    for code in KNOWN:
        book.active.append([code])
    book.save(listed)
    before = listed.read_bytes()
    with pytest.raises(ProblemsFound) as refused:
        import_benchmarks([data], str(listed), AREA, workbook, listed)
    assert errors(refused.value.problems) == ["overwrite-input"] and listed.read_bytes() == before


def test_a_folder_of_returns_gets_a_copy_of_each(tmp_path, make_workbook, data, neighbours):
    returns = tmp_path / "returns"
    returns.mkdir()
    for name, number in (("adults.xlsx", "1"), ("other.xlsx", "7")):
        made = make_workbook([indicator(number, benchmark_metric=MAIN)], name=name)
        made.rename(returns / name)
    done = import_benchmarks([data], ",".join(KNOWN), AREA, returns, tmp_path / "filled")
    assert sorted(path.name for path in done.written) == ["adults.xlsx", "other.xlsx"]
    assert comparators(tmp_path / "filled" / "other.xlsx", "7")[CURRENT][0] == Figure(Decimal("71.3"), 1)


def test_the_command_on_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [
        "benchmarks", "import", str(ROOT / "inputs" / "national-data-illustrative.csv"), str(SAMPLE),
        "--area", "E10000003", "--neighbours", str(ROOT / "inputs" / "neighbours.csv")])
    assert result.exit_code == 0, result.output
    copy = tmp_path / "output" / SAMPLE.name
    assert f"Workbook with comparators written to {Path('output') / SAMPLE.name}" in result.output
    assert "182 FOI requests answered within 20 working days: Statistical Neighbours Mean for Q1 2021/22 to " \
           "Q2 2023/24 (10 periods)" in result.output
    assert "Q1 2022/23 4 (6 withheld)" in result.output
    rows = list(csv.DictReader((ROOT / "inputs" / "national-data-illustrative.csv").open(encoding="utf-8")))
    listed = [row["Area code"] for row in csv.DictReader((ROOT / "inputs" / "neighbours.csv").open(encoding="utf-8"))]
    for number, metric in (("182", "FOI requests answered within 20 working days"),
                           ("183", "Subject access requests answered within one month")):
        texts = [row["Value"] for row in rows if row["Metric"] == metric and row["Period"] == "Q2 2023/24"
                 and row["Area code"] in listed]
        england = next(row["Value"] for row in rows if row["Metric"] == metric and row["Period"] == "Q2 2023/24"
                       and row["Area code"] == "E92000001")
        current = next(i for i in read_workbook(copy).indicators if i.number == number)
        assert (current.statistical_neighbours, current.england) == (Figure(exact_mean(texts), 1), figure(england))


def test_the_command_needs_an_area_and_neighbours(tmp_path, monkeypatch, data, workbook):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["benchmarks", "import", str(data), str(workbook)])
    assert result.exit_code == 2 and "Give --area and --neighbours" in result.output
    (tmp_path / "perfreport.toml").write_text(f'[benchmarks]\narea = "{AREA}"\nneighbours = "n.csv"\n',
                                              encoding="utf-8")
    (tmp_path / "n.csv").write_text("\n".join(KNOWN), encoding="utf-8")
    result = CliRunner().invoke(main, ["benchmarks", "import", str(data), str(workbook)])
    assert result.exit_code == 0, result.output
    assert comparators(tmp_path / "output" / workbook.name)[CURRENT][0] == Figure(Decimal("71.3"), 1)


def test_percentages_written_as_the_workbook_writes_them(tmp_path, make_workbook, data, neighbours):
    made = make_workbook([replace(indicator("1", benchmark_metric=MAIN), current=figure("83"))])
    import_benchmarks([data], str(neighbours), AREA, made, tmp_path / "filled.xlsx")
    current = read_workbook(tmp_path / "filled.xlsx").indicators[0]
    assert current.statistical_neighbours == Figure(Decimal("71"), 0) and current.unit is Unit.PERCENT


def with_decimal_commas(rows: list[list[str]]) -> list[list[str]]:
    """The table as a spreadsheet in a locale with a decimal comma writes it: 71,85 for 71.85."""
    return [rows[0], *([*row[:4], row[4].replace(".", ","), row[5]] for row in rows[1:])]


@pytest.mark.parametrize("encoding, delimiter, decimal_comma", [
    ("utf-16", "\t", False),  # Excel's "Unicode Text": UTF-16 little-endian with its mark, tabs between columns
    ("utf-16-be", ",", False),
    ("utf-32", ",", False),
    ("utf-8-sig", ";", True),  # Excel's CSV in a locale with a decimal comma
    ("cp1252", ";", True),
    ("utf-8", "\t", False),
])
def test_csv_in_any_encoding_excel_saves_and_separated_by_commas_semicolons_or_tabs(
        tmp_path, workbook, neighbours, encoding, delimiter, decimal_comma):
    rows = with_decimal_commas(long_rows()) if decimal_comma else long_rows()
    path = tmp_path / "national.csv"
    if encoding == "utf-16-be":  # the mark written by hand: Python's utf-16-be codec writes none
        path.write_bytes(b"\xfe\xff")
        with path.open("a", encoding=encoding, newline="") as file:
            csv.writer(file, delimiter=delimiter).writerows(rows)
    else:
        write_csv(path, rows, encoding, ["Figures – illustrative"], delimiter)
    done = import_benchmarks([path], str(neighbours), AREA, workbook, tmp_path / "filled.xlsx")
    found = comparators(tmp_path / "filled.xlsx")
    assert found[CURRENT] == (Figure(Decimal("71.3"), 1), Figure(Decimal("75.4"), 1))
    for period in ("Q2 2023/24", "Q3 2023/24", "Q1 2024/25", "Q2 2024/25"):
        assert found[period][0] == Figure(exact_mean(neighbour_texts(period)), 1), period
    assert "data-not-a-figure" not in codes(done.problems)


def test_a_figure_a_decimal_comma_leaves_in_doubt_is_not_read(tmp_path):
    rows = [["Area code", "Metric", "Period", "Value"],
            ["E06000002", MAIN, "Q1 2024/25", "1.234"], ["E06000003", MAIN, "Q1 2024/25", "1.234,5"],
            ["E06000004", MAIN, "Q1 2024/25", "12.5"], ["E06000005", MAIN, "Q1 2024/25", "64,25 %"]]
    national = read_national([write_csv(tmp_path / "semicolons.csv", rows, delimiter=";")])
    figures = national.figures.set_index("area")
    assert figures["value"].isna().tolist() == [True, False, False, False]
    assert list(figures["value"][1:]) == [1234.5, 12.5, 64.25] and list(figures["decimals"][1:]) == [1, 1, 2]
    [doubt] = national.problems
    assert (doubt.code, doubt.place) == ("data-not-a-figure", "semicolons.csv, D2") and "'1.234'" in doubt.message
    assert "decimal comma" in doubt.action


@pytest.mark.parametrize("content, message, action", [
    ("Area code,Value\nE06000002,70.1\n".encode("utf-16-le"), "UTF-16 text without the byte-order mark",
     "save it as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "an Office 97-2003 file, such as an old Excel workbook (.xls)",
     "save it as CSV UTF-8"),
    (b"%PDF-1.7\n\0\0", "a PDF document", "Download the figures as a CSV file"),
], ids=["utf-16 without its mark", "xls", "pdf"])
def test_csv_that_is_not_text_says_what_it_is(tmp_path, content, message, action):
    (tmp_path / "national.csv").write_bytes(content)
    [problem] = read_national([tmp_path / "national.csv"]).problems
    assert problem.code == "data-unreadable" and message in problem.message and action in problem.action


def test_csv_with_no_header_says_how_it_was_read(tmp_path):
    rows = [["Area code|Period|Value"], ["E06000002|Q1 2024/25|70.1"]]
    path = write_csv(tmp_path / "pipes.csv", rows, encoding="utf-16")
    [problem] = read_national([path]).problems
    assert problem.code == "data-no-header"
    assert ("It was read as UTF-16 text with its columns separated by commas; its first row holds "
            "'Area code|Period|Value'.") in problem.message
    assert "--column" in problem.action and "CSV UTF-8" in problem.action


def test_a_neighbours_list_in_utf_16_separated_by_semicolons(tmp_path, workbook, data):
    listed = write_csv(tmp_path / "neighbours.csv", [["Area name", "Area code"], *([AREAS[code], code] for code in KNOWN)],
                       encoding="utf-16", delimiter=";")
    done = import_benchmarks([data], str(listed), AREA, workbook, tmp_path / "filled.xlsx")
    assert done.neighbours == KNOWN
    assert comparators(tmp_path / "filled.xlsx")[CURRENT][0] == Figure(Decimal("71.3"), 1)
