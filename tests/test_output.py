"""Output an officer can trust: identical bytes for identical inputs, no half-written or
overwritten files, and clear messages when the report cannot be written."""

from __future__ import annotations

import errno
import os
import re
import time
import zipfile
from dataclasses import replace
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

import perfreport.core.output
from conftest import DETAILS, ROOT, SAMPLE, TEMPLATE, indicator
from perfreport import __version__
from perfreport.cli.main import main
from perfreport.core.problems import ProblemsFound
from perfreport.generate import generate_report
from perfreport.report.manifest import SUFFIX as MANIFEST

INDICATOR_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
INDICATOR_SET_TEMPLATE = ROOT / "templates" / "indicator-set.docx"


def test_the_same_inputs_give_the_same_bytes(tmp_path, monkeypatch):
    first = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "first.docx").output
    later = time.time() + 3 * 86400  # as if run three days later
    monkeypatch.setattr(time, "time", lambda: later)
    second = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "second.docx").output
    assert first.read_bytes() == second.read_bytes()


def test_every_file_in_the_report_is_dated_the_produced_on_date(sample_report):
    with zipfile.ZipFile(sample_report.output) as report:
        assert {member.date_time for member in report.infolist()} == {(2023, 12, 5, 0, 0, 0)}


def test_another_produced_on_date_gives_another_report(tmp_path, make_workbook):
    earlier = make_workbook([indicator("1")], name="earlier.xlsx")
    later = make_workbook([indicator("1")], replace(DETAILS, produced_on=date(2025, 1, 16)), name="later.xlsx")
    one = generate_report([earlier], TEMPLATE, output=tmp_path / "one.docx").output
    two = generate_report([later], TEMPLATE, output=tmp_path / "two.docx").output
    assert one.read_bytes() != two.read_bytes()
    with zipfile.ZipFile(two) as report:
        assert report.getinfo("word/document.xml").date_time == (2025, 1, 16, 0, 0, 0)


def test_a_failure_mid_write_leaves_the_earlier_report(tmp_path, monkeypatch):
    output = tmp_path / "report.docx"
    generate_report([SAMPLE], TEMPLATE, output=output)
    earlier = output.read_bytes()
    real_write = perfreport.core.output._write_whole

    def disk_fills_up(path, data, mode):
        path.write_bytes(data[: len(data) // 2])  # part-way through
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(perfreport.core.output, "_write_whole", disk_fills_up)
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], TEMPLATE, output=output)
    monkeypatch.setattr(perfreport.core.output, "_write_whole", real_write)
    [problem] = raised.value.problems
    assert problem.code == "cannot-write" and "No space left on device" in problem.message
    assert output.read_bytes() == earlier
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.docx", f"report{MANIFEST}"]  # no partial file


def test_a_report_open_in_word_gives_a_clear_message(tmp_path, monkeypatch):
    """Windows refuses to replace a file Word has open: the rename fails with permission denied."""
    output = tmp_path / "report.docx"
    output.write_bytes(b"the report as Word has it open")

    def refused(source, target):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", refused)
    result = CliRunner().invoke(main, ["generate", str(SAMPLE), "--output", str(output)])
    assert result.exit_code == 1
    assert f"error: {output}: The report cannot be written: Permission denied." in result.output
    assert "close the file if it is open in another program (Word, Excel or a PDF reader)" in result.output
    assert "Traceback" not in result.output
    assert output.read_bytes() == b"the report as Word has it open"
    assert [path.name for path in tmp_path.iterdir() if not path.name.endswith(MANIFEST)] == ["report.docx"]


def test_generate_refuses_to_write_over_its_template(tmp_path):
    template = tmp_path / "committee.docx"
    template.write_bytes(TEMPLATE.read_bytes())
    (tmp_path / "sub").mkdir()
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], template, output=tmp_path / "sub" / ".." / "committee.docx")
    assert [(p.code, p.message) for p in raised.value.problems] == [
        ("overwrite-input", "The report would be written over a file this run reads.")
    ]
    assert template.read_bytes() == TEMPLATE.read_bytes()


def test_generate_refuses_to_write_over_a_workbook(tmp_path):
    workbook = tmp_path / "owners.xlsx"
    workbook.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(ProblemsFound) as raised:
        generate_report([tmp_path], TEMPLATE, output=workbook)
    assert [p.code for p in raised.value.problems] == ["wrong-output-ending"]
    assert workbook.read_bytes() == SAMPLE.read_bytes()


def test_the_report_asks_word_to_refresh_its_contents_on_opening(sample_document):
    update = sample_document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_links_use_words_hyperlink_style_which_the_report_defines(sample_document):
    styles = {style.style_id: style for style in sample_document.styles}
    assert styles["Hyperlink"].type == 2  # a character style
    runs = [run for link in sample_document.element.body.iter(qn("w:hyperlink")) for run in link.iter(qn("w:r"))]
    assert runs and all(run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "Hyperlink" for run in runs)


def test_a_template_without_the_hyperlink_style_gets_it(tmp_path, make_workbook):
    template = Document()
    template.add_paragraph("{{r 'Go to the first indicator'|link_to(indicators[0].anchor) }}")
    template.add_paragraph("{{r indicators[0].heading|bookmark(indicators[0].anchor) }}")
    template.save(tmp_path / "plain.docx")
    assert "Hyperlink" not in {style.style_id for style in template.styles}
    output = generate_report([make_workbook([indicator("1")])], tmp_path / "plain.docx", output=tmp_path / "r.docx").output
    report = Document(output)
    assert "Hyperlink" in {style.style_id for style in report.styles}
    assert report.settings.element.find(qn("w:updateFields")) is None  # no table of contents to refresh


def test_pdf_without_libreoffice_names_the_package_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("perfreport.report.word.pdf.find_libreoffice", lambda: None)
    output = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["generate", str(SAMPLE), "--output", str(output), "--pdf"])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'report.pdf'}: The PDF needs LibreOffice, which is not installed." in result.output
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert "No report written" in result.output and list(tmp_path.iterdir()) == []  # said before any work
    assert "Traceback" not in result.output


def test_a_committee_name_too_long_for_the_document_title_is_cut_to_fit(tmp_path, make_workbook):
    committee = "Scrutiny of Everything & Everyone " * 10  # 340 characters; Word allows 255 in a property
    workbook = make_workbook([indicator("1")], replace(DETAILS, committee=committee))
    output = generate_report([workbook], TEMPLATE, output=tmp_path / "report.docx").output
    title = Document(output).core_properties.title
    assert len(title) == 255 and title.startswith(f"{DETAILS.title}: Scrutiny of Everything & Everyone")


def test_the_report_properties_tell_the_truth(sample_report, tmp_path):
    """Made by perfreport on the produced-on date, by the team: nothing left from python-docx's template."""
    set_report = generate_report([INDICATOR_SET], INDICATOR_SET_TEMPLATE, output=tmp_path / "set.docx").output
    for output, produced_on, team in ((sample_report.output, "2023-12-05", "Governance & Performance"),
                                      (set_report, "2020-05-18", "Corporate Performance Team")):
        properties = Document(output).core_properties
        assert (properties.author, properties.last_modified_by, properties.revision) == (team, team, 1)
        assert properties.created == properties.modified == datetime.fromisoformat(f"{produced_on}T00:00:00+00:00")
        assert (properties.comments, properties.keywords, properties.category) == ("", "", "")
        with zipfile.ZipFile(output) as report:
            names = report.namelist()
            package = report.read("[Content_Types].xml") + report.read("_rels/.rels")
            core, app = report.read("docProps/core.xml"), report.read("docProps/app.xml").decode()
        assert b"python-docx" not in core and b"thumbnail" not in package and b"jpeg" not in package
        assert "docProps/thumbnail.jpeg" not in names
        assert f"<Application>perfreport {__version__}</Application>" in app
        assert not re.search(r"<(Pages|Words|Characters|Lines|Paragraphs|TotalTime|AppVersion|Template)\b", app)


def test_a_template_python_docx_made_names_the_team_as_author(tmp_path, make_workbook):
    template = Document()
    template.add_paragraph("{{ report.title }}")
    template.save(tmp_path / "plain.docx")
    assert template.core_properties.author == "python-docx"
    output = generate_report([make_workbook([indicator("1")])], tmp_path / "plain.docx", output=tmp_path / "r.docx").output
    properties = Document(output).core_properties
    assert (properties.author, properties.last_modified_by, properties.comments) == (DETAILS.team, DETAILS.team, "")
