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
from perfreport.problems import Problem, ProblemsFound, Severity, has_errors
from perfreport.rating import Scheme, SchemeError
from perfreport.rating.scheme import DEFAULT_SCHEME, builtin_schemes, choose_scheme, parse_scheme

if TYPE_CHECKING:
    from perfreport.generate import CommitteeReports

SAMPLE_WORKBOOK = Path("inputs/performance-report-2023-24-q2.xlsx")
DEFAULT_TEMPLATE = Path("templates/committee-report.docx")
DEFAULT_FOLDER = Path("output")


def _print_problems(problems: list[Problem], err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


def _scheme(name: str | None) -> Scheme | None:
    """The scheme named on the command line (a built-in name or a .toml file); None if not given."""
    try:
        return choose_scheme(name) if name else None
    except SchemeError as error:
        raise click.UsageError(str(error)) from error


def _count(problems: list[Problem], severity: Severity) -> str:
    number = sum(p.severity is severity for p in problems)
    return _counted(number, severity.value)


explain_option = click.option("--explain", is_flag=True, help="Also print how each indicator's rating was reached.")


def _print_explanations(rated) -> None:
    for item in rated:
        click.echo(f"{item.indicator.number} {item.rating.explanation}")


scheme_option = click.option(
    "--scheme", "-s", default=None,
    help=f"The rating scheme: a built-in name or a .toml file. Default: the Report sheet's, else {DEFAULT_SCHEME}.",
)


@click.group()
@click.version_option(__version__, prog_name="perfreport")
def main() -> None:
    """Turn indicator owners' Excel workbooks into a committee's Word performance report."""


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@click.option("--template", "-t", type=click.Path(path_type=Path), default=DEFAULT_TEMPLATE, show_default=True,
              help="The Word template to fill.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the report. Default: output/<committee>-<period>-<year>.docx. "
              "With --by committee, the folder for the reports. Default: output.")
@click.option("--by", type=click.Choice(["committee"]), default=None,
              help="committee: one report per committee, each with the indicators whose Committee names it.")
@scheme_option
@click.option("--pdf", is_flag=True, help="Also write a tagged PDF beside the report, through LibreOffice.")
@explain_option
def generate(
    workbooks: tuple[Path, ...], template: Path, output: Path | None, by: str | None, scheme: str | None, pdf: bool,
    explain: bool,
) -> None:
    """Write the committee report from WORKBOOKS (files or folders; default: the sample in inputs/)."""
    from perfreport.generate import generate_by_committee, generate_report  # heavy: load only when needed

    inputs = list(workbooks) or [SAMPLE_WORKBOOK]
    try:
        if by:
            run = generate_by_committee(inputs, template, _scheme(scheme), output or DEFAULT_FOLDER, pdf)
        else:
            result = generate_report(inputs, template, _scheme(scheme), output, pdf=pdf)
    except ProblemsFound as error:
        _print_problems(error.problems)
        click.echo("No report written: correct the errors above and run again.", err=True)
        sys.exit(1)
    if by:
        _print_committee_reports(run, explain)
        sys.exit(1 if has_errors(run.problems) else 0)
    _print_problems(result.problems)
    if explain:
        _print_explanations(result.rated)
    click.echo(f"{len(result.rated)} indicators: {_status_counts(result.rated, result.scheme)}")
    click.echo(f"Report written to {result.output}")
    if result.pdf:
        click.echo(f"PDF written to {result.pdf}")
    sys.exit(1 if has_errors(result.problems) else 0)


def _status_counts(rated, scheme: Scheme) -> str:
    """How many indicators have each status, in the scheme's order: "Red 2, Amber 3, Green 6"."""
    counts = Counter(r.rating.status.name for r in rated)
    return ", ".join(f"{s.name} {counts[s.name]}" for s in scheme.statuses if counts[s.name])


def _counted(number: int, thing: str) -> str:
    """A number of things: "1 report", "3 reports"."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _print_committee_reports(run: CommitteeReports, explain: bool) -> None:
    """The run's problems, then one line per report (and PDF) written, then the totals."""
    _print_problems(run.problems)
    rated = [item for report in run.reports for item in report.rated]
    if explain:
        _print_explanations(rated)
    for report in run.reports:
        counts = _status_counts(report.rated, report.scheme)
        click.echo(f"Report written to {report.output}: {report.details.committee}, "
                   f"{_counted(len(report.rated), 'indicator')}: {counts}")
        if report.pdf:
            click.echo(f"PDF written to {report.pdf}")
    if not run.reports:
        click.echo("No report written: correct the errors above and run again.", err=True)
    else:
        click.echo(f"{_counted(len(rated), 'indicator')} in {_counted(len(run.reports), 'report')}: "
                   f"{_status_counts(rated, run.reports[0].scheme)}")


@main.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@scheme_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for other programs.")
@explain_option
def validate(workbooks: tuple[Path, ...], scheme: str | None, output_format: str, explain: bool) -> None:
    """Check owners' WORKBOOKS (files or folders) and list every problem, with where it is and what to do.

    Exits 0 when there are no errors (warnings allowed), 1 when there are errors."""
    from perfreport.validate import validate as validate_workbooks

    checked = validate_workbooks(list(workbooks), _scheme(scheme))
    problems = checked.problems
    if output_format == "json":
        click.echo(json.dumps(_as_json(checked), indent=2, ensure_ascii=False))
    else:
        _print_problems(problems, err=False)
        if explain:
            _print_explanations(checked.rated)
        counts = ", ".join(_count(problems, s) for s in Severity)
        files = len(checked.content.files)
        indicators = len(checked.content.indicators) + len(checked.content.unread)
        click.echo(f"Checked {_counted(files, 'workbook')}, {indicators} indicators: {counts}.")
    sys.exit(1 if has_errors(problems) else 0)


def _as_json(checked) -> dict:
    problems = checked.problems
    return {
        "workbooks": [str(path) for path in checked.content.files],
        "indicators": len(checked.content.indicators) + len(checked.content.unread),
        "scheme": checked.scheme.name,
        "ratings": {
            r.indicator.number: {"rating": r.rating.status.name, "explanation": r.rating.explanation}
            for r in checked.rated
        },
        "counts": {s.value: sum(p.severity is s for p in problems) for s in Severity},
        "problems": [asdict(p) for p in problems],
    }


@main.command("new-workbook")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--from", "last", type=click.Path(path_type=Path), default=None,
              help="Roll forward from last period's workbook: keep definitions, owners, targets and links; "
              "current figures become previous and join History; commentary, actions and current figures are cleared.")
@click.option("--period", default="", help='The reporting period to fill in, e.g. "Quarter 3". With --from, default: the next.')
@click.option("--financial-year", default="", help='The financial year to fill in, e.g. "2023/24".')
@scheme_option
@click.option("--force", is_flag=True, help="Replace OUTPUT if it already exists.")
def new_workbook_command(
    output: Path, last: Path | None, period: str, financial_year: str, scheme: str, force: bool
) -> None:
    """Write the standard workbook for indicator owners to fill in, to OUTPUT (.xlsx)."""
    from perfreport.workbook import new_workbook, roll_forward

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("The workbook's name must end in .xlsx.")
    if output.exists() and not force:
        raise click.UsageError(f"{output} already exists; give another name, or --force to replace it.")
    if last is None:
        new_workbook(output, period, financial_year, _scheme(scheme))
        click.echo(f"Standard workbook written to {output}")
        return
    try:
        rolled = roll_forward(last, output, period, financial_year, _scheme(scheme))
    except ProblemsFound as error:
        _print_problems(error.problems)
        click.echo(f"No workbook written: correct the errors in {last.name} and run again.", err=True)
        sys.exit(1)
    _print_problems(rolled.problems)
    click.echo(
        f"Rolled forward {rolled.indicators} indicators to {rolled.period} {rolled.financial_year}, "
        f"adding {rolled.history_added} History rows. Written to {output}"
    )


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
@click.argument("template", type=click.Path(path_type=Path))
@click.option("--scheme", "-s", default=None,
              help=f"The rating scheme to try the template with: a built-in name or a .toml file. Default: {DEFAULT_SCHEME}.")
def check_template_command(template: Path, scheme: str | None) -> None:
    """Check the Word TEMPLATE without writing a report, and list every problem in it.

    Exits 0 when there are no errors, 1 when there are."""
    from perfreport.report.template_check import check_template

    problems = check_template(template, _scheme(scheme), SAMPLE_WORKBOOK)
    if not problems:
        click.echo(f"{template.name}: no problems found.")
        return
    _print_problems(problems, err=False)
    click.echo(f"{_counted(len(problems), 'problem')} in {template.name}.")
    sys.exit(1 if has_errors(problems) else 0)
