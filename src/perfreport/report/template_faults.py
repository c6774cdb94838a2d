"""Problems with a report template, each naming the tag and the words around it as Word shows them."""

from __future__ import annotations

import re
from difflib import get_close_matches

from docx.opc.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateAssertionError, TemplateSyntaxError
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from perfreport.core.problems import Problem, Severity
from perfreport.report.field_use import field_faults
from perfreport.report.fields import FILTERS
from perfreport.report.tag_places import TagPlace, around, explode, find_tag
from perfreport.report.word.template_parts import part_name, property_name

SYNTAX = "template-syntax"
UNKNOWN_FIELD = "template-unknown-field"
UNKNOWN_FILTER = "template-unknown-filter"
UNSAFE = "template-unsafe"
CURLY_QUOTES = "template-curly-quotes"
NOT_ALONE = "template-tag-not-alone"
INCLUDES_FILE = "template-includes-file"
TOO_SLOW = "template-too-slow"
OTHER = "template-error"
SECONDS_SETTING = "PERFREPORT_TEMPLATE_SECONDS"  # the environment variable giving filling's time limit

CURLY = "‘’‚‛“”„‟«»‹›′″＂＇"
# docxtpl's paragraph, table row and table cell tags: {%p ... %} replaces its whole paragraph.
WHOLE = {"p": "paragraph", "tr": "table row", "tc": "table cell"}


class OtherFile(Exception):
    """Raised where a template includes, imports or extends the file ``name``, which templates cannot."""

    def __init__(self, name: str):
        super().__init__(f"templates cannot take in other files, such as {name}")
        self.name = name


class TooSlow(Exception):
    """Raised where filling a template runs past its time limit, or its loops go round more than ``items``
    times in all, in the loop over ``loop`` where known."""

    def __init__(self, seconds: float, loop: str = "", items: int = 0):
        super().__init__(f"still filling after {items:,} loop items" if items else f"still filling after {seconds:g} seconds")
        self.seconds, self.loop, self.items = seconds, loop, items


def template_problem(code: str, file: str, part: str, message: str, action: str) -> Problem:
    return Problem(code, Severity.ERROR, message, action, file, part)


def unknown_field(file: str, part: str, place: TagPlace, name: str, suggestion: str = "") -> Problem:
    guess = f"Did you mean {suggestion}? " if suggestion else ""
    return template_problem(UNKNOWN_FIELD, file, part, f"{place} uses {name}, which is not a field.",
                            guess + "perfreport fields lists every field.")


def unknown_filter(file: str, part: str, place: TagPlace, name: str, kind: str = "filter") -> Problem:
    known = [*FILTERS, *DEFAULT_FILTERS] if kind == "filter" else list(DEFAULT_TESTS)
    guess = get_close_matches(name, known, n=1)
    action = f"Did you mean {guess[0]}? " if guess else ""
    return template_problem(UNKNOWN_FILTER, file, part, f"{place} uses the {kind} {name}, which does not exist.",
                            action + "perfreport fields lists the report's own filters.")


def unsafe(file: str, part: str, place: TagPlace, name: str) -> Problem:
    return template_problem(
        UNSAFE, file, part,
        f"{place} uses {name}: names starting with _ reach into the program that fills the template, "
        "which the template may not do.",
        "Take it out of the tag.",
    )


def includes_file(file: str, part: str, place: TagPlace) -> Problem:
    return template_problem(
        INCLUDES_FILE, file, part,
        f"{place} takes in another file: a template cannot include, import or extend other files.",
        "Put what that file holds in this template itself, and take the tag out.",
    )


def too_slow(file: str, part: str, place: TagPlace, seconds: float, items: int = 0) -> Problem:
    if items:
        return template_problem(
            TOO_SLOW, file, part,
            f"{place} was still being filled after its loops had gone round {items:,} times, far more than any "
            "report needs: a loop there may repeat far more often than meant.",
            "Check the loops there, such as a loop over range() inside another.",
        )
    return template_problem(
        TOO_SLOW, file, part,
        f"{place} was still being filled after {seconds:g} second{'' if seconds == 1 else 's'}, the longest "
        "filling a template may take: a loop there may repeat far more often than meant.",
        "Check the loops there, such as a loop over range() inside another. If the report is meant to take that "
        f"long, allow more seconds with the environment variable {SECONDS_SETTING}, e.g. {SECONDS_SETTING}={5 * seconds:g}.",
    )


def syntax_problem(file: str, part: str, source: str, error: TemplateSyntaxError) -> tuple[Problem, TagPlace]:
    """The problem with a tag Jinja cannot read, and where that tag is."""
    named = re.match(r"No (filter|test) named '([^']+)'", error.message or "")
    if isinstance(error, TemplateAssertionError) and named:
        place = find_tag(source, error.lineno, named.group(2))
        return unknown_filter(file, part, place, named.group(2), named.group(1)), place
    exploded = explode(source)
    try:
        Environment().parse(exploded.text)
    except TemplateSyntaxError as again:
        unclosed = exploded.unclosed() if (again.message or "").startswith("Unexpected end of template") else None
        place, message = exploded.place(unclosed or again.lineno), again.message or str(again)
    else:  # only the whole template shows it: name the line Jinja gave
        unclosed, place, message = None, find_tag(source, error.lineno), error.message or str(error)
    quotes = "".join(dict.fromkeys(q for q in place.tag if q in CURLY))
    if quotes:
        return template_problem(
            CURLY_QUOTES, file, part, f"{place} has curly quotes ({quotes}), which a tag cannot read.",
            "Retype them as straight quotes (' or \"); in Word, pressing Ctrl+Z just after typing a quote straightens it.",
        ), place
    if unclosed:
        keyword = re.match(r"\{%[-+]?\s*(\w+)", place.tag).group(1)
        return template_problem(
            SYNTAX, file, part, f"{place} is never closed.",
            f"Add {{%p end{keyword} %}} in a paragraph of its own where the part it {_governs(keyword)} ends "
            f"({{%tr end{keyword} %}} in a row of its own, for a table row).",
        ), place
    return template_problem(
        SYNTAX, file, part, f"{place} cannot be read: {message.rstrip('.')}.",
        "Correct the tag; if Word split it, retype it in one go.",
    ), place


def _governs(keyword: str) -> str:
    return {"for": "repeats", "if": "shows or hides"}.get(keyword, "holds")


def render_problem(file: str, error: Exception) -> Problem | None:
    """The problem with a template that failed to fill, naming the tag; None where the fault is not the template's."""
    part, source = _filled_part(error)
    if isinstance(error, TemplateSyntaxError):
        return syntax_problem(file, part, error.source or source, error)[0]
    return _filling_problem(file, part, source, error)


def html_problem(file: str, source: str, error: Exception) -> Problem | None:
    """The problem with an HTML template, its ``source`` given, that failed to fill, naming the tag; None where
    the fault is not the template's."""
    return _filling_problem(file, "", source, error)


def _filling_problem(file: str, part: str, source: str, error: Exception) -> Problem | None:
    line = _template_line(error)
    if line is None:
        return None
    if isinstance(error, TooSlow):
        return too_slow(file, part, find_tag(source, line, error.loop), error.seconds, error.items)
    if isinstance(error, OtherFile):
        return includes_file(file, part, find_tag(source, line, error.name))
    quoted = re.findall(r"'([^']*)'", str(error))
    if isinstance(error, SecurityError) and quoted:
        return unsafe(file, part, find_tag(source, line, quoted[0]), quoted[0])
    if isinstance(error, UndefinedError) and quoted:
        place = find_tag(source, line, quoted[-1])
        return unknown_field(file, part, place, *_field_and_guess(source, line, place.tag, quoted[-1]))
    return template_problem(OTHER, file, part, f"{find_tag(source, line)} cannot be filled: "
                            f"{type(error).__name__}: {error}.",
                            "Correct the tag; perfreport fields says what each field holds and each filter writes.")


def _field_and_guess(source: str, line: int, tag: str, word: str) -> tuple[str, str]:
    """The field as written in ``tag`` on ``line`` of ``source`` ("ind.titel"), and the likeliest field
    meant, as check-template guesses it: one that exists where the tag is ("ind.title"), else ""."""
    written = re.search(rf"[\w.]*(?<!\w){re.escape(word)}(?!\w)", tag)
    name = written.group().lstrip(".") if written else word
    faults = field_faults(Environment().parse(source), DEFAULT_NAMESPACE, [*FILTERS, *DEFAULT_FILTERS], DEFAULT_TESTS)
    return name, next((f.suggestion for f in faults if (f.line, f.kind, f.name) == (line, "field", name)), "")


def _filled_part(error: BaseException) -> tuple[str, str]:
    """The part docxtpl was filling when ``error`` was raised, and its source, read from the traceback
    (docxtpl's render_xml_part and render_properties); ("", "") where they cannot be found."""
    found = ("", "")
    trace = error.__traceback__
    while trace is not None:
        name, values = trace.tb_frame.f_code.co_name, trace.tb_frame.f_locals
        if name == "render_xml_part" and isinstance(values.get("src_xml"), str):
            found = (part_name(values.get("part")), values["src_xml"])
        elif name == "render_properties" and isinstance(values.get("initial"), str):
            found = (property_name(str(values.get("prop", ""))), values["initial"])
        trace = trace.tb_next
    return found


def _template_line(error: BaseException) -> int | None:
    """The template line being filled when ``error`` was raised: Jinja names its frames "<template>"."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def lone_tag_problems(file: str, template: DocxTemplate) -> list[Problem]:
    """Paragraph, table row and table cell tags ({%p ...%}, {%tr ...%}, {%tc ...%}) sharing their paragraph,
    row or cell with other words: docxtpl replaces the whole paragraph, row or cell with the tag, losing them."""
    roots = [("", template.docx.element.body)]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        roots += [(part_name(part), parse_xml(part.blob)) for _, part in template.get_headers_footers(uri)]
    problems = []
    for part, root in roots:
        for kind, what in WHOLE.items():
            for text, split in _texts(root, kind):
                tag = re.search(r"\{[%{]" + kind + r" [^}%]*[%}]\}", text)
                rest = " ".join(f"{text[: tag.start()]} {text[tag.end():]}".split()) if tag else ""
                if rest:
                    split_note = ", as Word split it across paragraphs" if split else ""
                    problems.append(template_problem(
                        NOT_ALONE, file, part,
                        f'The tag {tag.group()} shares its {what} with "{around(rest, "")}"{split_note}; that would '
                        f"be lost, as a {{%{kind} %}} tag takes the place of its whole {what}.",
                        f"Give the tag a {what} of its own, with nothing else in it"
                        + (", and retype it there in one go." if split else "."),
                    ))
    return problems


def _texts(root: etree._Element, kind: str) -> list[tuple[str, bool]]:
    """The words of each paragraph, table row or table cell, and whether it was split: a paragraph ending
    inside a tag runs on into the next, as docxtpl joins them."""
    texts, carried = [], ""
    for element in root.iter(qn(f"w:{kind}")):
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        split, text = bool(carried), carried + text
        carried = text if kind == "p" and _ends_inside_tag(text) else ""
        if not carried:
            texts.append((text, split))
    return texts + [(carried, True)] if carried else texts


def _ends_inside_tag(text: str) -> bool:
    return max(text.rfind("{{"), text.rfind("{%")) > max(text.rfind("}}"), text.rfind("%}"))
