"""Changes since last period: which indicators moved between ratings, which are new, which have no figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from perfreport.rating.rate import RatedIndicator
from perfreport.rating.scheme import Status


@dataclass(frozen=True)
class RatingChange:
    """An indicator whose rating differs from the previous period's; ``recorded`` says whether the
    previous rating came from History's Rating column rather than being worked out."""

    rated: RatedIndicator
    previous: Status
    current: Status
    recorded: bool


@dataclass
class Changes:
    """What changed since last period, each list in indicator order. Each indicator is in one list at
    most: one without a current figure is listed as such, even where its rating changed or it has no
    figures at all (its status the owner's, it is not new: nothing was reported); a new indicator as new;
    an indicator whose rating is unchanged is in none."""

    rating_changes: list[RatingChange] = field(default_factory=list)
    new: list[RatedIndicator] = field(default_factory=list)
    no_current_figure: list[RatedIndicator] = field(default_factory=list)
    unknown: list[RatedIndicator] = field(default_factory=list)  # the previous rating cannot be found


def _is_new(rated: RatedIndicator) -> bool:
    """True for an indicator reported for the first time: a figure this period, but no History and no previous
    figure."""
    indicator = rated.indicator
    return indicator.current is not None and not indicator.history and indicator.previous is None


def changes_since_last_period(rated: list[RatedIndicator]) -> Changes:
    """Sort the rated indicators into rating changes (compared by name), indicators without a current figure,
    new indicators, and indicators whose previous rating cannot be found."""
    changes = Changes()
    for item in rated:
        previous, current = item.previous_rating, item.rating.status
        if item.indicator.current is None:
            changes.no_current_figure.append(item)
        elif _is_new(item):
            changes.new.append(item)
        elif previous is None:
            changes.unknown.append(item)
        elif previous.name != current.name:
            changes.rating_changes.append(RatingChange(item, previous, current, item.previous_rating_recorded))
    return changes
