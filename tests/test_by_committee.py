"""One report per committee in one run: each with its own indicators, each file safely named in the folder."""

from __future__ import annotations

import multiprocessing
import re
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import DETAILS, TEMPLATE, figure, indicator
from docx_reading import blocks, rows, sections, table_with_header
from perfreport.cli.main import main
from perfreport.core.file_names import LONGEST, WINDOWS_RESERVED, distinct, report_file_name
from perfreport.core.problems import ProblemsFound
from perfreport.generate import generate_by_committee, generate_report
from perfreport.report.committees import split_by_committee
from perfreport.report.context import build_context
from perfreport.report.manifest import SUFFIX as MANIFEST
from perfreport.report.word import pdf as pdf_module
from perfreport.report.word.pdf import EXPORT, make_pdfs
from perfreport.validate import validate

ADULTS, CHILDREN = "Adults and Health Committee", "Children and Young People Committee"
# Test Committee (the Report sheet's) gets 1 and 2; Adults 3, 4 and 5; Children 6.
INDICATORS = [
    indicator("1"),  # Amber: 7 points under target
    indicator("2", current=figure("95.0")),  # Green
    indicator("3", committee=ADULTS, current=figure("60.0"), actions="Recovery plan."),  # Red
    indicator("4", committee=" adults and health  COMMITTEE"),  # the same committee, spelt otherwise
    indicator("5", committee=ADULTS, current=figure("90.0")),
    indicator("6", committee=CHILDREN),
]
EXPECTED = {
    "test-committee-quarter-3-2024-25.docx": ("Test Committee", ["1", "2"], {"Amber": 1, "Green": 1}),
    "adults-and-health-committee-quarter-3-2024-25.docx": (ADULTS, ["3", "4", "5"], {"Red": 1, "Amber": 1, "Green": 1}),
    "children-and-young-people-committee-quarter-3-2024-25.docx": (CHILDREN, ["6"], {"Amber": 1}),
}
SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.docx")


def read_report(path) -> dict:
    """What a reader sees of a committee's report: cover, title, footer, sections, index and summary."""
    document = Document(path)
    index = table_with_header(document, "Indicator", "Title", "Owner", "Status")
    *statuses, total = rows(table_with_header(document, "Status", "Number", "%", "Indicators"))[1:]
    return {
        "cover": [block.text for block in blocks(document)[:7]],
        "title": document.core_properties.title,
        "footer": document.sections[0].footer.paragraphs[0].text,
        "sections": [heading.removeprefix("Indicator ").split(":")[0] for heading in sections(document)],
        "index": [row.cells[0].text for row in index.rows[1:]],
        "summary": {name: int(count) for name, count, _, _ in statuses if int(count)},
        "total": int(total[1]),
    }


def test_each_committee_gets_a_report_of_its_own_indicators(tmp_path, make_workbook):
    folder = tmp_path / "reports"
    run = generate_by_committee([make_workbook(INDICATORS)], TEMPLATE, folder=folder)
    assert sorted(path.name for path in folder.iterdir() if not path.name.endswith(MANIFEST)) == sorted(EXPECTED)
    assert [report.details.committee for report in run.reports] == ["Test Committee", ADULTS, CHILDREN]
    for report in run.reports:
        committee, numbers, counts = EXPECTED[report.output.name]
        seen = read_report(report.output)
        assert seen["cover"][4] == committee and seen["cover"][1] == "Performance Report"
        assert seen["title"] == f"Performance Report: {committee}, Quarter 3 2024/25"
        assert seen["footer"].startswith(f"{committee}: Performance Report")
        assert seen["sections"] == seen["index"] == numbers
        assert (seen["summary"], seen["total"]) == (counts, len(numbers))
        assert [item.indicator.number for item in report.rated] == numbers


def test_the_data_of_each_report_is_that_committees_alone(make_workbook):
    checked = validate([make_workbook(INDICATORS)])
    split = split_by_committee(checked.content.details, checked.rated)
    adults, rated = split[1]
    context = build_context(adults, rated, checked.scheme)
    assert context["report"]["committee"] == ADULTS
    assert [ind["committee"] for ind in context["indicators"]] == [ADULTS] * 3
    assert [row["count"] for row in context["summary"]["rows"] if row["count"]] == [1, 1, 1]
    everyone = build_context(checked.content.details, checked.rated, checked.scheme)
    assert [ind["committee"] for ind in everyone["indicators"]][:3] == ["Test Committee", "Test Committee", ADULTS]


def test_a_workbook_for_one_committee_gives_the_same_report_as_without_by(tmp_path, make_workbook):
    workbook = make_workbook([indicator("1"), indicator("2", committee="test committee")])
    [report] = generate_by_committee([workbook], TEMPLATE, folder=tmp_path / "by").reports
    single = generate_report([workbook], TEMPLATE, output_folder=tmp_path / "single")
    assert report.output.name == single.output.name
    assert report.output.read_bytes() == single.output.read_bytes()


HOSTILE = [
    "../x", "..", "CON", "con.txt", "a/b", "a\\b", "/etc/passwd", "!?*", " ".join(["Long"] * 40),
    "Adults' Committee", "Adults Committee",  # the same name once cleaned
]


def test_hostile_committee_names_give_safe_distinct_files_inside_the_folder(tmp_path, make_workbook):
    workbook = make_workbook([indicator("0")] + [indicator(str(n), committee=name) for n, name in enumerate(HOSTILE, 1)])
    area = tmp_path / "area"
    area.mkdir()
    folder = area / "reports"
    before = sorted(tmp_path.rglob("*"))
    run = generate_by_committee([workbook], TEMPLATE, folder=folder)
    names = sorted(path.name for path in folder.iterdir() if not path.name.endswith(MANIFEST))
    assert len(names) == len(run.reports) == len(HOSTILE) + 1
    assert all(SAFE_NAME.fullmatch(name) and len(name) <= LONGEST + 7 for name in names)
    assert not any(name.split(".")[0] in WINDOWS_RESERVED for name in names)
    manifests = [report.manifest for report in run.reports]
    assert sorted(tmp_path.rglob("*")) == sorted([*before, folder, *(folder / name for name in names), *manifests])
    assert {report.output.parent for report in run.reports} == {folder}
    committees = {report.details.committee: report.output.name for report in run.reports}
    assert committees["../x"] == "x-quarter-3-2024-25.docx"
    assert committees["/etc/passwd"] == "etc-passwd-quarter-3-2024-25.docx"
    for first, second, name in (("!?*", "..", "quarter-3-2024-25"), ("a/b", "a\\b", "a-b-quarter-3-2024-25"),
                                ("Adults Committee", "Adults' Committee", "adults-committee-quarter-3-2024-25")):
        assert (committees[first], committees[second]) == (f"{name}.docx", f"{name}-2.docx")
    assert committees[HOSTILE[8]].endswith("-quarter-3-2024-25.docx")
    for report in run.reports:
        assert read_report(report.output)["cover"][4] == report.details.committee


@pytest.mark.parametrize(
    ("committee", "period", "year", "name"),
    [
        ("CON", "", "", "con-report.docx"),
        ("com1", "", "-", "com1-report.docx"),
        ("Lpt9", "", "", "lpt9-report.docx"),
        ("nul", "Quarter 1", "", "nul-quarter-1.docx"),
        ("..", "/", "\\", "report.docx"),
        ("Pwyllgor Cyllid ac Adnoddau", "Chwarter 2", "2023/24", "pwyllgor-cyllid-ac-adnoddau-chwarter-2-2023-24.docx"),
        ("Comité Ŵ", "Q2", "2023/24", "comite-w-q2-2023-24.docx"),
    ],
)
def test_file_names(committee, period, year, name):
    assert report_file_name(replace(DETAILS, committee=committee, period=period, financial_year=year)) == name


def test_a_long_name_is_shortened_keeping_period_and_year():
    name = report_file_name(replace(DETAILS, committee="Committee " * 50))
    assert len(name) <= LONGEST + len(".docx") and SAFE_NAME.fullmatch(name)
    assert name.startswith("committee-committee") and name.endswith("-committee-quarter-3-2024-25.docx")
    absurd = report_file_name(replace(DETAILS, committee="Committee " * 50, period="Quarter 3 " * 50))
    assert len(absurd) <= LONGEST + len(".docx") and absurd.startswith("committee-committee")


def test_clashing_names_are_numbered():
    assert distinct(["a.docx", "b.docx", "a.docx", "A.docx", "a-2.docx"]) == [
        "a.docx", "b.docx", "a-2.docx", "A-3.docx", "a-2-2.docx",
    ]


def test_a_link_in_the_folder_pointing_elsewhere_is_refused(tmp_path, make_workbook):
    folder, elsewhere = tmp_path / "reports", tmp_path / "elsewhere.docx"
    folder.mkdir()
    elsewhere.write_bytes(b"not a report")
    (folder / "adults-quarter-3-2024-25.docx").symlink_to(elsewhere)
    workbook = make_workbook([indicator("1"), indicator("2", committee="Adults")])
    with pytest.raises(ProblemsFound) as raised:
        generate_by_committee([workbook], TEMPLATE, folder=folder)
    assert [p.code for p in raised.value.problems] == ["outside-output-folder"]
    assert raised.value.problems[0].message == "The report would be written outside the output folder."
    assert elsewhere.read_bytes() == b"not a report"
    assert [path.name for path in folder.iterdir() if not path.name.endswith(MANIFEST)] == ["adults-quarter-3-2024-25.docx"]


def test_errors_anywhere_mean_no_report_at_all(tmp_path, make_workbook):
    broken = indicator("2", committee="Adults", current=figure("83.0"), target=None)  # no status without a target
    folder = tmp_path / "reports"
    with pytest.raises(ProblemsFound) as raised:
        generate_by_committee([make_workbook([indicator("1"), broken])], TEMPLATE, folder=folder)
    assert "no-target-status" in [p.code for p in raised.value.problems]
    assert not folder.exists()


def test_an_output_that_is_a_file_is_refused(tmp_path, make_workbook):
    report = tmp_path / "report.docx"
    report.write_bytes(b"earlier")
    with pytest.raises(ProblemsFound) as raised:
        generate_by_committee([make_workbook([indicator("1")])], TEMPLATE, folder=report)
    assert [p.code for p in raised.value.problems] == ["output-not-folder"]
    assert report.read_bytes() == b"earlier"


def test_the_command_writes_one_report_per_committee(tmp_path, make_workbook, monkeypatch):
    workbook = make_workbook(INDICATORS)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", str(workbook), "--template", str(TEMPLATE), "--by", "committee"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [
        f"Filled the committee-report template ({TEMPLATE}), given by --template.",
        "Report written to output/test-committee-quarter-3-2024-25.docx: Test Committee, 2 indicators: Amber 1, Green 1",
        f"Report written to output/adults-and-health-committee-quarter-3-2024-25.docx: {ADULTS}, "
        "3 indicators: Red 1, Amber 1, Green 1",
        f"Report written to output/children-and-young-people-committee-quarter-3-2024-25.docx: {CHILDREN}, "
        "1 indicator: Amber 1",
        "6 indicators in 3 reports: Red 1, Amber 3, Green 2",
    ]
    assert sorted(path.name for path in (tmp_path / "output").iterdir() if not path.name.endswith(MANIFEST)) == sorted(EXPECTED)


def test_the_command_writes_to_the_folder_given(tmp_path, make_workbook):
    folder = tmp_path / "q3 reports"
    result = CliRunner().invoke(
        main, ["generate", str(make_workbook(INDICATORS)), "-t", str(TEMPLATE), "--by", "committee", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in folder.iterdir() if not path.name.endswith(MANIFEST)) == sorted(EXPECTED)


def test_the_command_writes_nothing_while_there_are_errors(tmp_path, make_workbook):
    broken = indicator("2", committee="Adults", target=None)
    folder = tmp_path / "reports"
    result = CliRunner().invoke(
        main, ["generate", str(make_workbook([indicator("1"), broken])), "-t", str(TEMPLATE), "--by", "committee",
               "-o", str(folder)]
    )
    assert result.exit_code == 1
    assert "No report written: correct the errors above and run again." in result.output
    assert not folder.exists()


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_each_report_gets_its_pdf(tmp_path, make_workbook):
    folder = tmp_path / "reports"
    run = generate_by_committee([make_workbook(INDICATORS[:3])], TEMPLATE, folder=folder, pdf=True)
    assert [report.pdf for report in run.reports] == [report.output.with_suffix(".pdf") for report in run.reports]
    assert all(report.pdf.read_bytes().startswith(b"%PDF") for report in run.reports)
    assert run.problems == []


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_one_libreoffice_writes_every_pdf_and_a_failed_one_leaves_the_others(tmp_path, make_workbook, monkeypatch):
    reports = [report.output for report in generate_by_committee([make_workbook(INDICATORS)], TEMPLATE,
                                                                 folder=tmp_path / "reports").reports]
    missing = tmp_path / "missing.docx"
    runs = recorded_runs(monkeypatch)
    written = make_pdfs([(report, report.with_suffix(".pdf")) for report in [reports[0], missing, *reports[1:]]])
    assert [[problem.code for problem in problems] for _, problems in written] == [[], ["pdf-failed"], [], []]
    [failed] = written[1][1]
    assert failed.file == str(missing.with_suffix(".pdf")) and "LibreOffice said:" in failed.message
    assert written[1][0] is None and all(made.startswith(b"%PDF") for made, _ in [written[0], *written[2:]])
    assert runs == [("--terminate_after_init", 0), (EXPORT, 4)]


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_a_libreoffice_that_stops_part_way_is_run_again_for_the_reports_left(tmp_path, make_workbook, monkeypatch):
    """The first export run is told of one report only, as if LibreOffice had stopped after it."""
    reports = [report.output for report in generate_by_committee([make_workbook(INDICATORS)], TEMPLATE,
                                                                 folder=tmp_path / "reports").reports]
    runs = recorded_runs(monkeypatch, first_export_reports=1)
    written = make_pdfs([(report, report.with_suffix(".pdf")) for report in reports])
    assert [problems for _, problems in written] == [[], [], []]
    assert all(made.startswith(b"%PDF") for made, _ in written)
    assert runs == [("--terminate_after_init", 0), (EXPORT, 1), (EXPORT, 2)]


def recorded_runs(monkeypatch, first_export_reports: int | None = None) -> list[tuple[str, int]]:
    """Each LibreOffice run's argument and how many reports it was given; with ``first_export_reports``,
    the first export is given only that many."""
    runs: list[tuple[str, int]] = []
    real_libreoffice = pdf_module._libreoffice

    def run(soffice, profile, argument, **environment):
        if first_export_reports and len(runs) == 1:
            environment["PERFREPORT_REPORTS"] = str(first_export_reports)
        runs.append((argument, int(environment.get("PERFREPORT_REPORTS", 0))))
        return real_libreoffice(soffice, profile, argument, **environment)

    monkeypatch.setattr(pdf_module, "_libreoffice", run)
    return runs


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the planted fault reaches workers by fork")
def test_a_report_that_fails_unexpectedly_leaves_the_others_written_and_named(tmp_path, make_workbook, monkeypatch):
    """A worker stopped by something other than a problem (here a fault planted in it) fails its report only."""
    import perfreport.generate

    real_render = perfreport.generate.render_report

    def fails_for_adults(template, context, produced_on, progress):
        if context["report"]["committee"] == ADULTS:
            raise RuntimeError("planted fault")
        return real_render(template, context, produced_on, progress)

    monkeypatch.setattr(perfreport.generate, "render_report", fails_for_adults)  # workers are forked with it
    folder = tmp_path / "reports"
    run = generate_by_committee([make_workbook(INDICATORS)], TEMPLATE, folder=folder)
    assert sorted(report.output.name for report in run.reports) == sorted(
        name for name, (committee, _, _) in EXPECTED.items() if committee != ADULTS
    )
    [problem] = [p for p in run.problems if p.code == "report-failed"]
    assert "planted fault" in problem.message and problem.file.endswith("adults-and-health-committee-quarter-3-2024-25.docx")
    assert sorted(path.name for path in folder.iterdir() if not path.name.endswith(MANIFEST)) == sorted(report.output.name for report in run.reports)


def test_a_template_fault_is_reported_once_not_once_per_committee(tmp_path, make_workbook):
    template = tmp_path / "typo.docx"
    document = Document()
    document.add_paragraph("{{ report.comittee }}")
    document.save(template)
    run = generate_by_committee([make_workbook(INDICATORS)], template, folder=tmp_path / "reports")
    assert [p.code for p in run.problems] == ["template-unknown-field"] and run.reports == []
