"""Figures at the edges of what Excel holds: 26 or more decimal places, typed as text or shown by a number
format, and magnitudes from 1E-300 to 1E+300, on the Indicators and History sheets. Each is read, with a
warning where places are dropped, and never stops validate or generate."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import SAMPLE, TEMPLATE
from perfreport.cli.main import main
from perfreport.core.model import Figure
from perfreport.workbook import read_workbook
from perfreport.workbook.cells import MOST_PLACES, CellError, read_figure
from perfreport.workbook.collect import read_workbooks

LONG_TEXT = "83." + "1" * 27 + "%"  # indicator 182 is a percentage
LONG_FORMAT = "0." + "0" * 27 + "%"


def edited(tmp_path: Path, indicators: dict[str, object] = (), history: dict[str, object] = (),
           formats: dict[str, str] = ()) -> Path:
    """The sample with cells of Indicators and History set (and number formats given), saved as q2.xlsx."""
    book = load_workbook(SAMPLE)
    for sheet, cells in (("Indicators", indicators), ("History", history)):
        for ref, value in dict(cells).items():
            book[sheet][ref] = value
    for ref, number_format in dict(formats).items():
        sheet, cell = ref.split("!")
        book[sheet][cell].number_format = number_format
    path = tmp_path / "q2.xlsx"
    book.save(path)
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def validated(path: Path) -> dict:
    result = run("validate", str(path), "--format", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.output)


def warned(path: Path) -> dict[str, str]:
    """Each too-many-decimal-places warning's place and message."""
    return {f"{p['sheet']}!{p['cell']}": p["message"] for p in validated(path)["problems"]
            if p["code"] == "too-many-decimal-places" and p["severity"] == "warning"}


FORMS = {
    "typed as text": ({"J2": LONG_TEXT}, {}),
    "a number formatted with 27 places": ({"J2": 0.83}, {"Indicators!J2": LONG_FORMAT}),
}


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_a_current_value_with_27_decimal_places_is_read_to_15_with_a_warning(tmp_path, form):
    cells, formats = FORMS[form]
    path = edited(tmp_path, cells, formats=formats)
    messages = warned(path)
    assert list(messages) == ["Indicators!J2"]
    shown = "83.111111111111111" if form == "typed as text" else "83.000000000000000"
    assert f"27 decimal places are more than any figure is read to, so it is read to {MOST_PLACES}, as {shown}." in (
        messages["Indicators!J2"])
    current = read_workbook(path).indicators[0].current
    assert current == Figure(Decimal(shown), MOST_PLACES)


HISTORY_FORMS = {
    "typed as text": ({"C2": "88." + "4" * 30 + "%"}, {}),
    "a number formatted with 27 places": ({"C2": 0.881}, {"History!C2": LONG_FORMAT}),
}


@pytest.mark.parametrize("form", HISTORY_FORMS, ids=list(HISTORY_FORMS))
def test_a_history_value_with_many_decimal_places_is_read_to_15_with_a_warning(tmp_path, form):
    cells, formats = HISTORY_FORMS[form]
    path = edited(tmp_path, history=cells, formats=formats)
    messages = warned(path)
    assert list(messages) == ["History!C2"]
    shown = "88.444444444444444" if form == "typed as text" else "88.100000000000000"
    assert messages["History!C2"].startswith(f"Value: {'30' if form == 'typed as text' else '27'} decimal places")
    assert messages["History!C2"].endswith(f"as {shown}.")
    first = next(i for i in read_workbooks([path]).indicators if i.number == "182").history[0]
    assert first.value == Figure(Decimal(shown), MOST_PLACES)


def test_generate_writes_the_report_with_figures_of_27_places_shown_to_15(tmp_path):
    path = edited(tmp_path, {"J2": LONG_TEXT, "J3": 0.77}, {"C2": "88." + "4" * 30 + "%"},
                  formats={"Indicators!J3": LONG_FORMAT})
    output = tmp_path / "q2.docx"
    result = run("generate", str(path), "-t", str(TEMPLATE), "-o", str(output), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output.count("decimal places are more than any figure is read to") == 3
    text = "\n".join(cell.text for table in Document(output).tables for row in table.rows for cell in row.cells)
    assert "83.111111111111111%" in text and "77.000000000000000%" in text


@pytest.mark.parametrize("value", [1e300, 1e-300], ids=["1E+300", "1E-300"])
def test_figures_of_extreme_magnitude_are_read_and_reported(tmp_path, value):
    # indicator 212 is a count: current, previous, target and a History value all at the extreme
    path = edited(tmp_path, {"J9": value, "K9": value, "H9": value}, {"C70": value})
    indicator = next(i for i in read_workbook(path).indicators if i.number == "212")
    expected = Decimal(repr(value)) if value > 1 else Decimal(0)
    assert indicator.current.value == expected and indicator.target.value == expected
    checked = validated(path)
    assert checked["counts"]["error"] == 0, checked["problems"]
    output = tmp_path / "q2.docx"
    result = run("generate", str(path), "-t", str(TEMPLATE), "-o", str(output), "--html", "--quiet")
    assert result.exit_code == 0, result.output
    assert output.is_file() and output.with_suffix(".html").is_file()


def test_a_float_is_read_to_the_15_digits_excel_keeps():
    assert read_figure(0.1 + 0.2) == Figure(Decimal("0.3"), 1)
    assert read_figure(83.3 + 0.1) == Figure(Decimal("83.4"), 1)
    assert read_figure(1e300) == Figure(Decimal("1E+300"), 0)


@pytest.mark.parametrize("text", ["1" + "0" * 308, "-1" + "0" * 310])
def test_a_figure_beyond_what_excel_holds_is_refused(text):
    with pytest.raises(CellError, match="too large to be a figure"):
        read_figure(text)
