"""Checking a report against its manifest: that the inputs it names make the same report again, byte for byte
(or which input changed), and that the files beside it are the set it records."""

from __future__ import annotations

import json
import re
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.rating import Scheme
from perfreport.rating.scheme import SchemeError, choose_scheme
from perfreport.report.manifest import PARTS, scheme_text, sha256

LARGEST = 16 * 2**20  # bytes: a manifest of 30,000 workbooks is a few MB


@dataclass
class Verification:
    """Whether the inputs a manifest names make its report again byte for byte, and if not, what differs;
    and which files of the set beside it are not the ones it records (a mixed set)."""

    identical: bool
    changed: list[str] = field(default_factory=list)  # inputs whose contents differ from the manifest's
    not_recorded: list[str] = field(default_factory=list)  # files of the set that are not those recorded
    problems: list[Problem] = field(default_factory=list)


def verify(manifest: Path) -> Verification:
    """Make the report again, into a temporary folder, from the inputs ``manifest`` names, and compare it
    byte for byte with the one it records; say which inputs, if any, have changed since, and which files of
    its set beside it are not those it records. A manifest that cannot be read, or is not shaped as perfreport
    writes one, is a problem and nothing is made."""
    record = read_manifest(manifest)
    folder = manifest.parent
    templates = [record["template"], *([record["html_template"]] if "html_template" in record else [])]
    changed = [entry["path"] for entry in (*templates, *record["workbooks"]) if _differs(folder, entry)]
    not_recorded = [entry["path"] for key in PARTS if (entry := record.get(key)) and _differs(folder, entry)]
    not_recorded += _left_beside(record, folder)
    try:
        scheme = choose_scheme(record["scheme"]["reference"], folder)
    except SchemeError as error:
        return Verification(False, changed + ["scheme"], not_recorded, [
            Problem("unknown-scheme", Severity.ERROR, f"Rating scheme: {error}", "", str(manifest))])
    if sha256(scheme_text(scheme)) != record["scheme"]["sha256"]:
        changed.append(f"scheme {record['scheme']['reference']}")
    made = _made_again(record, folder, scheme)
    if isinstance(made, list):
        return Verification(False, changed, not_recorded, made)
    return Verification(made == record["report"]["sha256"] and not changed, changed, not_recorded)


def _left_beside(record: dict[str, Any], folder: Path) -> list[str]:
    """Files beside the report named as parts of its set (its .html page or PDF) that the manifest does not
    record: left by an earlier run that wrote them."""
    report = folder / record["report"]["path"]
    recorded = {(folder / entry["path"]).name for key in PARTS if (entry := record.get(key))}
    return [part.name for part in (report.with_suffix(".html"), report.with_suffix(".pdf"))
            if part.name not in recorded and _regular(part)]


def _made_again(record: dict[str, Any], folder: Path, scheme: Scheme) -> str | list[Problem]:
    """The SHA-256 of the report made again from what ``record`` names, or the problems that stopped it."""
    from perfreport.generate import generate_report  # the whole job: loaded only when asked for

    given = dict(record["given"])
    if record["produced_on"]:
        given["produced_on"] = date.fromisoformat(record["produced_on"])
    report = folder / record["report"]["path"]
    word = report.suffix.lower() != ".html"
    html = folder / record["html_template"]["path"] if "html_template" in record else None
    with tempfile.TemporaryDirectory(prefix="perfreport-verify-") as work:
        try:
            again = generate_report([folder / entry["path"] for entry in record["workbooks"]], folder /
                                    record["template"]["path"], scheme, Path(work) / report.with_suffix(".docx").name,
                                    given=given, manifest=False, html=html, word=word, spc=record.get("spc", True))
        except ProblemsFound as error:
            return error.problems
        return sha256((again.output if word else again.html).read_bytes())


def read_manifest(path: Path) -> dict[str, Any]:
    """A manifest's record, checked to be shaped as perfreport writes one; raises ProblemsFound naming what
    is wrong where it cannot be read or is damaged."""
    if not _regular(path):
        raise ProblemsFound([_damaged(path, "It is not a regular file.", "Give the .manifest.json file written "
                                      "beside the report.")])
    if path.stat().st_size > LARGEST:
        raise ProblemsFound([_damaged(path, f"It is larger than {LARGEST // 2**20} MB, far more than a manifest "
                                      "holds.", "Give the .manifest.json file written beside the report.")])
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ProblemsFound([_damaged(path, f"It cannot be read as JSON ({error}).",
                                      "Give the .manifest.json file written beside the report.")]) from error
    if wrong := _misshapen(record):
        raise ProblemsFound([_damaged(path, f"{wrong}.", "Make the report again to write a new manifest.")])
    return record


ENTRY = {"path": "path", "size": int, "sha256": "sha256"}
SHAPE = {"perfreport": str, "report": ENTRY, "produced_on": "date", "scheme": {"name": str, "reference": str,
         "sha256": "sha256"}, "template": ENTRY, "workbooks": [ENTRY], "given": {str: str}, "spc": bool,
         "counts": {str: int}}
OPTIONAL = {"html_template": ENTRY, "html": ENTRY, "pdf": ENTRY}
HEX = re.compile(r"[0-9a-f]{64}")


def _misshapen(record: Any) -> str:
    """What keeps ``record`` from being a manifest as perfreport writes one, or ""."""
    if not isinstance(record, dict):
        return f"It holds {_kind(record)}, not the record of a report"
    for key, shape in (*SHAPE.items(), *OPTIONAL.items()):
        if key not in record:
            if key in SHAPE:
                return f"It has no {key!r}"
            continue
        if wrong := _wrong(record[key], shape):
            return f"Its {key!r} {wrong}"
    if record["report"]["path"].casefold().endswith(".html") and "html_template" not in record:
        return "Its report is an HTML page, but it names no HTML template"
    return ""


def _wrong(value: Any, shape: Any) -> str:
    """How ``value`` differs from ``shape`` (a type, "date", "sha256", [shape] or a dict of shapes), or ""."""
    if shape == "date":  # or null: a report whose template shows no produced-on date may have none
        return "" if value is None or isinstance(value, str) and _is_date(value) else "is not a date written YYYY-MM-DD"
    if shape == "path":
        usable = isinstance(value, str) and "\0" not in value and Path(value).name not in ("", ".", "..")
        return "" if usable else "is not the path of a file"
    if shape == "sha256":
        return "" if isinstance(value, str) and HEX.fullmatch(value) else "is not a SHA-256"
    if isinstance(shape, list):
        if not isinstance(value, list) or not value:
            return f"is {_kind(value)}, not a list of files"
        return next((f"item {n} {wrong}" for n, item in enumerate(value, 1) if (wrong := _wrong(item, shape[0]))), "")
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"is {_kind(value)}, not a table"
        if str in shape:
            bad = next((k for k, v in value.items() if _wrong(v, shape[str])), None)
            return f"has {bad!r} of the wrong kind" if bad is not None else ""
        return next((f"{key!r} {wrong}" if key in value else f"has no {key!r}" for key, kind in shape.items()
                     if key not in value or (wrong := _wrong(value[key], kind))), "")
    if shape is int and isinstance(value, bool):
        return "is true or false, not a number"
    return "" if isinstance(value, shape) else f"is {_kind(value)}, not {shape.__name__.replace('str', 'text')}"


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _kind(value: Any) -> str:
    names = {type(None): "null", bool: "true or false", int: "a number", float: "a number", str: "text",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _damaged(path: Path, message: str, action: str) -> Problem:
    return Problem("damaged-manifest", Severity.ERROR, f"This is not a manifest perfreport can check: {message}",
                   action, str(path))


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _differs(folder: Path, entry: dict[str, Any]) -> bool:
    path = folder / entry["path"]
    return not _regular(path) or sha256(path.read_bytes()) != entry["sha256"]
