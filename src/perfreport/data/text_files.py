"""Text files as national downloads and spreadsheets save them: the encoding, found from the byte-order mark that
Excel's "CSV UTF-8" and "Unicode Text" write (else UTF-8, else Windows-1252, as an older "CSV (Comma delimited)"
is), and the character between columns. A file that is not text is named for what it appears to be."""

from __future__ import annotations

import codecs

BYTE_ORDER_MARKS = (  # UTF-32's marks first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODINGS = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32", "cp1252": "Windows-1252"}
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
SAVE_AS_CSV = "Open it in Excel or LibreOffice Calc and save it as CSV UTF-8 (Comma delimited) or as .xlsx."
# What a file that is not text appears to be, by its first bytes, and what to do.
NOT_TEXT = (
    (b"PK\x03\x04", "a zip file, as a workbook (.xlsx) or a Word document is, under another name",
     "If it is an Excel workbook, name it .xlsx; else download the figures as CSV."),
    (b"\xd0\xcf\x11\xe0", "an Office 97-2003 file, such as an old Excel workbook (.xls)", SAVE_AS_CSV),
    (b"%PDF", "a PDF document", "Download the figures as a CSV file or an Excel workbook instead."),
)


class NotText(ValueError):
    """A file that holds no text a table can be read from; carries what to do."""

    def __init__(self, message: str, action: str):
        super().__init__(message)
        self.action = action


def text_encoding(start: bytes) -> str:
    """The encoding of a text file that begins with ``start``, for open(); NotText where it is not text."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if start.startswith(mark):
            return encoding
    if b"\0" in start:  # no text file holds a NUL but one in UTF-16 or UTF-32, which a mark announces
        raise NotText(f"it is neither a CSV file nor an Excel workbook (.xlsx) but {_what_it_is(start)}",
                      next((action for magic, _, action in NOT_TEXT if start.startswith(magic)), SAVE_AS_CSV))
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start)  # a character cut off at the end is no fault
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _what_it_is(start: bytes) -> str:
    for magic, what, _ in NOT_TEXT:
        if start.startswith(magic):
            return what
    if start[1::2].count(0) > len(start) // 4 or start[::2].count(0) > len(start) // 4:
        return "UTF-16 text without the byte-order mark that says so"
    return "a file of another kind"


def separator(line: str) -> str:
    """The character between columns in ``line``: a comma, semicolon or tab, whichever it holds most."""
    return max(SEPARATORS, key=line.count)
