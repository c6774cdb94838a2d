"""docxtpl's Word template, filled in time and memory that grow in step with the report."""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment
from lxml import etree

from perfreport.problems import Problem, ProblemsFound, Severity

# Tags with which docxtpl adds or merges table cells; only then must it re-count table columns.
RESHAPES_TABLES = re.compile(r"\{%-?\s*(?:tc\b|colspan\b|hm\b)")
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # those docxtpl fills
DRAWING_ID = re.compile(rb'(<wp:docPr\b[^>]*?\sid=")\d+(")')


class _WellFormed:
    """A parser target that keeps nothing: parsing with it only checks the XML is well formed."""

    def close(self) -> None:
        return None


class ReportTemplate(DocxTemplate):
    """A docxtpl template whose filled body is kept as XML text (``filled_body``) and written
    into the document as it is saved.

    docxtpl parses the filled body into a tree and moves it into the document: the tree takes
    some ten times the size of the XML (270 MB for 3,000 indicators), and lxml's move grows as
    the square of its size (3.4 s). The text is instead checked to be well formed, its drawings
    numbered as docxtpl numbers them, and spliced in when saving. Templates whose tags add or
    merge table cells still take docxtpl's way, which re-counts table columns."""

    filled_body: bytes | None = None

    def fix_tables(self, xml: str):  # type: ignore[override]
        if RESHAPES_TABLES.search(re.sub(r"<[^>]+>", "", self.get_xml())):  # Word may split a tag in runs
            _well_formed(xml.encode("utf-8"), self._name)  # docxtpl's parser would "recover" broken XML
            return super().fix_tables(xml)
        return xml

    def fix_docpr_ids(self, tree) -> None:
        if not isinstance(tree, str):
            super().fix_docpr_ids(tree)

    def map_tree(self, tree) -> None:
        if not isinstance(tree, str):
            return super().map_tree(tree)
        body = DRAWING_ID.sub(self._next_drawing_id, tree.encode("utf-8"))
        self.filled_body = _well_formed(body, self._name)
        root = self.docx._element
        placeholder = OxmlElement("w:body")  # keeps the page setup, by which docxtpl finds footnotes to fill
        if (page_setup := root.body.find(qn("w:sectPr"))) is not None:
            placeholder.append(copy.deepcopy(page_setup))
        root.replace(root.body, placeholder)
        return None

    @property
    def _name(self) -> str:
        return Path(self.template_file).name

    def render_properties(self, context: dict[str, Any], jinja_env: Environment | None = None) -> None:
        """Fill the tags in the document properties (File > Info). They are plain text, not XML, so
        the escaping of the report's text is undone; each is cut to the 255 characters Word allows."""
        properties = self.docx.core_properties
        for prop in PROPERTIES:  # "prop" and "initial" as docxtpl names them: problems find the tag by them
            initial = getattr(properties, prop)
            filled = (jinja_env or Environment()).from_string(initial).render(context)
            setattr(properties, prop, html.unescape(filled)[:255])

    def _next_drawing_id(self, found: re.Match) -> bytes:
        self.docx_ids_index += 1
        return found.group(1) + str(self.docx_ids_index).encode() + found.group(2)


def _well_formed(body: bytes, template: str) -> bytes:
    """``body``, if it is well-formed XML; otherwise a problem naming where it breaks."""
    try:
        _parse(body)
    except etree.XMLSyntaxError as error:
        raise ProblemsFound([_broken_xml(body, template, error)]) from error
    return body


def _broken_xml(body: bytes, template: str, error: etree.XMLSyntaxError) -> Problem:
    """The problem, with the words where the XML breaks: the body is one long line, so it is
    parsed again with a line per paragraph and table row, for the error's line to name them."""
    lines = re.sub(rb"<w:(p|tr)([ >])", rb"\n<w:\1\2", body)
    try:
        _parse(lines)
    except etree.XMLSyntaxError as located:
        error = located
    texts = lines.decode("utf-8", "replace").splitlines()
    at = min(max((error.lineno or 1) - 1, 0), len(texts) - 1)
    words = " ".join(re.sub(r"<[^>]+>", " ", " ".join(texts[max(at - 1, 0) : at + 1])).split())[-200:]
    return Problem(
        "template-broken-xml", Severity.ERROR,
        f"Filling the template gave a document Word could not open ({error.msg}), near: {words!r}.",
        "Check the tags in that part of the template: each {%p %} tag in a paragraph of its own, "
        "and each {% if %} or {% for %} closed in the same paragraph, row or cell it starts in.", template,
    )


def _parse(xml: bytes) -> None:
    etree.fromstring(xml, etree.XMLParser(target=_WellFormed(), huge_tree=True, resolve_entities=False))


def splice_body(document_xml: bytes, body: bytes) -> bytes:
    """The document part's XML with its placeholder body (page setup only) replaced by ``body``."""
    start = re.search(rb"<(?:\w+:)?body[\s>/]", document_xml).start()
    closing = re.search(rb"</(?:\w+:)?body>", document_xml)
    end = closing.end() if closing else document_xml.index(b"/>", start) + 2
    return document_xml[:start] + body + document_xml[end:]
