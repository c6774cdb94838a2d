"""Reports and every workbook perfreport writes valid to the Office Open XML schema, as openxml-audit checks them
(the Open XML SDK's rules, and Word's and Excel's own): no errors and no warnings, such as text kept inline in its
cells, which Excel would move to a shared-strings part. What it finds is printed for each file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator

from conftest import ROOT, SAMPLE, TEMPLATE, indicator
from perfreport.cli.main import main
from perfreport.generate import generate_by_committee, generate_report
from perfreport.workbook import new_workbook, roll_forward_by

INDICATOR_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
INDICATOR_SET_TEMPLATE = ROOT / "templates" / "indicator-set.docx"


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(max_errors=0)


def assert_valid(validator: OpenXmlValidator, path: Path) -> None:
    """Nothing found in ``path``: no errors, no warnings, no notices."""
    found = [f"{path.name}: {finding.severity.value}: {finding.part_uri} {finding.path}: {finding.description}"
             for finding in validator.validate(path).errors]
    assert not found, "\n".join(found)


def test_the_committee_sample_report(validator, sample_report):
    assert_valid(validator, sample_report.output)


def test_the_indicator_set_sample_report(validator, tmp_path):
    report = generate_report([INDICATOR_SET], INDICATOR_SET_TEMPLATE, output=tmp_path / "set.docx").output
    assert_valid(validator, report)


def test_reports_by_committee(validator, tmp_path, make_workbook):
    workbook = make_workbook([indicator("1"), indicator("2", committee="Adults and Health Committee")])
    reports = generate_by_committee([workbook], TEMPLATE, folder=tmp_path / "reports").reports
    assert len(reports) == 2
    for report in reports:
        assert_valid(validator, report.output)


@pytest.mark.parametrize("cells", [
    ['{% vm %}{{ ind.owner }}', '{% cellbg "C00000" if ind.number > "1" else "00B050" %}{{ ind.number }}'],
    ["{% colspan 1 %}{{ ind.owner }}", "{% cellbg 'C00000' %}{{ ind.number }}"],  # docxtpl re-counts the columns
], ids=["merged", "spanned"])
def test_a_template_python_docx_made_with_docxtpls_cell_tags(validator, tmp_path, make_workbook, cells):
    """Each tag puts its cell property first or last; the report has them in order, and no stale styles copy."""
    template = Document()
    table = template.add_table(rows=3, cols=2)
    for row, texts in zip(table.rows, [["{%tr for ind in indicators %}", ""], cells, ["{%tr endfor %}", ""]]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    template.save(tmp_path / "cells.docx")
    workbook = make_workbook([indicator("1"), indicator("2")])
    assert_valid(validator, generate_report([workbook], tmp_path / "cells.docx", output=tmp_path / "r.docx").output)


def test_the_blank_owner_workbook(validator, tmp_path):
    new_workbook(tmp_path / "blank.xlsx")
    assert_valid(validator, tmp_path / "blank.xlsx")


def test_a_rolled_forward_owner_workbook(validator, tmp_path):
    output = tmp_path / "next.xlsx"
    result = CliRunner().invoke(main, ["new-workbook", str(output), "--from", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert_valid(validator, output)


def test_every_chart_workbook_embedded_in_the_sample_report(validator, sample_report, tmp_path):
    with zipfile.ZipFile(sample_report.output) as report:
        names = [name for name in report.namelist() if name.startswith("word/embeddings/") and name.endswith(".xlsx")]
        assert names
        for name in names:
            path = tmp_path / Path(name).name
            path.write_bytes(report.read(name))
            assert_valid(validator, path)


def test_the_sample_with_comparators_and_its_table(validator, tmp_path):
    copy, table = tmp_path / "with-benchmarks.xlsx", tmp_path / "quarter.xlsx"
    result = CliRunner().invoke(main, [
        "benchmarks", "import", str(ROOT / "inputs" / "national-data-illustrative.csv"), str(SAMPLE),
        "--area", "E10000003", "--neighbours", str(ROOT / "inputs" / "neighbours.csv"), "--output", str(copy)])
    assert result.exit_code == 0, result.output
    assert_valid(validator, copy)
    result = CliRunner().invoke(main, ["export", str(copy), "--output", str(table)])
    assert result.exit_code == 0, result.output
    assert_valid(validator, table)


def test_each_owners_workbook_an_annotated_copy_and_the_chase_list(validator, tmp_path):
    sent, returns, copies, chase = (tmp_path / name for name in ("sent", "returns", "annotated", "chase.xlsx"))
    rolled = roll_forward_by(SAMPLE, sent, "owner").workbooks
    returns.mkdir()
    book = load_workbook(rolled[0].path)
    book["Indicators"]["J2"] = "lots"  # an error, marked in the annotated copy
    book["Indicators"]["P2"] = "=HYPERLINK(\"https://example.org\") typed as words"
    book.save(returns / rolled[0].path.name)
    result = CliRunner().invoke(main, ["validate", str(returns), "--annotate", str(copies)])
    assert result.exit_code == 1 and "Problems marked in" in result.output, result.output
    result = CliRunner().invoke(main, ["returns", str(returns), "--expected", str(sent), "--chase-list", str(chase)])
    assert "Chase list written" in result.output, result.output
    [copy] = copies.iterdir()
    for workbook in [*(w.path for w in rolled), copy, chase]:
        assert_valid(validator, workbook)
