"""The main job: owners' workbooks in, the committee's Word report out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from perfreport.model import ReportDetails
from perfreport.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating import RatedIndicator, Scheme, SchemeError, rate_all
from perfreport.report.context import build_context
from perfreport.report.render import render_report
from perfreport.workbook.collect import read_workbooks


@dataclass
class Generated:
    """What a run produced: the report's path, its rated indicators, and any warnings."""

    output: Path
    details: ReportDetails
    rated: list[RatedIndicator]
    problems: list[Problem]


def report_file_name(details: ReportDetails) -> str:
    """A file name from committee, period and year: strategy-and-resources-committee-quarter-2-2023-24.docx."""
    words = f"{details.committee} {details.period} {details.financial_year}"
    return re.sub(r"[^a-z0-9]+", "-", words.casefold()).strip("-") + ".docx"


def generate_report(
    workbooks: list[Path],
    template: Path,
    scheme: Scheme,
    output: Path | None = None,
    output_folder: Path = Path("output"),
) -> Generated:
    """Read, rate and render. Raises ProblemsFound if any input has errors; nothing is written then."""
    content = read_workbooks(workbooks)
    if not template.is_file():
        content.problems.append(
            Problem("missing-template", Severity.ERROR, "No such template.", "Give the path of a .docx template.", str(template))
        )
    if has_errors(content.problems) or content.details is None:
        raise ProblemsFound(content.problems)
    target = output or output_folder / report_file_name(content.details)
    inputs = {path.resolve() for path in workbooks} | {template.resolve()}
    if target.resolve() in inputs:
        raise ProblemsFound(
            [Problem("overwrite-input", Severity.ERROR, "The output would overwrite an input.", "Choose another output path.", str(target))]
        )
    try:
        rated = rate_all(content.indicators, scheme)
    except SchemeError as error:
        raise ProblemsFound(
            [Problem("scheme-error", Severity.ERROR, str(error), "Correct the rating scheme.", scheme.name)]
        ) from error
    render_report(template, build_context(content.details, rated, scheme), target)
    return Generated(target, content.details, rated, content.problems)
