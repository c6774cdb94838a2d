"""Reporting periods: reading the labels owners type ("Q2 2023/24", "Sep 2023", "2023/24") and stepping through them.

Councils work in financial years April–March: Quarter 1 is April–June, Quarter 4 is January–March.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from perfreport.core.model import PeriodType

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
APRIL = 4
KINDS = (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR)
EXAMPLES = "Q2 2023/24, Sep 2023 or 2023/24"

_NOUNS = {PeriodType.MONTH: "month", PeriodType.QUARTER: "quarter", PeriodType.YEAR: "financial year"}
_YEAR_WORDS = {"year", "year end", "year-end", "yearend", "end of year", "annual", "full year"}

_FINANCIAL_YEAR = re.compile(r"(fy\s*)?(\d{4})(\s*[/\-–—]\s*)(\d{4}|\d{2})", re.IGNORECASE)
_QUARTER_WORD = r"(q|qtr|quarter)(\.?\s*)([1-4])"
_QUARTER = re.compile(_QUARTER_WORD, re.IGNORECASE)
_QUARTER_FIRST = re.compile(_QUARTER_WORD + r"(?:\s*[,\-–]\s*|\s+)(.+)", re.IGNORECASE)
_QUARTER_LAST = re.compile(r"(.+?)(?:\s*[,\-–]\s*|\s+)" + _QUARTER_WORD, re.IGNORECASE)
_MONTH_WORD = re.compile(r"([a-z]+)(\.?)", re.IGNORECASE)
_MONTH_NAME_YEAR = re.compile(r"([a-z]+)\.?\s*[,\-–]?\s*(\d{4})", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})\s*-\s*(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/\-]\s*(\d{4})")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period a label names: its kind (PeriodType MONTH, QUARTER or YEAR) and its place in time.

    ``index`` counts periods of its kind: months are year * 12 + (month - 1) in calendar terms, quarters are
    financial-year start * 4 + (quarter - 1), years are the financial year's start year. Periods of one kind
    sort oldest first.
    """

    kind: PeriodType
    index: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"a Period is a month, quarter or year, not {self.kind!r}")

    @property
    def label(self) -> str:
        """The canonical short label: "Sep 2023", "Q2 2023/24" or "2023/24"."""
        if self.kind is PeriodType.MONTH:
            year, month = divmod(self.index, 12)
            return f"{MONTHS[month][:3]} {year}"
        if self.kind is PeriodType.QUARTER:
            year, quarter = divmod(self.index, 4)
            return f"Q{quarter + 1} {_year_label(year)}"
        return _year_label(self.index)

    def __str__(self) -> str:
        return self.label


def _year_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def _month(year: int, month: int) -> Period:
    return Period(PeriodType.MONTH, year * 12 + month - 1)


def _quarter(start: int, quarter: int) -> Period:
    return Period(PeriodType.QUARTER, start * 4 + quarter - 1)


def _financial_month(start: int, month: int) -> Period:
    """Month 1–12 of the financial year starting in ``start``: January–March fall in the later calendar year."""
    return _month(start if month >= APRIL else start + 1, month)


def parse_financial_year(text: str) -> int | None:
    """The start year of a financial year written "2023/24", "2023-24", "2023/2024" or "FY2023/24"."""
    match = _FINANCIAL_YEAR.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    start, end = int(match[2]), match[4]
    following = start + 1 if len(end) == 4 else (start + 1) % 100
    return start if int(end) == following else None


def _month_number(word: str) -> int | None:
    """1–12 for a month's name or an abbreviation of at least three letters ("Sep", "Sept")."""
    word = word.casefold()
    if len(word) < 3:
        return None
    return next((number for number, name in enumerate(MONTHS, 1) if name.casefold().startswith(word)), None)


def parse_period(value: object) -> Period | None:
    """The period a History label names, or None if it names none or could mean two (e.g. "Q2 2023")."""
    if isinstance(value, date):
        return _month(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    readings = {reading for reading in (_quarter_label(text), _month_label(text), _year_period(text)) if reading}
    return readings.pop() if len(readings) == 1 else None


def _quarter_label(text: str) -> Period | None:
    if match := _QUARTER_FIRST.fullmatch(text):
        quarter, year = match[3], match[4]
    elif match := _QUARTER_LAST.fullmatch(text):
        year, quarter = match[1], match[4]
    else:
        return None
    start = parse_financial_year(year)
    return None if start is None else _quarter(start, int(quarter))


def _month_label(text: str) -> Period | None:
    if match := _MONTH_NAME_YEAR.fullmatch(text):
        month, year = _month_number(match[1]), int(match[2])
    elif match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif match := _MONTH_YEAR.fullmatch(text):
        month, year = int(match[1]), int(match[2])
    else:
        return None
    return _month(year, month) if month and 1 <= month <= 12 else None


def _year_period(text: str) -> Period | None:
    start = parse_financial_year(text)
    return None if start is None else Period(PeriodType.YEAR, start)


def report_period(period: str, financial_year: str) -> Period | None:
    """The period a report covers, from the Report sheet's period ("Quarter 2", "September", "Year end") and year."""
    start = parse_financial_year(financial_year)
    if start is None or not isinstance(period, str):
        return None
    text = " ".join(period.split())
    if match := _QUARTER.fullmatch(text):
        return _quarter(start, int(match[3]))
    if text.casefold() in _YEAR_WORDS:
        return Period(PeriodType.YEAR, start)
    if (match := _MONTH_WORD.fullmatch(text)) and (month := _month_number(match[1])):
        return _financial_month(start, month)
    return None


def _financial_year_of(period: Period) -> int:
    if period.kind is PeriodType.MONTH:
        return (period.index - 3) // 12
    if period.kind is PeriodType.QUARTER:
        return period.index // 4
    return period.index


def period_for(kind: PeriodType, report: Period) -> Period:
    """The period an indicator of type ``kind`` reports in a report covering ``report``.

    A shorter period than the report's is its last: a month in Q2 2023/24 is Sep 2023, a quarter in 2023/24 is Q4.
    """
    kind = PeriodType.YEAR if kind is PeriodType.FORECAST else kind
    if kind is report.kind:
        return report
    if kind is PeriodType.YEAR:
        return Period(kind, _financial_year_of(report))
    if kind is PeriodType.QUARTER:
        if report.kind is PeriodType.MONTH:
            return Period(kind, (report.index - 3) // 3)
        return _quarter(report.index, 4)
    if report.kind is PeriodType.QUARTER:
        return Period(kind, report.index * 3 + 5)
    return _financial_month(report.index, 3)


def year_before(period: Period) -> Period:
    """The same period a year earlier: Q2 2023/24 gives Q2 2022/23, Sep 2023 gives Sep 2022."""
    return Period(period.kind, period.index - {PeriodType.MONTH: 12, PeriodType.QUARTER: 4}.get(period.kind, 1))


def next_period(period: Period) -> Period:
    """The following period of the same kind: Q4 2023/24 is followed by Q1 2024/25."""
    return Period(period.kind, period.index + 1)


def previous_period(period: Period) -> Period:
    """The period before, of the same kind: Q1 2024/25 is preceded by Q4 2023/24, Apr 2024 by Mar 2024."""
    return Period(period.kind, period.index - 1)


def next_report_fields(period: str, financial_year: str) -> tuple[str, str] | None:
    """The Report sheet's period and financial year for the following report, worded as the owner wrote them."""
    current = report_period(period, financial_year)
    if current is None:
        return None
    following = next_period(current)
    year = financial_year.strip()
    if _financial_year_of(following) != _financial_year_of(current):
        year = _next_year_text(year)
    text = " ".join(period.split())
    if current.kind is PeriodType.QUARTER:
        match = _QUARTER.fullmatch(text)
        return f"{match[1]}{match[2]}{following.index % 4 + 1}", year
    if current.kind is PeriodType.MONTH:
        return _month_words(following.index % 12 + 1, text), year
    return text, year


def _next_year_text(text: str) -> str:
    """ "2023-24" -> "2024-25", "FY 2023/2024" -> "FY 2024/2025": the same prefix, separator and widths."""
    match = _FINANCIAL_YEAR.fullmatch(text)
    start = int(match[2]) + 1
    end = str(start + 1) if len(match[4]) == 4 else f"{(start + 1) % 100:02d}"
    return f"{match[1] or ''}{start}{match[3]}{end}"


def _month_words(month: int, like: str) -> str:
    """A month's name, full or abbreviated and in the case of ``like`` ("September", "Sept.", "SEP")."""
    match = _MONTH_WORD.fullmatch(like)
    word, dot = match[1], match[2]
    name = MONTHS[month - 1]
    if len(word) < len(MONTHS[_month_number(word) - 1]):
        name = name[:3]
    if word.isupper() and len(word) > 1:
        name = name.upper()
    elif word.islower():
        name = name.lower()
    return name + dot


def sequence_gaps(kind_expected: PeriodType | None, labels: list[object]) -> list[tuple[int, str]]:
    """Problems with one indicator's History period labels, as (position in ``labels``, message).

    Flags labels not understood, of another kind than ``kind_expected`` (a FORECAST indicator's history is in
    years; None means the kind of the first label understood), repeats, periods out of order and gaps.
    """
    periods = [parse_period(label) for label in labels]
    if kind_expected is None:
        kind = next((period.kind for period in periods if period), None)
    else:
        kind = PeriodType.YEAR if kind_expected is PeriodType.FORECAST else kind_expected
    problems: list[tuple[int, str]] = []
    seen: dict[Period, int] = {}
    first_at: dict[Period, int] = {}
    latest: Period | None = None
    for position, (label, period) in enumerate(zip(labels, periods)):
        if period is None:
            problems.append((position, _not_understood(label)))
        elif period.kind is not kind:
            message = f"{period} is a {_NOUNS[period.kind]} but this indicator's periods are {_NOUNS[kind]}s"
            problems.append((position, message))
        elif period in seen:
            seen[period] += 1
            times = "twice" if seen[period] == 2 else f"{seen[period]} times"
            problems.append((position, f"{period} appears {times}"))
        else:
            seen[period] = 1
            first_at[period] = position
            if latest is not None and period < latest:
                problems.append((position, f"{period} comes after {latest}; list periods oldest first"))
            else:
                latest = period
    in_order = sorted(first_at)
    for before, after in zip(in_order, in_order[1:]):
        missing = after.index - before.index - 1
        if missing == 1:
            message = f"{next_period(before)} is missing between {before} and {after}"
        elif missing > 1:
            first = next_period(before)
            message = f"{missing} {_NOUNS[kind]}s are missing between {before} and {after}, starting with {first}"
        else:
            continue
        problems.append((first_at[after], message))
    return sorted(problems, key=lambda problem: problem[0])


def _not_understood(label: object) -> str:
    text = "" if label is None else " ".join(str(label).split())
    if not text:
        return f"A period label is blank; write e.g. {EXAMPLES}"
    return f"'{text}' is not a period label this tool understands; write e.g. {EXAMPLES}"
