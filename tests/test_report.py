"""The committee report generated from the sample, opened and read back."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import TEMPLATE, figure, indicator
from docx_reading import (
    blocks,
    bookmarks,
    fill,
    hyperlinks,
    rows,
    section_text,
    sections,
    table_with_header,
    text_colour,
    text_colour_of,
)
from perfreport.core.model import Link
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.rating.key import describe_band, describe_gap
from test_reference_ratings import PUBLISHED

SCHEME = builtin_scheme()
FILLS = {status.name: status.fill for status in SCHEME.statuses}
TEXT_COLOURS = {status.name: status.text for status in SCHEME.statuses}


def test_cover_carries_the_report_details(sample_document):
    opening = [block.text for block in blocks(sample_document)[:8]]
    assert opening == [
        "Produced on: 05 December 2023",
        "Performance Report",
        "Quarter 2",
        "2023/24 financial year",
        "Strategy and Resources Committee",
        "Governance & Performance",
        "Cambridgeshire County Council",
        "governanceandperformance@cambridgeshire.gov.uk",
    ]
    assert sample_document.core_properties.title == (
        "Performance Report: Strategy and Resources Committee, Quarter 2 2023/24"
    )
    assert sample_document.core_properties.author == "Governance & Performance"


def test_the_footer_gives_the_report_then_the_page_and_the_month_produced(sample_document):
    """The committee, title and period; under them the page of how many, then, in words of its own, the month
    produced ("December 2023", as published), so that it is not read as part of the page number."""
    footer = sample_document.sections[0].footer.paragraphs
    assert [p.text for p in footer] == [
        "Strategy and Resources Committee: Performance Report, Quarter 2 2023/24.",
        "Page  of . Produced December 2023.",
    ]
    assert [field.get(qn("w:instr")) for field in footer[1]._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def test_index_has_one_row_per_indicator_with_its_coloured_status(sample_document):
    table = table_with_header(sample_document, "Indicator", "Title", "Owner", "Status")
    body = table.rows[1:]
    assert [row.cells[0].text for row in body] == list(PUBLISHED)
    for row in body:
        words, *_, rating, _change = PUBLISHED[row.cells[0].text]
        assert words in row.cells[1].text
        assert row.cells[2].text
        assert row.cells[3].text == rating
        assert fill(row.cells[3]) == FILLS[rating]
        assert text_colour(row.cells[3]) == TEXT_COLOURS[rating]


def test_status_summary_counts_add_up(sample_document):
    table = table_with_header(sample_document, "Status", "Number", "%", "Indicators")
    *statuses, total = rows(table)[1:]
    counts = {name: int(count) for name, count, _, _ in statuses}
    published = [entry[4] for entry in PUBLISHED.values()]
    assert counts == {status.name: published.count(status.name) for status in SCHEME.statuses}
    assert sum(counts.values()) == len(PUBLISHED) == int(total[1])
    assert total == ["Total", "14", "100%", ""]
    green = ", ".join(f"Indicator {number}" for number in ("184", "186", "204", "215", "216", "218"))
    assert ["Green", "6", "43%", green] in statuses


# The published report's Key: its data items, in its order.
DATA_ITEMS = [
    "Target / Pro Rata Target", "Current Month / Current Period", "Previous Month / previous period",
    "Direction for Improvement", "Change in Performance", "Statistical Neighbours Mean", "England Mean", "RAG Rating",
    "Indicator Description", "Commentary", "Actions", "Useful Links",
]


def test_the_key_has_the_published_data_items_in_order(sample_document):
    key = table_with_header(sample_document, "Data Item", "Explanation")
    explained = {row.cells[0].text: row.cells[1].text for row in key.rows[1:]}
    assert list(explained) == DATA_ITEMS
    assert all(explanation.strip() for explanation in explained.values())
    assert explained["Actions"] == ("What is being done to address under-performance: expected for every indicator "
                                    "rated Red, and shown for any other whose owner gives them.")
    assert explained["Statistical Neighbours Mean"].startswith("Where given, for comparison")


def test_the_keys_rag_rating_names_the_schemes_ratings_explained_below_in_their_colours(sample_document):
    key = table_with_header(sample_document, "Data Item", "Explanation")
    [explanation] = [row.cells[1].text for row in key.rows if row.cells[0].text == "RAG Rating"]
    names = ", ".join(status.name for status in SCHEME.listed)
    assert explanation == f"How current performance compares with the target: {names}. Each is explained below, in its colours."
    texts = [p.text for p in sample_document.paragraphs]
    assert texts[texts.index("RAG Rating") + 1] == describe_gap(SCHEME)
    table = table_with_header(sample_document, "Rating", "Meaning")
    found = {row.cells[0].text: (row.cells[1].text, fill(row.cells[0])) for row in table.rows[1:]}
    assert found["Red"] == ("off target by more than 10%", "C00000")
    assert found["Blue"] == (describe_band(SCHEME.bands[-1]), "0070C0")
    assert list(found) == [status.name for status in SCHEME.listed]


def test_one_section_per_indicator_starting_on_a_new_page(sample_document):
    found = sections(sample_document)
    assert [heading.split(":")[0] for heading in found] == [f"Indicator {number}" for number in PUBLISHED]
    headings = [b for b in blocks(sample_document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"]
    assert [h.text for h in headings][:2] == ["Key", "Index"]
    assert len(headings) == 2 + len(PUBLISHED)
    assert all(h.paragraph_format.page_break_before for h in headings)


def _header_table(section) -> list[list[str]]:
    return rows(next(block for block in section if isinstance(block, Table)))


def paragraph_fill(paragraph: Paragraph) -> str | None:
    """The colour a paragraph is shaded with (w:pPr/w:shd), if any."""
    shading = paragraph._p.pPr.find(qn("w:shd")) if paragraph._p.pPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else None


def badge(section) -> Paragraph:
    """The paragraph after a section's "RAG Rating" heading: its rating."""
    texts = [b.text if isinstance(b, Paragraph) else None for b in section]
    return section[texts.index("RAG Rating") + 1]


def test_each_section_carries_its_figures_rating_and_change(sample_document):
    for heading, section in sections(sample_document).items():
        number = heading.split(":")[0].removeprefix("Indicator ")
        _words, target, current, previous, rating, change = PUBLISHED[number]
        header, values = _header_table(section)
        assert header[0] == "Target" and header[4] == "Change in Performance"
        assert values[0] == target and values[2] == current and values[3] == previous and values[4] == change
        assert badge(section).text == rating
        assert f"How this rating was reached: {rating}:" in section_text(section)


def test_the_rating_is_a_shaded_paragraph_in_words_not_a_layout_table(sample_document):
    for section in sections(sample_document).values():
        assert [len(rows(b)) for b in section if isinstance(b, Table)] == [2]  # the figures table alone
        rating = badge(section)
        [run] = [run for run in rating.runs if run.text]
        status = rating.text
        assert (paragraph_fill(rating), text_colour_of(run), run.bold) == (FILLS[status], TEXT_COLOURS[status], True)
        assert rating.paragraph_format.keep_with_next
        assert rating.paragraph_format.right_indent > 0  # a band, not the width of the page


def test_labels_follow_each_indicators_period_type(sample_document):
    found = sections(sample_document)
    labels = {heading.split(":")[0]: _header_table(section)[0][2:4] for heading, section in found.items()}
    assert labels["Indicator 182"] == ["Current Quarter", "Previous Quarter"]
    assert labels["Indicator 186"] == ["Current Month", "Previous Month"]
    assert labels["Indicator 185"] == ["Current Year", "Previous Year"]
    assert labels["Indicator 204"] == ["2023-24 Forecast", "Previous Quarter"]


def test_sections_follow_the_published_order_with_one_chart_last(sample_document):
    """Description, Commentary, Useful Links, Actions as published; then one chart: the XmR chart under "Trend
    and Statistical Process Control" where the figures have an SPC reading, else the trend chart."""
    for heading, section in sections(sample_document).items():
        parts = [b.text for b in section if isinstance(b, Paragraph) and b.style.name == "Heading 2"]
        order = ("Indicator Description", "Commentary", "Useful Links", "Actions")
        shown = [p for p in order if p in parts]
        assert parts[:-1] == ["RAG Rating", *shown], heading
        assert parts[-1] in ("Trend", "Trend and Statistical Process Control"), heading
    chosen = {heading.split(":")[0]: [b.text for b in section if isinstance(b, Paragraph) and b.style.name == "Heading 2"]
              for heading, section in sections(sample_document).items()}
    assert chosen["Indicator 183"] == ["RAG Rating", "Indicator Description", "Commentary", "Useful Links", "Actions",
                                       "Trend"]  # year to date figures: not read as an SPC chart
    assert chosen["Indicator 182"][-1] == "Trend and Statistical Process Control"
    assert not any("Statistical Process Control" in text for section in sections(sample_document).values()
                   for text in (b.text for b in section if isinstance(b, Paragraph)) if text.startswith("No variation"))


def test_the_last_words_keep_with_the_chart_and_the_chart_with_return_to_index(sample_document):
    """The last paragraph of words keeps with the chart's heading, the chart (and the SPC reading) with "Return to
    Index", so that a page never holds only the chart or the link; the other paragraphs of the parts do not, so
    that a page breaks between them, not before a chain of them."""
    for heading, section in sections(sample_document).items():
        paragraphs = [b for b in section if isinstance(b, Paragraph)]
        texts = [p.text for p in paragraphs]
        back = texts.index("Return to Index")
        chart = next(n for n, p in enumerate(paragraphs) if p.text.startswith("Trend") and p.style.name == "Heading 2")
        assert all(p.paragraph_format.keep_with_next for p in paragraphs[chart + 1:back]), heading
        assert paragraphs[chart - 1].paragraph_format.keep_with_next, heading
        start = texts.index("Indicator Description") + 1
        kept = [p.text for p in paragraphs[start:chart - 1]
                if p.paragraph_format.keep_with_next and not p.style.name.startswith("Heading")]
        assert kept == [], heading


def test_without_a_chart_the_last_paragraph_of_the_last_part_keeps_with_return_to_index(make_workbook, tmp_path):
    links = (Link("Guidance on the measure", "https://www.gov.uk/guidance"),)
    path = make_workbook([indicator("1", current=figure("50.0"), actions="First step.\n\nSecond step.", links=links),
                          indicator("2", description="How it is measured.")])
    document = Document(generate_report([path], TEMPLATE, builtin_scheme(), tmp_path / "report.docx").output)
    kept = [
        [(p.text, p.paragraph_format.keep_with_next) for p in section if isinstance(p, Paragraph)][-5:]
        for section in sections(document).values()
    ]
    assert kept == [  # (a heading keeps with the paragraph after it by its style)
        [("Guidance on the measure", None), ("Actions", None), ("First step.", None), ("Second step.", True),
         ("Return to Index", None)],
        [("Indicator Description", None), ("How it is measured.", None), ("Commentary", None), ("Commentary.", True),
         ("Return to Index", None)],
    ]


def test_comparators_are_columns_of_the_figures_table_where_given(make_workbook, tmp_path):
    compared = indicator("1", statistical_neighbours=figure("86.5"), england=figure("87.25"))
    england_only = indicator("2", england=figure("80.0"))
    path = make_workbook([compared, england_only, indicator("3")])
    document = Document(generate_report([path], TEMPLATE, builtin_scheme(), tmp_path / "report.docx").output)
    tables = [_header_table(section) for section in sections(document).values()]
    columns = ["Target", "Direction for Improvement", "Current Quarter", "Previous Quarter", "Change in Performance"]
    assert tables[0] == [
        [*columns, "Statistical Neighbours Mean", "England Mean"],
        ["90.0%", "↑ Higher is better", "83.0%", "84.0%", "Declining", "86.5%", "87.25%"],
    ]
    assert tables[1][0][5:] == ["Statistical Neighbours Mean", "England Mean"] and tables[1][1][5:] == ["n/a", "80.0%"]
    assert tables[2] == [columns, ["90.0%", "↑ Higher is better", "83.0%", "84.0%", "Declining"]]
    assert all(len([b for b in s if isinstance(b, Table)]) == 1 for s in sections(document).values())
    assert "Statistical Neighbours Mean" not in section_text(list(sections(document).values())[2])


def test_actions_appear_for_red_indicators_and_where_owners_gave_them(sample_document):
    for heading, section in sections(sample_document).items():
        number = heading.split(":")[0].removeprefix("Indicator ")
        has_actions = any(isinstance(b, Paragraph) and b.text == "Actions" for b in section)
        assert has_actions == (number in {"183", "204", "212"}), heading


def test_useful_links_are_clickable(sample_document):
    found = sections(sample_document)
    foi = next(section for heading, section in found.items() if heading.startswith("Indicator 182"))
    links = [link for block in foi if isinstance(block, Paragraph) for link in hyperlinks(block)]
    assert links == [
        ("Information Commissioner's Office: guidance for the public", "https://ico.org.uk/for-the-public/"),
        ("Freedom of Information Act 2000", "https://www.legislation.gov.uk/ukpga/2000/36/contents"),
        ("Return to Index", "#index"),
    ]


def test_index_links_to_each_section_and_each_section_back(sample_document):
    headings = [b for b in blocks(sample_document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"]
    marks = {mark: heading.text for heading in headings for mark in bookmarks(heading)}
    assert marks["index"] == "Index"
    index = table_with_header(sample_document, "Indicator", "Title", "Owner", "Status")
    for row in index.rows[1:]:
        [(text, address)] = hyperlinks(row.cells[1].paragraphs[0])
        assert marks[address.removeprefix("#")] == f"Indicator {row.cells[0].text}: {text}"
    for section in sections(sample_document).values():
        last = [b for b in section if isinstance(b, Paragraph)][-1]
        assert hyperlinks(last) == [("Return to Index", "#index")]


def test_commentary_paragraphs_are_kept(sample_document):
    foi = next(section for heading, section in sections(sample_document).items() if heading.startswith("Indicator 182"))
    texts = [b.text for b in foi if isinstance(b, Paragraph)]
    start = texts.index("Commentary")
    assert texts[start + 1].startswith("Performance held close to last year's level")
    assert texts[start + 2].startswith("Two members of the team left")


def test_a_red_indicator_without_actions_shows_no_placeholder_to_the_committee(make_workbook, tmp_path):
    path = make_workbook([indicator("1", current=figure("50.0")), indicator("2", current=figure("50.0"),
                                                                          actions="Recovery plan agreed.")])
    generated = generate_report([path], TEMPLATE, builtin_scheme(), tmp_path / "report.docx")
    assert [p.code for p in generated.problems if p.code == "missing-actions"] == ["missing-actions"]
    first, second = (section_text(s) for s in sections(Document(generated.output)).values())
    assert "Red" in first and "Actions" not in first and "No actions" not in first
    assert "Actions\nRecovery plan agreed." in second


def test_the_spc_summary_counts_readings_and_names_the_rest_once(sample_document):
    """The matrix holds only indicators with a reading (182, 186, 216); those with too few figures, 212 with its
    target of 1,500 among them, and those whose figures are rolling or cumulative, are each named once below it,
    and no indicator's page says it has no reading."""
    table = table_with_header(sample_document, "Variation", "Consistently passes", "Consistently fails",
                              "Hit and miss", "No target")
    cells = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert cells == [["○ Common cause", "1, Indicator 186", "0", "1, Indicator 216", "0"],
                     ["▼ Special cause, concerning low", "0", "1, Indicator 182", "0", "0"]]
    texts = [p.text for p in sample_document.paragraphs]
    too_few = next(t for t in texts if t.startswith("Too few figures for a reading:"))
    assert "Indicator 212" in too_few and "Indicator 183" not in too_few and "at least 15 figures" in too_few
    not_read = next(t for t in texts if t.startswith("Not read as SPC charts:"))
    assert not_read.startswith("Not read as SPC charts: Indicator 183, Indicator 213, Indicator 214. ")
    assert not any(t.startswith("No variation or assurance") for t in texts)
