"""A record of what made each report, written beside it, and the check that the same inputs make it again
byte for byte (or which input changed)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from perfreport import __version__
from perfreport.output import write_atomically
from perfreport.problems import Problem, ProblemsFound, Severity
from perfreport.rating import RatedIndicator, Scheme
from perfreport.rating.scheme import SchemeError, builtin_schemes, choose_scheme

SUFFIX = ".manifest.json"


def manifest_path(report: Path) -> Path:
    """Where a report's manifest goes: q2.docx has q2.manifest.json beside it."""
    return report.with_name(report.stem + SUFFIX)


def manifest_inputs(
    folder: Path, workbooks: list[Path], template: Path, scheme: Scheme, html: Path | None = None
) -> dict[str, Any]:
    """What made the reports written in ``folder``: the scheme, the templates and each workbook's name, size and
    SHA-256, with paths from ``folder``. Reports made together share them, so they are hashed once."""
    inputs = {
        "scheme": {"name": scheme.name, "reference": _reference(scheme, folder), "sha256": _sha256(scheme_text(scheme))},
        "template": _file(template, folder),
    }
    if html:
        inputs["html_template"] = _file(html, folder)
    inputs["workbooks"] = [_file(path, folder) for path in workbooks]
    return inputs


def write_manifest(
    report: Path, inputs: dict[str, Any], produced_on: date, given: dict[str, Any], rated: list[RatedIndicator],
    spc: bool = True,
) -> Path:
    """Write, beside ``report`` (the .docx, or the .html page where there is no .docx), what made it:
    perfreport's version, the report itself and its HTML edition, the ``inputs`` (from manifest_inputs for the
    report's folder), the details given on the command line or in settings, the produced-on date, and the
    counts by rating."""
    folder = report.parent
    html = "html_template" in inputs and report.suffix != ".html"
    record = {
        "perfreport": __version__,
        "report": _file(report, folder),
        "produced_on": produced_on.isoformat(),
        **{key: inputs[key] for key in ("scheme", "template", "html_template") if key in inputs},
        **({"html": _file(report.with_suffix(".html"), folder)} if html else {}),
        "workbooks": inputs["workbooks"],
        "given": {key: value.isoformat() if isinstance(value, date) else value for key, value in sorted(given.items())},
        "spc": spc,
        "counts": dict(sorted(Counter(item.rating.status.name for item in rated).items())),
    }
    path = manifest_path(report)
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))
    return path


def scheme_text(scheme: Scheme) -> bytes:
    """The TOML a scheme was read from."""
    if scheme.reference.casefold().endswith(".toml"):
        return Path(scheme.reference).read_bytes()
    return builtin_schemes()[scheme.reference].encode("utf-8")


def _reference(scheme: Scheme, folder: Path) -> str:
    if scheme.reference.casefold().endswith(".toml"):
        return _relative(Path(scheme.reference), folder)
    return scheme.reference


def _file(path: Path, folder: Path) -> dict[str, Any]:
    return {"path": _relative(path, folder), "size": path.stat().st_size, "sha256": _sha256(path.read_bytes())}


def _relative(path: Path, folder: Path) -> str:
    """``path`` from ``folder``, with forward slashes; in full where there is no way (another drive)."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Verification:
    """Whether the inputs a manifest names make its report again byte for byte, and if not, what differs."""

    identical: bool
    changed: list[str] = field(default_factory=list)  # inputs whose contents differ from the manifest's
    report_changed: bool = False  # the report beside the manifest is not the one the manifest records
    problems: list[Problem] = field(default_factory=list)


def verify(manifest: Path) -> Verification:
    """Make the report again, into a temporary folder, from the inputs ``manifest`` names, and compare it
    byte for byte with the one it records; say which inputs, if any, have changed since."""
    from perfreport.generate import generate_report  # the whole job: loaded only when asked for

    record = json.loads(manifest.read_text(encoding="utf-8"))
    folder = manifest.parent
    templates = [record["template"], *([record["html_template"]] if "html_template" in record else [])]
    changed = [entry["path"] for entry in (*templates, *record["workbooks"]) if _differs(folder, entry)]
    try:
        scheme = choose_scheme(record["scheme"]["reference"], folder)
    except SchemeError as error:
        return Verification(False, changed + ["scheme"], problems=[
            Problem("unknown-scheme", Severity.ERROR, f"Rating scheme: {error}", "", str(manifest))])
    if _sha256(scheme_text(scheme)) != record["scheme"]["sha256"]:
        changed.append(f"scheme {record['scheme']['reference']}")
    given = dict(record["given"])
    given["produced_on"] = date.fromisoformat(record["produced_on"])
    report = folder / record["report"]["path"]
    with tempfile.TemporaryDirectory(prefix="perfreport-verify-") as work:
        try:
            html = folder / record["html_template"]["path"] if "html_template" in record else None
            word = report.suffix.lower() != ".html"
            again = generate_report([folder / entry["path"] for entry in record["workbooks"]], folder /
                                    record["template"]["path"], scheme, Path(work) / report.with_suffix(".docx").name,
                                    given=given, manifest=False, html=html, word=word, spc=record.get("spc", True))
        except ProblemsFound as error:
            return Verification(False, changed, problems=error.problems)
        made = _sha256((again.output if word else again.html).read_bytes())
    report_changed = not report.is_file() or _sha256(report.read_bytes()) != record["report"]["sha256"]
    return Verification(made == record["report"]["sha256"] and not changed, changed, report_changed)


def _differs(folder: Path, entry: dict[str, Any]) -> bool:
    path = folder / entry["path"]
    return not path.is_file() or _sha256(path.read_bytes()) != entry["sha256"]
