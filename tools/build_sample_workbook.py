"""Build inputs/performance-report-2023-24-q2.xlsx, the sample owners' workbook.

Titles, targets, figures, directions, units and period types are those of a published
Quarter 2 2023/24 Strategy and Resources performance report. Indicator numbers 183, 184,
204, 212 and 214 are as published; the others are assigned in the report's order.
Descriptions and commentary are short summaries written for this sample.
Run: python tools/build_sample_workbook.py
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from perfreport.model import Direction, Figure, Indicator, Link, PeriodType, ReportDetails, Unit
from perfreport.workbook import write_workbook

OUTPUT = Path(__file__).resolve().parent.parent / "inputs" / "performance-report-2023-24-q2.xlsx"

ICO = Link("Information Commissioner's Office: guidance for the public", "https://ico.org.uk/for-the-public/")
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
PCT, NUM = Unit.PERCENT, Unit.NUMBER
MONTH, QUARTER, YEAR, FORECAST = PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR, PeriodType.FORECAST


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
)

INDICATORS = [
    Indicator(
        "182", "Percentage of Freedom of Information requests answered within statutory timescales",
        "Information Governance Manager", PCT, QUARTER, HIGHER, f("83.0"), "Information Governance",
        target=f("90.0"), previous=f("84.0"),
        description="Share of Freedom of Information responses sent within 20 working days, or within 40 "
        "working days where the public interest test applies.",
        commentary="Performance held close to last year's level although request numbers stayed high: "
        "338 requests arrived in the quarter, more than three a day, and 327 responses went out.\n\n"
        "Two members of the team left during the quarter, so performance may dip while posts are filled.",
        links=(ICO, Link("Freedom of Information Act 2000", "https://www.legislation.gov.uk/ukpga/2000/36/contents")),
    ),
    Indicator(
        "183", "Percentage of Subject Access Requests completed within statutory timescales (Year to Date)",
        "Information Governance Manager", PCT, QUARTER, HIGHER, f("77.0"), "Information Governance",
        target=f("90.0"), previous=f("83.0"),
        description="Share of Subject Access Requests answered within one calendar month, or three months "
        "where an extension is allowed. A request asks for a copy of the personal data the council holds.",
        commentary="74 requests arrived in the quarter, most about health and social care records that run "
        "to thousands of pages and need careful redaction.\n68 requests were closed and 57 responses issued.",
        actions="Prioritise the oldest social care files and bring in temporary help for redaction.\n"
        "Review the identity checks so that stalled requests are closed sooner.",
        links=(ICO,),
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
        f("83.74"), "Customer Services", target=f("80.0"), previous=f("82.75"),
        description="Share of contacts that Customer Services resolve, or transfer as requested, without "
        "passing them to a back office team.",
        commentary="Resolution stayed near 83.5% across the quarter, with a small dip in August when school "
        "transport enquiries peaked.",
    ),
    Indicator(
        "187", "Percentage of IT requests resolved at first line", "Head of IT Service Delivery", PCT, QUARTER,
        HIGHER, f("86.3"), "IT and Digital", target=f("95.0"), previous=f("90.0"),
        description="Share of IT service requests resolved by the Service Desk or User Admin team without "
        "passing them to another IT team.",
        commentary="A fault in the call logging system created a backlog that was worked through by hand; "
        "the supplier has fixed the fault.",
    ),
    Indicator(
        "204", "Annual forecast of the gross income from our commercial investment as a percentage of initial "
        "investment", "Head of Commercial Investment", PCT, FORECAST, HIGHER, f("6.38"), "Finance and Commercial",
        target=f("6.0"), previous=f("6.28"),
        description="Forecast gross income from the commercial investment portfolio for the year, as a "
        "percentage of the sums invested.",
        commentary="Income across the portfolio is forecast at £19.3m, or £12.9m net of financing costs, "
        "ahead of the 6% target. Loan interest and the infrastructure fund are performing well.",
        actions="Review the balance between investment funds in the light of inflation risk.\n"
        "Market the two vacant units at Cromwell Leisure Park.",
    ),
    Indicator(
        "212", "Number of staff who have completed Introduction to First Aid", "Health and Safety Manager", NUM,
        QUARTER, HIGHER, f("854"), "Health and Safety", target=f("1500"), previous=f("655"),
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
        previous=f("8977"), no_target_status="Baseline",
        description="Working days lost, in full time equivalents, to absence for anxiety, depression, "
        "mental health and stress over the last 12 months.",
        commentary="Days lost fell over most of the quarter, with a small rise in September. Support ranges "
        "from the employee assistance programme to mental health first aiders.",
    ),
    Indicator(
        "214", "Staff turnover (rolling 12 month average)", "Head of HR", PCT, MONTH, LOWER, f("12.7"),
        "Human Resources", target_tbc=True, previous=f("12.5"), no_target_status="Baseline",
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
        MONTH, HIGHER, f("86.5"), "IT and Digital", target=f("85.0"), previous=f("84.0"),
        description="Share of feedback on resolved IT calls that gives the top rating of five stars.",
        commentary="Ratings recovered in September after the laptop replacement programme finished.",
    ),
    Indicator(
        "217", "Website quality assurance score", "Head of Digital and Web", PCT, QUARTER, HIGHER, f("98.0"),
        "Communications and Digital", target=f("86.0"), previous=f("98.0"),
        description="The website's score in automated checks of content quality, freshness, security and "
        "user experience.",
        commentary="The score was unchanged this quarter and remains well above target.",
    ),
    Indicator(
        "218", "Website accessibility score", "Head of Digital and Web", PCT, QUARTER, HIGHER, f("95.0"),
        "Communications and Digital", target=f("92.0"), previous=f("95.0"),
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


if __name__ == "__main__":
    write_workbook(OUTPUT, DETAILS, INDICATORS)
