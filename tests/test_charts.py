"""Trend charts: native Word charts of each indicator's History, read back from the generated .docx."""

from __future__ import annotations

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from conftest import TEMPLATE, figure, indicator
from docx_reading import NS, charts
from perfreport.core.model import ChartType, Direction, HistoryPoint, PeriodType, Unit
from perfreport.core.periods import parse_period, report_period
from perfreport.generate import generate_report
from perfreport.report.charts import indicator_chart, number_format
from perfreport.report.word import charts as word_charts
from perfreport.report.word.charts import chart_space
from perfreport.validate import validate

REPORT = parse_period("Q3 2024/25")
CHART_CODES = ("chart-without-second-series", "stacked-part-too-large")

FOI = indicator(
    "182",
    title="FOI requests answered in time",
    current=figure("83.0"),
    previous=figure("84.0"),
    target=figure("90.0"),
    history=(
        HistoryPoint("Q1 2024/25", figure("88.0"), figure("85.0"), england=figure("86.5")),
        HistoryPoint("Q2 2024/25", figure("84.0"), figure("90.0"), england=figure("87.0")),
    ),
    england=figure("87.5"),
)


def point(period: str, value: str | None, **figures: str) -> HistoryPoint:
    return HistoryPoint(period, figure(value) if value else None, **{k: figure(v) for k, v in figures.items()})


@pytest.fixture
def report(tmp_path, make_workbook):
    """Generate a report from indicators and read back its charts."""

    def make(*indicators):
        generated = generate_report([make_workbook(list(indicators))], TEMPLATE, output=tmp_path / "report.docx")
        return charts(Document(generated.output))

    return make


def test_one_chart_per_indicator_with_history_with_its_figures_and_target_line(report):
    no_history = indicator("2", history=())
    found = report(FOI, no_history)
    assert len(found) == 1
    chart = found[0]
    assert chart["title"] == "FOI requests answered in time"
    assert chart["categories"] == ["Q1 2024/25", "Q2 2024/25", "Q3 2024/25"]
    assert [(s["name"], s["values"], s["plot"], s["dash"]) for s in chart["series"]] == [
        ("Actual", [88.0, 84.0, 83.0], "barChart", None),
        ("Target", [85.0, 90.0, 90.0], "lineChart", "dash"),
        ("England mean", [86.5, 87.0, 87.5], "lineChart", "dashDot"),
    ]
    assert chart["alt_text"] == (
        "Column chart of FOI requests answered in time, Q1 2024/25 to Q3 2024/25, showing Actual, Target and "
        "England mean. Latest figures, for Q3 2024/25: Actual 83.0%, Target 90.0%, England mean 87.5%. "
        "Trend: falling (declining) from 88.0% in Q1 2024/25 to 83.0% in Q3 2024/25."
    )


def test_the_embedded_workbook_holds_the_figures_the_chart_refers_to(report):
    chart = report(FOI)[0]
    assert chart["workbook"] == [
        [None, "Actual", "Target", "England mean"],
        ["Q1 2024/25", 88.0, 85.0, 86.5],
        ["Q2 2024/25", 84.0, 90.0, 87.0],
        ["Q3 2024/25", 83.0, 90.0, 87.5],
    ]
    columns = "BCD"
    for position, series in enumerate(chart["series"]):
        column = columns[position]
        assert (series["name_cell"], series["values_cells"]) == (f"Sheet1!${column}$1", f"Sheet1!${column}$2:${column}$4")


def test_chart_types_draw_the_owners_choice(report):
    monthly = dict(period_type="Month", unit=Unit.NUMBER, target=None, target_tbc=True, no_target_status="Baseline",
                   previous=figure("13"), second_series="Rolling average", second_value=figure("12"))
    history = (point("Oct 2024", "14", second_value="11"), point("Nov 2024", "13", second_value="12"))
    line = indicator("1", current=figure("12"), chart=ChartType.LINE, history=history, **monthly)
    column_and_line = indicator("2", current=figure("12"), chart=None, history=history, **monthly)
    stacked = indicator("3", current=figure("12"), chart=ChartType.STACKED_COLUMN, history=history, **monthly)
    column = indicator("4", current=figure("12"), chart=ChartType.COLUMN, history=history, **monthly)
    hidden = indicator("5", chart=ChartType.NONE, history=(point("Q2 2024/25", "80.0"),))
    found = report(line, column_and_line, stacked, column, hidden)
    assert len(found) == 4
    drawn = [[(s["name"], s["plot"], s["grouping"], s["values"]) for s in chart["series"]] for chart in found]
    assert drawn[0] == [
        ("Actual", "lineChart", "standard", [14, 13, 12]),
        ("Rolling average", "lineChart", "standard", [11, 12, 12]),
    ]
    assert drawn[1] == [
        ("Actual", "barChart", "clustered", [14, 13, 12]),
        ("Rolling average", "lineChart", "standard", [11, 12, 12]),
    ]
    assert drawn[2] == [
        ("Rolling average", "barChart", "stacked", [11, 12, 12]),
        ("Actual less Rolling average", "barChart", "stacked", [3, 1, 0]),
    ]
    assert found[2]["alt_text"] == (
        "Stacked column chart of Indicator title 3, Oct 2024 to Dec 2024, showing Actual, each column Rolling "
        "average with Actual less Rolling average on top. Latest figures, for Dec 2024: Actual 12, Rolling average "
        "12, Actual less Rolling average 0. Trend: falling (declining) from 14 in Oct 2024 to 12 in Dec 2024."
    )
    assert drawn[3] == [
        ("Actual", "barChart", "clustered", [14, 13, 12]),
        ("Rolling average", "barChart", "clustered", [11, 12, 12]),
    ]
    assert found[0]["categories"] == ["Oct 2024", "Nov 2024", "Dec 2024"]


def test_a_period_without_a_figure_is_a_gap_and_a_missing_target_is_the_current_one():
    gappy = indicator("1", history=(point("Q1 2024/25", "80.0"), point("Q2 2024/25", None, target="85.0")))
    chart = indicator_chart(gappy, REPORT)
    assert [(s["name"], s["values"]) for s in chart["series"]] == [
        ("Actual", [80.0, None, 83.0]),
        ("Target", [90.0, 85.0, 90.0]),
    ]
    assert "Trend: rising (improving) from 80.0% in Q1 2024/25 to 83.0% in Q3 2024/25." in chart["alt_text"]


def test_lower_is_better_trend_and_no_target_in_alt_text():
    falling = indicator(
        "1", unit=Unit.NUMBER, direction="Lower is better", current=figure("9154"), target=None,
        history=(point("Q1 2024/25", "10200"), point("Q2 2024/25", "9700")),
    )
    chart = indicator_chart(falling, REPORT)
    assert chart["alt_text"] == (
        "Column chart of Indicator title 1, Q1 2024/25 to Q3 2024/25, showing Actual. Latest figures, for "
        "Q3 2024/25: Actual 9,154. Trend: falling (improving) from 10,200 in Q1 2024/25 to 9,154 in Q3 2024/25."
    )
    assert [s["name"] for s in chart["series"]] == ["Actual"]


@pytest.mark.parametrize(
    ("unit", "decimals", "expected"),
    [(Unit.PERCENT, 1, '#,##0.0"%"'), (Unit.NUMBER, 0, "#,##0"), (Unit.MONEY, 2, '"£"#,##0.00'), (Unit.STARS, 1, "#,##0.0")],
)
def test_the_value_axis_follows_the_unit(unit, decimals, expected):
    assert number_format(unit, decimals) == expected
    shown = "84" + ("." + "0" * decimals if decimals else "")
    chart = indicator_chart(indicator("1", unit=unit, current=figure(shown), history=(point("Q2 2024/25", shown),)), REPORT)
    xml = etree.tostring(chart_space(chart), encoding="unicode")
    assert f'<c:numFmt formatCode="{expected.replace(chr(34), "&quot;")}" sourceLinked="0"/>' in xml


def test_owners_words_reach_the_chart_intact(report):
    words = 'R&D < 5% & "rising" {{ not a tag }} {_ x _}'
    chart = report(
        indicator("1", title=words, history=(point("Q2 2024/25", "80.0"),), second_series=words,
                  second_value=figure("1.0"))
    )[0]
    assert chart["title"] == words
    assert chart["alt_text"].startswith(f"Column and line chart of {words}, ")
    assert [s["name"] for s in chart["series"]] == ["Actual", "Target", words] and chart["workbook"][0][2] == words


LEAVERS = dict(unit=Unit.PERCENT, period_type=PeriodType.MONTH, direction=Direction.LOWER, current=figure("12.7"),
               target=None, second_series="Leavers in the month", second_value=figure("77"))


def test_a_second_series_on_another_scale_is_a_line_against_its_own_titled_axis_on_the_right():
    history = (point("Aug 2024", "14.3", second_value="88"), point("Sep 2024", "13.9", second_value="84"))
    for chosen in (None, ChartType.COLUMN, ChartType.COLUMN_AND_LINE):
        chart = indicator_chart(indicator("1", chart=chosen, history=history, **LEAVERS), REPORT)
        assert chart["type"] == "Column and line"  # columns side by side on two scales would mislead
        assert (chart["axis_title"], chart["second_axis"]) == (
            "Actual (%)", {"title": "Leavers in the month", "number_format": "#,##0"}
        )
    assert chart["alt_text"] == (
        "Column and line chart of Indicator title 1, Aug 2024 to Dec 2024, showing Actual and Leavers in the month "
        "(right-hand axis). Latest figures, for Dec 2024: Actual 12.7%, Leavers in the month 77. "
        "Trend: falling (improving) from 14.3% in Aug 2024 to 12.7% in Dec 2024."
    )
    space = etree.fromstring(etree.tostring(chart_space(chart)))  # plain lxml, not python-pptx's classes
    plot_area = space.find("c:chart/c:plotArea", NS)
    assert [[a.get("val") for a in group.iterfind("c:axId", NS)] for group in plot_area.iterfind("*[c:ser]", NS)] == [
        ["1", "2"], ["3", "4"]
    ]
    axes = [(axis.find("c:axPos", NS).get("val"), "".join(axis.find("c:title", NS).itertext()))
            for axis in plot_area.iterfind("c:valAx", NS)]
    assert axes == [("l", "Actual (%)"), ("r", "Leavers in the month")]


@pytest.mark.parametrize(("second", "own_axis"), [("70.0", False), ("71.6", True), ("2.86", False), ("2.85", True)])
def test_the_second_series_gets_its_own_axis_beyond_five_times_or_a_fifth_of_the_others(second, own_axis):
    """The largest of Actual, Target and comparators here is 14.3: 5 times that is 71.5, a fifth 2.86."""
    history = (point("Aug 2024", "14.3", second_value=second),)
    chart = indicator_chart(indicator("1", history=history, **{**LEAVERS, "second_value": None}), REPORT)
    assert (chart["second_axis"] is not None) == own_axis
    stacked = indicator_chart(indicator("1", chart=ChartType.STACKED_COLUMN, history=history, **LEAVERS), REPORT)
    assert stacked["second_axis"] is None  # stacked parts share the value's scale


def test_charts_are_numbered_after_those_already_in_the_template(tmp_path, make_workbook):
    template = Document(TEMPLATE)
    own = Part(PackURI("/word/charts/chart1.xml"), CONTENT_TYPE.DML_CHART,
               etree.tostring(chart_space(indicator_chart(FOI, REPORT))), template.part.package)
    template.part.relate_to(own, RELATIONSHIP_TYPE.CHART)
    template.save(tmp_path / "with-chart.docx")
    workbook = make_workbook([FOI, indicator("2", history=(point("Q2 2024/25", "80.0"),))])
    generated = generate_report([workbook], tmp_path / "with-chart.docx", output=tmp_path / "report.docx")
    document = Document(generated.output)
    assert [c["partname"] for c in charts(document)] == ["/word/charts/chart2.xml", "/word/charts/chart3.xml"]
    assert "/word/charts/chart1.xml" in {part.partname for part in document.part.package.iter_parts()}


def test_charts_of_one_shape_each_keep_their_own_words_and_figures(report):
    """The second chart of a shape is a copy of the first with its own title, periods, names and figures."""
    first = indicator("1", title="First & best", history=(point("Q1 2024/25", "70.0"), point("Q2 2024/25", "75.0")))
    second = indicator("2", title="Second < third", current=figure("55.5"),
                       history=(point("Q1 2024/25", "50.5"), point("Q2 2024/25", "52.0")))
    gap = indicator("3", history=(point("Q1 2024/25", None), point("Q2 2024/25", "61.0")))
    found = report(first, second, gap)
    assert [c["title"] for c in found] == ["First & best", "Second < third", "Indicator title 3"]
    assert [c["series"][0]["values"] for c in found] == [[70.0, 75.0, 83.0], [50.5, 52.0, 55.5], [None, 61.0, 83.0]]
    assert [c["workbook"][1:] for c in found][1] == [
        ["Q1 2024/25", 50.5, 90.0], ["Q2 2024/25", 52.0, 90.0], ["Q3 2024/25", 55.5, 90.0]
    ]
    assert found[1]["alt_text"].startswith(
        "Column chart of Second < third, Q1 2024/25 to Q3 2024/25, showing Actual and Target. Latest figures, "
        "for Q3 2024/25: Actual 55.5%, Target 90.0%."
    )


def test_python_pptx_draws_each_shape_of_chart_once(report, monkeypatch):
    drawn = []
    monkeypatch.setattr(word_charts, "chart_space", lambda chart, font=None: drawn.append(chart) or chart_space(chart, font))
    history = (point("Q1 2024/25", "70.0"), point("Q2 2024/25", "75.0"))
    report(*(indicator(str(n), history=history, current=figure(f"{80 + n}.0")) for n in range(1, 4)),
           indicator("4", chart=ChartType.LINE, history=history))
    assert [c["type"] for c in drawn] == ["Column", "Line"]


def test_the_sample_report_has_one_chart_for_every_indicator_with_history(sample_report, sample_document):
    """The XmR chart where the figures have an SPC reading, which draws them with the target; else the trend chart."""
    with_history = [r for r in sample_report.rated if r.indicator.history]
    read = {r.indicator.number for r in with_history if r.spc and r.spc.enough}
    assert len(with_history) == 14 and "182" in read
    found = charts(sample_document)
    assert [c["title"] for c in found] == [
        r.indicator.title + (": statistical process control" if r.indicator.number in read else "") for r in with_history
    ]
    period = report_period(sample_report.details.period, sample_report.details.financial_year)
    foi = indicator_chart(with_history[0].indicator, period)  # the HTML edition's trend chart
    assert foi["alt_text"] == (
        "Line chart of Percentage of Freedom of Information requests answered within statutory timescales, "
        "Q1 2019/20 to Q2 2023/24, showing Actual and Target. Latest figures, for Q2 2023/24: Actual 83.0%, "
        "Target 90.0%. Trend: falling (declining) from 88.1% in Q1 2019/20 to 83.0% in Q2 2023/24."
    )
    investment = next(c for c in found if c["title"].startswith("Annual forecast of the gross income"))
    assert investment["categories"] == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    net, rest, target = investment["series"]
    assert (net["name"], net["grouping"], rest["grouping"]) == ("Net of financing costs", "stacked", "stacked")
    gross = [round(a + b, 2) for a, b in zip(net["values"], rest["values"])]
    assert gross == [5.4, 5.5, 5.8, 5.75, 6.38] and target["values"] == [6.0] * 5
    assert rest["name"] == "Actual less Net of financing costs"
    turnover = next(c for c in found if c["title"].startswith("Staff turnover"))
    assert [(s["name"], s["plot"]) for s in turnover["series"]] == [("Actual", "barChart"), ("Leavers in the month", "lineChart")]
    assert "showing Actual and Leavers in the month (right-hand axis). Latest figures, for Sep 2023: Actual 12.7%, " \
        "Leavers in the month 77." in turnover["alt_text"]


def test_validate_warns_when_a_chart_cannot_be_drawn_as_chosen(make_workbook):
    no_second = indicator("1", chart=ChartType.COLUMN_AND_LINE, history=(point("Q2 2024/25", "80.0"),))
    too_large = indicator("2", chart=ChartType.STACKED_COLUMN, second_series="Net", second_value=figure("90.0"),
                          history=(point("Q2 2024/25", "80.0", second_value="40.0"),))
    fine = indicator("3", chart=ChartType.STACKED_COLUMN, second_series="Net", second_value=figure("40.0"),
                     history=(point("Q2 2024/25", "80.0", second_value="40.0"),))
    problems = validate([make_workbook([no_second, too_large, fine])]).problems
    found = [(p.code, p.sheet, p.cell, p.message) for p in problems if p.code in CHART_CODES]
    assert found == [
        ("chart-without-second-series", "Indicators", "W2",
         "The chart is 'Column and line', but no Second series value is given, so it is drawn as columns."),
        ("stacked-part-too-large", "Indicators", "Y3",
         "Second series value 90.0% is larger than the value 83.0%, but a stacked column shows it as part of the value."),
    ]


def test_the_indicator_set_template_draws_charts_too(tmp_path, make_workbook):
    template = TEMPLATE.parent / "indicator-set.docx"
    generated = generate_report([make_workbook([FOI])], template, output=tmp_path / "report.docx")
    assert [c["title"] for c in charts(Document(generated.output))] == ["FOI requests answered in time"]
