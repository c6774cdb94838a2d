"""Shared fixtures: the sample workbook, a report generated from it, and workbook builders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from perfreport.core.model import Direction, Figure, Indicator, PeriodType, ReportDetails, Unit
from perfreport.generate import Generated, generate_report
from perfreport.rating import builtin_scheme
from perfreport.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "performance-report-2023-24-q2.xlsx"
TEMPLATE = ROOT / "templates" / "committee-report.docx"

DETAILS = ReportDetails(
    title="Performance Report",
    committee="Test Committee",
    period="Quarter 3",
    financial_year="2024/25",
    produced_on=date(2025, 1, 15),
    team="Performance Team",
    contact="performance@example.gov.uk",
)


def figure(text: str) -> Figure:
    value = Decimal(text)
    return Figure(value, max(0, -value.as_tuple().exponent))


def indicator(number: str = "1", **changes) -> Indicator:
    """A plain percentage indicator, with any field changed."""
    base = Indicator(
        number=number,
        title=f"Indicator title {number}",
        owner="Head of Service",
        unit=Unit.PERCENT,
        period_type=PeriodType.QUARTER,
        direction=Direction.HIGHER,
        current=figure("83.0"),
        target=figure("90.0"),
        previous=figure("84.0"),
        commentary="Commentary.",
    )
    return replace(base, **changes)


@pytest.fixture
def make_workbook(tmp_path):
    """Write a standard workbook holding the given indicators; returns its path."""

    def make(indicators: list[Indicator], details: ReportDetails = DETAILS, name: str = "owners.xlsx") -> Path:
        path = tmp_path / name
        write_workbook(path, details, indicators)
        return path

    return make


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Generated:
    output = tmp_path_factory.mktemp("report") / "report.docx"
    return generate_report([SAMPLE], TEMPLATE, builtin_scheme(), output)


@pytest.fixture(scope="session")
def sample_document(sample_report):
    return Document(sample_report.output)
