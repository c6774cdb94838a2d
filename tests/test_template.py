"""Template faults are reported, not rendered as blanks; the README documents every field."""

from __future__ import annotations

import pytest
from docx import Document

from conftest import ROOT, SAMPLE
from perfreport.generate import generate_report
from perfreport.problems import ProblemsFound
from perfreport.rating import builtin_scheme, rate_all
from perfreport.report.context import build_context
from perfreport.workbook import read_workbook


def _template(tmp_path, text: str):
    document = Document()
    document.add_paragraph("Committee report")
    document.add_paragraph(text)
    path = tmp_path / "my-template.docx"
    document.save(path)
    return path


@pytest.mark.parametrize(
    "tag, words",
    [
        ("{{ report.comittee }}", "comittee"),
        ("{{ report.__class__ }}", "unsafe"),
        ("{% for ind in indicators %}", "endfor"),
    ],
)
def test_template_faults_name_the_template(tmp_path, tag, words):
    output = tmp_path / "report.docx"
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], _template(tmp_path, tag), builtin_scheme(), output)
    [problem] = raised.value.problems
    assert problem.code == "template-error" and problem.file == "my-template.docx"
    assert words in problem.message
    assert not output.exists()


def test_readme_lists_every_template_field():
    content = read_workbook(SAMPLE)
    context = build_context(content.details, rate_all(content.indicators, builtin_scheme()), builtin_scheme())
    readme = (ROOT / "README.md").read_text()
    names = [f"report.{k}" for k in context["report"]] + [f"key.{k}" for k in context["key"]]
    names += [f"ind.{k}" for k in context["indicators"][0]] + [f"summary.{k}" for k in context["summary"]]
    names += [f"changes.{k}" for k in context["changes"]]
    assert [name for name in names if f"`{name}`" not in readme] == []
