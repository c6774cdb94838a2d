"""Native Word charts: DrawingML chart parts, written by python-pptx, with their figures
embedded as a small workbook so that Word's "Edit Data" works."""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt

from perfreport.core.model import ChartType
from perfreport.core.xmltext import strip_xml_illegal
from perfreport.report.charts import COLUMNS, LOOKS, Look
from perfreport.report.word.chart_workbook import chart_workbook

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NAMESPACES = {"c": _C, "a": _A}
WIDTH_CM = 17  # the text's width on an A4 page with margins of 2 cm
HEIGHT_CM = 6.5
LEGEND_BELOW = 4  # up to this many series, the legend is one row below the chart; more, a column at its right
EMU_PER_CM = 360000

CATEGORY_AXIS, VALUE_AXIS, SECOND_CATEGORY_AXIS, SECOND_VALUE_AXIS = 1, 2, 3, 4
TEXT_POINTS, TITLE_POINTS, LINE_POINTS, SEGMENT_BORDER_POINTS, MARKER_SIZE = 10, 11, 2.25, 1.5, 7
BACKGROUND, TEXT, GRIDLINES, AXIS_LINE = "FFFFFF", "333333", "BFBFBF", "595959"


class ChartWriter:
    """Adds charts to a Word document's package; each ``add`` gives the run that shows one."""

    def __init__(self, document: Document) -> None:
        self._document = document.part
        self._package = document.part.package
        self._font = _body_font(document)
        taken = [int(n) for p in self._package.iter_parts() if (n := _chart_number(p.partname))]
        self._count = max(taken, default=0)
        self._drawn: dict[tuple, Any] = {}  # the first chart of each shape, drawn by python-pptx

    def add(self, chart: dict[str, Any]) -> str:
        """Add ``chart`` (as built by report.charts.indicator_chart) and return the run XML showing it."""
        self._count += 1
        number = self._count
        xml = etree.tostring(self._chart_space(chart), encoding="UTF-8", xml_declaration=True, standalone=True)
        part = Part(PackURI(f"/word/charts/chart{number}.xml"), CONTENT_TYPE.DML_CHART, xml, self._package)
        values = [(s["name"], s["values"]) for s in chart["series"]]
        workbook = Part(
            PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"),
            CONTENT_TYPE.SML_SHEET,
            chart_workbook(chart["categories"], values, chart["number_format"]),
            self._package,
        )
        part.rels.add_relationship(RELATIONSHIP_TYPE.PACKAGE, workbook, "rId1")
        relationship = f"rIdChart{number}"
        self._document.rels.add_relationship(RELATIONSHIP_TYPE.CHART, part, relationship)
        return inline_chart(relationship, number, chart["title"], chart["alt_text"])

    def _chart_space(self, chart: dict[str, Any]) -> Any:
        """python-pptx draws the first chart of each shape; later ones of that shape are copies of
        it with their own title, names, periods and figures, which is many times faster."""
        shape = _shape(chart, self._font)
        first = self._drawn.get(shape)
        if first is None:
            self._drawn[shape] = first = chart_space(chart, self._font)
            return first
        copy = deepcopy(first)
        _fill(copy, chart)
        return copy


def _shape(chart: dict[str, Any], font: str | None) -> tuple:
    """What decides a chart's XML apart from its words and figures: its type, formats, series and periods."""
    series = tuple(s["kind"] for s in chart["series"])
    second_axis = chart["second_axis"]["number_format"] if chart["second_axis"] else None
    return (chart["type"], chart["number_format"], second_axis, font, len(chart["categories"]), series,
            _from_zero(chart))


def _from_zero(chart: dict[str, Any]) -> bool:
    """Whether the value axis starts at 0: for columns, read by their height, unless a figure is below 0."""
    return bool(_columns(chart)) and all(v is None or v >= 0 for s in chart["series"] for v in s["values"])


def _fill(space: Any, chart: dict[str, Any]) -> None:
    """Put a chart's own words and figures into a copy of a chart of the same shape: each series' cached
    points afresh where its periods without a figure differ (a gap in the line, an XmR chart's unmarked
    point). Elements are found by their full names, child by child, as this runs for every chart."""
    _first_text(space.find(f"{_IN_C}chart/{_IN_C}title"), _A_TEXT).text = strip_xml_illegal(chart["title"])
    categories = [strip_xml_illegal(c) for c in chart["categories"]]
    for plot in space.find(f"{_IN_C}chart/{_IN_C}plotArea"):
        for element in plot.iterchildren(f"{_IN_C}ser"):
            series = chart["series"][int(element.find(f"{_IN_C}idx").get("val"))]
            _first_text(element.find(f"{_IN_C}tx"), f"{_IN_C}v").text = strip_xml_illegal(series["name"])
            for point in element.find(f"{_IN_C}cat").iter(f"{_IN_C}pt"):
                point[0].text = categories[int(point.get("idx"))]
            _fill_values(next(element.find(f"{_IN_C}val").iter(f"{_IN_C}numCache")), series["values"])
    titles = [chart["axis_title"], chart["second_axis"]["title"]] if chart["second_axis"] else []
    for axis, title in zip(space.iterfind("c:chart/c:plotArea/c:valAx", _NAMESPACES), titles):
        axis.find("c:title//a:t", _NAMESPACES).text = strip_xml_illegal(title)


_IN_C, _A_TEXT = f"{{{_C}}}", f"{{{_A}}}t"


def _first_text(element: Any, tag: str) -> Any:
    return next(element.iter(tag))


def _fill_values(cache: Any, values: list[float | None]) -> None:
    """A series' cached figures: a point for each period with a figure, none where it has none."""
    points = cache.findall(f"{_IN_C}pt")
    given = [index for index, value in enumerate(values) if value is not None]
    if [int(point.get("idx")) for point in points] == given:
        for point, index in zip(points, given):
            point[0].text = str(values[index])
        return
    for point in points:
        cache.remove(point)
    for index in given:
        point = etree.SubElement(cache, f"{_IN_C}pt", idx=str(index))
        etree.SubElement(point, f"{_IN_C}v").text = str(values[index])


def _body_font(document: Document) -> str | None:
    """The font of the template's Normal style, which charts take on; None leaves the theme's."""
    normal = next((s for s in document.styles if s.style_id == "Normal"), None)
    return normal.font.name if normal is not None else None


def _chart_number(partname: str) -> str | None:
    found = re.fullmatch(r"/word/charts/chart(\d+)\.xml", partname)
    return found.group(1) if found else None


def chart_space(chart: dict[str, Any], font: str | None = None) -> Any:
    """The chart part's root element, drawn by python-pptx: columns and lines on one pair of
    axes (and a second series on another scale on a second value axis), titled, with a legend below."""
    data = CategoryChartData(number_format=chart["number_format"])
    data.categories = chart["categories"]
    for series in chart["series"]:
        data.add_series(series["name"], series["values"])
    columns = _columns(chart)
    line_space = parse_xml(ChartXmlWriter(XL_CHART_TYPE.LINE_MARKERS, data).xml.encode())
    if columns:
        stacked = chart["type"] == ChartType.STACKED_COLUMN
        column_type = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
        space = parse_xml(ChartXmlWriter(column_type, data).xml.encode())
        _combine(space, line_space, columns)
    else:
        space = line_space
    _number_axes(space)
    _style(space, chart, font)
    if chart["second_axis"]:
        _add_second_axis(space, chart)
    return space


def _columns(chart: dict[str, Any]) -> set[int]:
    """The positions of the series the chart draws as columns."""
    column_kinds = COLUMNS[ChartType(chart["type"])]
    return {i for i, series in enumerate(chart["series"]) if series["kind"] in column_kinds}


def _combine(space: Any, line_space: Any, columns: set[int]) -> None:
    """Keep the column series in ``space``'s bar chart and add the others as lines on the same axes."""
    bar_chart = space.find(".//c:barChart", _NAMESPACES)
    line_chart = line_space.find(".//c:lineChart", _NAMESPACES)
    for chart_element, keep in ((bar_chart, True), (line_chart, False)):
        for series in chart_element.findall("c:ser", _NAMESPACES):
            index = int(series.find("c:idx", _NAMESPACES).get("val"))
            if (index in columns) != keep:
                chart_element.remove(series)
    if line_chart.find("c:ser", _NAMESPACES) is None:
        return
    for line_axis, bar_axis in zip(line_chart.findall("c:axId", _NAMESPACES), bar_chart.findall("c:axId", _NAMESPACES)):
        line_axis.set("val", bar_axis.get("val"))
    bar_chart.addnext(line_chart)


def _number_axes(space: Any) -> None:
    """Number the axes 1 (periods) and 2 (values): python-pptx's ids are negative, which the schema forbids."""
    plot_area = space.find("c:chart/c:plotArea", _NAMESPACES)
    ids = {plot_area.find(f"c:{tag}/c:axId", _NAMESPACES).get("val"): str(number)
           for tag, number in (("catAx", CATEGORY_AXIS), ("valAx", VALUE_AXIS))}
    for element in plot_area.iter(f"{{{_C}}}axId", f"{{{_C}}}crossAx"):
        element.set("val", ids[element.get("val")])


def _style(space: Any, chart: dict[str, Any], font: str | None) -> None:
    """Title, legend, axes, each series' look, white backgrounds, square corners, and the link to the embedded data."""
    drawn = Chart(space, None)
    drawn.font.size = Pt(TEXT_POINTS)
    drawn.font.color.rgb = RGBColor.from_string(TEXT)
    if font:
        drawn.font.name = font
    drawn.has_title = True
    _write_title(drawn.chart_title.text_frame, chart["title"], Pt(TITLE_POINTS), font)
    drawn.has_legend = True
    drawn.legend.position = XL_LEGEND_POSITION.RIGHT if _legend_right(chart) else XL_LEGEND_POSITION.BOTTOM
    drawn.legend.include_in_layout = False
    _style_axes(drawn, chart, font)
    _style_series(space, chart)
    _add_backgrounds(space)
    rounded = etree.SubElement(space, f"{{{_C}}}roundedCorners", val="0")
    space.find("c:date1904", _NAMESPACES).addnext(rounded)
    space.get_or_add_externalData().rId = "rId1"


def _style_axes(drawn: Chart, chart: dict[str, Any], font: str | None) -> None:
    """Figures as the report shows them, light gridlines, grey axis lines; a title where there is a second axis."""
    axis = drawn.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(GRIDLINES)
    axis.tick_labels.number_format = chart["number_format"]
    axis.tick_labels.number_format_is_linked = False
    if _from_zero(chart):
        axis.minimum_scale = 0  # columns are read by their height
    for each in (axis, drawn.category_axis):
        each.format.line.color.rgb = RGBColor.from_string(AXIS_LINE)
    if chart["axis_title"]:
        axis.has_title = True
        _write_title(axis.axis_title.text_frame, chart["axis_title"], Pt(TEXT_POINTS), font, bold=False)


def _write_title(frame: Any, text: str, size: Pt, font: str | None, bold: bool | None = None) -> None:
    """A chart or axis title in the chart's text colour; ``bold`` None leaves Word's default."""
    frame.text = strip_xml_illegal(text)
    title_font = frame.paragraphs[0].runs[0].font
    title_font.size, title_font.name, title_font.bold = size, font, bold
    title_font.color.rgb = RGBColor.from_string(TEXT)


def _style_series(space: Any, chart: dict[str, Any]) -> None:
    """Give each series its kind's look; columns take their series' colour, not one per period."""
    kinds = [s["kind"] for s in chart["series"]]
    for bar_chart in space.iterfind("c:chart/c:plotArea/c:barChart", _NAMESPACES):
        bar_chart.find("c:grouping", _NAMESPACES).addnext(_elements('<c:varyColors val="0"/>')[0])
    for series in space.iterfind("c:chart/c:plotArea/*/c:ser", _NAMESPACES):
        look = LOOKS[kinds[int(series.find("c:idx", _NAMESPACES).get("val"))]]
        column = etree.QName(series.getparent()).localname == "barChart"
        for element in reversed(_elements(_column_look(look) if column else _line_look(look))):
            series.find("c:tx", _NAMESPACES).addnext(element)


def _column_look(look: Look) -> str:
    """A solid column with a white border, which parts a stacked column's segments."""
    return _properties(look.colour, _solid(BACKGROUND), Pt(SEGMENT_BORDER_POINTS))


def _line_look(look: Look) -> str:
    """A line in its kind's colour and dash, and its marker, filled and outlined in that colour."""
    if look.dash == "none":  # marks at points, as an XmR chart's special-cause points, with no line between them
        line = '<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
    else:
        line = f'<c:spPr><a:ln w="{Pt(LINE_POINTS)}">{_solid(look.colour)}<a:prstDash val="{look.dash}"/></a:ln></c:spPr>'
    drawn = "" if look.marker == "none" else f'<c:size val="{MARKER_SIZE}"/>{_properties(look.colour, _solid(look.colour))}'
    return f'{line}<c:marker><c:symbol val="{look.marker}"/>{drawn}</c:marker>'


def _add_backgrounds(space: Any) -> None:
    """White behind the chart and its plot area, whatever the document's theme, with a light border round the chart."""
    plot_area = space.find("c:chart/c:plotArea", _NAMESPACES)
    plot_area.append(_elements(_properties(BACKGROUND, "<a:noFill/>"))[0])
    space.find("c:txPr", _NAMESPACES).addprevious(_elements(_properties(BACKGROUND, _solid(GRIDLINES)))[0])


def _properties(fill: str, line: str, width: int | None = None) -> str:
    """A c:spPr filled with ``fill`` and outlined with ``line``, DrawingML written without namespace declarations."""
    widths = f' w="{width}"' if width else ""
    return f"<c:spPr>{_solid(fill)}<a:ln{widths}>{line}</a:ln></c:spPr>"


def _solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def _elements(xml: str) -> list[Any]:
    """DrawingML elements written without namespace declarations, parsed."""
    return list(parse_xml(f'<c:group xmlns:c="{_C}" xmlns:a="{_A}">{xml}</c:group>'))


def _add_second_axis(space: Any, chart: dict[str, Any]) -> None:
    """Move the second series onto axes of its own: periods hidden, values on the right, titled with its name."""
    plot_area = space.find("c:chart/c:plotArea", _NAMESPACES)
    index = next(i for i, s in enumerate(chart["series"]) if s["kind"] == "second")
    series = next(s for s in plot_area.iterfind("c:lineChart/c:ser", _NAMESPACES)
                  if s.find("c:idx", _NAMESPACES).get("val") == str(index))
    line_chart = series.getparent()
    if len(line_chart.findall("c:ser", _NAMESPACES)) > 1:
        own = deepcopy(line_chart)
        for other in own.findall("c:ser", _NAMESPACES):
            own.remove(other)
        own.find("c:marker", _NAMESPACES).addprevious(series)
        line_chart.addnext(own)
        line_chart = own
    for axis_id, number in zip(line_chart.findall("c:axId", _NAMESPACES), (SECOND_CATEGORY_AXIS, SECOND_VALUE_AXIS)):
        axis_id.set("val", str(number))
    categories, values = deepcopy(plot_area.find("c:catAx", _NAMESPACES)), deepcopy(plot_area.find("c:valAx", _NAMESPACES))
    _set(categories, axId=SECOND_CATEGORY_AXIS, crossAx=SECOND_VALUE_AXIS, delete=1)
    _set(values, axId=SECOND_VALUE_AXIS, crossAx=SECOND_CATEGORY_AXIS, axPos="r", crosses="max")
    values.remove(values.find("c:majorGridlines", _NAMESPACES))
    values.find("c:numFmt", _NAMESPACES).set("formatCode", chart["second_axis"]["number_format"])
    values.find("c:title//a:t", _NAMESPACES).text = strip_xml_illegal(chart["second_axis"]["title"])
    plot_area.find("c:valAx", _NAMESPACES).addnext(categories)
    categories.addnext(values)


def _set(axis: Any, **values: object) -> None:
    """Set the val of each named child of an axis element."""
    for tag, value in values.items():
        axis.find(f"c:{tag}", _NAMESPACES).set("val", str(value))


def _legend_right(chart: dict[str, Any]) -> bool:
    """Whether the legend stands at the chart's right: for more series than one row below holds (an XmR chart
    has up to seven), which would take the plot's height."""
    return len(chart["series"]) > LEGEND_BELOW


def inline_chart(relationship: str, number: int, title: str, alt_text: str) -> str:
    """The run that places a chart in the text, with its alt text for screen readers."""
    width, height = WIDTH_CM * EMU_PER_CM, round(HEIGHT_CM * EMU_PER_CM)
    return (
        "<w:r><w:drawing>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="Chart {number}" title={_attribute(title)} descr={_attribute(alt_text)}/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="{_C}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{relationship}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _attribute(text: str) -> str:
    """Text as a quoted XML attribute value, guarded against docxtpl's "{_{" rewriting."""
    quoted = quoteattr(strip_xml_illegal(text), {"\n": "&#10;", "\t": "&#9;"})
    return quoted.replace("{_", "{&#95;").replace("_}", "&#95;}")
