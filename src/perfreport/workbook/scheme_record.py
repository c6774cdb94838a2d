"""The rating scheme a workbook was made for, recorded on its Report sheet beside the scheme it names: the
scheme's name and the SHA-256 of its TOML text. A workbook that travels without its scheme file, or finds
another file at that path, is then noticed, not silently rated under another scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from perfreport.core.problems import Problem, Severity
from perfreport.rating.scheme import Scheme, SchemeError, builtin_scheme_of, choose_scheme
from perfreport.workbook.reader import WorkbookContent
from perfreport.workbook.schema import REPORT_SHEET

_RECORD = re.compile(r"(?P<name>.+), SHA-256 (?P<digest>[0-9a-f]{64})")
SHORT = 12  # hex digits of a SHA-256 shown in messages: enough to tell two schemes apart


@dataclass(frozen=True)
class RecordedScheme:
    name: str
    digest: str


def scheme_record(scheme: Scheme) -> str:
    """How the Report sheet records ``scheme``: "Very Green/Green/Amber/Red, SHA-256 3f2a…" ("" where its text
    is not known)."""
    return f"{scheme.name}, SHA-256 {scheme.digest}" if scheme.digest else ""


def read_record(text: str) -> RecordedScheme | None:
    """The scheme a Report sheet records, or None where it records none (a workbook made before records were
    kept) or the cell was changed."""
    found = _RECORD.fullmatch(" ".join(text.split())) if text else None
    return RecordedScheme(found["name"], found["digest"]) if found else None


def _identified(name: str, digest: str) -> str:
    return f"{name} (SHA-256 {digest[:SHORT]})"


def report_sheet_scheme(content: WorkbookContent) -> tuple[Scheme | None, list[Problem]]:
    """The scheme the Report sheet names (a .toml file is looked for beside its workbook), checked against the
    scheme recorded beside it: a warning where they differ; where the scheme named is not there but the one
    recorded is a built-in's text, that built-in, with a notice. None where no scheme is named, or, with an
    error, where the one named cannot be used."""
    name, workbook = content.scheme, content.scheme_from
    if not name:
        return None, []
    recorded = read_record(content.scheme_record)
    place = (workbook.name, REPORT_SHEET, content.scheme_cell)
    try:
        scheme = choose_scheme(name, workbook.parent, f"named on the Report sheet of {workbook.name}")
    except SchemeError as error:
        built_in = builtin_scheme_of(recorded.digest) if recorded and _not_there(name, workbook.parent) else None
        if built_in is None:
            return None, [_unusable(error, name, recorded, place)]
        chosen_by = f"perfreport's built-in {built_in.reference}, as recorded on the Report sheet of {workbook.name}"
        return replace(built_in, chosen_by=chosen_by), [Problem(
            "recorded-scheme-used", Severity.NOTICE,
            f"Rating scheme: {name} is not there, but the scheme this workbook was made for, "
            f"{_identified(recorded.name, recorded.digest)}, is perfreport's built-in {built_in.reference}, "
            "so ratings follow that.",
            f"Nothing need be done. To rate it under a scheme file of your own, put the file {_where(name)}, or "
            "give it with --scheme.", *place,
        )]
    if recorded is None or recorded.digest == scheme.digest:
        return scheme, []
    return scheme, [Problem(
        "scheme-changed", Severity.WARNING,
        f"Rating scheme: {name} is now {_identified(scheme.name, scheme.digest)}, not the scheme this workbook was "
        f"made for, {_identified(recorded.name, recorded.digest)}, so its ratings may differ from those its owner "
        "saw.",
        f"If the ratings should follow the scheme the workbook was made for, put that scheme's file {_where(name)}, "
        "or give it with --scheme; if the scheme found is meant, nothing need be done.", *place,
    )]


def _not_there(name: str, folder: Path) -> bool:
    """Whether the scheme named is nowhere to be found: no such file, or no such built-in."""
    if not name.casefold().endswith(".toml"):
        return True
    path = Path(name)
    return not (path if path.is_absolute() else folder / path).exists()


def _where(name: str) -> str:
    """Where the Report sheet's scheme file goes, in words: "beside the workbook", "at ../scheme.toml from the
    workbook's folder"."""
    path = Path(name)
    if path.is_absolute():
        return f"at {name}"
    return f"at {name} from the workbook's folder" if len(path.parts) > 1 else f"as {name} beside the workbook"


def _unusable(error: SchemeError, name: str, recorded: RecordedScheme | None, place: tuple[str, str, str]) -> Problem:
    action = "Give a built-in scheme's name (perfreport schemes lists them) or a .toml file."
    if recorded is not None:
        made_for = f"This workbook was made for {_identified(recorded.name, recorded.digest)}"
        action = (f"{made_for}: put that scheme's file {_where(name)}, or give it with --scheme."
                  if name.casefold().endswith(".toml") else f"{made_for}. {action}")
    return Problem("unknown-scheme", Severity.ERROR, f"Rating scheme: {error}", action, *place)
