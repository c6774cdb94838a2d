"""A warning where a report's title is too long to read: it names the Word file and PDF, heads the HTML page
and is what a browser tab, a search result and a screen reader give first."""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Any

from perfreport.core.problems import Problem, Severity
from perfreport.workbook.reader import WorkbookContent
from perfreport.workbook.schema import INDICATORS_SHEET, REPORT_FIELDS, REPORT_SHEET

LONGEST_TITLE = 90  # characters: about what a browser tab, a PDF reader's title bar or a search result shows
_WORD_TITLE = re.compile(rb"<dc:title>(.*?)</dc:title>", re.S)
_HTML_TITLE = re.compile(rb"<title>(.*?)</title>", re.S | re.I)
_HEADERS = {spec.key: spec.header for spec in REPORT_FIELDS}


def report_titles(made: dict[str, bytes]) -> list[str]:
    """The titles of a report's files, by kind ("docx", "html"): the Word file's Title property (which
    the PDF takes) and the HTML page's <title>."""
    titles = []
    if "docx" in made:
        with zipfile.ZipFile(io.BytesIO(made["docx"])) as package:
            found = _WORD_TITLE.search(package.read("docProps/core.xml"))
        titles.append(found.group(1) if found else b"")
    if "html" in made:
        found = _HTML_TITLE.search(made["html"])
        titles.append(found.group(1) if found else b"")
    return [" ".join(html.unescape(title.decode("utf-8", "replace")).split()) for title in titles]


def long_titles(made: dict[str, bytes], context: dict[str, Any], content: WorkbookContent,
                given: dict[str, Any] | None = None) -> list[Problem]:
    """A warning where the report's title is over LONGEST_TITLE characters, naming the longest field of
    ``context``'s report in it: a Report-sheet cell, the indicators' services, the settings (``given``),
    else the template."""
    longest = max(report_titles(made), key=len, default="")
    if len(longest) <= LONGEST_TITLE:
        return []
    report = context["report"]
    parts = [key for key, value in report.items() if isinstance(value, str) and value and value in longest]
    key = max(parts, key=lambda part: len(report[part]), default="")
    message = (f"The report's title is {len(longest)} characters long, over the {LONGEST_TITLE} that a browser tab, a "
               f"PDF reader or a search result shows: \"{longest[:LONGEST_TITLE]}...\".")
    if key == "services":
        return [_from_services(message, content)]
    if key in _HEADERS and key not in (given or {}) and content.details_from and key in content.report_cells:
        return [Problem("long-title", Severity.WARNING, f"{message} Most of it is the {_HEADERS[key]}.",
                        f"Give a shorter {_HEADERS[key]}.", content.details_from.name, REPORT_SHEET,
                        content.report_cells[key])]
    if key in _HEADERS:
        where = f"the {_HEADERS[key]} given in the settings or on the command line"
        action = f"Give a shorter {_HEADERS[key]} there."
    else:
        where, action = "the template's own words", "Shorten the title in the template: its Title property, or <title>."
    return [Problem("long-title", Severity.WARNING, f"{message} It comes from {where}.", action)]


def _from_services(message: str, content: WorkbookContent) -> Problem:
    """The warning where most of the title is the indicators' services, at the first indicator's Service cell."""
    first = next((i.source for i in content.indicators if i.service and i.source), None)
    file, cell = (first.file, first.cell_of("service")) if first else ("", "")
    return Problem("long-title", Severity.WARNING,
                   f"{message} The template makes it from the indicators' services (the Service column).",
                   "Give the indicators fewer, shorter Service names (or one service for the whole set), or report on "
                   "fewer services at a time.", file, INDICATORS_SHEET if first else "", cell)
