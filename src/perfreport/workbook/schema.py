"""One description of every field of the owners' workbook, used by both reader and writer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from perfreport.core.model import ChartType, Direction, FigureType, PeriodType, Unit

REPORT_SHEET = "Report"
INDICATORS_SHEET = "Indicators"
HISTORY_SHEET = "History"

TARGET_TO_BE_CONFIRMED = "TBC"


class Kind(StrEnum):
    """What a field holds, which decides how a cell is read."""

    TEXT = "text"
    LONG_TEXT = "long text"
    CHOICE = "choice"
    FIGURE = "figure"
    TARGET = "target"
    DECIMALS = "decimal places"
    DATE = "date"
    PERIOD = "period label"
    LINKS = "links"
    WHOLE_NUMBER = "whole number"
    STATUS = "rating status"  # one of the scheme's statuses
    NO_TARGET_STATUS = "no-target status"  # one of the scheme's statuses for indicators without a target
    FLAG = "yes or blank"  # "Yes" marks it; blank does not


# Kinds whose cells keep whatever was typed: "None" or "NA" is text, not a missing figure.
TYPED_AS_WRITTEN = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.STATUS, Kind.NO_TARGET_STATUS})  # and FLAG: see reader


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 14
    expected: str = ""  # for an optional field: the warning given when its cell is left empty
    allows_not_available: bool = False  # required, yet "n/a" may say there is none: only an empty cell is missing
    typed: bool = False  # must be typed in, not worked out by a formula
    recorded: bool = False  # written by perfreport and locked, not for owners to fill in
    if_shown: bool = False  # required only where the report's template shows it (see report/template_fields)

    @property
    def fill_in(self) -> str:
        """What to do about the field's empty cell."""
        return f"Fill it in: {self.help[0].lower()}{self.help[1:]}"


REPORT_FIELDS: tuple[Field, ...] = (
    Field("title", "Report title", Kind.TEXT, "The title on the cover, e.g. Performance Report.", True, if_shown=True),
    Field("committee", "Committee", Kind.TEXT, "The committee that receives the report.", True, if_shown=True),
    Field("period", "Period", Kind.TEXT, 'The reporting period, e.g. "Quarter 2".', True),
    Field("financial_year", "Financial year", Kind.TEXT, 'The financial year, e.g. "2023/24".', True),
    Field("produced_on", "Produced on", Kind.DATE, "The date the report is produced, as a date.", True, if_shown=True),
    Field("team", "Team", Kind.TEXT, "The team that produces the report.", True, if_shown=True),
    Field("contact", "Contact e-mail", Kind.TEXT, "The e-mail address readers can write to.", True, if_shown=True),
    Field(
        "commentary_word_limit",
        "Commentary word limit",
        Kind.WHOLE_NUMBER,
        "Optional: the most words an indicator's commentary should have. Longer commentary is flagged.",
    ),
    Field(
        "scheme",
        "Rating scheme",
        Kind.TEXT,
        "Optional: the rating scheme, a built-in name such as very-green-green-amber-red, or a .toml file "
        "beside this workbook. Blank: blue-green-amber-red.",
    ),
    Field(
        "scheme_record",
        "Rating scheme recorded",
        Kind.TEXT,
        "Filled in by perfreport: the rating scheme this workbook was made for, by its name and the SHA-256 of its "
        "file, so that a scheme file changed or gone missing is noticed. Leave it as it is.",
        recorded=True,
    ),
    Field("organisation", "Organisation", Kind.TEXT, "Optional: the council or organisation, shown on the cover."),
    Field(
        "template",
        "Template",
        Kind.TEXT,
        "Optional: the template to fill, Committee report or Indicator set, or a Word template's file name (.docx) "
        "beside this workbook or in the team's folder; one set in the settings or given to generate comes first. "
        "Blank: Committee report.",
    ),
)

INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("number", "Indicator number", Kind.TEXT, "The indicator's number, e.g. 183.", True, width=11, typed=True),
    Field("title", "Title", Kind.TEXT, "The indicator's title as the committee knows it.", True, width=40),
    Field("owner", "Owner", Kind.TEXT, "Who is responsible for the indicator.", True, width=22),
    Field("service", "Service", Kind.TEXT, "The service the indicator belongs to.", width=20),
    Field(
        "unit", "Unit", Kind.CHOICE, "How the figures are measured.", True, tuple(u.value for u in Unit)
    ),
    Field(
        "period_type",
        "Period type",
        Kind.CHOICE,
        "How often the figure is reported: Month, Quarter, Year, or Forecast for a year-end forecast.",
        True,
        tuple(p.value for p in PeriodType),
    ),
    Field(
        "decimals",
        "Decimal places",
        Kind.DECIMALS,
        "Optional: how many decimal places to show. Blank: as entered.",
        width=9,
    ),
    Field(
        "target",
        "Target",
        Kind.TARGET,
        f'The target for the period, a number; "{TARGET_TO_BE_CONFIRMED}" or blank if there is none.',
    ),
    Field(
        "direction",
        "Direction for improvement",
        Kind.CHOICE,
        "Whether a higher or a lower figure is better.",
        True,
        tuple(d.value for d in Direction),
        width=18,
    ),
    Field(
        "current", "Current value", Kind.FIGURE, "The latest figure for the period.", True, allows_not_available=True
    ),
    Field(
        "previous",
        "Previous value",
        Kind.FIGURE,
        'The figure previously reported; "n/a" if there was none.',
        expected="Previous value is empty, so the change in performance will show as n/a.",
    ),
    Field(
        "statistical_neighbours",
        "Statistical neighbours mean",
        Kind.FIGURE,
        "Optional: the mean of statistical neighbours, for comparison.",
    ),
    Field("england", "England mean", Kind.FIGURE, "Optional: the England mean, for comparison."),
    Field(
        "no_target_status",
        "Status when no target",
        Kind.NO_TARGET_STATUS,
        "Where there is no target, or no figure this period: the status to show instead, one of the rating "
        "scheme's statuses for that.",
        width=16,
    ),
    Field("description", "Description", Kind.LONG_TEXT, "How the indicator is measured.", width=50),
    Field(
        "commentary",
        "Commentary",
        Kind.LONG_TEXT,
        "What the figures show and why.",
        width=60,
        expected="Commentary is empty.",
    ),
    Field("actions", "Actions", Kind.LONG_TEXT, "What is being done; needed where the rating is red.", width=50),
    Field(
        "links",
        "Useful links",
        Kind.LINKS,
        'One link per line, as "text | https://..." or a bare address.',
        width=40,
    ),
    Field(
        "tolerance",
        "Tolerance",
        Kind.FIGURE,
        "Optional, where the rating scheme uses tolerances: how far off target still counts as near it, "
        "in percentage points for percentages, else as a percentage of the target.",
        width=11,
    ),
    Field(
        "floor",
        "Floor standard",
        Kind.FIGURE,
        "Optional, where the rating scheme uses floor standards: the figure worse than which the indicator is red.",
        width=11,
    ),
    Field(
        "rating_override",
        "Rating override",
        Kind.STATUS,
        "Optional: a rating to show instead of the calculated one. Give the reason in the next column.",
        width=14,
    ),
    Field(
        "override_reason",
        "Override reason",
        Kind.LONG_TEXT,
        "Why the rating is overridden; needed wherever there is an override.",
        width=40,
    ),
    Field(
        "chart",
        "Chart",
        Kind.CHOICE,
        "Optional: how the History chart is drawn: Line, Column, Column and line (the second series as a line), "
        "Stacked column (the value split into the second series and the rest), or No chart. Blank: Column, or Column and line "
        "where there is a second series.",
        choices=tuple(c.value for c in ChartType),
        width=16,
    ),
    Field(
        "second_series",
        "Second series",
        Kind.TEXT,
        "Optional: the name of a second figure charted with the value, e.g. Rolling 12-month average.",
        width=22,
    ),
    Field(
        "second_value",
        "Second series value",
        Kind.FIGURE,
        "Optional: the second series' figure for the current period.",
        width=12,
    ),
    Field(
        "committee",
        "Committee",
        Kind.TEXT,
        "Optional: the committee that receives this indicator. Blank: the committee named on the Report sheet.",
        width=24,
    ),
    Field(
        "signed_off_by",
        "Signed off by",
        Kind.TEXT,
        "Optional: who approved this period's figures, e.g. the head of service.",
        width=20,
    ),
    Field("signed_off_on", "Signed off on", Kind.DATE, "Optional: the date this period's figures were approved.", width=12),
    Field(
        "figure_type",
        "Figure type",
        Kind.CHOICE,
        "Optional: what each figure counts: Single period (that period alone), Rolling (e.g. the last 12 months) "
        "or Cumulative (e.g. year to date). Rolling and cumulative figures get no SPC reading unless SPC is On. "
        "Blank: Single period.",
        choices=tuple(t.value for t in FigureType),
        width=14,
    ),
    Field(
        "spc",
        "SPC",
        Kind.CHOICE,
        "Optional: On or Off, whether the report reads the indicator's figures as a statistical process control "
        "(XmR) chart. Blank: the settings' default, On.",
        choices=("On", "Off"),
        width=8,
    ),
    Field(
        "spc_baseline",
        "SPC baseline",
        Kind.WHOLE_NUMBER,
        "Optional: fix the SPC chart's mean and limits on this many earliest figures, 12 or more, so that later "
        "figures are judged against them. Blank: every figure.",
        width=10,
    ),
    Field(
        "benchmark_metric",
        "Benchmark metric",
        Kind.TEXT,
        "Optional: the metric's name or code in the national data (e.g. as LG Inform or Oflog names it), for "
        "perfreport benchmarks import to fill the statistical neighbours and England means.",
        width=20,
    ),
)

HISTORY_FIELDS: tuple[Field, ...] = (
    Field("number", "Indicator number", Kind.TEXT, "The indicator's number, as on the Indicators sheet.", True, width=11,
          typed=True),
    Field(
        "period",
        "Period",
        Kind.PERIOD,
        "An earlier period, e.g. Q1 2023/24, Sep 2023 or 2023/24. List each indicator's periods oldest first.",
        True,
        width=14,
    ),
    Field("value", "Value", Kind.FIGURE, "The figure for that period.", width=12),
    Field("target", "Target", Kind.FIGURE, "Optional: the target for that period.", width=12),
    Field(
        "statistical_neighbours",
        "Statistical neighbours mean",
        Kind.FIGURE,
        "Optional: the statistical neighbours mean for that period.",
    ),
    Field("england", "England mean", Kind.FIGURE, "Optional: the England mean for that period."),
    Field("note", "Note", Kind.TEXT, 'Optional: e.g. "Illustrative" or "Revised".', width=30),
    Field(
        "second_value",
        "Second series value",
        Kind.FIGURE,
        "Optional: the indicator's second series for that period (named on the Indicators sheet).",
        width=12,
    ),
    Field(
        "rating",
        "Rating",
        Kind.STATUS,
        "Optional: the rating reported for that period; written when the workbook is rolled forward. "
        "Blank: worked out from the value and target.",
        width=14,
    ),
    Field(
        "rebase",
        "Rebase",
        Kind.FLAG,
        "Optional: Yes to start the SPC chart's mean and limits afresh from this period, after a change in how "
        "the figure is counted or in the service.",
        choices=("Yes",),
        width=9,
    ),
)


def normalise_header(text: object) -> str:
    """A header as compared: case, stray spaces and line breaks ignored."""
    return " ".join(str(text or "").split()).casefold()

# Each Indicators and History column's header, by its key (where the sheets share a key, the header is the same).
HEADERS = {spec.key: spec.header for spec in HISTORY_FIELDS + INDICATOR_FIELDS}
