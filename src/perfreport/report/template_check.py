"""Checking a report template without writing a report, listing every problem at once."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from perfreport.core.periods import report_period
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.core.regular_files import not_a_file_problem
from perfreport.rating import Scheme, builtin_scheme, can_rate, rate_all
from perfreport.report.context import build_context
from perfreport.report.field_use import FieldFault, field_faults
from perfreport.report.html.render import HTML_SUFFIXES, html_environment, read_template, render_html
from perfreport.report.tag_places import TagPlace, explode
from perfreport.report.template_faults import (
    includes_file,
    lone_tag_problems,
    syntax_problem,
    unknown_field,
    unknown_filter,
    unsafe,
)
from perfreport.report.word.render import open_template, render_report, report_environment
from perfreport.report.word.template_parts import TemplatePart, template_parts
from perfreport.shipped import SAMPLE, shipped
from perfreport.workbook import read_workbook

MOST_UNREADABLE = 50  # tags that cannot be read, listed per part before giving up on it
OTHER_FILES = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)  # tags that take in another file


def check_template(path: Path, scheme: Scheme | None = None, sample: Path | None = None) -> list[Problem]:
    """Every problem with the template at ``path``: tags Jinja cannot read, fields and filters that do not
    exist, names starting with _, paragraph tags sharing their paragraph; then, if none, a trial fill with
    the ``sample`` workbook (default: the shipped sample) rated under ``scheme`` (default: the built-in
    default), into a file deleted after."""
    if refused := not_a_file_problem(path, "template"):
        return [refused]
    if not path.is_file():
        return [Problem("missing-template", Severity.ERROR, "No such template.",
                        "Give the path of a .docx or .html template.", str(path))]
    if path.suffix.lower() in HTML_SUFFIXES:
        return _check_html(path, scheme, sample)
    try:
        template = open_template(path)
    except ProblemsFound as error:
        return error.problems
    environment = report_environment(template)
    problems = lone_tag_problems(path.name, template)
    misplaced = {problem.sheet for problem in problems}
    for part in template_parts(template):
        problems += _part_problems(path.name, part, environment, part.name in misplaced)
    return problems or _trial_fill(path, scheme or builtin_scheme(), sample or shipped(SAMPLE))


def _check_html(path: Path, scheme: Scheme | None, sample: Path | None) -> list[Problem]:
    """The same checks for an HTML template: its tags, then a trial fill."""
    try:
        source = read_template(path)
    except ProblemsFound as error:
        return error.problems
    problems = _part_problems(path.name, TemplatePart("", source), html_environment(), False)
    return problems or _trial_fill(path, scheme or builtin_scheme(), sample or shipped(SAMPLE))


def _part_problems(file: str, part: TemplatePart, environment: SandboxedEnvironment, misplaced: bool) -> list[Problem]:
    """Tags Jinja cannot read, then (once all can be read) tags taking in other files, unknown fields, filters
    and unsafe names. Where a paragraph tag shares its paragraph (``misplaced``), docxtpl loses words and tags
    with it, so a paragraph tag Jinja cannot read follows from that, and is not listed."""
    problems, source = [], part.source
    for _ in range(MOST_UNREADABLE):
        exploded = explode(source)
        try:
            tree = environment.parse(exploded.text)
        except TemplateSyntaxError as error:
            problem, place = syntax_problem(file, part.name, source, error)
            if misplaced and place.on_its_own:
                return problems
            problems.append(problem)
            if not place.tag.startswith("{{"):  # a broken {% %} tag leaves the rest unreadable
                return problems
            source = place.without_tag(source)
        else:
            faults = field_faults(tree, environment.globals, environment.filters, environment.tests)
            found = [(n.lineno, includes_file(file, part.name, exploded.place(n.lineno)))
                     for n in tree.find_all(OTHER_FILES)]
            found += [(f.line, _fault_problem(file, part.name, exploded.place(f.line), f)) for f in _one_a_tag(faults)]
            return problems + [problem for _, problem in sorted(found, key=lambda each: each[0])]
    return problems


def _one_a_tag(faults: list[FieldFault]) -> list[FieldFault]:
    """The first fault of each kind in each tag: ``''.__class__.__mro__`` is one problem, not two."""
    first: dict[tuple[int, str], FieldFault] = {}
    for fault in faults:
        first.setdefault((fault.line, fault.kind), fault)
    return list(first.values())


def _fault_problem(file: str, part: str, place: TagPlace, fault: FieldFault) -> Problem:
    if fault.kind == "unsafe":
        return unsafe(file, part, place, fault.name)
    if fault.kind == "field":
        return unknown_field(file, part, place, fault.name, fault.suggestion)
    return unknown_filter(file, part, place, fault.name, fault.kind)


def _trial_fill(path: Path, scheme: Scheme, sample: Path) -> list[Problem]:
    """Fill the template with the sample workbook's report, to find what reading the tags cannot."""
    content = read_workbook(sample)
    if content.details is None:
        return [Problem(
            "template-not-tried", Severity.NOTICE,
            f"The tags have no problems, but the template could not be tried out: the sample workbook {sample} "
            "cannot be read.",
            "Reinstall perfreport, or name a sample workbook that can be read.", path.name,
        )]
    period = report_period(content.details.period, content.details.financial_year)
    rated = rate_all([i for i in content.indicators if can_rate(i, scheme)], scheme, period)
    try:
        context = build_context(content.details, rated, scheme)
        if path.suffix.lower() in HTML_SUFFIXES:
            render_html(path, context)
        else:
            render_report(path, context, content.details.produced_on)
    except ProblemsFound as error:
        return error.problems
    return []
