"""What the commands share: their common options, and how each default is chosen from them and the settings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from perfreport.cli.settings import Settings, SettingsError, find_settings
from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.rating import Scheme, SchemeError
from perfreport.rating.indicator_spc import NOT_INDEPENDENT_REASON, SpcUse
from perfreport.rating.scheme import DEFAULT_SCHEME
from perfreport.shipped import COMMITTEE_TEMPLATE, SETTINGS


def print_problems(problems: list[Problem], err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


def refuse(error: ProblemsFound, what: str) -> NoReturn:
    """Print the problems that stopped a command before it wrote anything, and exit 1."""
    print_problems(error.problems)
    click.echo(f"No {what} written: correct the errors above and run again.", err=True)
    sys.exit(1)


def settings_from(config: Path | None) -> Settings:
    """The settings of --config, else of ./perfreport.toml, else none."""
    try:
        return find_settings(config)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error


def scheme_from(name: str | None, settings: Settings) -> Scheme | None:
    """The scheme named on the command line, else in the settings (a built-in name or a .toml file);
    None leaves it to the Report sheet."""
    try:
        return settings.choose_scheme(name)
    except SchemeError as error:
        raise click.UsageError(str(error)) from error


def workbooks_from(given: tuple[Path, ...], settings: Settings) -> list[Path]:
    """The workbooks named on the command line, else in the settings; a usage error if neither names any."""
    if given:
        return list(given)
    if settings.workbooks:
        return list(settings.workbooks)
    command = click.get_current_context().info_name
    raise click.UsageError(
        f"No workbook given. Name the owners' returns, as files or a folder (e.g. perfreport {command} returns/), "
        f"or list them as workbooks in {SETTINGS}. To try perfreport on its sample, run perfreport init "
        "and work in the folder it makes."
    )


def count_of(problems: list[Problem], severity: Severity) -> str:
    number = sum(p.severity is severity for p in problems)
    return counted(number, severity.value)


explain_option = click.option("--explain", is_flag=True, help="Also print how each indicator's rating was reached.")


def print_explanations(rated) -> None:
    for item in rated:
        click.echo(f"{item.indicator.number} {item.rating.explanation}")
        if item.spc is not None:
            click.echo(f"{item.indicator.number} SPC: {item.spc.explanation}")
        elif item.spc_use is SpcUse.NOT_INDEPENDENT:
            click.echo(f"{item.indicator.number} SPC: not read, as its Figure type is "
                       f"{item.indicator.figure_type.value} (SPC On would read it). {NOT_INDEPENDENT_REASON}")


scheme_option = click.option(
    "--scheme", "-s", default=None,
    help=f"The rating scheme: a built-in name or a .toml file. Default: the settings', else the Report sheet's, "
    f"else {DEFAULT_SCHEME}.",
)
config_option = click.option(
    "--config", type=click.Path(path_type=Path), default=None,
    help=f"The settings file to use. Default: {SETTINGS} in the current folder, if there is one.",
)


def template_options(command):
    """--template and --html-template: the templates the report is filled from, and the Report sheet checked for."""
    command = click.option(
        "--html-template", type=click.Path(path_type=Path), default=None,
        help="The HTML template. Default: the settings', else the .html beside the Word template, else the shipped "
        "one of its name.")(command)
    return click.option(
        "--template", "-t", type=click.Path(path_type=Path), default=None,
        help=f"The Word template to fill. Default: the settings', else the Report sheet's Template, else "
        f"{COMMITTEE_TEMPLATE} here if there is one, else the shipped one (perfreport templates lists them).")(command)


quiet_option = click.option("--quiet", "-q", is_flag=True, help="Show no progress while working.")
spc_option = click.option("--spc/--no-spc", default=None,
                          help="Read indicators that do not say as SPC (XmR) charts. Default: the settings' spc, else on.")


sign_off_option = click.option(
    "--require-sign-off", is_flag=True,
    help="Make an indicator nobody has signed off an error (the settings' sign_off may make it a warning).",
)


def details_options(command):
    """Options giving the cover's details, whatever the settings and the Report sheet say."""
    command = click.option(
        "--produced-on", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
        help="The produced-on date, e.g. 2024-01-15, whatever the Report sheet says.",
    )(command)
    for key, help_text in reversed(DETAIL_OPTIONS.items()):
        command = click.option(f"--{key}", default=None, metavar="TEXT", help=help_text)(command)
    return command


DETAIL_OPTIONS = {
    "organisation": "The council or organisation, for the cover.",
    "team": "The team that produces the report.",
    "contact": "The team's contact e-mail.",
    "committee": "The committee that receives the report.",
}


def given_details(settings: Settings, options: dict[str, Any]) -> dict[str, Any]:
    """The Report-sheet fields given on the command line, over the settings'."""
    given = settings.report_details({key: options.get(key) for key in DETAIL_OPTIONS})
    if options.get("produced_on"):
        given["produced_on"] = options["produced_on"].date()
    return given


def counted(number: int, thing: str) -> str:
    """A number of things: "1 report", "3 reports"."""
    return f"{number} {thing}{'' if number == 1 else 's'}"
