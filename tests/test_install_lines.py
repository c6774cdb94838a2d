"""Every install line installs this project, named as pyproject.toml names it: never a bare `perfreport`, which is
someone else's project on PyPI."""

from __future__ import annotations

import re
import shlex
import sys
import tomllib

from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from perfreport import __version__
from perfreport.cli.main import main

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
WHEEL = f"{PROJECT['name'].replace('-', '_')}-{__version__}-py3-none-any.whl"
INSTALL = re.compile(r"\bpipx? install\b((?:(?!\bpipx? install\b)[^`&;\n])*)")


def targets(text: str) -> list[str]:
    """What each pip or pipx install in the text installs: its first argument that is not an option."""
    found = []
    for arguments in INSTALL.findall(text):
        words = [word for word in shlex.split(arguments) if not word.startswith("-")]
        found.append(words[0] if words else "")
    return found


def not_this_project(text: str) -> list[str]:
    """The install targets in the text that are neither this folder nor the wheel built from it."""
    local = {".", f"dist/{WHEEL}"}
    return [target for target in targets(text) if re.sub(r"\[[a-z,]+\]$", "", target) not in local]


def test_the_distribution_is_not_named_perfreport_and_its_extras_name_it():
    assert PROJECT["name"] == "council-perfreport" and PROJECT["scripts"] == {"perfreport": "perfreport.cli.main:main"}
    assert f"{PROJECT['name']}[data]" in PROJECT["optional-dependencies"]["test"]


def test_every_install_line_in_the_readme_installs_this_project():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if INSTALL.search(line)]
    assert len(lines) >= 5 and all(targets(line) for line in lines)
    assert not_this_project(readme) == []
    assert f"pipx install dist/{WHEEL}" in readme


def test_the_hint_for_pandas_installs_this_project(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["export", str(SAMPLE), "-o", str(tmp_path / "q.csv")])
    assert result.exit_code == 1 and targets(result.output) == [".[data]", f"dist/{WHEEL}[data]"]
    assert not_this_project(result.output) == []


def test_a_bare_name_from_the_index_is_caught():
    lines = ('pipx install perfreport', 'pip install "perfreport[data]"', '.venv/bin/pip install -U perfreport && x',
             f'pipx install dist/perfreport-{__version__}-py3-none-any.whl')
    assert not_this_project("\n".join(lines)) == [
        "perfreport", "perfreport[data]", "perfreport", f"dist/perfreport-{__version__}-py3-none-any.whl"]
