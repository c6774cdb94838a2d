"""Saving a filled report: links styled for every reader, the contents refreshed on open,
document properties that tell the truth, and the same bytes for the same inputs."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import BinaryIO

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from perfreport import __version__
from perfreport.report.word.docx_template import splice_body

LINK_STYLE = "Hyperlink"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
# What may follow w:updateFields in w:settings (ECMA-376 CT_Settings), so it goes before them.
AFTER_UPDATE_FIELDS = tuple(
    f"w:{name}" for name in (
        "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema",
        "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
        "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
        "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
    )
) + ("m:mathPr", "sl:schemaLibrary")
CONTENTS_FIELD = re.compile(rb'<w:instrText\b[^>]*>\s*TOC\b|<w:fldSimple\b[^>]*\sw:instr="\s*TOC\b')
EARLIEST = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can record
RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
APP_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# docProps/app.xml: the program that wrote the report, and no page or word counts, which only Word can know.
# AppVersion is left out: ECMA-376 allows only the form XX.YYYY there.
APP_PROPERTIES_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>perfreport {__version__}</Application></Properties>"
).encode()


def report_bytes(document: Document, produced_on: date | None = None, body: bytes | None = None) -> bytes:
    """``document`` saved as a .docx file's bytes, with ``body`` (XML text) in place of its placeholder
    body if given. Every file inside is dated ``produced_on``, so the same inputs on the same
    produced-on date give the same bytes."""
    ensure_link_style(document)
    if has_contents_field(document, body):
        refresh_fields_on_open(document)
    report_properties(document, produced_on)
    drop_stale_parts(document)
    when = (produced_on.year, produced_on.month, produced_on.day, 0, 0, 0) if produced_on else EARLIEST
    saved = io.BytesIO()
    _write_package(document, saved, max(when, EARLIEST), body)
    return saved.getvalue()


def ensure_link_style(document: Document) -> None:
    """Give the document Word's "Hyperlink" character style if its template has none.
    Link runs use it; LibreOffice exports a link to PDF only when its text has that style."""
    if any(style.style_id == LINK_STYLE for style in document.styles):
        return
    style = document.styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = LINK_COLOUR
    style.font.underline = True


def has_contents_field(document: Document, body: bytes | None = None) -> bool:
    """Whether the body (``body``, if given as XML text) holds a table of contents field (TOC)."""
    if body is not None:
        return CONTENTS_FIELD.search(body) is not None
    return any(
        (text.text or "").split()[:1] == ["TOC"] for text in document.element.body.iter(qn("w:instrText"))
    ) or any(
        field.get(qn("w:instr"), "").split()[:1] == ["TOC"] for field in document.element.body.iter(qn("w:fldSimple"))
    )


def refresh_fields_on_open(document: Document) -> None:
    """Ask Word to refresh fields, the table of contents among them, when it opens the report."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.insert_element_before(update, *AFTER_UPDATE_FIELDS)


def report_properties(document: Document, produced_on: date | None) -> None:
    """The report's properties (File > Info) as of its making: created and modified on ``produced_on``
    (left out if it is not known), revision 1, last modified by its author, and no empty ones."""
    properties = document.core_properties
    properties.revision = 1
    properties.last_modified_by = properties.author
    if produced_on:
        properties.created = properties.modified = datetime(produced_on.year, produced_on.month, produced_on.day)
    element = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES).element
    unknown = () if produced_on else (qn("dcterms:created"), qn("dcterms:modified"))
    for child in list(element):
        if child.tag in unknown or not (child.text or "").strip():
            element.remove(child)


def drop_stale_parts(document: Document) -> None:
    """Leave out what pictures the template rather than the report: its thumbnail (python-docx's is a blank
    page), and Word 2010's copy of its styles, which the report's styles no longer match (Word may then
    take the report for damaged; later Words neither read nor write the copy)."""
    for relationships, stale in ((document.part.package.rels, RELATIONSHIP_TYPE.THUMBNAIL),
                                 (document.part.rels, STYLES_WITH_EFFECTS)):
        for key in [key for key, found in relationships.items() if found.reltype == stale]:
            relationships.pop(key)


def _write_package(document: Document, path: BinaryIO, when: tuple[int, ...], body: bytes | None) -> None:
    """Write the document's parts as python-docx would, but with every member dated ``when``,
    and ``body`` spliced into the main document part."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:

        def write(name: str, blob: bytes) -> None:
            member = zipfile.ZipInfo(name, when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, blob)

        write("[Content_Types].xml", _content_types(parts))
        write("_rels/.rels", package.rels.xml)
        for part in parts:
            write(part.partname.membername, _blob(part, document, body))
            if len(part.rels):
                write(part.partname.rels_uri.membername, part.rels.xml)


def _blob(part: Part, document: Document, body: bytes | None) -> bytes:
    """What is written for ``part``: the main part with ``body`` spliced in, perfreport's app.xml for the template's."""
    if part.content_type == APP_PROPERTIES:
        return APP_PROPERTIES_XML
    return splice_body(part.blob, body) if body and part is document.part else part.blob


def _content_types(parts: Iterable[Part]) -> bytes:
    """[Content_Types].xml: defaults for relationships and plain XML, and each part's own type."""
    overrides = "".join(
        f'<Override PartName="{part.partname}" ContentType="{part.content_type}"/>'
        for part in parts
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{RELATIONSHIPS}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    ).encode()
