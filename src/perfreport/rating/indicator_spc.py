"""An indicator's figures as an SPC chart reads them: whether they are read at all, the series (History's,
then the current figure) and where it is rebased."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from perfreport.core.formatting import format_figure
from perfreport.core.model import Figure, FigureType, HistoryPoint, Indicator
from perfreport.core.periods import Period, period_for
from perfreport.rating.spc import SpcOptions, SpcReading, read_spc

NOT_INDEPENDENT = (FigureType.ROLLING, FigureType.CUMULATIVE)
NOT_INDEPENDENT_REASON = ("Rolling and cumulative figures are not read as SPC charts: each shares most of what it "
                          "counts with the one before, so they are not independent, and nearly every one would look "
                          "like special cause.")


class SpcUse(StrEnum):
    """Whether an indicator's figures are read as an SPC chart, and if not, why."""

    READ = "read"
    OFF = "off"  # the indicator's SPC column, or the report's settings, turn it off
    NOT_INDEPENDENT = "not independent"  # rolling or cumulative figures, unread unless its SPC column is On


def spc_use(indicator: Indicator, default: bool) -> SpcUse:
    """The indicator's own SPC column decides; blank, ``default`` does, except that rolling and cumulative
    figures are not read: each shares most of what it counts with the one before, so they are not independent
    and nearly every one would look like special cause."""
    if indicator.spc == "On":
        return SpcUse.READ
    if indicator.spc == "Off" or not default:
        return SpcUse.OFF
    return SpcUse.NOT_INDEPENDENT if indicator.figure_type in NOT_INDEPENDENT else SpcUse.READ


@dataclass(frozen=True)
class SpcSeries:
    """The figures an SPC chart reads, oldest first, each with its period; the periods that start a new mean
    and limits; and the Rebase rows no figure follows, so that they rebase nothing."""

    figures: list[tuple[str, Decimal]]
    rebase_at: frozenset[str]
    rebase_unused: tuple[HistoryPoint, ...]


def spc_series(indicator: Indicator, report: Period | None) -> SpcSeries:
    """History's figures, oldest first, then the current one; periods without a figure are left out, and a
    Rebase on one of them starts the new limits at the next figure there is."""
    figures: list[tuple[str, Decimal]] = []
    rebase_at: set[str] = set()
    waiting: list[HistoryPoint] = []  # Rebase rows without a figure, waiting for the next figure
    for point in indicator.history:
        if point.rebase and point.value is None:
            waiting.append(point)
        elif point.value is not None:
            figures.append((point.period, point.value.value))
            if point.rebase or waiting:
                rebase_at.add(point.period)
                waiting = []
    if indicator.current is not None:
        label = period_for(indicator.period_type, report).label if report else "Current"
        figures.append((label, indicator.current.value))
        if waiting:
            rebase_at.add(label)
            waiting = []
    return SpcSeries(figures, frozenset(rebase_at), tuple(waiting))


def figure_count(indicator: Indicator) -> int:
    """How many figures an SPC chart of the indicator would have: History's and the current one."""
    return sum(p.value is not None for p in indicator.history) + (indicator.current is not None)


def spc_of(indicator: Indicator, report: Period | None) -> SpcReading:
    """The indicator's figures read as an XmR chart (see spc_series)."""
    series = spc_series(indicator, report)
    options = SpcOptions(baseline=indicator.spc_baseline, rebase_at=series.rebase_at)
    target = indicator.target
    return read_spc(series.figures, indicator.direction, target.value if target else None, options,
                    lambda figure: format_figure(Figure(figure, target.decimals), indicator.unit))
