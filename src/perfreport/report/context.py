"""The plain data a report template is filled with: strings, numbers, lists and dicts only."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from perfreport.core.formatting import (
    format_date,
    format_direction,
    format_figure,
    format_percentage,
    format_target,
    join_words,
    period_labels,
)
from perfreport.core.model import Direction, Indicator, ReportDetails, Unit
from perfreport.core.periods import Period, report_period
from perfreport.rating.change import Change
from perfreport.rating.changes import changes_since_last_period
from perfreport.rating.indicator_spc import NOT_INDEPENDENT_REASON, SpcUse
from perfreport.rating.key import describe_band, describe_gap, describe_rules
from perfreport.rating.rate import RatedIndicator, Rating, year_earlier
from perfreport.rating.scheme import Band, Scheme, Status
from perfreport.rating.spc import FEWEST_POINTS, Assurance, SpcReading, Variation
from perfreport.report.charts import indicator_chart, spc_figure, xmr_chart
from perfreport.report.committees import committee_of
from perfreport.report.data_items import data_items

DIRECTION_ARROWS = {Direction.HIGHER: "↑", Direction.LOWER: "↓"}
# The change arrow shows whether performance improved, not whether the number rose.
MOST_SERVICES, SERVICES_LONGEST = 3, 50  # services named in report.services, and its length, before "and N other"
CHANGE_ARROWS = {Change.IMPROVING: "↑", Change.DECLINING: "↓", Change.UNCHANGED: "↔", Change.NOT_AVAILABLE: "n/a"}


def build_context(details: ReportDetails, rated: list[RatedIndicator], scheme: Scheme) -> dict[str, Any]:
    """Everything a template may use, as listed under "Fields a template may use" in the README."""
    period = report_period(details.period, details.financial_year)
    indicators = [_indicator(r, details, scheme, period, position) for position, r in enumerate(rated, start=1)]
    return {
        "report": {
            "title": details.title,
            "committee": details.committee,
            "period": details.period,
            "financial_year": details.financial_year,
            "produced_on": format_date(details.produced_on) if details.produced_on else "",
            "produced_month": details.produced_on.strftime("%B %Y") if details.produced_on else "",
            "organisation": details.organisation,
            "team": details.team,
            "contact": details.contact,
            "services": _services(rated),
        },
        "key": {
            "scheme": scheme.name,
            "gap_note": describe_gap(scheme),
            "rules": describe_rules(scheme),
            "statuses": [_status(s) for s in scheme.listed],
            "actions_for": scheme.bands[0].name,
            "data_items": data_items(scheme),
        },
        "indicators": indicators,
        "summary": _summary(rated, scheme, indicators),
        "spc_summary": _spc_summary(rated, indicators),
        "changes": _changes(rated, indicators),
    }


def _status(status: Status) -> dict[str, str]:
    meaning = describe_band(status) if isinstance(status, Band) else status.meaning
    return {
        "name": status.name,
        "short": status.short,
        "fill": status.fill,
        "text": status.text,
        "meaning": meaning,
        "band": isinstance(status, Band),
    }


def _indicator(
    rated: RatedIndicator, details: ReportDetails, scheme: Scheme, period: Period | None, position: int
) -> dict[str, Any]:
    indicator, rating = rated.indicator, rated.rating
    current_label, previous_label = period_labels(indicator.period_type, details.financial_year)
    return {
        "number": indicator.number,
        "title": indicator.title,
        "heading": f"Indicator {indicator.number}: {indicator.title}",
        "anchor": f"indicator_{position}_{re.sub(r'[^A-Za-z0-9]', '_', indicator.number)}"[:40],
        "owner": indicator.owner,
        "service": indicator.service,
        "committee": committee_of(indicator, details),
        "unit": indicator.unit.value,
        "period_type": indicator.period_type.value,
        "target": format_target(indicator),
        "target_label": "Target (Stars)" if indicator.unit is Unit.STARS else "Target",
        "direction": format_direction(indicator.direction),
        "direction_arrow": DIRECTION_ARROWS[indicator.direction],
        "current_label": current_label,
        "current": format_figure(indicator.current, indicator.unit),
        "previous_label": previous_label,
        "previous": format_figure(indicator.previous, indicator.unit),
        "change": rated.change.value,
        "change_arrow": CHANGE_ARROWS[rated.change],
        "long_term": rated.long_term.value,
        "long_term_arrow": CHANGE_ARROWS[rated.long_term],
        "long_term_against": year_earlier(indicator, period).label if period else "",
        "previous_rating": _status(rated.previous_rating) if rated.previous_rating else None,
        "statistical_neighbours": format_figure(indicator.statistical_neighbours, indicator.unit),
        "england": format_figure(indicator.england, indicator.unit),
        "has_comparators": bool(indicator.statistical_neighbours or indicator.england),
        "rating": {
            **_status(rating.status),
            "explanation": rating.explanation,
            "overridden": rating.overridden,
            "calculated": _calculated(rating),
            "override_reason": indicator.override_reason if rating.overridden else "",
        },
        "description": paragraphs(indicator.description),
        "commentary": paragraphs(indicator.commentary),
        "actions": paragraphs(indicator.actions),
        "show_actions": bool(indicator.actions.strip()),
        "links": [{"text": link.text, "url": link.url} for link in indicator.links],
        "chart": indicator_chart(indicator, period),
        "spc": _spc(indicator, rated.spc) if rated.spc else None,
        "signed_off_by": indicator.signed_off_by,
        "signed_off_on": format_date(indicator.signed_off_on) if indicator.signed_off_on else "",
    }


VARIATION_SYMBOLS = {Variation.COMMON: "○", Variation.IMPROVING_HIGH: "▲", Variation.IMPROVING_LOW: "▼",
                     Variation.CONCERNING_HIGH: "▲", Variation.CONCERNING_LOW: "▼"}
ASSURANCE_SYMBOLS = {Assurance.PASSES: "✓", Assurance.FAILS: "✗", Assurance.HIT_AND_MISS: "~"}
NO_TARGET = "No target"


def _spc(indicator: Indicator, reading: SpcReading) -> dict[str, Any]:
    """An indicator's SPC reading as a template shows it: the icons in words with a small symbol, the mean and
    limits in the indicator's unit, the explanation, and the XmR chart where there are enough figures."""
    latest = reading.points[-1] if reading.points else None

    return {
        "enough": reading.enough,
        "explanation": reading.explanation,
        "variation": {"name": reading.variation.value, "symbol": VARIATION_SYMBOLS[reading.variation]}
        if reading.variation else None,
        "assurance": {"name": reading.assurance.value, "symbol": ASSURANCE_SYMBOLS[reading.assurance]}
        if reading.assurance else None,
        "mean": spc_figure(latest.mean, indicator) if latest else "n/a",
        "lower": spc_figure(latest.lower, indicator) if latest else "n/a",
        "upper": spc_figure(latest.upper, indicator) if latest else "n/a",
        "points": len(reading.points),
        "chart": xmr_chart(indicator, reading) if reading.enough else None,
    }


def _spc_summary(rated: list[RatedIndicator], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """The indicators with an SPC reading by variation (rows) and assurance (columns), counts and links; apart
    from them, those read with too few figures for a reading, and those not read as their figures are rolling
    or cumulative, each list said once."""
    columns = [a.value for a in Assurance] + [NO_TARGET]
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    too_few: list[dict[str, Any]] = []
    not_read: list[dict[str, Any]] = []
    for item, ind in zip(rated, indicators):
        reading = item.spc
        if item.spc_use is SpcUse.NOT_INDEPENDENT:
            not_read.append({**_entry(ind), "figure_type": item.indicator.figure_type.value})
        elif reading is not None and reading.variation is not None:
            column = reading.assurance.value if reading.assurance else NO_TARGET
            cells.setdefault((reading.variation.value, column), []).append(_entry(ind))
        elif item.spc_use is SpcUse.READ:
            too_few.append(_entry(ind))
    return {
        "assurances": columns,
        "rows": [
            {"variation": row.value, "symbol": VARIATION_SYMBOLS[row],
             "cells": [{"assurance": column, "count": len(cells.get((row.value, column), [])),
                        "indicators": cells.get((row.value, column), [])} for column in columns],
             "total": sum(len(cells.get((row.value, column), [])) for column in columns)}
            for row in Variation
        ],
        "any": bool(cells),
        "too_few": too_few,
        "too_few_reason": f"Making Data Count advises at least {FEWEST_POINTS} figures (since any rebase) for a "
                          "reading: process limits drawn from fewer can mislead.",
        "not_read": not_read,
        "not_read_reason": NOT_INDEPENDENT_REASON,
    }


def _calculated(rating: Rating) -> str:
    """The calculated rating's name: the rating itself unless overridden; "none" where there were no figures."""
    if not rating.overridden:
        return rating.status.name
    return rating.calculated.name if rating.calculated else "none"


def chart_count(context: dict[str, Any]) -> int:
    """How many charts a template given ``context`` may draw: each indicator's trend and XmR charts."""
    count = 0
    for ind in context.get("indicators", ()):
        if isinstance(ind, dict):
            count += bool(ind.get("chart")) + bool(isinstance(ind.get("spc"), dict) and ind["spc"].get("chart"))
    return count


def paragraphs(text: str) -> list[str]:
    """Text split into paragraphs at blank lines; single line breaks stay within a paragraph."""
    return [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


def _summary(rated: list[RatedIndicator], scheme: Scheme, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """Count, share and indicators per status; statuses with the same summary label (e.g. "No Target") count together."""
    total = len(rated)
    counts = Counter(r.rating.status.summary_label for r in rated)
    listed: dict[str, list[dict[str, Any]]] = {}
    for item, ind in zip(rated, indicators):
        listed.setdefault(item.rating.status.summary_label, []).append(_entry(ind))
    rows: dict[str, dict[str, Any]] = {}
    for status in scheme.listed:
        label = status.summary_label
        if label not in rows:
            count = counts[label]
            rows[label] = {
                **_status(status), "name": label, "count": count, "percent": format_percentage(count, total),
                "indicators": listed.get(label, []),
            }
    return {"rows": list(rows.values()), "total": total, "total_percent": "100%" if total else "0%"}


def _entry(ind: dict[str, Any]) -> dict[str, Any]:
    """An indicator as listed in the summary and changes: enough to name it and link to its page."""
    return {key: ind[key] for key in ("number", "title", "heading", "anchor", "rating")}


def _changes(rated: list[RatedIndicator], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """Changes since last period, each indicator with its number, title, anchor and rating as in ``indicators``."""
    shown = {ind["number"]: ind for ind in indicators}
    changes = changes_since_last_period(rated)

    def entry(item: RatedIndicator) -> dict[str, Any]:
        return _entry(shown[item.indicator.number])

    return {
        "ratings": [
            {**entry(c.rated), "previous_rating": _status(c.previous), "recorded": c.recorded}
            for c in changes.rating_changes
        ],
        "new": [entry(r) for r in changes.new],
        "no_current_figure": [entry(r) for r in changes.no_current_figure],
        "unknown": [entry(r) for r in changes.unknown],
        "any": bool(changes.rating_changes or changes.new or changes.no_current_figure or changes.unknown),
    }


def _services(rated: list[RatedIndicator]) -> str:
    """The services the indicators belong to, in order of first appearance: "Legal and Democratic Services";
    where more than MOST_SERVICES, or more than SERVICES_LONGEST characters, the first and how many others:
    "Legal Services, Finance and 4 other services", as templates make titles of it."""
    services = list(dict.fromkeys(r.indicator.service for r in rated if r.indicator.service))
    named = services
    while len(named) > 1 and (len(named) > MOST_SERVICES or len(_named(named, services)) > SERVICES_LONGEST):
        named = named[:-1]
    return _named(named, services)


def _named(named: list[str], services: list[str]) -> str:
    others = len(services) - len(named)
    if not others:
        return join_words(named)
    return f"{', '.join(named)} and {others} other service{'' if others == 1 else 's'}"
