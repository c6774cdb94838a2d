"""The quarter's table as CSV text, safe to open in a spreadsheet: owners' text that Excel or Calc would run as a
formula (it starts with =, +, -, @, a tab or a carriage return) is written quoted, after a single quote, as OWASP's
CSV-injection guidance asks. Figures are never touched; with ``raw_text`` every text is written as typed."""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?£?\d[\d,]*(\.\d+)?%?")  # a figure as shown, e.g. -3.5 or -12.5%: a spreadsheet's number
NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def table_csv(table: pd.DataFrame, raw_text: bool = False) -> str:
    """``table`` as CSV: a header row, then a row per table row; "\\n" line endings; a missing value empty; a field
    quoted only where it holds a comma, a quote or a line break, or where it is text made safe."""
    out = io.StringIO()
    out.write(",".join(_field(name, raw_text) for name in table.columns) + "\n")
    for row in table.astype(object).itertuples(index=False, name=None):
        out.write(",".join([_field(value, raw_text) for value in row]) + "\n")
    return out.getvalue()


def _field(value: Any, raw_text: bool) -> str:
    if value is None or value is pd.NA:
        return ""
    if not isinstance(value, str):
        return repr(value) if isinstance(value, float) else str(value)
    if not raw_text and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return '"\'' + value.replace('"', '""') + '"'
    return '"' + value.replace('"', '""') + '"' if NEEDS_QUOTES.search(value) else value
