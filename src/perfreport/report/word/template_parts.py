"""A Word template's parts as docxtpl fills them: the text Jinja reads, one paragraph a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docxtpl import DocxTemplate

# The document properties docxtpl fills, as Word names them under File > Info > Properties.
PROPERTIES = {"title": "Title", "subject": "Subject", "author": "Author", "comments": "Comments",
              "identifier": "Identifier", "language": "Language"}
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class TemplatePart:
    """One part of a template, and the Jinja source docxtpl makes of it."""

    name: str  # where it is, for messages: "" for the body, "header", "footer", "footnotes", "Title property"
    source: str


def template_parts(template: DocxTemplate) -> list[TemplatePart]:
    """The body, headers, footers, footnotes and document properties, as docxtpl fills them."""
    parts = [TemplatePart("", as_filled(template.patch_xml(template.get_xml())))]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            parts.append(TemplatePart(part_name(part), as_filled(template.patch_xml(template.get_part_xml(part)))))
    for part in template.docx.part.package.parts:
        if part.content_type == FOOTNOTES:
            parts.append(TemplatePart(part_name(part), as_filled(template.patch_xml(part.blob.decode("utf-8")))))
    properties = template.docx.core_properties
    parts += [TemplatePart(property_name(key), getattr(properties, key)) for key in PROPERTIES if getattr(properties, key)]
    return parts


def as_filled(patched_xml: str) -> str:
    """docxtpl's patched XML split as docxtpl fills it, each paragraph starting a line (see its render_xml_part)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml)


def part_name(part: Any) -> str:
    """How a message names a part: "" for the body, else "header", "footer" or "footnotes"."""
    found = re.search(r"(header|footer|footnotes)", str(getattr(part, "partname", "")))
    return found.group(1) if found else ""


def property_name(key: str) -> str:
    """How a message names a document property: "Title property"."""
    return f"{PROPERTIES.get(key, key)} property"
