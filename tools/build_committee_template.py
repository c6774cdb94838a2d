"""Build templates/committee-report.docx, the shipped committee report template.

Officers restyle the .docx itself in Word; this script records how the shipped file was
made, so that it can be rebuilt from scratch. Run: python tools/build_committee_template.py
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree
from shipping import ship

from perfreport.report.data_items import DATA_ITEMS
from perfreport.shipped import COMMITTEE_TEMPLATE

FONT = "Arial"
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
TEXT_WIDTH = Cm(17)  # an A4 page less margins of 2 cm
# The Heading 1s (\t: by their style), as links, without page numbers on the web. The cover's Title and
# "Contents" have an outline level, for Word's navigation pane and the PDF's bookmarks: Word would list them
# with \u, and LibreOffice lists every paragraph of outline level 1 with \o "1-1", so the contents names the style.
CONTENTS = r'TOC \h \z \t "Heading 1,1"'
CONTENTS_PLACEHOLDER = "The table of contents is filled in when the report is opened in Word or exported to PDF."
# A status summary row's indicators, each as "Indicator 183" linking to its page, separated by commas.
INDICATOR_LINKS = (
    "{% for i in row.indicators %}{{r ('Indicator ' ~ i.number)|link_to(i.anchor) }}"
    "{% if not loop.last %}, {% endif %}{% endfor %}"
)
TABLE_TEXT = "Table Text"  # the paragraph style of table cells: 11 pt, closer spaced, so that tables fit
# The colour a rating's paragraph is shaded with in the template; filling replaces it with the rating's colour.
BADGE_FILL = "BFBFBF"  # a grey band, so that an officer editing the template sees where the rating goes
BADGE_WIDTH = Cm(5)
# What may follow w:pBdr in a w:pPr (ECMA-376 CT_PPrBase), so that the badge's borders and shading go before them.
AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                 "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                 "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")

RAG_RATING = "RAG Rating"
# The Key's data items, as the HTML edition has them too; the template names the scheme's ratings in them.
KEY_TAGS = {
    "ratings": "{% for s in key.statuses %}{{ s.name }}{% if not loop.last %}, {% endif %}{% endfor %}",
    "actions_for": "{{ key.actions_for }}",
}
FIGURES = ["Target", "Direction for Improvement", "{{ ind.current_label }}", "{{ ind.previous_label }}",
           "Change in Performance"]
FIGURE_VALUES = ["{{ ind.target }}", "{{ ind.direction }}", "{{ ind.current }}", "{{ ind.previous }}", "{{ ind.change }}"]
COMPARATORS = ["Statistical Neighbours Mean", "England Mean"]
COMPARATOR_VALUES = ["{{ ind.statistical_neighbours }}", "{{ ind.england }}"]


def set_cell_text(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    cell.paragraphs[0].style = TABLE_TEXT
    run = cell.paragraphs[0].add_run(text)
    if bold:
        run.bold = True


def mark_header_row(row) -> None:
    """Mark a table row as a header row that repeats at the top of each page (w:tblHeader, on when it has no
    w:val: the schema's checkers refuse w:val="true" there)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_table_together(table) -> None:
    """Keep every row with the next, so that a short table is never split across pages."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def set_cell_margins(table, side: Cm) -> None:
    """Left and right cell margins of ``side``: narrower than Word's 0.19 cm, for tables of many columns."""
    margins = OxmlElement("w:tblCellMar")
    for name in ("left", "right"):
        margin = OxmlElement(f"w:{name}")
        margin.set(qn("w:w"), str(round(side / 635)))  # EMU to twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def add_table(document, headers: list[str], widths: list[float]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for cell, text, width in zip(table.rows[0].cells, headers, widths):
        set_cell_text(cell, text, bold=True)
        cell.width = Cm(width)
    mark_header_row(table.rows[0])
    return table


def add_row(table, texts: list[str], widths: list[float]):
    row = table.add_row()
    keep_row_together(row)
    cells = row.cells
    for cell, text, width in zip(cells, texts, widths):
        set_cell_text(cell, text)
        cell.width = Cm(width)
    return row


def add_loop_rows(table, start: str, texts: list[str], widths: list[float]) -> None:
    """A row repeated by docxtpl: a {%tr for %} row, the row itself, a {%tr endfor %} row."""
    add_row(table, [start] + [""] * (len(texts) - 1), widths)
    add_row(table, texts, widths)
    add_row(table, ["{%tr endfor %}"] + [""] * (len(texts) - 1), widths)


def add_figures_tables(document, headers: list[str], values: list[str], widths: list[float],
                       with_comparators: list[float]):
    """The figures table, and in its place where the indicator has comparison figures, the same with a
    column for each: a table's columns cannot be added by a tag, so the template holds both."""
    tables = []
    document.add_paragraph("{%p if ind.has_comparators %}")
    for shown_headers, shown_values, columns, after in (
        (headers + COMPARATORS, values + COMPARATOR_VALUES, with_comparators, "{%p else %}"),
        (headers, values, widths, "{%p endif %}"),
    ):
        table = add_table(document, shown_headers, columns)
        add_row(table, shown_values, columns)
        keep_table_together(table)
        if len(columns) > 5:
            set_cell_margins(table, Cm(0.1))
        tables.append(table)
        document.add_paragraph(after)
    return tables


FOOTER = "{{ report.committee }}: {{ report.title }}, {{ report.period }} {{ report.financial_year }}."
PRODUCED = ". Produced {{ report.produced_month }}."  # the published report's footer ends "December 2023"


def add_page_number_footer(section, text: str = FOOTER) -> None:
    """A footer of two lines: ``text``, then "Page N of M. Produced December 2023.", the month the report was
    produced in words of its own, so that it is never read as part of the page number ("Page 7 December 2023")."""
    section.footer_distance = Cm(0.6)  # two lines of footer within the bottom margin
    section.footer.paragraphs[0].style.font.size = Pt(10)
    section.footer.paragraphs[0].text = text
    paragraph = section.footer.add_paragraph("Page ", style="Footer")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(PRODUCED)


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A simple Word field, e.g. PAGE, showing ``shown`` until Word or the PDF export works it out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_outline_level(properties, level: int) -> None:
    """Give a paragraph's or style's w:pPr the outline level ``level`` (0 for the top), by which Word's
    navigation pane and a PDF's bookmarks list it."""
    for found in properties.findall(qn("w:outlineLvl")):
        properties.remove(found)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    properties.insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_styles(document, body_size: float = 12, table_size: float = 11) -> None:
    """Arial in every style and in the theme, body text of ``body_size`` points (as UK clear print guidance
    asks) and table text of ``table_size``, British English, dark blue
    headings, the cover's Title and "Contents" reached from Word's navigation pane, contents entries
    that keep their page number on their last line, and the "Hyperlink" character style."""
    for marker in document.styles.element.iter(qn("w:lang")):  # the document defaults'
        marker.set(qn("w:val"), "en-GB")
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for tag in ("w:sz", "w:szCs"):
        defaults.find(qn(tag)).set(qn("w:val"), str(round(body_size * 2)))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.widow_control = True
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 28), ("Subtitle", 16), ("Heading 1", 16), ("Heading 2", 13)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        drop_theme_fonts(style)
    document.styles["Heading 1"].paragraph_format.space_before = Pt(0)  # it starts a page
    document.styles["Heading 1"].paragraph_format.space_after = Pt(6)
    document.styles["Heading 2"].paragraph_format.space_before = Pt(5)
    document.styles["Heading 2"].paragraph_format.space_after = Pt(2)
    table_text = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(table_size)
    table_text.paragraph_format.space_before = table_text.paragraph_format.space_after = Pt(2)
    set_outline_level(document.styles["Title"].element.get_or_add_pPr(), 0)
    contents = document.styles["TOC Heading"]
    contents.hidden = False
    set_outline_level(contents.element.get_or_add_pPr(), 0)  # Word's own TOC Heading is at body level (9)
    add_contents_entry_style(document)
    links = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    links.font.color.rgb = LINK_COLOUR
    links.font.underline = True
    set_theme_fonts(document)
    drop_styles_with_effects(document)


def add_contents_entry_style(document) -> None:
    """Word's "toc 1" style, for the contents' entries: their words stop 1.5 cm short of the margin and
    the page number stands at it, so a long title wraps before its page number rather than leaving the
    number alone on a line."""
    style = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), "TOC1")
    style.base_style = document.styles["Normal"]
    style.next_paragraph_style = document.styles["Normal"]
    style.unhide_when_used = True
    style.priority = 39
    entry = style.paragraph_format
    entry.right_indent = Cm(1.5)
    entry.space_after = Pt(4)
    entry.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def set_theme_fonts(document, font: str = FONT) -> None:
    """Make the theme's heading and body fonts ``font`` (python-docx's theme has Calibri and Cambria), so
    that whatever takes the theme's fonts, such as a new style or a chart, matches the styles."""
    theme = next(part for part in document.part.package.parts if part.partname == "/word/theme/theme1.xml")
    tree = etree.fromstring(theme.blob)
    drawing = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for latin in tree.iterfind(".//a:fontScheme/*/a:latin", drawing):
        latin.set("typeface", font)
    theme._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_styles_with_effects(document) -> None:
    """Leave out python-docx's stylesWithEffects.xml, a copy of the styles for Word 2010 that goes out of date
    as soon as the styles change (the schema checkers report that it differs). Word does without it."""
    for name, relationship in list(document.part.rels.items()):
        if relationship.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(name)


def drop_theme_fonts(style) -> None:
    """Remove the theme font a style names, which Word would use instead of its own font."""
    fonts = style.element.rPr.rFonts
    for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{name}"), None)


def add_field_part(paragraph, tag: str, **attributes: str):
    """A run holding one part of a Word field (w:fldChar or w:instrText)."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    paragraph.add_run()._r.append(element)
    return element


def add_contents(document) -> None:
    """A "Contents" page: Word's table of contents field, listing the Heading 1s. Word and the
    PDF export fill it in; until then it holds a line saying so."""
    heading = document.add_paragraph("Contents", style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    paragraph = document.add_paragraph()
    add_field_part(paragraph, "w:fldChar", fldCharType="begin", dirty="true")
    add_field_part(paragraph, "w:instrText").text = CONTENTS
    add_field_part(paragraph, "w:fldChar", fldCharType="separate")
    paragraph.add_run(CONTENTS_PLACEHOLDER)
    add_field_part(paragraph, "w:fldChar", fldCharType="end")


def add_badge(document, status: str) -> None:
    """A rating as a paragraph of its own, not a one-cell table: its name in bold in its text colour, on a
    5 cm band of its fill colour. The band is shaded BADGE_FILL in the template; the filter tags around
    the paragraph put the rating's colour in its place."""
    document.add_paragraph(f"{{%p filter replace('{BADGE_FILL}', {status}.fill) %}}")
    badge = document.add_paragraph(f"{{{{r {status}|badge }}}}")
    badge.paragraph_format.right_indent = TEXT_WIDTH - BADGE_WIDTH
    badge.paragraph_format.keep_with_next = True
    properties = badge._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")  # in the fill's colour: a margin of colour around the words
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "3"), ("color", BADGE_FILL)):
            border.set(qn(f"w:{name}"), value)
        borders.append(border)
    properties.insert_element_before(borders, *AFTER_BORDERS)
    shading = OxmlElement("w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", BADGE_FILL)):
        shading.set(qn(f"w:{name}"), value)
    properties.insert_element_before(shading, *AFTER_BORDERS[1:])
    document.add_paragraph("{%p endfilter %}")


def add_part(document, heading: str, items: str, text: str, later: list[str], shown: str | None = None) -> None:
    """A part of an indicator's page: a Heading 2 and one paragraph per item, shown only when ``shown``
    (default: the items) holds. ``later`` are the conditions of the parts after it: where none of them
    holds, its last paragraph keeps with the chart and "Return to Index", which never stand alone on a page."""
    document.add_paragraph(f"{{%p if {shown or items} %}}")
    document.add_heading(heading, level=2)
    document.add_paragraph(f"{{%p for item in {items} %}}")
    document.add_paragraph(f"{{%p if loop.last and not ({' or '.join(later)}) %}}" if later else "{%p if loop.last %}")
    document.add_paragraph(text).paragraph_format.keep_with_next = True
    document.add_paragraph("{%p else %}")
    document.add_paragraph(text)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")


def add_parts(document, parts: list[tuple[str, str, str, str | None]]) -> None:
    """An indicator's parts in order, each (heading, items, text, shown), then its chart, then "Return to
    Index". The last paragraph of words keeps with the chart and the chart with "Return to Index", so that
    where the words run on, the chart takes their last paragraph with it: no page holds only a chart."""
    for number, (heading, items, text, shown) in enumerate(parts):
        add_part(document, heading, items, text, [s or i for _, i, _, s in parts[number + 1:]], shown)
    add_chart(document)
    back = document.add_paragraph("{{r 'Return to Index'|link_to('index') }}")
    back.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    back.paragraph_format.space_before = Pt(6)


SPC_READING = (
    "{{ ind.spc.explanation }} Mean {{ ind.spc.mean }}, process limits {{ ind.spc.lower }} to {{ ind.spc.upper }}."
)


def add_chart(document) -> None:
    """An indicator's one chart. Where its figures are read as a statistical process control chart, the XmR
    chart, which draws the figures and the target with the mean and limits, under what the reading says;
    otherwise the trend chart. Each is kept with "Return to Index"."""
    document.add_paragraph("{%p if ind.spc and ind.spc.enough %}")
    document.add_heading("Trend and Statistical Process Control", level=2)
    document.add_paragraph(SPC_READING).paragraph_format.keep_with_next = True
    document.add_paragraph("{{r ind.spc.chart|chart }}").paragraph_format.keep_with_next = True
    document.add_paragraph("{%p elif ind.chart %}")
    document.add_heading("Trend", level=2)
    document.add_paragraph("{{r ind.chart|chart }}").paragraph_format.keep_with_next = True
    document.add_paragraph("{%p endif %}")


def spc_cell(column: int) -> str:
    """A summary matrix cell: how many indicators, and a link to each."""
    return (f"{{{{ row.cells[{column}].count }}}}{{% for i in row.cells[{column}].indicators %}}, "
            f"{{{{r ('Indicator ' ~ i.number)|link_to(i.anchor) }}}}{{% endfor %}}")


def add_spc_summary(document) -> None:
    """The indicators read as SPC charts, by variation (rows) and assurance (columns), with links; then, said
    once, those with too few figures for a reading and those not read as their figures are rolling or cumulative."""
    summary = "spc_summary.any or spc_summary.too_few or spc_summary.not_read"
    document.add_paragraph(f"{{%p if {summary} %}}")
    document.add_heading("Statistical process control summary", level=2)
    document.add_paragraph("{%p if spc_summary.any %}")
    document.add_paragraph(
        "How the indicators with enough figures vary (rows) and whether they can be relied on to meet their "
        "targets (columns), read as statistical process control charts; each indicator's page explains its reading."
    )
    widths = [4.2, 3.2, 3.2, 3.2, 3.2]
    table = add_table(document, ["Variation", "Consistently passes", "Consistently fails", "Hit and miss", "No target"],
                      widths)
    add_loop_rows(
        table,
        "{%tr for row in spc_summary.rows if row.total %}",
        ["{{ row.symbol }} {{ row.variation }}", *(spc_cell(n) for n in range(4))],
        widths,
    )
    keep_table_together(table)
    document.add_paragraph("{%p endif %}")
    for field, words in SPC_LISTS:
        document.add_paragraph(f"{{%p if spc_summary.{field} %}}")
        document.add_paragraph(
            f"{words} {{% for i in spc_summary.{field} %}}{{{{r ('Indicator ' ~ i.number)|link_to(i.anchor) }}}}"
            f"{{% if not loop.last %}}, {{% endif %}}{{% endfor %}}. {{{{ spc_summary.{field}_reason }}}}"
        ).paragraph_format.space_before = Pt(6)
        document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endif %}")


SPC_LISTS = (
    ("too_few", "Too few figures for a reading:"),
    ("not_read", "Not read as SPC charts:"),
)


CHANGE_LISTS = (
    ("new", "New this period:"),
    ("no_current_figure", "No figure this period:"),
    ("unknown", "Previous rating not known (no figure in History for the period before):"),
)


def add_key(document) -> None:
    """The published report's Key: a table of its data items. The RAG Rating's row names the scheme's ratings,
    which follow under "RAG Rating" with how the gap to target is measured, the scheme's rules, and each
    rating in its colours with what it means, all written from the scheme."""
    heading = document.add_heading("Key", level=1)
    heading.paragraph_format.page_break_before = True
    widths = [5, 12]
    table = add_table(document, ["Data Item", "Explanation"], widths)
    for item, explanation in DATA_ITEMS:
        add_row(table, [item, explanation.format(**KEY_TAGS)], widths)
    document.add_heading(RAG_RATING, level=2)
    document.add_paragraph("{{ key.gap_note }}")
    document.add_paragraph("{%p for rule in key.rules %}")
    document.add_paragraph("{{ rule }}")
    document.add_paragraph("{%p endfor %}")
    widths = [4, 13]
    table = add_table(document, ["Rating", "Meaning"], widths)
    add_loop_rows(
        table,
        "{%tr for status in key.statuses %}",
        ["{% cellbg status.fill %}{{r status|badge }}", "{{ status.meaning }}"],
        widths,
    )
    keep_table_together(table)


def build() -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.6)  # the footer's two lines fit below
    set_styles(document)
    properties = document.core_properties
    properties.title = "{{ report.title }}: {{ report.committee }}, {{ report.period }} {{ report.financial_year }}"
    properties.author = "{{ report.team }}"
    properties.subject = "Performance report"
    properties.language = "en-GB"
    add_page_number_footer(section)

    # Cover, in the published order
    document.add_paragraph("Produced on: {{ report.produced_on }}")
    document.add_paragraph("{{ report.title }}", style="Title")
    document.add_paragraph("{{ report.period }}", style="Subtitle")
    document.add_paragraph("{{ report.financial_year }} financial year", style="Subtitle")
    document.add_paragraph("{{ report.committee }}", style="Subtitle")
    document.add_paragraph("{{ report.team }}")
    document.add_paragraph("{%p if report.organisation %}")
    document.add_paragraph("{{ report.organisation }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ report.contact }}")
    add_contents(document)
    add_key(document)

    # Index and status summary
    heading = document.add_heading("{{r 'Index'|bookmark('index') }}", level=1)
    heading.paragraph_format.page_break_before = True
    widths = [2.5, 8.5, 3.5, 2.5]
    table = add_table(document, ["Indicator", "Title", "Owner", "Status"], widths)
    add_loop_rows(
        table,
        "{%tr for ind in indicators %}",
        [
            "{{ ind.number }}",
            "{{r ind.title|link_to(ind.anchor) }}",
            "{{ ind.owner }}",
            "{% cellbg ind.rating.fill %}{{r ind.rating|badge }}",
        ],
        widths,
    )
    document.add_heading("Status summary", level=2)
    widths = [4, 2.2, 1.8, 9]
    table = add_table(document, ["Status", "Number", "%", "Indicators"], widths)
    add_loop_rows(
        table,
        "{%tr for row in summary.rows %}",
        ["{% cellbg row.fill %}{{r row|badge }}", "{{ row.count }}", "{{ row.percent }}", INDICATOR_LINKS],
        widths,
    )
    add_row(table, ["Total", "{{ summary.total }}", "{{ summary.total_percent }}", ""], widths)
    keep_table_together(table)

    # Changes since last period
    document.add_heading("Changes since last period", level=2)
    document.add_paragraph("{%p if changes.ratings %}")
    widths = [2.5, 8.5, 3, 3]
    table = add_table(document, ["Indicator", "Title", "Previous rating", "Rating"], widths)
    add_loop_rows(
        table,
        "{%tr for ind in changes.ratings %}",
        [
            "{{ ind.number }}",
            "{{r ind.title|link_to(ind.anchor) }}",
            "{% cellbg ind.previous_rating.fill %}{{r ind.previous_rating|badge }}",
            "{% cellbg ind.rating.fill %}{{r ind.rating|badge }}",
        ],
        widths,
    )
    document.add_paragraph("{%p else %}")
    document.add_paragraph("No indicator's rating has changed since last period.")
    document.add_paragraph("{%p endif %}")
    for field, words in CHANGE_LISTS:
        document.add_paragraph(f"{{%p if changes.{field} %}}")
        document.add_paragraph(words).paragraph_format.space_before = Pt(6)
        document.add_paragraph(f"{{%p for ind in changes.{field} %}}")
        document.add_paragraph("{{r ind.heading|link_to(ind.anchor) }}", style="List Bullet")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p endif %}")
    add_spc_summary(document)

    # One section per indicator, in the published order: figures, rating, description, commentary,
    # useful links, actions; then the trend chart
    document.add_paragraph("{%p for ind in indicators %}")
    heading = document.add_heading("{{r ind.heading|bookmark(ind.anchor) }}", level=1)
    heading.paragraph_format.page_break_before = True
    owner = document.add_paragraph("Owner: {{ ind.owner }}{% if ind.service %}. Service: {{ ind.service }}{% endif %}")
    owner.paragraph_format.keep_with_next = True
    add_figures_tables(document, FIGURES, FIGURE_VALUES, [2.6, 4, 3.4, 3.4, 3.6], [2.1, 2.9, 2.2, 2.2, 2.9, 2.7, 2.0])
    document.add_paragraph("{%p if ind.long_term != 'n/a' %}")
    document.add_paragraph(
        "Direction of travel: {{ ind.change }} against the previous figure; "
        "{{ ind.long_term }} against {{ ind.long_term_against }}, a year earlier."
    ).paragraph_format.space_before = Pt(4)
    document.add_paragraph("{%p endif %}")
    document.add_heading(RAG_RATING, level=2)
    add_badge(document, "ind.rating")
    document.add_paragraph("How this rating was reached: {{ ind.rating.explanation }}")
    add_parts(document, [
        ("Indicator Description", "ind.description", "{{ item }}", None),
        ("Commentary", "ind.commentary", "{{ item }}", None),
        ("Useful Links", "ind.links", "{{r item|hyperlink }}", None),
        ("Actions", "ind.actions", "{{ item }}", "ind.show_actions"),
    ])
    document.add_paragraph("{%p endfor %}")

    ship(COMMITTEE_TEMPLATE, document.save)


if __name__ == "__main__":
    build()
