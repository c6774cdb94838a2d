"""Filling an HTML report template, in the same sandbox and with the same fields and filters as the Word
templates."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from markupsafe import Markup, escape

from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.core.progress import Progress, no_progress
from perfreport.core.regular_files import not_a_file_problem
from perfreport.core.xmltext import strip_xml_illegal
from perfreport.report.context import chart_count
from perfreport.report.html.svg_charts import chart_figure
from perfreport.report.sandbox import ReportEnvironment, time_limit
from perfreport.report.template_faults import html_problem, syntax_problem

FILLING = "Filling the HTML template"
HTML_SUFFIXES = (".html", ".htm")


def _finalize(value: Any) -> Any:
    """Every value made text: characters HTML cannot hold removed (owner text is escaped by autoescape)."""
    return value if hasattr(value, "__html__") else strip_xml_illegal(str(value))


def html_environment(seconds: float = math.inf, on_chart=lambda: None) -> ReportEnvironment:
    """The sandbox HTML templates are filled in, with the report's filters writing HTML."""
    environment = ReportEnvironment(seconds, undefined=StrictUndefined, autoescape=True, finalize=_finalize)

    def badge(status: dict[str, str], short: bool = False) -> Markup:
        """A rating's word (or short label) in bold on its band's colours: ``{{ ind.rating|badge }}``."""
        word = status["short" if short else "name"]
        return Markup(f'<strong class="rating" style="background:#{escape(status["fill"])};'
                      f'color:#{escape(status["text"])}">{escape(word)}</strong>')

    def hyperlink(link: dict[str, str]) -> Markup:
        """A link to a web page: ``{{ link|hyperlink }}``."""
        return Markup(f'<a href="{escape(link["url"])}">{escape(link["text"])}</a>')

    def bookmark(text: str, name: str) -> Markup:
        """Text marked as a place links can go to: ``{{ ind.heading|bookmark(ind.anchor) }}``."""
        return Markup(f'<span id="{escape(name)}">{escape(text)}</span>')

    def link_to(text: str, name: str) -> Markup:
        """A link to a place in the page: ``{{ 'Return to Index'|link_to('index') }}``."""
        return Markup(f'<a href="#{escape(name)}">{escape(text)}</a>')

    numbers = itertools.count(1)

    def chart(data: dict[str, Any]) -> Markup:
        """The indicator's trend chart as SVG, with its figures in a table: ``{{ ind.chart|chart }}``."""
        figure = chart_figure(data, f"chart-{next(numbers)}")
        on_chart()
        return Markup(figure)

    environment.filters.update(badge=badge, hyperlink=hyperlink, bookmark=bookmark, link_to=link_to, chart=chart)
    return environment


def render_html(template_path: Path, context: dict[str, Any], progress: Progress = no_progress) -> bytes:
    """The page made by filling the HTML template at ``template_path`` with ``context``, as UTF-8; a fault in
    the template is a problem naming the tag."""
    source = read_template(template_path)
    charts = chart_count(context)
    drawn = iter(range(1, charts + 1))
    environment = html_environment(time_limit(), lambda: progress(FILLING, next(drawn, charts), charts))
    progress(FILLING, 0, charts)
    try:
        page = environment.from_string(source).render(context)
    except TemplateSyntaxError as error:
        raise ProblemsFound([syntax_problem(template_path.name, "", source, error)[0]]) from error
    except ProblemsFound:
        raise
    except Exception as error:  # a tag can fail in any way, as in the Word templates
        problem = html_problem(template_path.name, source, error)
        if problem is None:
            raise
        raise ProblemsFound([problem]) from error
    return page.encode("utf-8")


def read_template(path: Path) -> str:
    """An HTML template's text; a problem where it is missing, not a file or not text."""
    if refused := not_a_file_problem(path, "HTML template"):
        raise ProblemsFound([refused])
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemsFound([Problem("missing-template", Severity.ERROR, "No such HTML template.",
                                     "Give the path of an .html template.", str(path))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsFound([Problem("unreadable-template", Severity.ERROR,
                                     "This HTML template cannot be read as UTF-8 text.",
                                     "Save it as UTF-8 text.", path.name)]) from error
