"""Reading national data as it is downloaded (LG Inform, Oflog, government statistical releases): a table of
figures by area and period, one row per area and period or one column per period, into one long table."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from perfreport.core.model import column_letter
from perfreport.core.periods import Period, parse_period
from perfreport.core.problems import Problem, Severity
from perfreport.core.regular_files import not_a_file_problem
from perfreport.data.text_files import ENCODINGS, SEPARATORS, NotText, separator, text_encoding
from perfreport.workbook.files import check_workbook_file

ENGLAND = "E92000001"
HEADER_SEARCH_ROWS = 20
MOST_DECIMALS = 6  # beyond this a figure's decimals are a spreadsheet's float noise, not the publisher's
LISTED = 10  # unreadable figures listed one by one before the rest are counted
CHUNK_ROWS = 500_000  # a CSV file is read this many rows at a time, keeping only the rows wanted
# Markers that statistical releases put where a figure is withheld or not available: [c] confidential,
# [x] not available, [z] not applicable, [u] low reliability, [k] less than half the unit shown, [low], and
# the older "..", ":", "*", "-" and "~".
SUPPRESSED = {
    *(marker for letter in ("c", "x", "z", "u", "k", "w", "d", "low", "n/a", "na")
      for marker in (letter, f"[{letter}]")),
    "..", ":", "*", "-", "–", "~", "#",
}
KEYS = ("area", "name", "metric", "period", "value", "unit")
WORDS = {"area": "area code", "name": "area name", "metric": "metric", "period": "period", "value": "value",
         "unit": "unit"}
# Headers as national downloads write them, compared with case, spaces and punctuation taken out.
HEADERS: dict[str, set[str]] = {
    "area": {"areacode", "code", "areacd", "onscode", "gsscode", "lacode", "localauthoritycode", "geographycode",
             "newlacode", "organisationcode", "authoritycode", "ladcode"},
    "name": {"areaname", "area", "name", "localauthority", "la", "laname", "localauthorityname", "geography",
             "geographyname", "organisation", "organisationname", "authority", "authorityname", "councilname"},
    "metric": {"metric", "metricname", "metrictitle", "metricid", "indicator", "indicatorname", "indicatorid",
               "measure", "measurename", "metricitem", "item", "series", "dataset"},
    "period": {"period", "timeperiod", "time", "periodlabel", "periodname", "date", "year", "financialyear",
               "quarter", "month"},
    "value": {"value", "figure", "datavalue", "obsvalue", "observation", "result", "score", "amount"},
    "unit": {"unit", "units", "unitofmeasure", "measuretype", "valuetype", "unittype"},
}
CODE_COLUMN = re.compile(r"(lad|ctyua|utla|ltla|cty|rgn|ctry|lsoa|msoa|ward)\d{2}cd")
NAME_COLUMN = re.compile(r"(lad|ctyua|utla|ltla|cty|rgn|ctry)\d{2}nm")
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".ods", ".numbers")  # to be saved as .xlsx or CSV first
SIX_DIGIT_YEAR = re.compile(r"(\d{4})(\d{2})")  # Explore Education Statistics' "202324"
CODE = re.compile(r"[EWSN]\d{8}")
EIGHT_DIGITS = re.compile(r"\d{8}")  # an ONS code whose E a spreadsheet dropped
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
MONEY_AND_PERCENT = re.compile(r"^\s*[£$]|[,%]|\s")  # "£1,234" and "64.2 %" are figures
# Figures with a decimal comma, as a file separated by semicolons writes them: "12,5" and "1.234,5". "1.234" is
# either a thousand and more or one and a bit, so it is not read; "12.5" cannot be thousands, so it is.
DECIMAL_COMMA = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
DOT_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
MONEY_PERCENT_SPACE = re.compile(r"^\s*[£$]|[%\s]")


@dataclass
class NationalData:
    """The figures wanted: one row per metric, area and period, the figure missing (NaN) where it is blank or
    withheld. Columns: metric (as written), metric_key (for matching), area (code, E-prefixed), name, period
    (perfreport's label), value (float), decimals (int), suppressed (bool), unit, file, and the figure's cell as
    column (its letter) and row (from 1). ``areas`` and
    ``metrics`` are every area code and metric the data has, wanted or not (metrics by key, with their names)."""

    figures: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    areas: set[str] = field(default_factory=set)
    metrics: dict[str, str] = field(default_factory=dict)


@dataclass
class Wanted:
    """Which figures to keep: those of these area codes (every area where None; England's always) and these
    metric keys (every metric where None). National tables run to millions of figures, a report needs few."""

    areas: set[str] | None = None
    metrics: set[str] | None = None


def metric_key(name: str) -> str:
    """A metric's name for matching: case and spacing do not matter."""
    return " ".join(str(name).split()).casefold()


def area_code(text: str) -> str:
    """An area code as ONS writes it: "e10000003" and "10000003" (the E dropped by a spreadsheet) give
    "E10000003"; other codes (e.g. the DfE's three-digit ones) as given."""
    code = str(text).strip().upper().removesuffix(".0")
    return f"E{code}" if EIGHT_DIGITS.fullmatch(code) else code


def area_codes(texts: pd.Series) -> pd.Series:
    """area_code for a column of codes at once: each code is worked out once, as a table repeats them."""
    return texts.map({text: area_code(text) for text in texts.unique()})


def read_national(paths: list[Path], columns: dict[str, str] | None = None, metric: str = "",
                  wanted: Wanted | None = None) -> NationalData:
    """Read national data files (CSV or Excel, every sheet of which with a recognisable header is read),
    keeping the ``wanted`` figures. ``columns`` names the header of any of KEYS where it is not recognised;
    ``metric`` names the metric of a table that has no metric column."""
    national = NationalData(_empty())
    frames = []
    for path in paths:
        frames += _read_file(Path(path), columns or {}, metric, wanted or Wanted(), national)
    figures = pd.concat(frames, ignore_index=True) if frames else _empty()
    national.figures = _without_duplicates(figures, national.problems)
    return national


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in (
        ("metric", object), ("metric_key", object), ("area", object), ("name", object), ("period", object),
        ("value", float), ("decimals", "int8"), ("suppressed", bool), ("unit", object), ("file", object),
        ("column", object), ("row", "int32"))})


def _problem(code: str, severity: Severity, message: str, action: str, path: Path, sheet: str = "",
             cell: str = "") -> Problem:
    return Problem(code, severity, message, action, path.name, sheet, cell)


@dataclass
class _Tally:
    """What one table holds that is not a figure, counted over all its rows, for one warning each."""

    decimal_comma: bool = False  # the table's figures written 12,5, as in a file separated by semicolons
    bad: int = 0
    shown: list[str] = field(default_factory=list)
    first: str = ""
    unread: set[str] = field(default_factory=set)


def _read_file(path: Path, columns: dict[str, str], metric: str, wanted: Wanted,
               national: NationalData) -> list[pd.DataFrame]:
    problems = national.problems
    if problem := not_a_file_problem(path, "national data"):
        problems.append(problem)  # a named pipe would be waited on for ever
        return []
    if path.suffix.lower() in OTHER_SPREADSHEETS:
        problems.append(_problem("data-unreadable", Severity.ERROR, f"A {path.suffix} file cannot be read as national "
                                 "data.", "Open it in Excel or LibreOffice Calc and save it as .xlsx or CSV.", path))
        return []
    if path.suffix.lower() in (".xlsx", ".xlsm") and (problem := check_workbook_file(path)):
        problems.append(problem)  # not a workbook that can be read: encrypted, an old .xls renamed, a bomb
        return []
    frames, tables = [], 0
    try:
        for sheet, chunks, header, places, decimal_comma in _tables(path, columns):
            tables += 1
            if "metric" not in places and not metric:
                problems.append(_problem(
                    "data-no-metric", Severity.ERROR, "The table has no metric column, so what its figures measure "
                    "is not known.", "Give --metric with the Benchmark metric these figures are for, or --column "
                    "\"metric=...\".", path, sheet))
                continue
            tally = _Tally(decimal_comma)
            frames += [_figures(path, chunk, places, metric, wanted, national, tally) for chunk in chunks]
            _report(tally, path, sheet, header, places, problems)
    except NotText as error:
        problems.append(_problem("data-unreadable", Severity.ERROR, f"The national data could not be read: {error}.",
                                 error.action, path))
        return []
    except Exception as error:  # a damaged file can fail any of pandas' readers, with any exception
        reason = getattr(error, "strerror", None) or (str(error).strip().splitlines() or [type(error).__name__])[-1]
        problems.append(_problem("data-unreadable", Severity.ERROR, f"The national data could not be read: "
                                 f"{reason[:200]}.", "Give a CSV file or an Excel workbook (.xlsx) as downloaded.",
                                 path))
        return []
    if not tables:
        wanted_headers = ", ".join(f"'{columns[key]}'" for key in columns) or (
            "an area code and a period, or periods as columns")
        as_read = "" if path.suffix.lower() in (".xlsx", ".xlsm") else _as_read(path)
        problems.append(_problem(
            "data-no-header", Severity.ERROR,
            f"No header row found with {wanted_headers} in the first {HEADER_SEARCH_ROWS} rows.{as_read}",
            "Name the columns with --column, e.g. --column \"area code=ONS code\" --column \"value=Figure\"; "
            "or save the file from Excel as CSV UTF-8 (Comma delimited).", path))
    return frames


def _as_read(path: Path) -> str:
    """How a CSV file was read, for a message: its encoding, what separates its columns, and its first row."""
    with path.open("rb") as file:
        start = file.read(1 << 16)
    encoding = text_encoding(start)
    first = next((line for line in start.decode(encoding, errors="replace").splitlines() if line.strip()), "")
    between = separator(first)
    cells = ", ".join(repr(cell.strip()) for cell in next(csv.reader([first], delimiter=between), [])[:8])
    return (f" It was read as {ENCODINGS[encoding]} text with its columns separated by {SEPARATORS[between]}; its "
            f"first row holds {cells or 'nothing'}.")


def _report(tally: _Tally, path: Path, sheet: str, header: int, places: dict[str, object],
            problems: list[Problem]) -> None:
    if tally.unread:
        unread = sorted(tally.unread)
        problems.append(_problem(
            "data-period-unread", Severity.WARNING,
            f"{len(unread):,} period label{'s' if len(unread) > 1 else ''} not understood, e.g. {unread[0]!r}: "
            "those rows are left out.", "Periods are read as perfreport reads them: Q2 2023/24, Sep 2023 or "
            "2023/24.", path, sheet, f"{column_letter(places['period'] + 1)}{header + 1}"))
    if tally.bad:
        more = f" and {tally.bad - LISTED:,} more" if tally.bad > LISTED else ""
        problems.append(_problem(
            "data-not-a-figure", Severity.WARNING,
            f"{tally.bad:,} {'cells hold' if tally.bad > 1 else 'cell holds'} neither a figure nor a marker of one "
            f"withheld ({', '.join(tally.shown)}{more}): left out as missing.",
            "Check the download; withheld figures are usually marked [c] or [x]." + (
                " Its columns are separated by semicolons, so its figures are read with a decimal comma (12,5): "
                "write 1.234 as 1234, or 1,234 for one and a bit." if tally.decimal_comma else ""),
            path, sheet, tally.first))


Table = tuple[str, Iterator[pd.DataFrame], int, dict[str, object], bool]


def _tables(path: Path, columns: dict[str, str]) -> Iterator[Table]:
    """Each table found: its sheet ("" in a CSV file), its rows below the header as text in chunks (indexed by
    row, from 0), the header's row, where each of KEYS is, and whether its figures have a decimal comma. Every
    sheet of a workbook with a header is one."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, na_filter=False, engine="openpyxl")
        for sheet, cells in sheets.items():
            if found := _header(cells.fillna(""), columns):
                yield sheet, iter([cells.iloc[found[0] + 1:].fillna("")]), *found, False
        return
    if not path.is_file():
        raise FileNotFoundError(2, "No such file", str(path))
    with path.open("rb") as file:
        encoding = text_encoding(file.read(1 << 20))  # a file that is not UTF-8 shows it early
    yield from _csv_table(path, columns, encoding)


def _csv_table(path: Path, columns: dict[str, str], encoding: str) -> Iterator[Table]:
    """A CSV file's table: its columns separated by commas, semicolons or tabs, whichever shows a header among the
    first lines (titles and notes may stand above it)."""
    for between in SEPARATORS:
        with path.open(encoding=encoding, newline="") as lines:
            head = list(itertools.islice(csv.reader(lines, delimiter=between), HEADER_SEARCH_ROWS))
        width = max((len(row) for row in head), default=0)
        if found := _header(pd.DataFrame([row + [""] * (width - len(row)) for row in head]), columns):
            break
    else:
        return
    header, places = found
    reader = pd.read_csv(path, header=None, skiprows=header + 1, names=range(len(head[header])), dtype=str, sep=between,
                         na_filter=False, encoding=encoding, skip_blank_lines=False, chunksize=CHUNK_ROWS)

    def chunks() -> Iterator[pd.DataFrame]:
        with reader:
            for chunk in reader:
                chunk.index += header + 1
                yield chunk.fillna("")

    yield "", chunks(), header, places, between == ";"


def header_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).casefold())


def _header(cells: pd.DataFrame, columns: dict[str, str]) -> tuple[int, dict[str, object]] | None:
    """The header row (0-based) and where each of KEYS is: a column number, or for periods as columns the list
    of (column, Period) pairs under "periods"."""
    given = {key: header_key(header) for key, header in columns.items()}
    for row in range(min(HEADER_SEARCH_ROWS, len(cells))):
        headers = [header_key(value) for value in cells.iloc[row]]
        places: dict[str, object] = {}
        for key in KEYS:
            names = {given[key]} if key in given else HEADERS[key]
            pattern = None if key in given else {"area": CODE_COLUMN, "name": NAME_COLUMN}.get(key)
            place = next((i for i, h in enumerate(headers) if h in names or (pattern and pattern.fullmatch(h))), None)
            if place is not None and place not in places.values():
                places[key] = place
        if "period" in places and "value" not in places:
            del places["period"]
        if "value" not in places:
            periods = [(i, period) for i, value in enumerate(cells.iloc[row])
                       if i not in places.values() and (period := national_period(value))]
            if periods:
                places["periods"] = periods
        if "area" in places and ("value" in places and "period" in places or "periods" in places):
            return row, places
    return None


def national_period(label: object) -> Period | None:
    """The period a national table's label names: perfreport's own labels, and "202324" for a year."""
    text = str(label).strip()
    if found := SIX_DIGIT_YEAR.fullmatch(text):
        start, end = int(found[1]), int(found[2])
        text = f"{start}/{end:02d}" if (start + 1) % 100 == end else text
    return parse_period(text)


def _figures(path: Path, body: pd.DataFrame, places: dict[str, object], metric: str, wanted: Wanted,
             national: NationalData, tally: _Tally) -> pd.DataFrame:
    """The wanted figures of one chunk of a table's rows, as long rows."""

    def column(key: str, default: str = "") -> pd.Series:
        """A column of few values (codes, names, metrics), each stripped once."""
        if key not in places:
            return pd.Series(default, index=body.index)
        given = body[places[key]]
        return given.map({text: text.strip() for text in given.unique()})

    areas, names, metrics = area_codes(body[places["area"]]), column("name"), column("metric", metric)
    national.areas.update(areas[areas != ""].unique())
    named = {name: metric_key(name) for name in metrics.unique()}  # a few names over many rows
    national.metrics.update({key: name for name, key in named.items() if key not in national.metrics})
    keys = metrics.map(named)
    keep = areas != ""
    if wanted.areas is not None:
        england = {name for name in names.unique() if name.casefold() == "england"}
        keep &= areas.isin(wanted.areas) | (areas == ENGLAND) | names.isin(england)
    if wanted.metrics is not None:
        keep &= keys.isin(wanted.metrics)
    body = body[keep]
    base = pd.DataFrame({"metric": metrics[keep], "metric_key": keys[keep], "area": areas[keep],
                         "name": names[keep], "unit": column("unit")[keep],
                         "row": body.index + 1})  # the sheet's row numbers, from 1
    if "periods" in places:
        parts = [base.assign(period=period.label, text=body[place], letter=column_letter(place + 1))
                 for place, period in places["periods"]]
        long = pd.concat(parts, ignore_index=True) if parts else base.assign(period="", text="", letter="")
    else:
        labels = body[places["period"]]
        periods = {label: national_period(label) for label in labels.unique()}
        tally.unread.update(label.strip() for label, period in periods.items() if period is None and label.strip())
        named = {label: period.label if period else "" for label, period in periods.items()}
        long = base.assign(period=labels.map(named), text=body[places["value"]],
                           letter=column_letter(places["value"] + 1))
    long = long[long["period"] != ""]
    return _values(long, path, tally)


def _values(long: pd.DataFrame, path: Path, tally: _Tally) -> pd.DataFrame:
    """The figures read from their text: "1,234", "64.2%" and "£5.1" are figures; a blank or a withheld marker
    is a missing figure (suppressed where marked); anything else is left out, and counted. A table repeats few
    texts over many rows, so each is read once."""
    codes, texts = pd.factorize(long["text"])
    read = [_figure(text, tally.decimal_comma) for text in texts]
    value, decimals, marked, bad = (np.array(column)[codes] for column in zip(*read or [(np.nan, 0, False, False)]))
    if bad.any():
        cells = long["letter"][bad] + long["row"][bad].astype(str)
        tally.first = tally.first or cells.iloc[0]
        room = LISTED - len(tally.shown)
        tally.shown += [f"{cell} {text.strip()!r}" for cell, text in zip(cells[:room], long["text"][bad][:room])]
        tally.bad += int(bad.sum())
    return pd.DataFrame({
        "metric": long["metric"], "metric_key": long["metric_key"], "area": long["area"],
        "name": long["name"], "period": long["period"], "value": value.astype(float),
        "decimals": decimals.astype("int8"), "suppressed": marked.astype(bool), "unit": long["unit"],
        "file": path.name, "column": long["letter"], "row": long["row"].astype("int32"),
    }).reset_index(drop=True)


def _figure(text: str, decimal_comma: bool = False) -> tuple[float, int, bool, bool]:
    """One text as (figure or NaN, its decimals, whether marked withheld, whether neither figure nor marker); with
    ``decimal_comma``, "12,5" is twelve and a half."""
    bare = MONEY_AND_PERCENT.sub("", text)
    number = _with_decimal_point(text) if decimal_comma else bare
    if number is not None and NUMBER.fullmatch(number):
        places = len(number.partition(".")[2]) if "." in number and "e" not in number.casefold() else 0
        return float(number), min(places, MOST_DECIMALS), False, False
    marked = text.strip().casefold() in SUPPRESSED
    return np.nan, 0, marked, not marked and bare != ""


def _with_decimal_point(text: str) -> str | None:
    """A figure written with a decimal comma, without its £, % or spaces, as perfreport reads figures: "1.234,5"
    as "1234.5", "12,5 %" as "12.5", "12.5" as it is; None for "1.234", which could be read either way."""
    bare = MONEY_PERCENT_SPACE.sub("", text)
    if DOT_GROUPED.fullmatch(bare):
        return None
    return bare.replace(".", "").replace(",", ".") if DECIMAL_COMMA.fullmatch(bare) else bare


def _without_duplicates(figures: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Figures given twice for one metric, area and period: kept where they agree, else all left out."""
    keys = ["metric_key", "area", "period"]
    repeated = figures.duplicated(keys, keep=False)
    if not repeated.any():
        return figures
    twice = figures[repeated]
    given = twice[twice["value"].notna()]
    clash = given.groupby(keys)["value"].nunique()
    clash = clash[clash > 1]
    for (key, area, period) in clash.index[:LISTED]:
        rows = given[(given["metric_key"] == key) & (given["area"] == area) & (given["period"] == period)]
        first = rows.iloc[0]
        problems.append(Problem(
            "data-two-figures", Severity.WARNING,
            f"{area} has {len(rows)} different figures for {first['metric']!r} in {period} "
            f"({', '.join(rows['file'] + ' ' + rows['column'] + rows['row'].astype(str))}): none of them is used.",
            "Keep one figure per metric, area and period.", first["file"], "", f"{first['column']}{first['row']}"))
    if len(clash) > LISTED:
        problems.append(Problem("data-two-figures", Severity.WARNING,
                                f"{len(clash) - LISTED:,} more metric, area and period with different figures: none "
                                "of them used.", "Keep one figure per metric, area and period."))
    twice = twice[~twice.set_index(keys).index.isin(clash.index)]
    # one figure where they agree: the given figure first, so a blank repeat does not hide it
    kept = twice.sort_values("value", na_position="last", kind="stable").drop_duplicates(keys)
    return pd.concat([figures[~repeated], kept]).sort_index()
