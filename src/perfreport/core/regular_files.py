"""Telling a file from a named pipe, socket or device before opening it: opening one of those to read waits
for ever, or reads without end."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perfreport.core.problems import Problem, Severity

NOT_A_FILE = "not-a-regular-file"
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def not_a_regular_file(path: Path | str) -> str:
    """What ``path`` is, where it is there but is no regular file ("a named pipe (FIFO)", "a folder"); "" for a
    regular file, and for a path that is not there, which opening it will say."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    if stat.S_ISREG(mode):
        return ""
    return next((kind for is_kind, kind in _KINDS if is_kind(mode)), "something other than a file")


def not_a_file_problem(path: Path | str, what: str, file: str = "") -> Problem | None:
    """The error for a ``what`` ("workbook", "HTML template") named at ``path`` that is no regular file, given
    as ``file`` (default: its name); None for a regular file or a path that is not there."""
    kind = not_a_regular_file(path)
    if not kind:
        return None
    return Problem(NOT_A_FILE, Severity.ERROR, f"This is {kind}, not a file, so it is not read.",
                   f"Give the {what} itself: a file saved on disk.", file or Path(path).name)
