"""The README documents every workbook column and every problem the tool can report."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from conftest import ROOT
from perfreport.cli.settings import REPORT_KEYS, load_settings
from perfreport.core.model import Direction
from perfreport.rating.scheme import parse_scheme
from perfreport.rating.spc import read_spc
from perfreport.workbook.schema import HISTORY_FIELDS, INDICATOR_FIELDS, REPORT_FIELDS
from test_schemes import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "src" / "perfreport").rglob("*.py"))
NOT_CODES = {"blue-green-amber-red", "new-workbook", "year-end"}


def problem_codes() -> set[str]:
    """Every problem code written in the source: hyphenated literals, "override", and empty-<field>."""
    codes = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', SOURCES)) - NOT_CODES
    assert '"override"' in SOURCES and 'f"empty-{spec.key}"' in SOURCES
    return codes | {"override"} | {f"empty-{f.key}" for f in INDICATOR_FIELDS if f.expected}


@pytest.mark.parametrize("spec", REPORT_FIELDS + INDICATOR_FIELDS + HISTORY_FIELDS, ids=lambda f: f.key)
def test_every_column_is_documented(spec):
    required = "yes" if spec.required else ""
    assert re.search(rf"^\| {re.escape(spec.header)} \| {required} ?\|", README, re.MULTILINE)


@pytest.mark.parametrize("code", sorted(problem_codes()))
def test_every_problem_is_documented(code):
    assert f"`{code}`" in README


def test_the_worked_scheme_example_is_the_one_the_tests_rate_with():
    example = next(block for block in re.findall(r"```toml\n(.*?)```", README, re.DOTALL) if "[[bands]]" in block)
    ours, tested = parse_scheme(example, "README"), parse_scheme(RULES, "tests")
    assert (ours.gap, ours.bands, ours.tolerance, ours.floor, ours.last_year) == (
        tested.gap, tested.bands, tested.tolerance, tested.floor, tested.last_year
    )


def test_the_settings_example_is_a_settings_file_perfreport_accepts(tmp_path):
    example = next(block for block in re.findall(r"```toml\n(.*?)```", README, re.DOTALL) if "[report]" in block)
    path = tmp_path / "perfreport.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path)
    assert settings.workbooks == (tmp_path / "returns",) and settings.scheme == "very-green-green-amber-red"
    assert set(settings.report) == set(REPORT_KEYS)


def test_the_worked_spc_example_is_what_perfreport_reads():
    section = README.split("## Statistical process control")[1].split("\n## ")[0]
    figures = re.search(r"^figures: (.*)$", section, re.MULTILINE).group(1).split()
    said = re.search(r"^reading: (.*)$", section, re.MULTILINE).group(1)
    reading = read_spc([(f"P{n}", Decimal(v)) for n, v in enumerate(figures)], Direction.HIGHER, Decimal("14"))
    assert reading.explanation == said
    latest = reading.points[-1]
    assert (round(latest.mean, 2), round(latest.lower, 2), round(latest.upper, 2)) == (
        Decimal("11.93"), Decimal("9.08"), Decimal("14.78"))
