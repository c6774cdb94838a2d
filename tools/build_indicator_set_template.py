"""Build templates/indicator-set.docx, the shipped template in the style of the council's older indicator set.

It is meant for the Very Green/Green/Amber/Red scheme, which lists its ratings best first:
ratings are shown by their short labels (VG, G, A, R, N/A), direction and change in performance by arrows with
their words ("↓ Lower is better", "↑ Improving"). It reuses the helpers of
build_committee_template.py. Run: python tools/build_indicator_set_template.py
"""

from __future__ import annotations

from build_committee_template import (
    INDICATOR_LINKS,
    RAG_RATING,
    add_contents,
    add_figures_tables,
    add_loop_rows,
    add_page_number_footer,
    add_parts,
    add_row,
    add_spc_summary,
    add_table,
    keep_table_together,
    set_styles,
)
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from shipping import ship

from perfreport.shipped import INDICATOR_SET_TEMPLATE

TITLE = "{% if report.services %}{{ report.services }} - {% endif %}Indicator Set {{ report.financial_year }}"
FIGURES = ["{{ ind.target_label }}", "{{ ind.current_label }}", "{{ ind.previous_label }}", "Direction for Improvement",
           "Change in Performance"]
# Each arrow with its words, as a screen reader says "downwards arrow" and ↑ may mean a figure that fell;
# n/a once, not "n/a n/a".
CHANGE = "{% if ind.change != 'n/a' %}{{ ind.change_arrow }} {% endif %}{{ ind.change }}"
FIGURE_VALUES = ["{{ ind.target }}", "{{ ind.current }}", "{{ ind.previous }}", "{{ ind.direction }}", CHANGE]


def short_badge(status: str) -> str:
    """A rating's short label (VG, G, A, R, N/A), bold in its text colour."""
    return f"{{{{r {status}|badge(short=True) }}}}"


def centre_columns(table, columns: list[int]) -> None:
    for row in table.rows:
        for index in columns:
            for paragraph in row.cells[index].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_text_style(document, name: str, size: float, space_after: float | None = None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    if space_after is not None:
        style.paragraph_format.space_after = Pt(space_after)
    return style


def build() -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    set_styles(document)
    document.styles["Title"].font.size = Pt(24)
    details = add_text_style(document, "Details", 12, space_after=2)  # the cover's details and the owner line
    # Tables (the index, the figures) are in the Table Text style, 11 pt, as set_styles makes it.
    properties = document.core_properties
    properties.title = f"{TITLE}, {{{{ report.period }}}}"
    properties.author = "{{ report.team }}"
    properties.subject = "Indicator set"
    properties.language = "en-GB"
    add_page_number_footer(section, f"{TITLE}, {{{{ report.period }}}}.")

    # Title and report details
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph("{{ report.period }} {{ report.financial_year }}", style="Subtitle")
    document.add_paragraph("Produced on: {{ report.produced_on }}", style=details)
    document.add_paragraph(
        "Produced by: {{ report.team }}{% if report.organisation %}, {{ report.organisation }}{% endif %}",
        style=details,
    )
    document.add_paragraph("Contact: {{ report.contact }}", style=details)
    add_contents(document)

    # Key
    heading = document.add_heading("Key", level=1)
    heading.paragraph_format.page_break_before = True
    widths = [3, 14]
    table = add_table(document, ["Rating", "Meaning"], widths)
    add_loop_rows(
        table,
        "{%tr for s in key.statuses %}",
        [f"{{% cellbg s.fill %}}{short_badge('s')}", "{{ s.name }}: {{ s.meaning }}"],
        widths,
    )
    centre_columns(table, [0])
    keep_table_together(table)
    note = document.add_paragraph("{{ key.gap_note }}")
    note.paragraph_format.space_before = Pt(6)
    document.add_paragraph("{%p for rule in key.rules %}")
    document.add_paragraph("{{ rule }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph(
        "Direction for Improvement: ↑ Higher is better, ↓ Lower is better. "
        "Change in Performance: ↑ Improving, ↓ Declining or ↔ Unchanged since the previous figure, following the "
        "direction for improvement (where lower is better, a fall is ↑ Improving); "
        "n/a where there is no previous figure to compare."
    )

    # Index and status summary
    heading = document.add_heading("{{r 'Index'|bookmark('index') }}", level=1)
    heading.paragraph_format.page_break_before = True
    widths = [2.1, 8.9, 3.9, 2.1]
    table = add_table(document, ["Indicator", "Measure", "Owner", "Current status"], widths)
    add_loop_rows(
        table,
        "{%tr for ind in indicators %}",
        [
            "{{ ind.number }}",
            "{{r ind.title|link_to(ind.anchor) }}",
            "{{ ind.owner }}",
            f"{{% cellbg ind.rating.fill %}}{short_badge('ind.rating')}",
        ],
        widths,
    )
    centre_columns(table, [3])
    document.add_heading("Status Summary", level=2)
    widths = [3.6, 2, 1.6, 9.8]
    table = add_table(document, ["Indicator Status", "Number", "%", "Indicators"], widths)
    add_loop_rows(
        table,
        "{%tr for row in summary.rows %}",
        ["{% cellbg row.fill %}{{r row|badge }}", "{{ row.count }}", "{{ row.percent }}", INDICATOR_LINKS],
        widths,
    )
    add_row(table, ["Total", "{{ summary.total }}", "{{ summary.total_percent }}", ""], widths)
    for cell in table.rows[-1].cells[:3]:
        cell.paragraphs[0].runs[-1].bold = True
    centre_columns(table, [1, 2])
    keep_table_together(table)
    add_spc_summary(document)

    # One section per indicator, each on a new page
    document.add_paragraph("{%p for ind in indicators %}")
    heading = document.add_heading("{{r ind.heading|bookmark(ind.anchor) }}", level=1)
    heading.paragraph_format.page_break_before = True
    owner = document.add_paragraph(
        "Owner: {{ ind.owner }}{% if ind.service %}. Service: {{ ind.service }}{% endif %}", style=details
    )
    owner.paragraph_format.space_after = Pt(6)
    owner.paragraph_format.keep_with_next = True
    for table in add_figures_tables(document, FIGURES, FIGURE_VALUES, [3.4] * 5, [2.2, 2.2, 2.2, 2.9, 2.9, 2.6, 2.0]):
        centre_columns(table, list(range(len(table.columns))))
    document.add_heading(RAG_RATING, level=2)
    widths = [3, 14]
    table = add_table(document, ["Rating", "How this rating was reached"], widths)
    add_row(table, [f"{{% cellbg ind.rating.fill %}}{short_badge('ind.rating')}", "{{ ind.rating.explanation }}"], widths)
    centre_columns(table, [0])
    keep_table_together(table)
    add_parts(document, [
        ("Indicator Description", "ind.description", "{{ item }}", None),
        ("Useful Links", "ind.links", "{{r item|hyperlink }}", None),
        ("Commentary", "ind.commentary", "{{ item }}", None),
        ("Actions", "ind.actions", "{{ item }}", "ind.show_actions"),
    ])
    document.add_paragraph("{%p endfor %}")

    for table in document.tables:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ship(INDICATOR_SET_TEMPLATE, document.save)


if __name__ == "__main__":
    build()
