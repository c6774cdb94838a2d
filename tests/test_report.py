"""The committee report generated from the sample, opened and read back."""

from __future__ import annotations

from docx import Document
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
)
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.rating.key import describe_band
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
    footer = sample_document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Strategy and Resources Committee: Performance Report, Quarter 2 2023/24")


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


def test_key_lists_the_bands_of_the_scheme_with_their_colours(sample_document):
    table = table_with_header(sample_document, "Rating", "Meaning")
    found = {row.cells[0].text: (row.cells[1].text, fill(row.cells[0])) for row in table.rows[1:]}
    assert found["Red"] == ("off target by more than 10%", "C00000")
    assert found["Blue"] == (describe_band(SCHEME.bands[-1]), "0070C0")
    assert list(found) == [status.name for status in SCHEME.statuses]
    data_items = rows(table_with_header(sample_document, "Data Item", "Explanation"))
    assert ["Actions", "What is being done to improve performance; expected for every indicator rated Red."] in data_items


def test_one_section_per_indicator_starting_on_a_new_page(sample_document):
    found = sections(sample_document)
    assert [heading.split(":")[0] for heading in found] == [f"Indicator {number}" for number in PUBLISHED]
    headings = [b for b in blocks(sample_document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"]
    assert [h.text for h in headings][:2] == ["Key", "Index"]
    assert len(headings) == 2 + len(PUBLISHED)
    assert all(h.paragraph_format.page_break_before for h in headings)


def _header_table(section) -> list[list[str]]:
    return rows(next(block for block in section if isinstance(block, Table)))


def test_each_section_carries_its_figures_rating_and_change(sample_document):
    for heading, section in sections(sample_document).items():
        number = heading.split(":")[0].removeprefix("Indicator ")
        _words, target, current, previous, rating, change = PUBLISHED[number]
        header, values = _header_table(section)
        assert header[0] == "Target" and header[4] == "Change in Performance"
        assert values[0] == target and values[2] == current and values[3] == previous and values[4] == change
        rating_cell = [b for b in section if isinstance(b, Table)][1].rows[0].cells[0]
        assert (rating_cell.text, fill(rating_cell)) == (rating, FILLS[rating])
        assert f"How this rating was reached: {rating}:" in section_text(section)


def test_labels_follow_each_indicators_period_type(sample_document):
    found = sections(sample_document)
    labels = {heading.split(":")[0]: _header_table(section)[0][2:4] for heading, section in found.items()}
    assert labels["Indicator 182"] == ["Current Quarter", "Previous Quarter"]
    assert labels["Indicator 186"] == ["Current Month", "Previous Month"]
    assert labels["Indicator 185"] == ["Current Year", "Previous Year"]
    assert labels["Indicator 204"] == ["2023-24 Forecast", "Previous Quarter"]


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
