"""The main job: owners' workbooks in, the committee's Word report out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from perfreport.model import ReportDetails
from perfreport.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating import RatedIndicator, Scheme
from perfreport.report.context import build_context
from perfreport.report.pdf import write_pdf
from perfreport.report.render import render_report
from perfreport.validate import validate


@dataclass
class Generated:
    """What a run produced: the report's path, its rated indicators, and any warnings."""

    output: Path
    details: ReportDetails
    scheme: Scheme
    rated: list[RatedIndicator]
    problems: list[Problem]
    pdf: Path | None = None


def report_file_name(details: ReportDetails) -> str:
    """A file name from committee, period and year: strategy-and-resources-committee-quarter-2-2023-24.docx."""
    words = f"{details.committee} {details.period} {details.financial_year}"
    return re.sub(r"[^a-z0-9]+", "-", words.casefold()).strip("-") + ".docx"


def check_output(target: Path, inputs: list[Path]) -> None:
    """Refuse an output that is not a .docx, or that would write over an input workbook or the template."""
    if target.suffix.lower() != ".docx":
        raise ProblemsFound([Problem("output-not-docx", Severity.ERROR, "The report's name must end in .docx.",
                                     "Give an output path ending in .docx; --pdf writes the PDF beside it.", str(target))])
    if target.resolve() in {path.resolve() for path in inputs}:
        raise ProblemsFound([Problem("overwrite-input", Severity.ERROR, "The output would overwrite an input.",
                                     "Choose another output path.", str(target))])


def generate_report(
    workbooks: list[Path],
    template: Path,
    scheme: Scheme | None = None,
    output: Path | None = None,
    output_folder: Path = Path("output"),
    pdf: bool = False,
) -> Generated:
    """Validate, rate and render. Raises ProblemsFound if any input has errors; nothing is written then.
    Warnings do not stop the report; they are returned with it. Without ``scheme``, the
    Report sheet's scheme (or the default) is used. With ``pdf``, a PDF is written beside the
    report; if that fails, the report stands and the failure is among the returned problems."""
    checked = validate(workbooks, scheme)
    problems, details = checked.problems, checked.content.details
    if not template.is_file():
        problems.append(
            Problem("missing-template", Severity.ERROR, "No such template.", "Give the path of a .docx template.", str(template))
        )
    if has_errors(problems) or details is None:
        raise ProblemsFound(problems)
    target = output or output_folder / report_file_name(details)
    check_output(target, [*checked.content.files, template])
    render_report(template, build_context(details, checked.rated, checked.scheme), target, details.produced_on)
    generated = Generated(target, details, checked.scheme, checked.rated, problems)
    if pdf:
        try:
            write_pdf(target, target.with_suffix(".pdf"))
            generated.pdf = target.with_suffix(".pdf")
        except ProblemsFound as error:
            problems.extend(error.problems)
    return generated
