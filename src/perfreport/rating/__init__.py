"""Rating indicators against their targets: schemes and the arithmetic. No I/O beyond scheme files."""

from perfreport.rating.change import Change, change_in_performance
from perfreport.rating.rate import RatedIndicator, Rating, rate, rate_all
from perfreport.rating.scheme import Band, Scheme, SchemeError, Status, builtin_scheme, load_scheme

__all__ = [
    "Band",
    "Change",
    "RatedIndicator",
    "Rating",
    "Scheme",
    "SchemeError",
    "Status",
    "builtin_scheme",
    "change_in_performance",
    "load_scheme",
    "rate",
    "rate_all",
]
