"""The main job: owners' workbooks in, the committee's Word report out, or one report per committee. Each
report's files (the .docx, its HTML edition and PDF, and the manifest last) are written as one set."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from perfreport.core.file_names import distinct, outside_folder, report_file_name
from perfreport.core.model import ReportDetails
from perfreport.core.output import FileSet, Output, is_file, refuse_outputs
from perfreport.core.parent import end_with_parent
from perfreport.core.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.core.progress import Progress, no_progress
from perfreport.rating import RatedIndicator, Scheme
from perfreport.report.committees import split_by_committee
from perfreport.report.context import build_context
from perfreport.report.html.render import HTML_SUFFIXES, render_html
from perfreport.report.manifest import manifest_bytes, manifest_inputs, manifest_path
from perfreport.report.template_choice import ChosenTemplate, TemplateChoice
from perfreport.report.title import long_titles
from perfreport.report.word import pdf as pdf_files
from perfreport.report.word.render import render_report
from perfreport.validate import Validation, validate

WORKERS = 2
WRITING_PDF, WRITING_REPORTS = "Writing the PDF", "Writing the reports"


@dataclass
class Generated:
    """What a run produced: the report's path, its rated indicators, the templates it was filled from, and any
    warnings; those of its PDF also apart, in ``pdf_problems``."""

    output: Path
    details: ReportDetails
    scheme: Scheme
    rated: list[RatedIndicator]
    problems: list[Problem]
    pdf: Path | None = None
    html: Path | None = None
    manifest: Path | None = None
    template: ChosenTemplate | None = None
    pdf_problems: list[Problem] = field(default_factory=list)


@dataclass
class CommitteeReports:
    """What a run by committee produced: the reports written, every problem of the run, and the templates."""

    reports: list[Generated]
    problems: list[Problem]
    template: ChosenTemplate | None = None


@dataclass
class _Report:
    """One report to write: its details and indicators, where its files go, and (once made) their bytes."""

    details: ReportDetails
    rated: list[RatedIndicator]
    target: Path
    word: bool
    html: bool
    pdf: bool
    made: dict[str, bytes] = field(default_factory=dict)  # "docx", "html", "pdf"
    problems: list[Problem] = field(default_factory=list)
    pdf_problems: list[Problem] = field(default_factory=list)  # also in problems
    staged: Path | None = None  # the .docx under its temporary name, for LibreOffice to make the PDF from
    page: Path | None = None  # the HTML page's name where it is given (--html-only -o q2.htm), else beside the .docx

    @property
    def outputs(self) -> dict[str, Output]:
        """Each file of the set, by kind, in the order they are put in place: the manifest last."""
        target = self.target
        parts = {"docx": Output(target, "the report", (".docx",))} if self.word else {}
        if self.html:
            parts["html"] = Output(self.page or target.with_suffix(".html"), "the HTML page", HTML_SUFFIXES)
        if self.pdf:
            parts["pdf"] = Output(target.with_suffix(".pdf"), "the PDF", (".pdf",))
        return parts

    def manifest(self) -> Output:
        return Output(manifest_path(self.target), "the manifest", (".json",))


def report_target(output: Path, word: bool) -> Path:
    """The report's .docx path from the name given: with the HTML edition alone, a name ending .html is taken
    for the page, the rest of the set named from it."""
    return output.with_suffix(".docx") if not word and output.suffix.lower() in HTML_SUFFIXES else output


def template_choice(template: Path | TemplateChoice | None, html: Path | bool | None) -> TemplateChoice:
    """What the caller chose of the templates: a Word template's path (or None: as the Report sheet says), and
    an HTML template's path (or True: the Word template's twin)."""
    choice = template if isinstance(template, TemplateChoice) else TemplateChoice(Path(template) if template else None)
    if isinstance(html, (str, Path)):
        return TemplateChoice(choice.word, choice.word_by, Path(html), choice.folder)
    return choice


def _checked(
    workbooks: list[Path], templates: TemplateChoice, scheme: Scheme | None, given: dict[str, str] | None,
    progress: Progress, sign_off: Severity | None = None, spc: bool = True,
) -> tuple[Validation, ReportDetails]:
    """The workbooks validated, with their report details; raises ProblemsFound if there is any error."""
    checked = validate(workbooks, scheme, given, progress, sign_off, spc, templates)
    problems, details = checked.problems, checked.content.details
    if has_errors(problems) or details is None:
        raise ProblemsFound(problems)
    return checked, details


def _reads(workbooks: list[Path], checked: Validation, template: Path, html: Path | None,
           reads: Iterable[Path]) -> list[Path]:
    """Every file and folder the run reads, which none of its outputs may replace."""
    return [*workbooks, *checked.content.files, template, *([html] if html else []), *checked.scheme.files, *reads]


def _refuse(reports: list[_Report], manifest: bool, reads: list[Path]) -> None:
    """Refuse, before anything is written, any file of any report's set that cannot be written where it would
    go; and a PDF asked for without LibreOffice to make it."""
    outputs = [output for report in reports for output in
               (*report.outputs.values(), *([report.manifest()] if manifest else []))]
    refuse_outputs(outputs, reads)
    if any(report.pdf for report in reports) and pdf_files.find_libreoffice() is None:
        raise ProblemsFound([pdf_files.libreoffice_missing(reports[0].outputs["pdf"].path)])


def _render(template: Path, context: dict[str, Any], produced_on: date, html: Path | None, word: bool,
            progress: Progress = no_progress) -> tuple[dict[str, bytes], list[Problem]]:
    """The report's .docx and HTML page, made in memory (in a worker process, for reports by committee):
    their bytes by kind, or the problems that stopped them, returned rather than raised, as ProblemsFound
    does not cross between processes intact."""
    try:
        made = {"docx": render_report(template, context, produced_on, progress)} if word else {}
        if html is not None:
            made["html"] = render_html(html, context, progress)
    except ProblemsFound as error:
        return {}, error.problems
    return made, []


def _write_sets(reports: list[_Report], inputs: dict[str, Any] | None, given: dict[str, Any] | None, spc: bool,
                progress: Progress) -> list[Path | None]:
    """Each made report's set written whole, its PDF made from its staged .docx (all through one start of
    LibreOffice), the manifest (if ``inputs``) last: each report's manifest path (or report path without one),
    None where the set was not written, its problems then in the report's."""
    staged: list[tuple[_Report, FileSet]] = []
    for report in (report for report in reports if report.made):
        files = FileSet([*report.outputs.values(), *([report.manifest()] if inputs is not None else [])])
        try:
            temporaries = {kind: files.add(report.outputs[kind], data) for kind, data in report.made.items()}
        except ProblemsFound as error:
            report.problems += error.problems
            continue
        staged.append((report, files))
        report.staged = temporaries.get("docx")
    _add_pdfs([(report, files) for report, files in staged if report.pdf], progress)
    written: dict[int, Path] = {}
    for report, files in staged:
        with files:
            try:
                if has_errors(report.problems):
                    raise ProblemsFound([_nothing_replaced(report)])
                if inputs is not None:
                    files.add(report.manifest(), _manifest(report, inputs, given, spc))
                files.commit()
                written[id(report)] = report.manifest().path if inputs is not None else report.target
            except ProblemsFound as error:
                report.problems += [problem for problem in error.problems if problem not in report.problems]
    return [written.get(id(report)) for report in reports]


def _add_pdfs(staged: list[tuple[_Report, FileSet]], progress: Progress) -> None:
    """Each report's PDF made from its staged .docx and staged beside it, or its problems in the report's."""
    if not staged:
        return
    progress(WRITING_PDF, 0, len(staged))
    jobs = [(report.staged, report.outputs["pdf"].path) for report, _ in staged]
    for (report, files), (pdf, problems) in zip(staged, pdf_files.make_pdfs(jobs)):
        if pdf is not None:
            report.made["pdf"] = pdf
            try:
                files.add(report.outputs["pdf"], pdf)
            except ProblemsFound as error:
                problems = [*problems, *error.problems]
        report.pdf_problems = problems
        report.problems += problems
    progress(WRITING_PDF, len(staged), len(staged))


def _nothing_replaced(report: _Report) -> Problem:
    """Said after the problem that stopped a report's set: that none of its files was replaced."""
    names = [output.path.name for output in (*report.outputs.values(), report.manifest())]
    return Problem("set-not-written", Severity.NOTICE,
                   f"Nothing was replaced: {', '.join(names[:-1])} and {names[-1]} are as they were.",
                   "Correct the problem above and run again." if report.pdf else "", str(report.target.parent))


def _manifest(report: _Report, inputs: dict[str, Any], given: dict[str, Any] | None, spc: bool) -> bytes:
    parts = {kind: (report.outputs[kind].path, report.made[kind]) for kind in ("docx", "html", "pdf")
             if kind in report.made}
    first = "docx" if "docx" in parts else "html"
    named = {"report": parts.pop(first), **parts}
    return manifest_bytes(named, inputs, report.details.produced_on, given or {}, report.rated, spc)


def generate_report(
    workbooks: list[Path],
    template: Path | TemplateChoice | None = None,
    scheme: Scheme | None = None,
    output: Path | None = None,
    output_folder: Path = Path("output"),
    pdf: bool = False,
    given: dict[str, str] | None = None,
    progress: Progress = no_progress,
    html: Path | bool | None = None,
    manifest: bool = True,
    sign_off: Severity | None = None,
    word: bool = True,
    spc: bool = True,
    reads: Iterable[Path] = (),
) -> Generated:
    """Validate, rate and render. Raises ProblemsFound if any input has errors, if any of the report's files
    would replace a file the run reads (the workbooks, templates, scheme, and ``reads``) or cannot be written,
    or if any part of the set fails; nothing is replaced then. Warnings do not stop the report; they are
    returned with it. Without ``template`` (a Word template, or a TemplateChoice), the Report sheet's template
    (or the default) is filled; without ``scheme``, the Report sheet's scheme (or the default) is used;
    Report-sheet fields in ``given`` are used whatever the sheets say. With ``pdf``, a PDF is written beside the
    report; with ``html`` (an HTML template, or True for the Word template's twin), the HTML edition is written
    beside it too, or (``word`` false) alone; with ``manifest``, a record of what made the report, written last.
    ``sign_off`` is what an indicator nobody signed off is. ``progress`` is told how far the work has gone."""
    checked, details = _checked(workbooks, template_choice(template, html), scheme, given, progress, sign_off, spc)
    template, html = checked.template.word, checked.template.html if html else None
    target = report_target(output, word) if output else output_folder / report_file_name(details)
    report = _Report(details, checked.rated, target, word, html is not None, pdf and word)
    if output and not word and output.suffix.lower() in HTML_SUFFIXES:
        report.page = output
    read = _reads(workbooks, checked, template, html, reads)
    _refuse([report], manifest, read)
    context = build_context(details, checked.rated, checked.scheme)
    report.made, report.problems = _render(template, context, details.produced_on, html, word, progress)
    if report.problems:
        raise ProblemsFound(report.problems)
    report.problems = long_titles(report.made, context, checked.content, given)
    inputs = _inputs(target.parent, checked, template, html) if manifest else None
    [written] = _write_sets([report], inputs, given, spc, progress)
    if written is None:
        raise ProblemsFound(report.problems)
    outputs = report.outputs
    return Generated(target, details, checked.scheme, checked.rated, checked.problems + report.problems,
                     outputs["pdf"].path if "pdf" in outputs else None,
                     outputs["html"].path if "html" in outputs else None, written if manifest else None,
                     checked.template, report.pdf_problems)


def _inputs(folder: Path, checked: Validation, template: Path, html: Path | None) -> dict[str, Any]:
    return manifest_inputs(folder, checked.content.files, template, checked.scheme, html)


def generate_by_committee(
    workbooks: list[Path],
    template: Path | TemplateChoice | None = None,
    scheme: Scheme | None = None,
    folder: Path = Path("output"),
    pdf: bool = False,
    given: dict[str, str] | None = None,
    progress: Progress = no_progress,
    html: Path | bool | None = None,
    manifest: bool = True,
    sign_off: Severity | None = None,
    spc: bool = True,
    reads: Iterable[Path] = (),
) -> CommitteeReports:
    """One report per committee, in ``folder``: each holds the indicators whose Committee names
    it (blank: the Report sheet's committee), and names that committee on its cover.

    The workbooks are validated once: if any has errors, or a report's file would land outside
    ``folder`` or on a file the run reads, ProblemsFound is raised and nothing is written. Reports are
    rendered two at a time in worker processes, which end if this process ends; one that then fails is
    left out, its problems among the run's. Their PDFs are then made through one start of LibreOffice.
    Each report's files are written as one set: one that fails leaves that report's old set and the
    others. ``html``, ``manifest``, ``sign_off`` and ``reads`` are as for generate_report. ``progress``
    is told of each report written."""
    checked, details = _checked(workbooks, template_choice(template, html), scheme, given, progress, sign_off, spc)
    template, html = checked.template.word, checked.template.html if html else None
    if is_file(folder):
        raise ProblemsFound([Problem("output-not-folder", Severity.ERROR, "With --by committee, the output is a folder.",
                                     "Give the name of a folder for the reports.", str(folder))])
    committees = split_by_committee(details, checked.rated)
    names = distinct([report_file_name(committee) for committee, _ in committees])
    reports = [_Report(committee, rated, folder / name, True, html is not None, pdf)
               for (committee, rated), name in zip(committees, names)]
    _refuse(reports, manifest, _reads(workbooks, checked, template, html, reads))
    if problems := [problem for report in reports if (problem := outside_folder(report.target, folder))]:
        raise ProblemsFound(problems)
    jobs = [(template, build_context(report.details, report.rated, checked.scheme), details.produced_on, html, True)
            for report in reports]
    if len(jobs) == 1:
        results = [_render(*jobs[0], progress)]
    else:
        progress(WRITING_REPORTS, 0, len(jobs))
        with ProcessPoolExecutor(max_workers=WORKERS, initializer=end_with_parent) as pool:
            futures = [pool.submit(_render, *job) for job in jobs]
            for done, _ in enumerate(as_completed(futures), start=1):
                progress(WRITING_REPORTS, done, len(jobs))
            results = [_outcome(future, report.target) for future, report in zip(futures, reports)]
    for report, (made, failed), (_, context, *_) in zip(reports, results, jobs):
        report.made, report.problems = made, failed or long_titles(made, context, checked.content, given)
    inputs = _inputs(folder, checked, template, html) if manifest and any(r.made for r in reports) else None
    written = _write_sets(reports, inputs, given, spc, progress)
    problems = list(checked.problems)
    generated = []
    for report, record in zip(reports, written):
        problems += [problem for problem in report.problems if problem not in problems]  # a template fault, once
        if record is not None:
            outputs = report.outputs
            generated.append(Generated(report.target, report.details, checked.scheme, report.rated, report.problems,
                                       outputs["pdf"].path if "pdf" in outputs else None,
                                       outputs["html"].path if "html" in outputs else None,
                                       record if manifest else None, checked.template, report.pdf_problems))
    return CommitteeReports(generated, problems, checked.template)


def _outcome(future: Future, target: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """A worker's result; a worker that failed in any other way (or was stopped) fails its report only."""
    try:
        return future.result()
    except Exception as error:  # whatever stopped one report, the others stand
        return {}, [Problem("report-failed", Severity.ERROR, f"This report could not be made: {error!r}.",
                            "The other reports are written where they can be; run again for this committee.", str(target))]
