"""Problems found in inputs: data, not exceptions, so that all of them can be listed at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is, and what to do about it."""

    code: str
    severity: Severity
    message: str
    action: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def place(self) -> str:
        """Where the problem is, e.g. ``sample.xlsx, Indicators!F7``, or ``national.csv, D34`` in a CSV file."""
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or self.cell
        return ", ".join(part for part in (self.file, where) if part)

    def sort_key(self) -> tuple:
        """Orders problems as an owner works through them: file, sheet, row, column."""
        match = re.fullmatch(r"([A-Z]*)(\d*)(?::\d+)?", self.cell)
        letters, row = (match.group(1), int(match.group(2) or 0)) if match else ("", 0)
        return (self.file, self.sheet, row, len(letters), letters)

    def __str__(self) -> str:
        text = f"{self.severity.value}: {self.place}: {self.message}" if self.place else (
            f"{self.severity.value}: {self.message}"
        )
        return f"{text} {self.action}".rstrip() if self.action else text


class ProblemsFound(Exception):
    """Raised by library calls that cannot go on; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
