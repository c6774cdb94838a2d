"""Whatever validate accepts, generate writes or refuses with a problem: hundreds of workbooks with
cells changed to what owners, other programs and attackers put in them, driven through both."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from conftest import DETAILS, TEMPLATE, figure, indicator
from perfreport.core.model import ChartType, HistoryPoint, Unit
from perfreport.core.problems import ProblemsFound, has_errors
from perfreport.generate import generate_report
from perfreport.validate import validate
from perfreport.workbook import write_workbook

# What real and hostile workbooks hold: Excel's escapes (an emoji in halves, a lone half, an escaped
# escape, control characters), markup and template code, formulas, figures typed anyhow.
ODD_TEXT = [
    "_xD83D__xDE00_", "_xD800_", "_xDFFF_x", "_x005F_x000D_", "_x000D_", "_x0007_", "R&D < 5%", "<w:p>", "]]>",
    "{{ report.title }}", "{% for a in range(9) %}", "{_", "_}", "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "n/a", "NA",
    "None", "-", "TBC", "83%", "£19.3m", "1,500", "1 500", "3 stars", "−5", "01/03/2024", "Q2 2023/24", "Sep 2023",
    "2023/24", "Higher is better", "percent", "Column and line", "Stacked column", "Baseline", "Red", "text | https://e.x",
    "https://example.com", "mailto:a@b.c", "\u200b", "\ufeff", "e\u0301", "ﬁ", "\u202e", " ", "\n\n", "x" * 500,
]
VALUES = st.one_of(
    st.none(),
    st.sampled_from(ODD_TEXT),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(ODD_TEXT), st.sampled_from(ODD_TEXT)),
    st.integers(-10**16, 10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)
CHANGE = st.tuples(
    st.sampled_from(["Indicators", "History", "Report"]), st.integers(1, 27), st.integers(1, 9), VALUES,
    st.sampled_from(["General", "0%", "0.0%", "@", "#,##0", '"£"#,##0', "dd/mm/yyyy"]),
)


OUTCOMES: list[str] = []


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> bytes:
    """A small, clean workbook: three indicators of different units and charts, with History."""
    history = (HistoryPoint("Q1 2024/25", figure("80.0"), figure("90.0")), HistoryPoint("Q2 2024/25", figure("84.0")))
    path = tmp_path_factory.mktemp("base") / "owners.xlsx"
    write_workbook(path, DETAILS, [
        indicator("1", history=history, links=()),
        indicator("2", unit=Unit.NUMBER, current=figure("1500"), target=figure("1200"), previous=figure("1400"),
                  chart=ChartType.COLUMN_AND_LINE, second_series="Average", second_value=figure("1450"),
                  history=history),
        indicator("3", target=None, no_target_status="Baseline"),
    ])
    return path.read_bytes()


def mutated(base: bytes, changes, folder: Path) -> Path | None:
    """The base workbook with the cells changed; None where openpyxl itself refuses a value."""
    book = load_workbook(io.BytesIO(base))
    for sheet, column, row, value, number_format in changes:
        target = book[sheet].cell(row, column)
        try:
            target.value = value
        except (IllegalCharacterError, ValueError, TypeError):
            return None
        target.number_format = number_format
    path = folder / "fuzzed.xlsx"
    book.save(path)
    return path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(changes=st.lists(CHANGE, min_size=1, max_size=6))
def test_what_validate_accepts_generate_writes_or_refuses_with_a_problem(base, tmp_path, changes):
    path = mutated(base, changes, tmp_path)
    if path is None:
        return
    checked = validate([path])  # never raises: every fault is a problem
    OUTCOMES.append("refused by validate" if has_errors(checked.problems) else "generated")
    if has_errors(checked.problems):
        return
    output = tmp_path / "report.docx"
    try:
        generate_report([path], TEMPLATE, output=output)
    except ProblemsFound as refused:
        assert refused.problems and all(str(problem) for problem in refused.problems)
        return
    document = Document(output)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for item in checked.rated:
        assert f"Indicator {item.indicator.number}: {item.indicator.title}".strip() in [h.strip() for h in headings]



def test_most_fuzzed_workbooks_reach_generate():
    """The fuzzing above is worth something only if validate lets many of the changed workbooks through."""
    if len(OUTCOMES) < 100:
        pytest.skip("runs after the fuzz test")
    assert OUTCOMES.count("generated") >= len(OUTCOMES) // 4
