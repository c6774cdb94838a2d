"""Which committee receives each indicator, and the indicators split into one set per committee."""

from __future__ import annotations

from dataclasses import replace

from perfreport.core.model import Indicator, ReportDetails
from perfreport.rating import RatedIndicator


def committee_of(indicator: Indicator, details: ReportDetails) -> str:
    """The committee that receives the indicator: its own Committee, else the Report sheet's."""
    return indicator.committee or details.committee


def _same_name(committee: str) -> str:
    """A committee's name as compared: case and stray spaces ignored."""
    return " ".join(committee.split()).casefold()


def split_by_committee(
    details: ReportDetails, rated: list[RatedIndicator]
) -> list[tuple[ReportDetails, list[RatedIndicator]]]:
    """Each committee's report details and its indicators, in their order, both naming the committee.

    Names differing only in case or spacing are one committee, spelt as on the Report sheet
    where it is that one, else as first found. The Report sheet's committee comes first, then
    the others in alphabetical order."""
    spelling: dict[str, str] = {_same_name(details.committee): details.committee}
    groups: dict[str, list[RatedIndicator]] = {}
    for item in rated:
        name = committee_of(item.indicator, details)
        spelling.setdefault(_same_name(name), name)
        groups.setdefault(_same_name(name), []).append(item)
    home = _same_name(details.committee)
    order = sorted(groups, key=lambda key: (key != home, key))
    return [
        (
            replace(details, committee=spelling[key]),
            [replace(item, indicator=replace(item.indicator, committee=spelling[key])) for item in groups[key]],
        )
        for key in order
    ]
