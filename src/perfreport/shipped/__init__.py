"""What perfreport ships with, laid out as a team's folder: the Word templates and the standard
owners' workbook in templates/, the sample workbooks in inputs/, and the settings file.

The source checkout holds identical copies at its top level, so that it is itself a team's
folder; the tools/ scripts rebuild both.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

COMMITTEE_TEMPLATE = "templates/committee-report.docx"
INDICATOR_SET_TEMPLATE = "templates/indicator-set.docx"
COMMITTEE_HTML = "templates/committee-report.html"
INDICATOR_SET_HTML = "templates/indicator-set.html"
OWNER_WORKBOOK = "templates/owner-workbook.xlsx"
SAMPLE = "inputs/performance-report-2023-24-q2.xlsx"
INDICATOR_SET_SAMPLE = "inputs/indicator-set-2019-20.xlsx"
NATIONAL_SAMPLE = "inputs/national-data-illustrative.csv"  # for perfreport benchmarks import
NEIGHBOURS_SAMPLE = "inputs/neighbours.csv"
SETTINGS = "perfreport.toml"
# Everything a team's folder starts with, in the order `perfreport init` writes it.
TEAM_FILES = (COMMITTEE_TEMPLATE, INDICATOR_SET_TEMPLATE, COMMITTEE_HTML, INDICATOR_SET_HTML, OWNER_WORKBOOK, SAMPLE,
              INDICATOR_SET_SAMPLE, NATIONAL_SAMPLE, NEIGHBOURS_SAMPLE, SETTINGS)

_extracted = ExitStack()
atexit.register(_extracted.close)


def shipped(name: str) -> Path:
    """The path of a shipped file, by its place in a team's folder, e.g. ``shipped(SAMPLE)``.
    A package installed as a zip file has the file copied out for as long as the program runs."""
    resource = resources.files(__name__).joinpath(*name.split("/"))
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(resources.as_file(resource))
