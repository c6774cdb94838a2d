"""Helpers for reading a generated Word document the way a reader meets it: in order."""

from __future__ import annotations

import io

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree
from openpyxl import load_workbook

CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"c": CHART, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def blocks(document: Document) -> list[Paragraph | Table]:
    """Body paragraphs and tables in document order."""
    found: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            found.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            found.append(Table(child, document))
    return found


def sections(document: Document) -> dict[str, list[Paragraph | Table]]:
    """Each indicator section's blocks, keyed by its heading text."""
    result: dict[str, list[Paragraph | Table]] = {}
    current: list | None = None
    for block in blocks(document):
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            current = result.setdefault(block.text, []) if block.text.startswith("Indicator ") else None
        elif current is not None:
            current.append(block)
    return result


def table_with_header(document: Document, *header: str) -> Table:
    for table in document.tables:
        if tuple(cell.text for cell in table.rows[0].cells) == header:
            return table
    raise AssertionError(f"No table headed {header}")


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def fill(cell: _Cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else None


def text_colour(cell: _Cell) -> str | None:
    colours = [run.font.color.rgb for p in cell.paragraphs for run in p.runs if run.font.color.rgb]
    return str(colours[0]) if colours else None


def hyperlinks(paragraph: Paragraph) -> list[tuple[str, str]]:
    """(text, address) of each hyperlink in a paragraph; a link within the document as "#bookmark"."""
    return [(link.text, link.address or f"#{link.fragment}") for link in paragraph.hyperlinks]


def bookmarks(paragraph: Paragraph) -> list[str]:
    return [mark.get(qn("w:name")) for mark in paragraph._p.iter(qn("w:bookmarkStart"))]


def section_text(section: list[Paragraph | Table]) -> str:
    parts = []
    for block in section:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(cell.text for row in block.rows for cell in row.cells)
    return "\n".join(parts)


def charts(document: Document) -> list[dict]:
    """Each chart in the body, in order, as Word would read it: its alt text, the chart part's
    title, categories and series (with the kind of plot each is in and its line dash), and the
    embedded workbook's cells."""
    found = []
    for frame in document.element.body.iter(qn("wp:inline")):
        chart_reference = next(frame.iter(f"{{{CHART}}}chart"), None)
        if chart_reference is None:
            continue
        part = document.part.related_parts[chart_reference.get(qn("r:id"))]
        space = etree.fromstring(part.blob)
        workbook_id = space.find("c:externalData", NS).get(qn("r:id"))
        book = load_workbook(io.BytesIO(part.related_parts[workbook_id].blob))
        docpr = frame.find(qn("wp:docPr"))
        found.append(
            {
                "alt_text": docpr.get("descr"),
                "name": docpr.get("title"),
                "title": "".join(space.find("c:chart/c:title", NS).itertext()),
                "categories": _cache(space.find(".//c:ser/c:cat", NS)),
                "series": [_series(series) for series in space.iterfind(".//c:plotArea/*/c:ser", NS)],
                "workbook": [list(row) for row in book["Sheet1"].iter_rows(values_only=True)],
                "partname": part.partname,
            }
        )
    return found


def _series(series) -> dict:
    dash = series.find("c:spPr/a:ln/a:prstDash", NS)
    plot = series.getparent()
    return {
        "name": _cache(series.find("c:tx", NS))[0],
        "name_cell": series.find("c:tx//c:f", NS).text,
        "values_cells": series.find("c:val//c:f", NS).text,
        "values": [None if v is None else float(v) for v in _cache(series.find("c:val", NS))],
        "plot": etree.QName(plot).localname,
        "grouping": plot.find("c:grouping", NS).get("val"),
        "dash": None if dash is None else dash.get("val"),
    }


def _cache(element) -> list[str | None]:
    """A cached list of points, with None for each gap."""
    count = int(element.find(".//c:ptCount", NS).get("val"))
    points = {int(pt.get("idx")): pt.find("c:v", NS).text for pt in element.iterfind(".//c:pt", NS)}
    return [points.get(index) for index in range(count)]
