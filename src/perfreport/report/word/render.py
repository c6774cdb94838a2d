"""Filling a docxtpl Word template with report data, giving the report's bytes."""

from __future__ import annotations

import itertools
import math
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from markupsafe import Markup, escape

from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.core.progress import Progress, no_progress
from perfreport.core.regular_files import not_a_file_problem
from perfreport.core.xmltext import strip_xml_illegal
from perfreport.report.context import chart_count
from perfreport.report.sandbox import ReportEnvironment, time_limit
from perfreport.report.template_faults import lone_tag_problems, render_problem
from perfreport.report.word.charts import ChartWriter
from perfreport.report.word.docx_file import LINK_STYLE, report_bytes
from perfreport.report.word.docx_template import ReportTemplate

FILLING, SAVING = "Filling the template", "Saving the report"


def xml_text(value: object) -> Markup:
    """Text made safe for a Word document: XML-escaped, forbidden characters removed, and
    guarded against docxtpl's rewriting of "{_{" and "}_}" after rendering."""
    text = strip_xml_illegal(str(value))
    return Markup(str(escape(text)).replace("{_", "{&#95;").replace("_}", "&#95;}"))


def _finalize(value: Any) -> Any:
    return value if hasattr(value, "__html__") else xml_text(value)


def _run(text: str, colour: str | None = None, bold: bool = False, style: str | None = None) -> str:
    properties = (f'<w:rStyle w:val="{style}"/>' if style else "") + ("<w:b/>" if bold else "")
    properties += f'<w:color w:val="{colour}"/>' if colour else ""
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def report_environment(
    template: DocxTemplate, on_chart: Callable[[], None] = lambda: None, seconds: float = math.inf,
) -> ReportEnvironment:
    """The sandbox templates are filled in: unknown fields are errors, and the report's filters.
    ``on_chart`` is called after each chart is drawn; filling stops with TooSlow after ``seconds``."""
    environment = ReportEnvironment(seconds, undefined=StrictUndefined, autoescape=True, finalize=_finalize)

    def badge(status: dict[str, str], short: bool = False) -> Markup:
        """A rating's word (or, with short=True, its short label) in bold, in its band's text
        colour: ``{{r ind.rating|badge }}``, ``{{r ind.rating|badge(short=True) }}``."""
        return Markup(_run(status["short" if short else "name"], colour=status["text"], bold=True))

    addresses: dict[str, str] = {}
    relationships = template.docx.part.rels

    def hyperlink(link: dict[str, str]) -> Markup:
        """A clickable link: ``{{r link|hyperlink }}``. One relationship per address, named here:
        python-docx's own way scans every relationship for each link, which grows as the square."""
        relationship = addresses.get(link["url"])
        if relationship is None:
            relationship = next(name for n in itertools.count(len(addresses) + 1)
                                if (name := f"rIdLink{n}") not in relationships)
            relationships.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, link["url"], relationship, is_external=True)
            addresses[link["url"]] = relationship
        run = _run(link["text"], style=LINK_STYLE)
        return Markup(f'<w:hyperlink r:id="{relationship}" w:history="1">{run}</w:hyperlink>')

    bookmark_ids = itertools.count(1)

    def bookmark(text: str, name: str) -> Markup:
        """Text marked as a place links can go to: ``{{r ind.heading|bookmark(ind.anchor) }}``."""
        number = next(bookmark_ids)
        return Markup(
            f'<w:bookmarkStart w:id="{number}" w:name="{xml_text(name)}"/>{_run(text)}<w:bookmarkEnd w:id="{number}"/>'
        )

    def link_to(text: str, name: str) -> Markup:
        """A link to a bookmark in the same document: ``{{r 'Return to Index'|link_to('index') }}``."""
        run = _run(text, style=LINK_STYLE)
        return Markup(f'<w:hyperlink w:anchor="{xml_text(name)}" w:history="1">{run}</w:hyperlink>')

    charts = ChartWriter(template.docx)

    def chart(data: dict[str, Any]) -> Markup:
        """An indicator's trend chart as a native Word chart, with alt text: ``{{r ind.chart|chart }}``."""
        run = charts.add(data)
        on_chart()
        return Markup(run)

    environment.filters.update(badge=badge, hyperlink=hyperlink, bookmark=bookmark, link_to=link_to, chart=chart)
    return environment


def open_template(template_path: Path) -> ReportTemplate:
    """The Word template, read; raises ProblemsFound if it is not a file, or not a Word document."""
    if refused := not_a_file_problem(template_path, "Word template"):
        raise ProblemsFound([refused])
    template = ReportTemplate(template_path)
    try:
        template.init_docx()
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise ProblemsFound(
            [Problem("unreadable-template", Severity.ERROR, "This is not a Word document.",
                     "Give a Word template saved as .docx.", template_path.name)]
        ) from error
    return template


def render_report(
    template_path: Path, context: dict[str, Any], produced_on: date | None = None, progress: Progress = no_progress,
) -> bytes:
    """The .docx made by filling ``template_path`` with ``context``, dated ``produced_on`` (see report_bytes);
    faults become problems naming the tag."""
    template = open_template(template_path)
    if problems := lone_tag_problems(template_path.name, template):
        raise ProblemsFound(problems)
    seconds = time_limit()
    charts = chart_count(context)  # those the template may draw: the bar ends full whatever it draws
    drawn = itertools.count(1)
    progress(FILLING, 0, charts)
    try:
        environment = report_environment(template, lambda: progress(FILLING, min(next(drawn), charts), charts), seconds)
        template.render(context, environment, autoescape=True)
        progress(FILLING, charts, charts)
    except ProblemsFound:
        raise
    except Exception as error:  # a tag can fail in any way: a filter given the wrong value raises what it raises
        problem = render_problem(template_path.name, error)
        if problem is None:
            raise
        raise ProblemsFound([problem]) from error
    progress(SAVING, 0, 1)
    made = report_bytes(template.docx, produced_on, template.filled_body)
    progress(SAVING, 1, 1)
    return made
