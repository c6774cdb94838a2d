"""Accessibility of what every shipped template produces, as the Public Sector Bodies Accessibility
Regulations (WCAG 2.2 AA) ask of a report published on a council's website.

Each rule is a small function listing the faults it finds in a generated .docx, naming the
paragraph or table at fault. Each runs on the output of every shipped template, and on a
deliberately faulty document built with python-docx, to show that it can fail.

Tables: a table of two or more rows is a data table, whose first row must be marked as a header
row (w:tblHeader) repeated on each page; a table of one row only lays out or shades its content
and needs no header row (the shipped templates have none: an indicator's rating is a shaded paragraph).
"""

from __future__ import annotations

import base64
import io
import re

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from conftest import DETAILS, ROOT, SAMPLE, TEMPLATE, figure, indicator
from docx_reading import (
    blocks,
    bookmark_places,
    bookmarks,
    cells,
    default_run_properties,
    describe,
    drawings,
    field_instructions,
    fill,
    heading_level,
    hyperlinks,
    is_underlined,
    language,
    links,
    repeats_as_header,
    run_property,
    sections,
    shows_something,
    text_colour_of,
)
from perfreport.core.model import ChartType, HistoryPoint, Link
from perfreport.generate import Generated, generate_report
from perfreport.rating import Scheme, builtin_scheme
from perfreport.rating.scheme import builtin_schemes
from perfreport.workbook import write_workbook

TEMPLATE_SET = ROOT / "templates" / "indicator-set.docx"
SAMPLE_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
CONTENTS = ["TOC", r"\h", r"\z", r"\t", '"Heading', '1,1"']  # the Heading 1s, by their style
MINIMUM_CONTRAST = 4.5
BODY_TEXT, TABLE_TEXT = Pt(12), Pt(11)  # the smallest text in the body, and in a table
GENERIC_LINK_TEXT = {"click here", "here", "click", "link", "this link", "more", "read more", "find out more", "this page"}
WEB_ADDRESS = re.compile(r"(https?://|www\.|mailto:)\S+", re.IGNORECASE)
NUMBER_OR_CODE = re.compile(r"\S*\d\S*")  # one word holding a digit: "183", "LD01", "2023/24"
OUTPUTS = {  # what each shipped template is filled from; None: the workbook CHARTED below
    "committee": (SAMPLE, TEMPLATE),
    "indicator-set": (SAMPLE_SET, TEMPLATE_SET),
    "indicator-set-with-charts": (None, TEMPLATE_SET),
}
HISTORY = (
    HistoryPoint("Q1 2024/25", figure("88.0"), figure("90.0")),
    HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),
)
CHARTED = [  # the indicator set's template with trend charts, a link without words, an override and no target
    indicator("1", history=HISTORY, description="How it is measured.",
              links=(Link("Guidance on the measure", "https://www.gov.uk/guidance"),
                     Link("https://www.example.gov.uk/data", "https://www.example.gov.uk/data"))),
    indicator("2", history=HISTORY, chart=ChartType.LINE, current=figure("70.0"), actions="Recruit two officers."),
    indicator("3", history=HISTORY, target=None, no_target_status="Baseline"),
    indicator("4", history=HISTORY, rating_override="Green", override_reason="A one-off backlog"),
]


# The rules


def heading_faults(document: DocumentObject) -> list[str]:
    """The Title first, then headings that never skip a level on the way down."""
    headings = [(p, heading_level(p)) for p in document.paragraphs if heading_level(p) is not None]
    faults = [] if headings and headings[0][1] == 0 else ["the document does not open with a Title"]
    faults += [f"{describe(p)} is a second Title" for p, level in headings[1:] if level == 0]
    for (_, before), (paragraph, level) in zip(headings, headings[1:]):
        if level > before + 1:
            faults.append(f"{describe(paragraph)} is a {paragraph.style.name} straight after a level {before} heading")
    return faults


def empty_paragraph_faults(document: DocumentObject) -> list[str]:
    """No empty paragraphs for spacing: none in the body; a table cell holds one paragraph or no empty ones."""
    faults, before = [], "the start"
    for block in blocks(document):
        if isinstance(block, Table):
            faults += [
                f"{describe(block)}, row {row} column {column}: an empty paragraph beside others"
                for row, column, cell in cells(block)
                if len(cell.paragraphs) > 1 and not all(shows_something(p) for p in cell.paragraphs)
            ]
        elif not shows_something(block):
            faults.append(f"an empty paragraph after {before}")
            continue
        before = describe(block)
    return faults


def table_header_faults(document: DocumentObject) -> list[str]:
    """Every data table's first row, and only the rows above its body, repeat as a header row."""
    faults = []
    for table in document.tables:
        marked = [repeats_as_header(row) for row in table.rows]
        if len(marked) > 1 and not marked[0]:
            faults.append(f"{describe(table)}: the first row is not marked as a header row")
        body = marked.index(False) if False in marked else len(marked)
        if any(marked[body:]):
            faults.append(f"{describe(table)}: a header row follows the table's body")
    return faults


def property_faults(document: DocumentObject) -> list[str]:
    """Title and author filled in; British English in the properties, the Normal style and the defaults."""
    properties = document.core_properties
    faults = [f"the document's {name} is empty" for name in ("title", "author") if not getattr(properties, name).strip()]
    if "{" in properties.title:
        faults.append(f"the document's title holds a tag: {properties.title!r}")
    found = {
        "the document's language": properties.language,
        "the Normal style's language": language(document.styles["Normal"].element.rPr),
        "the default language": language(default_run_properties(document)),
    }
    return faults + [f"{what} is {value!r}, not 'en-GB'" for what, value in found.items() if value != "en-GB"]


def alt_text_faults(document: DocumentObject) -> list[str]:
    return [f"{name!r} has no alt text" for name, alt_text in drawings(document) if not alt_text.strip()]


def status_word_faults(document: DocumentObject, words: set[str]) -> list[str]:
    """Colour is never the only sign of a status: every shaded cell or paragraph says its status in words."""
    return [
        f"{describe(table)}, row {row} column {column}: shaded {fill(cell)} but says {cell.text!r}"
        for table in document.tables
        for row, column, cell in cells(table)
        if fill(cell) not in (None, "auto", "FFFFFF") and cell.text.strip() not in words
    ] + [
        f"{describe(paragraph)}: shaded {shading(paragraph._p.pPr)} but says {paragraph.text!r}"
        for paragraph in document.paragraphs
        if shading(paragraph._p.pPr) not in (None, "FFFFFF") and paragraph.text.strip() not in words
    ]


def text_size_faults(document: DocumentObject) -> list[str]:
    """Body text at least 12 pt, as UK clear print guidance asks; text in a table at least 11 pt."""
    faults = []
    for element in document.element.body.iter(qn("w:r")):
        run = Run(element, Paragraph(next(element.iterancestors(qn("w:p"))), document))
        size = run_property(run, "w:sz")
        points = Pt(int(size.get(qn("w:val"))) / 2) if size is not None else Pt(10)  # Word's own default
        least = TABLE_TEXT if next(element.iterancestors(qn("w:tc")), None) is not None else BODY_TEXT
        if run.text.strip() and points < least:
            faults.append(f"{run.text!r} is {points.pt:g} pt")
    return faults


def contrast_faults(document: DocumentObject) -> list[str]:
    """Every text colour on its background has a contrast ratio of at least 4.5:1."""
    return [
        f"{text!r}: {colour} on {background} has contrast {ratio:.2f}:1"
        for (colour, background), (ratio, text) in colour_pairs(document).items()
        if ratio < MINIMUM_CONTRAST
    ]


def link_text_faults(document: DocumentObject, worded: frozenset[str] = frozenset()) -> list[str]:
    """Link text that says where it goes on its own: not generic words, not a bare number or
    code, and not an address where the owner gave words (``worded``: those links' addresses)."""
    faults = []
    for link in links(document):
        text = " ".join(link.text.split())
        if text.casefold().strip(".:!?") in GENERIC_LINK_TEXT | {""}:
            faults.append(f"link {text!r} does not say where it goes")
        elif NUMBER_OR_CODE.fullmatch(text):
            faults.append(f"link {text!r} is only a number or code")
        elif WEB_ADDRESS.fullmatch(text) and link.address in worded:
            faults.append(f"link {text!r} shows its address instead of the owner's words")
    return faults


def link_style_faults(document: DocumentObject) -> list[str]:
    """Links are told apart by more than colour (underlined), in the "Hyperlink" character style
    without which LibreOffice drops them from a PDF."""
    return [
        f"link {link.text!r} is not underlined in the Hyperlink style"
        for link in links(document)
        for run in link.runs
        if run.text.strip() and not (is_underlined(run) and run.style.style_id == "Hyperlink")
    ]


def link_target_faults(document: DocumentObject) -> list[str]:
    """Every link goes somewhere; a link within the document goes to a bookmark that exists once,
    on a paragraph that names it ("Return to Index" goes to "Index")."""
    places, faults = bookmark_places(document), []
    for link in links(document):
        if not link.fragment:
            faults += [] if link.address else [f"link {link.text!r} goes nowhere"]
            continue
        found = places.get(link.fragment, [])
        if len(found) != 1:
            faults.append(f"link {link.text!r} goes to bookmark {link.fragment!r}, found {len(found)} times")
        elif link.text.removeprefix("Return to ") not in found[0].text:
            faults.append(f"link {link.text!r} goes to {describe(found[0])}, which does not name it")
    return faults


def contents_faults(document: DocumentObject) -> list[str]:
    """A "Contents" page after the cover: a TOC Heading, then the TOC field of the Heading 1s,
    marked for refreshing, then a new page."""
    body = blocks(document)
    where = next((i for i, b in enumerate(body) if isinstance(b, Paragraph) and _instruction(b)[:1] == ["TOC"]), None)
    if where is None:
        return ["no table of contents"]
    field, heading, after = body[where], body[where - 1] if where else None, body[where + 1 : where + 2]
    faults = [] if _instruction(field) == CONTENTS else [f"the contents field is {' '.join(_instruction(field))!r}"]
    if field._p.find(f".//{qn('w:fldChar')}").get(qn("w:dirty")) != "true":
        faults.append("the contents field is not marked to be refreshed")
    if not (isinstance(heading, Paragraph) and heading.style.name == "TOC Heading" and heading.text == "Contents"
            and heading.paragraph_format.page_break_before):
        faults.append("the contents does not follow a 'Contents' TOC Heading that starts a page")
    if not (after and isinstance(after[0], Paragraph) and after[0].paragraph_format.page_break_before):
        faults.append("no new page follows the contents")
    return faults


def navigation_faults(document: DocumentObject) -> list[str]:
    """Each indicator's heading is bookmarked, linked from the index and the status summary once,
    and its section ends with a link back to the index."""
    in_index, in_summary = _anchors(table_after(document, "Index")), _anchors(table_after(document, "Status summary"))
    headings = {p.text: p for p in document.paragraphs if heading_level(p) == 1}
    faults = []
    for heading, section in sections(document).items():
        marks = bookmarks(headings[heading])
        last = [block for block in section if isinstance(block, Paragraph)][-1:]
        if not marks:
            faults.append(f"{heading!r} carries no bookmark")
        elif in_index.count(marks[0]) != 1:
            faults.append(f"the index does not link once to {heading!r}")
        elif in_summary.count(marks[0]) != 1:
            faults.append(f"the status summary does not link once to {heading!r}")
        if not last or [text for text, _ in hyperlinks(last[0])] != ["Return to Index"]:
            faults.append(f"{heading!r} does not end with a link back to the index")
    return faults


def table_after(document: DocumentObject, heading: str) -> Table | None:
    """The first table after the heading of that text (in any case)."""
    body = blocks(document)
    start = next((i for i, b in enumerate(body) if isinstance(b, Paragraph) and b.text.casefold() == heading.casefold()), None)
    return next((b for b in body[start:] if isinstance(b, Table)), None) if start is not None else None


def _anchors(table: Table | None) -> list[str]:
    """The bookmarks a table's links go to."""
    paragraphs = [p for _, _, cell in cells(table) for p in cell.paragraphs] if table is not None else []
    return [address.removeprefix("#") for p in paragraphs for _, address in hyperlinks(p)]


def _instruction(paragraph: Paragraph) -> list[str]:
    return " ".join(field_instructions(paragraph)).split()


def colour_pairs(document: DocumentObject) -> dict[tuple[str, str], tuple[float, str]]:
    """Each (text colour, background) pair in the document, with its contrast ratio and a text showing it."""
    return {(colour, background): (contrast(colour, background), text) for colour, background, text in text_on_background(document)}


def text_on_background(document: DocumentObject):
    """(text colour, background, text) of each run of visible text in the body: the background is the run's
    shading, else its paragraph's, else its table cell's, else white."""
    for element in document.element.body.iter(qn("w:r")):
        paragraph = next(element.iterancestors(qn("w:p")))
        run = Run(element, Paragraph(paragraph, document))
        if run.text.strip():
            cell = next(element.iterancestors(qn("w:tc")), None)
            found = [shading(element.rPr), shading(paragraph.pPr), fill(_Cell(cell, document)) if cell is not None else None]
            yield text_colour_of(run), next((c.upper() for c in found if c not in (None, "auto")), "FFFFFF"), run.text


def shading(properties) -> str | None:
    """The fill of a w:pPr's or w:rPr's shading (w:shd), if it has one."""
    found = properties.find(qn("w:shd")) if properties is not None else None
    fill_colour = found.get(qn("w:fill")) if found is not None else None
    return None if fill_colour in (None, "auto") else fill_colour.upper()


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours given as RRGGBB."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    """WCAG's relative luminance of a colour given as RRGGBB."""

    def linear(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def status_words(scheme: Scheme) -> set[str]:
    return {word for s in scheme.statuses for word in (s.name, s.short, s.summary_label)}


# Every shipped template's output


@pytest.fixture(scope="module", params=list(OUTPUTS))
def generated(request, tmp_path_factory) -> Generated:
    folder = tmp_path_factory.mktemp(request.param)
    workbook, template = OUTPUTS[request.param]
    if workbook is None:
        workbook = folder / "owners.xlsx"
        write_workbook(workbook, DETAILS, CHARTED)
    return generate_report([workbook], template, None, folder / "report.docx")


@pytest.fixture(scope="module")
def document(generated) -> DocumentObject:
    return Document(generated.output)


@pytest.fixture(scope="module")
def worded(generated) -> frozenset[str]:
    """The addresses of the links the owners gave words to."""
    return frozenset(link.url for r in generated.rated for link in r.indicator.links if link.text != link.url)


def test_headings_go_down_one_level_at_a_time(document):
    assert heading_faults(document) == []


def test_no_empty_paragraphs(document):
    assert empty_paragraph_faults(document) == []


def test_data_tables_repeat_their_header_row(document):
    assert table_header_faults(document) == []


def test_title_author_and_language(document):
    assert property_faults(document) == []


def test_charts_have_alt_text(document, generated):
    assert alt_text_faults(document) == []
    # one chart per indicator with History: its XmR chart where its figures have an SPC reading, else its trend chart
    assert len(drawings(document)) == sum(bool(r.indicator.history) for r in generated.rated)


def test_status_is_said_in_words_not_only_in_colour(document, generated):
    assert status_word_faults(document, status_words(generated.scheme)) == []


def test_text_contrasts_with_its_background(document, generated):
    assert contrast_faults(document) == []
    pairs = colour_pairs(document)
    assert {(s.text, s.fill) for s in generated.scheme.statuses} <= set(pairs)  # the key shows every status
    assert ("0563C1", "FFFFFF") in pairs and ("000000", "FFFFFF") in pairs


def test_link_text_says_where_it_goes(document, worded):
    assert link_text_faults(document, worded) == []


def test_links_are_underlined_in_the_hyperlink_style(document):
    assert link_style_faults(document) == []


def test_links_reach_a_place_that_names_them(document):
    assert link_target_faults(document) == []


def test_a_contents_page_follows_the_cover(document):
    assert contents_faults(document) == []


def test_the_title_and_contents_are_reached_as_headings_but_not_listed_in_the_contents(document):
    """The Title and the "Contents" heading have outline level 1 (w:outlineLvl 0), so Word's navigation pane and
    the PDF's bookmarks list them; the contents field names Heading 1 (\\t) and takes no outline levels
    (\\o, \\u), so that neither lists them."""
    for name in ("Title", "TOC Heading"):
        level = document.styles[name].element.pPr.find(qn("w:outlineLvl"))
        assert level is not None and level.get(qn("w:val")) == "0", name
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["Contents"]
    assert not {r"\o", r"\u"} & set(CONTENTS)


def test_body_text_is_at_least_12_pt(document):
    assert text_size_faults(document) == []
    assert document.styles["Normal"].font.size == BODY_TEXT


def test_each_indicator_is_reached_from_the_index_and_summary_and_back(document, generated):
    assert len(sections(document)) == len(generated.rated)
    assert navigation_faults(document) == []


@pytest.mark.parametrize("template", [TEMPLATE, TEMPLATE_SET], ids=["committee", "indicator-set"])
def test_the_templates_style_links_for_libreoffice(template):
    """LibreOffice keeps a link in a PDF only when its text has the "Hyperlink" character style."""
    style = Document(template).styles["Hyperlink"]
    assert (style.type, style.style_id, str(style.font.color.rgb), style.font.underline) == (
        WD_STYLE_TYPE.CHARACTER, "Hyperlink", "0563C1", True
    )


@pytest.mark.parametrize("name", list(builtin_schemes()))
def test_every_builtin_schemes_colours_contrast(name):
    scheme = builtin_scheme(name)
    ratios = {s.name: round(contrast(s.text, s.fill), 2) for s in scheme.statuses}
    assert {status: ratio for status, ratio in ratios.items() if ratio < MINIMUM_CONTRAST} == {}


# Each rule fails on a faulty document


def faulty() -> DocumentObject:
    """A document with British English properties and a Title, for one fault to be added to."""
    document = Document()
    document.core_properties.title, document.core_properties.author = "Report", "Team"
    document.core_properties.language = "en-GB"
    for properties in (document.styles["Normal"].element.get_or_add_rPr(), default_run_properties(document)):
        properties.remove_all("w:lang")
        properties.append(OxmlElement("w:lang", {qn("w:val"): "en-GB"}))
    document.add_paragraph("Report", style="Title")
    return document


def add_link(paragraph: Paragraph, text: str, anchor: str = "", address: str = "") -> None:
    """A link to a bookmark, or (with ``address``) to a web page."""
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    if address:
        link.set(qn("r:id"), paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:t"))
    run[-1].text = text
    link.append(run)
    paragraph._p.append(link)


def add_bookmark(paragraph: Paragraph, name: str) -> None:
    mark = OxmlElement("w:bookmarkStart")
    mark.set(qn("w:id"), "1")
    mark.set(qn("w:name"), name)
    paragraph._p.insert(0, mark)


def add_table(document: DocumentObject, texts: list[list[str]]) -> Table:
    table = document.add_table(rows=len(texts), cols=len(texts[0]))
    for row, row_texts in zip(table.rows, texts):
        for cell, text in zip(row.cells, row_texts):
            cell.text = text
    return table


def shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def test_the_faulty_document_starts_without_faults():
    document = faulty()
    checks = [heading_faults, empty_paragraph_faults, table_header_faults, property_faults, alt_text_faults,
              contrast_faults, link_text_faults, link_style_faults, link_target_faults]
    assert [fault for check in checks for fault in check(document)] == []


def test_heading_check_finds_a_skipped_level_a_second_title_and_a_missing_title():
    document = faulty()
    document.add_heading("Key", level=1)
    document.add_heading("Detail", level=3)
    document.add_paragraph("Appendix", style="Title")
    assert heading_faults(document) == [
        "'Appendix' is a second Title",
        "'Detail' is a Heading 3 straight after a level 1 heading",
    ]
    untitled = Document()
    untitled.add_heading("Key", level=1)
    assert heading_faults(untitled) == ["the document does not open with a Title"]


def test_empty_paragraph_check_finds_spacing_paragraphs_in_the_body_and_in_cells():
    document = faulty()
    document.add_paragraph("")
    table = add_table(document, [["Status", "Number"], ["Red", "2"]])
    table.rows[1].cells[1].add_paragraph("")
    document.add_paragraph("After the table")
    assert empty_paragraph_faults(document) == [
        "an empty paragraph after 'Report'",
        "the table headed 'Status | Number', row 2 column 2: an empty paragraph beside others",
    ]


def test_table_header_check_finds_an_unmarked_header_row_and_one_in_the_body():
    document = faulty()
    add_table(document, [["Status", "Number"], ["Red", "2"]])
    add_table(document, [["A one-row layout table"]])
    marked = add_table(document, [["Rating", "Meaning"], ["Red", "off target"], ["Amber", "near target"]])
    for row in (marked.rows[0], marked.rows[2]):
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    assert table_header_faults(document) == [
        "the table headed 'Status | Number': the first row is not marked as a header row",
        "the table headed 'Rating | Meaning': a header row follows the table's body",
    ]


def test_property_check_finds_a_missing_title_and_author_and_american_english():
    document = Document()
    document.core_properties.author = ""
    assert property_faults(document) == [
        "the document's title is empty",
        "the document's author is empty",
        "the document's language is '', not 'en-GB'",
        "the Normal style's language is None, not 'en-GB'",
        "the default language is 'en-US', not 'en-GB'",
    ]
    unfilled = faulty()
    unfilled.core_properties.title = "{{ report.title }}"
    assert property_faults(unfilled) == ["the document's title holds a tag: '{{ report.title }}'"]


# A 1 by 1 pixel PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_alt_text_check_finds_a_picture_without_it():
    document = faulty()
    document.add_picture(io.BytesIO(PIXEL))
    assert alt_text_faults(document) == ["'Picture 1' has no alt text"]


def shade_paragraph(paragraph: Paragraph, colour: str) -> None:
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:fill"): colour}))


def test_status_word_check_finds_a_cell_or_paragraph_shown_by_colour_alone():
    document = faulty()
    table = add_table(document, [["Rating", "Meaning"], ["", "off target"], ["Red", "off target"]])
    shade(table.rows[1].cells[0], "C00000")
    shade(table.rows[2].cells[0], "C00000")
    shade_paragraph(document.add_paragraph("Red"), "C00000")
    shade_paragraph(document.add_paragraph("Off target"), "C00000")
    assert status_word_faults(document, {"Red"}) == [
        "the table headed 'Rating | Meaning', row 2 column 1: shaded C00000 but says ''",
        "'Off target': shaded C00000 but says 'Off target'",
    ]


def test_contrast_check_finds_white_on_amber():
    document = faulty()
    table = add_table(document, [["Rating"], ["Amber"]])
    shade(table.rows[1].cells[0], "FFC000")
    table.rows[1].cells[0].paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    assert contrast_faults(document) == ["'Amber': FFFFFF on FFC000 has contrast 1.64:1"]


def test_contrast_check_reads_the_shading_of_a_paragraph_and_of_a_run():
    document = faulty()
    paragraph = document.add_paragraph()
    paragraph.add_run("Green").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    shade_paragraph(paragraph, "00B050")
    run = document.add_paragraph().add_run("Red")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run._r.get_or_add_rPr().append(OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:fill"): "C00000"}))
    assert contrast_faults(document) == ["'Green': FFFFFF on 00B050 has contrast 2.87:1"]
    assert ("FFFFFF", "C00000") in colour_pairs(document)


def test_text_size_check_finds_small_body_and_table_text():
    document = faulty()
    document.add_paragraph().add_run("Small print").font.size = Pt(9)
    document.add_paragraph().add_run("Body text").font.size = Pt(12)
    table = add_table(document, [["Small table text", "Table text"]])
    table.rows[0].cells[0].paragraphs[0].runs[0].font.size = Pt(10)
    table.rows[0].cells[1].paragraphs[0].runs[0].font.size = Pt(11)
    assert text_size_faults(document) == ["'Small print' is 9 pt", "'Small table text' is 10 pt"]


def test_contrast_follows_paragraph_and_character_styles():
    document = faulty()
    document.styles["Normal"].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    document.add_paragraph("Pale text")
    document.styles.add_style("Yellow", WD_STYLE_TYPE.CHARACTER).font.color.rgb = RGBColor(0xFF, 0xC0, 0x00)
    document.add_paragraph().add_run("Yellow text", style="Yellow")
    assert contrast_faults(document) == [
        "'Pale text': AAAAAA on FFFFFF has contrast 2.32:1",
        "'Yellow text': FFC000 on FFFFFF has contrast 1.64:1",
    ]


def test_link_text_check_finds_vague_words_codes_and_addresses_in_place_of_words():
    document = faulty()
    for text in ("Click here", "LD01", "https://www.gov.uk/guidance", "Guidance on the measure"):
        add_link(document.add_paragraph(), text, address="https://www.gov.uk/guidance")
    assert link_text_faults(document, frozenset({"https://www.gov.uk/guidance"})) == [
        "link 'Click here' does not say where it goes",
        "link 'LD01' is only a number or code",
        "link 'https://www.gov.uk/guidance' shows its address instead of the owner's words",
    ]
    assert len(link_text_faults(document)) == 2  # an owner's link without words shows its address


def test_link_style_check_finds_a_link_told_apart_by_colour_alone():
    document = faulty()
    document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER).font.underline = True
    add_link(document.add_paragraph(), "Guidance on the measure", address="https://www.gov.uk/guidance")
    link = document.paragraphs[-1].hyperlinks[0]
    assert link_style_faults(document) == ["link 'Guidance on the measure' is not underlined in the Hyperlink style"]
    link.runs[0].style = "Hyperlink"
    assert link_style_faults(document) == []


def test_link_target_check_finds_missing_doubled_and_misnamed_bookmarks():
    document = faulty()
    add_bookmark(document.add_paragraph("Indicator 1: Staff survey"), "indicator_1")
    add_bookmark(document.add_paragraph("Index"), "index")
    add_bookmark(document.add_paragraph("Index, again"), "index")
    add_link(document.add_paragraph(), "Indicator 1", anchor="indicator_1")
    add_link(document.add_paragraph(), "Indicator 2", anchor="indicator_1")
    add_link(document.add_paragraph(), "Indicator 3", anchor="indicator_3")
    add_link(document.add_paragraph(), "Return to Index", anchor="index")
    add_link(document.add_paragraph(), "Indicator 4")
    assert link_target_faults(document) == [
        "link 'Indicator 2' goes to 'Indicator 1: Staff survey', which does not name it",
        "link 'Indicator 3' goes to bookmark 'indicator_3', found 0 times",
        "link 'Return to Index' goes to bookmark 'index', found 2 times",
        "link 'Indicator 4' goes nowhere",
    ]


def test_contents_check_finds_no_contents_and_a_contents_field_out_of_place():
    assert contents_faults(faulty()) == ["no table of contents"]
    document = faulty()
    field = document.add_paragraph()
    for part in (OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}), OxmlElement("w:instrText")):
        field.add_run()._r.append(part)
    field._p.find(f".//{qn('w:instrText')}").text = r'TOC \o "1-3"'
    document.add_heading("Key", level=1)
    assert contents_faults(document) == [
        "the contents field is " + repr(r'TOC \o "1-3"'),
        "the contents field is not marked to be refreshed",
        "the contents does not follow a 'Contents' TOC Heading that starts a page",
        "no new page follows the contents",
    ]


def test_navigation_check_finds_an_indicator_left_out_of_the_index():
    document = faulty()
    add_bookmark(document.add_heading("Index", level=1), "index")
    index = add_table(document, [["Indicator"], [""]])
    add_link(index.rows[1].cells[0].paragraphs[0], "Indicator 1", anchor="indicator_1")
    document.add_heading("Status summary", level=2)
    add_table(document, [["Status", "Indicators"], ["Red", "none"]])
    add_bookmark(document.add_heading("Indicator 1: Staff survey", level=1), "indicator_1")
    add_link(document.add_paragraph(), "Return to Index", anchor="index")
    document.add_heading("Indicator 2: Sickness", level=1)
    assert navigation_faults(document) == [
        "the status summary does not link once to 'Indicator 1: Staff survey'",
        "'Indicator 2: Sickness' carries no bookmark",
        "'Indicator 2: Sickness' does not end with a link back to the index",
    ]

