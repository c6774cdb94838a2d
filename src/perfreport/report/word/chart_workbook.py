"""The small workbook embedded in a Word chart, so that "Edit Data" opens the chart's figures.

The layout is the one python-pptx's chart XML refers to: periods in column A from row 2,
one series per column from B, each with its name in row 1, on a sheet named Sheet1. Text is in
a shared-strings table, and the workbook has a theme, as Excel writes and expects them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from perfreport.core.xmltext import strip_xml_illegal

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument"
_PHCLR = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
# The smallest theme Excel takes: Office's colours and fonts, and plain fill, line and effect styles.
_THEME = (
    f'<a:theme xmlns:a="{_DRAWING}" name="Office Theme"><a:themeElements><a:clrScheme name="Office">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + "".join(f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>' for name, rgb in (
        ("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
        ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72"),
    ))
    + '</a:clrScheme><a:fontScheme name="Office">'
    + "".join(f'<a:{kind}><a:latin typeface="{face}"/><a:ea typeface=""/><a:cs typeface=""/></a:{kind}>'
              for kind, face in (("majorFont", "Calibri Light"), ("minorFont", "Calibri")))
    + '</a:fontScheme><a:fmtScheme name="Office">'
    f"<a:fillStyleLst>{_PHCLR * 3}</a:fillStyleLst>"
    f'<a:lnStyleLst>{f"<a:ln>{_PHCLR}</a:ln>" * 3}</a:lnStyleLst>'
    f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
    f"<a:bgFillStyleLst>{_PHCLR * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)

_STATIC_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_OFFICE_TYPE}.spreadsheetml.sharedStrings+xml"/>'
        f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_OFFICE_TYPE}.theme+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOCUMENT_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOCUMENT_RELS}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOCUMENT_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOCUMENT_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOCUMENT_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{_DOCUMENT_RELS}/theme" Target="theme/theme1.xml"/>'
        "</Relationships>"
    ),
    "xl/theme/theme1.xml": _THEME,
}

_STYLES = (
    '<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{format}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def chart_workbook(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], number_format: str
) -> bytes:
    """A one-sheet .xlsx holding a chart's periods and series, figures in ``number_format``."""
    rows: list[list[str | float | None]] = [["", *(name for name, _ in series)]]
    rows += [[category, *(values[index] for _, values in series)] for index, category in enumerate(categories)]
    texts: dict[str, int] = {}  # each text's place in the shared strings
    sheet_data = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{get_column_letter(c)}{r}", v, texts) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in texts)
    columns = f'<cols><col min="1" max="{len(series) + 1}" width="16" customWidth="1"/></cols>'
    parts = {
        **_STATIC_PARTS,
        "xl/styles.xml": _STYLES.format(main=_MAIN, format=escape(number_format, {'"': "&quot;"})),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}">{columns}<sheetData>{sheet_data}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}" uniqueCount="{len(texts)}">{shared}</sst>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return buffer.getvalue()


def _cell(ref: str, value: str | float | None, texts: dict[str, int]) -> str:
    """A cell: text by its place in the shared strings (added to ``texts``), a figure in the chart's
    number format, nothing for a gap."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        place = texts.setdefault(strip_xml_illegal(value), len(texts))
        return f'<c r="{ref}" t="s"><v>{place}</v></c>'
    return f'<c r="{ref}" s="1"><v>{value!r}</v></c>'
