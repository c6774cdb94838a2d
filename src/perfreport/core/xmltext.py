"""Characters that XML 1.0 forbids, which real workbooks contain and Word documents cannot."""

from __future__ import annotations

import re

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_xml_illegal(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)
