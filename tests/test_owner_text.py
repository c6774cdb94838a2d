"""Every character an owner typed reaches the report intact."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from conftest import DETAILS, TEMPLATE, indicator
from docx_reading import hyperlinks, rows, sections, table_with_header
from perfreport.core.model import Link
from perfreport.generate import generate_report
from perfreport.rating import builtin_scheme
from perfreport.workbook import write_workbook

AWKWARD = 'R&D < 5% & "rising" {{ not a tag }} {% neither %}'
COMMENTARY = f"{AWKWARD}\nSecond line, after Alt+Enter\n\nA new paragraph with {{_{{ and }}_}} and {{#}} 'quotes'"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("awkward")
    details = replace(DETAILS, committee="Audit & <Standards> Committee", title=f"Report on {AWKWARD}")
    subject = indicator(
        "7",
        title=AWKWARD,
        owner="Head of R&D",
        commentary=COMMENTARY,
        description="Tab\tseparated & more",
        links=(Link("Terms & conditions <2024>", "https://example.org/?a=1&b=2"),),
    )
    workbook = folder / "owners.xlsx"
    write_workbook(workbook, details, [subject])
    result = generate_report([workbook], TEMPLATE, builtin_scheme(), folder / "report.docx")
    return Document(result.output)


def _paragraphs_after(section, heading: str) -> list[str]:
    """The text of the paragraphs under a subheading, up to the next subheading."""
    paragraphs = [b for b in section if isinstance(b, Paragraph)]
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading) + 1
    following = []
    for paragraph in paragraphs[start:]:
        if paragraph.style.name.startswith("Heading"):
            break
        following.append(paragraph.text)
    return following


def test_commentary_arrives_exactly_with_its_line_breaks(report):
    [section] = sections(report).values()
    assert "\n\n".join(_paragraphs_after(section, "Commentary")) == COMMENTARY


def test_title_in_heading_and_index(report):
    assert list(sections(report)) == [f"Indicator 7: {AWKWARD}"]
    index = rows(table_with_header(report, "Indicator", "Title", "Owner", "Status"))
    assert index[1][:3] == ["7", AWKWARD, "Head of R&D"]


def test_footer_and_document_properties(report):
    assert report.sections[0].footer.paragraphs[0].text.startswith(f"Audit & <Standards> Committee: Report on {AWKWARD}")
    assert report.core_properties.title.startswith(f"Report on {AWKWARD}: Audit & <Standards> Committee")


def test_tabs_and_link_text(report):
    [section] = sections(report).values()
    assert _paragraphs_after(section, "Indicator Description") == ["Tab\tseparated & more"]
    links = [link for b in section if isinstance(b, Paragraph) for link in hyperlinks(b)]
    assert links == [("Terms & conditions <2024>", "https://example.org/?a=1&b=2"), ("Return to Index", "#index")]
