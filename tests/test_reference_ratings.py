"""Every indicator of the reference report gets the rating and change the report published."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from perfreport.core.formatting import format_figure, format_target
from perfreport.core.problems import has_errors
from perfreport.rating import builtin_scheme, rate_all
from perfreport.workbook import read_workbook

# number: (words from the title, target, current, previous, rating, change), as published
PUBLISHED = {
    "182": ("Freedom of Information", "90.0%", "83.0%", "84.0%", "Amber", "Declining"),
    "183": ("Subject Access Requests", "90.0%", "77.0%", "83.0%", "Red", "Declining"),
    "184": ("Statutory returns completed on time", "100%", "100%", "100%", "Green", "Unchanged"),
    "185": ("feel valued", "65.0%", "59.0%", "n/a", "Amber", "n/a"),
    "186": ("first contact resolution", "80.0%", "83.74%", "82.75%", "Green", "Improving"),
    "187": ("resolved at first line", "95.0%", "86.3%", "90.0%", "Amber", "Declining"),
    "204": ("commercial investment", "6.0%", "6.38%", "6.28%", "Green", "Improving"),
    "212": ("Introduction to First Aid", "1,500", "854", "655", "Red", "Improving"),
    "213": ("mental health", "TBC", "9,154", "8,977", "Baseline", "Declining"),
    "214": ("Staff turnover", "TBC", "12.7%", "12.5%", "Baseline", "Declining"),
    "215": ("IT network", "99.0%", "100.00%", "100.00%", "Green", "Unchanged"),
    "216": ("five stars", "85.0%", "86.5%", "84.0%", "Green", "Improving"),
    "217": ("Website quality", "86.0%", "98.0%", "98.0%", "Blue", "Unchanged"),
    "218": ("Website accessibility", "92.0%", "95.0%", "95.0%", "Green", "Unchanged"),
}


@pytest.fixture(scope="module")
def rated():
    content = read_workbook(SAMPLE)
    assert not has_errors(content.problems), content.problems
    return {r.indicator.number: r for r in rate_all(content.indicators, builtin_scheme())}


def test_sample_holds_every_indicator_of_the_reference_report(rated):
    assert list(rated) == list(PUBLISHED)


@pytest.mark.parametrize("number", PUBLISHED)
def test_rating_change_and_figures_match_the_published_report(rated, number):
    words, target, current, previous, rating, change = PUBLISHED[number]
    indicator = rated[number].indicator
    assert words in indicator.title
    assert format_target(indicator) == target
    assert format_figure(indicator.current, indicator.unit) == current
    assert format_figure(indicator.previous, indicator.unit) == previous
    assert rated[number].rating.status.name == rating
    assert rated[number].change.value == change
