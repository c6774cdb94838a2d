"""Build inputs/performance-report-2023-24-q2.xlsx, the sample owners' workbook.

Titles, targets, figures, directions, units and period types are those of a published
Quarter 2 2023/24 Strategy and Resources performance report. Indicator numbers 183, 184,
204, 212 and 214 are as published; the others are assigned in the report's order.
Descriptions and commentary are short summaries written for this sample.

The History sheet holds each indicator's earlier periods, up to the one before Quarter 2 2023/24.
History figures marked "Illustrative" in the Note column are invented for the sample, so that every
indicator has a trend chart; the others come from the published report's text (its previous figures,
and earlier figures its commentary quotes). "Second series illustrative" marks a row whose value is
published but whose Second series value is invented. The Second series of indicator 213 (the average
of the latest 12 monthly figures, drawn as a line over the columns) and of indicator 214 (leavers in the
month, a count some six times the turnover percentage, so drawn against a second axis) are illustrative
throughout, including their current values.
Indicator 183's figures are year to date and those of 213 and 214 rolling 12-month ones, and their Figure type
says so, so that they are not read as SPC charts.
Indicators 182 and 183 name a Benchmark metric of the illustrative national table that
tools/build_national_sample.py builds, from which perfreport benchmarks import fills their comparators.
Indicator 204's current net return, 4.26%, is its 6.38% gross return scaled by the published £12.9m net
and £19.3m gross income.
Run: python tools/build_sample_workbook.py
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from shipping import ship

from perfreport.core.model import (
    ChartType,
    Direction,
    Figure,
    FigureType,
    HistoryPoint,
    Indicator,
    Link,
    PeriodType,
    ReportDetails,
    Unit,
)
from perfreport.shipped import SAMPLE
from perfreport.workbook import write_workbook

ICO = Link("Information Commissioner's Office: guidance for the public", "https://ico.org.uk/for-the-public/")
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
PCT, NUM = Unit.PERCENT, Unit.NUMBER
MONTH, QUARTER, YEAR, FORECAST = PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR, PeriodType.FORECAST
LINE, COLUMN = ChartType.LINE, ChartType.COLUMN
COLUMN_AND_LINE, STACKED = ChartType.COLUMN_AND_LINE, ChartType.STACKED_COLUMN
PUBLISHED, ILLUSTRATIVE, SECOND_ILLUSTRATIVE = "", "Illustrative", "Second series illustrative"


def f(text: str | None) -> Figure | None:
    """A figure written as published: "83.0" keeps its one decimal place."""
    if text is None:
        return None
    value = Decimal(text)
    return Figure(value, max(0, -value.as_tuple().exponent))


DETAILS = ReportDetails(
    title="Performance Report",
    committee="Strategy and Resources Committee",
    period="Quarter 2",
    financial_year="2023/24",
    produced_on=date(2023, 12, 5),
    team="Governance & Performance",
    contact="governanceandperformance@cambridgeshire.gov.uk",
    organisation="Cambridgeshire County Council",
)

INDICATORS = [
    Indicator(
        "182", "Percentage of Freedom of Information requests answered within statutory timescales",
        "Information Governance Manager", PCT, QUARTER, HIGHER, f("83.0"), "Information Governance",
        target=f("90.0"), previous=f("84.0"), chart=LINE,
        description="Share of Freedom of Information responses sent within 20 working days, or within 40 "
        "working days where the public interest test applies.",
        commentary="Performance held close to last year's level although request numbers stayed high: "
        "338 requests arrived in the quarter, more than three a day, and 327 responses went out.\n\n"
        "Two members of the team left during the quarter, so performance may dip while posts are filled.",
        links=(ICO, Link("Freedom of Information Act 2000", "https://www.legislation.gov.uk/ukpga/2000/36/contents")),
        benchmark_metric="FOI requests answered within 20 working days",
    ),
    Indicator(
        "183", "Percentage of Subject Access Requests completed within statutory timescales (Year to Date)",
        "Information Governance Manager", PCT, QUARTER, HIGHER, f("77.0"), "Information Governance",
        target=f("90.0"), previous=f("83.0"), chart=COLUMN, figure_type=FigureType.CUMULATIVE,
        description="Share of Subject Access Requests answered within one calendar month, or three months "
        "where an extension is allowed. A request asks for a copy of the personal data the council holds.",
        commentary="74 requests arrived in the quarter, most about health and social care records that run "
        "to thousands of pages and need careful redaction.\n68 requests were closed and 57 responses issued.",
        actions="Prioritise the oldest social care files and bring in temporary help for redaction.\n"
        "Review the identity checks so that stalled requests are closed sooner.",
        links=(ICO,),
        benchmark_metric="Subject access requests answered within one month",
    ),
    Indicator(
        "184", "Statutory returns completed on time", "Head of Policy and Insight", PCT, QUARTER, HIGHER,
        f("100"), "Policy and Insight", target=f("100"), previous=f("100"),
        description="Share of the statutory data returns to government departments and regulators that are "
        "submitted by their deadline.",
        commentary="Every return due in the first two quarters of 2023/24 met its deadline.",
    ),
    Indicator(
        "185", "Percentage of staff who feel valued by the council as an employer", "Head of HR", PCT, YEAR,
        HIGHER, f("59.0"), "Human Resources", target=f("65.0"),
        description="Share of employee survey respondents who answer positively when asked whether they feel "
        "valued. The target is a step towards a longer-term ambition of 75%.",
        commentary="The new employee survey closed in September with a 54% response rate. Results are being "
        "analysed and will be shared with staff, with an action plan, in December.",
    ),
    Indicator(
        "186", "Customer Services first contact resolution", "Head of Customer Services", PCT, MONTH, HIGHER,
        f("83.74"), "Customer Services", target=f("80.0"), previous=f("82.75"), chart=LINE,
        description="Share of contacts that Customer Services resolve, or transfer as requested, without "
        "passing them to a back office team.",
        commentary="Resolution stayed near 83.5% across the quarter, with a small dip in August when school "
        "transport enquiries peaked.",
    ),
    Indicator(
        "187", "Percentage of IT requests resolved at first line", "Head of IT Service Delivery", PCT, QUARTER,
        HIGHER, f("86.3"), "IT and Digital", target=f("95.0"), previous=f("90.0"), chart=LINE,
        description="Share of IT service requests resolved by the Service Desk or User Admin team without "
        "passing them to another IT team.",
        commentary="A fault in the call logging system created a backlog that was worked through by hand; "
        "the supplier has fixed the fault.",
    ),
    Indicator(
        "204", "Annual forecast of the gross income from our commercial investment as a percentage of initial "
        "investment", "Head of Commercial Investment", PCT, FORECAST, HIGHER, f("6.38"), "Finance and Commercial",
        target=f("6.0"), previous=f("6.28"),
        chart=STACKED, second_series="Net of financing costs", second_value=f("4.26"),
        description="Forecast gross income from the commercial investment portfolio for the year, as a "
        "percentage of the sums invested.",
        commentary="Income across the portfolio is forecast at £19.3m, or £12.9m net of financing costs, "
        "ahead of the 6% target. Loan interest and the infrastructure fund are performing well.",
        actions="Review the balance between investment funds in the light of inflation risk.\n"
        "Market the two vacant units at Cromwell Leisure Park.",
    ),
    Indicator(
        "212", "Number of staff who have completed Introduction to First Aid", "Health and Safety Manager", NUM,
        QUARTER, HIGHER, f("854"), "Health and Safety", target=f("1500"), previous=f("655"), chart=COLUMN,
        description="Staff who have completed the mandatory Introduction to First Aid course this year. The "
        "course must be repeated every year.",
        commentary="854 staff have completed the course in the first half of the year, against a half-year "
        "target of 1,500.",
        actions="Promote the course through the Corporate Leadership Team and service health and safety "
        "meetings so that the full-year target of 3,000 is reached.",
    ),
    Indicator(
        "213", "Full time equivalent days lost to anxiety, depression, mental health and stress (rolling 12 "
        "months)", "Head of HR", NUM, MONTH, LOWER, f("9154"), "Human Resources", target_tbc=True,
        previous=f("8977"), no_target_status="Baseline", figure_type=FigureType.ROLLING,
        chart=COLUMN_AND_LINE, second_series="Average FTE days lost over 12 months", second_value=f("9606"),
        description="Working days lost, in full time equivalents, to absence for anxiety, depression, "
        "mental health and stress over the last 12 months.",
        commentary="Days lost fell over most of the quarter, with a small rise in September. Support ranges "
        "from the employee assistance programme to mental health first aiders.",
    ),
    Indicator(
        "214", "Staff turnover (rolling 12 month average)", "Head of HR", PCT, MONTH, LOWER, f("12.7"),
        "Human Resources", target_tbc=True, previous=f("12.5"), no_target_status="Baseline",
        figure_type=FigureType.ROLLING,
        chart=COLUMN_AND_LINE, second_series="Leavers in the month", second_value=f("77"),
        description="Voluntary leavers over the last 12 months as a share of average headcount.",
        commentary="A new analyst will provide benchmarking data to help set a target.",
    ),
    Indicator(
        "215", "Availability of the council's IT network to managed devices", "Head of IT Service Delivery",
        PCT, QUARTER, HIGHER, f("100.00"), "IT and Digital", target=f("99.0"), previous=f("100.00"),
        description="Share of time the network can be reached from a council-managed computer, excluding "
        "planned maintenance.",
        commentary="The figure now covers the new secure web gateway, which replaced the old remote access "
        "service.",
    ),
    Indicator(
        "216", "Percentage of IT Service Desk feedback giving five stars", "Head of IT Service Delivery", PCT,
        MONTH, HIGHER, f("86.5"), "IT and Digital", target=f("85.0"), previous=f("84.0"), chart=LINE,
        description="Share of feedback on resolved IT calls that gives the top rating of five stars.",
        commentary="Ratings recovered in September after the laptop replacement programme finished.",
    ),
    Indicator(
        "217", "Website quality assurance score", "Head of Digital and Web", PCT, QUARTER, HIGHER, f("98.0"),
        "Communications and Digital", target=f("86.0"), previous=f("98.0"), chart=LINE,
        description="The website's score in automated checks of content quality, freshness, security and "
        "user experience.",
        commentary="The score was unchanged this quarter and remains well above target.",
    ),
    Indicator(
        "218", "Website accessibility score", "Head of Digital and Web", PCT, QUARTER, HIGHER, f("95.0"),
        "Communications and Digital", target=f("92.0"), previous=f("95.0"), chart=LINE,
        description="The website's score in automated checks against the Web Content Accessibility "
        "Guidelines.",
        commentary="The score held at 95% while issues found in weekly audits continued to be fixed.",
        links=(
            Link(
                "Accessibility requirements for public sector websites and apps",
                "https://www.gov.uk/guidance/accessibility-requirements-for-public-sector-websites-and-apps",
            ),
        ),
    ),
]


def h(
    period: str, value: str | None, target: str | None, note: str = ILLUSTRATIVE, second: str | None = None
) -> HistoryPoint:
    """One History row: an earlier period's value, target and second series value, as published or invented."""
    return HistoryPoint(period, f(value), f(target), note=note, second_value=f(second))


# Each indicator's periods before Quarter 2 2023/24, oldest first; the latest is the Previous value.
HISTORY: dict[str, tuple[HistoryPoint, ...]] = {
    "182": (  # "a similar performance to 2022-23"; the years before, for the SPC chart, illustrative
        h("Q1 2019/20", "88.1", "90.0"),
        h("Q2 2019/20", "87.6", "90.0"),
        h("Q3 2019/20", "88.4", "90.0"),
        h("Q4 2019/20", "87.9", "90.0"),
        h("Q1 2020/21", "88.2", "90.0"),
        h("Q2 2020/21", "87.5", "90.0"),
        h("Q3 2020/21", "88.6", "90.0"),
        h("Q4 2020/21", "87.8", "90.0"),
        h("Q1 2021/22", "88.0", "90.0"),
        h("Q2 2021/22", "87.4", "90.0"),
        h("Q3 2021/22", "88.3", "90.0"),
        h("Q4 2021/22", "87.7", "90.0"),
        h("Q1 2022/23", "85.0", "90.0"),
        h("Q2 2022/23", "82.0", "90.0"),
        h("Q3 2022/23", "84.0", "90.0"),
        h("Q4 2022/23", "86.0", "90.0"),
        h("Q1 2023/24", "84.0", "90.0", PUBLISHED),
    ),
    "183": (  # year to date, so each year starts afresh; "maintained improvement overall"
        h("Q1 2022/23", "68.0", "90.0"),
        h("Q2 2022/23", "71.0", "90.0"),
        h("Q3 2022/23", "73.0", "90.0"),
        h("Q4 2022/23", "75.0", "90.0"),
        h("Q1 2023/24", "83.0", "90.0", PUBLISHED),
    ),
    "184": (
        h("Q1 2022/23", "100", "100"),
        h("Q2 2022/23", "100", "100"),
        h("Q3 2022/23", "100", "100"),
        h("Q4 2022/23", "83", "100", PUBLISHED),  # "5 out of 6 returns met the mandated deadline in 2022/23 Q4"
        h("Q1 2023/24", "100", "100", PUBLISHED),
    ),
    "185": (  # "measured in June 2021 ... 59%"; Previous Year is n/a, so 2022/23 has no figure
        h("2019/20", "55.0", "65.0"),
        h("2020/21", "57.0", "65.0"),
        h("2021/22", "59.0", "65.0", PUBLISHED),
        h("2022/23", None, "65.0", "No survey this year"),
    ),
    "186": (  # Sep 2021 to Aug 2022 illustrative, for the SPC chart
        h("Sep 2021", "83.10", "80.0"),
        h("Oct 2021", "83.65", "80.0"),
        h("Nov 2021", "82.90", "80.0"),
        h("Dec 2021", "83.80", "80.0"),
        h("Jan 2022", "83.30", "80.0"),
        h("Feb 2022", "84.05", "80.0"),
        h("Mar 2022", "82.85", "80.0"),
        h("Apr 2022", "83.55", "80.0"),
        h("May 2022", "83.20", "80.0"),
        h("Jun 2022", "83.90", "80.0"),
        h("Jul 2022", "83.05", "80.0"),
        h("Aug 2022", "83.60", "80.0"),
        h("Sep 2022", "83.20", "80.0"),
        h("Oct 2022", "82.96", "80.0"),
        h("Nov 2022", "83.41", "80.0"),
        h("Dec 2022", "84.12", "80.0"),
        h("Jan 2023", "82.58", "80.0"),
        h("Feb 2023", "83.05", "80.0"),
        h("Mar 2023", "83.67", "80.0"),
        h("Apr 2023", "84.02", "80.0"),
        h("May 2023", "83.51", "80.0"),
        h("Jun 2023", "83.38", "80.0"),
        h("Jul 2023", "83.42", "80.0", PUBLISHED),  # "a slight drop in August of 0.67%"
        h("Aug 2023", "82.75", "80.0", PUBLISHED),
    ),
    "187": (
        h("Q1 2022/23", "92.1", "95.0"),
        h("Q2 2022/23", "91.4", "95.0"),
        h("Q3 2022/23", "92.6", "95.0"),
        h("Q4 2022/23", "90.8", "95.0"),
        h("Q1 2023/24", "90.0", "95.0", PUBLISHED),
    ),
    "204": (  # "2019-20: 5.4%, 2020-21: 5.5%, 2021-22: 5.8% ... 5.75% in 2022-23"; Previous is Q1's 2023-24 forecast
        h("2019/20", "5.4", "6.0", SECOND_ILLUSTRATIVE, second="3.52"),
        h("2020/21", "5.5", "6.0", SECOND_ILLUSTRATIVE, second="3.61"),
        h("2021/22", "5.8", "6.0", SECOND_ILLUSTRATIVE, second="3.87"),
        h("2022/23", "5.75", "6.0", SECOND_ILLUSTRATIVE, second="3.84"),
    ),
    "212": (  # completions so far this year against a pro rata share of 3,000; "met during ... 2022/2023"
        h("Q1 2022/23", "812", "750"),
        h("Q2 2022/23", "1634", "1500"),
        h("Q3 2022/23", "2398", "2250"),
        h("Q4 2022/23", "3112", "3000"),
        h("Q1 2023/24", "655", "750", PUBLISHED),
    ),
    "213": (  # falling over the year, and "steadily decreasing overall in Q2"; the year before illustrative
        h("Sep 2021", "10550", None, second=None),
        h("Oct 2021", "10620", None, second=None),
        h("Nov 2021", "10480", None, second=None),
        h("Dec 2021", "10590", None, second=None),
        h("Jan 2022", "10660", None, second=None),
        h("Feb 2022", "10530", None, second=None),
        h("Mar 2022", "10610", None, second=None),
        h("Apr 2022", "10570", None, second=None),
        h("May 2022", "10490", None, second=None),
        h("Jun 2022", "10640", None, second=None),
        h("Jul 2022", "10520", None, second=None),
        h("Aug 2022", "10450", None, second=None),
        h("Sep 2022", "10380", None, second="10410"),
        h("Oct 2022", "10240", None, second="10407"),
        h("Nov 2022", "10120", None, second="10404"),
        h("Dec 2022", "10010", None, second="10385"),
        h("Jan 2023", "9890", None, second="10344"),
        h("Feb 2023", "9760", None, second="10286"),
        h("Mar 2023", "9650", None, second="10213"),
        h("Apr 2023", "9540", None, second="10123"),
        h("May 2023", "9430", None, second="10028"),
        h("Jun 2023", "9320", None, second="9928"),
        h("Jul 2023", "9180", None, second="9820"),
        h("Aug 2023", "8977", None, SECOND_ILLUSTRATIVE, second="9702"),
    ),
    "214": (  # "Turnover had been reducing over the past 12 months"
        h("Sep 2022", "14.3", None, second="88"),
        h("Oct 2022", "14.2", None, second="84"),
        h("Nov 2022", "14.0", None, second="79"),
        h("Dec 2022", "13.7", None, second="71"),
        h("Jan 2023", "13.5", None, second="80"),
        h("Feb 2023", "13.4", None, second="76"),
        h("Mar 2023", "13.2", None, second="82"),
        h("Apr 2023", "13.1", None, second="73"),
        h("May 2023", "12.9", None, second="75"),
        h("Jun 2023", "12.8", None, second="78"),
        h("Jul 2023", "12.6", None, second="70"),
        h("Aug 2023", "12.5", None, SECOND_ILLUSTRATIVE, second="86"),
    ),
    "215": (  # the remote access service, before the secure web gateway replaced it
        h("Q1 2022/23", "99.87", "99.0"),
        h("Q2 2022/23", "99.94", "99.0"),
        h("Q3 2022/23", "100.00", "99.0"),
        h("Q4 2022/23", "99.81", "99.0"),
        h("Q1 2023/24", "100.00", "99.0", PUBLISHED),
    ),
    "216": (  # "lower than target ratings for July and August"; Sep 2021 to Aug 2022 illustrative
        h("Sep 2021", "87.4", "85.0"),
        h("Oct 2021", "88.0", "85.0"),
        h("Nov 2021", "87.1", "85.0"),
        h("Dec 2021", "88.3", "85.0"),
        h("Jan 2022", "87.6", "85.0"),
        h("Feb 2022", "87.9", "85.0"),
        h("Mar 2022", "88.4", "85.0"),
        h("Apr 2022", "87.2", "85.0"),
        h("May 2022", "87.8", "85.0"),
        h("Jun 2022", "88.1", "85.0"),
        h("Jul 2022", "87.5", "85.0"),
        h("Aug 2022", "87.7", "85.0"),
        h("Sep 2022", "85.9", "85.0"),
        h("Oct 2022", "87.2", "85.0"),
        h("Nov 2022", "86.4", "85.0"),
        h("Dec 2022", "88.1", "85.0"),
        h("Jan 2023", "85.9", "85.0"),
        h("Feb 2023", "86.8", "85.0"),
        h("Mar 2023", "87.5", "85.0"),
        h("Apr 2023", "86.1", "85.0"),
        h("May 2023", "85.6", "85.0"),
        h("Jun 2023", "85.2", "85.0"),
        h("Jul 2023", "83.1", "85.0"),
        h("Aug 2023", "84.0", "85.0", PUBLISHED),
    ),
    "217": (  # the target tracks 7% above the industry benchmark and "updates every quarter"
        h("Q1 2022/23", "95.8", "84.9"),
        h("Q2 2022/23", "96.4", "85.2"),
        h("Q3 2022/23", "97.1", "85.5"),
        h("Q4 2022/23", "97.7", "85.8"),
        h("Q1 2023/24", "98.0", "86.0", PUBLISHED),
    ),
    "218": (  # a fixed 92% target since Q1 2022/23
        h("Q1 2022/23", "93.0", "92.0"),
        h("Q2 2022/23", "93.0", "92.0"),
        h("Q3 2022/23", "94.0", "92.0"),
        h("Q4 2022/23", "94.0", "92.0"),
        h("Q1 2023/24", "95.0", "92.0", PUBLISHED),
    ),
}

INDICATORS = [replace(indicator, history=HISTORY[indicator.number]) for indicator in INDICATORS]

if __name__ == "__main__":
    ship(SAMPLE, lambda path: write_workbook(path, DETAILS, INDICATORS))
