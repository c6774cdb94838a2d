"""The fields and filters a template's tags use, checked against those a template may use.

Walks the template's Jinja syntax tree, following what each name holds: a loop variable
holds an item of its list (``ind`` in ``{% for ind in indicators %}``), a ``{% set %}``
name its value, ``dict(ind.rating, name=...)`` a rating with one field more.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from difflib import get_close_matches

from jinja2 import nodes

from perfreport.report.fields import TEMPLATE_DATA, Field, Group


@dataclass(frozen=True)
class ListOf:
    """A list, and what its items hold (None: plain values such as paragraphs)."""

    item: Group | None


Holds = Group | ListOf | None  # None: a plain value, or one whose fields are not known

DICT_METHODS = {name for name in dir(dict) if not name.startswith("_")}
LIST_METHODS = {name for name in dir(list) if not name.startswith("_")}
SAME_LIST = {"selectattr", "rejectattr", "select", "reject", "reverse", "list", "sort", "unique", "default", "d"}
ONE_ITEM = {"first", "last", "random"}
ATTRIBUTE_FILTERS = {"attr", "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max"}


@dataclass(frozen=True)
class FieldFault:
    """A tag using a field, filter or test that templates do not have, or a name starting with _."""

    line: int
    kind: str  # "field", "filter", "test" or "unsafe"
    name: str  # as written: "ind.titel", "badg", "__class__"
    suggestion: str = ""  # the likeliest meant: "ind.title"


def field_faults(template: nodes.Template, globals_: Collection[str], filters: Collection[str],
                 tests: Collection[str]) -> list[FieldFault]:
    """Every use in ``template`` of a field, filter or test that does not exist, and of names starting with _."""
    walk = _Walk(set(globals_), set(filters), set(tests))
    walk.statements(template.body, {})
    return walk.faults


def _holds(field: Field) -> Holds:
    return ListOf(field.holds) if field.is_list else field.holds


class _Walk:
    def __init__(self, globals_: set[str], filters: set[str], tests: set[str]):
        self.globals, self.filters, self.tests = globals_, filters, tests
        self.faults: list[FieldFault] = []

    def statements(self, body: list[nodes.Node], scope: dict[str, Holds]) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict[str, Holds]) -> None:
        if isinstance(node, nodes.For):
            items = self.expression(node.iter, scope)
            inner = {**scope, "loop": None}
            self.bind(node.target, items.item if isinstance(items, ListOf) else None, inner)
            if node.test is not None:
                self.expression(node.test, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expression(node.node, scope), scope)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.CallBlock):
                self.expression(node.call, scope)
            else:
                scope[node.name] = None
            inner = {**scope, "varargs": None, "kwargs": None, "caller": None}
            for argument in node.args:
                inner[argument.name] = None
            self.statements(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expression(value, scope), inner)
            self.statements(node.body, inner)
        else:
            if isinstance(node, (nodes.AssignBlock, nodes.FromImport, nodes.Import)):
                for name in node.find_all(nodes.Name):
                    if name.ctx == "store":
                        scope[name.name] = None
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expression(child, scope)
                else:
                    self.statement(child, scope)

    def bind(self, target: nodes.Node, holds: Holds, scope: dict[str, Holds]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = holds
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)
        elif isinstance(target, nodes.NSRef):
            self.expression(nodes.Name(target.name, "load", lineno=target.lineno), scope)

    def expression(self, node: nodes.Node, scope: dict[str, Holds]) -> Holds:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.member(node, node.node, node.attr, scope, attribute=True)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return self.member(node, node.node, node.arg.value, scope, attribute=False)
        if isinstance(node, nodes.Getitem):
            holds, _ = self.expression(node.node, scope), self.expression(node.arg, scope)
            return holds.item if isinstance(holds, ListOf) and isinstance(node.arg, nodes.Const) else None
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            self.check_name(node, node.name, self.tests, "test")
            self.children(node, scope)
            return None
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        if isinstance(node, nodes.Add):
            left, right = self.expression(node.left, scope), self.expression(node.right, scope)
            return left if isinstance(left, ListOf) and left == right else None
        if isinstance(node, nodes.CondExpr):
            self.expression(node.test, scope)
            first = self.expression(node.expr1, scope)
            second = self.expression(node.expr2, scope) if node.expr2 is not None else first
            return first if first == second else None
        self.children(node, scope)
        return None

    def children(self, node: nodes.Node, scope: dict[str, Holds]) -> None:
        for child in node.iter_child_nodes():
            self.expression(child, scope)

    def name(self, node: nodes.Name, scope: dict[str, Holds]) -> Holds:
        if node.ctx != "load":
            return None
        if node.name in scope:
            return scope[node.name]
        if node.name in TEMPLATE_DATA.fields:
            return _holds(TEMPLATE_DATA.fields[node.name])
        if node.name not in self.globals:
            known = [*scope, *TEMPLATE_DATA.fields]
            kind = "unsafe" if node.name.startswith("_") else "field"
            self.faults.append(FieldFault(node.lineno, kind, node.name, _guess(node.name, known)))
        return None

    def member(self, node: nodes.Node, of: nodes.Node, name: str, scope: dict[str, Holds], attribute: bool) -> Holds:
        holds = self.expression(of, scope)
        if name.startswith("_"):
            self.faults.append(FieldFault(node.lineno, "unsafe", name))
            return None
        if isinstance(holds, Group):
            if name in holds.fields:
                return _holds(holds.fields[name])
            if attribute and name in DICT_METHODS:
                return None
            written = _written(of)
            self.faults.append(FieldFault(node.lineno, "field", f"{written}.{name}" if written else name,
                                          _guess(name, holds.fields, f"{written}." if written else "")))
        elif isinstance(holds, ListOf) and not (attribute and name in LIST_METHODS):
            written = _written(of)
            self.faults.append(FieldFault(node.lineno, "field", f"{written}.{name}" if written else name))
        return None

    def filter(self, node: nodes.Filter, scope: dict[str, Holds]) -> Holds:
        holds = self.expression(node.node, scope) if node.node is not None else None
        self.check_name(node, node.name, self.filters, "filter")
        for argument in [*node.args, *(k.value for k in node.kwargs), node.dyn_args, node.dyn_kwargs]:
            if argument is None:
                continue
            self.expression(argument, scope)
            text = argument.value if isinstance(argument, nodes.Const) else None
            if node.name in ATTRIBUTE_FILTERS and isinstance(text, str) and text.startswith("_"):
                self.faults.append(FieldFault(node.lineno, "unsafe", text))
        if node.name in SAME_LIST:
            return holds
        return holds.item if node.name in ONE_ITEM and isinstance(holds, ListOf) else None

    def call(self, node: nodes.Call, scope: dict[str, Holds]) -> Holds:
        """Calls are not followed, except dict(record, name=...): the record with those fields."""
        arguments = [self.expression(a, scope) for a in node.args]
        extra = {k.key: self.expression(k.value, scope) for k in node.kwargs}
        for argument in (node.dyn_args, node.dyn_kwargs):
            if argument is not None:
                self.expression(argument, scope)
        is_dict = isinstance(node.node, nodes.Name) and node.node.name == "dict" and "dict" not in scope
        if not is_dict:
            self.expression(node.node, scope)
            return None
        if node.dyn_args is not None or node.dyn_kwargs is not None or len(arguments) > 1:
            return None
        base = arguments[0] if arguments else Group("", ())
        if not isinstance(base, Group):
            return None
        added = tuple(_field(name, holds) for name, holds in extra.items())
        return Group(base.name, (*base.fields.values(), *added))

    def check_name(self, node: nodes.Node, name: str, known: set[str], kind: str) -> None:
        if name not in known:
            self.faults.append(FieldFault(node.lineno, kind, name, _guess(name, known)))


def _field(name: str, holds: Holds) -> Field:
    if isinstance(holds, ListOf):
        return Field(name, "", holds.item, is_list=True)
    return Field(name, "", holds)


def _written(node: nodes.Node) -> str:
    """A field's name as the tag writes it, "ind.rating", where it is a plain dotted name; else ""."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _written(node.node)
        return f"{parent}.{node.attr}" if parent else ""
    return ""


def _guess(name: str, known: Collection[str], prefix: str = "") -> str:
    found = get_close_matches(name, list(known), n=1)
    return prefix + found[0] if found else ""
