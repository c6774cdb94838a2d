"""What an indicator's trend chart shows: its periods, series, axes and alt text, as plain data."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, NamedTuple

from perfreport.core.formatting import format_figure, join_words, quantize
from perfreport.core.model import ChartType, Direction, Figure, HistoryPoint, Indicator, Unit
from perfreport.core.periods import Period, period_for
from perfreport.rating.spc import PointType, SpcReading

ACTUAL = "Actual"
TARGET = "Target"
COMPARATORS = {"statistical_neighbours": "Statistical neighbours mean", "england": "England mean"}
SCALE_FACTOR = 5  # a second series this many times larger or smaller than the rest gets its own axis
UNIT_WORDS = {Unit.PERCENT: "%", Unit.MONEY: "£", Unit.NUMBER: "", Unit.STARS: "stars"}


class Series(NamedTuple):
    """A series as drawn: its legend name, its kind (what it is: value, second, rest, target,
    statistical_neighbours or england) and its figures, one per period."""

    name: str
    kind: str
    figures: list[Figure | None]


def chart_type(indicator: Indicator) -> ChartType:
    """The owner's choice; blank gives columns, with the second series as a line where there is one."""
    if indicator.chart is not None:
        return indicator.chart
    return ChartType.COLUMN_AND_LINE if indicator.second_series else ChartType.COLUMN


def indicator_chart(indicator: Indicator, report: Period | None) -> dict[str, Any] | None:
    """The chart of an indicator's History and current figure; None without History or where the owner chose None.

    Series are lists of floats (None where a period has no figure), each with a ``kind``:
    "value", "second" and "rest" (a stacked column's value less its second series) are the
    owner's figures, drawn as the chart type says; "target", "statistical_neighbours" and
    "england" are always lines. A second series on another scale (see ``on_own_scale``) is a
    line against its own axis, on the right, titled with its name.
    """
    kind = chart_type(indicator)
    if not indicator.history or kind is ChartType.NONE:
        return None
    points = [replace(p, target=p.target or indicator.target) for p in indicator.history]
    current_label = period_for(indicator.period_type, report).label if report else "Current"
    points.append(indicator.as_history(current_label))
    has_second = any(p.second_value is not None for p in points)
    if kind in (ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN) and not has_second:
        kind = ChartType.COLUMN
    series = [s for s in _all_series(indicator, kind, points) if any(f is not None for f in s.figures)]
    second_axis = kind is not ChartType.STACKED_COLUMN and on_own_scale(series)
    if second_axis and kind is ChartType.COLUMN:
        kind = ChartType.COLUMN_AND_LINE  # columns side by side would invite comparing unlike heights
    return {
        "type": kind.value,
        "title": _one_line(indicator.title),
        "categories": [p.period for p in points],
        "series": [_plain(s) for s in series],
        "number_format": number_format(indicator.unit, _decimals([p.value for p in points])),
        "axis_title": axis_title(indicator.unit) if second_axis else "",
        "second_axis": {
            "title": _second_name(indicator),
            "number_format": number_format(Unit.NUMBER, _decimals([p.second_value for p in points])),
        } if second_axis else None,
        "alt_text": alt_text(indicator, kind, points, series, second_axis),
    }


def _all_series(indicator: Indicator, kind: ChartType, points: list[HistoryPoint]) -> list[Series]:
    """Every series the chart type could draw, in drawing order, before those without a figure are left out."""
    second_name = _second_name(indicator)
    seconds = [p.second_value for p in points]
    if kind is ChartType.STACKED_COLUMN:
        rests = [_rest(p.value, p.second_value) for p in points]
        series = [Series(second_name, "second", seconds), Series(f"{ACTUAL} less {second_name}", "rest", rests)]
    else:
        series = [Series(ACTUAL, "value", [p.value for p in points]), Series(second_name, "second", seconds)]
    series.append(Series(TARGET, "target", [p.target for p in points]))
    series += [Series(name, key, [getattr(p, key) for p in points]) for key, name in COMPARATORS.items()]
    return series


def _second_name(indicator: Indicator) -> str:
    return indicator.second_series or "Second series"


def _plain(series: Series) -> dict[str, Any]:
    return {"name": series.name, "kind": series.kind, "values": [None if f is None else float(f.value) for f in series.figures]}


def on_own_scale(series: list[Series]) -> bool:
    """Whether a second series is on another scale: its largest figure (ignoring sign) and the
    largest of the value, target and comparators differ by more than SCALE_FACTOR times."""
    second = [_largest(s.figures) for s in series if s.kind == "second"]
    others = [_largest(s.figures) for s in series if s.kind != "second"]
    if not second or not others:
        return False
    small, large = sorted((second[0], max(others)))
    return small > 0 and large > SCALE_FACTOR * small


def _largest(figures: list[Figure | None]) -> Decimal:
    return max((abs(f.value) for f in figures if f is not None), default=Decimal(0))


def axis_title(unit: Unit) -> str:
    """The value axis' title beside a second axis: "Actual (%)", or "Actual" for plain numbers."""
    words = UNIT_WORDS[unit]
    return f"{ACTUAL} ({words})" if words else ACTUAL


def _rest(value: Figure | None, part: Figure | None) -> Figure | None:
    """The part of the value above the second series, for stacked columns."""
    if value is None:
        return None
    if part is None:
        return value
    return Figure(value.value - part.value, max(value.decimals, part.decimals))


def _decimals(figures: list[Figure | None]) -> int:
    return max((f.decimals for f in figures if f is not None), default=0)


def figure_decimals(indicator: Indicator) -> int:
    """The most decimal places the indicator's figures are shown with, current and History's."""
    return _decimals([indicator.current, *(point.value for point in indicator.history)])


def number_format(unit: Unit, decimals: int) -> str:
    """An Excel number format showing figures as the report does: 83.0%, 9,154, £1,500."""
    places = "." + "0" * decimals if decimals else ""
    if unit is Unit.PERCENT:
        return f'#,##0{places}"%"'
    if unit is Unit.MONEY:
        return f'"£"#,##0{places}'
    return f"#,##0{places}"


def alt_text(
    indicator: Indicator, kind: ChartType, points: list[HistoryPoint], series: list[Series], second_axis: bool
) -> str:
    """What the chart shows, for a screen reader: title, periods, every series, the latest figures and the trend."""
    title = _one_line(indicator.title)
    sentences = [
        f"{kind.value} chart of {title}, {points[0].period} to {points[-1].period}, showing "
        f"{_series_words(kind, series, second_axis)}.",
        _latest_words(indicator, kind, points, series, second_axis),
    ]
    shown = [p for p in points if p.value is not None]
    if len(shown) >= 2:
        first, last, unit = shown[0], shown[-1], indicator.unit
        sentences.append(
            f"Trend: {_trend(first.value.value, last.value.value, indicator.direction)} from "
            f"{format_figure(first.value, unit)} in {first.period} to {format_figure(last.value, unit)} in {last.period}."
        )
    return " ".join(sentences)


def _series_words(kind: ChartType, series: list[Series], second_axis: bool) -> str:
    """Each series by its legend name: "Actual, Leavers in the month (right-hand axis) and Target", or
    "Target and Actual, each column Net with Actual less Net on top" for stacked columns."""
    stacked = [s.name for s in series if s.kind in ("second", "rest")]
    if kind is ChartType.STACKED_COLUMN and len(stacked) == 2:
        others = [s.name for s in series if s.kind not in ("second", "rest")]
        return f"{join_words([*others, ACTUAL])}, each column {stacked[0]} with {stacked[1]} on top"
    return join_words([f"{s.name} (right-hand axis)" if second_axis and s.kind == "second" else s.name for s in series])


def _latest_words(
    indicator: Indicator, kind: ChartType, points: list[HistoryPoint], series: list[Series], second_axis: bool
) -> str:
    """The latest period's figure of each series; a stacked column's whole value first."""
    latest = points[-1]
    figures = [(s.name, s.figures[-1], Unit.NUMBER if second_axis and s.kind == "second" else indicator.unit)
               for s in series]
    if kind is ChartType.STACKED_COLUMN:
        figures.insert(0, (ACTUAL, latest.value, indicator.unit))
    given = [f"{name} {format_figure(figure, unit)}" for name, figure, unit in figures if figure is not None]
    missing = [name for name, figure, _ in figures if figure is None]
    words = f"Latest figures, for {latest.period}: {', '.join(given)}." if given else f"No figures for {latest.period}."
    return f"{words} No figure for {join_words(missing, 'or')}." if given and missing else words


def _one_line(text: str) -> str:
    """A title on one line: a chart title and its alt text keep the words, not the line breaks."""
    return " ".join(text.split())


def _trend(first: Decimal, last: Decimal, direction: Direction) -> str:
    if first == last:
        return "unchanged"
    rose = last > first
    better = rose == (direction is Direction.HIGHER)
    return f"{'rising' if rose else 'falling'} ({'improving' if better else 'declining'})"


class Look(NamedTuple):
    """How a kind of series is drawn in every chart: its colour, and as a line its dash and marker
    (DrawingML's prstDash and c:symbol values)."""

    colour: str
    dash: str
    marker: str


# Each at least 3:1 against the white background, and value and second 3:1 to each other, as
# stacked segments: value 14.3:1, second 3.5:1, between them 4.1:1; target 6.5:1,
# statistical neighbours 7.6:1, England 5.3:1.
_VALUE = Look("0F2660", "solid", "circle")
LOOKS = {
    "value": _VALUE,
    "rest": _VALUE,  # the top of a stacked column is the value's
    "second": Look("D86A00", "solid", "square"),
    "target": Look("C00000", "dash", "none"),
    "statistical_neighbours": Look("6A3D9A", "sysDot", "diamond"),
    "england": Look("007A5E", "dashDot", "triangle"),
    # An XmR chart's: the mean (solid) and process limits (long dashes) in grey (7.0:1), special-cause points over the
    # figures, improving by a blue square (5.9:1), concerning by an orange triangle (3.5:1), with no line.
    "mean": Look("595959", "solid", "none"),
    "limit": Look("595959", "lgDash", "none"),
    "improving": Look("005EB8", "none", "square"),
    "concerning": Look("D86A00", "none", "triangle"),
}

# Which series each chart type draws as columns; every other series is a line.
COLUMNS = {
    ChartType.LINE: (),
    ChartType.COLUMN: ("value", "second"),
    ChartType.COLUMN_AND_LINE: ("value",),
    ChartType.STACKED_COLUMN: ("second", "rest"),
}


XMR_SERIES = {"improving": "Special cause: improving", "concerning": "Special cause: concerning"}


def xmr_chart(indicator: Indicator, reading: SpcReading) -> dict[str, Any]:
    """The indicator's XmR chart, as the trend chart's data: its figures as a line, the mean and process
    limits of each part of the series, the target, and special-cause points marked by type."""
    points = reading.points
    figures = [float(p.value) for p in points]
    series = [
        {"name": ACTUAL, "kind": "value", "values": figures},
        {"name": "Mean", "kind": "mean", "values": [float(p.mean) for p in points]},
        {"name": "Upper process limit", "kind": "limit", "values": [float(p.upper) for p in points]},
        {"name": "Lower process limit", "kind": "limit", "values": [float(p.lower) for p in points]},
    ]
    if indicator.target is not None:
        series.append({"name": TARGET, "kind": "target", "values": [float(indicator.target.value)] * len(points)})
    for kind, name in XMR_SERIES.items():
        marked = [float(p.value) if p.type is _TYPES[kind] else None for p in points]
        if any(value is not None for value in marked):
            series.append({"name": name, "kind": kind, "values": marked})
    decimals = figure_decimals(indicator)
    return {
        "type": ChartType.LINE.value,
        "title": f"{_one_line(indicator.title)}: statistical process control",
        "categories": [p.period for p in points],
        "series": series,
        "number_format": number_format(indicator.unit, decimals),
        "axis_title": "",
        "second_axis": None,
        "alt_text": xmr_alt_text(indicator, reading),
    }


_TYPES = {"improving": PointType.IMPROVING, "concerning": PointType.CONCERNING}
LISTED = 6  # special-cause points an alt text names, the latest; the rest are counted


def spc_figure(value: Decimal, indicator: Indicator) -> str:
    """A mean or process limit as the page and the XmR chart's alt text say it: rounded half up to one decimal
    place more than the indicator's figures have, at most two, in the indicator's unit."""
    places = min(2, 1 + figure_decimals(indicator))
    return format_figure(Figure(quantize(value, places), places), indicator.unit)


def xmr_alt_text(indicator: Indicator, reading: SpcReading) -> str:
    """What the XmR chart shows, for a screen reader: the figures, mean and limits, the special-cause points
    and what the latest figure says."""
    points = reading.points
    latest = points[-1]

    special = [p for p in points if p.type is not PointType.COMMON]
    named = special[-LISTED:]
    listed = ", ".join(f"{p.period} ({p.type.value})" for p in named)
    earlier = f", {len(special) - len(named)} of them before {named[0].period} and these {len(named)}" if (
        len(special) > len(named)) else ""
    marked = (f" {len(special)} of {len(points)} figures show special cause{earlier}: {listed}."
              if special else " No figure shows special cause.")
    mean, lower, upper = (spc_figure(value, indicator) for value in (latest.mean, latest.lower, latest.upper))
    return (f"Statistical process control (XmR) chart of {_one_line(indicator.title)}, {points[0].period} to "
            f"{latest.period}: the figures, with a mean of {mean} and process limits of {lower} and {upper}.{marked} "
            f"{reading.explanation}")
