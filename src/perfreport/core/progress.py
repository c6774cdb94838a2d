"""How long work tells how far it has gone, so that the command line can show it."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""Called with a step's name, how much of it is done, and how much there is in all."""


def no_progress(step: str, done: int, total: int) -> None:
    """Progress told to no one."""
