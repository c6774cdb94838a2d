"""Charts everyone can read, checked in the chart parts of generated reports: WCAG contrast of
every line, marker and column, series told apart without colour, one look per kind of series,
text of 10 pt or more, and axis ids the schema allows."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from lxml import etree

from conftest import DETAILS, SAMPLE, TEMPLATE, figure, indicator
from perfreport.core.model import ChartType, HistoryPoint, Unit
from perfreport.generate import generate_report
from perfreport.report.charts import ACTUAL, COMPARATORS, TARGET, XMR_SERIES
from perfreport.workbook import write_workbook

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
KIND_OF = {ACTUAL: "value", TARGET: "target", **{name: key for key, name in COMPARATORS.items()},
           "Mean": "mean", "Upper process limit": "limit", "Lower process limit": "limit",
           **{name: key for key, name in XMR_SERIES.items()}}


def luminance(rgb: str) -> float:
    """WCAG 2 relative luminance of a colour written as six hex digits."""
    channels = [int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_function_gives_wcags_figures():
    assert contrast("FFFFFF", "000000") == pytest.approx(21)
    assert contrast("9BBB59", "FFFFFF") == pytest.approx(2.18, abs=0.01)  # the green target line of the issue
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def _history(rows: list[tuple[str, str, str]], neighbours: str, england: str) -> tuple[HistoryPoint, ...]:
    """History rows of (period, value, second value), with both comparators."""
    return tuple(
        HistoryPoint(period, figure(value), statistical_neighbours=figure(neighbours), england=figure(england),
                     second_value=figure(second))
        for period, value, second in rows
    )


SAME_SCALE = _history([("Q1 2024/25", "88.0", "85.0"), ("Q2 2024/25", "84.0", "86.0")], "80.0", "82.0")
OTHER_SCALE = _history([("Q1 2024/25", "14.3", "88"), ("Q2 2024/25", "13.9", "84")], "12.0", "12.5")
STACKED = _history([("Q1 2024/25", "6.0", "4.0"), ("Q2 2024/25", "6.2", "4.1")], "5.0", "5.5")
COMPARED = dict(statistical_neighbours=figure("81.0"), england=figure("83.5"))
AVERAGE = dict(second_series="Average", second_value=figure("84.5"), **COMPARED)
LEAVERS = dict(history=OTHER_SCALE, current=figure("13.5"), previous=figure("13.9"), second_series="Leavers",
               second_value=figure("80"), target=figure("14.0"), direction="Lower is better",
               statistical_neighbours=figure("12.1"), england=figure("12.6"))
INDICATORS = [
    indicator("1", chart=ChartType.LINE, history=SAME_SCALE, **AVERAGE),
    indicator("2", chart=ChartType.COLUMN, history=SAME_SCALE, **AVERAGE),
    indicator("3", chart=ChartType.COLUMN_AND_LINE, history=SAME_SCALE, **AVERAGE),
    indicator("4", chart=ChartType.STACKED_COLUMN, history=STACKED, current=figure("6.4"), previous=figure("6.2"),
              target=figure("6.0"), second_series="Net", second_value=figure("4.3"),
              statistical_neighbours=figure("5.1"), england=figure("5.6")),
    indicator("5", chart=ChartType.COLUMN, **LEAVERS),
    indicator("6", chart=ChartType.LINE, unit=Unit.NUMBER, **LEAVERS),
]


def chart_parts(docx: Path) -> list[etree._Element]:
    """The root of each chart part in a .docx, in part-name order."""
    with zipfile.ZipFile(docx) as package:
        names = sorted(n for n in package.namelist() if n.startswith("word/charts/chart") and n.endswith(".xml"))
        return [etree.fromstring(package.read(name)) for name in names]


@pytest.fixture(scope="module")
def spaces(tmp_path_factory) -> list[etree._Element]:
    """The chart parts of a report of every chart type and kind of series, and of the sample report."""
    folder = tmp_path_factory.mktemp("contrast")
    write_workbook(folder / "every-kind.xlsx", DETAILS, INDICATORS)
    found = []
    for workbook in (folder / "every-kind.xlsx", SAMPLE):
        generated = generate_report([workbook], TEMPLATE, output=folder / f"{workbook.stem}.docx")
        found += chart_parts(generated.output)
    return found


def series_of(space: etree._Element) -> list[dict]:
    """Each series as drawn: its name, kind, whether a column, colours, dash and marker."""
    found = []
    for element in space.iterfind(".//c:plotArea/*/c:ser", NS):
        name = element.find("c:tx//c:v", NS).text
        column = etree.QName(element.getparent()).localname == "barChart"
        marker = element.find("c:marker/c:symbol", NS)
        dash = element.find("c:spPr/a:ln/a:prstDash", NS)
        found.append({
            "name": name,
            "column": column,
            "stacked": column and element.getparent().find("c:grouping", NS).get("val") == "stacked",
            "fill": _colour(element, "c:spPr/a:solidFill"),
            "line": _colour(element, "c:spPr/a:ln/a:solidFill"),
            "marker": None if marker is None else marker.get("val"),
            "marker_colours": [_colour(element, f"c:marker/c:spPr/{p}") for p in ("a:solidFill", "a:ln/a:solidFill")],
            "dash": None if dash is None else dash.get("val"),
            "kind": KIND_OF.get(name) or ("rest" if name.startswith(f"{ACTUAL} less ") else "second"),
        })
        found[-1]["colour"] = found[-1]["fill"] if column else found[-1]["line"] or found[-1]["marker_colours"][0]
    return found


def _colour(element: etree._Element, path: str) -> str | None:
    found = element.find(f"{path}/a:srgbClr", NS)
    return None if found is None else found.get("val").upper()


def plot_background(space: etree._Element) -> str:
    return _colour(space, "c:chart/c:plotArea/c:spPr/a:solidFill")


def test_every_colour_is_written_in_the_chart_not_taken_from_the_theme(spaces):
    for space in spaces:
        assert space.find(".//a:schemeClr", NS) is None
        assert plot_background(space) == "FFFFFF" and _colour(space, "c:spPr/a:solidFill") == "FFFFFF"
        for series in series_of(space):
            assert series["colour"] is not None, series["name"]
            if series["marker"] not in (None, "none"):
                assert series["marker_colours"] == [series["colour"]] * 2, series["name"]


def test_every_line_marker_and_column_has_3_to_1_against_the_plot_background(spaces):
    found = {(s["kind"], s["colour"], round(contrast(s["colour"], plot_background(space)), 2))
             for space in spaces for s in series_of(space)}
    assert {kind for kind, *_ in found} == {"value", "second", "rest", "target", "statistical_neighbours", "england",
                                            "mean", "limit", "improving", "concerning"}
    assert [f for f in found if f[2] < 3] == []


def test_adjacent_stacked_segments_have_3_to_1_to_each_other_and_a_border(spaces):
    stacked = [[s for s in series_of(space) if s["stacked"]] for space in spaces]
    stacked = [segments for segments in stacked if segments]
    assert len(stacked) == 2  # indicator 4, and the sample's indicator 204
    for segments in stacked:
        for lower, upper in zip(segments, segments[1:]):
            assert contrast(lower["fill"], upper["fill"]) >= 3
        assert {s["line"] for s in segments} == {"FFFFFF"}  # a white border parts each segment from the next


def test_each_kind_of_series_looks_the_same_in_every_chart(spaces):
    looks = defaultdict(set)
    for space in spaces:
        for series in series_of(space):
            looks[series["kind"]].add(series["colour"])
            if not series["column"]:
                looks[series["kind"], "line"].add((series["dash"], series["marker"]))
    assert {key: len(found) for key, found in looks.items() if len(found) != 1} == {}
    assert looks["rest"] == looks["value"]  # the top of a stacked column is the value's
    colours = [next(iter(looks[kind])) for kind in ("value", "second", "target", "statistical_neighbours", "england")]
    assert len(set(colours)) == 5


def test_every_series_is_told_apart_from_the_others_without_colour(spaces):
    """By being a column beside a line, by its dash and marker, or (columns) by 3:1 lightness and a border."""
    for space in spaces:
        for first, second in combinations(series_of(space), 2):
            if first["kind"] == second["kind"]:
                continue  # an XmR chart's two process limits are meant to look alike
            if first["column"] and second["column"]:
                assert contrast(first["fill"], second["fill"]) >= 3, (first["name"], second["name"])
            elif not first["column"] and not second["column"]:
                assert (first["dash"], first["marker"]) != (second["dash"], second["marker"]), first["name"]


def test_chart_text_is_10_pt_or_more(spaces):
    for space in spaces:
        default = space.find("c:txPr//a:defRPr", NS)
        assert default is not None and int(default.get("sz")) >= 1000
        sizes = [int(element.get("sz")) for element in space.iter() if element.get("sz") is not None]
        assert min(sizes) >= 1000


def test_axis_ids_are_non_negative_unique_and_refer_to_axes(spaces):
    for space in spaces:
        plot_area = space.find("c:chart/c:plotArea", NS)
        axes = [a for a in plot_area if etree.QName(a).localname in ("catAx", "valAx", "dateAx", "serAx")]
        ids = [int(a.find("c:axId", NS).get("val")) for a in axes]
        assert len(set(ids)) == len(ids) and min(ids) >= 0
        used = [int(e.get("val")) for e in plot_area.iterfind("*/c:axId", NS)]
        crossed = [int(a.find("c:crossAx", NS).get("val")) for a in axes]
        assert set(used) == set(ids) and set(crossed) <= set(ids)


def test_a_second_series_on_another_scale_has_its_own_titled_axis_on_the_right(spaces):
    with_two = [space for space in spaces if len(space.findall("c:chart/c:plotArea/c:valAx", NS)) == 2]
    assert len(with_two) == 3  # indicators 5 and 6, and the sample's 214
    for space in with_two:
        left, right = space.findall("c:chart/c:plotArea/c:valAx", NS)
        assert (left.find("c:axPos", NS).get("val"), right.find("c:axPos", NS).get("val")) == ("l", "r")
        titles = ["".join(axis.find("c:title", NS).itertext()) for axis in (left, right)]
        assert titles[0].startswith(ACTUAL) and titles[1] in ("Leavers", "Leavers in the month")
