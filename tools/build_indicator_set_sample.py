"""Build inputs/indicator-set-2019-20.xlsx, the sample for templates/indicator-set.docx.

Fifteen invented indicators of a fictional council's Legal Services and Democratic
Services for Quarter 4 2019/20, rated with the Very Green/Green/Amber/Red scheme, which
the Report sheet names. Targets and figures are chosen so that the report shows Very
Green 4, Green 5, Amber 3, Red 1 and No Target 2, with both directions for improvement,
every unit, and two exact band edges: 63% against 60% (5% better: Very Green) and 90
against 100 (10% worse: Amber). Run: python tools/build_indicator_set_sample.py
"""

from __future__ import annotations

from datetime import date

from build_sample_workbook import f
from shipping import ship

from perfreport.core.model import Direction, Indicator, Link, PeriodType, ReportDetails, Unit
from perfreport.rating import builtin_scheme
from perfreport.shipped import INDICATOR_SET_SAMPLE
from perfreport.workbook import write_workbook

SCHEME = "very-green-green-amber-red"

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
PCT, NUM, MONEY, STARS = Unit.PERCENT, Unit.NUMBER, Unit.MONEY, Unit.STARS
MONTH, QUARTER, YEAR, FORECAST = PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR, PeriodType.FORECAST
LEGAL, DEMOCRATIC = "Legal Services", "Democratic Services"

DETAILS = ReportDetails(
    title="Indicator Set",
    committee="Audit and Governance Committee",
    period="Quarter 4",
    financial_year="2019/20",
    produced_on=date(2020, 5, 18),
    team="Corporate Performance Team",
    contact="performance@example.gov.uk",
    scheme=SCHEME,
    template="Indicator set",
)

INDICATORS = [
    Indicator(
        "LD01", "Average external legal fees per case", "Head of Legal Services", MONEY, QUARTER, LOWER,
        f("1800"), LEGAL, target=f("2000"), previous=f("1950"),
        description="Fees paid to external solicitors and barristers in the quarter, divided by the number of "
        "cases on which outside help was bought. A lower figure is better.",
        commentary="Average fees fell again as more property and employment work was kept in house, and "
        "counsel's fees were agreed in advance on the two largest cases.",
    ),
    Indicator(
        "LD02", "Percentage of committee agendas published at least five clear working days before the meeting",
        "Democratic Services Manager", PCT, QUARTER, HIGHER, f("100.0"), DEMOCRATIC,
        target=f("95.0"), previous=f("97.0"),
        description="Agendas for formal meetings of the council, its committees and sub-committees that are "
        "published on the website at least five clear working days before the meeting, as a share of all "
        "agendas published in the quarter.",
        commentary="All 41 agendas for the quarter were published on time, helped by the new report "
        "deadline calendar agreed with directorates in the autumn.",
        links=(
            Link("Local Government Act 1972, Part VA: access to meetings and documents",
                 "https://www.legislation.gov.uk/ukpga/1972/70/part/VA"),
        ),
    ),
    Indicator(
        "LD03", "Percentage of local land charges searches completed within ten working days",
        "Land Charges Team Leader", PCT, MONTH, HIGHER, f("92.5"), LEGAL, target=f("90.0"), previous=f("93.0"),
        description="Official searches of the local land charges register returned within ten working days "
        "of a complete request, as a share of all searches returned in the month.",
        commentary="Performance stayed above target although the team was one officer short for most of "
        "March.",
        links=(Link("Local land charges: guidance", "https://www.gov.uk/guidance/local-land-charges-programme"),),
    ),
    Indicator(
        "LD04", "Percentage of Freedom of Information requests answered within 20 working days",
        "Information Governance Lead", PCT, QUARTER, HIGHER, f("76.0"), LEGAL, target=f("90.0"),
        previous=f("82.0"),
        description="Requests under the Freedom of Information Act 2000 and the Environmental Information "
        "Regulations 2004 answered within 20 working days, as a share of all requests due in the quarter.",
        commentary="Requests rose by a quarter compared with last year while two posts were vacant, and "
        "answers fell further behind the statutory deadline.",
        actions="Fill the two vacant posts and train a named contact in each directorate to gather "
        "information sooner.\nPublish the answers to the most common requests so that fewer need answering.",
        links=(
            Link("Information Commissioner's Office: Freedom of Information", "https://ico.org.uk/for-organisations/foi/"),
            Link("Freedom of Information Act 2000", "https://www.legislation.gov.uk/ukpga/2000/36/contents"),
        ),
    ),
    Indicator(
        "LD05", "Percentage of councillors who have completed code of conduct training",
        "Monitoring Officer", PCT, YEAR, HIGHER, f("63"), DEMOCRATIC, target=f("60"), previous=f("58"),
        description="Councillors who have attended the code of conduct session, in person or online, since "
        "the last election, as a share of all serving councillors.",
        commentary="Two extra evening sessions in February brought 63% of councillors through the training, "
        "exactly 5% above the target for the year.\n\nThe session will be recorded so that the remaining "
        "councillors can complete it before the annual meeting.",
    ),
    Indicator(
        "LD06", "Number of planning obligation agreements completed", "Head of Legal Services", NUM, YEAR,
        HIGHER, f("40"), LEGAL, target=f("40"), previous=f("35"),
        description="Agreements under section 106 of the Town and Country Planning Act 1990 signed and dated "
        "in the year.",
        commentary="The target was met exactly; five agreements held up by valuation queries at the end of "
        "last year were completed in the spring.",
    ),
    Indicator(
        "LD07", "Percentage of legal cases running beyond their agreed timescale", "Head of Legal Services",
        PCT, QUARTER, LOWER, f("10.8"), LEGAL, target=f("10.0"), previous=f("11.5"),
        description="Open cases that have passed the completion date agreed with the client service, as a "
        "share of all open cases at the end of the quarter. A lower figure is better.",
        commentary="The share of late cases fell for the second quarter running but remains just above "
        "target; most late cases await information from the client service.",
    ),
    Indicator(
        "LD08", "Customer rating of the register office ceremony service", "Superintendent Registrar", STARS,
        QUARTER, HIGHER, f("4.5"), DEMOCRATIC, target=f("4.0"), previous=f("4.2"),
        description="The average star rating, out of five, given by couples in the feedback form sent after "
        "a wedding or civil partnership ceremony.",
        commentary="Couples praised the refurbished ceremony room. Fewer ceremonies took place in March as "
        "bookings were postponed.",
    ),
    Indicator(
        "LD09", "Average working days to complete a standard property transaction", "Property Law Team Leader",
        NUM, QUARTER, LOWER, f("29"), LEGAL, target=f("30"), previous=f("29"),
        description="Working days from instruction to completion for leases, licences and sales on the "
        "council's standard terms. A lower figure is better.",
        commentary="Completion times held steady at a day inside the target.",
    ),
    Indicator(
        "LD10", "Percentage of committee minutes published within ten working days of the meeting",
        "Democratic Services Manager", PCT, QUARTER, HIGHER, f("88.0"), DEMOCRATIC, target=f("95.0"),
        previous=f("91.0"),
        description="Draft minutes published on the website within ten working days of the meeting, as a "
        "share of all meetings held in the quarter.",
        commentary="A run of long planning meetings in January delayed three sets of minutes.",
    ),
    Indicator(
        "LD11", "Number of Freedom of Information requests received", "Information Governance Lead", NUM,
        QUARTER, LOWER, f("312"), LEGAL, previous=f("288"), no_target_status="N/A",
        description="Requests for information received in the quarter. The number is reported for context "
        "and has no target.",
        commentary="Requests rose by 8% on the previous quarter, many of them about the local plan.",
    ),
    Indicator(
        "LD12", "Income from legal work for other public bodies", "Head of Legal Services", MONEY, FORECAST,
        HIGHER, f("125000"), LEGAL, target=f("120000"), previous=f("118000"),
        description="Fees forecast for the year for legal work carried out for parish councils, schools and "
        "neighbouring authorities.",
        commentary="The forecast rose after two parish councils bought a year's advice in advance.",
    ),
    Indicator(
        "LD13", "Number of staff trained in information governance by Legal Services", "Monitoring Officer",
        NUM, QUARTER, HIGHER, f("90"), LEGAL, target=f("100"), previous=f("75"),
        description="Staff who completed the half-day information governance workshop run by Legal Services "
        "in the quarter.",
        commentary="Ninety staff were trained, 10% short of the target, after two March workshops were "
        "cancelled.",
        actions="Rearrange the cancelled workshops as online sessions in the first quarter of 2020/21.",
    ),
    Indicator(
        "LD14", "Percentage of decision notices published within two working days of the decision",
        "Democratic Services Manager", PCT, QUARTER, HIGHER, f("98.0"), DEMOCRATIC, target=f("98.0"),
        description="Notices of executive and delegated decisions published within two working days, as a "
        "share of all decision notices published in the quarter.",
        commentary="This indicator was introduced this quarter, so there is no earlier figure. The target was "
        "met exactly.",
    ),
    Indicator(
        "LD15", "Percentage of eligible residents on the electoral register", "Electoral Services Manager",
        PCT, YEAR, HIGHER, f("93.4"), DEMOCRATIC, target_tbc=True, previous=f("94.1"),
        description="Entries on the electoral register at publication, as a share of the adult population "
        "estimated to be eligible to register.",
        commentary="A target will be set once the reformed annual canvass has run for a full year.",
        links=(Link("Electoral Commission: electoral registration", "https://www.electoralcommission.org.uk/"),),
    ),
]


if __name__ == "__main__":
    ship(INDICATOR_SET_SAMPLE, lambda path: write_workbook(path, DETAILS, INDICATORS, scheme=builtin_scheme(SCHEME)))
