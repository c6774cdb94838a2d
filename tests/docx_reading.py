"""Helpers for reading a generated Word document the way a reader meets it: in order."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph


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
