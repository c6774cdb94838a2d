"""A template cannot run for ever, cannot take in other files, and is told only of fields that exist where it
uses them: each is a problem naming the tag, both as the report is generated and as the template is checked."""

from __future__ import annotations

import math
import time

import pytest
from docx import Document
from test_template import LOOP, NAME, generate_problems, make_template, paragraphs

from conftest import SAMPLE
from perfreport.report import sandbox
from perfreport.report.sandbox import TEMPLATE_SECONDS, time_limit
from perfreport.report.template_check import check_template
from perfreport.report.template_faults import SECONDS_SETTING

SLOW = {
    "loops within loops": (
        "{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}",
        "The tag {% for b in range(99999) %} in ",
    ),
    "a loop over text within a loop": (
        "{% for a in range(99999) %}{% for b in 'y' * 99999 %}{% endfor %}{% endfor %}",
        "The tag {% for b in 'y' * 99999 %} in ",
    ),
    "a macro calling itself twice": (
        "{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}{% endif %}{% endmacro %}{{ twice(60) }}",
        'A tag in "{% macro twice(n) %}',
    ),
}


def both_ways(tmp_path, template):
    """The problems generating a report with ``template`` gives, and those checking it gives, which must agree."""
    [problem] = generate_problems(tmp_path, template)
    assert check_template(template, sample=SAMPLE) == [problem]
    return problem


@pytest.mark.parametrize("case", SLOW, ids=list(SLOW))
def test_filling_stops_at_the_time_limit_naming_the_tag_and_how_to_allow_more(tmp_path, monkeypatch, case):
    text, place = SLOW[case]
    monkeypatch.setenv(SECONDS_SETTING, "1")
    monkeypatch.setattr(sandbox, "MOST_LOOP_ITEMS", math.inf)  # only the time limit can stop these loops
    template = make_template(tmp_path, paragraphs(text))
    start = time.monotonic()
    problem = both_ways(tmp_path, template)
    assert time.monotonic() - start < 10
    assert problem.code == "template-too-slow" and problem.file == NAME
    assert problem.message.startswith(place) and "after 1 second," in problem.message
    assert f"{SECONDS_SETTING}=5." in problem.action


def test_the_time_limit_is_generous_unless_the_environment_variable_says(monkeypatch):
    monkeypatch.delenv(SECONDS_SETTING, raising=False)
    assert time_limit() == TEMPLATE_SECONDS == 120
    monkeypatch.setenv(SECONDS_SETTING, " 2.5 ")
    assert time_limit() == 2.5


@pytest.mark.parametrize("value", ["soon", "0", "-5", "nan"])
def test_a_time_limit_that_is_not_a_number_of_seconds_is_a_problem(tmp_path, monkeypatch, value):
    monkeypatch.setenv(SECONDS_SETTING, value)
    [problem] = generate_problems(tmp_path, make_template(tmp_path, paragraphs("{{ report.title }}")))
    assert problem.code == "template-time-limit"
    assert problem.message == f"{SECONDS_SETTING} is {value!r}, which is not a number of seconds."


@pytest.mark.parametrize("tag", [
    "{% include 'cover.docx' %}",
    "{% extends 'base.docx' %}",
    "{% import 'macros.docx' as shared %}",
    "{% from 'macros.docx' import badge_row %}",
    "{% include report.title ignore missing %}",
])
def test_a_tag_taking_in_another_file_is_a_problem(tmp_path, tag):
    template = make_template(tmp_path, paragraphs(f"Before {tag} after"))
    problem = both_ways(tmp_path, template)
    assert problem.code == "template-includes-file" and problem.file == NAME
    assert problem.message.startswith(f'The tag {tag} in "Before {tag} after" takes in another file')
    assert problem.action == "Put what that file holds in this template itself, and take the tag out."
    assert check_template(template, sample=tmp_path / "none.xlsx") == [problem]  # found without filling


def test_every_tag_taking_in_another_file_is_listed_in_its_place(tmp_path):
    template = make_template(tmp_path, paragraphs("{% import 'a.docx' as a %}", "{{ report.titel }}",
                                                  "{% include 'b.docx' %}"))
    assert [(p.code, p.message.split(" in ")[0]) for p in check_template(template, sample=SAMPLE)] == [
        ("template-includes-file", "The tag {% import 'a.docx' as a %}"),
        ("template-unknown-field", "The tag {{ report.titel }}"),
        ("template-includes-file", "The tag {% include 'b.docx' %}"),
    ]


MISSPELT = {
    "a top-level name like a field of summary": ([paragraphs("Total: {{ totl }}")], "totl", ""),
    "a field of summary": ([paragraphs("Total: {{ summary.totl }}")], "summary.totl", "summary.total"),
    "a field of the loop's ind": ([paragraphs(LOOP, "{{ ind.titel }}", "{%p endfor %}")], "ind.titel", "ind.title"),
    "a field of a loop variable named otherwise": (
        [paragraphs("{%p for i in indicators %}", "{{ i.titel }}", "{%p endfor %}")], "i.titel", "i.title",
    ),
    "a loop variable": ([paragraphs(LOOP, "{{ indd.title }}", "{%p endfor %}")], "indd", "ind"),
    "a field of a macro's value, whatever it holds": (
        [paragraphs("{% macro show(value) %}{{ value.titel }}{% endmacro %}", "{{ show(report) }}")], "value.titel", "",
    ),
}


@pytest.mark.parametrize("case", MISSPELT, ids=list(MISSPELT))
def test_a_misspelt_field_is_only_given_suggestions_that_exist_where_it_is(tmp_path, case):
    builds, written, suggestion = MISSPELT[case]
    problem = both_ways(tmp_path, make_template(tmp_path, *builds))
    assert problem.code == "template-unknown-field"
    assert f"uses {written}, which is not a field." in problem.message
    guess = f"Did you mean {suggestion}? " if suggestion else ""
    assert problem.action == guess + "perfreport fields lists every field."


def test_loops_that_would_fill_memory_before_the_time_limit_are_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MOST_LOOP_ITEMS", 100_000)  # 10,000,000 as shipped: some 25 seconds here
    template = tmp_path / "many.docx"
    document = Document()
    document.add_paragraph("{% for a in range(99999) %}{% for b in range(99999) %}{{ b }}{% endfor %}{% endfor %}")
    document.save(template)
    started = time.monotonic()
    problems = check_template(template)
    assert time.monotonic() - started < 60
    [problem] = problems
    assert problem.code == "template-too-slow" and "100,000 times" in problem.message
    assert "{% for b in range(99999) %}" in problem.message
