"""Telling when two spellings of an owner's (or a service's) name are one name, and when they only look alike.

"José Núñez" typed on a Mac and on Windows (composed or decomposed accents), or in capitals, is one name;
"Jose Nunez" and "José Núñez", or "J. Smith" and "J Smith", look alike but may be two people."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def same_name(name: str) -> str:
    """The name in one normal form: composed accents (Unicode NFC), case folded, spaces collapsed. Two spellings
    with the same form are one name."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(folded.split())


def _looks(name: str) -> str:
    """The name's letters and digits alone, without accents, case, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


def look_alikes(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of ``names`` that are not one name but are the same once accents, punctuation and spaces are
    dropped: each name paired with the first of its look-alikes, in the order given."""
    first: dict[str, str] = {}
    seen: set[str] = set()
    pairs = []
    for name in names:
        if same_name(name) in seen:
            continue
        seen.add(same_name(name))
        looks = _looks(name)
        if looks and looks in first:
            pairs.append((first[looks], name))
        first.setdefault(looks, name)
    return pairs
