"""Progress shown on a terminal while long work runs: a bar per step on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TextIO

import click

from perfreport.core.progress import Progress, no_progress

DELAY = 1.0  # seconds: work that ends sooner shows no progress at all


@contextmanager
def progress_shown(quiet: bool = False, stream: TextIO | None = None, delay: float = DELAY) -> Iterator[Progress]:
    """A Progress to give the library: shown on ``stream`` (stderr) once the work has taken ``delay``
    seconds, if that is a terminal; told to no one with ``quiet`` or when stderr is redirected."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        yield no_progress
        return
    bars = _Bars(stream, delay)
    try:
        yield bars
    finally:
        bars.close()


class _Bars:
    """One click progress bar per step, each ended when the next step starts."""

    def __init__(self, stream: TextIO, delay: float):
        self.stream, self.shown_from = stream, time.monotonic() + delay
        self.step = ""
        self.bar: click.progressbar | None = None
        self.open = ExitStack()

    def __call__(self, step: str, done: int, total: int) -> None:
        if time.monotonic() < self.shown_from:
            return
        if step != self.step or self.bar is None:
            self.close()
            self.step = step
            self.bar = self.open.enter_context(
                click.progressbar(length=max(total, 1), label=step, file=self.stream, show_pos=total > 1,
                                  show_percent=total > 1, show_eta=total > 1)
            )
        self.bar.update(max(done - self.bar.pos, 0))

    def close(self) -> None:
        self.open.close()
        self.bar = None
