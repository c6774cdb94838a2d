"""Rating schemes: the bands, their colours, and how the gap to target is measured.

A scheme is a TOML file a governance officer can read and edit; the built-in ones live
in the ``schemes`` folder beside this module.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from perfreport.model import Unit

DEFAULT_SCHEME = "blue-green-amber-red"


class GapBasis(StrEnum):
    """How far from target a figure is: in percentage points, relative to target, or absolute."""

    POINTS = "points"
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class SchemeError(ValueError):
    """A scheme file that cannot be used."""


@dataclass(frozen=True)
class Status:
    """A rating as shown: its name, a short label, and its fill and text colours (hex RGB)."""

    name: str
    short: str
    fill: str
    text: str
    meaning: str = ""


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
class Scheme:
    name: str
    description: str
    gap: dict[Unit, GapBasis]
    bands: tuple[Band, ...]
    no_target: tuple[Status, ...]

    def band_for(self, gap: Decimal) -> Band:
        for band in self.bands:
            if band.covers(gap):
                return band
        raise SchemeError(f"Scheme {self.name!r} has no band covering a gap of {gap}.")

    def no_target_status(self, name: str) -> Status:
        for status in self.no_target:
            if status.name.casefold() == name.casefold():
                return status
        raise SchemeError(f"Scheme {self.name!r} has no status named {name!r} for indicators without a target.")

    def status_named(self, text: str) -> Status | None:
        """The status an owner means by its name or short label, in any case; None if unknown."""
        wanted = text.strip().casefold()
        return next((s for s in self.statuses if wanted in (s.name.casefold(), s.short.casefold())), None)

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Every rating an indicator can have, bands first."""
        return self.bands + self.no_target


def builtin_scheme(name: str = DEFAULT_SCHEME) -> Scheme:
    source = resources.files("perfreport.rating").joinpath("schemes", f"{name}.toml")
    if not source.is_file():
        raise SchemeError(f"There is no built-in scheme named {name!r}.")
    return parse_scheme(source.read_text(encoding="utf-8"), f"{name}.toml")


def load_scheme(path: Path) -> Scheme:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SchemeError(f"Cannot read scheme file {path}: {error.strerror}.") from error
    return parse_scheme(text, Path(path).name)


def parse_scheme(text: str, origin: str) -> Scheme:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SchemeError(f"{origin}: {error}") from error
    try:
        gap = {Unit(unit): GapBasis(basis) for unit, basis in data["gap"].items()}
        bands = tuple(_band(entry) for entry in data["bands"])
        no_target = tuple(Status(**_status_fields(entry), meaning=entry.get("meaning", "")) for entry in data["no_target"])
        scheme = Scheme(data["name"], data.get("description", ""), gap, bands, no_target)
    except KeyError as error:
        raise SchemeError(f"{origin}: {error.args[0]!r} is missing.") from error
    except (TypeError, ValueError) as error:
        raise SchemeError(f"{origin}: not a usable scheme ({error}).") from error
    missing = [unit.value for unit in Unit if unit not in gap]
    if missing:
        raise SchemeError(f"{origin}: [gap] does not say how to measure {', '.join(missing)}.")
    _check_bands_cover_every_gap(bands, origin)
    return scheme


def _check_bands_cover_every_gap(bands: tuple[Band, ...], origin: str) -> None:
    """Bands, worst first, must meet edge to edge: no gap left unrated, none rated twice."""
    if not bands or bands[0].lower is not None or bands[-1].upper is not None:
        raise SchemeError(f"{origin}: the first band must have no lower edge and the last no upper edge.")
    for below, above in zip(bands, bands[1:]):
        if below.upper is None or below.upper != above.lower:
            raise SchemeError(f"{origin}: {below.name}'s upper edge must be {above.name}'s lower edge.")
        if below.upper_inclusive == above.lower_inclusive:
            state = "both include" if below.upper_inclusive else "neither includes"
            raise SchemeError(
                f"{origin}: {below.name} and {above.name} {state} the edge {below.upper}; exactly one must."
            )


def _status_fields(entry: dict[str, Any]) -> dict[str, str]:
    fields = {key: str(entry[key]) for key in ("name", "short", "fill", "text")}
    for key in ("fill", "text"):
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", fields[key]):
            raise ValueError(f"{fields['name']}: {key} must be a colour as six hex digits, e.g. C00000")
        fields[key] = fields[key].upper()
    return fields


def _band(entry: dict[str, Any]) -> Band:
    def edge(key: str) -> Decimal | None:
        return Decimal(str(entry[key])) if key in entry else None

    return Band(
        **_status_fields(entry),
        lower=edge("lower"),
        lower_inclusive=bool(entry.get("lower_inclusive", True)),
        upper=edge("upper"),
        upper_inclusive=bool(entry.get("upper_inclusive", False)),
    )
