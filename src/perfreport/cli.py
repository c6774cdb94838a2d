"""The perfreport command line: a thin layer over the library."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from perfreport import __version__
from perfreport.problems import Problem, ProblemsFound
from perfreport.rating import SchemeError, builtin_scheme, load_scheme

SAMPLE_WORKBOOK = Path("inputs/performance-report-2023-24-q2.xlsx")
DEFAULT_TEMPLATE = Path("templates/committee-report.docx")


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group()
@click.version_option(__version__, prog_name="perfreport")
def main() -> None:
    """Turn indicator owners' Excel workbooks into a committee's Word performance report."""


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@click.option("--template", "-t", type=click.Path(path_type=Path), default=DEFAULT_TEMPLATE, show_default=True,
              help="The Word template to fill.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the report. Default: output/<committee>-<period>-<year>.docx.")
@click.option("--scheme", "-s", default="blue-green-amber-red", show_default=True,
              help="The rating scheme: a built-in name or a .toml file.")
def generate(workbooks: tuple[Path, ...], template: Path, output: Path | None, scheme: str) -> None:
    """Write the committee report from WORKBOOKS (files or folders; default: the sample in inputs/)."""
    from perfreport.generate import generate_report  # heavy: docxtpl and openpyxl load only when needed

    try:
        chosen = load_scheme(Path(scheme)) if scheme.endswith(".toml") else builtin_scheme(scheme)
        result = generate_report(list(workbooks) or [SAMPLE_WORKBOOK], template, chosen, output)
    except SchemeError as error:
        raise click.UsageError(str(error)) from error
    except ProblemsFound as error:
        _print_problems(error.problems)
        click.echo("No report written: correct the errors above and run again.", err=True)
        sys.exit(1)
    _print_problems(result.problems)
    counts = Counter(r.rating.status.name for r in result.rated)
    summary = ", ".join(f"{s.name} {counts[s.name]}" for s in chosen.statuses if counts[s.name])
    click.echo(f"{len(result.rated)} indicators: {summary}")
    click.echo(f"Report written to {result.output}")


@main.command("new-workbook")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--period", default="", help='The reporting period to fill in, e.g. "Quarter 3".')
@click.option("--financial-year", default="", help='The financial year to fill in, e.g. "2023/24".')
@click.option("--force", is_flag=True, help="Replace OUTPUT if it already exists.")
def new_workbook_command(output: Path, period: str, financial_year: str, force: bool) -> None:
    """Write the standard workbook for indicator owners to fill in, to OUTPUT (.xlsx)."""
    from perfreport.workbook import new_workbook

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("The workbook's name must end in .xlsx.")
    if output.exists() and not force:
        raise click.UsageError(f"{output} already exists; give another name, or --force to replace it.")
    new_workbook(output, period, financial_year)
    click.echo(f"Standard workbook written to {output}")
