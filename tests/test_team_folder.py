"""A team's own folder: what ships in the package, `perfreport init`, the settings file, and the
order every default is chosen in (command line, settings, Report sheet, shipped default)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import DETAILS, ROOT, indicator
from docx_reading import blocks, sections
from perfreport import __version__
from perfreport.cli.main import main
from perfreport.cli.settings import SettingsError, load_settings
from perfreport.shipped import COMMITTEE_TEMPLATE, SAMPLE, TEAM_FILES, shipped
from perfreport.workbook import write_workbook

SAMPLE_REPORT = "output/strategy-and-resources-committee-quarter-2-2023-24.docx"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def team(tmp_path, monkeypatch) -> Path:
    """A team's folder made by perfreport init, under a name with a space and accents, worked in."""
    folder = tmp_path / "Équipe performance"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Path:
    """A folder with nothing in it, worked in."""
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("name", TEAM_FILES)
def test_the_checkout_holds_exactly_what_the_package_ships(name):
    assert (ROOT / name).read_bytes() == shipped(name).read_bytes(), (
        f"{name} differs from src/perfreport/shipped/{name}: rebuild it with the script in tools/"
    )


def test_the_package_ships_a_template_a_sample_and_settings_it_can_use():
    assert Document(shipped(COMMITTEE_TEMPLATE)).paragraphs
    assert load_workbook(shipped(SAMPLE)).sheetnames == ["Instructions", "Report", "Indicators", "History"]
    assert load_settings(shipped("perfreport.toml")).workbooks == (shipped(SAMPLE),)


def test_init_makes_a_working_folder_and_says_what_to_do_next(tmp_path):
    folder = tmp_path / "Équipe performance"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    for name in TEAM_FILES:
        assert (folder / name).read_bytes() == shipped(name).read_bytes()
        assert f"Written {folder / name}" in result.output
    assert (folder / "output").is_dir()
    assert f'1. cd "{folder}"' in result.output
    assert "perfreport generate" in result.output and "perfreport.toml" in result.output


def test_init_never_overwrites_a_file(team):
    settings, template = team / "perfreport.toml", team / COMMITTEE_TEMPLATE
    settings.write_text('workbooks = ["returns"]\n', encoding="utf-8")
    template.write_bytes(b"the team's own template")
    result = run("init")
    assert result.exit_code == 0, result.output
    assert settings.read_text(encoding="utf-8") == 'workbooks = ["returns"]\n'
    assert template.read_bytes() == b"the team's own template"
    assert "Kept perfreport.toml: it was already there" in result.output
    assert "Written" not in result.output


def test_in_a_new_team_folder_generate_writes_the_sample_report(team):
    result = run("generate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Ratings follow the Blue/Green/Amber/Red scheme (perfreport's default).",
        "Filled the committee-report template (templates/committee-report.docx), perfreport's default; "
        "perfreport templates lists the others and how to choose one.",
        "14 indicators: Red 2, Amber 3, Green 6, Blue 1, Baseline 2",
        f"Report written to {SAMPLE_REPORT}",
    ]
    document = Document(team / SAMPLE_REPORT)
    assert len(sections(document)) == 14
    assert "Cambridgeshire County Council" in [block.text for block in blocks(document)[:10]]
    assert run("validate").output.endswith("Checked 1 workbook, 14 indicators: 0 errors, 0 warnings, 0 notices.\n")


def test_generate_without_a_workbook_or_settings_says_what_to_give(empty):
    result = run("generate")
    assert result.exit_code == 2
    assert "No workbook given. Name the owners' returns, as files or a folder (e.g. perfreport generate returns/)" in (
        result.output
    )
    assert "run perfreport init" in result.output
    assert list(empty.iterdir()) == []


def test_without_settings_or_templates_the_shipped_template_is_used(empty):
    result = run("generate", str(shipped(SAMPLE)))
    assert result.exit_code == 0, result.output
    assert (empty / SAMPLE_REPORT).is_file()


def cover(path: Path) -> list[str]:
    return [block.text for block in blocks(Document(path))[:10]]


def test_the_command_line_wins_over_settings_which_win_over_the_report_sheet(team):
    (team / "perfreport.toml").write_text(
        'workbooks = ["inputs/performance-report-2023-24-q2.xlsx"]\n'
        'output_folder = "reports"\n'
        '[report]\nteam = "Settings Team"\norganisation = "Anytown Borough Council"\n',
        encoding="utf-8",
    )
    result = run("generate")
    assert result.exit_code == 0, result.output
    report = team / "reports" / Path(SAMPLE_REPORT).name
    assert f"Report written to {report.relative_to(team)}" in result.output
    assert {"Settings Team", "Anytown Borough Council", "Strategy and Resources Committee"} <= set(cover(report))
    assert Document(report).core_properties.author == "Settings Team"
    result = run("generate", "--team", "Command Line Team", "--committee", "Audit Committee", "-o", "mine.docx")
    assert result.exit_code == 0, result.output
    assert {"Command Line Team", "Anytown Borough Council", "Audit Committee"} <= set(cover(team / "mine.docx"))
    assert "Settings Team" not in cover(team / "mine.docx")


def test_the_scheme_comes_from_the_command_line_then_settings_then_report_sheet(team):
    workbook = team / "inputs" / "set.xlsx"
    write_workbook(workbook, replace(DETAILS, scheme="very-green-green-amber-red"), [indicator("1")])

    def scheme(*args: str) -> str:
        result = run("validate", str(workbook), "--format", "json", *args)
        return json.loads(result.output)["scheme"]

    assert scheme() == "Very Green/Green/Amber/Red"
    settings = team / "perfreport.toml"
    settings.write_text('scheme = "blue-green-amber-red"\n', encoding="utf-8")
    assert scheme() == "Blue/Green/Amber/Red"
    assert scheme("--scheme", "very-green-green-amber-red") == "Very Green/Green/Amber/Red"
    settings.write_text('scheme = "ours.toml"\n', encoding="utf-8")
    result = run("validate", str(workbook))
    assert result.exit_code == 2 and "ours.toml" in result.output


def test_a_settings_file_elsewhere_is_named_with_config_and_its_paths_are_its_own(team, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("generate", "--config", str(team / "perfreport.toml"))
    assert result.exit_code == 0, result.output
    assert (team / SAMPLE_REPORT).is_file()
    assert not (tmp_path / "output").exists()
    assert run("generate", "--config", "nowhere.toml").exit_code == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ('temlate = "x.docx"\n', "perfreport.toml, line 1: there is no setting temlate. Did you mean template?"),
        ('# a comment\n[report]\nteem = "x"\n', "perfreport.toml, line 3: there is no setting report.teem. Did you mean "
         "report.team?"),
        ("workbooks = 3\n", "perfreport.toml, line 1: workbooks must be a list of paths"),
        ("scheme = true\n", "perfreport.toml, line 1: scheme must be text in quotes"),
        ('workbooks = ["a"\n', "perfreport.toml: "),
    ],
)
def test_a_settings_file_that_cannot_be_used_is_refused_naming_the_line(team, text, message):
    (team / "perfreport.toml").write_text(text, encoding="utf-8")
    result = run("generate")
    assert result.exit_code == 2
    assert message in result.output
    with pytest.raises(SettingsError):
        load_settings(team / "perfreport.toml")


def test_check_template_tries_a_template_with_the_shipped_sample_anywhere(empty, tmp_path):
    result = run("check-template", str(shipped(COMMITTEE_TEMPLATE)))
    assert result.exit_code == 0, result.output
    assert result.output == "committee-report.docx: no problems found.\n"
    faulty = tmp_path / "faulty.docx"
    document = Document()
    document.add_paragraph("{{r report.title|badge }}")  # only filling the template finds this
    document.save(faulty)
    result = run("check-template", str(faulty))
    assert result.exit_code == 1
    assert "template-not-tried" not in result.output and "faulty.docx" in result.output


def test_check_template_with_no_template_checks_the_one_generate_would_use(team):
    document = Document()  # the team's own template, with a slip
    document.add_paragraph("{{ report.comittee }}")
    document.save(team / COMMITTEE_TEMPLATE)
    result = run("check-template")
    assert result.exit_code == 1
    assert "committee-report.docx" in result.output and "comittee" in result.output


def test_python_dash_m_runs_the_command_line():
    result = subprocess.run([sys.executable, "-m", "perfreport", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"perfreport, version {__version__}"


def test_nothing_runs_through_a_shell():
    """A folder or file name with spaces, quotes or accents is passed to other programs as it is."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "src" / "perfreport").rglob("*.py"))
    assert "subprocess" in source
    for risky in ("shell=True", "os.system(", "os.popen(", "commands.getoutput"):
        assert risky not in source


def test_settings_and_a_scheme_saved_by_notepad_with_a_byte_order_mark_are_read(team):
    """Windows Notepad may save UTF-8 with a byte-order mark and CRLF line endings."""
    notepad = b"\xef\xbb\xbf"
    workbook = team / "inputs" / "set.xlsx"
    write_workbook(workbook, DETAILS, [indicator("1")])
    scheme = run("schemes", "show", "very-green-green-amber-red").output.replace("Very Green/Green/Amber/Red", "Ours")
    (team / "ours.toml").write_bytes(notepad + scheme.replace("\n", "\r\n").encode("utf-8"))
    (team / "perfreport.toml").write_bytes(notepad + 'scheme = "ours.toml"\r\n# Équipe\r\n'.encode())
    assert load_settings(team / "perfreport.toml").scheme == "ours.toml"
    result = run("validate", str(workbook), "--format", "json")
    assert json.loads(result.output)["scheme"] == "Ours"
    (team / "perfreport.toml").write_bytes(notepad + b'temlate = "x.docx"\r\n')
    result = run("generate")
    assert result.exit_code == 2 and "perfreport.toml, line 1: there is no setting temlate." in result.output
