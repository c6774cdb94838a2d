"""What an indicator's trend chart shows: its periods, series and alt text, as plain data."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from perfreport.formatting import format_figure
from perfreport.model import ChartType, Direction, Figure, HistoryPoint, Indicator, Unit
from perfreport.periods import Period, period_for

ACTUAL = "Actual"
TARGET = "Target"
REST = "Rest of the value"
COMPARATORS = {"statistical_neighbours": "Statistical neighbours mean", "england": "England mean"}


def chart_type(indicator: Indicator) -> ChartType:
    """The owner's choice; blank gives columns, with the second series as a line where there is one."""
    if indicator.chart is not None:
        return indicator.chart
    return ChartType.COLUMN_AND_LINE if indicator.second_series else ChartType.COLUMN


def indicator_chart(indicator: Indicator, report: Period | None) -> dict[str, Any] | None:
    """The chart of an indicator's History and current figure; None without History or where the owner chose None.

    Series are lists of floats (None where a period has no figure), each with a ``kind``:
    "value" and "second" are the owner's figures (drawn as the chart type says), "target"
    and "comparator" are always lines.
    """
    kind = chart_type(indicator)
    if not indicator.history or kind is ChartType.NONE:
        return None
    points = [replace(p, target=p.target or indicator.target) for p in indicator.history]
    current_label = period_for(indicator.period_type, report).label if report else "Current"
    points.append(indicator.as_history(current_label))
    second_name = indicator.second_series or "Second series"
    has_second = any(p.second_value is not None for p in points)
    if kind in (ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN) and not has_second:
        kind = ChartType.COLUMN
    if kind is ChartType.STACKED_COLUMN:
        series = [
            _series(second_name, "second", [p.second_value for p in points]),
            _series(REST, "value", [_rest(p.value, p.second_value) for p in points]),
        ]
    else:
        series = [_series(ACTUAL, "value", [p.value for p in points])]
        if has_second:
            series.append(_series(second_name, "second", [p.second_value for p in points]))
    series.append(_series(TARGET, "target", [p.target for p in points]))
    for key, name in COMPARATORS.items():
        series.append(_series(name, "comparator", [getattr(p, key) for p in points]))
    series = [s for s in series if any(v is not None for v in s["values"])]
    return {
        "type": kind.value,
        "title": _one_line(indicator.title),
        "categories": [p.period for p in points],
        "series": series,
        "number_format": number_format(indicator.unit, _decimals(points)),
        "alt_text": alt_text(indicator, kind, points),
    }


def _series(name: str, kind: str, figures: list[Figure | None]) -> dict[str, Any]:
    return {"name": name, "kind": kind, "values": [None if f is None else float(f.value) for f in figures]}


def _rest(value: Figure | None, part: Figure | None) -> Figure | None:
    """The part of the value above the second series, for stacked columns."""
    if value is None:
        return None
    if part is None:
        return value
    return Figure(value.value - part.value, max(value.decimals, part.decimals))


def _decimals(points: list[HistoryPoint]) -> int:
    figures = [p.value for p in points if p.value is not None]
    return max((f.decimals for f in figures), default=0)


def number_format(unit: Unit, decimals: int) -> str:
    """An Excel number format showing figures as the report does: 83.0%, 9,154, £1,500."""
    places = "." + "0" * decimals if decimals else ""
    if unit is Unit.PERCENT:
        return f'#,##0{places}"%"'
    if unit is Unit.MONEY:
        return f'"£"#,##0{places}'
    return f"#,##0{places}"


def alt_text(indicator: Indicator, kind: ChartType, points: list[HistoryPoint]) -> str:
    """What the chart shows, for a screen reader: title, periods, latest value, target and trend."""
    unit = indicator.unit
    shown = [p for p in points if p.value is not None]
    sentences = [f"{kind.value} chart of {_one_line(indicator.title)}, {points[0].period} to {points[-1].period}."]
    latest = points[-1]
    if latest.value is not None:
        sentences.append(f"Latest value {format_figure(latest.value, unit)} in {latest.period}.")
    else:
        sentences.append(f"No figure for {latest.period}.")
    if latest.target is not None:
        sentences.append(f"Target {format_figure(latest.target, unit)}.")
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        sentences.append(
            f"Trend: {_trend(first.value.value, last.value.value, indicator.direction)} from "
            f"{format_figure(first.value, unit)} in {first.period} to {format_figure(last.value, unit)} in {last.period}."
        )
    return " ".join(sentences)


def _one_line(text: str) -> str:
    """A title on one line: a chart title and its alt text keep the words, not the line breaks."""
    return " ".join(text.split())


def _trend(first: Decimal, last: Decimal, direction: Direction) -> str:
    if first == last:
        return "unchanged"
    rose = last > first
    better = rose == (direction is Direction.HIGHER)
    return f"{'rising' if rose else 'falling'} ({'improving' if better else 'declining'})"
