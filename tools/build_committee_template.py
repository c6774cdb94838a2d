"""Build templates/committee-report.docx, the shipped committee report template.

Officers restyle the .docx itself in Word; this script records how the shipped file was
made, so that it can be rebuilt from scratch. Run: python tools/build_committee_template.py
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from shipping import ship

from perfreport.shipped import COMMITTEE_TEMPLATE

HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
CONTENTS = r'TOC \o "1-1" \h \z \u'  # Heading 1s only, as links, without page numbers on the web
CONTENTS_PLACEHOLDER = "The table of contents is filled in when the report is opened in Word or exported to PDF."
# A status summary row's indicators, each as "Indicator 183" linking to its page, separated by commas.
INDICATOR_LINKS = (
    "{% for i in row.indicators %}{{r ('Indicator ' ~ i.number)|link_to(i.anchor) }}"
    "{% if not loop.last %}, {% endif %}{% endfor %}"
)

DATA_ITEMS = [
    ("Target", "The target set for the indicator for the reporting period."),
    ("Current period", "The latest figure for the reporting period: the current month, quarter or year, or a forecast."),
    ("Previous period", "The figure reported for the period before."),
    ("Direction for Improvement", "Whether a higher or a lower figure is better."),
    ("Change in Performance", "Whether performance is improving, declining or unchanged, comparing the latest "
     "figure with the previous one and taking account of the direction for improvement."),
    ("Statistical Neighbours Mean", "Where given, the mean of comparable councils, for comparison."),
    ("England Mean", "Where given, the most recent national figure, for comparison."),
    ("RAG Rating", "How the current figure compares with the target; the ratings are explained below."),
    ("Indicator Description", "How the indicator is measured, following national definitions where there are any."),
    ("Commentary", "What lies behind the figures for the period."),
    ("Actions", "What is being done to improve performance; expected for every indicator rated {{ key.actions_for }}."),
    ("Useful Links", "Where to find related documents, data and definitions."),
]


def set_cell_text(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def mark_header_row(row) -> None:
    """Mark a table row as a header row that repeats at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_table_together(table) -> None:
    """Keep every row with the next, so that a short table is never split across pages."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


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


def add_row(table, texts: list[str], widths: list[float]) -> None:
    row = table.add_row()
    keep_row_together(row)
    cells = row.cells
    for cell, text, width in zip(cells, texts, widths):
        set_cell_text(cell, text)
        cell.width = Cm(width)


def add_loop_rows(table, start: str, texts: list[str], widths: list[float]) -> None:
    """A row repeated by docxtpl: a {%tr for %} row, the row itself, a {%tr endfor %} row."""
    add_row(table, [start] + [""] * (len(texts) - 1), widths)
    add_row(table, texts, widths)
    add_row(table, ["{%tr endfor %}"] + [""] * (len(texts) - 1), widths)


FOOTER = "{{ report.committee }}: {{ report.title }}, {{ report.period }} {{ report.financial_year }}. Page "


def add_page_number_footer(section, text: str = FOOTER) -> None:
    """A footer of ``text`` followed by the page number."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = text
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_styles(document) -> None:
    """Arial, British English, dark blue headings, and the "Hyperlink" character style."""
    for marker in document.styles.element.iter(qn("w:lang")):  # the document defaults'
        marker.set(qn("w:val"), "en-GB")
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 28), ("Subtitle", 16), ("Heading 1", 16), ("Heading 2", 13)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        drop_theme_fonts(style)
    document.styles["TOC Heading"].hidden = False
    links = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    links.font.color.rgb = LINK_COLOUR
    links.font.underline = True


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


CHANGE_LISTS = (
    ("new", "New this period:"),
    ("no_current_figure", "No figure this period:"),
    ("unknown", "Previous rating not known (no figure in History for the period before):"),
)


def build() -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    set_styles(document)
    properties = document.core_properties
    properties.title = "{{ report.title }}: {{ report.committee }}, {{ report.period }} {{ report.financial_year }}"
    properties.author = "{{ report.team }}"
    properties.subject = "Performance report"
    properties.language = "en-GB"
    add_page_number_footer(section)

    # Cover
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

    # Key
    heading = document.add_heading("Key", level=1)
    heading.paragraph_format.page_break_before = True
    widths = [5, 12]
    table = add_table(document, ["Data Item", "Explanation"], widths)
    for item, explanation in DATA_ITEMS:
        add_row(table, [item, explanation], widths)
    document.add_heading("RAG Rating", level=2)
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

    # One section per indicator
    document.add_paragraph("{%p for ind in indicators %}")
    heading = document.add_heading("{{r ind.heading|bookmark(ind.anchor) }}", level=1)
    heading.paragraph_format.page_break_before = True
    document.add_paragraph("Owner: {{ ind.owner }}{% if ind.service %}. Service: {{ ind.service }}{% endif %}")
    widths = [3.4] * 5
    table = add_table(
        document,
        ["Target", "Direction for Improvement", "{{ ind.current_label }}", "{{ ind.previous_label }}", "Change in Performance"],
        widths,
    )
    add_row(table, ["{{ ind.target }}", "{{ ind.direction }}", "{{ ind.current }}", "{{ ind.previous }}", "{{ ind.change }}"], widths)
    document.add_paragraph("{%p if ind.long_term != 'n/a' %}")
    document.add_paragraph(
        "Direction of travel: {{ ind.change }} against the previous figure; "
        "{{ ind.long_term }} against {{ ind.long_term_against }}, a year earlier."
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if ind.has_comparators %}")
    widths = [8.5, 8.5]
    table = add_table(document, ["Statistical Neighbours Mean", "England Mean"], widths)
    add_row(table, ["{{ ind.statistical_neighbours }}", "{{ ind.england }}"], widths)
    document.add_paragraph("{%p endif %}")
    document.add_heading("RAG Rating", level=2)
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width = table.rows[0].cells[0].width = Cm(5)
    set_cell_text(table.rows[0].cells[0], "{% cellbg ind.rating.fill %}{{r ind.rating|badge }}")
    document.add_paragraph("How this rating was reached: {{ ind.rating.explanation }}")
    for title, field in (("Indicator Description", "description"), ("Commentary", "commentary")):
        document.add_paragraph(f"{{%p if ind.{field} %}}")
        document.add_heading(title, level=2)
        document.add_paragraph(f"{{%p for paragraph in ind.{field} %}}")
        document.add_paragraph("{{ paragraph }}")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if ind.chart %}")
    document.add_heading("Trend", level=2)
    document.add_paragraph("{{r ind.chart|chart }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if ind.show_actions %}")
    document.add_heading("Actions", level=2)
    document.add_paragraph("{%p for paragraph in ind.actions %}")
    # The last paragraphs keep with "Return to Index", so that it never stands alone on a page.
    document.add_paragraph("{{ paragraph }}").paragraph_format.keep_with_next = True
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if ind.links %}")
    document.add_heading("Useful Links", level=2)
    document.add_paragraph("{%p for link in ind.links %}")
    document.add_paragraph("{{r link|hyperlink }}").paragraph_format.keep_with_next = True
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    back = document.add_paragraph("{{r 'Return to Index'|link_to('index') }}")
    back.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    back.paragraph_format.space_before = Pt(18)
    document.add_paragraph("{%p endfor %}")

    ship(COMMITTEE_TEMPLATE, document.save)


if __name__ == "__main__":
    build()
