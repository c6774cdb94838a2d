"""A team's defaults, kept in its folder's perfreport.toml, and the order every default is chosen in:
the command line, then the settings file, then the workbooks' Report sheet, then what perfreport ships."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfreport.core.problems import Severity
from perfreport.core.regular_files import not_a_regular_file
from perfreport.rating.scheme import Scheme, choose_scheme
from perfreport.report.template_choice import TemplateChoice
from perfreport.shipped import SETTINGS

# The Report sheet's fields a settings file may give, for every report made in its folder.
REPORT_KEYS = ("organisation", "title", "committee", "team", "contact")
TOP_KEYS = ("workbooks", "template", "html_template", "output_folder", "scheme", "sign_off", "spc", "report",
            "benchmarks")
# What perfreport benchmarks import needs to know of the council: its area code and its comparator areas.
BENCHMARK_KEYS = ("area", "neighbours")
SIGN_OFF = {"error": Severity.ERROR, "warning": Severity.WARNING}  # what an indicator not signed off is
DEFAULT_OUTPUT_FOLDER = Path("output")


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and, where it can, the line."""


@dataclass(frozen=True)
class Settings:
    """The settings of one folder; ``file`` is None where there is no settings file. Paths are
    as the file gives them, taken from the file's folder."""

    file: Path | None = None
    workbooks: tuple[Path, ...] = ()
    template: Path | None = None
    html_template: Path | None = None
    output_folder: Path | None = None
    scheme: str = ""
    sign_off: Severity | None = None
    spc: bool = True
    report: dict[str, str] = field(default_factory=dict)
    area: str = ""
    neighbours: Path | None = None

    @property
    def files(self) -> tuple[Path, ...]:
        """The settings file, as a file the run reads and must never write over; none where there is none."""
        return (self.file,) if self.file else ()

    @property
    def folder(self) -> Path:
        """The folder the file's paths are taken from (the current folder where there is no file)."""
        return self.file.parent if self.file else Path()

    def choose_templates(self, given: Path | None, html: Path | None = None) -> TemplateChoice:
        """The templates: the Word template given, else the settings' (else as the Report sheet says, else the
        committee report); the HTML template given, else the settings' (else the Word template's twin). The
        shipped templates are taken from templates/ in the settings file's folder (or the current folder)
        where it has them."""
        word, word_by = (given, "given by --template") if given else (self.template, f"set in {self.file}")
        return TemplateChoice(word, word_by, html or self.html_template, self.folder)

    def choose_output_folder(self) -> Path:
        return self.output_folder or self.folder / DEFAULT_OUTPUT_FOLDER

    def choose_scheme(self, given: str | None) -> Scheme | None:
        """The scheme named on the command line, else in the settings; None leaves the choice to the
        Report sheet. Raises SchemeError for a scheme that cannot be used."""
        if given:
            return choose_scheme(given, None, "given by --scheme")
        if self.scheme:
            return choose_scheme(self.scheme, self.folder, f"set in {self.file}")
        return None

    def choose_sign_off(self, required: bool) -> Severity | None:
        """What an indicator nobody signed off is: an error with --require-sign-off, else as the settings say."""
        return Severity.ERROR if required else self.sign_off

    def choose_spc(self, given: bool | None) -> bool:
        """Whether indicators that do not say are read as SPC charts: --spc/--no-spc, else the settings' spc."""
        return self.spc if given is None else given

    def report_details(self, given: dict[str, str | None]) -> dict[str, str]:
        """Report-sheet fields to use whatever the workbooks say: those given on the command line,
        over the settings'."""
        return self.report | {key: value for key, value in given.items() if value}


def find_settings(config: Path | None = None) -> Settings:
    """The settings named by ``config``, else those of ./perfreport.toml, else none."""
    if config is not None:
        if not config.exists():
            raise SettingsError(f"{config}: no such settings file.")
        return load_settings(config)
    local = Path(SETTINGS)
    return load_settings(local) if local.exists() else Settings()


def load_settings(path: Path) -> Settings:
    """Read and check a settings file; SettingsError names what is wrong, and where."""
    if kind := not_a_regular_file(path):
        raise SettingsError(f"{path}: cannot be read: it is {kind}, not a file. Give a settings file.")
    try:
        text = path.read_text(encoding="utf-8-sig")  # as Windows Notepad may save it, with a byte-order mark
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error}).") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: {error}.") from error
    place = _Places(path, text)
    _check_keys(data, TOP_KEYS, place, "")
    report = data.get("report", {})
    if not isinstance(report, dict):
        raise SettingsError(f"{place.of('report')}: report must be a table, written [report].")
    _check_keys(report, REPORT_KEYS, place, "report.")
    benchmarks = data.get("benchmarks", {})
    if not isinstance(benchmarks, dict):
        raise SettingsError(f"{place.of('benchmarks')}: benchmarks must be a table, written [benchmarks].")
    _check_keys(benchmarks, BENCHMARK_KEYS, place, "benchmarks.")
    folder = path.parent
    workbooks = data.get("workbooks", [])
    if isinstance(workbooks, str):
        workbooks = [workbooks]
    if not isinstance(workbooks, list) or not all(isinstance(w, str) and w for w in workbooks):
        raise SettingsError(f"{place.of('workbooks')}: workbooks must be a list of paths, e.g. [\"returns\"].")
    return Settings(
        file=path,
        workbooks=tuple(folder / name for name in workbooks),
        template=_path(data, "template", folder, place),
        html_template=_path(data, "html_template", folder, place),
        output_folder=_path(data, "output_folder", folder, place),
        scheme=_text(data, "scheme", place),
        sign_off=_sign_off(data, place),
        spc=_flag(data, "spc", place, True),
        report={key: value for key in REPORT_KEYS if (value := _text(report, key, place))},
        area=_text(benchmarks, "area", place),
        neighbours=_path(benchmarks, "neighbours", folder, place),
    )


class _Places:
    """Finds a setting's line in the file, for messages that say where to look."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines = path, text.splitlines()

    def of(self, key: str) -> str:
        pattern = re.compile(rf"^\s*(\[\s*)?{re.escape(key)}\s*(=|\])")
        number = next((n for n, line in enumerate(self.lines, 1) if pattern.match(line)), None)
        return f"{self.path}, line {number}" if number else str(self.path)


def _check_keys(data: dict[str, Any], known: tuple[str, ...], place: _Places, prefix: str) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" Did you mean {prefix}{close[0]}?" if close else f" Settings here are: {', '.join(known)}."
            raise SettingsError(f"{place.of(key)}: there is no setting {prefix}{key}.{hint}")


def _text(data: dict[str, Any], key: str, place: _Places) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise SettingsError(f"{place.of(key)}: {key} must be text in quotes, e.g. {key} = \"...\".")
    return value.strip()


def _flag(data: dict[str, Any], key: str, place: _Places, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise SettingsError(f"{place.of(key)}: {key} must be true or false, without quotes.")
    return value


def _sign_off(data: dict[str, Any], place: _Places) -> Severity | None:
    value = _text(data, "sign_off", place)
    if value and value not in SIGN_OFF:
        raise SettingsError(f"{place.of('sign_off')}: sign_off must be \"error\" or \"warning\", not {value!r}.")
    return SIGN_OFF.get(value)


def _path(data: dict[str, Any], key: str, folder: Path, place: _Places) -> Path | None:
    value = _text(data, key, place)
    return folder / value if value else None
