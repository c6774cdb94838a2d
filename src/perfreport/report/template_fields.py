"""Which of the Report sheet's fields a template shows, so that only those are required of the Report sheet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from perfreport.core.problems import ProblemsFound
from perfreport.report.html.render import HTML_SUFFIXES, html_environment, read_template
from perfreport.report.tag_places import explode
from perfreport.report.word.render import open_template, report_environment
from perfreport.report.word.template_parts import template_parts

# Each Report-sheet field required only where a template shows it, by the ``report`` fields that show it.
SHOWN_BY = {
    "title": ("title",),
    "committee": ("committee",),
    "produced_on": ("produced_on", "produced_month"),
    "team": ("team",),
    "contact": ("contact",),
}


def shown_fields(templates: list[Path]) -> frozenset[str]:
    """The Report-sheet fields (by key, of those in SHOWN_BY) that any of ``templates`` shows; every one of
    them where a template cannot be read, or uses ``report`` whole."""
    shown: set[str] = set()
    for path in templates:
        used = report_fields_used(path)
        if used is None:
            return frozenset(SHOWN_BY)
        shown |= {key for key, names in SHOWN_BY.items() if used & set(names)}
    return frozenset(shown)


def report_fields_used(path: Path) -> frozenset[str] | None:
    """The ``report`` fields the Word or HTML template at ``path`` uses (``report.team`` gives "team"); None
    where that is not known: the template cannot be read, or uses ``report`` other than by a field's name."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _used(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _used(path: Path, modified: int, size: int) -> frozenset[str] | None:
    """report_fields_used, read once for each version of a template file."""
    try:
        if path.suffix.lower() in HTML_SUFFIXES:
            environment, sources = html_environment(), [read_template(path)]
        else:
            template = open_template(path)
            environment, sources = report_environment(template), [part.source for part in template_parts(template)]
        used: set[str] = set()
        for source in sources:
            named = _report_fields(environment.parse(explode(source).text))
            if named is None:
                return None
            used |= named
    except (ProblemsFound, TemplateSyntaxError, OSError, ValueError):
        return None
    return frozenset(used)


def _report_fields(tree: nodes.Template) -> set[str] | None:
    """The fields named on ``report`` in ``tree``; None where ``report`` is used whole (passed on, looped over,
    given to a filter, or read by a key worked out as it is filled)."""
    named: set[str] = set()
    reached: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "report"):
            continue
        if isinstance(node, nodes.Getattr):
            named.add(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            named.add(node.arg.value)
        else:
            return None
        reached.add(id(node.node))
    whole = (name for name in tree.find_all(nodes.Name) if name.name == "report" and name.ctx == "load")
    return None if any(id(name) not in reached for name in whole) else named
