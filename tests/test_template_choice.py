"""Which template makes the report: command line, settings, the Report sheet's Template, the default; what the
Report sheet must give for it; and titles kept short."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import DETAILS, ROOT, indicator
from perfreport.cli.main import main
from perfreport.core.problems import ProblemsFound
from perfreport.generate import generate_report
from perfreport.report.template_fields import shown_fields
from perfreport.validate import validate

SET_TEMPLATE = ROOT / "templates" / "indicator-set.docx"
SET_HTML = ROOT / "templates" / "indicator-set.html"
COMMITTEE_TEMPLATE = ROOT / "templates" / "committee-report.docx"
INDICATOR_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def html_title(path) -> str:
    return re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S).group(1)


def blank_report_cells(path, *headers: str) -> None:
    """Empty the Report sheet's value for each of ``headers``, as an owner might leave them."""
    book = load_workbook(path)
    for row in book["Report"].iter_rows(min_row=2):
        if row[0].value in headers:
            row[1].value = None
    book.save(path)


def test_the_report_sheet_names_the_template_and_the_html_edition_follows(make_workbook, tmp_path, monkeypatch):
    workbook = make_workbook([indicator("1", service="Legal Services")], replace(DETAILS, template="Indicator set"))
    monkeypatch.chdir(tmp_path)
    result = run("generate", str(workbook), "--html", "-o", "set.docx")
    assert result.exit_code == 0, result.output
    assert ("Filled the indicator-set template (perfreport's own templates/indicator-set.docx and "
            "templates/indicator-set.html), named on the Report sheet of owners.xlsx.") in result.output.splitlines()
    assert Document(tmp_path / "set.docx").core_properties.title == "Legal Services - Indicator Set 2024/25, Quarter 3"
    assert html_title(tmp_path / "set.html") == "Legal Services - Indicator Set 2024/25, Quarter 3"


def test_the_shipped_very_green_sample_is_filled_into_the_indicator_set(tmp_path):
    made = generate_report([INDICATOR_SET], output=tmp_path / "set.docx", html=True)
    assert made.template.name == "indicator-set"
    assert Document(made.output).core_properties.subject == "Indicator set"
    assert html_title(made.html).endswith("Indicator Set 2019/20, Quarter 4")


def test_settings_come_before_the_report_sheet_and_the_command_line_before_both(make_workbook, tmp_path, monkeypatch):
    workbook = make_workbook([indicator("1")], replace(DETAILS, template="Committee report"))
    (tmp_path / "perfreport.toml").write_text(f'template = "{SET_TEMPLATE.as_posix()}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    by_settings = run("generate", str(workbook), "-o", "a.docx")
    assert by_settings.exit_code == 0, by_settings.output
    assert f"Filled the indicator-set template ({SET_TEMPLATE}), set in perfreport.toml." in by_settings.output
    assert Document(tmp_path / "a.docx").core_properties.subject == "Indicator set"
    given = run("generate", str(workbook), "-o", "b.docx", "--template", str(COMMITTEE_TEMPLATE))
    assert f"Filled the committee-report template ({COMMITTEE_TEMPLATE}), given by --template." in given.output
    assert Document(tmp_path / "b.docx").core_properties.subject == "Performance report"


def test_the_default_says_where_the_others_are_and_templates_lists_them(make_workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("generate", str(make_workbook([indicator("1")])), "-o", "r.docx")
    assert ("Filled the committee-report template (perfreport's own templates/committee-report.docx), perfreport's "
            "default; perfreport templates lists the others and how to choose one.") in result.output.splitlines()
    listed = run("templates")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith("Committee report (filled unless a workbook names another): ")
    assert "  Word: perfreport's own templates/indicator-set.docx" in lines
    assert "  HTML: perfreport's own templates/indicator-set.html" in lines
    assert "Template: Committee report or Indicator set" in listed.output


def test_a_template_file_named_beside_the_workbook_is_filled(make_workbook, tmp_path):
    (tmp_path / "ours.docx").write_bytes(SET_TEMPLATE.read_bytes())
    workbook = make_workbook([indicator("1")], replace(DETAILS, template="ours.docx"))
    made = generate_report([workbook], output=tmp_path / "r.docx", html=True)
    assert made.template.word == tmp_path / "ours.docx"
    assert made.template.html.name == "committee-report.html"  # no ours.html beside it, nor a shipped one of its name
    assert Document(made.output).core_properties.subject == "Indicator set"


@pytest.mark.parametrize(("value", "message"), [
    ("Quarterly digest", "Template: 'Quarterly digest' is not a template perfreport knows."),
    ("missing.docx", "Template: there is no missing.docx beside this workbook, nor in this folder."),
])
def test_a_template_perfreport_cannot_find_is_an_error_at_its_cell(make_workbook, value, message, tmp_path):
    workbook = make_workbook([indicator("1")], replace(DETAILS, template=value))
    [problem] = [p for p in validate([workbook]).problems if p.code == "unknown-template"]
    assert (problem.file, problem.sheet, problem.cell, problem.message) == ("owners.xlsx", "Report", "B13", message)
    with pytest.raises(ProblemsFound) as raised:
        generate_report([workbook], output=tmp_path / "r.docx")
    assert "unknown-template" in [p.code for p in raised.value.problems]
    assert not (tmp_path / "r.docx").exists()


def test_the_shipped_templates_show_what_they_need():
    assert shown_fields([COMMITTEE_TEMPLATE]) == {"title", "committee", "produced_on", "team", "contact"}
    assert shown_fields([SET_TEMPLATE, SET_HTML]) == {"produced_on", "team", "contact"}
    assert shown_fields([ROOT / "nowhere.docx"]) == {"title", "committee", "produced_on", "team", "contact"}


def test_the_report_sheet_must_give_only_what_the_template_shows(make_workbook, tmp_path, monkeypatch):
    workbook = make_workbook([indicator("1")])
    blank_report_cells(workbook, "Report title", "Committee")
    monkeypatch.chdir(tmp_path)
    for_committee = run("validate", str(workbook))
    assert for_committee.exit_code == 1
    assert ("error: owners.xlsx, Report!B2: Report title is blank. Fill it in: the title on the cover, e.g. "
            "Performance Report. The committee-report template shows it.") in for_committee.output
    assert "error: owners.xlsx, Report!B3: Committee is blank." in for_committee.output
    for_set = run("validate", str(workbook), "--template", str(SET_TEMPLATE))
    assert for_set.exit_code == 0, for_set.output
    assert f"The Report sheet is checked for the indicator-set template ({SET_TEMPLATE} and {SET_HTML})" in for_set.output
    made = run("generate", str(workbook), "--template", str(SET_TEMPLATE), "--html", "-o", "set.docx")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "set.docx").is_file() and (tmp_path / "set.html").is_file()
    refused = run("generate", str(workbook), "-o", "committee.docx")
    assert refused.exit_code == 1 and "Report title is blank" in refused.output
    assert not (tmp_path / "committee.docx").exists()


def test_a_template_showing_no_produced_on_date_needs_none(make_workbook, tmp_path):
    word = Document()
    word.add_paragraph("{{ report.title }}, {{ report.period }} {{ report.financial_year }}")
    word.save(tmp_path / "plain.docx")
    (tmp_path / "plain.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>{{ report.title }}</title></head>'
        "<body><main><h1>{{ report.title }}</h1></main></body></html>", encoding="utf-8")
    workbook = make_workbook([indicator("1")])
    blank_report_cells(workbook, "Produced on", "Team", "Contact e-mail", "Committee")
    assert [p.code for p in validate([workbook]).problems if p.sheet == "Report"] == ["missing-value"] * 4
    made = generate_report([workbook], tmp_path / "plain.docx", output=tmp_path / "output" / "plain.docx", html=True)
    assert made.problems == [] and made.details.produced_on is None
    assert Document(made.output).paragraphs[0].text == "Performance Report, Quarter 3 2024/25"
    assert "<h1>Performance Report</h1>" in made.html.read_text(encoding="utf-8")
    again = run("verify", str(made.manifest))
    assert again.exit_code == 0, again.output


SERVICES = ["Legal Services", "Democratic Services", "Finance", "Human Resources", "Customer Services"]


def test_many_services_make_a_short_title(make_workbook, tmp_path):
    indicators = [indicator(str(n), service=service) for n, service in enumerate(SERVICES, start=1)]
    made = generate_report([make_workbook(indicators)], SET_TEMPLATE, output=tmp_path / "set.docx", html=True)
    title = "Legal Services and 4 other services - Indicator Set 2024/25, Quarter 3"
    assert Document(made.output).core_properties.title == title
    assert html_title(made.html) == title
    assert "long-title" not in [p.code for p in made.problems]


def test_a_long_title_is_warned_of_where_it_came_from(make_workbook, tmp_path):
    long_service = "Directorate of Place, Economy, Environment, Highways, Planning and Sustainable Transport Services"
    made = generate_report([make_workbook([indicator("1", service=long_service)])], SET_TEMPLATE,
                           output=tmp_path / "set.docx")
    [problem] = [p for p in made.problems if p.code == "long-title"]
    assert (problem.file, problem.sheet, problem.cell) == ("owners.xlsx", "Indicators", "D2")
    assert problem.message.startswith("The report's title is 132 characters long, over the 90")
    assert "from the indicators' services" in problem.message
    long_title = "Performance Report on the Council's Corporate Plan Priorities, Outcomes and Key Performance Indicators"
    made = generate_report([make_workbook([indicator("1")], replace(DETAILS, title=long_title), "long.xlsx")],
                           COMMITTEE_TEMPLATE, output=tmp_path / "committee.docx")
    [problem] = [p for p in made.problems if p.code == "long-title"]
    assert (problem.file, problem.sheet, problem.cell) == ("long.xlsx", "Report", "B2")
    assert "Most of it is the Report title." in problem.message and problem.action == "Give a shorter Report title."
