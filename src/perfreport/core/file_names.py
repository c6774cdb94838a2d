"""Reports' and workbooks' file names: made from the committee, period and year, or an owner's name,
safe on any computer."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from perfreport.core.model import ReportDetails
from perfreport.core.problems import Problem, Severity

LONGEST = 100  # characters before ".docx", leaving room for the folder within Windows' 260
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)}


def slug(text: str) -> str:
    """Words as lower-case letters and digits joined by hyphens, accents dropped: Comité Ü gives comite-u."""
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def report_file_name(details: ReportDetails) -> str:
    """A file name from committee, period and year: strategy-and-resources-committee-quarter-2-2023-24.docx.

    Only letters, digits and hyphens; a long committee name is shortened, keeping the period
    and year; never empty nor a name Windows reserves (CON, NUL, COM1...)."""
    when = _shortened(slug(f"{details.period} {details.financial_year}"), LONGEST // 2)
    who = _shortened(slug(details.committee), LONGEST - len(when) - 1)
    stem = "-".join(part for part in (who, when) if part) or "report"
    return f"{stem}-report.docx" if stem in WINDOWS_RESERVED else f"{stem}.docx"


def workbook_file_name(name: str) -> str:
    """A workbook's file name from an owner's or service's name: head-of-legal-services.xlsx, as safe
    as a report's file name."""
    stem = _shortened(slug(name), LONGEST) or "workbook"
    return f"{stem}-workbook.xlsx" if stem in WINDOWS_RESERVED else f"{stem}.xlsx"


def _shortened(words: str, longest: int) -> str:
    """Hyphenated words cut to at most ``longest`` characters, at a hyphen where there is one."""
    if len(words) <= longest:
        return words
    cut = words[: longest + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut[:longest]


def distinct(names: list[str]) -> list[str]:
    """The names in order, a later one that repeats an earlier one given -2, -3...: "a.docx" becomes "a-2.docx"."""
    taken: set[str] = set()
    result = []
    for name in names:
        stem, suffix = Path(name).stem, Path(name).suffix
        chosen, number = name, 1
        while chosen.casefold() in taken:
            number += 1
            chosen = f"{stem}-{number}{suffix}"
        taken.add(chosen.casefold())
        result.append(chosen)
    return result


def outside_folder(target: Path, folder: Path, written: str = "") -> Problem | None:
    """An error if ``target``, links followed, would not be directly inside ``folder``; ``written`` says what
    ``target`` is ("the report", "the workbook"), by default the workbook or report its name ends as."""
    if target.resolve().parent == folder.resolve():
        return None
    written = written or ("the workbook" if target.suffix.lower() in (".xlsx", ".xlsm") else "the report")
    return Problem("outside-output-folder", Severity.ERROR, f"{written[:1].upper()}{written[1:]} would be written "
                   "outside the output folder.",
                   "Remove the link of that name from the output folder, or choose another folder.", str(target))
