"""The quarter as a table: one row per indicator and period (History's and the current one), with figures,
targets, comparators, ratings and directions, for pandas, Power BI, open data or a spreadsheet."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from perfreport.core.file_names import report_file_name
from perfreport.core.formatting import format_figure, format_target, quantize
from perfreport.core.model import Figure, Indicator, column_letter
from perfreport.core.output import Output, refuse_outputs, write_file
from perfreport.core.periods import Period, parse_period, period_for, report_period
from perfreport.core.problems import Problem, ProblemsFound, has_errors
from perfreport.core.progress import Progress, no_progress
from perfreport.data.csv_text import table_csv
from perfreport.rating import RatedIndicator, Scheme
from perfreport.rating.rate import point_rating
from perfreport.report.committees import committee_of
from perfreport.validate import Validation, validate
from perfreport.workbook.writer import FORMULA_STARTS, save_workbook

UNDATED = date(1980, 1, 1)  # a workbook's date where the Report sheet gives none: the first a zip file can hold

FIGURES = ("value", "target", "statistical_neighbours", "england")
# Each column and its pandas dtype: text as "string", figures as "Float64" (exact to their decimals), whole
# numbers as "Int64", flags as "boolean"; a missing value is <NA>.
COLUMNS: dict[str, str] = {
    "indicator": "string", "title": "string", "owner": "string", "service": "string", "committee": "string",
    "unit": "string", "period_type": "string", "direction": "string",
    "period": "string", "current": "boolean",
    **{name: dtype for figure in FIGURES for name, dtype in
       ((figure, "Float64"), (f"{figure}_shown", "string"), (f"{figure}_decimals", "Int64"))},
    "rating": "string", "rating_explanation": "string", "rating_recorded": "boolean",
    "change": "string", "long_term": "string", "note": "string",
}


@dataclass
class Exported:
    """The table written: where, how many rows and indicators, and the problems (warnings) validating met."""

    path: Path
    rows: int
    indicators: int
    problems: list[Problem]


def export_quarter(
    paths: list[Path], table_format: str, output: Path | None, folder: Path, scheme: Scheme | None = None,
    given: dict[str, str] | None = None, spc: bool = True, progress: Progress = no_progress, raw_text: bool = False,
    reads: Iterable[Path] = (),
) -> Exported:
    """Validate the workbooks in ``paths`` and write their quarter as a table, ``table_format`` "csv" or "xlsx",
    to ``output`` (default: in ``folder``, named as the report would be); a CSV's text made safe to open in a
    spreadsheet unless ``raw_text``. Raises ProblemsFound, writing nothing, where validating finds errors (as
    generate, export writes only what it can stand behind), or where the table would replace a file the run
    reads (the workbooks, the scheme, ``reads``) or cannot be written."""
    checked = validate(paths, scheme, given, progress, spc=spc)
    if has_errors(checked.problems):
        raise ProblemsFound(checked.problems)
    table = quarter_table(checked)
    details = checked.content.details
    path = output or folder / Path(report_file_name(details)).with_suffix(f".{table_format}")
    refuse_outputs([table_output(path, table_format)], [*paths, *checked.content.files, *checked.scheme.files, *reads])
    write_table(table, path, table_format, details.produced_on or UNDATED, raw_text)
    return Exported(path, len(table), len(checked.rated), checked.problems)


def quarter_table(checked: Validation) -> pd.DataFrame:
    """Every indicator's periods as rows, History's oldest first and the current period last, in indicator
    order; figures exact to the decimals the report shows, with the report's own wording beside them."""
    details = checked.content.details
    period = report_period(details.period, details.financial_year) if details else None
    rows = []
    for item in checked.rated:
        committee = committee_of(item.indicator, details) if details else item.indicator.committee
        rows += _history_rows(item, checked.scheme, committee)
        rows.append(_current_row(item, committee, period))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(COLUMNS)


def _common(indicator: Indicator, committee: str) -> dict[str, Any]:
    return {
        "indicator": indicator.number, "title": indicator.title, "owner": indicator.owner,
        "service": indicator.service, "committee": committee, "unit": indicator.unit.value,
        "period_type": indicator.period_type.value, "direction": indicator.direction.value,
    }


def _figures(indicator: Indicator, figures: dict[str, Figure | None], target_shown: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in FIGURES:
        figure = figures.get(name)
        row[name] = float(figure.value) if figure else None
        row[f"{name}_shown"] = format_figure(figure, indicator.unit) if figure else None
        row[f"{name}_decimals"] = figure.decimals if figure else None
    if target_shown is not None:
        row["target_shown"] = target_shown
    return row


def _current_row(item: RatedIndicator, committee: str, period: Period | None) -> dict[str, Any]:
    indicator = item.indicator
    label = period_for(indicator.period_type, period).label if period else "Current"
    figures = {"value": indicator.current, "target": indicator.target,
               "statistical_neighbours": indicator.statistical_neighbours, "england": indicator.england}
    return {
        **_common(indicator, committee),
        "period": label, "current": True,
        **_figures(indicator, figures, format_target(indicator)),
        "rating": item.rating.status.name, "rating_explanation": item.rating.explanation, "rating_recorded": False,
        "change": item.change.value, "long_term": item.long_term.value, "note": None,
    }


def _history_rows(item: RatedIndicator, scheme: Scheme, committee: str) -> list[dict[str, Any]]:
    """History's periods: the rating recorded for each, else worked out from its figure and target."""
    indicator = item.indicator
    rows = []
    for point in indicator.history:
        recorded = scheme.status_named(point.rating) if point.rating else None
        worked_out = None if recorded else point_rating(indicator, point, scheme, parse_period(point.period))
        rating = recorded.name if recorded else worked_out.status.name if worked_out else None
        explanation = worked_out.explanation if worked_out else ""
        figures = {name: getattr(point, name) for name in FIGURES}
        figures["target"] = point.target or indicator.target
        rows.append({
            **_common(indicator, committee), "period": point.period, "current": False,
            **_figures(indicator, figures), "rating": rating, "rating_explanation": explanation or None,
            "rating_recorded": bool(recorded), "change": None, "long_term": None, "note": point.note or None,
        })
    return rows


def write_table(table: pd.DataFrame, path: Path, table_format: str, produced_on: date, raw_text: bool = False) -> None:
    """The table as CSV (``table_format`` "csv": UTF-8, "\\n" line endings; text that a spreadsheet would run as a
    formula made safe, unless ``raw_text``) or as an .xlsx of one sheet, written through the write gate to ``path``; the same
    table gives the same bytes, the workbook dated ``produced_on``."""
    if table_format == "csv":
        data = table_csv(table, raw_text).encode("utf-8")
    else:
        saved = io.BytesIO()
        _write_xlsx(table, saved, produced_on)
        data = saved.getvalue()
    write_file(table_output(path, table_format), data)


def table_output(path: Path, table_format: str) -> Output:
    return Output(path, "the table", (f".{table_format}",))


def _write_xlsx(table: pd.DataFrame, path: BinaryIO, produced_on: date) -> None:
    """One sheet, Quarter, with the header frozen; text that starts like a formula stays text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Quarter")
    sheet.freeze_panes = "A2"
    for number in range(1, len(table.columns) + 1):
        sheet.column_dimensions[column_letter(number)].width = 14
    sheet.append(list(table.columns))
    for row in table.astype(object).itertuples(index=False, name=None):
        sheet.append([_cell(sheet, value) for value in row])
    save_workbook(book, path, dated=datetime.combine(produced_on, datetime.min.time()))


def _cell(sheet: Any, value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type, cell.quotePrefix = "s", True
        return cell
    return value


def exact(value: float | None, decimals: int | None) -> Decimal | None:
    """A figure of the table back as the exact decimal the report shows: exact(83.0, 1) is Decimal("83.0")."""
    if value is None or pd.isna(value):
        return None
    return quantize(Decimal(repr(float(value))), int(decimals))
