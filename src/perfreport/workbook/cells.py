"""Turning what owners typed into cells into clean text, figures, dates and links."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from perfreport.core.formatting import quantize
from perfreport.core.model import Figure, Link
from perfreport.core.xmltext import strip_xml_illegal

NOT_AVAILABLE = {"", "n/a", "na", "-", "–", "—", "none", "not available"}

LARGEST_FIGURE = Decimal("1E+308")  # Excel holds figures up to 9.99999999999999E+307
EXCEL_DIGITS = 15  # the significant digits Excel keeps of a figure
MOST_PLACES = 15  # the most decimal places a figure is read to: of Excel's 15 digits, none is left beyond them from 1 up

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCALES = {"k": 3, "m": 6, "bn": 9}
# Digits may be grouped in thousands by commas or spaces ("1,500", "1 500"); spaces may also
# stand around the sign, the pound sign and the suffix ("£ 19.3m", "83 %"), nowhere else.
_NUMBER_TEXT = re.compile(
    r"^(?P<sign>[-+−]?) ?£? ?(?P<digits>\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+) ?"
    r"(?P<suffix>%|k|m|bn|stars?)?$",
    re.IGNORECASE,
)


class CellError(ValueError):
    """A cell's content cannot be read; carries what to do about it, and the problem's code."""

    def __init__(self, message: str, action: str, code: str = "invalid-value"):
        super().__init__(message)
        self.action, self.code = action, code


def clean_text(value: object) -> str:
    """Text as the owner meant it: Excel's _x000D_ escapes decoded, characters that XML
    forbids removed, line endings made plain, surrounding space trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d %B %Y")
    if isinstance(value, float):
        value = repr(value).removesuffix(".0")
    text = _SURROGATE.sub("", _decode_escapes(str(value)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_xml_illegal(text).strip()


def _decode_escapes(text: str) -> str:
    """Excel's _xHHHH_ escapes decoded in one pass (so _x005F_x000D_ is the text _x000D_), and the two
    halves of a character beyond the Basic Multilingual Plane (_xD83D__xDE00_, an emoji) joined."""
    if "_x" not in text:
        return text
    decoded = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _SURROGATE_PAIR.sub(lambda m: chr(0x10000 + (ord(m[0][0]) - 0xD800) * 0x400 + ord(m[0][1]) - 0xDC00), decoded)


def broken_characters(value: object) -> int:
    """How many half characters (a lone _xD800_, say) the text holds: clean_text leaves them out."""
    return len(_SURROGATE.findall(_decode_escapes(value))) if isinstance(value, str) else 0


def is_not_available(value: object) -> bool:
    """True for a blank cell or one saying there is no figure ("n/a", "-")."""
    return value is None or (isinstance(value, str) and clean_text(value).casefold() in NOT_AVAILABLE)


def format_decimals(number_format: str | None) -> int | None:
    """Decimal places an Excel number format shows, or None for General."""
    if not number_format or number_format.casefold() == "general":
        return None
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.split(";")[0])
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


def read_figure(value: object, number_format: str | None = None, decimals: int | None = None) -> Figure | None:
    """A figure from a cell: a number (a % format means a fraction of 100) or text such as
    "83%", "1,500" or "£19.3m". Blank and "n/a" give None. Any figure Excel can hold is read, to
    ``decimals`` places if given, else as typed or formatted, but to MOST_PLACES at most."""
    if is_not_available(value):
        return None
    number, places = _typed_figure(value, number_format)
    if not number.is_finite() or abs(number) >= LARGEST_FIGURE:
        raise CellError(f"{clean_text(value)!r} is too large to be a figure.", "Check the figure and enter it again.")
    places = min(places, MOST_PLACES) if decimals is None else decimals
    return Figure(quantize(number, places), places)


def typed_places(value: object, number_format: str | None = None) -> int:
    """How many decimal places a figure's cell gives it, as typed or as its number format shows it."""
    return _typed_figure(value, number_format)[1]


def _typed_figure(value: object, number_format: str | None) -> tuple[Decimal, int]:
    """A figure's cell as a number and the decimal places it gives; CellError for what is no figure."""
    if isinstance(value, (bool, datetime, date)):
        raise CellError(f"{clean_text(value)!r} is not a figure.", "Enter a number.")
    if not isinstance(value, (int, float)):
        return _figure_from_text(clean_text(value))
    number = _as_excel_holds(value) if isinstance(value, float) else Decimal(value)
    shown = format_decimals(number_format)
    if number_format and "%" in number_format.replace('"%"', ""):
        number *= 100
    return number, shown if shown is not None else _places(number)


def _as_excel_holds(value: float) -> Decimal:
    """A number as Excel holds it: to 15 significant digits, beyond which a binary float's digits are noise
    (0.1 + 0.2 is 0.30000000000000004 in Python, 0.3 in Excel)."""
    number = Decimal(repr(value))
    if not number.is_finite() or len(number.as_tuple().digits) <= EXCEL_DIGITS:
        return number
    return Context(prec=EXCEL_DIGITS, rounding=ROUND_HALF_UP).plus(number).normalize()


def _figure_from_text(text: str) -> tuple[Decimal, int]:
    match = _NUMBER_TEXT.match(" ".join(text.split()))
    if not match:
        raise CellError(
            f"{text!r} is not a figure.",
            'Enter a number such as 83.5, 83.5%, 1,500 or £19.3m, or "n/a" if there is none.',
        )
    digits = match.group("digits").replace(",", "").replace(" ", "")
    number = Decimal(digits)
    if match.group("sign") in ("-", "−"):
        number = -number
    scale = _SCALES.get((match.group("suffix") or "").lower(), 0)
    return number.scaleb(scale), max(0, _places(number) - scale)


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def read_whole_number(value: object, lowest: int, highest: int) -> int:
    """A whole number from lowest to highest, typed as a number or as text."""
    try:
        number = Decimal(clean_text(value).replace(",", ""))
        valid = number == number.to_integral_value() and lowest <= number <= highest
    except InvalidOperation:  # not a number at all, or NaN
        valid = False
    if not valid:
        raise CellError(
            f"{clean_text(value)!r} is not a whole number from {lowest:,} to {highest:,}.",
            f"Enter a whole number from {lowest:,} to {highest:,}, or leave blank.",
        )
    return int(number)


def read_date(value: object) -> date:
    """A date typed as a date, or as text such as 5 Dec 2023, 2023-12-05 or 13/12/2023. Text such as
    01/03/2024, which is 1 March to some and 3 January to others, is refused rather than guessed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    if numeric := _NUMERIC_DATE.fullmatch(text):
        return _numeric_date(text, *(int(part) for part in numeric.groups()))
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"{text!r} is not a date.", "Enter a date such as 5 Dec 2023, or as a date in Excel.")


def _spelt(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _numeric_date(text: str, first: int, second: int, year: int) -> date:
    """A date written with numbers only: day first (13/03/2024), or month first where only that can be
    (03/13/2024); where either could be the month, CellError."""
    if first <= 12 and second <= 12 and first != second:
        raise CellError(
            f"{text!r} could be {_spelt(date(year, second, first))} or {_spelt(date(year, first, second))}.",
            "Enter the date with the month in words, e.g. 1 Mar 2024, or as a date in Excel.", "ambiguous-date",
        )
    day, month = (first, second) if first > 12 or first == second or second <= 12 else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{text!r} is not a date.", "Enter a date such as 5 Dec 2023, or as a date in Excel.") from None


def read_links(value: object) -> tuple[Link, ...]:
    """Links one per line: "text | address" or a bare address."""
    links = []
    for line in clean_text(value).split("\n"):
        line = line.strip()
        if not line:
            continue
        bare = re.match(r"^(https?://|mailto:|www\.)\S+$", line, re.IGNORECASE)
        text, _, url = ("", "", line) if bare else line.rpartition("|")
        text, url = text.strip(), url.strip()
        if url.lower().startswith("www."):
            url = "https://" + url
        if not re.match(r"^(https?://|mailto:)\S+$", url, re.IGNORECASE):
            raise CellError(
                f"{line!r} is not a link.",
                'Put one link per line, as "text | https://..." or an address starting https://.',
            )
        links.append(Link(text or url, url))
    return tuple(links)
