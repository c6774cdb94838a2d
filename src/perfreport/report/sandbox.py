"""The sandbox every report template is filled in, Word or HTML: unknown fields are errors, no other file
can be taken in, and filling stops after a time limit or a number of loop items."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from jinja2 import BaseLoader, Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

from perfreport.core.problems import Problem, ProblemsFound, Severity
from perfreport.report.template_faults import SECONDS_SETTING, OtherFile, TooSlow

TEMPLATE_SECONDS = 120.0  # the longest filling a template may take, unless PERFREPORT_TEMPLATE_SECONDS says
# Loop items in one filling: 3,000 indicators take some 25,000, so this is 400 times what a large report needs.
MOST_LOOP_ITEMS = 10_000_000


def time_limit() -> float:
    """The longest filling a template may take, in seconds: PERFREPORT_TEMPLATE_SECONDS, else TEMPLATE_SECONDS."""
    text = os.environ.get(SECONDS_SETTING, "").strip()
    if not text:
        return TEMPLATE_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not seconds > 0:
        raise ProblemsFound([Problem(
            "template-time-limit", Severity.ERROR, f"{SECONDS_SETTING} is {text!r}, which is not a number of seconds.",
            f"Set it to a number of seconds, e.g. {SECONDS_SETTING}=600, or unset it for the default of "
            f"{TEMPLATE_SECONDS:g}.",
        )])
    return seconds


class _NoOtherFiles(BaseLoader):
    """How the sandbox would load the templates a template includes, imports or extends: it refuses."""

    def get_source(self, environment: Environment, template: str) -> NoReturn:
        raise OtherFile(template)


class _PacedLoops(CodeGenerator):
    """Jinja's code generator, with each {% for %} taking its items through the environment's ``paced``."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        names = [node.target] if isinstance(node.target, nodes.Name) else list(node.target.find_all(nodes.Name))
        loop = nodes.Const(names[0].name if names else "")
        items = nodes.Call(nodes.EnvironmentAttribute("paced"), [node.iter, loop], [], None, None, lineno=node.lineno)
        super().visit_For(
            nodes.For(node.target, items, node.body, node.else_, node.test, node.recursive, lineno=node.lineno), frame
        )


class ReportEnvironment(SandboxedEnvironment):
    """A sandbox that stops filling a template ``seconds`` after it is made: each item of a loop, and each
    call (of range(), a macro, a method), first looks at the clock."""

    code_generator_class = _PacedLoops

    def __init__(self, seconds: float = math.inf, **options: Any):
        super().__init__(loader=_NoOtherFiles(), **options)
        self.seconds, self.deadline = seconds, time.monotonic() + seconds
        self.items = 0

    def paced(self, items: Iterable[Any], loop: str) -> Iterator[Any]:
        """The items of the loop over ``loop``, until the time is up or loops have gone round MOST_LOOP_ITEMS
        times in all, which would otherwise fill memory before the time is up."""
        for item in items:
            self.items += 1
            if self.items > MOST_LOOP_ITEMS:
                raise TooSlow(self.seconds, loop, MOST_LOOP_ITEMS)
            if time.monotonic() > self.deadline:
                raise TooSlow(self.seconds, loop)
            yield item

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() > self.deadline:
            raise TooSlow(self.seconds)
        return super().call(context, obj, *args, **kwargs)
