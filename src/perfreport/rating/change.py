"""Change in performance: whether the latest figure is better than the previous one."""

from __future__ import annotations

from enum import StrEnum

from perfreport.core.model import Direction, Figure


class Change(StrEnum):
    IMPROVING = "Improving"
    DECLINING = "Declining"
    UNCHANGED = "Unchanged"
    NOT_AVAILABLE = "n/a"


def change_in_performance(current: Figure | None, previous: Figure | None, direction: Direction) -> Change:
    """Compare figures as shown; "better" follows the direction for improvement."""
    if current is None or previous is None:
        return Change.NOT_AVAILABLE
    if current.value == previous.value:
        return Change.UNCHANGED
    rose = current.value > previous.value
    return Change.IMPROVING if rose == (direction is Direction.HIGHER) else Change.DECLINING
