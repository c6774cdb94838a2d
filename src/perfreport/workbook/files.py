"""Telling, before anything parses it, whether a file can be read as an Excel workbook."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from perfreport.core.problems import Problem, Severity
from perfreport.core.regular_files import not_a_file_problem

# A 3,000-indicator workbook with 24 periods of History unpacks to 35 MB; the worst 120 MB that can be
# built costs about 1.1 GB to read (benchmarks/hostile.py).
MAX_UNCOMPRESSED_BYTES = 120 * 1024 * 1024
MAX_PACKING_RATIO = 1000  # a member packed more tightly than this, and large, is built to exhaust the reader
RATIO_CHECKED_ABOVE = 10 * 1024 * 1024
PROLOG_BYTES = 64 * 1024
SNIFF_BYTES = 4096

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old Excel files, and password-protected workbooks
ZIP_MAGIC = b"PK\x03\x04"
# Names of streams in such a compound file, as its directory writes them.
ENCRYPTED = tuple(name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage"))
OLD_WORKBOOK = tuple(name.encode("utf-16-le") for name in ("Workbook", "Book"))
XML_START = re.compile(rb"^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?[\s\0]*<")  # what every XML part begins with
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
OTHER_OFFICE_FILES = {"word/document.xml": "a Word document", "ppt/presentation.xml": "a PowerPoint presentation"}
ROOT_ELEMENT = re.compile(rb"<[^?!]")  # the first tag that is not <?...?> or <!...>: the prolog ends there
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")

SAVE_AS_XLSX = 'Open it in Excel and use File > Save As, choosing "Excel Workbook (.xlsx)", then send the new file.'


def check_workbook_file(path: Path) -> Problem | None:
    """The one thing that stops this file being read as an Excel workbook, or None if it may be read."""
    path = Path(path)
    try:
        return _check(path)
    except Exception as error:  # never raise: a file that cannot even be checked is reported like any other
        return unreadable_file(path, error)


def unreadable_file(path: Path, error: BaseException) -> Problem:
    """The problem for a file that could not be read at all, giving the reason in one line."""
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        message = f"The file could not be read: {reason}."
        action = "Check that the file exists, that you can open it, and that it is not open in another program."
    else:
        detail = next(iter(str(error).splitlines()), "")[:200]
        reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
        message = f"The workbook could not be read: part of it is damaged or not as Excel writes it ({reason})."
        action = SAVE_AS_XLSX
    return _problem(path, "unreadable-file", message, action)


def _check(path: Path) -> Problem | None:
    if refused := not_a_file_problem(path, "workbook"):
        return refused
    suffix = path.suffix.lower()
    with path.open("rb") as file:
        start = file.read(SNIFF_BYTES)
    if not start:
        return _problem(
            path,
            "empty-file",
            "The file is empty: it holds nothing at all.",
            "It may not have finished saving or copying. Save the workbook again from Excel and send that copy.",
        )
    if start.startswith(OLE2_MAGIC):
        return _old_or_protected(path, suffix)
    if suffix == ".ods":
        return _opendocument(path)
    if suffix in TEXT_SUFFIXES or _looks_like_text(start):
        return _problem(
            path,
            "wrong-format",
            "This is a text file (such as CSV), not an Excel workbook. Only Excel workbooks (.xlsx) are accepted: "
            "a CSV file holds a single sheet, so it has no room for the standard Report and Indicators sheets.",
            "Put the figures in the standard workbook (make a blank one with: perfreport new-workbook) and send that.",
        )
    if suffix not in WORKBOOK_SUFFIXES:
        ending = f"ending in {suffix}" if suffix else "whose name has no ending such as .xlsx"
        return _problem(
            path,
            "wrong-format",
            f"Files {ending} cannot be read. Only Excel workbooks are accepted: files ending in .xlsx (or .xlsm).",
            SAVE_AS_XLSX,
        )
    if not zipfile.is_zipfile(path):
        return damaged_workbook(path) if start.startswith(ZIP_MAGIC) else _not_a_workbook(path, "")
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_package(path, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        return damaged_workbook(path)


def _check_package(path: Path, archive: zipfile.ZipFile) -> Problem | None:
    """Checks an .xlsx file's parts: what they are, how large they say they are, and their XML prologs."""
    members = archive.infolist()
    names = {member.filename for member in members}
    if "mimetype" in names:
        with archive.open("mimetype") as mimetype:
            if mimetype.read(len(OPENDOCUMENT)) == OPENDOCUMENT:
                return _opendocument(path)
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        kind = next((kind for name, kind in OTHER_OFFICE_FILES.items() if name in names), "")
        return _not_a_workbook(path, kind or "a zip file of some other kind")
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        return _too_large(path, declared)
    for member in members:
        if member.file_size > RATIO_CHECKED_ABOVE and member.file_size > MAX_PACKING_RATIO * member.compress_size:
            return _too_large(path, declared)
    for member in members:
        if _declares_entities(archive, member):
            return _problem(
                path,
                "unsafe-xml",
                f"The workbook contains XML declarations (a DTD, in {member.filename}) that Excel never writes. "
                "Files like this can be used to attack the computer reading them, so it was refused.",
                "Open it in Excel and save it again as a new Excel Workbook (.xlsx) with File > Save As.",
            )
    return None


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a part that is XML, whatever its name, has a prolog holding a DTD, or too long to tell;
    unpacks at most PROLOG_BYTES."""
    with archive.open(member) as part:
        start = part.read(PROLOG_BYTES)
        if member.file_size <= PROLOG_BYTES:
            part.read()  # reaching the end makes zipfile check the part's CRC
    if not XML_START.match(start):
        return False  # a picture or other binary part: never parsed as XML
    start = start.replace(b"\0", b"")  # so UTF-16 and UTF-32 text is searched as if it were ASCII
    root = ROOT_ELEMENT.search(start)
    if root is None:
        return member.file_size > PROLOG_BYTES  # a DTD could be hidden after a prolog padded past what is read
    return any(marker in start[: root.start()] for marker in DTD_MARKERS)


def _looks_like_text(start: bytes) -> bool:
    """Whether the file's first bytes are plain text, as CSV files and Excel's "Unicode Text" are."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return not any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in start)


def _old_or_protected(path: Path, suffix: str) -> Problem:
    """A compound file: a workbook encrypted with a password, an old .xls workbook (whatever its name),
    or something else, told apart by the names of the streams it holds."""
    content = path.read_bytes()
    if any(name in content for name in ENCRYPTED):
        return _problem(
            path,
            "password-protected",
            "The workbook is protected with a password, so it cannot be read.",
            "Open it in Excel and remove the password: File > Info > Protect Workbook > Encrypt with Password, "
            "clear the password and click OK. Then save it and send it again.",
        )
    if any(name in content for name in OLD_WORKBOOK) or suffix == ".xls":
        renamed = f", although its name ends in {suffix}" if suffix in WORKBOOK_SUFFIXES else ""
        return _problem(
            path,
            "old-excel-format",
            f"This is an old-style Excel file (.xls, from Excel 97-2003){renamed}, which cannot be read.",
            SAVE_AS_XLSX,
        )
    return _not_a_workbook(path, "an older Office document, such as a Word .doc file")


def _opendocument(path: Path) -> Problem:
    return _problem(
        path,
        "wrong-format",
        "This is an OpenDocument spreadsheet (.ods), not an Excel workbook.",
        'Open it in LibreOffice Calc and use File > Save As, choosing "Excel 2007-365 (.xlsx)", '
        "then send the new file.",
    )


def _not_a_workbook(path: Path, kind: str) -> Problem:
    what = f"This is {kind}, not an Excel workbook" if kind else "This file is not an Excel workbook"
    return _problem(
        path,
        "not-a-workbook",
        f"{what}, although its name ends in {path.suffix}.",
        f"Send the Excel workbook itself. {SAVE_AS_XLSX}",
    )


def damaged_workbook(path: Path, detail: str = "") -> Problem:
    """The problem for a workbook cut short or missing a part it needs; ``detail`` says which."""
    what = f" ({detail})" if detail else ": it may have been cut short while being saved, copied or downloaded"
    return _problem(
        path,
        "damaged-workbook",
        f"The workbook is damaged or incomplete{what}.",
        f"{SAVE_AS_XLSX} If Excel cannot open it either, ask for a fresh copy.",
    )


def too_large_part(path: Path, sheet: str, cell: str, message: str) -> Problem:
    """The problem for a sheet or part that goes beyond what Excel can hold: refused, and nothing more read."""
    return Problem(
        "too-large", Severity.ERROR,
        f"{message} No real workbook goes so far, so the workbook was refused without reading further.",
        "Delete the rows, columns or text beyond Excel's limits, or save the sheets again from Excel into the "
        "standard workbook.",
        path.name, sheet, cell,
    )


def _too_large(path: Path, declared: int) -> Problem:
    return _problem(
        path,
        "too-large",
        f"The workbook declares {declared / 2**20:,.0f} MB of content when unpacked, far more than a performance "
        "workbook holds. Files like this can exhaust the computer opening them, so it was refused unopened.",
        "Check it holds only the standard sheets, remove any large pictures or unused rows, then save it again "
        "from Excel as an Excel Workbook (.xlsx).",
    )


def _problem(path: Path, code: str, message: str, action: str) -> Problem:
    return Problem(code, Severity.ERROR, message, action, path.name)
