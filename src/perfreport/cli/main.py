"""The perfreport command line: a thin layer over the library."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from perfreport import __version__
from perfreport.cli.data_commands import benchmarks, export
from perfreport.cli.options import (
    config_option,
    count_of,
    counted,
    details_options,
    explain_option,
    given_details,
    print_explanations,
    print_problems,
    quiet_option,
    refuse,
    scheme_from,
    scheme_option,
    settings_from,
    sign_off_option,
    spc_option,
    template_options,
    workbooks_from,
)
from perfreport.cli.terminal import progress_shown
from perfreport.core.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating import Scheme
from perfreport.rating.scheme import DEFAULT_SCHEME, builtin_schemes, parse_scheme
from perfreport.report.template_choice import SHIPPED_TEMPLATES
from perfreport.shipped import OWNER_WORKBOOK, SETTINGS

if TYPE_CHECKING:
    from perfreport.generate import CommitteeReports
    from perfreport.report.template_choice import ChosenTemplate
    from perfreport.workbook import RolledForwardBy

@click.group()
@click.version_option(__version__, prog_name="perfreport")
def main() -> None:
    """Turn indicator owners' Excel workbooks into a committee's Word performance report."""


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), default=".")
def init(folder: Path) -> None:
    """Make FOLDER (default: this one) a team's working folder: editable templates, the owners'
    workbook, the samples, an output folder and a settings file. Existing files are kept."""
    from perfreport.cli.team_folder import make_team_folder

    try:
        made = make_team_folder(folder)
    except OSError as error:
        raise click.ClickException(f"{error.filename or folder}: cannot be written ({error.strerror}).") from error
    for path in made.written:
        click.echo(f"Written {path}")
    for path in made.kept:
        click.echo(f"Kept {path}: it was already there")
    steps = [f"cd {_quoted(folder)}"] if folder != Path() else []
    steps += [
        "perfreport generate   (writes the sample's report to output/)",
        f"Edit {SETTINGS}: your organisation, team, e-mail, committee and rating scheme.",
        f"Send owners {OWNER_WORKBOOK}, or one made for the period: "
        'perfreport new-workbook q3.xlsx --period "Quarter 3" --financial-year 2024/25',
        "When the returns are in a folder, say returns/: perfreport validate returns/, then perfreport generate returns/",
    ]
    click.echo("\nNext steps:")
    for number, step in enumerate(steps, start=1):
        click.echo(f"  {number}. {step}")


def _print_workbooks_by(rolled: RolledForwardBy) -> None:
    """Each workbook written or kept, the problems, and where writing stopped, those not written (exit 1)."""
    for workbook in rolled.kept:
        click.echo(f"Kept {workbook.path}: already written for {rolled.period} {rolled.financial_year}")
    for workbook in rolled.workbooks:
        click.echo(f"Written {workbook.path}: {workbook.name}, {counted(workbook.indicators, 'indicator')}")
    print_problems(rolled.problems)
    done = [*rolled.kept, *rolled.workbooks]
    total = sum(workbook.indicators for workbook in done)
    click.echo(f"Rolled forward {total} indicators to {rolled.period} {rolled.financial_year} in "
               f"{counted(len(done), 'workbook')}, adding {rolled.history_added} History rows.")
    if rolled.not_written:
        names = ", ".join(f"{workbook.name} ({workbook.path.name})" for workbook in rolled.not_written)
        click.echo(f"Not written: {counted(len(rolled.not_written), 'workbook')}, for {names}. Correct the problem "
                   "above and run the same command again: it keeps the workbooks already written and writes the rest.",
                   err=True)
        sys.exit(1)


def _scheme_file(scheme: Scheme | None) -> list[Path]:
    return list(scheme.files) if scheme else []


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@template_options
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the report. Default: <output folder>/<committee>-<period>-<year>.docx, the "
              "output folder being the settings' or output. With --by committee, the folder for the reports.")
@click.option("--by", type=click.Choice(["committee"]), default=None,
              help="committee: one report per committee, each with the indicators whose Committee names it.")
@scheme_option
@click.option("--pdf", is_flag=True, help="Also write a tagged PDF beside the report, through LibreOffice.")
@click.option("--html", is_flag=True, help="Also write the HTML edition beside the report: one accessible page.")
@click.option("--html-only", is_flag=True, help="Write the HTML edition alone, without the Word report.")
@explain_option
@sign_off_option
@spc_option
@details_options
@config_option
@quiet_option
def generate(
    workbooks: tuple[Path, ...], template: Path | None, output: Path | None, by: str | None, scheme: str | None,
    pdf: bool, html: bool, html_only: bool, html_template: Path | None, explain: bool, require_sign_off: bool,
    spc: bool | None, config: Path | None, quiet: bool, **details: str | None,
) -> None:
    """Write the committee report from WORKBOOKS (files or folders; default: the settings' workbooks),
    with a manifest of what made it beside it."""
    from perfreport.generate import generate_by_committee, generate_report  # heavy: load only when needed

    if pdf and html_only:
        raise click.UsageError("--pdf is made from the Word report, which --html-only does not write.")
    if by and html_only:
        raise click.UsageError("--html-only works for one report; with --by committee give --html.")
    settings = settings_from(config)
    inputs, chosen_scheme = workbooks_from(workbooks, settings), scheme_from(scheme, settings)
    templates, given = settings.choose_templates(template, html_template), given_details(settings, details)
    extra = {"html": html or html_only, "sign_off": settings.choose_sign_off(require_sign_off),
             "spc": settings.choose_spc(spc), "reads": settings.files}
    try:
        with progress_shown(quiet) as progress:
            if by:
                folder = output or settings.choose_output_folder()
                run = generate_by_committee(inputs, templates, chosen_scheme, folder, pdf, given, progress, **extra)
            else:
                result = generate_report(inputs, templates, chosen_scheme, output, settings.choose_output_folder(),
                                         pdf, given, progress, word=not html_only, **extra)
    except ProblemsFound as error:
        refuse(error, "report")
    if by:
        _print_committee_reports(run, explain, html)
        sys.exit(1 if has_errors(run.problems) else 0)
    pdf_problems = result.pdf_problems
    print_problems([problem for problem in result.problems if problem not in pdf_problems])
    if explain:
        print_explanations(result.rated)
    click.echo(f"Ratings follow {result.scheme.described}.")
    _print_template(result.template, not html_only, html or html_only)
    click.echo(f"{len(result.rated)} indicators: {_status_counts(result.rated, result.scheme)}")
    if not html_only:
        click.echo(f"Report written to {result.output}")
    if result.pdf:
        click.echo(f"PDF written to {result.pdf}")
    if result.html:
        click.echo(f"HTML written to {result.html}")
    print_problems(pdf_problems)
    sys.exit(1 if has_errors(result.problems) else 0)


def _status_counts(rated, scheme: Scheme) -> str:
    """How many indicators have each status, as the status summary counts and lists them: "Red 2, Amber 3, Green 6"."""
    counts = Counter(r.rating.status.summary_label for r in rated)
    labels = dict.fromkeys(status.summary_label for status in scheme.listed)
    return ", ".join(f"{label} {counts[label]}" for label in labels if counts[label])


def _print_template(template: ChosenTemplate, word: bool, html: bool) -> None:
    """Which template made the report; where it is the default, where to find the others."""
    others = template.is_default and any(shipped != template.shipped for shipped in SHIPPED_TEMPLATES)
    hint = "; perfreport templates lists the others and how to choose one" if others else ""
    click.echo(f"Filled {template.described(word, html)}{hint}.")


def _print_committee_reports(run: CommitteeReports, explain: bool, html: bool) -> None:
    """The run's problems, then one line per report written (with its PDF, or the PDF's problems), then the totals."""
    pdf_problems = [problem for report in run.reports for problem in report.pdf_problems]
    print_problems([problem for problem in run.problems if problem not in pdf_problems])
    rated = [item for report in run.reports for item in report.rated]
    if explain:
        print_explanations(rated)
    if run.template is not None:
        _print_template(run.template, True, html)
    for report in run.reports:
        counts = _status_counts(report.rated, report.scheme)
        click.echo(f"Report written to {report.output}: {report.details.committee}, "
                   f"{counted(len(report.rated), 'indicator')}: {counts}")
        if report.pdf:
            click.echo(f"PDF written to {report.pdf}")
        if report.html:
            click.echo(f"HTML written to {report.html}")
        print_problems(report.pdf_problems)
    if not run.reports:
        click.echo("No report written: correct the errors above and run again.", err=True)
    else:
        click.echo(f"{counted(len(rated), 'indicator')} in {counted(len(run.reports), 'report')}: "
                   f"{_status_counts(rated, run.reports[0].scheme)}")


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@scheme_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for other programs.")
@explain_option
@click.option("--annotate", type=click.Path(path_type=Path), default=None, metavar="FOLDER",
              help="Also write into FOLDER a copy of each workbook with problems, each problem cell highlighted and "
              "commented, and a first sheet listing them with links; the owner's file is never changed.")
@sign_off_option
@spc_option
@template_options
@details_options
@config_option
@quiet_option
def validate(
    workbooks: tuple[Path, ...], scheme: str | None, output_format: str, explain: bool, annotate: Path | None,
    require_sign_off: bool, spc: bool | None, template: Path | None, html_template: Path | None,
    config: Path | None, quiet: bool, **details: str | None,
) -> None:
    """Check owners' WORKBOOKS (files or folders; default: the settings' workbooks) and list every
    problem, with where it is and what to do. The Report sheet must give what the template shows.

    Exits 0 when there are no errors (warnings allowed), 1 when there are errors."""
    from perfreport.validate import validate as validate_workbooks

    settings = settings_from(config)
    inputs, chosen_scheme = workbooks_from(workbooks, settings), scheme_from(scheme, settings)
    with progress_shown(quiet) as progress:
        checked = validate_workbooks(inputs, chosen_scheme, given_details(settings, details), progress,
                                     settings.choose_sign_off(require_sign_off), settings.choose_spc(spc),
                                     settings.choose_templates(template, html_template))
    problems = checked.problems
    copies, not_written, unwritten = [], [], []
    if annotate is not None:
        from perfreport.workbook.annotate import annotate_files

        try:
            done = annotate_files(checked.content.files, problems, annotate, [*inputs, *settings.files])
        except ProblemsFound as error:
            refuse(error, "annotated copy")
        copies, not_written, unwritten = done.copies, done.not_written, done.problems
    if output_format == "json":
        annotated = {"annotated": [str(p) for p in copies], "not_annotated": [str(p) for p in not_written]}
        click.echo(json.dumps(_as_json(checked, problems + unwritten) | (annotated if annotate else {}),
                              indent=2, ensure_ascii=False))
    else:
        print_problems(problems, err=False)
        if explain:
            print_explanations(checked.rated)
        counts = ", ".join(count_of(problems, s) for s in Severity)
        files = len(checked.content.files)
        indicators = len(checked.content.indicators) + len(checked.content.unread)
        click.echo(f"Ratings follow {checked.scheme.described}.")
        if not checked.template.is_default:
            click.echo(f"The Report sheet is checked for {checked.template.described(html=True)}.")
        click.echo(f"Checked {counted(files, 'workbook')}, {indicators} indicators: {counts}.")
        for copy in copies:
            click.echo(f"Problems marked in {copy}")
    print_problems(unwritten)
    if not_written:
        click.echo(f"Not written: {', '.join(str(path) for path in not_written)}. Correct the problem above and run "
                   "again to write them.", err=True)
    sys.exit(1 if has_errors(problems + unwritten) else 0)


def _as_json(checked, problems: list[Problem]) -> dict:
    from perfreport.rating.spc import spc_as_json

    return {
        "workbooks": [str(path) for path in checked.content.files],
        "indicators": len(checked.content.indicators) + len(checked.content.unread),
        "scheme": checked.scheme.name,
        "template": str(checked.template.word),
        "ratings": {
            r.indicator.number: {"rating": r.rating.status.name, "explanation": r.rating.explanation,
                                 "spc": spc_as_json(r.spc) if r.spc else None}
            for r in checked.rated
        },
        "counts": {s.value: sum(p.severity is s for p in problems) for s in Severity},
        "problems": [asdict(p) for p in problems],
    }


@main.command("new-workbook")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--from", "last", type=click.Path(path_type=Path), default=None,
              help="Roll forward from last period's workbook, or a folder of its returns: keep definitions, owners, "
              "targets and links; current figures become previous and join History; commentary, actions, current "
              "figures and sign-off are cleared.")
@click.option("--by", type=click.Choice(["owner", "service"]), default=None,
              help="With --from: one workbook per owner (or service) into the folder OUTPUT, each holding only "
              "their indicators.")
@click.option("--period", default="", help='The reporting period to fill in, e.g. "Quarter 3". With --from, default: the next.')
@click.option("--financial-year", default="", help='The financial year to fill in, e.g. "2023/24".')
@scheme_option
@click.option("--force", is_flag=True, help="Replace OUTPUT (with --by, the workbooks in it) if it already exists.")
@details_options
@config_option
def new_workbook_command(
    output: Path, last: Path | None, by: str | None, period: str, financial_year: str, scheme: str | None, force: bool,
    config: Path | None, **details: str | None,
) -> None:
    """Write the standard workbook for indicator owners to fill in, to OUTPUT (.xlsx), or with --by one
    per owner into the folder OUTPUT. The rating scheme (--scheme, else the settings', else last
    period's with --from) is recorded in it, and its lists and help offer that scheme's ratings."""
    from perfreport.core.output import is_file
    from perfreport.workbook import new_workbook, roll_forward, roll_forward_by

    if by and last is None:
        raise click.UsageError("--by needs --from: the workbook (or folder of returns) to roll forward.")
    if not by and output.suffix.lower() != ".xlsx":
        raise click.UsageError("The workbook's name must end in .xlsx.")
    if not by and is_file(output) and not force:
        raise click.UsageError(f"{output} already exists; give another name, or --force to replace it.")
    settings = settings_from(config)
    chosen_scheme, given = scheme_from(scheme, settings), given_details(settings, details)
    reads = [*settings.files, *_scheme_file(chosen_scheme)]
    try:
        if last is None:
            new_workbook(output, period, financial_year, chosen_scheme, given, reads)
        elif by:
            rolled = roll_forward_by(last, output, by, period, financial_year, chosen_scheme, given, force, reads)
        else:
            rolled = roll_forward(last, output, period, financial_year, chosen_scheme, given, reads)
    except ProblemsFound as error:
        refuse(error, "workbook")
    if last is None:
        click.echo(f"Standard workbook written to {output}")
        return
    if by:
        _print_workbooks_by(rolled)
        return
    print_problems(rolled.problems)
    click.echo(
        f"Rolled forward {rolled.indicators} indicators to {rolled.period} {rolled.financial_year}, "
        f"adding {rolled.history_added} History rows. Written to {output}"
    )


@main.command()
@click.argument("returned", nargs=-1, type=click.Path(path_type=Path))
@click.option("--expected", "-e", multiple=True, required=True, type=click.Path(path_type=Path),
              help="The indicators expected back: last period's workbook or folder, or the workbooks sent to owners. "
              "Give it more than once for several.")
@click.option("--chase-list", type=click.Path(path_type=Path), default=None,
              help="Where to write the chase list (.xlsx). Default: chase-list.xlsx in the output folder.")
@scheme_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for other programs.")
@sign_off_option
@details_options
@config_option
def returns(
    returned: tuple[Path, ...], expected: tuple[Path, ...], chase_list: Path | None, scheme: str | None,
    output_format: str, require_sign_off: bool, config: Path | None, **details: str | None,
) -> None:
    """Who has returned: compare the returns in RETURNED (files or folders; default: the settings'
    workbooks) with the indicators expected, owner by owner, and write a chase list.

    Exits 0 when every expected indicator is back without errors, 1 while any is outstanding."""
    from perfreport.core.output import refuse_outputs
    from perfreport.quarter.chase_list import chase_list_output, write_chase_list
    from perfreport.quarter.returns import check_returns
    from perfreport.quarter.summaries import returns_as_json, returns_as_text

    settings = settings_from(config)
    inputs, chosen_scheme = workbooks_from(returned, settings), scheme_from(scheme, settings)
    target = chase_list or settings.choose_output_folder() / "chase-list.xlsx"
    reads = [*inputs, *expected, *settings.files, *_scheme_file(chosen_scheme)]
    try:
        refuse_outputs([chase_list_output(target)], reads)
        found = check_returns(inputs, list(expected), chosen_scheme, given_details(settings, details),
                              settings.choose_sign_off(require_sign_off))
        write_chase_list(found, target, reads)
    except ProblemsFound as error:
        refuse(error, "chase list")
    if output_format == "json":
        click.echo(json.dumps(returns_as_json(found) | {"chase_list": str(target)}, indent=2, ensure_ascii=False))
    else:
        click.echo(returns_as_text(found))
        click.echo(f"Chase list written to {target}")
    sys.exit(1 if found.outstanding else 0)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@scheme_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for other programs.")
def diff(old: Path, new: Path, scheme: str | None, output_format: str) -> None:
    """What changed from OLD to NEW (workbooks or folders: two versions of a return, or two quarters):
    indicators added and removed, and every figure, word and rating that differs.

    Exits 0 when nothing differs, 1 when something does, 2 when either cannot be read (nothing compared)."""
    from perfreport.quarter.compare import compare
    from perfreport.quarter.summaries import differences_as_json, differences_as_text, not_compared_as_json

    try:
        found = compare([old], [new], scheme_from(scheme, settings_from(None)))
    except ProblemsFound as error:
        if output_format == "json":
            click.echo(json.dumps(not_compared_as_json(error.problems), indent=2, ensure_ascii=False))
        else:
            print_problems(error.problems)
            click.echo("Nothing compared: correct the errors above and run again.", err=True)
        sys.exit(2)
    print_problems(found.problems)
    click.echo(json.dumps(differences_as_json(found), indent=2, ensure_ascii=False) if output_format == "json"
               else differences_as_text(found))
    sys.exit(1 if found.any else 0)


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
def verify(manifest: Path) -> None:
    """Make the report MANIFEST records again from the same inputs, and say whether it is byte for byte the same,
    and if not, which input changed.

    Exits 0 when it is the same, 1 when it is not."""
    from perfreport.quarter.verify import verify as verify_manifest

    try:
        checked = verify_manifest(manifest)
    except ProblemsFound as error:
        print_problems(error.problems)
        sys.exit(1)
    print_problems(checked.problems)
    if checked.identical:
        click.echo(f"Identical: the inputs {manifest.name} names make the same report, byte for byte.")
    else:
        changed = f" Changed since: {', '.join(checked.changed)}." if checked.changed else ""
        click.echo(f"Different: the inputs {manifest.name} names no longer make the report it records.{changed}")
    if checked.not_recorded:
        names = ", ".join(checked.not_recorded)
        click.echo(f"A mixed set: {names} beside the manifest {'is' if len(checked.not_recorded) == 1 else 'are'} not "
                   "the one it records, changed, replaced or left by another run after it was written.")
    sys.exit(0 if checked.identical and not checked.not_recorded else 1)


@main.group(invoke_without_command=True)
@click.pass_context
def schemes(context: click.Context) -> None:
    """List the built-in rating schemes; `schemes show NAME` prints one to start your own."""
    if context.invoked_subcommand is None:
        for name, text in builtin_schemes().items():
            scheme = parse_scheme(text, name)
            default = " (default)" if name == DEFAULT_SCHEME else ""
            click.echo(f"{name}{default}: {scheme.name}. {scheme.description}")


@schemes.command("show")
@click.argument("name")
def show_scheme(name: str) -> None:
    """Print the built-in scheme NAME as TOML: save it to a file, edit it, and pass it with --scheme."""
    text = builtin_schemes().get(name)
    if text is None:
        raise click.UsageError(f"There is no built-in scheme named {name!r}; there are: {', '.join(builtin_schemes())}.")
    click.echo(text, nl=False)


@main.command("templates")
@config_option
def list_templates(config: Path | None) -> None:
    """List the templates perfreport ships, the files each is taken from here, and how to choose one."""
    settings = settings_from(config)
    choice = settings.choose_templates(None)
    chosen, _ = choice.choose()
    for template in SHIPPED_TEMPLATES:
        found = choice.shipped(template)
        if chosen.word != found.word:
            now = ""
        elif chosen.is_default:
            now = " (filled unless a workbook names another)"
        else:
            now = f" ({chosen.chosen_by})"
        click.echo(f"{template.name}{now}: {template.description}.")
        word, html = found.files(True, True)
        click.echo(f"  Word: {word}\n  HTML: {html}")
    if not chosen.shipped:
        click.echo(f"Generate fills {chosen.described(html=True)}.")
    click.echo(f"\nChoose one on the Report sheet (Template: {' or '.join(t.name for t in SHIPPED_TEMPLATES)}), with "
               f'template = "{SHIPPED_TEMPLATES[1].word}" in {SETTINGS}, or with --template; the HTML edition follows '
               "the Word template.")


@main.command()
def fields() -> None:
    """List every field a template may use, with what it holds, then the filters."""
    from perfreport.report.fields import FILTERS, field_list

    rows = field_list()
    width = max(len(name) for name, _ in [*rows, *FILTERS.items()])
    for name, description in rows:
        click.echo(f"{name:<{width}}  {description}")
    click.echo("\nFilters, written {{ value|filter }}:")
    for name, description in FILTERS.items():
        click.echo(f"{name:<{width}}  {description}")


@main.command("check-template")
@click.argument("template", type=click.Path(path_type=Path), required=False)
@click.option("--scheme", "-s", default=None,
              help=f"The rating scheme to try the template with: a built-in name or a .toml file. Default: the "
              f"settings', else {DEFAULT_SCHEME}.")
@click.option("--sample", type=click.Path(path_type=Path), default=None,
              help="The workbook to try the template with. Default: the sample perfreport ships with.")
@config_option
def check_template_command(template: Path | None, scheme: str | None, sample: Path | None, config: Path | None) -> None:
    """Check the Word TEMPLATE (default: the one generate would use) without writing a report, and
    list every problem in it.

    Exits 0 when there are no errors, 1 when there are."""
    from perfreport.report.template_check import check_template

    settings = settings_from(config)
    template = settings.choose_templates(template).choose()[0].word
    problems = check_template(template, scheme_from(scheme, settings), sample)
    if not problems:
        click.echo(f"{template.name}: no problems found.")
        return
    print_problems(problems, err=False)
    click.echo(f"{counted(len(problems), 'problem')} in {template.name}.")
    sys.exit(1 if has_errors(problems) else 0)


main.add_command(export)
main.add_command(benchmarks)
