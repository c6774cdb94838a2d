"""Filling owners' workbooks with comparators from national data: for each indicator that names a Benchmark
metric, the statistical neighbours' mean and the England figure for its current period and each History
period, written into a copy of the workbook. The owner's workbook is only read."""

from __future__ import annotations

import difflib
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from perfreport.core.formatting import join_words
from perfreport.core.model import Figure, HistoryPoint, Indicator, Source, Unit
from perfreport.core.output import Output, check_outputs, write_file
from perfreport.core.periods import Period, period_for, report_period
from perfreport.core.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.data.comparators import Comparators, round_to, work_out
from perfreport.data.national import NationalData, Wanted, area_code, metric_key, read_national
from perfreport.data.neighbours import Neighbours, read_neighbours
from perfreport.workbook.collect import workbook_files
from perfreport.workbook.reader import WorkbookContent, read_workbook
from perfreport.workbook.schema import HEADERS
from perfreport.workbook.writer import open_copy, save_workbook, write_figure

COMPARATORS = ("statistical_neighbours", "england")
UNIT_WORDS = {
    Unit.PERCENT: {"%", "percent", "percentage", "per cent", "percentages", "proportion (%)", "rate (%)"},
    Unit.MONEY: {"£", "gbp", "pounds", "£s", "cost (£)", "spend (£)"},
    Unit.NUMBER: {"number", "count", "numbers", "total", "days", "score", "index"},
}
FRACTION_RATIO = (80, 125)  # a national figure this many times the owner's own (or its inverse): another unit


@dataclass
class Filled:
    """What was filled for one indicator: the periods given a neighbours' mean and an England figure."""

    indicator: str
    metric: str
    neighbours: list[str] = field(default_factory=list)
    england: list[str] = field(default_factory=list)
    replaced: int = 0  # figures already in the workbook that the data's replace


@dataclass
class BenchmarksImported:
    """The copies written, what was filled in them, and every problem met (what could not be filled)."""

    written: list[Path]
    filled: list[Filled]
    problems: list[Problem]
    neighbours: list[str]
    fewest: int


def import_benchmarks(
    data: list[Path], neighbours: str, area: str, into: Path, output: Path, columns: dict[str, str] | None = None,
    metric: str = "", fewest: int | None = None, england_from_areas: bool = False, reads: Iterable[Path] = (),
) -> BenchmarksImported:
    """Fill the comparators of the workbook ``into`` (or each workbook in that folder) from the national ``data``
    files, for the council of area code ``area`` and its ``neighbours`` (a file or comma-separated codes), and
    write the copy to ``output`` (a file for one workbook; a folder for a folder). A neighbours' mean needs
    ``fewest`` neighbours with a figure (default: half of them). Raises ProblemsFound, writing
    nothing, where the data, the neighbours or the output cannot serve."""
    chosen = read_neighbours(neighbours, area)
    files, found = workbook_files([into])
    targets = _targets(files, Path(into), Path(output))
    contents = {path: read_workbook(path) for path, _ in targets}
    named = {metric_key(i.benchmark_metric) for content in contents.values() for i in content.indicators
             if i.benchmark_metric}
    area = area_code(area)
    wanted = Wanted(None if england_from_areas else {*chosen.codes, area}, named)
    national = read_national(data, columns, metric, wanted)
    problems = national.problems + chosen.problems + _unknown_neighbours(national, chosen) + found
    fewest = math.ceil(len(chosen.codes) / 2) if fewest is None else fewest
    if chosen.codes and not 1 <= fewest <= len(chosen.codes):
        problems.append(Problem("fewest-neighbours", Severity.ERROR, f"--fewest-neighbours is {fewest}, but "
                                f"{len(chosen.codes)} neighbours are listed.",
                                f"Give a number from 1 to {len(chosen.codes)}.", chosen.source))
    problems += _refused(targets, [*map(Path, data), *([Path(neighbours)] if Path(neighbours).is_file() else []),
                                   *reads])
    if has_errors(problems):
        raise ProblemsFound(problems)
    comparators = work_out(national, named, chosen.codes, fewest, england_from_areas)
    filled, written, units = [], [], _Units.of(national, area)
    for source, copy in targets:
        done, writes = _fill(contents[source], national, units, comparators, area, fewest,
                             len(chosen.codes), england_from_areas, problems)
        filled += done
        if writes:
            try:
                _write_copy(source, copy, writes)
            except ProblemsFound as error:  # a full disk, say: the copies written stand, the rest are said
                problems += error.problems
                break
            written.append(copy)
    return BenchmarksImported(written, filled, problems, chosen.codes, fewest)


def _unknown_neighbours(national: NationalData, chosen: Neighbours) -> list[Problem]:
    areas = national.areas
    if not areas:
        return []
    return [Problem("neighbour-unknown", Severity.WARNING, f"{code} is not an area in the national data: it is left "
                    "out of every neighbours' mean.", "Check the code against the data's area codes.", chosen.source)
            for code in chosen.codes if code not in areas]


def _targets(files: list[Path], into: Path, output: Path) -> list[tuple[Path, Path]]:
    """Each workbook and where its copy goes: ``output`` itself for one workbook named as a file (unless it is a
    folder), else under its own name in the ``output`` folder."""
    if not into.is_dir() and not output.is_dir() and output.suffix:
        return [(path, output) for path in files]
    return [(path, output / path.name) for path in files]


def _refused(targets: list[tuple[Path, Path]], read: list[Path]) -> list[Problem]:
    """A copy that would replace an owner's workbook, a file ``read`` or another copy, or could not be written
    where it would go, or be named as another kind of file than its workbook."""
    outputs = [Output(copy, f"the copy of {source.name} with comparators", (source.suffix.lower(),))
               for source, copy in targets]
    return check_outputs(outputs, [*(source for source, _ in targets), *read])


_Write = tuple[Source, str, Figure, Unit]  # the row, which comparator, its figure, and the indicator's unit


@dataclass
class _Place:
    """One period of an indicator to fill: its period label and the row holding its comparators."""

    period: str
    source: Source
    value: Figure | None  # the owner's own figure
    now: dict[str, Figure | None]  # the comparators the row holds already


def _fill(content: WorkbookContent, national: NationalData, units: _Units,
          comparators: dict[tuple[str, str], Comparators], area: str, fewest: int, listed: int,
          england_from_areas: bool, problems: list[Problem]) -> tuple[list[Filled], list[_Write]]:
    """What to write into a copy of one workbook, and what it fills; each gap is added to ``problems``."""
    problems += [problem for problem in content.problems if problem.severity is Severity.ERROR]
    details = content.details
    period = report_period(details.period, details.financial_year) if details else None
    writes: list[_Write] = []
    history: dict[str, list[HistoryPoint]] = {}
    for number, point in content.history:
        history.setdefault(number, []).append(point)
    filled = []
    for indicator in content.indicators:
        if not indicator.benchmark_metric:
            continue
        key = metric_key(indicator.benchmark_metric)
        if key not in national.metrics:
            problems.append(_unknown_metric(indicator, national))
            continue
        places = _places(indicator, period, history.get(indicator.number, []))
        if problem := _units_disagree(indicator, key, units, area, places):
            problems.append(problem)
            continue
        done = Filled(indicator.number, indicator.benchmark_metric)
        gaps: dict[str, list[tuple[_Place, Comparators | None]]] = {}
        for place in places:
            found = comparators.get((key, place.period))
            if found is None:
                gaps.setdefault("period-not-in-data", []).append((place, found))
                continue
            for comparator, value in zip(COMPARATORS, (found.neighbours_mean, found.england)):
                if value is None:
                    reason = "too-few-neighbours" if comparator == COMPARATORS[0] else "no-england-figure"
                    gaps.setdefault(reason, []).append((place, found))
                    continue
                if place.source.columns.get(comparator) is None:
                    gaps.setdefault("no-column", []).append((place, found))
                    continue
                decimals = _decimals(indicator, found.decimals)
                figure = Figure(round_to(value, decimals), decimals)
                writes.append((place.source, comparator, figure, indicator.unit))
                done.replaced += place.now[comparator] is not None and place.now[comparator] != figure
                (done.neighbours if comparator == COMPARATORS[0] else done.england).append(place.period)
        problems += [_not_filled(indicator, reason, found, fewest, listed, england_from_areas)
                     for reason, found in gaps.items()]
        filled.append(done)
    return filled, writes


def _places(indicator: Indicator, period: Period | None, history: list[HistoryPoint]) -> list[_Place]:
    """The indicator's History periods (``history``, in sheet order), then its current one."""
    places = [_Place(point.period, point.source, point.value, {"statistical_neighbours": point.statistical_neighbours,
                                                               "england": point.england})
              for point in history if point.source]
    if period is not None and indicator.source is not None:
        places.append(_Place(period_for(indicator.period_type, period).label, indicator.source, indicator.current,
                             {"statistical_neighbours": indicator.statistical_neighbours,
                              "england": indicator.england}))
    return places


def _decimals(indicator: Indicator, data: int) -> int:
    """The decimals the indicator's own figures show, for its comparators to show the same; else the data's."""
    figure = indicator.current or indicator.target or indicator.previous
    return figure.decimals if figure else data


def _not_filled(indicator: Indicator, reason: str, gaps: list[tuple[_Place, Comparators | None]], fewest: int,
                listed: int, england_from_areas: bool) -> Problem:
    first = gaps[0][0]
    periods = periods_text([place.period for place, _ in gaps])
    metric = indicator.benchmark_metric
    comparator = "england" if reason == "no-england-figure" else "statistical_neighbours"
    if reason == "period-not-in-data":
        message = f"The national data has no figures for {metric!r} in {periods}: no comparators there."
        action = "Give data that covers those periods, or leave them blank."
    elif reason == "too-few-neighbours":
        counts = ", ".join(f"{place.period} {found.with_figure}" + (f" ({found.withheld} withheld)" if found.withheld
                                                                     else "") for place, found in gaps[:6])
        more = f" and {len(gaps) - 6} more" if len(gaps) > 6 else ""
        message = (f"Too few neighbours have a figure for {metric!r} for a mean, which needs {fewest} of {listed}: "
                   f"{counts}{more}. Statistical Neighbours Mean left as it was.")
        action = "Leave it blank, or give --fewest-neighbours to accept a mean of fewer."
    elif reason == "no-england-figure":
        message = f"The national data has no England figure for {metric!r} in {periods}. England Mean left as it was."
        action = "" if england_from_areas else "Give --england-from-areas to use the mean of the English authorities."
    else:
        sheet = first.source.sheet
        message = f"The {sheet} sheet has no {HEADERS['statistical_neighbours']!r} or {HEADERS['england']!r} column."
        action = "Use the standard workbook (perfreport new-workbook), which has both."
    return Problem(reason, Severity.WARNING, f"Indicator {indicator.number}: {message}", action, first.source.file,
                   first.source.sheet, first.source.cell_of(comparator))


def periods_text(periods: list[str]) -> str:
    """Periods for a message: "Q1 2023/24 and Q2 2023/24", or "Q1 2019/20 to Q4 2020/21 (8 periods)"."""
    if len(periods) <= 3:
        return join_words(periods)
    return f"{periods[0]} to {periods[-1]} ({len(periods)} periods)"


def _unknown_metric(indicator: Indicator, national: NationalData) -> Problem:
    names = sorted(national.metrics.values())
    near = difflib.get_close_matches(indicator.benchmark_metric, names, n=1, cutoff=0.6)
    action = f"Did you mean {near[0]!r}?" if near else f"The data's metrics: {', '.join(names[:5])}" + (
        f" and {len(names) - 5:,} more." if len(names) > 5 else ".")
    source = indicator.source
    return Problem("metric-unknown", Severity.WARNING, f"Indicator {indicator.number}: Benchmark metric "
                   f"{indicator.benchmark_metric!r} is not in the national data: no comparators filled.", action,
                   source.file, source.sheet, source.cell_of("benchmark_metric"))


@dataclass
class _Units:
    """What tells a metric's unit: the words of its unit column, and the council's own figures, by metric key."""

    named: dict[str, set[str]]
    own: dict[tuple[str, str], float]  # by (metric key, period)

    @classmethod
    def of(cls, national: NationalData, area: str) -> _Units:
        figures = national.figures
        words = figures[figures["unit"] != ""].groupby("metric_key")["unit"].unique()
        own = figures[(figures["area"] == area) & figures["value"].notna()]
        return cls({key: {str(word).casefold() for word in found} for key, found in words.items()},
                   dict(zip(zip(own["metric_key"], own["period"]), own["value"])))


def _units_disagree(indicator: Indicator, key: str, units: _Units, area: str, places: list[_Place]) -> Problem | None:
    """A problem where the data's unit is not the indicator's: named in a unit column, or seen in the council's own
    figures, which the data gives some 100 times larger or smaller (fractions beside percentages)."""
    source = indicator.source
    named = units.named.get(key, set())
    found = {unit for unit, words in UNIT_WORDS.items() if named & words}
    expected = Unit.NUMBER if indicator.unit is Unit.STARS else indicator.unit
    if len(found) == 1 and expected not in found:
        return Problem("units-disagree", Severity.WARNING, f"Indicator {indicator.number} is in {indicator.unit.value}, "
                       f"but the national data gives {indicator.benchmark_metric!r} as {', '.join(sorted(named))}: no "
                       "comparators filled.", "Name a metric measured as the indicator is.", source.file,
                       source.sheet, source.cell_of("benchmark_metric"))
    ratios = [units.own[(key, place.period)] / float(place.value.value) for place in places
              if place.value and place.value.value and (key, place.period) in units.own]
    ratio = median(ratios) if ratios else 1.0
    low, high = FRACTION_RATIO
    if ratio and (low <= ratio <= high or low <= 1 / ratio <= high):
        scale = "fractions, as 0.83 for 83%" if ratio < 1 else "figures 100 times the workbook's"
        return Problem("units-disagree", Severity.WARNING, f"Indicator {indicator.number}: the national data's "
                       f"figures for the council ({area}) are about {ratio:.3g} times the workbook's: it seems to "
                       f"hold {scale}. No comparators filled.", "Check the metric's unit in the data.",
                       source.file, source.sheet, source.cell_of("benchmark_metric"))
    return None


def _write_copy(path: Path, copy: Path, writes: list[_Write]) -> None:
    """The owner's workbook with the comparators written in, saved to ``copy`` through the write gate."""
    book = open_copy(path)
    for source, comparator, figure, unit in writes:
        cell = book[source.sheet][source.cell_of(comparator)]
        write_figure(cell, figure, unit)
    saved = io.BytesIO()
    save_workbook(book, saved)
    write_file(Output(copy, f"the copy of {path.name} with comparators", (path.suffix.lower(),)), saved.getvalue())
