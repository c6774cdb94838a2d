"""The returns and the differences between two versions, told as text for people and as plain data for programs."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from perfreport.core.formatting import format_date
from perfreport.core.problems import Problem
from perfreport.quarter.compare import Differences
from perfreport.quarter.returns import OUTSTANDING, IndicatorReturn, Returns, ReturnStatus


def returns_as_text(returns: Returns) -> str:
    """Owner by owner, each indicator with how it came back, then the problems of no indicator and the totals."""
    lines = []
    for owner, items in returns.by_owner().items():
        back = sum(item.status not in (ReturnStatus.MISSING, ReturnStatus.UNEXPECTED) for item in items)
        expected = sum(item.status is not ReturnStatus.UNEXPECTED for item in items)
        lines.append(f"{owner or 'No owner'}: {back} of {expected} back")
        lines += [f"  {_told(item)}" for item in items]
    lines += [str(problem) for problem in returns.problems]
    lines.append(_totals(returns.counts()))
    return "\n".join(lines)


def _told(item: IndicatorReturn) -> str:
    said = f"{item.number} {item.title}: {item.status.value}"
    counts = Counter(problem.severity.value for problem in item.problems)
    details = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning") if counts[s]]
    if item.file:
        details.append(item.file)
    if item.signed_off_by:
        when = f" on {format_date(item.signed_off_on)}" if item.signed_off_on else ""
        details.append(f"signed off by {item.signed_off_by}{when}")
    return said + (f" ({'; '.join(details)})" if details else "")


def _totals(counts: Counter) -> str:
    expected = sum(n for status, n in counts.items() if status is not ReturnStatus.UNEXPECTED)
    parts = [f"{counts[status]} {status.value}" for status in ReturnStatus
             if counts[status] and status is not ReturnStatus.UNEXPECTED]
    outstanding = sum(counts[status] for status in OUTSTANDING)
    unexpected = f"; {counts[ReturnStatus.UNEXPECTED]} unexpected" if counts[ReturnStatus.UNEXPECTED] else ""
    return f"{expected} indicators expected: {', '.join(parts) or 'none'}{unexpected}. Outstanding: {outstanding}."


def returns_as_json(returns: Returns) -> dict[str, Any]:
    counts = returns.counts()
    return {
        "owners": [
            {"owner": owner, "indicators": [_item(item) for item in items]}
            for owner, items in returns.by_owner().items()
        ],
        "problems": [asdict(problem) for problem in returns.problems],
        "counts": {status.value: counts[status] for status in ReturnStatus},
        "outstanding": len(returns.outstanding),
    }


def _item(item: IndicatorReturn) -> dict[str, Any]:
    return {
        "number": item.number, "title": item.title, "status": item.status.value, "file": item.file,
        "signed_off_by": item.signed_off_by,
        "signed_off_on": item.signed_off_on.isoformat() if item.signed_off_on else None,
        "problems": [asdict(problem) for problem in item.problems],
    }


def differences_as_text(differences: Differences) -> str:
    if not differences.any:
        return "No differences."
    lines = [f"Added: {number} {title}" for number, title in differences.added]
    lines += [f"Removed: {number} {title}" for number, title in differences.removed]
    lines += [f"Not compared, as it has errors (listed above): {number} {title}"
              for number, title in differences.unreadable]
    for indicator in differences.changed:
        lines.append(f"{indicator.number} {indicator.title}:")
        lines += [f"  {change.field}: {_quoted(change.old)} -> {_quoted(change.new)}" for change in indicator.changes]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    """A value on one line: empty as (blank), line breaks shown as \\n."""
    return repr(text) if "\n" in text else (text or "(blank)")


def not_compared_as_json(problems: list[Problem]) -> dict[str, Any]:
    """What stopped a comparison, for programs: nothing was compared, so nothing is listed as changed."""
    return {"compared": False, "problems": [asdict(problem) for problem in problems]}


def differences_as_json(differences: Differences) -> dict[str, Any]:
    return {
        "added": [{"number": n, "title": t} for n, t in differences.added],
        "removed": [{"number": n, "title": t} for n, t in differences.removed],
        "unreadable": [{"number": n, "title": t} for n, t in differences.unreadable],
        "changed": [
            {"number": c.number, "title": c.title, "changes": [asdict(change) for change in c.changes]}
            for c in differences.changed
        ],
        "problems": [asdict(problem) for problem in differences.problems],
    }
