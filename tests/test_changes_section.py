"""The committee report's "Changes since last period" section and each page's direction of travel."""

from __future__ import annotations

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import ROOT, TEMPLATE, figure, indicator
from docx_reading import blocks, fill, hyperlinks, rows, sections, table_with_header
from perfreport.core.model import HistoryPoint
from perfreport.generate import generate_report

HTML_TEMPLATE = ROOT / "templates" / "committee-report.html"

# The report covers Q3 2024/25 (conftest.DETAILS): the period before is Q2 2024/25, a year earlier Q3 2023/24.
WORKBOOK = [
    # Amber (84.0 against 90.0) last quarter, worked out; Red now.
    indicator("1", current=figure("75.0"), previous=figure("84.0"),
              history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)),
    # Green recorded in History (an override then), Amber now.
    indicator("2", history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0"), rating="Green"),)),
    # Amber then and now: not a change.
    indicator("3", history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)),
    # New: no History and no previous figure.
    indicator("4", previous=None),
    # No figure this period.
    indicator("5", current=None, no_target_status="In Development",
              history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),)),
    # History without the period before: the previous rating is not known.
    indicator("6", history=(HistoryPoint("Q3 2023/24", figure("80.0"), figure("90.0")),)),
    # Blue (96.0 against 90.0) last quarter from a target since raised; Green now.
    indicator("7", current=figure("96.0"), previous=figure("96.0"), target=figure("95.0"),
              history=(HistoryPoint("Q2 2024/25", figure("96.0"), figure("90.0")),)),
]


def test_changes_list_exactly_the_rating_changes_new_indicators_and_missing_figures(tmp_path, make_workbook):
    generated = generate_report([make_workbook(WORKBOOK)], TEMPLATE, output=tmp_path / "report.docx")
    document = Document(generated.output)
    table = table_with_header(document, "Indicator", "Title", "Previous rating", "Rating")
    assert rows(table)[1:] == [
        ["1", "Indicator title 1", "Amber", "Red"],
        ["2", "Indicator title 2", "Green", "Amber"],
        ["7", "Indicator title 7", "Blue", "Green"],
    ]
    assert [fill(row.cells[2]) for row in table.rows[1:]] == ["FFC000", "00B050", "0070C0"]
    assert [hyperlinks(row.cells[1].paragraphs[0])[0][1] for row in table.rows[1:]] == [
        "#indicator_1_1", "#indicator_2_2", "#indicator_7_7"
    ]
    after = _text_after(document, table)
    assert after == [
        "New this period:",
        "Indicator 4: Indicator title 4",
        "No figure this period:",
        "Indicator 5: Indicator title 5",
        "Previous rating not known (no figure in History for the period before):",
        "Indicator 6: Indicator title 6",
    ]


def test_no_changes_are_said_in_words(tmp_path, make_workbook):
    steady = indicator("1", history=(HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0")),))
    generated = generate_report([make_workbook([steady])], TEMPLATE, output=tmp_path / "report.docx")
    text = [p.text for p in Document(generated.output).paragraphs]
    start = text.index("Changes since last period")
    assert text[start + 1] == "No indicator's rating has changed since last period."
    assert not text[start + 2].startswith(("New this period", "No figure", "Previous rating"))


def test_direction_of_travel_shows_where_history_has_last_year(tmp_path, make_workbook):
    lower = indicator("1", direction="Lower is better", current=figure("12.0"), previous=figure("11.0"),
                      target=figure("10.0"), history=(HistoryPoint("Q3 2023/24", figure("14.0")),))
    without = indicator("2", history=(HistoryPoint("Q2 2024/25", figure("84.0")),))
    generated = generate_report([make_workbook([lower, without])], TEMPLATE, output=tmp_path / "report.docx")
    pages = sections(Document(generated.output))
    travel = [p.text for p in _paragraphs(pages["Indicator 1: Indicator title 1"]) if p.text.startswith("Direction of travel")]
    assert travel == ["Direction of travel: Declining against the previous figure; Improving against Q3 2023/24, "
                      "a year earlier."]
    assert not any(p.text.startswith("Direction of travel") for p in _paragraphs(pages["Indicator 2: Indicator title 2"]))


def _paragraphs(section: list[Paragraph | Table]) -> list[Paragraph]:
    return [block for block in section if isinstance(block, Paragraph)]


def _text_after(document, table: Table) -> list[str]:
    """The text of the paragraphs after ``table`` up to the next section: the SPC summary, or the first indicator."""
    found, seen = [], False
    for block in blocks(document):
        if isinstance(block, Table):
            seen = seen or block._tbl is table._tbl
        elif seen:
            if block.style.name == "Heading 1" or block.text == "Statistical process control summary":
                break
            if block.text:
                found.append(block.text)
    return found


def test_the_sample_report_lists_its_rating_changes(sample_document):
    table = table_with_header(sample_document, "Indicator", "Title", "Previous rating", "Rating")
    assert [(number, before, after) for number, _, before, after in rows(table)[1:]] == [
        ("183", "Amber", "Red"), ("204", "Amber", "Green"), ("216", "Amber", "Green")
    ]


def test_an_indicator_published_without_figures_is_not_new(tmp_path, make_workbook):
    """No figure now, none before and no History, its status the owner's: nothing new was reported."""
    by_hand = indicator("2", current=None, previous=None, rating_override="Green",
                        override_reason="Figures are published in May")
    in_development = indicator("3", current=None, previous=None, no_target_status="In Development")
    workbook = make_workbook([indicator("1", previous=None), by_hand, in_development])
    generated = generate_report([workbook], TEMPLATE, output=tmp_path / "report.docx", html=HTML_TEMPLATE)
    text = [p.text for p in Document(generated.output).paragraphs]
    start = text.index("Changes since last period")
    assert text[start + 1:start + 7] == [
        "No indicator's rating has changed since last period.",
        "New this period:",
        "Indicator 1: Indicator title 1",
        "No figure this period:",
        "Indicator 2: Indicator title 2",
        "Indicator 3: Indicator title 3",
    ]
    page = generated.html.read_text(encoding="utf-8")
    changes = page[page.index("Changes since last period"):page.index('id="indicator_1_1"')]
    new, no_figure = changes.index("New this period"), changes.index("No figure this period")
    assert changes.index("Indicator 1:") < no_figure < changes.index("Indicator 2:") < changes.index("Indicator 3:")
    assert new < changes.index("Indicator 1:")
    assert "Green: set by the owner (Figures are published in May); there is no figure for this period" in page
