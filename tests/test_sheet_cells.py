"""The streaming sheet reader, on the XML that Excel, LibreOffice and other programs write."""

from __future__ import annotations

import zipfile
from datetime import datetime

from perfreport.workbook.sheet_cells import read_sheets

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SHEET = f"""<worksheet {MAIN}><dimension ref="A1:A1"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2"><v>0.835</v></c><c r="D1" s="1"><v>45000</v></c></row>
<row r="3"><c r="A3"><f>B3*2</f><v>4</v></c><c r="B3"><f t="shared" si="0" ref="B3:B4">A1+1</f><v>2</v></c></row>
<row><c><f t="shared" si="0"/><v>3</v></c><c t="e"><v>#DIV/0!</v></c><c t="b"><v>1</v></c>
<c t="inlineStr"><is><t>R&amp;D &lt; 5%</t></is></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c><f>SUM(A1:A2)</f></c></row>
</sheetData></worksheet>"""


def workbook(tmp_path, date1904: bool = False):
    path = tmp_path / "hand-made.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("_rels/.rels", f'<Relationships {RELS}><Relationship Id="rId1" '
                         f'Type="{TYPE}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        package.writestr("xl/workbook.xml", f'<workbook {MAIN} xmlns:r="{TYPE}"><workbookPr date1904="{int(date1904)}"/>'
                         '<sheets><sheet name="Indicators" sheetId="1" r:id="rId7"/></sheets></workbook>')
        package.writestr("xl/_rels/workbook.xml.rels", f"<Relationships {RELS}>"
                         f'<Relationship Id="rId7" Type="{TYPE}/worksheet" Target="/xl/worksheets/data.xml"/>'
                         f'<Relationship Id="rId8" Type="{TYPE}/sharedStrings" Target="strings.xml"/>'
                         f'<Relationship Id="rId9" Type="{TYPE}/styles" Target="styles.xml"/></Relationships>')
        package.writestr("xl/strings.xml", f'<sst {MAIN}><si><r><t>Head</t></r><r><t xml:space="preserve"> count</t></r>'
                         "<rPh><t>ignored</t></rPh></si></sst>")
        package.writestr("xl/styles.xml", f'<styleSheet {MAIN}><numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
                         '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
        package.writestr("xl/worksheets/data.xml", SHEET)
    return path


def test_every_row_is_read_whatever_the_declared_size(tmp_path):
    rows = read_sheets(str(workbook(tmp_path)), ("Indicators", "History"))["Indicators"]
    assert [row.number for row in rows] == [1, 3, 4]  # row 2 is not in the sheet
    assert [(c.row, c.column) for c in rows[2]] == [(4, n) for n in range(1, 7)]  # no r attributes: counted


def test_values_types_formats_and_formulas(tmp_path):
    rows = read_sheets(str(workbook(tmp_path)), ("Indicators",))["Indicators"]
    first, third, fourth = rows
    assert first.cell(1).value == "Head count"  # rich text runs joined, phonetic guide left out
    assert first.cell(2).value is None and first.cell(2).empty and first.cell(2).ref == "B1"  # not in the sheet
    assert (first.cell(3).value, first.cell(3).number_format) == (0.835, "0.0%")
    assert (first.cell(4).value, first.cell(4).data_type, first.cell(4).number_format) == (
        datetime(2023, 3, 15), "d", "mm-dd-yy"
    )
    assert [(c.value, c.formula) for c in third] == [(4, "=B3*2"), (2, "=A1+1")]
    cells = [fourth.cell(column) for column in range(1, 7)]
    assert (cells[0].value, cells[0].formula) == (3, "=A1+1")  # a shared formula, with its saved result
    assert (cells[1].value, cells[1].data_type) == ("#DIV/0!", "e")
    assert cells[2].value is True
    assert (cells[3].value, cells[3].data_type) == ("R&D < 5%", "s")
    assert (cells[4].value, cells[4].data_type) == ("ab", "s")
    assert (cells[5].value, cells[5].formula) == (None, "=SUM(A1:A2)")  # never calculated: check() says so


def test_dates_in_a_workbook_counting_from_1904(tmp_path):
    rows = read_sheets(str(workbook(tmp_path, date1904=True)), ("Indicators",))["Indicators"]
    assert rows[0].cell(4).value == datetime(2027, 3, 16)


def test_sheets_the_workbook_lacks_are_left_out(tmp_path):
    assert set(read_sheets(str(workbook(tmp_path)), ("Report", "Indicators"))) == {"Indicators"}
