"""The commands that work with the quarter as data: export it as a table, and import comparators from
national data. They need pandas (the data extra), which no other command loads."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from perfreport import __version__
from perfreport.cli.options import (
    config_option,
    details_options,
    given_details,
    print_problems,
    quiet_option,
    refuse,
    scheme_from,
    scheme_option,
    settings_from,
    spc_option,
    workbooks_from,
)
from perfreport.cli.terminal import progress_shown
from perfreport.core.problems import ProblemsFound, has_errors


def _needs_pandas() -> None:
    try:
        import pandas  # noqa: F401
    except ImportError as error:
        command = click.get_current_context().command_path
        wheel = f"dist/council_perfreport-{__version__}-py3-none-any.whl"
        raise click.ClickException(
            f"{command} needs pandas: install perfreport with its data extra, from the perfreport folder with  "
            f"pip install \".[data]\"  or from the built wheel with  pipx install --force \"{wheel}[data]\""
        ) from error


def _column(values: tuple[str, ...]) -> dict[str, str]:
    """--column KEY=HEADER pairs as a mapping, e.g. "area code=ONS code" gives {"area": "ONS code"}."""
    from perfreport.data.national import KEYS, WORDS

    names = {word: key for key, word in WORDS.items()} | {key: key for key in KEYS}
    mapping = {}
    for value in values:
        name, _, header = value.partition("=")
        key = names.get(" ".join(name.split()).casefold())
        if key is None or not header.strip():
            raise click.UsageError(f"--column {value!r}: give one of {', '.join(WORDS.values())}, then = and the "
                                   "header, e.g. --column \"area code=ONS code\".")
        mapping[key] = header.strip()
    return mapping


@click.command("export")
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "table_format", type=click.Choice(["csv", "xlsx"]), default=None,
              help="csv for Power BI, open data or pandas; xlsx for a spreadsheet. Default: as --output ends, else csv.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the table. Default: <output folder>/<committee>-<period>-<year>.csv (or .xlsx).")
@click.option("--raw-text", is_flag=True,
              help="Write the CSV's text exactly as typed, for a program (pandas, R, Power BI) to read. Default: text "
              "that a spreadsheet would run as a formula (it starts with = + - @) begins with ' instead. The .xlsx "
              "always holds text as typed.")
@scheme_option
@spc_option
@details_options
@config_option
@quiet_option
def export(workbooks: tuple[Path, ...], table_format: str | None, output: Path | None, raw_text: bool,
           scheme: str | None, spc: bool | None, config: Path | None, quiet: bool, **details: str | None) -> None:
    """Write the quarter of WORKBOOKS (files or folders; default: the settings' workbooks) as a table: one row
    per indicator and period, History's and the current one, with figures, targets, comparators, ratings and
    directions. The same workbooks give the same bytes."""
    _needs_pandas()
    from perfreport.data.table import export_quarter

    named = output.suffix.lower().lstrip(".") if output is not None else ""
    if output is not None and named not in ("csv", "xlsx"):
        raise click.UsageError(f"The table's name must end in .csv or .xlsx, not {output.name!r}.")
    if table_format and named and named != table_format:
        raise click.UsageError(f"--output ends .{named} but --format is {table_format}: make them agree.")
    table_format = table_format or named or "csv"
    settings = settings_from(config)
    inputs, chosen = workbooks_from(workbooks, settings), scheme_from(scheme, settings)
    with progress_shown(quiet) as progress:
        try:
            exported = export_quarter(inputs, table_format, output, settings.choose_output_folder(), chosen,
                                      given_details(settings, details), settings.choose_spc(spc), progress,
                                      raw_text, settings.files)
        except ProblemsFound as error:
            refuse(error, "table")
    print_problems(exported.problems)
    click.echo(f"{exported.rows:,} rows ({exported.indicators} indicators) written to {exported.path}")


@click.group()
def benchmarks() -> None:
    """Comparators from national data: the statistical neighbours' mean and the England figure."""


@benchmarks.command("import")
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--area", default=None, metavar="CODE",
              help="The council's own area code, e.g. E10000003. Default: the settings' benchmarks.area.")
@click.option("--neighbours", default=None, metavar="LIST",
              help="The comparator areas: a CSV, text or Excel file of area codes, or codes separated by commas. "
              "Default: the settings' benchmarks.neighbours.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the copy with comparators: a file for one workbook, else a folder. Default: "
              "the output folder, under the workbook's own name.")
@click.option("--column", "columns", multiple=True, metavar="KEY=HEADER",
              help="A column of DATA whose header is not recognised: area code, area name, metric, period, value "
              "or unit, e.g. --column \"value=Rate per 10,000\". Give it once for each.")
@click.option("--metric", default="", help="The Benchmark metric the figures are for, where DATA has no metric column.")
@click.option("--fewest-neighbours", type=click.IntRange(min=1), default=None, metavar="N",
              help="The fewest neighbours with a figure for a mean. Default: half of those listed.")
@click.option("--england-from-areas", is_flag=True,
              help="Where DATA has no England row, use the mean of every English authority in it.")
@config_option
def import_command(data: tuple[Path, ...], workbook: Path, area: str | None, neighbours: str | None,
                   output: Path | None, columns: tuple[str, ...], metric: str, fewest_neighbours: int | None,
                   england_from_areas: bool, config: Path | None) -> None:
    """Fill the Statistical Neighbours Mean and England Mean of WORKBOOK (an owners' workbook, or a folder of
    them) from the national DATA files (CSV or Excel; a row per area and period, or a column per period), for
    each indicator whose Benchmark metric names a metric in DATA, in its current period and each History
    period. The comparators are written into a copy: WORKBOOK is only read.

    Exits 0 when the copy is written, 1 when nothing could be."""
    _needs_pandas()
    from perfreport.data.benchmarks import import_benchmarks, periods_text

    settings = settings_from(config)
    area = area or settings.area
    chosen = neighbours or (str(settings.neighbours) if settings.neighbours else "")
    if not area or not chosen:
        missing = " and ".join(name for name, value in (("--area", area), ("--neighbours", chosen)) if not value)
        raise click.UsageError(f"Give {missing}, or set them under [benchmarks] in the settings file.")
    target = output or settings.choose_output_folder()
    try:
        done = import_benchmarks(list(data), chosen, area, workbook, target, _column(columns), metric,
                                 fewest_neighbours, england_from_areas, settings.files)
    except ProblemsFound as error:
        refuse(error, "workbook")
    print_problems(done.problems)
    click.echo(f"Neighbours: {len(done.neighbours)} areas; a mean needs {done.fewest} of them with a figure.")
    for filled in done.filled:
        said = [f"{name} for {periods_text(periods)}" for name, periods in
                (("Statistical Neighbours Mean", filled.neighbours), ("England Mean", filled.england)) if periods]
        replaced = f" ({filled.replaced} figures replaced)" if filled.replaced else ""
        click.echo(f"{filled.indicator} {filled.metric}: {'; '.join(said) or 'nothing filled'}{replaced}")
    for path in done.written:
        click.echo(f"Workbook with comparators written to {path}")
    if not done.written:
        click.echo("No workbook written: no comparator could be filled.", err=True)
    sys.exit(0 if done.written and not has_errors(done.problems) else 1)
