"""A saved workbook's text in a shared-strings part, as Excel, LibreOffice and XlsxWriter write it.

openpyxl writes each cell's text inline in the cell (``<c t="inlineStr"><is>...</is></c>``). Excel reads that,
but moves every such text into a shared-strings part when it saves, and checkers warn of it. Here each distinct
text goes into ``xl/sharedStrings.xml`` once and each cell refers to it by its place, as Excel's own files do.
"""

from __future__ import annotations

import io
import re

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
STRINGS_PART = "xl/sharedStrings.xml"
WORKBOOK_RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
# A cell as openpyxl writes text: its text (plain or rich) inside <is>, or nothing where the text is "".
# No text holds "</is>" or ">" inside a tag: XML escapes "<", and lxml escapes ">" in attribute values.
INLINE_CELL = re.compile(rb'<c\b([^>]*?) t="inlineStr"([^>]*?)(?:/>|></c>|><is>(.*?)</is></c>)', re.DOTALL)


class _Table:
    """The shared strings: each distinct text (the XML inside its <is>) with its place, and how many cells use one."""

    def __init__(self) -> None:
        self.places: dict[bytes, int] = {}
        self.uses = 0

    def moved(self, sheet: bytes) -> bytes:
        """``sheet`` with each cell's text moved here; written piece by piece, so that a sheet of a million
        texts costs no more than its own size again."""
        written, view, last = io.BytesIO(), memoryview(sheet), 0
        for found in INLINE_CELL.finditer(sheet):
            written.write(view[last:found.start()])
            written.write(self._cell(found))
            last = found.end()
        written.write(view[last:])
        return written.getvalue()

    def _cell(self, found: re.Match) -> bytes:
        """The cell ``found`` referring to its text's place; a cell whose text is "" left a blank cell."""
        before, after, text = found.groups()
        if text is None:
            return b"<c%s%s/>" % (before, after)
        self.uses += 1
        place = self.places.setdefault(text, len(self.places))
        return b'<c%s t="s"%s><v>%d</v></c>' % (before, after, place)

    def part(self) -> bytes:
        items = b"".join(b"<si>%s</si>" % text for text in self.places)
        return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">'
                b"%s</sst>" % (SPREADSHEET.encode(), self.uses, len(self.places), items))


def with_shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts of a package openpyxl saved (its members by name, in order) with its worksheets' inline text
    moved into a shared-strings part, put after the last worksheet; as they were where no cell holds text."""
    types = etree.fromstring(parts[CONTENT_TYPES])
    sheets = [override.get("PartName").lstrip("/") for override in types.iter(f"{{{TYPES}}}Override")
              if override.get("ContentType") == WORKSHEET_TYPE]
    table = _Table()
    changed = {name: table.moved(parts[name]) for name in sheets}
    if not table.places:
        return {**parts, **changed}
    etree.SubElement(types, f"{{{TYPES}}}Override", PartName=f"/{STRINGS_PART}", ContentType=STRINGS_TYPE)
    changed[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    changed[WORKBOOK_RELATIONSHIPS] = _related(parts[WORKBOOK_RELATIONSHIPS])
    result: dict[str, bytes] = {}
    for name, data in parts.items():
        result[name] = changed.get(name, data)
        if name == sheets[-1]:
            result[STRINGS_PART] = table.part()
    return result


def _related(relationships: bytes) -> bytes:
    """The workbook's relationships with one to the shared strings, under an id none of the others has."""
    root = etree.fromstring(relationships)
    ids = {relationship.get("Id") for relationship in root}
    new_id = next(f"rId{number}" for number in range(1, len(ids) + 2) if f"rId{number}" not in ids)
    etree.SubElement(root, f"{{{RELATIONSHIPS}}}Relationship", Type=STRINGS_RELATIONSHIP, Target="sharedStrings.xml",
                     Id=new_id)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
