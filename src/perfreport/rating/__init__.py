"""Rating indicators against their targets: schemes and the arithmetic. No I/O beyond scheme files."""

from perfreport.rating.change import Change, change_in_performance
from perfreport.rating.changes import Changes, RatingChange, changes_since_last_period
from perfreport.rating.rate import RatedIndicator, Rating, can_rate, long_term_change, previous_rating, rate, rate_all
from perfreport.rating.scheme import Band, Scheme, SchemeError, Status, builtin_scheme, load_scheme

__all__ = [
    "Band",
    "Change",
    "Changes",
    "RatedIndicator",
    "Rating",
    "RatingChange",
    "Scheme",
    "SchemeError",
    "Status",
    "builtin_scheme",
    "can_rate",
    "change_in_performance",
    "changes_since_last_period",
    "load_scheme",
    "long_term_change",
    "previous_rating",
    "rate",
    "rate_all",
]
