"""Files that cannot be read as workbooks: each refused before parsing with one plain problem, never a traceback."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import SAMPLE
from perfreport.core.problems import Problem, Severity
from perfreport.workbook import read_workbook
from perfreport.workbook.files import MAX_UNCOMPRESSED_BYTES, check_workbook_file
from perfreport.workbook.sheet_cells import read_sheets

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (level, b"&lol%s;" % (str(level - 1).encode() if level > 1 else b"") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL_ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def sample_members() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sample_with(member: str, data: bytes) -> bytes:
    """The sample workbook re-zipped with one member replaced."""
    return zipped(sample_members() | {member: data})


def with_shared_strings(sst: bytes) -> bytes:
    """The sample with ``sst`` as its shared-strings part, in place of its own where it has one."""
    members = sample_members()
    if "xl/sharedStrings.xml" not in members:
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", override.encode())
    members["xl/sharedStrings.xml"] = sst
    return zipped(members)


def billion_laughs_workbook() -> bytes:
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    return with_shared_strings(BILLION_LAUGHS + sst)


def external_entity_workbook() -> bytes:
    workbook = sample_members()["xl/workbook.xml"]
    leak = b'<definedNames><definedName name="leak">&xxe;</definedName></definedNames>'
    return sample_with("xl/workbook.xml", EXTERNAL_ENTITY + workbook.replace(b"<definedNames/>", leak))


def utf16_dtd_workbook() -> bytes:
    workbook = sample_members()["xl/workbook.xml"].decode()
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE workbook [<!ENTITY a "a">]>\n' + workbook
    return sample_with("xl/workbook.xml", b"\xff\xfe" + text.encode("utf-16-le"))


def dtd_after_long_comment_workbook() -> bytes:
    """A DTD hidden after 70 KiB of comment, beyond the part of the prolog that is read."""
    workbook = sample_members()["xl/workbook.xml"]
    padding = b"<!--" + b" " * 70_000 + b"-->\n"
    return sample_with("xl/workbook.xml", b'<?xml version="1.0"?>\n' + padding + EXTERNAL_ENTITY[22:] + workbook)


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with one member's uncompressed size in the central directory changed; nothing is unpacked."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if patched[position + 46 : position + 46 + name_length] == member.encode():
            struct.pack_into("<I", patched, position + 24, size)
            return bytes(patched)
        position = patched.find(b"PK\x01\x02", position + 1)
    raise AssertionError(f"{member} not in the zip")


def bad_crc_workbook() -> bytes:
    """A stored (uncompressed) zip with one character of workbook.xml changed, so only its CRC shows it."""
    data = zipped(sample_members(), zipfile.ZIP_STORED)
    return data.replace(b'state="visible"', b'state="visiblf"', 1)


def encrypted_ole2() -> bytes:
    return OLE2_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)


CASES: dict[str, tuple[str, Callable[[], bytes], str, tuple[str, ...]]] = {
    # id: (file name, contents, problem code, words the message and action must mention)
    "empty": ("empty.xlsx", lambda: b"", "empty-file", ("empty",)),
    "password": ("locked.xlsx", encrypted_ole2, "password-protected", ("password", "Encrypt with Password")),
    "password-xls": ("locked.xls", encrypted_ole2, "password-protected", ("password",)),
    "old-excel": ("old.xls", lambda: OLE2_MAGIC + bytes(1024), "old-excel-format", (".xls", "Excel Workbook (.xlsx)")),
    "ods-suffix": (
        "calc.ods",
        lambda: b"PK\x03\x04anything",
        "wrong-format",
        ("OpenDocument", "Excel 2007-365 (.xlsx)"),
    ),
    "ods-content": (
        "calc.xlsx",
        lambda: zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"}),
        "wrong-format",
        ("OpenDocument", "LibreOffice Calc", "Excel 2007-365 (.xlsx)"),
    ),
    "csv": (
        "figures.csv",
        lambda: b"Number,Title\n1,Rent collected\n",
        "wrong-format",
        ("CSV", ".xlsx", "new-workbook"),
    ),
    "text-as-xlsx": ("renamed.xlsx", lambda: b"this is not a spreadsheet", "wrong-format", ("CSV", "new-workbook")),
    "unicode-text": ("export.xlsx", lambda: "Number\tTitle\r\n".encode("utf-16"), "wrong-format", ("CSV",)),
    "other-suffix": ("report.pdf", lambda: SAMPLE.read_bytes(), "wrong-format", (".pdf", ".xlsx", ".xlsm")),
    "no-suffix": ("report", lambda: SAMPLE.read_bytes(), "wrong-format", (".xlsx",)),
    "not-a-zip": ("binary.xlsx", lambda: bytes(range(256)) * 4, "not-a-workbook", ("not an Excel workbook", ".xlsx")),
    "truncated": (
        "half.xlsx",
        lambda: SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) // 2],
        "damaged-workbook",
        ("cut short", ".xlsx"),
    ),
    "bad-crc": ("crc.xlsx", bad_crc_workbook, "damaged-workbook", ("damaged", ".xlsx")),
    "word": (
        "letter.xlsx",
        lambda: zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "not-a-workbook",
        ("Word document", ".xlsx"),
    ),
    "other-zip": ("photos.xlsx", lambda: zipped({"a.jpg": b"\xff\xd8"}), "not-a-workbook", ("zip file", ".xlsx")),
    "huge-total": (
        "huge.xlsx",
        lambda: with_declared_size(zipped(sample_members()), "xl/worksheets/sheet3.xml", 2**32 - 2),
        "too-large",
        ("4,096 MB", ".xlsx"),
    ),
    "huge-ratio": (
        "dense.xlsx",
        lambda: with_declared_size(zipped(sample_members()), "xl/styles.xml", 20 * 2**20),
        "too-large",
        ("20 MB", ".xlsx"),
    ),
    "billion-laughs": ("laughs.xlsx", billion_laughs_workbook, "unsafe-xml", ("DTD", "xl/sharedStrings.xml", ".xlsx")),
    "external-entity": ("xxe.xlsx", external_entity_workbook, "unsafe-xml", ("DTD", "xl/workbook.xml", "attack")),
    "utf16-dtd": ("utf16.xlsx", utf16_dtd_workbook, "unsafe-xml", ("DTD",)),
    "dtd-after-comment": ("padded.xlsx", dtd_after_long_comment_workbook, "unsafe-xml", ("DTD",)),
}


def write_case(tmp_path: Path, case: str) -> Path:
    name, contents, _, _ = CASES[case]
    path = tmp_path / name
    path.write_bytes(contents())
    return path


@pytest.mark.parametrize("case", CASES)
def test_each_unusable_file_is_named_with_what_to_do(tmp_path, case):
    _, _, code, mentions = CASES[case]
    path = write_case(tmp_path, case)
    problem = check_workbook_file(path)
    assert problem is not None and problem.code == code
    assert (problem.severity, problem.file, problem.sheet, problem.cell) == (Severity.ERROR, path.name, "", "")
    for words in mentions:
        assert words in f"{problem.message} {problem.action}"


@pytest.mark.parametrize("case", CASES)
def test_reading_an_unusable_file_gives_one_error_and_no_indicators(tmp_path, case):
    content = read_workbook(write_case(tmp_path, case))
    [problem] = content.problems
    assert problem.severity is Severity.ERROR and problem.code == CASES[case][2]
    assert content.indicators == [] and content.details is None


def test_the_sample_and_a_macro_workbook_pass(tmp_path):
    macro = tmp_path / "macros.xlsm"
    macro.write_bytes(SAMPLE.read_bytes())
    assert check_workbook_file(SAMPLE) is None
    assert check_workbook_file(macro) is None


def test_a_file_that_cannot_be_opened_gives_the_reason(tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    gone, folder = check_workbook_file(tmp_path / "gone.xlsx"), check_workbook_file(tmp_path / "folder.xlsx")
    assert (gone.code, gone.file) == ("unreadable-file", "gone.xlsx") and "No such file" in gone.message
    assert (folder.code, folder.file, folder.message) == (
        "not-a-regular-file", "folder.xlsx", "This is a folder, not a file, so it is not read.")


def test_too_large_is_refused_without_unpacking(tmp_path, monkeypatch):
    path = write_case(tmp_path, "huge-total")
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) > MAX_UNCOMPRESSED_BYTES

    def unpack(*args, **kwargs):
        raise AssertionError("unpacked a member")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpack)
    assert check_workbook_file(path).code == "too-large"
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize("make", [billion_laughs_workbook, external_entity_workbook])
def test_the_sheet_reader_expands_no_entity_even_without_the_dtd_check(tmp_path, make):
    """The DTD check refuses these files first; were it bypassed, entities are still left unexpanded, or the
    part refused as libxml2 sees the amplification (which read_workbook gives as an unreadable file)."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    try:
        sheets = read_sheets(str(path), ("Report", "Indicators"))
    except etree.XMLSyntaxError as error:
        assert "amplification" in str(error)
        return
    values = [str(cell.value) for rows in sheets.values() for row in rows for cell in row]
    assert len(sheets["Indicators"]) == 15 and not any("lol" in value or "root:" in value for value in values)


def test_a_sheet_that_cannot_be_parsed_is_one_unreadable_file_problem(tmp_path):
    path = tmp_path / "broken.xlsx"
    sheet = sample_members()["xl/worksheets/sheet3.xml"]
    path.write_bytes(sample_with("xl/worksheets/sheet3.xml", sheet[: len(sheet) // 2]))
    [problem] = read_workbook(path).problems
    assert (problem.code, problem.file) == ("unreadable-file", "broken.xlsx")
    assert "Excel Workbook (.xlsx)" in problem.action


FUZZ = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SAMPLE_BYTES = SAMPLE.read_bytes()
XML_MEMBERS = sorted(
    name
    for name in sample_members()
    if name.startswith("xl/worksheets/sheet") or name in ("xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml")
)


def assert_read_without_exception(path: Path) -> None:
    content = read_workbook(path)
    assert all(isinstance(problem, Problem) for problem in content.problems)


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_raise(tmp_path, data):
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    assert_read_without_exception(path)


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(0, len(SAMPLE_BYTES) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_workbook_with_damaged_bytes_never_raises(tmp_path, changes):
    data = bytearray(SAMPLE_BYTES)
    for offset, byte in changes:
        data[offset] = byte
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    assert_read_without_exception(path)


@pytest.mark.filterwarnings("ignore:File contains an invalid specification")
@FUZZ
@given(
    member=st.sampled_from(XML_MEMBERS),
    start=st.floats(0, 1),
    length=st.integers(1, 2000),
    inserted=st.binary(max_size=64),
)
def test_a_workbook_with_damaged_xml_never_raises(tmp_path, member, start, length, inserted):
    members = sample_members()
    xml = members[member]
    at = int(start * len(xml))
    members[member] = xml[:at] + inserted + xml[at + (0 if inserted else length) :]
    path = tmp_path / "damaged-xml.xlsx"
    path.write_bytes(zipped(members))
    assert_read_without_exception(path)
