"""A record of what made each report, written beside it as the last of its set: the inputs' names and
SHA-256, the scheme, and the settings given (quarter/verify.py makes the report again from it)."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from perfreport import __version__
from perfreport.rating import RatedIndicator, Scheme
from perfreport.rating.scheme import builtin_schemes

SUFFIX = ".manifest.json"
PARTS = {"report": "the report", "html": "the HTML page", "pdf": "the PDF"}  # the set's files, as recorded


def manifest_path(report: Path) -> Path:
    """Where a report's manifest goes: q2.docx has q2.manifest.json beside it."""
    return report.with_name(report.stem + SUFFIX)


def manifest_inputs(
    folder: Path, workbooks: list[Path], template: Path, scheme: Scheme, html: Path | None = None
) -> dict[str, Any]:
    """What made the reports written in ``folder``: the scheme, the templates and each workbook's name, size and
    SHA-256, with paths from ``folder``. Reports made together share them, so they are hashed once."""
    inputs = {
        "scheme": {"name": scheme.name, "reference": _reference(scheme, folder), "sha256": sha256(scheme_text(scheme))},
        "template": _file(template, folder),
    }
    if html:
        inputs["html_template"] = _file(html, folder)
    inputs["workbooks"] = [_file(path, folder) for path in workbooks]
    return inputs


def manifest_bytes(
    parts: dict[str, tuple[Path, bytes]], inputs: dict[str, Any], produced_on: date | None, given: dict[str, Any],
    rated: list[RatedIndicator], spc: bool = True,
) -> bytes:
    """The manifest of one report's set: perfreport's version; each of its ``parts`` ("report": the .docx, or
    the .html page where there is no .docx; "html"; "pdf") by name, size and SHA-256; the ``inputs`` (from
    manifest_inputs for the report's folder); the details given on the command line or in settings; the
    produced-on date; and the counts by rating."""
    written = {key: _entry(path.name, data) for key, (path, data) in parts.items()}
    record = {
        "perfreport": __version__,
        "report": written["report"],
        "produced_on": produced_on.isoformat() if produced_on else None,
        **{key: inputs[key] for key in ("scheme", "template", "html_template") if key in inputs},
        **{key: written[key] for key in ("html", "pdf") if key in written},
        "workbooks": inputs["workbooks"],
        "given": {key: value.isoformat() if isinstance(value, date) else value for key, value in sorted(given.items())},
        "spc": spc,
        "counts": dict(sorted(Counter(item.rating.status.name for item in rated).items())),
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


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
    data = path.read_bytes()
    return _entry(_relative(path, folder), data)


def _entry(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "size": len(data), "sha256": sha256(data)}


def _relative(path: Path, folder: Path) -> str:
    """``path`` from ``folder``, with forward slashes; in full where there is no way (another drive)."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, in hexadecimal, as a manifest records it."""
    return hashlib.sha256(data).hexdigest()
