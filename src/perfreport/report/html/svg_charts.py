"""Trend charts as SVG for the HTML edition, drawn from the same chart data as the Word charts, in the same
looks (colour, dash, marker) for each kind of series, with the figures also in a table.

Written here rather than with a plotting library: a chart is some forty SVG elements, drawn in about
a millisecond, and the page needs exact control of what a screen reader meets (a title, a
description, a table), which the libraries weighed leave to scripts or to post-editing their output."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

from markupsafe import escape

from perfreport.report.charts import COLUMNS, LOOKS

WIDTH, HEIGHT = 640, 320
LEFT, TOP, BOTTOM = 72, 16, 44
RIGHT, RIGHT_WITH_AXIS = 20, 72
FONT = 14  # px: at 640 wide, about 10.5 pt where the chart is shown at its size
DASHES = {"solid": "", "dash": "8 5", "sysDot": "2 4", "dashDot": "8 4 2 4", "lgDash": "12 5"}
TEXT, GRID, AXIS = "#333333", "#BFBFBF", "#595959"


def chart_figure(chart: dict[str, Any], key: str) -> str:
    """A <figure> holding the chart as SVG (with a title and description for screen readers) and, under it,
    a <details> table of the figures it shows; ``key`` starts the ids of its parts, unique in the page."""
    return f'<figure class="chart">{_svg(chart, key)}{_table(chart)}</figure>'


def _svg(chart: dict[str, Any], key: str) -> str:
    second_axis = chart.get("second_axis")
    right = RIGHT_WITH_AXIS if second_axis else RIGHT
    legend_rows = _legend_rows(chart["series"], WIDTH - LEFT - right)
    height = HEIGHT + 20 * len(legend_rows)
    plot = _Plot(LEFT, TOP, WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM, len(chart["categories"]))
    on_left = [s for s in chart["series"] if not (second_axis and s["kind"] == "second")]
    on_right = [s for s in chart["series"] if second_axis and s["kind"] == "second"]
    columns = COLUMNS.get(chart["type"], ())
    stacked = chart["type"] == "Stacked column"
    left_scale = _Scale(_extent(on_left, stacked, columns), plot)
    right_scale = left_scale
    parts = [_patterns(key), *_grid(left_scale, plot), *_axis_labels(left_scale, plot, chart["number_format"], LEFT - 8,
                                                                     "end")]
    if on_right:
        right_scale = _Scale(_extent(on_right, False, ()), plot)
        parts += _axis_labels(right_scale, plot, second_axis["number_format"], plot.right + 8, "start")
        parts += [_axis_title(second_axis["title"], plot.right + right - 14, plot, 90)]
    if chart.get("axis_title"):
        parts.append(_axis_title(chart["axis_title"], 14, plot, -90))
    parts += _categories(chart["categories"], plot)
    parts += _columns([s for s in on_left + on_right if s["kind"] in columns], left_scale, plot, stacked, key)
    for series in chart["series"]:
        if series["kind"] not in columns:
            parts += _line(series, right_scale if series in on_right else left_scale, plot)
    parts += _legend(legend_rows, HEIGHT - 6, key, columns)
    title, desc = f"{key}-title", f"{key}-desc"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{title} {desc}" font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">'
            f'<title id="{title}">{escape(chart["title"])}</title><desc id="{desc}">{escape(chart["alt_text"])}</desc>'
            f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>{"".join(parts)}</svg>')


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

    def __init__(self, extent: tuple[float, float], plot: _Plot):
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


def _grid(scale: _Scale, plot: _Plot) -> list[str]:
    lines = [f'<line x1="{plot.left}" x2="{plot.right}" y1="{scale.y(t)}" y2="{scale.y(t)}" stroke="{GRID}" '
             f'stroke-width="1"/>' for t in scale.ticks()]
    lines.append(f'<line x1="{plot.left}" x2="{plot.right}" y1="{plot.bottom}" y2="{plot.bottom}" stroke="{AXIS}"/>')
    return lines


def _axis_labels(scale: _Scale, plot: _Plot, number_format: str, x: float, anchor: str) -> list[str]:
    return [f'<text x="{x}" y="{scale.y(t) + 4}" text-anchor="{anchor}" fill="{TEXT}">'
            f"{escape(shown(t, number_format, axis=True))}</text>" for t in scale.ticks()]


def _axis_title(title: str, x: float, plot: _Plot, angle: int) -> str:
    y = plot.top + plot.height / 2
    return (f'<text x="{x}" y="{y}" text-anchor="middle" fill="{TEXT}" transform="rotate({angle} {x} {y})">'
            f"{escape(title)}</text>")


def _categories(categories: list[str], plot: _Plot) -> list[str]:
    """Period labels under the plot: every one where they fit, else every second or third."""
    every = max(1, math.ceil(len(categories) * 70 / plot.width))
    return [f'<text x="{plot.centre(i):.1f}" y="{plot.bottom + 18}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label)}</text>" for i, label in enumerate(categories) if i % every == 0]


def _columns(series: list[dict[str, Any]], scale: _Scale, plot: _Plot, stacked: bool, key: str) -> list[str]:
    """Each column series' bars: side by side, or stacked from the first; each drawn in its look, a second
    series hatched so that it is told apart without colour, every bar edged in white."""
    if not series:
        return []
    width = plot.slot * (0.6 if stacked else 0.7) / (1 if stacked else len(series))
    bars = []
    base = [0.0] * plot.periods
    for place, each in enumerate(series):
        fill = _fill(each["kind"], key)
        for index, value in enumerate(each["values"]):
            if value is None:
                continue
            start = base[index] if stacked else 0.0
            top, bottom = scale.y(start + value), scale.y(start)
            x = plot.centre(index) - (width / 2 if stacked else width * len(series) / 2 - width * place)
            bars.append(f'<rect x="{x:.2f}" y="{min(top, bottom)}" width="{width:.2f}" height="{abs(bottom - top):.2f}" '
                        f'fill="{fill}" stroke="#FFFFFF" stroke-width="1"/>')
            if stacked:
                base[index] += value
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
    dash = f' stroke-dasharray="{DASHES.get(look.dash, "")}"' if DASHES.get(look.dash) else ""
    points = [(plot.centre(i), scale.y(v)) if v is not None else None for i, v in enumerate(series["values"])]
    runs = [list(run) for gap, run in itertools.groupby(points, key=lambda p: p is None) if not gap]
    parts = []
    for run in runs if look.dash != "none" else ():  # "none": marks only, as special-cause points
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y}" for x, y in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#{look.colour}" stroke-width="3"{dash}/>')
    parts += [_marker(look.marker, x, y, look.colour) for run in runs for x, y in run]
    return [part for part in parts if part]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A point's marker, 8 px across, edged in white so that it stands out where lines cross."""
    style = f'fill="#{colour}" stroke="#FFFFFF" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y}" r="4.5" {style}/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4}" width="8" height="8" {style}/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 5.5}l5.5 5.5-5.5 5.5-5.5-5.5z" {style}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5.5}l5.5 9.5h-11z" {style}/>'
    return ""


def _legend_rows(series: list[dict[str, Any]], width: float) -> list[list[dict[str, Any]]]:
    """The legend's entries, in rows that fit the chart's width."""
    rows: list[list[dict[str, Any]]] = [[]]
    used = 0.0
    for each in series:
        needed = 44 + len(each["name"]) * FONT * 0.55
        if rows[-1] and used + needed > width:
            rows.append([])
            used = 0.0
        rows[-1].append(each)
        used += needed
    return rows


def _legend(rows: list[list[dict[str, Any]]], top: float, key: str, columns: tuple[str, ...]) -> list[str]:
    parts = []
    for number, row in enumerate(rows):
        x, y = float(LEFT), top + 20 * number
        for each in row:
            look = LOOKS[each["kind"]]
            if each["kind"] in columns:
                parts.append(f'<rect x="{x}" y="{y - 10}" width="24" height="12" fill="{_fill(each["kind"], key)}"/>')
            else:
                dash = f' stroke-dasharray="{DASHES[look.dash]}"' if DASHES.get(look.dash) else ""
                if look.dash != "none":
                    parts.append(f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="#{look.colour}" '
                                 f'stroke-width="3"{dash}/>')
                parts.append(_marker(look.marker, x + 12, y - 4, look.colour))
            parts.append(f'<text x="{x + 30}" y="{y}" fill="{TEXT}">{escape(each["name"])}</text>')
            x += 44 + len(each["name"]) * FONT * 0.55
    return [part for part in parts if part]


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
