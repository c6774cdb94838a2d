"""The plain data a report template is filled with: strings, numbers, lists and dicts only."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from perfreport.formatting import (
    format_date,
    format_direction,
    format_figure,
    format_percentage,
    format_target,
    period_labels,
)
from perfreport.model import ReportDetails
from perfreport.rating.key import describe_band, describe_gap
from perfreport.rating.rate import RatedIndicator
from perfreport.rating.scheme import Band, Scheme, Status


def build_context(details: ReportDetails, rated: list[RatedIndicator], scheme: Scheme) -> dict[str, Any]:
    """Everything a template may use, as listed under "Fields a template may use" in the README."""
    return {
        "report": {
            "title": details.title,
            "committee": details.committee,
            "period": details.period,
            "financial_year": details.financial_year,
            "produced_on": format_date(details.produced_on),
            "produced_month": details.produced_on.strftime("%B %Y"),
            "team": details.team,
            "contact": details.contact,
        },
        "key": {
            "scheme": scheme.name,
            "gap_note": describe_gap(scheme),
            "statuses": [_status(s) for s in scheme.statuses],
            "actions_for": scheme.bands[0].name,
        },
        "indicators": [_indicator(r, details, scheme, position) for position, r in enumerate(rated, start=1)],
        "summary": _summary(rated, scheme),
    }


def _status(status: Status) -> dict[str, str]:
    meaning = describe_band(status) if isinstance(status, Band) else status.meaning
    return {"name": status.name, "short": status.short, "fill": status.fill, "text": status.text, "meaning": meaning}


def _indicator(rated: RatedIndicator, details: ReportDetails, scheme: Scheme, position: int) -> dict[str, Any]:
    indicator, rating = rated.indicator, rated.rating
    current_label, previous_label = period_labels(indicator.period_type, details.financial_year)
    worst = rating.status == scheme.bands[0]
    return {
        "number": indicator.number,
        "title": indicator.title,
        "heading": f"Indicator {indicator.number}: {indicator.title}",
        "anchor": f"indicator_{position}_{re.sub(r'[^A-Za-z0-9]', '_', indicator.number)}"[:40],
        "owner": indicator.owner,
        "service": indicator.service,
        "unit": indicator.unit.value,
        "period_type": indicator.period_type.value,
        "target": format_target(indicator),
        "direction": format_direction(indicator.direction),
        "current_label": current_label,
        "current": format_figure(indicator.current, indicator.unit),
        "previous_label": previous_label,
        "previous": format_figure(indicator.previous, indicator.unit),
        "change": rated.change.value,
        "statistical_neighbours": format_figure(indicator.statistical_neighbours, indicator.unit),
        "england": format_figure(indicator.england, indicator.unit),
        "has_comparators": bool(indicator.statistical_neighbours or indicator.england),
        "rating": {**_status(rating.status), "explanation": rating.explanation},
        "description": paragraphs(indicator.description),
        "commentary": paragraphs(indicator.commentary),
        "actions": paragraphs(indicator.actions)
        or (["No actions have been recorded."] if worst else []),
        "show_actions": worst or bool(indicator.actions),
        "links": [{"text": link.text, "url": link.url} for link in indicator.links],
    }


def paragraphs(text: str) -> list[str]:
    """Text split into paragraphs at blank lines; single line breaks stay within a paragraph."""
    return [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


def _summary(rated: list[RatedIndicator], scheme: Scheme) -> dict[str, Any]:
    total = len(rated)
    counts = Counter(r.rating.status for r in rated)
    rows = [
        {**_status(s), "count": counts[s], "percent": format_percentage(counts[s], total)} for s in scheme.statuses
    ]
    return {"rows": rows, "total": total, "total_percent": "100%" if total else "0%"}
