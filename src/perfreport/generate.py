"""The main job: owners' workbooks in, the committee's Word report out, or one report per committee."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from perfreport.committees import split_by_committee
from perfreport.file_names import distinct, outside_folder, report_file_name
from perfreport.manifest import manifest_inputs, write_manifest
from perfreport.model import ReportDetails
from perfreport.output import replacing
from perfreport.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.progress import Progress, no_progress
from perfreport.rating import RatedIndicator, Scheme
from perfreport.report.context import build_context
from perfreport.report.html.render import render_html
from perfreport.report.word.pdf import write_pdfs
from perfreport.report.word.render import render_report
from perfreport.validate import Validation, validate

WORKERS = 2
WRITING_PDF, WRITING_REPORTS = "Writing the PDF", "Writing the reports"


@dataclass
class Generated:
    """What a run produced: the report's path, its rated indicators, and any warnings."""

    output: Path
    details: ReportDetails
    scheme: Scheme
    rated: list[RatedIndicator]
    problems: list[Problem]
    pdf: Path | None = None
    html: Path | None = None
    manifest: Path | None = None


@dataclass
class CommitteeReports:
    """What a run by committee produced: the reports written, and every problem of the run."""

    reports: list[Generated]
    problems: list[Problem]


def check_output(target: Path, inputs: list[Path]) -> None:
    """Refuse an output that is not a .docx, or that would write over an input workbook or the template."""
    if target.suffix.lower() != ".docx":
        raise ProblemsFound([Problem("output-not-docx", Severity.ERROR, "The report's name must end in .docx.",
                                     "Give an output path ending in .docx; --pdf writes the PDF beside it.", str(target))])
    if replacing([target], inputs):
        raise ProblemsFound([Problem("overwrite-input", Severity.ERROR, "The output would overwrite an input.",
                                     "Choose another output path.", str(target))])


def _checked(
    workbooks: list[Path], template: Path, scheme: Scheme | None, given: dict[str, str] | None, progress: Progress,
    sign_off: Severity | None = None, spc: bool = True,
) -> tuple[Validation, ReportDetails]:
    """The workbooks validated, with their report details; raises ProblemsFound if there is any error."""
    checked = validate(workbooks, scheme, given, progress, sign_off, spc)
    problems, details = checked.problems, checked.content.details
    if not template.is_file():
        problems.append(
            Problem("missing-template", Severity.ERROR, "No such template.", "Give the path of a .docx template.", str(template))
        )
    if has_errors(problems) or details is None:
        raise ProblemsFound(problems)
    return checked, details


def _try_write(
    template: Path, context: dict[str, Any], target: Path, produced_on: date, html: Path | None = None,
    progress: Progress = no_progress,
) -> tuple[bool, list[Problem]]:
    """The report (and with ``html``, its HTML page beside it), fit to run in a worker process: whether
    they were written, and their problems returned rather than raised, as ProblemsFound does not cross
    between processes intact."""
    try:
        _write(template, context, target, produced_on, html, progress)
    except ProblemsFound as error:
        return False, error.problems
    return True, []


def _write(
    template: Path, context: dict[str, Any], target: Path, produced_on: date, html: Path | None, progress: Progress,
    word: bool = True,
) -> None:
    if word:
        render_report(template, context, target, produced_on, progress)
    if html is not None:
        render_html(html, context, target.with_suffix(".html"), progress)


def _write_pdfs(reports: list[Path], progress: Progress) -> list[tuple[Path | None, list[Problem]]]:
    """Each report's PDF beside it, all through one start of LibreOffice: its path (None if it
    could not be written, the report standing without it) and its problems."""
    progress(WRITING_PDF, 0, len(reports))
    written = write_pdfs([(report, report.with_suffix(".pdf")) for report in reports])
    progress(WRITING_PDF, len(reports), len(reports))
    return [(None if has_errors(problems) else report.with_suffix(".pdf"), problems)
            for report, problems in zip(reports, written)]


def generate_report(
    workbooks: list[Path],
    template: Path,
    scheme: Scheme | None = None,
    output: Path | None = None,
    output_folder: Path = Path("output"),
    pdf: bool = False,
    given: dict[str, str] | None = None,
    progress: Progress = no_progress,
    html: Path | None = None,
    manifest: bool = True,
    sign_off: Severity | None = None,
    word: bool = True,
    spc: bool = True,
) -> Generated:
    """Validate, rate and render. Raises ProblemsFound if any input has errors; nothing is written then.
    Warnings do not stop the report; they are returned with it. Without ``scheme``, the
    Report sheet's scheme (or the default) is used; Report-sheet fields in ``given`` are used
    whatever the sheets say. With ``pdf``, a PDF is written beside the report; if that fails,
    the report stands and the failure is among the returned problems. With ``html`` (an HTML
    template), the HTML edition is written beside it too, or (``word`` false) alone; with
    ``manifest``, a record of what made the report. ``sign_off`` is what an indicator nobody signed
    off is. ``progress`` is told how far the work has gone."""
    checked, details = _checked(workbooks, template, scheme, given, progress, sign_off, spc)
    target = output or output_folder / report_file_name(details)
    inputs = [*checked.content.files, template, *([html] if html else [])]
    check_output(target, inputs)
    context = build_context(details, checked.rated, checked.scheme)
    _write(template, context, target, details.produced_on, html, progress, word)
    [(written, failed)] = _write_pdfs([target], progress) if pdf and word else [(None, [])]
    page = target.with_suffix(".html") if html else None
    report = target if word else page
    record = _manifest(report, _inputs(report.parent, checked, template, html), details, given, checked.rated,
                       spc) if manifest else None
    return Generated(target, details, checked.scheme, checked.rated, checked.problems + failed, written, page, record)


def _inputs(folder: Path, checked: Validation, template: Path, html: Path | None) -> dict[str, Any]:
    return manifest_inputs(folder, checked.content.files, template, checked.scheme, html)


def _manifest(report: Path, inputs: dict[str, Any], details: ReportDetails, given: dict[str, Any] | None,
              rated: list[RatedIndicator], spc: bool) -> Path:
    return write_manifest(report, inputs, details.produced_on, given or {}, rated, spc)


def generate_by_committee(
    workbooks: list[Path],
    template: Path,
    scheme: Scheme | None = None,
    folder: Path = Path("output"),
    pdf: bool = False,
    given: dict[str, str] | None = None,
    progress: Progress = no_progress,
    html: Path | None = None,
    manifest: bool = True,
    sign_off: Severity | None = None,
    spc: bool = True,
) -> CommitteeReports:
    """One report per committee, in ``folder``: each holds the indicators whose Committee names
    it (blank: the Report sheet's committee), and names that committee on its cover.

    The workbooks are validated once: if any has errors, or a report would land outside
    ``folder`` or on an input, ProblemsFound is raised and nothing is written. Reports are
    rendered two at a time in worker processes; one that then fails (e.g. open in Word) is
    left out, its problems among the run's. Their PDFs are then written through one start of
    LibreOffice; one that fails leaves the others. ``html``, ``manifest`` and ``sign_off`` are as for
    generate_report. ``progress`` is told of each report written."""
    checked, details = _checked(workbooks, template, scheme, given, progress, sign_off, spc)
    committees = split_by_committee(details, checked.rated)
    names = distinct([report_file_name(committee) for committee, _ in committees])
    targets = [folder / name for name in names]
    _check_folder(folder, targets, [*checked.content.files, template, *([html] if html else [])])
    jobs = [
        (template, build_context(committee, rated, checked.scheme), target, details.produced_on, html)
        for (committee, rated), target in zip(committees, targets)
    ]
    if len(jobs) == 1:
        results = [_try_write(*jobs[0], progress)]
    else:
        progress(WRITING_REPORTS, 0, len(jobs))
        with ProcessPoolExecutor(max_workers=WORKERS) as pool:
            futures = [pool.submit(_try_write, *job) for job in jobs]
            for done, _ in enumerate(as_completed(futures), start=1):
                progress(WRITING_REPORTS, done, len(jobs))
            results = [_outcome(future, target) for future, target in zip(futures, targets)]
    written = [target for target, (ok, _) in zip(targets, results) if ok]
    pdfs = dict(zip(written, _write_pdfs(written, progress))) if pdf else {}
    reports, problems = [], list(checked.problems)
    inputs = _inputs(folder, checked, template, html) if manifest and written else {}
    for (committee, rated), target, (ok, failed) in zip(committees, targets, results):
        pdf_path, pdf_problems = pdfs.get(target, (None, []))
        problems += [problem for problem in failed + pdf_problems if problem not in problems]  # a template fault, once
        if ok:
            record = _manifest(target, inputs, committee, given, rated, spc) if manifest else None
            reports.append(Generated(target, committee, checked.scheme, rated, failed + pdf_problems, pdf_path,
                                     target.with_suffix(".html") if html else None, record))
    return CommitteeReports(reports, problems)


def _outcome(future: Future, target: Path) -> tuple[bool, list[Problem]]:
    """A worker's result; a worker that failed in any other way (or was stopped) fails its report only."""
    try:
        return future.result()
    except Exception as error:  # whatever stopped one report, the others stand
        return False, [Problem("report-failed", Severity.ERROR, f"This report could not be written: {error!r}.",
                               "The other reports were written; run again for this committee.", str(target))]


def _check_folder(folder: Path, targets: list[Path], inputs: list[Path]) -> None:
    """Refuse a folder that is a file, and any report that would land outside it or on an input."""
    if folder.exists() and not folder.is_dir():
        raise ProblemsFound([Problem("output-not-folder", Severity.ERROR, "With --by committee, the output is a folder.",
                                     "Give the name of a folder for the reports.", str(folder))])
    problems = [problem for target in targets if (problem := outside_folder(target, folder))]
    if problems:
        raise ProblemsFound(problems)
    for target in targets:
        check_output(target, inputs)
