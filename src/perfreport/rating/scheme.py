"""Rating schemes: the bands, their colours, and how the gap to target is measured.

A scheme is a TOML file a governance officer can read and edit; the built-in ones live
in the ``schemes`` folder beside this module.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from perfreport.core.model import Unit
from perfreport.core.regular_files import not_a_regular_file

DEFAULT_SCHEME = "blue-green-amber-red"
WORST_FIRST, BEST_FIRST = "worst first", "best first"


class GapBasis(StrEnum):
    """How far from target a figure is: in percentage points, relative to target, or absolute."""

    POINTS = "points"
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class SchemeError(ValueError):
    """A scheme file that cannot be used."""


@dataclass(frozen=True)
class Status:
    """A rating as shown: its name, a short label, its fill and text colours (hex RGB), what
    it means, and the label it is counted under in a status summary (its name if blank)."""

    name: str
    short: str
    fill: str
    text: str
    meaning: str = ""
    summary: str = ""

    @property
    def summary_label(self) -> str:
        return self.summary or self.name


@dataclass(frozen=True)
class Band(Status):
    """A rating band covering the gaps to target between its edges (None: open-ended)."""

    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = False

    def covers(self, gap: Decimal) -> bool:
        above = self.lower is None or gap > self.lower or (self.lower_inclusive and gap == self.lower)
        below = self.upper is None or gap < self.upper or (self.upper_inclusive and gap == self.upper)
        return above and below


@dataclass(frozen=True)
class ToleranceRule:
    """An indicator's own tolerance sets how far below target ``band`` reaches (``default`` where none is given)."""

    band: str
    default: Decimal


@dataclass(frozen=True)
class LastYearRule:
    """An indicator rated in one of ``bands`` is ``improved`` if it did better than in the same
    period last year, else ``not_improved``."""

    bands: tuple[str, ...]
    improved: str
    not_improved: str


@dataclass(frozen=True)
class Scheme:
    name: str
    description: str
    gap: dict[Unit, GapBasis]
    bands: tuple[Band, ...]
    no_target: tuple[Status, ...]
    tolerance: ToleranceRule | None = None
    floor: str = ""  # the band of an indicator worse than its floor standard; blank: no floor rule
    last_year: LastYearRule | None = None
    order: str = WORST_FIRST  # how its statuses are listed in the key and the status summary
    chosen_by: str = field(default="", compare=False)  # e.g. "--scheme on the command line"
    reference: str = field(default="", compare=False)  # a built-in scheme's name, or its file's full path
    digest: str = field(default="", compare=False)  # the SHA-256 of its TOML text (see text_digest)

    @property
    def files(self) -> tuple[Path, ...]:
        """The scheme's file, as a file a run reads and must never write over; none for a built-in scheme."""
        return (Path(self.reference),) if self.reference.casefold().endswith(".toml") else ()

    @property
    def described(self) -> str:
        """The scheme as messages name it: "the Blue/Green/Amber/Red scheme (perfreport's default)"."""
        return f"the {self.name} scheme" + (f" ({self.chosen_by})" if self.chosen_by else "")

    def band_for(self, gap: Decimal, tolerance: Decimal | None = None) -> Band:
        """The band covering ``gap``, with its edges as they apply to an indicator whose own
        tolerance (or the rule's default) moves the tolerance band's lower edge."""
        for band in self._bands_with_tolerance(tolerance):
            if band.covers(gap):
                return band
        raise SchemeError(f"Scheme {self.name!r} has no band covering a gap of {gap}.")

    def _bands_with_tolerance(self, tolerance: Decimal | None) -> tuple[Band, ...]:
        if self.tolerance is None:
            return self.bands
        edge = -(self.tolerance.default if tolerance is None else tolerance)
        index = self._tolerance_index
        bands = list(self.bands)
        bands[index] = replace(bands[index], lower=edge)
        bands[index - 1] = replace(bands[index - 1], upper=edge)
        return tuple(bands)

    @property
    def _tolerance_index(self) -> int:
        return [b.name for b in self.bands].index(self.tolerance.band)

    def edge_set_by_tolerance(self, band: Band) -> bool:
        """True for the tolerance band and the band below it: their shared edge is the tolerance."""
        if self.tolerance is None:
            return False
        index = self._tolerance_index
        return band.name in (self.bands[index - 1].name, self.bands[index].name)

    def band_named(self, name: str) -> Band:
        return next(b for b in self.bands if b.name == name)

    def no_target_status(self, name: str) -> Status:
        """The no-target status an owner chose; a scheme with only one needs no choosing."""
        for status in self.no_target:
            if status.name.casefold() == name.casefold():
                return status
        if len(self.no_target) == 1 and not name:
            return self.no_target[0]
        raise SchemeError(f"Scheme {self.name!r} has no status named {name!r} for indicators without a target.")

    def status_named(self, text: str) -> Status | None:
        """The status an owner means by its name or short label, in any case; None if unknown."""
        wanted = text.strip().casefold()
        return next((s for s in self.statuses if wanted in (s.name.casefold(), s.short.casefold())), None)

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Every rating an indicator can have, bands first, worst first."""
        return self.bands + self.no_target

    @property
    def listed(self) -> tuple[Status, ...]:
        """Every rating in the order the scheme lists them in a key or status summary: its bands
        worst first or best first, then the statuses of indicators without a target."""
        bands = self.bands if self.order == WORST_FIRST else self.bands[::-1]
        return bands + self.no_target


def builtin_schemes() -> dict[str, str]:
    """The built-in schemes: file name (without .toml) to TOML text."""
    folder = resources.files("perfreport.rating").joinpath("schemes")
    return {
        entry.name.removesuffix(".toml"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def builtin_scheme(name: str = DEFAULT_SCHEME) -> Scheme:
    schemes = builtin_schemes()
    if name not in schemes:
        raise SchemeError(f"There is no built-in scheme named {name!r}; there are: {', '.join(schemes)}.")
    text = schemes[name]
    return replace(parse_scheme(text, f"{name}.toml"), reference=name, digest=text_digest(text))


def builtin_scheme_of(digest: str) -> Scheme | None:
    """The built-in scheme whose TOML text has the SHA-256 ``digest``, if one has."""
    return next((builtin_scheme(name) for name, text in builtin_schemes().items() if text_digest(text) == digest),
                None)


def text_digest(text: str) -> str:
    """The SHA-256 of a scheme's TOML text, its lines ended as on Linux, so that a copy saved on Windows is the
    same scheme."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def load_scheme(path: Path) -> Scheme:
    if kind := not_a_regular_file(path):
        raise SchemeError(f"Cannot read scheme file {path}: it is {kind}, not a file.")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # as Windows Notepad may save it, with a byte-order mark
    except (OSError, UnicodeDecodeError) as error:
        raise SchemeError(f"Cannot read scheme file {path}: {getattr(error, 'strerror', None) or error}.") from error
    return replace(parse_scheme(text, Path(path).name), reference=str(Path(path).resolve()), digest=text_digest(text))


def choose_scheme(name: str, folder: Path | None = None, chosen_by: str = "") -> Scheme:
    """A scheme by built-in name, or from a .toml file (relative to ``folder`` if given);
    ``chosen_by`` says where it was named, for messages."""
    if name.casefold().endswith(".toml"):
        path = Path(name)
        scheme = load_scheme(path if path.is_absolute() or folder is None else folder / path)
    else:
        scheme = builtin_scheme(name)
    return replace(scheme, chosen_by=chosen_by)


def parse_scheme(text: str, origin: str) -> Scheme:
    """A scheme from TOML text; SchemeError names ``origin`` and, where it can, the line at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SchemeError(f"{origin}: {error}") from error
    where = _Lines(text, origin)
    for key in ("name", "gap", "bands", "no_target"):
        if key not in data:
            raise SchemeError(f"{origin}: {key!r} is missing.")
    gap = _gap(data["gap"], where)
    bands = tuple(_band(entry, where.table("bands", i)) for i, entry in enumerate(_tables(data, "bands", where)))
    no_target = tuple(
        _status(entry, where.table("no_target", i)) for i, entry in enumerate(_tables(data, "no_target", where))
    )
    if not bands:
        raise SchemeError(f"{origin}: there are no [[bands]].")
    if not no_target:
        raise SchemeError(f"{origin}: there is no [[no_target]] status for indicators without a target.")
    _check_bands_cover_every_gap(bands, where)
    _check_unique(bands + no_target, where)
    names = [b.name for b in bands]
    return Scheme(
        str(data["name"]),
        str(data.get("description", "")),
        gap,
        bands,
        no_target,
        _tolerance(data.get("tolerance"), names, where),
        _floor(data.get("floor"), names, where),
        _last_year(data.get("last_year"), names, where),
        _order(data.get("order", WORST_FIRST), where),
    )


class _Lines:
    """Finds the line of a table in a scheme's text, for messages that say where to look."""

    def __init__(self, text: str, origin: str):
        self.lines, self.origin = text.splitlines(), origin

    def table(self, name: str, index: int = 0) -> str:
        pattern = re.compile(rf"^\s*\[\[?\s*{re.escape(name)}\s*\]\]?\s*(#.*)?$")
        found = [number for number, line in enumerate(self.lines, 1) if pattern.match(line)]
        return f"{self.origin}, line {found[index]}" if index < len(found) else self.origin

    def error(self, place: str, message: str) -> SchemeError:
        return SchemeError(f"{place}: {message}")


def _tables(data: dict[str, Any], key: str, where: _Lines) -> list[dict[str, Any]]:
    entries = data[key]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise where.error(where.origin, f"{key} must be written as [[{key}]] tables.")
    return entries


def _gap(table: Any, where: _Lines) -> dict[Unit, GapBasis]:
    place = where.table("gap")
    if not isinstance(table, dict):
        raise where.error(place, "[gap] must be a table, e.g. percent = \"points\".")
    gap = {}
    for unit, basis in table.items():
        try:
            gap[Unit(unit)] = GapBasis(basis)
        except ValueError:
            raise where.error(
                place,
                f"{unit} = {basis!r} is not understood: units are {', '.join(Unit)}; "
                f"ways of measuring are {', '.join(GapBasis)}.",
            ) from None
    missing = [unit.value for unit in Unit if unit not in gap]
    if missing:
        raise where.error(place, f"[gap] does not say how to measure {', '.join(missing)}.")
    return gap


def _status(entry: dict[str, Any], place: str) -> Status:
    missing = [key for key in ("name", "short", "fill", "text") if key not in entry]
    if missing:
        raise SchemeError(f"{place}: {', '.join(repr(m) for m in missing)} missing.")
    fields = {key: str(entry[key]) for key in ("name", "short", "fill", "text")}
    for key in ("fill", "text"):
        if not re.fullmatch(r"#?[0-9A-Fa-f]{6}", fields[key]):
            raise SchemeError(
                f"{place}: {fields['name']}'s {key} colour {fields[key]!r} is not a colour: "
                "give six hex digits, e.g. C00000."
            )
        fields[key] = fields[key].removeprefix("#").upper()
    return Status(**fields, meaning=str(entry.get("meaning", "")), summary=str(entry.get("summary", "")))


def _band(entry: dict[str, Any], place: str) -> Band:
    status = _status(entry, place)

    def edge(key: str) -> Decimal | None:
        if key not in entry:
            return None
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemeError(f"{place}: {status.name}'s {key} must be a number, not {value!r}.")
        return Decimal(str(value))

    return Band(
        **vars(status),
        lower=edge("lower"),
        lower_inclusive=bool(entry.get("lower_inclusive", True)),
        upper=edge("upper"),
        upper_inclusive=bool(entry.get("upper_inclusive", False)),
    )


def _check_bands_cover_every_gap(bands: tuple[Band, ...], where: _Lines) -> None:
    """Bands, worst first, must meet edge to edge: no gap left unrated, none rated twice."""
    if bands[0].lower is not None:
        raise where.error(where.table("bands", 0), f"the first band, {bands[0].name}, must have no lower edge.")
    if bands[-1].upper is not None:
        last = len(bands) - 1
        raise where.error(where.table("bands", last), f"the last band, {bands[-1].name}, must have no upper edge.")
    for index, (below, above) in enumerate(zip(bands, bands[1:]), start=1):
        place = where.table("bands", index)
        if below.upper is None or above.lower is None or below.upper != above.lower:
            state = "overlap" if below.upper is None or above.lower is None or below.upper > above.lower else "leave a gap"
            raise where.error(
                place,
                f"{below.name} and {above.name} {state}: {below.name}'s upper edge must be {above.name}'s lower edge.",
            )
        if below.upper_inclusive == above.lower_inclusive:
            state = "both include" if below.upper_inclusive else "neither includes"
            raise where.error(place, f"{below.name} and {above.name} {state} the edge {below.upper}; exactly one must.")


def _check_unique(statuses: tuple[Status, ...], where: _Lines) -> None:
    seen: set[str] = set()
    for status in statuses:
        for label in {status.name.casefold(), status.short.casefold()}:
            if label in seen:
                raise where.error(where.origin, f"two statuses are called {label!r}; each name and short label must differ.")
            seen.add(label)


def _known_band(name: Any, names: list[str], place: str, what: str) -> str:
    if name not in names:
        raise SchemeError(f"{place}: {what} {name!r} is not one of the bands ({', '.join(names)}).")
    return name


def _tolerance(table: Any, names: list[str], where: _Lines) -> ToleranceRule | None:
    if table is None:
        return None
    place = where.table("tolerance")
    band = _known_band(table.get("band"), names, place, "band")
    if band == names[0]:
        raise SchemeError(f"{place}: the tolerance band must have a band below it, so it cannot be {band}.")
    default = table.get("default", 0)
    if isinstance(default, bool) or not isinstance(default, (int, float)) or default < 0:
        raise SchemeError(f"{place}: default must be a number of 0 or more.")
    return ToleranceRule(band, Decimal(str(default)))


def _order(value: Any, where: _Lines) -> str:
    if value not in (WORST_FIRST, BEST_FIRST):
        raise where.error(where.origin, f"order must be {WORST_FIRST!r} or {BEST_FIRST!r}, not {value!r}.")
    return value


def _floor(table: Any, names: list[str], where: _Lines) -> str:
    if table is None:
        return ""
    return _known_band(table.get("band"), names, where.table("floor"), "band")


def _last_year(table: Any, names: list[str], where: _Lines) -> LastYearRule | None:
    if table is None:
        return None
    place = where.table("last_year")
    improved = _known_band(table.get("improved"), names, place, "improved")
    not_improved = _known_band(table.get("not_improved"), names, place, "not_improved")
    bands = tuple(_known_band(b, names, place, "band") for b in table.get("bands", [not_improved, improved]))
    return LastYearRule(bands, improved, not_improved)
