"""Template faults are reported, naming the tag and its words, not rendered as blanks or tracebacks;
every field a template may use is described once, and the README, `perfreport fields` and the checks agree."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from jinja2.defaults import DEFAULT_FILTERS
from lxml import etree

from conftest import DETAILS, ROOT, SAMPLE, TEMPLATE, figure, indicator
from docx_reading import hyperlinks
from perfreport.cli.main import main
from perfreport.core.model import HistoryPoint, Link
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.report.context import build_context
from perfreport.report.fields import FILTERS, TEMPLATE_DATA, Group, field_list, groups
from perfreport.report.template_check import check_template
from perfreport.report.word.render import open_template, report_environment
from perfreport.validate import validate

NAME = "my-template.docx"
INDICATOR_SET = ROOT / "templates" / "indicator-set.docx"
SAMPLE_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
Build = Callable[[Document], None]


def paragraphs(*texts: str) -> Build:
    def build(document: Document) -> None:
        for text in texts:
            document.add_paragraph(text)

    return build


def runs(*pieces: tuple[str, str]) -> Build:
    """One paragraph of runs, each with its own formatting: "bold", "italic" or ""."""

    def build(document: Document) -> None:
        paragraph = document.add_paragraph()
        for text, formatting in pieces:
            run = paragraph.add_run(text)
            run.bold, run.italic = formatting == "bold", formatting == "italic"

    return build


def row(*texts: str) -> Build:
    def build(document: Document) -> None:
        for cell, text in zip(document.add_table(rows=1, cols=len(texts)).rows[0].cells, texts):
            cell.text = text

    return build


def title_property(text: str) -> Build:
    def build(document: Document) -> None:
        document.add_paragraph("Body")
        document.core_properties.title = text

    return build


def make_template(tmp_path, *builds: Build):
    document = Document()
    document.add_paragraph("Committee report")
    for build in builds:
        build(document)
    path = tmp_path / NAME
    document.save(path)
    return path


def generate_problems(tmp_path, template) -> list[Problem]:
    output = tmp_path / "report.docx"
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], template, builtin_scheme(), output)
    assert not output.exists()
    return raised.value.problems


LOOP = "{%p for ind in indicators %}"
BROKEN = {
    "misspelt field": (
        [paragraphs("Committee: {{ report.comittee }} meeting")],
        "template-unknown-field", "{{ report.comittee }}", ["Committee: ", " meeting", "report.committee?"],
    ),
    "misspelt field in a loop": (
        [paragraphs(LOOP, "Title: {{ ind.titel }} here", "{%p endfor %}")],
        "template-unknown-field", "{{ ind.titel }}", ["Title: ", " here", "ind.title?"],
    ),
    "misspelt name": (
        [paragraphs("Period: {{ reprot.period }}")],
        "template-unknown-field", "{{ reprot.period }}", ["Period: ", "Did you mean report?"],
    ),
    "unknown filter": (
        [paragraphs("Rating: {{r report.title|badg }}")],
        "template-unknown-filter", "{{ report.title|badg }}", ["Rating: ", "filter badg", "badge?"],
    ),
    "syntax error": (
        [paragraphs("Hello {{ report.title x }} there")],
        "template-syntax", "{{ report.title x }}", ["Hello ", " there", "got 'x'"],
    ),
    "loop never closed": (
        [paragraphs("Pages", LOOP, "Title: {{ ind.title }}")],
        "template-syntax", "{% for ind in indicators %}", ['after "Pages"', "never closed", "{%p endfor %}"],
    ),
    "misspelt end": (
        [paragraphs(LOOP, "Title", "{%p endfr %}")],
        "template-syntax", "{% endfr %}", ['after "Title"', "unknown tag 'endfr'"],
    ),
    "dunder attribute": (
        [paragraphs("Bad {{ report.__class__ }} here")],
        "template-unsafe", "{{ report.__class__ }}", ["Bad ", " here", "uses __class__"],
    ),
    "class hierarchy": (
        [paragraphs("Bad {{ ''.__class__.__mro__ }} here")],
        "template-unsafe", "{{ ''.__class__.__mro__ }}", ["Bad ", " here", "uses __class__"],
    ),
    "globals of a global": (
        [paragraphs("Bad {{ cycler.__init__.__globals__ }} here")],
        "template-unsafe", "{{ cycler.__init__.__globals__ }}", ["Bad ", " here", "uses __init__"],
    ),
    "low curly quotes": (
        [paragraphs("Back: {{r „Index“|link_to(„index“) }} end")],
        "template-curly-quotes", "{{ „Index\"|link_to(„index\") }}", ["Back: ", " end", "straight quotes"],
    ),
    "curly quotes in a document property": (
        [title_property("{{ report.title }}: {{ ‘draft’ }}")],
        "template-curly-quotes", "{{ ‘draft’ }}", ["{{ report.title }}: ", "(‘’)", "straight quotes"],
    ),
    "paragraph tag with words": (
        [paragraphs("Intro {%p if report.title %} words", "Shown", "{%p endif %}")],
        "template-tag-not-alone", "{%p if report.title %}", ['"Intro words"', "whole paragraph"],
    ),
    "two paragraph tags in one paragraph": (
        [paragraphs("{%p if report.title %}{%p endif %}", "After")],
        "template-tag-not-alone", "{%p if report.title %}", ['"{%p endif %}"', "paragraph of its own"],
    ),
    "paragraph tag split across paragraphs": (
        [paragraphs("{%p if report", ".title %} Shown", "{%p endif %}")],
        "template-tag-not-alone", "{%p if report.title %}", ['"Shown"', "split it across paragraphs", "retype"],
    ),
    "table row tag with words": (
        [row("{%tr for ind in indicators %}", "Owner")],
        "template-tag-not-alone", "{%tr for ind in indicators %}", ['"Owner"', "whole table row"],
    ),
    "filter given the wrong value": (
        [paragraphs("Link: {{r report|hyperlink }}")],
        "template-error", "{{ report|hyperlink }}", ["Link: ", "KeyError: 'url'"],
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_template_gives_one_problem_naming_the_tag_and_its_words(tmp_path, case):
    builds, code, tag, words = BROKEN[case]
    template = make_template(tmp_path, *builds)
    [problem] = generate_problems(tmp_path, template)
    assert problem.code == code and problem.file == NAME
    text = str(problem)
    assert text.startswith(f"error: {NAME}") and tag in problem.message
    assert [word for word in words if word not in text] == []
    assert "Traceback" not in text and "<w:" not in text
    assert check_template(template, sample=SAMPLE) == [problem]


def test_check_template_lists_every_problem_at_once(tmp_path):
    template = make_template(tmp_path, paragraphs(
        "Committee: {{ report.comittee }}", LOOP, "{{ ind.titel }} by {{ ind.__class__ }}", "{%p endfor %}",
    ))
    problems = check_template(template, sample=SAMPLE)
    assert [(p.code, re.search(r"\{\{.*?\}\}", p.message).group()) for p in problems] == [
        ("template-unknown-field", "{{ report.comittee }}"),
        ("template-unknown-field", "{{ ind.titel }}"),
        ("template-unsafe", "{{ ind.__class__ }}"),
    ]
    assert all(p.file == NAME for p in problems)


def test_check_template_reads_past_a_value_tag_it_cannot_read(tmp_path):
    template = make_template(tmp_path, paragraphs("A {{ report.title x }}", "B {{ report.period y }}", "C {{ ind }}"))
    problems = check_template(template, sample=SAMPLE)
    assert [(p.code, p.message.split(" in ")[0]) for p in problems] == [
        ("template-syntax", "The tag {{ report.title x }}"),
        ("template-syntax", "The tag {{ report.period y }}"),
        ("template-unknown-field", "The tag {{ ind }}"),
    ]


def test_check_template_finds_a_misspelt_field_in_a_part_the_sample_never_shows(tmp_path):
    template = make_template(tmp_path, paragraphs(
        LOOP, "{%p if ind.number == 'none' %}", "Reason: {{ ind.rating.overide_reason }}", "{%p endif %}", "{%p endfor %}",
    ))
    generate_report([SAMPLE], template, builtin_scheme(), tmp_path / "report.docx")
    [problem] = check_template(template, sample=SAMPLE)
    assert problem.code == "template-unknown-field"
    assert problem.message.startswith('The tag {{ ind.rating.overide_reason }} in "Reason: ')
    assert problem.action.startswith("Did you mean ind.rating.override_reason?")


def test_headers_and_footers_are_checked_and_named(tmp_path):
    document = Document()
    document.add_paragraph("Body")
    document.sections[0].header.paragraphs[0].text = "Header {{ report.titel }}"
    document.sections[0].footer.paragraphs[0].text = "Footer {{ report.comitee }} page"
    template = tmp_path / NAME
    document.save(template)
    assert [str(p).split(" uses ")[0] for p in check_template(template, sample=SAMPLE)] == [
        f'error: {NAME}, header: The tag {{{{ report.titel }}}} in "Header {{{{ report.titel }}}}"',
        f'error: {NAME}, footer: The tag {{{{ report.comitee }}}} in "Footer {{{{ report.comitee }}}} page"',
    ]
    [problem] = generate_problems(tmp_path, template)
    assert problem.sheet == "header" and "report.title?" in problem.action


REPAIRED = {
    "runs with different formatting": runs(("Committee: {{ report.", "bold"), ("committee }} meeting", "italic")),
    "braces in different runs": runs(("Committee: {", "bold"), ("{ report.committee }", "italic"), ("} meeting", "")),
    "paragraphs": paragraphs("Committee: {{ report.", "committee }} meeting"),
    "curly quotes": paragraphs("Committee: {{ ‘’ ~ report.committee ~ “” }} meeting"),
}


@pytest.mark.parametrize("case", REPAIRED, ids=list(REPAIRED))
def test_tags_word_split_or_curled_that_docxtpl_joins_fill_correctly(tmp_path, case):
    template = make_template(tmp_path, REPAIRED[case])
    assert check_template(template, sample=SAMPLE) == []
    generated = generate_report([SAMPLE], template, builtin_scheme(), tmp_path / "report.docx")
    texts = [p.text for p in Document(generated.output).paragraphs]
    assert texts == ["Committee report", "Committee: Strategy and Resources Committee meeting"]


def test_a_paragraph_tag_split_across_runs_and_a_curly_quoted_link_fill_correctly(tmp_path):
    template = make_template(
        tmp_path,
        runs(("{%", "bold"), ("p if report.title %}", "")),
        paragraphs("Back to the {{r ‘Index’|link_to(‘index’) }} page", "{%p endif %}"),
    )
    assert check_template(template, sample=SAMPLE) == []
    generated = generate_report([SAMPLE], template, builtin_scheme(), tmp_path / "report.docx")
    shown = Document(generated.output).paragraphs
    assert [p.text for p in shown] == ["Committee report", "Back to the Index page"]
    assert hyperlinks(shown[1]) == [("Index", "#index")]


@pytest.mark.parametrize("template", [TEMPLATE, INDICATOR_SET], ids=["committee", "indicator set"])
def test_the_shipped_templates_check_clean(template):
    assert check_template(template, sample=SAMPLE) == []
    assert check_template(template, builtin_scheme("very-green-green-amber-red"), SAMPLE_SET) == []


@pytest.mark.parametrize("template", [TEMPLATE, INDICATOR_SET], ids=["committee", "indicator set"])
def test_the_shipped_templates_hold_what_schema_checkers_accept(template):
    """Header rows marked with a bare w:tblHeader (checkers refuse w:val="true" there); the theme's fonts
    those of the styles, Arial; and no stylesWithEffects.xml, python-docx's copy of its own styles, which
    would differ from the styles the builders set."""
    with zipfile.ZipFile(template) as package:
        names, body = package.namelist(), package.read("word/document.xml")
        theme = etree.fromstring(package.read("word/theme/theme1.xml"))
    headers = re.findall(rb"<w:tblHeader\b[^>]*>", body)
    assert headers and [marker for marker in headers if b"w:val" in marker] == []
    drawing = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    assert [font.get("typeface") for font in theme.iterfind(".//a:fontScheme/*/a:latin", drawing)] == ["Arial", "Arial"]
    assert "word/stylesWithEffects.xml" not in names
    styles = Document(template).styles
    assert {styles[name].font.name for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2")} == {"Arial"}


def test_fields_made_from_records_check_clean(tmp_path):
    template = make_template(tmp_path, paragraphs(
        "{%p for s in key.statuses|selectattr('band')|reverse|list + key.statuses|rejectattr('band')|list %}",
        "{{r dict(s, name=s.short)|badge }} {{ s.meaning }} {{ loop.index }}",
        "{%p endfor %}",
        LOOP,
        "{{r dict(ind.rating, name=ind.rating.short)|badge }} {{ ind.rating['explanation'] }}",
        "{% set rating = ind.rating %}{{ rating.override_reason }}{% for link in ind.links %}{{ link.url }}{% endfor %}",
        "{% if ind.chart %}{{ ind.chart.series[0].name }} {{ ind.chart.categories|join(', ') }}{% endif %}",
        "{%p endfor %}",
        "{% for row in summary.rows %}{% for i in row.indicators %}{{ i.rating.name }}{% endfor %}{% endfor %}",
        "{% for ind in changes.ratings %}{{ ind.previous_rating.name }} {{ ind.recorded }}{% endfor %}",
        "{% set n = namespace(count=0) %}{% for i in changes.new %}{% set n.count = n.count + 1 %}{% endfor %}",
        "{{ indicators|length }} {{ (indicators|first).title }} {{ indicators[0].owner }}",
    ))
    assert check_template(template, sample=SAMPLE) == []


def test_what_only_filling_finds_is_found_by_the_trial_fill(tmp_path):
    template = make_template(tmp_path, paragraphs(
        "{% macro show(value) %}{{ value.whatever }}{% endmacro %}", "Shown: {{ show(report) }}",
    ))
    [problem] = check_template(template, sample=SAMPLE)
    assert problem.code == "template-unknown-field" and "{{ value.whatever }}" in problem.message


def test_a_template_that_is_not_a_word_document_or_is_missing(tmp_path):
    (tmp_path / "notes.docx").write_text("not a document")
    assert [p.code for p in check_template(tmp_path / "notes.docx", sample=SAMPLE)] == ["unreadable-template"]
    assert [p.code for p in check_template(tmp_path / "none.docx", sample=SAMPLE)] == ["missing-template"]


def test_without_the_sample_workbook_the_template_is_not_tried(tmp_path):
    [problem] = check_template(TEMPLATE, sample=tmp_path / "none.xlsx")
    assert problem.code == "template-not-tried" and "none.xlsx" in problem.message
    assert problem.severity is Severity.NOTICE


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_check_template(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    clean = run("check-template", str(TEMPLATE))
    assert (clean.exit_code, clean.output) == (0, "committee-report.docx: no problems found.\n")
    broken = make_template(tmp_path, paragraphs("A {{ report.comittee }}", "B {{ report.titel }}"))
    result = run("check-template", str(broken), "--scheme", "very-green-green-amber-red")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"2 problems in {NAME}."
    assert [line.split(" uses ")[0] for line in result.output.splitlines()[:2]] == [
        f'error: {NAME}: The tag {{{{ report.comittee }}}} in "A {{{{ report.comittee }}}}"',
        f'error: {NAME}: The tag {{{{ report.titel }}}} in "B {{{{ report.titel }}}}"',
    ]


def test_cli_fields_lists_every_field_then_the_filters():
    result = run("fields")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    listed = [(line.split()[0], line.split(None, 1)[1]) for line in lines if line and not line.startswith("Filters")]
    assert listed == field_list() + list(FILTERS.items())


def test_the_filters_described_are_those_templates_have():
    environment = report_environment(open_template(TEMPLATE))
    assert set(environment.filters) - set(DEFAULT_FILTERS) == set(FILTERS)


# Indicators for Q3 2024/25 (conftest.DETAILS) that fill every list of changes since last period.
CHANGES = [
    indicator("1", current=figure("75.0"), history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)),
    indicator("2", previous=None),
    indicator("3", current=None, no_target_status="In Development",
              history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)),
    indicator("4", history=(HistoryPoint("Q3 2023/24", figure("80.0"), figure("90.0")),)),
    indicator("5", links=(Link("Policy", "https://example.gov.uk/policy"),), rating_override="Green",
              override_reason="Data lag"),
]


def test_the_fields_described_are_exactly_those_templates_get(make_workbook):
    compared: set[int] = set()
    mismatches: list[str] = []
    for workbooks, scheme in (
        ([SAMPLE], builtin_scheme()),
        ([SAMPLE_SET], builtin_scheme("very-green-green-amber-red")),
        ([make_workbook(CHANGES, DETAILS)], builtin_scheme()),
    ):
        checked = validate(workbooks, scheme)
        context = build_context(checked.content.details, checked.rated, checked.scheme)
        mismatches += _mismatches(context, TEMPLATE_DATA, "", compared)
    assert mismatches == []
    assert [group.name for group in groups() if id(group) not in compared] == []


def _mismatches(value: dict, group: Group, path: str, compared: set[int]) -> list[str]:
    """Where ``value`` and ``group`` differ, at every level; the groups compared are added to ``compared``."""
    compared.add(id(group))
    found = [f"{path}{name}: not described" for name in value.keys() - group.fields.keys()]
    found += [f"{path}{name}: described, not given" for name in group.fields.keys() - value.keys()]
    for name in value.keys() & group.fields.keys():
        field, held, where = group.fields[name], value[name], f"{path}{name}"
        if field.is_list and not isinstance(held, list):
            found.append(f"{where}: not a list")
        elif field.is_list:
            found += [problem for item in held for problem in _held(item, field.holds, f"{where}[]", compared)]
        elif held or not field.holds:  # a record field may be empty: no chart, no previous rating
            found += _held(held, field.holds, where, compared)
    return found


def _held(value: object, group: Group | None, where: str, compared: set[int]) -> list[str]:
    if group is None:
        return [f"{where}: holds fields not described"] if isinstance(value, (dict, list)) else []
    return _mismatches(value, group, f"{where}.", compared) if isinstance(value, dict) else [f"{where}: {value!r}"]


README = (ROOT / "README.md").read_text(encoding="utf-8")
FIELDS_SECTION = README.split("### Fields a template may use")[1].split("\n## ")[0]


def test_the_readme_lists_every_field_and_filter_and_no_other():
    table = "\n".join(line for line in FIELDS_SECTION.splitlines() if line.startswith("|"))
    named = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)*)`", table))
    fields = {name for name, _ in field_list()}
    assert sorted(fields - named) == []
    assert sorted(n for n in named - fields if "." in n) == []
    assert sorted(set(FILTERS) - set(re.findall(r"`(\w+)`", FIELDS_SECTION))) == []


def test_a_tag_that_leaves_broken_xml_is_refused_not_written(tmp_path):
    """An {% if %} opened in a paragraph and closed in a table cell: when false, it would cut the XML."""
    document = Document()
    for number in range(30):
        document.add_paragraph(f"Filler paragraph {number}")
    document.add_paragraph("Start {% if report.contact == 'nobody' %}hidden words")
    document.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].add_run("more {% endif %} end")
    template = tmp_path / "broken.docx"
    document.save(template)
    output = tmp_path / "report.docx"
    with pytest.raises(ProblemsFound) as raised:
        generate_report([SAMPLE], template, output=output)
    [problem] = raised.value.problems
    assert (problem.code, problem.file) == ("template-broken-xml", "broken.docx")
    assert "Word could not open" in problem.message and "Start" in problem.message
    assert "Filler paragraph 0 " not in problem.message  # it names where the XML breaks, not the start
    assert not output.exists()


def _with_member(path, name: str, data: bytes, content_type: str, relationship: str) -> None:
    """Add a part to a Word document, as Word would: its content type and a relationship to it."""
    with zipfile.ZipFile(path) as original:
        members = {item.filename: original.read(item.filename) for item in original.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdAdded" Type="{relationship}" Target="{name[5:]}"/></Relationships>'.encode())
    members[name] = data
    with zipfile.ZipFile(path, "w") as changed:
        for member, content in members.items():
            changed.writestr(member, content)


def test_tags_in_footnotes_are_filled(tmp_path):
    template = tmp_path / "footnoted.docx"
    template.write_bytes(TEMPLATE.read_bytes())
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    footnotes = f'<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r><w:t>Source: {{{{ report.team }}}}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    _with_member(template, "word/footnotes.xml", footnotes.encode(),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes")
    output = generate_report([SAMPLE], template, output=tmp_path / "report.docx").output
    with zipfile.ZipFile(output) as report:
        assert b"Source: Governance &amp; Performance" in report.read("word/footnotes.xml")


def test_a_table_whose_columns_a_tag_repeats_is_recounted_even_when_word_split_the_tag(tmp_path):
    document = Document()
    row = document.add_table(rows=1, cols=4).rows[0]
    for cell, text in zip(row.cells, ["Status", "{%", "{{ status.name }}", "{%"]):
        cell.paragraphs[0].add_run(text)
    row.cells[1].paragraphs[0].add_run("tc for status in key.statuses %}").bold = True  # split as Word splits
    row.cells[3].paragraphs[0].add_run("tc endfor %}")
    template = tmp_path / "columns.docx"
    document.save(template)
    output = generate_report([SAMPLE], template, output=tmp_path / "report.docx").output
    [table] = Document(output).tables
    statuses = len(builtin_scheme().statuses)
    assert [cell.text for cell in table.rows[0].cells][1:] == [s.name for s in builtin_scheme().statuses]
    assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 1 + statuses
