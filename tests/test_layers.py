"""The package's layout holds: its layers (pyproject.toml's import-linter contract) import only downwards, as
lint-imports checks, and no module imports itself by a round of others."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

from conftest import ROOT


def test_lint_imports_keeps_the_layers():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another round in a ring (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in imports[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = stack[stack.index(module):]
            del stack[stack.index(module):]
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_ring():
    graph = grimp.build_graph("perfreport")
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert cycles(imports) == []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]  # the check can fail


def test_the_command_line_starts_without_the_heavy_libraries():
    """`perfreport --help`, or a mistyped option, answers at once: the workbook, Word and pandas libraries
    load only with the command that needs them."""
    code = "import sys, perfreport.cli; print(*sorted(m for m in ('openpyxl', 'docx', 'docxtpl', 'pandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.split() == [], result.stdout + result.stderr
