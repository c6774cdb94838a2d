"""Figures and labels as a committee reader expects them: "83.0%", "9,154", "£19.3m"."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

from perfreport.core.model import Direction, Figure, Indicator, PeriodType, Unit

NOT_AVAILABLE = "n/a"
MILLION = Decimal(1000000)

_DIRECTION_WORDS = {Direction.HIGHER: "↑ Higher is better", Direction.LOWER: "↓ Lower is better"}


def format_figure(figure: Figure | None, unit: Unit) -> str:
    if figure is None:
        return NOT_AVAILABLE
    if unit is Unit.PERCENT:
        return f"{_grouped(figure.value, figure.decimals)}%"
    if unit is Unit.MONEY:
        return _money(figure)
    if unit is Unit.STARS:
        return f"{_grouped(figure.value, figure.decimals)} {'star' if figure.value == 1 else 'stars'}"
    return _grouped(figure.value, figure.decimals)


def quantize(number: Decimal, places: int) -> Decimal:
    """``number`` rounded half up to ``places`` decimal places, as Excel shows it, however many digits that takes
    (1E+300 to two places has 303)."""
    digits = max(number.adjusted(), 0) + places + 2
    return number.quantize(Decimal(1).scaleb(-places), context=Context(prec=max(digits, 28), rounding=ROUND_HALF_UP))


def _grouped(value: Decimal, decimals: int) -> str:
    return format(value, f",.{decimals}f")


def _money(figure: Figure) -> str:
    """Pounds with separators; millions as "£19.3m" where that loses nothing."""
    sign = "-" if figure.value < 0 else ""
    amount = abs(figure.value)
    millions = amount / MILLION
    if amount >= MILLION and millions == quantize(millions, 2):
        places = 1 if millions == quantize(millions, 1) else 2
        return f"{sign}£{_grouped(millions, places)}m"
    return f"{sign}£{_grouped(amount, figure.decimals)}"


def format_target(indicator: Indicator) -> str:
    if indicator.target_tbc:
        return "TBC"
    return format_figure(indicator.target, indicator.unit)


def format_direction(direction: Direction) -> str:
    return _DIRECTION_WORDS[direction]


def format_date(day: date) -> str:
    return day.strftime("%d %B %Y")


def period_labels(period_type: PeriodType, financial_year: str) -> tuple[str, str]:
    """The header-table labels for the current and previous figures."""
    if period_type is PeriodType.FORECAST:
        return f"{financial_year.replace('/', '-')} Forecast", "Previous Quarter"
    return f"Current {period_type.value}", f"Previous {period_type.value}"


def format_percentage(part: int, whole: int) -> str:
    """A whole-number share, rounded half up: 4 of 15 is 27%."""
    if whole == 0:
        return "0%"
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share}%"


def plain_number(number: Decimal) -> str:
    """A number without needless digits: 43.07 rather than 43.0666..., 10 rather than 10.00."""
    if number != number.to_integral_value():
        number = number.quantize(Decimal("0.01"))
    return format(number.normalize(), "f")


def join_words(words: list[str], conjunction: str = "and") -> str:
    """Words as a phrase: "Baseline, Contextual or In Development"; "" for none."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"
