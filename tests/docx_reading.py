"""Helpers for reading a generated Word document the way a reader meets it: in order."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from docx.document import Document
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run
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


def heading_level(paragraph: Paragraph) -> int | None:
    """0 for the document's Title, N for "Heading N", None for any other paragraph."""
    name = paragraph.style.name
    match = re.fullmatch(r"Heading (\d)", name)
    return 0 if name == "Title" else int(match.group(1)) if match else None


def shows_something(paragraph: Paragraph) -> bool:
    """Whether a paragraph shows anything: text, a picture or chart, or a field."""
    shown = {qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:fldSimple")}
    return bool(paragraph.text.strip()) or any(element.tag in shown for element in paragraph._p.iter())


def describe(block: Paragraph | Table) -> str:
    """A block named for a message: a paragraph by its text, a table by its first row."""
    if isinstance(block, Table):
        return "the table headed " + repr(" | ".join(cell.text for cell in block.rows[0].cells))
    text = " ".join(block.text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...") if text else "a paragraph without text"


def cells(table: Table) -> list[tuple[int, int, _Cell]]:
    """Each cell once (merged cells too), with its 1-based row and column."""
    return [
        (row_number, column_number, _Cell(tc, table))
        for row_number, tr in enumerate(table._tbl.tr_lst, start=1)
        for column_number, tc in enumerate(tr.tc_lst, start=1)
    ]


def repeats_as_header(row: _Row) -> bool:
    """Whether a row is marked (w:tblHeader) as a header row, repeated at the top of each page."""
    properties = row._tr.trPr
    marker = properties.find(qn("w:tblHeader")) if properties is not None else None
    return marker is not None and marker.get(qn("w:val"), "true") not in ("false", "0", "off")


def language(properties) -> str | None:
    """The w:lang of a style's or the document defaults' run properties."""
    marker = properties.find(qn("w:lang")) if properties is not None else None
    return marker.get(qn("w:val")) if marker is not None else None


def default_run_properties(document: Document):
    """The document defaults' run properties (w:docDefaults/w:rPrDefault/w:rPr)."""
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def drawings(document: Document) -> list[tuple[str, str]]:
    """(name, alt text) of each picture or chart in the body."""
    return [
        (docpr.get("name", ""), docpr.get("descr", ""))
        for docpr in document.element.body.iter(qn("wp:docPr"))
    ]


def links(document: Document) -> list[Hyperlink]:
    """Every link in the body, tables included, in order."""
    return [
        Hyperlink(element, Paragraph(next(element.iterancestors(qn("w:p"))), document))
        for element in document.element.body.iter(qn("w:hyperlink"))
    ]


def bookmark_places(document: Document) -> dict[str, list[Paragraph]]:
    """Each bookmark's name, with the paragraph (or paragraphs, a fault) it starts in."""
    places: dict[str, list[Paragraph]] = {}
    for mark in document.element.body.iter(qn("w:bookmarkStart")):
        paragraph = next(mark.iterancestors(qn("w:p")))
        places.setdefault(mark.get(qn("w:name")), []).append(Paragraph(paragraph, document))
    return places


def field_instructions(paragraph: Paragraph) -> list[str]:
    """The instruction of each complex field (w:instrText) in a paragraph, spaces trimmed."""
    return [text.text.strip() for text in paragraph._p.iter(qn("w:instrText"))]


def text_on_fill(document: Document) -> Iterator[tuple[str, str, str]]:
    """(text colour, background colour, text) of each run of visible text in the body: the
    background is the shading of the table cell holding it, white outside shaded cells."""
    for element in document.element.body.iter(qn("w:r")):
        run = Run(element, Paragraph(next(element.iterancestors(qn("w:p"))), document))
        if run.text.strip():
            cell = next(element.iterancestors(qn("w:tc")), None)
            background = fill(_Cell(cell, document)) if cell is not None else None
            yield text_colour_of(run), _rgb(background) or "FFFFFF", run.text


def text_colour_of(run: Run) -> str:
    """The colour a run's text shows in; "auto" or none at all is black."""
    colour = run_property(run, "w:color")
    return (_rgb(colour.get(qn("w:val"))) if colour is not None else None) or "000000"


def is_underlined(run: Run) -> bool:
    """Whether a run's text is underlined, by itself or by its styles."""
    underline = run_property(run, "w:u")
    return underline is not None and underline.get(qn("w:val")) != "none"


def run_property(run: Run, tag: str):
    """A run property (such as "w:color") as Word finds it: the run's own, else its character
    style's, else its paragraph style's, else the document default's; None if none has it."""
    chain = [run._r.rPr, *_style_chain(run.style), *_style_chain(run._parent.style)]
    for properties in [*chain, default_run_properties(run.part.document)]:
        found = properties.find(qn(tag)) if properties is not None else None
        if found is not None:
            return found
    return None


def _style_chain(style: BaseStyle | None) -> list:
    """The run properties of a style and of each style it is based on, nearest first."""
    found = []
    while style is not None:
        found.append(style.element.rPr)
        style = style.base_style
    return found


def _rgb(value: str | None) -> str | None:
    return None if value in (None, "auto") else value.upper()


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
