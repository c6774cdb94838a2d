"""Every field and filter a report template may use, described once.

The README's table, ``perfreport fields`` and the template checks all read this; a test
holds it to exactly what ``build_context`` produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    """One field: its name, what it holds, and, for a record or a list of records, their fields."""

    name: str
    description: str
    holds: Group | None = None
    is_list: bool = False


@dataclass(frozen=True)
class Group:
    """Fields reached through one name: ``report``, each ``ind`` of ``indicators``, ``ind.rating``.

    A group with a ``base`` has the base's fields too, as a summary row has a status's."""

    name: str
    own: tuple[Field, ...]
    base: Group | None = None
    fields: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        inherited = self.base.fields if self.base else {}
        object.__setattr__(self, "fields", {**inherited, **{f.name: f for f in self.own}})


STATUS = Group("status", (
    Field("name", "The rating's name, e.g. Green"),
    Field("short", "Its short label, e.g. G"),
    Field("fill", "Its cell colour as six hex digits, e.g. 00B050, for {% cellbg %}"),
    Field("text", "Its text colour on that fill"),
    Field("meaning", "What it means, in words, e.g. on target, or over target by up to 5%"),
    Field("band", "Whether it is a band of the scheme (false for the statuses of indicators without a target)"),
))

RATING = Group("ind.rating", (
    Field("explanation", "How the rating was reached, in words"),
    Field("overridden", "Whether the owner's override replaced the calculated rating"),
    Field("calculated", 'The calculated rating\'s name; "none" where the owner set a rating without figures'),
    Field("override_reason", "The owner's reason for the override; empty where there is none"),
), base=STATUS)

LINK = Group("link", (
    Field("text", "The link's words"),
    Field("url", "Its address"),
))

SERIES = Group("series", (
    Field("name", "The series' name, as its legend says, e.g. Actual, Target, England mean"),
    Field("kind", "value, second, rest (a stacked column's value less its second series), target, "
          "statistical_neighbours or england"),
    Field("values", "Its figures, one per period; empty where a period has none", is_list=True),
))

AXIS = Group("axis", (
    Field("title", "The axis' title: the second series' name"),
    Field("number_format", "How the axis shows figures, as an Excel number format"),
))

CHART = Group("ind.chart", (
    Field("type", "Column, Line, Column and line, or Stacked column"),
    Field("title", "The indicator's title, on one line"),
    Field("categories", "The period labels, oldest first, e.g. Q1 2023/24", is_list=True),
    Field("series", "The figures drawn, each a series", holds=SERIES, is_list=True),
    Field("number_format", "How the value axis shows figures, as an Excel number format"),
    Field("axis_title", 'The value axis\' title where there is a second axis, e.g. "Actual (%)"; else empty'),
    Field("second_axis", "The right-hand axis of a second series on another scale, an axis; empty where there is "
          "none", holds=AXIS),
    Field("alt_text", "What the chart shows, for screen-reader users"),
))

ICON = Group("icon", (
    Field("name", 'The icon in words, e.g. "Special cause, concerning low", "Hit and miss"'),
    Field("symbol", "A small symbol to show beside the words: ○ ▲ ▼ for variation, ✓ ✗ ~ for assurance"),
))

SPC = Group("ind.spc", (
    Field("enough", "Whether there are enough figures (15 since any rebase) to read variation and assurance"),
    Field("explanation", 'What the reading says, in words, e.g. "Special cause, concerning low: the last 8 figures '
          'were below the mean."; or why there is none'),
    Field("variation", "The variation icon, an icon; empty with too few figures", holds=ICON),
    Field("assurance", "The assurance icon, an icon; empty with too few figures or no target", holds=ICON),
    Field("mean", "The mean, in the indicator's unit (of the latest part, where rebased)"),
    Field("lower", "The lower process limit"),
    Field("upper", "The upper process limit"),
    Field("points", "How many figures are charted"),
    Field("chart", "The XmR chart, for the chart filter, with a chart's fields; empty with too few figures",
          holds=CHART),
))

IND = Group("ind", (
    Field("number", "The indicator's number, as typed"),
    Field("title", "Its title, as typed"),
    Field("heading", '"Indicator 183: title"'),
    Field("anchor", "The name of the bookmark on its heading, for links to it"),
    Field("owner", "Its owner, as typed"),
    Field("service", "Its service, as typed"),
    Field("committee", "The committee that receives it: its Committee, else the Report sheet's"),
    Field("unit", "percent, number, money or stars"),
    Field("period_type", "Month, Quarter, Year or Forecast"),
    Field("target", 'The target, formatted, "TBC" or "n/a"'),
    Field("target_label", '"Target", or "Target (Stars)" for a star rating'),
    Field("direction", '"↑ Higher is better" or "↓ Lower is better"'),
    Field("direction_arrow", "↑ or ↓"),
    Field("current_label", 'e.g. "Current Quarter", "2023-24 Forecast"'),
    Field("current", "The current figure, formatted, e.g. 83.0%, 9,154, £19.3m, 3 stars, n/a"),
    Field("previous_label", 'e.g. "Previous Quarter"'),
    Field("previous", "The previous figure, formatted"),
    Field("change", "Change in performance: Improving, Declining, Unchanged or n/a"),
    Field("change_arrow", "↑ improving, ↓ declining, ↔ unchanged, or n/a: whether performance improved, "
          "not whether the number rose"),
    Field("long_term", "The long-term direction of travel: Improving, Declining, Unchanged, or n/a where "
          "History has no figure for the same period a year earlier"),
    Field("long_term_arrow", "↑, ↓, ↔ or n/a, as for ind.change_arrow"),
    Field("long_term_against", "The period a year earlier, e.g. Q2 2022/23"),
    Field("previous_rating", "The rating of the period before, with a status's fields; empty where it "
          "cannot be found", holds=STATUS),
    Field("statistical_neighbours", "The statistical neighbours mean, formatted, or n/a"),
    Field("england", "The England mean, formatted, or n/a"),
    Field("has_comparators", "Whether either comparison figure is given"),
    Field("rating", "The rating, with a status's fields and those below", holds=RATING),
    Field("description", "How the indicator is measured, a list of paragraphs", is_list=True),
    Field("commentary", "The owner's commentary, a list of paragraphs", is_list=True),
    Field("actions", "The actions, a list of paragraphs", is_list=True),
    Field("show_actions", "Whether there are actions to show (validate warns of a worst-band indicator without them)"),
    Field("links", "Useful links, each a link", holds=LINK, is_list=True),
    Field("signed_off_by", "Who signed this period's figures off; empty where no one has (the shipped templates do "
          "not show it)"),
    Field("signed_off_on", "When, e.g. 10 January 2024; empty where not given"),
    Field("spc", "The statistical process control reading, an spc; empty where SPC is off, the figures are rolling "
          "or cumulative, or there are fewer than two", holds=SPC),
    Field("chart", 'The trend chart, for the chart filter; empty where the indicator has no History or its '
          'Chart is "No chart"', holds=CHART),
))

ENTRY = Group("entry", (
    Field("number", "The indicator's number, as ind.number"),
    Field("title", "Its title, as ind.title"),
    Field("heading", "Its heading, as ind.heading"),
    Field("anchor", "Its bookmark, as ind.anchor, for links to its page"),
    Field("rating", "Its rating, as ind.rating", holds=RATING),
))

ROW = Group("row", (
    Field("name", 'The rating, or the summary label where the scheme groups statuses, e.g. "No Target"'),
    Field("count", "How many indicators have it"),
    Field("percent", "Their share in whole numbers: 4 of 15 is 27%"),
    Field("indicators", "The indicators that have it, in number order, each an entry", holds=ENTRY, is_list=True),
), base=STATUS)

CHANGE = Group("change", (
    Field("previous_rating", "Its rating for the period before, with a status's fields", holds=STATUS),
    Field("recorded", "Whether History's Rating column gave the previous rating (else it was worked out)"),
), base=ENTRY)

REPORT = Group("report", (
    Field("title", "The report's title, as typed on the Report sheet"),
    Field("committee", "The committee, as typed"),
    Field("period", "The reporting period, e.g. Quarter 2"),
    Field("financial_year", "The financial year, e.g. 2023/24"),
    Field("produced_on", "The produced-on date, e.g. 05 December 2023"),
    Field("produced_month", "Its month, e.g. December 2023"),
    Field("organisation", "The council or organisation; empty where none is given"),
    Field("team", "The team that produces the report"),
    Field("contact", "The team's contact e-mail"),
    Field("services", 'The indicators\' services, e.g. "Legal Services and Democratic Services"; past three, '
          'or 50 characters, the first and how many others: "Legal Services and 4 other services"'),
))

DATA_ITEM = Group("item", (
    Field("name", "The data item, e.g. Direction for Improvement"),
    Field("explanation", "What it means; the RAG Rating's names the scheme's ratings"),
))

KEY = Group("key", (
    Field("scheme", "The rating scheme's name"),
    Field("gap_note", "How the gap to target is measured, in words"),
    Field("rules", "The scheme's optional rules (tolerance, floor standard, last year), one sentence each",
          is_list=True),
    Field("statuses", "Every rating of the scheme, each a status, in the scheme's order (its bands worst "
          "first, or best first where the scheme says so, then the statuses for no target)", holds=STATUS, is_list=True),
    Field("actions_for", "The worst rating, whose indicators are expected to give Actions, e.g. Red"),
    Field("data_items", "What each part of an indicator's page means, in the published report's order, each an "
          "item", holds=DATA_ITEM, is_list=True),
))

SUMMARY = Group("summary", (
    Field("rows", "One row per rating, or per summary label where the scheme groups statuses, in the order of "
          "key.statuses; each a row, with a status's fields and those below", holds=ROW, is_list=True),
    Field("total", "The number of indicators"),
    Field("total_percent", "100% (0% where there are no indicators)"),
))

CHANGES = Group("changes", (
    Field("ratings", "Indicators whose rating changed since the period before, each a change: an entry with the "
          "fields below", holds=CHANGE, is_list=True),
    Field("new", "Indicators new this period (a figure this period, but no History and no previous figure), each "
          "an entry", holds=ENTRY, is_list=True),
    Field("no_current_figure", "Indicators without a figure this period, each an entry, whether or not they had "
          "figures before (one with none at all, its status the owner's, is not new)", holds=ENTRY, is_list=True),
    Field("unknown", "Indicators whose previous rating cannot be found, each an entry", holds=ENTRY, is_list=True),
    Field("any", "Whether any of those lists has an indicator"),
))

SPC_CELL = Group("cell", (
    Field("assurance", "The column's assurance, or No target"),
    Field("count", "How many indicators have that variation and assurance"),
    Field("indicators", "Those indicators, each an entry", holds=ENTRY, is_list=True),
))

SPC_ROW = Group("spc_row", (
    Field("variation", "The row's variation"),
    Field("symbol", "Its symbol"),
    Field("cells", "One cell per assurance, in the order of spc_summary.assurances", holds=SPC_CELL, is_list=True),
    Field("total", "How many indicators have that variation"),
))

SPC_UNREAD = Group("spc_unread", (
    Field("figure_type", "The indicator's Figure type: Rolling or Cumulative"),
), base=ENTRY)

SPC_SUMMARY = Group("spc_summary", (
    Field("assurances", "The columns: Consistently passes, Consistently fails, Hit and miss, No target", is_list=True),
    Field("rows", "One row per variation, each an spc_row, counting the indicators with a reading", holds=SPC_ROW,
          is_list=True),
    Field("any", "Whether any indicator has a reading, so that the matrix has something to show"),
    Field("too_few", "Indicators read as SPC charts with too few figures for a reading (fewer than 15 since any "
          "rebase, including those with one figure or none), each an entry; in no row", holds=ENTRY, is_list=True),
    Field("too_few_reason", "Why those have no reading, in a sentence"),
    Field("not_read", "Indicators not read as SPC charts because their figures are rolling or cumulative (their "
          "Figure type, with SPC not set On), each an entry with figure_type (Rolling or Cumulative)",
          holds=SPC_UNREAD, is_list=True),
    Field("not_read_reason", "Why rolling and cumulative figures are not read, in a sentence"),
))

TEMPLATE_DATA = Group("", (
    Field("report", "The Report sheet", holds=REPORT),
    Field("key", "The key, written from the rating scheme", holds=KEY),
    Field("indicators", "The indicators in number order, each an ind", holds=IND, is_list=True),
    Field("summary", "The status summary", holds=SUMMARY),
    Field("changes", "Changes since last period", holds=CHANGES),
    Field("spc_summary", "The indicators read as SPC charts by variation and assurance, and those without a "
          "reading", holds=SPC_SUMMARY),
))

FILTERS = {
    "badge": "A rating's name in bold, in its band's text colour: {{r ind.rating|badge }}; "
             "badge(short=True) writes its short label",
    "hyperlink": "A clickable link: {{r link|hyperlink }}",
    "bookmark": "Text marked as a place links can go to: {{r ind.heading|bookmark(ind.anchor) }}",
    "link_to": "Text linking to a bookmark in the report: {{r 'Return to Index'|link_to('index') }}",
    "chart": "The indicator's trend chart, in a paragraph of its own: {{r ind.chart|chart }}",
}


def field_list() -> list[tuple[str, str]]:
    """Every field a template may use, as (name, description), each group's fields after the field holding them."""
    rows: list[tuple[str, str]] = []
    _list_group(TEMPLATE_DATA, rows, set())
    return rows


def _list_group(group: Group, rows: list[tuple[str, str]], listed: set[str]) -> None:
    listed.add(group.name)
    for item in group.own:
        if group.name or item.is_list:  # report, key, summary and changes are only the start of their fields' names
            rows.append((f"{group.name}.{item.name}" if group.name else item.name, item.description))
        if item.holds and item.holds.name not in listed:
            _list_group(item.holds, rows, listed)


def groups() -> list[Group]:
    """Every group of fields, each once."""
    found: dict[int, Group] = {}

    def visit(group: Group) -> None:
        found[id(group)] = group
        for item in group.fields.values():
            if item.holds and id(item.holds) not in found:
                visit(item.holds)

    visit(TEMPLATE_DATA)
    return list(found.values())
