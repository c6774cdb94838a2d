"""What changed between two versions of the returns (or two quarters): indicators added and removed, and
every figure, word and rating that differs, so that a late edit is seen before the report goes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfreport.core.formatting import format_date, format_figure, format_target
from perfreport.core.model import Indicator, number_order
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.rating import RatedIndicator, Scheme
from perfreport.validate import Validation, validate
from perfreport.workbook.schema import INDICATOR_FIELDS, Field, Kind

COMPARED = [spec for spec in INDICATOR_FIELDS if spec.key != "number"]
# Errors after which a sheet's rows are not read: its columns cannot be found, or it is beyond Excel's limits.
STOPS_READING = frozenset({"missing-headers", "missing-column", "duplicate-column", "too-large"})


@dataclass(frozen=True)
class Change:
    """One field of one indicator, as it was and as it is, both as the report would show them."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class IndicatorChanges:
    number: str
    title: str
    changes: tuple[Change, ...]


@dataclass
class Differences:
    """Indicators added and removed (number and title), those changed, and the problems of reading either side."""

    added: list[tuple[str, str]]
    removed: list[tuple[str, str]]
    changed: list[IndicatorChanges]
    unreadable: list[tuple[str, str]]  # on both sides, but with errors on one, so not compared
    problems: list[Problem]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.unreadable)


def compare(old: list[Path], new: list[Path], scheme: Scheme | None = None) -> Differences:
    """Compare the workbooks (files or folders) ``old`` and ``new``, each rated under ``scheme`` (else
    the scheme its Report sheet names). An indicator on both sides whose row has errors on either is
    listed as unreadable, with the errors of both sides. Raises ProblemsFound, comparing nothing, where
    either side cannot be read: a file or folder not there or not a workbook, or a sheet whose rows
    cannot be read, as every indicator in it would seem added or removed."""
    unasked = {"produced_on": date.today()}  # the team's to give when it reports: not compared
    before, after = validate(old, scheme, unasked), validate(new, scheme, unasked)
    if stopped := stopped_reading(before) + stopped_reading(after):
        raise ProblemsFound(stopped)
    was = {item.indicator.number: item for item in before.rated}
    now = {item.indicator.number: item for item in after.rated}
    listed_before = {row.number: row.title for row in before.content.rows}
    listed_after = {row.number: row.title for row in after.content.rows}
    problems = [p for p in before.problems + after.problems if p.severity is Severity.ERROR]
    added = [(n, listed_after[n]) for n in sorted(listed_after.keys() - listed_before.keys(), key=number_order)]
    removed = [(n, listed_before[n]) for n in sorted(listed_before.keys() - listed_after.keys(), key=number_order)]
    both = listed_before.keys() & listed_after.keys()
    unreadable = [(n, listed_after[n]) for n in sorted(both - (was.keys() & now.keys()), key=number_order)]
    changed = []
    for number in sorted(was.keys() & now.keys(), key=number_order):
        if found := _changes(was[number], now[number]):
            changed.append(IndicatorChanges(number, now[number].indicator.title, tuple(found)))
    return Differences(added, removed, changed, unreadable, problems)


def stopped_reading(checked: Validation) -> list[Problem]:
    """The errors that stopped a side being read: of a whole file (named, not there, not a workbook, lacking a
    standard sheet), or of a sheet whose rows could not be read."""
    return [p for p in checked.problems
            if p.severity is Severity.ERROR and p.file and (not p.sheet or p.code in STOPS_READING)]


def _changes(old: RatedIndicator, new: RatedIndicator) -> list[Change]:
    found = []
    for spec in COMPARED:
        before, after = _shown(old.indicator, spec), _shown(new.indicator, spec)
        if before != after:
            found.append(Change(spec.header, before, after))
    history_before, history_after = _history(old.indicator), _history(new.indicator)
    for period in dict.fromkeys([*history_before, *history_after]):
        before, after = history_before.get(period, "none"), history_after.get(period, "none")
        if before != after:
            found.append(Change(f"History {period}", before, after))
    if old.rating.status.name != new.rating.status.name:
        found.append(Change("Rating", old.rating.status.name, new.rating.status.name))
    return found


def _shown(indicator: Indicator, spec: Field) -> str:
    """A field as the report shows it: figures in the indicator's unit, dates and choices in words."""
    value = getattr(indicator, spec.key)
    if spec.kind is Kind.TARGET:
        return format_target(indicator)
    if spec.kind is Kind.FIGURE:
        return format_figure(value, indicator.unit)
    if spec.kind is Kind.LINKS:
        return "\n".join(f"{link.text} | {link.url}" for link in value)
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(getattr(value, "value", value))


def _history(indicator: Indicator) -> dict[str, str]:
    """Each History period's figures, in words: "83.0% (target 90.0%)"."""
    shown = {}
    for point in indicator.history:
        target = f" (target {format_figure(point.target, indicator.unit)})" if point.target else ""
        shown[point.period] = format_figure(point.value, indicator.unit) + target
    return shown
