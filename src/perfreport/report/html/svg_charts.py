"""Trend charts as SVG for the HTML edition, drawn from the same chart data as the Word charts, in the same
looks (colour, dash, marker) for each kind of series, with the figures also in a table. Each is drawn twice,
wide and narrow for a phone, so that its text is never shown under 12 px.

Written here rather than with a plotting library: a chart is some forty SVG elements, drawn in about
a millisecond, and the page needs exact control of what a screen reader meets (a title, a
description, a table), which the libraries weighed leave to scripts or to post-editing their output."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any, NamedTuple

from markupsafe import escape

from perfreport.report.charts import COLUMNS, LOOKS

TEXT_WIDTH = 0.55  # an Arial character's mean width, as a share of the text size
DASHES = {"solid": "", "dash": "8 5", "sysDot": "2 4", "dashDot": "8 4 2 4", "lgDash": "12 5"}
TEXT, GRID, AXIS = "#333333", "#BFBFBF", "#595959"


class Layout(NamedTuple):
    """A drawing of the chart, in the SVG's own units: its size, the least margins around the plot (the axes'
    labels widen them where needed), the text size, and the class the page's stylesheet shows it by."""

    name: str
    width: int
    height: int
    left: int
    top: int
    bottom: int
    right: int
    right_with_axis: int
    font: int


# Drawn from 35 to 40 rem wide (560 to 640 px), the wide drawing's 14-unit text is 12 to 14 px; a phone shows the
# narrow one instead, 17 to 25 rem wide (272 to 400 px), its text 12.7 to 18.7 px.
WIDE = Layout("wide", 640, 320, 72, 16, 44, 20, 72, 14)
NARROW = Layout("narrow", 300, 260, 48, 16, 44, 12, 48, 14)


def chart_figure(chart: dict[str, Any], key: str) -> str:
    """A <figure> holding the chart as SVG twice, wide and narrow for a phone (the page's stylesheet shows one;
    both named by the wide one's title and description, for screen readers) and, under them, a <details> table
    of the figures it shows; ``key`` starts the ids of its parts, unique in the page."""
    return f'<figure class="chart">{_svg(chart, key, WIDE)}{_svg(chart, key, NARROW)}{_table(chart)}</figure>'


def _svg(chart: dict[str, Any], name: str, layout: Layout) -> str:
    """One drawing of the chart. The wide one's title and description name both, and the narrow one is hidden
    unless the page's stylesheet shows it (a template written before it was drawn shows the wide one alone)."""
    key = name if layout is WIDE else f"{name}-{layout.name}"
    drawing, height = _drawing(chart, key, layout)
    hidden = "" if layout is WIDE else ' display="none"'
    words = (f'<title id="{name}-title">{escape(chart["title"])}</title>'
             f'<desc id="{name}-desc">{escape(chart["alt_text"])}</desc>') if layout is WIDE else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{layout.name}"{hidden} viewBox="0 0 {layout.width} '
            f'{height}" role="img" aria-labelledby="{name}-title {name}-desc" font-family="Arial, Helvetica, '
            f'sans-serif" font-size="{layout.font}" fill="{TEXT}">{words}<rect width="{layout.width}" '
            f'height="{height}" fill="#FFFFFF"/>{drawing}</svg>')


def _drawing(chart: dict[str, Any], key: str, layout: Layout) -> tuple[str, int]:
    """The chart's grid, axes, series and legend in the layout, and the height they take."""
    second_axis = chart.get("second_axis")
    on_left = [s for s in chart["series"] if not (second_axis and s["kind"] == "second")]
    on_right = [s for s in chart["series"] if second_axis and s["kind"] == "second"]
    columns = COLUMNS.get(chart["type"], ())
    stacked = chart["type"] == "Stacked column"
    left_extent = _extent(on_left, stacked, columns)
    right_extent = _extent(on_right, False, ()) if on_right else None
    left = _margin(layout.left, left_extent, chart["number_format"], bool(chart.get("axis_title")), layout.font)
    right = _margin(layout.right_with_axis, right_extent, second_axis["number_format"], True, layout.font) \
        if right_extent else layout.right
    legend_rows = _legend_rows(chart["series"], layout.width - left - right, layout.font)
    plot = _Plot(left, layout.top, layout.width - left - right, layout.height - layout.top - layout.bottom,
                 len(chart["categories"]))
    left_scale = right_scale = _Scale(left_extent, plot)
    hatched = any(s["kind"] == "second" and s["kind"] in columns for s in chart["series"])
    parts = [_patterns(key) if hatched else "", _grid(left_scale, plot),
             _axis_labels(left_scale, chart["number_format"], left - 8, "end")]
    if right_extent:
        right_scale = _Scale(right_extent, plot)
        parts += [_axis_labels(right_scale, second_axis["number_format"], plot.right + 8, "start"),
                  _axis_title(second_axis["title"], layout.width - 14, plot, 90)]
    if chart.get("axis_title"):
        parts.append(_axis_title(chart["axis_title"], 14, plot, -90))
    parts.append(_categories(chart["categories"], plot, layout.font, layout.width))
    parts += _columns([s for s in on_left + on_right if s["kind"] in columns], left_scale, plot, stacked, key)
    for series in chart["series"]:
        if series["kind"] not in columns:
            parts += _line(series, right_scale if series in on_right else left_scale, plot)
    parts += _legend(legend_rows, left, layout.height - 6, key, columns)
    return "".join(parts), layout.height + _legend_height(legend_rows)


def _margin(least: int, extent: tuple[float, float], number_format: str, titled: bool, font: int) -> int:
    """The room beside the plot for an axis's labels (and its title): at least ``least``."""
    labels = [shown(tick, number_format, axis=True) for tick in _Scale(extent).ticks()]
    needed = max(len(label) for label in labels) * font * TEXT_WIDTH + 12 + (2 * font if titled else 0)
    return max(least, math.ceil(needed))


def _n(value: float) -> str:
    """A coordinate, to a tenth of a unit, without a needless ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class _Plot:
    """The plotting area, and where each period's slot is across it."""

    def __init__(self, left: float, top: float, width: float, height: float, periods: int):
        self.left, self.top, self.width, self.height, self.periods = left, top, width, height, periods
        self.right, self.bottom = left + width, top + height
        self.slot = width / max(periods, 1)

    def centre(self, index: int) -> float:
        return self.left + self.slot * (index + 0.5)


class _Scale:
    """Figures to heights: from the lowest to the highest tick, zero included under columns."""

    def __init__(self, extent: tuple[float, float], plot: _Plot | None = None):
        low, high = extent
        self.step = _nice_step((high - low) / 5 or abs(high) / 5 or 1)
        self.low = math.floor(low / self.step) * self.step
        self.high = math.ceil(high / self.step) * self.step
        if self.high == self.low:
            self.high = self.low + self.step
        self.plot = plot

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(self.plot.bottom - share * self.plot.height, 2)

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + self.step * n for n in range(count + 1)]


def _nice_step(rough: float) -> float:
    power = 10 ** math.floor(math.log10(abs(rough)))
    return next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= abs(rough))


def _extent(series: list[dict[str, Any]], stacked: bool, columns: tuple[str, ...]) -> tuple[float, float]:
    values = [v for s in series for v in s["values"] if v is not None]
    if stacked:
        values += [sum(v or 0 for v in totals) for totals in zip(*(s["values"] for s in series if s["kind"] in columns))]
    low, high = min(values, default=0), max(values, default=1)
    if any(s["kind"] in columns for s in series) or low > 0 and low < high / 3:
        low = min(low, 0)  # columns start at zero; lines near zero too
    return low, high


def _grid(scale: _Scale, plot: _Plot) -> str:
    across = f"H{_n(plot.right)}"
    lines = "".join(f"M{_n(plot.left)} {_n(scale.y(tick))}{across}" for tick in scale.ticks())
    return (f'<path d="{lines}" stroke="{GRID}" fill="none"/>'
            f'<path d="M{_n(plot.left)} {_n(plot.bottom)}{across}" stroke="{AXIS}"/>')


def _axis_labels(scale: _Scale, number_format: str, x: float, anchor: str) -> str:
    labels = "".join(f'<text x="{_n(x)}" y="{_n(scale.y(tick) + 4)}">{escape(shown(tick, number_format, axis=True))}'
                     "</text>" for tick in scale.ticks())
    return f'<g text-anchor="{anchor}">{labels}</g>'


def _axis_title(title: str, x: float, plot: _Plot, angle: int) -> str:
    y = _n(plot.top + plot.height / 2)
    return f'<text x="{_n(x)}" y="{y}" text-anchor="middle" transform="rotate({angle} {_n(x)} {y})">{escape(title)}</text>'


def _categories(categories: list[str], plot: _Plot, font: int, width: int) -> str:
    """Period labels under the plot: every one where they fit, else every second or third; one at an end of
    the plot is moved in as far as it needs to stay within the drawing's ``width``."""
    room = max((len(label) for label in categories), default=0) * font * TEXT_WIDTH + font
    every = max(1, math.ceil(len(categories) * room / plot.width))
    labels = []
    for index, label in enumerate(categories[::every]):
        half = len(label) * font * TEXT_WIDTH / 2 + 2
        x = min(max(plot.centre(index * every), half), width - half)
        labels.append(f'<text x="{_n(x)}" y="{_n(plot.bottom + 18)}">{escape(label)}</text>')
    return f'<g text-anchor="middle">{"".join(labels)}</g>'


def _columns(series: list[dict[str, Any]], scale: _Scale, plot: _Plot, stacked: bool, key: str) -> list[str]:
    """Each column series' bars: side by side, or stacked from the first; each drawn in its look, a second
    series hatched so that it is told apart without colour, every bar edged in white."""
    if not series:
        return []
    width = plot.slot * (0.6 if stacked else 0.7) / (1 if stacked else len(series))
    bars = []
    base = [0.0] * plot.periods
    for place, each in enumerate(series):
        drawn = []
        for index, value in enumerate(each["values"]):
            if value is None:
                continue
            start = base[index] if stacked else 0.0
            top, bottom = scale.y(start + value), scale.y(start)
            x = plot.centre(index) - (width / 2 if stacked else width * len(series) / 2 - width * place)
            drawn.append(f'<rect x="{_n(x)}" y="{_n(min(top, bottom))}" width="{_n(width)}" '
                         f'height="{_n(abs(bottom - top))}"/>')
            if stacked:
                base[index] += value
        bars.append(f'<g fill="{_fill(each["kind"], key)}" stroke="#FFFFFF">{"".join(drawn)}</g>')
    return bars


def _fill(kind: str, key: str) -> str:
    return f"url(#{key}-hatch)" if kind == "second" else f"#{LOOKS[kind].colour}"


def _patterns(key: str) -> str:
    second = LOOKS["second"].colour
    return (f'<defs><pattern id="{key}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#{second}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="#FFFFFF" stroke-width="2"/></pattern></defs>')


def _line(series: dict[str, Any], scale: _Scale, plot: _Plot) -> list[str]:
    """A series as a line in its look (colour, dash, marker), broken where a period has no figure."""
    look = LOOKS[series["kind"]]
    dash = f' stroke-dasharray="{DASHES[look.dash]}"' if DASHES.get(look.dash) else ""
    points = [(plot.centre(i), scale.y(v)) if v is not None else None for i, v in enumerate(series["values"])]
    runs = [list(run) for gap, run in itertools.groupby(points, key=lambda p: p is None) if not gap]
    parts = []
    for run in runs if look.dash != "none" else ():  # "none": marks only, as special-cause points
        if len(run) > 1:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#{look.colour}" stroke-width="3"{dash}/>')
    if marks := "".join(_marker(look.marker, x, y) for run in runs for x, y in run):
        parts.append(f'<g fill="#{look.colour}" stroke="#FFFFFF">{marks}</g>')
    return parts


def _marker(shape: str, x: float, y: float) -> str:
    """A point's marker, 8 units across; its group gives its colour and a white edge, so that it stands out
    where lines cross."""
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5"/>'
    if shape == "square":
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8"/>'
    if shape == "diamond":
        return f'<path d="M{_n(x)} {_n(y - 5.5)}l5.5 5.5-5.5 5.5-5.5-5.5z"/>'
    if shape == "triangle":
        return f'<path d="M{_n(x)} {_n(y - 5.5)}l5.5 9.5h-11z"/>'
    return ""


LINE = 20  # a legend line's height


class _Entry(NamedTuple):
    """A series in the legend: its name in the lines it takes, and the room it takes across."""

    series: dict[str, Any]
    lines: list[str]
    width: float


def _entry(series: dict[str, Any], room: float, font: int) -> _Entry:
    """A legend entry: its sample line or box, then its name, broken between words where it is wider than
    ``room``."""
    lines = [""]
    for word in series["name"].split():
        joined = f"{lines[-1]} {word}".lstrip()
        if lines[-1] and 30 + len(joined) * font * TEXT_WIDTH > room:
            lines.append(word)
        else:
            lines[-1] = joined
    return _Entry(series, lines, 44 + max(len(line) for line in lines) * font * TEXT_WIDTH)


def _legend_rows(series: list[dict[str, Any]], width: float, font: int) -> list[list[_Entry]]:
    """The legend's entries, in rows that fit the plot's width."""
    rows: list[list[_Entry]] = [[]]
    used = 0.0
    for each in series:
        entry = _entry(each, width, font)
        if rows[-1] and used + entry.width > width:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += entry.width
    return rows


def _legend_height(rows: list[list[_Entry]]) -> int:
    return LINE * sum(max((len(entry.lines) for entry in row), default=1) for row in rows)


def _legend(rows: list[list[_Entry]], left: float, top: float, key: str, columns: tuple[str, ...]) -> list[str]:
    parts = []
    y = top
    for row in rows:
        x = float(left)
        for entry in row:
            kind = entry.series["kind"]
            look = LOOKS[kind]
            if kind in columns:
                parts.append(f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="24" height="12" fill="{_fill(kind, key)}"/>')
            else:
                dash = f' stroke-dasharray="{DASHES[look.dash]}"' if DASHES.get(look.dash) else ""
                if look.dash != "none":
                    parts.append(f'<path d="M{_n(x)} {_n(y - 4)}h24" stroke="#{look.colour}" stroke-width="3"{dash}/>')
                if marker := _marker(look.marker, x + 12, y - 4):
                    parts.append(f'<g fill="#{look.colour}" stroke="#FFFFFF">{marker}</g>')
            lines = "".join(f'<tspan x="{_n(x + 30)}" dy="{LINE if number else 0}">{escape(line)}</tspan>'
                            for number, line in enumerate(entry.lines))
            parts.append(f'<text y="{_n(y)}">{lines}</text>' if len(entry.lines) > 1 else
                         f'<text x="{_n(x + 30)}" y="{_n(y)}">{escape(entry.lines[0])}</text>')
            x += entry.width
        y += _legend_height([row])
    return parts


def _table(chart: dict[str, Any]) -> str:
    """The chart's figures as a table, one row per period, under a disclosure so that the page stays short."""
    second_axis = chart.get("second_axis")
    heads = "".join(f'<th scope="col">{escape(s["name"])}</th>' for s in chart["series"])
    rows = []
    for index, period in enumerate(chart["categories"]):
        cells = []
        for series in chart["series"]:
            value = series["values"][index]
            number_format = second_axis["number_format"] if second_axis and series["kind"] == "second" \
                else chart["number_format"]
            cells.append(f"<td>{escape(shown(value, number_format)) if value is not None else 'n/a'}</td>")
        rows.append(f'<tr><th scope="row">{escape(period)}</th>{"".join(cells)}</tr>')
    return (f'<details><summary>The chart\'s figures</summary><div class="scroll" tabindex="0" role="region" '
            f'aria-label="Figures of the chart of {escape(chart["title"])}"><table><caption>{escape(chart["title"])}'
            f'</caption><thead><tr><th scope="col">Period</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div></details>")


def shown(value: float, number_format: str, axis: bool = False) -> str:
    """A figure as the chart's Excel number format shows it: '#,##0.0"%"' gives 83.0%, '"£"#,##0' £1,500.
    On an axis, a whole figure drops its decimal places."""
    decimals = len(found.group(1)) if (found := re.search(r"\.(0+)", number_format)) else 0
    if axis and float(value).is_integer():
        decimals = 0
    text = f"{abs(value):,.{decimals}f}" if "," in number_format else f"{abs(value):.{decimals}f}"
    sign = "-" if value < 0 else ""
    prefix = "£" if '"£"' in number_format else ""
    suffix = "%" if '"%"' in number_format else ""
    return f"{sign}{prefix}{text}{suffix}"
