"""Where a tag is in a template's source, and the words around it, so that a message can name it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
OPENER = re.compile(r"\{[{%#]")
BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "trans"}
SHOWN = 50  # characters of words shown either side of a tag


@dataclass(frozen=True)
class TagPlace:
    """A tag, where it is (line and offset in the source), and the words around it as Word shows them."""

    tag: str  # "" where which tag of the paragraph is not known
    words: str  # the paragraph's words; for a tag on its own, the words before it
    on_its_own: bool
    line: int = 0
    offset: int = 0

    def __str__(self) -> str:
        tag = f"The tag {self.tag}" if self.tag else "A tag"
        if not self.on_its_own:
            return f'{tag} in "{self.words}"'
        return f'{tag} (on its own, after "{self.words}")' if self.words else f"{tag} (on its own, at the start)"

    def without_tag(self, source: str) -> str:
        """``source`` with this tag taken out, so that what follows it can be read."""
        lines = source.split("\n")
        text = lines[self.line - 1]
        lines[self.line - 1] = text[: self.offset] + text[self.offset + len(self.tag):]
        return "\n".join(lines)


def find_tag(source: str, line: int, word: str = "") -> TagPlace:
    """The tag on ``line`` of ``source`` that uses ``word`` (or the only tag there), with the words around it."""
    lines = source.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    tags = list(TAG.finditer(text))
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") if word else None
    chosen = next((t for t in tags if pattern and pattern.search(t.group())), tags[0] if len(tags) == 1 else None)
    return _place(lines, line, chosen.start() if chosen else 0, chosen.group() if chosen else "")


def _place(lines: list[str], line: int, offset: int, tag: str) -> TagPlace:
    """The tag at ``offset`` on ``line``: in its paragraph (docxtpl starts a line at each paragraph), or on
    its own where docxtpl put it in place of its paragraph or table row."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not any("<w:" in each for each in lines):  # a document property: plain text
        return TagPlace(tag, around(" ".join(text.split()), tag), False, line, offset)
    if text.startswith("<w:p") and "</w:p>" not in text[:offset]:
        end = text.find("</w:p>", offset)
        return TagPlace(tag, around(plain_text(text[: end if end >= 0 else len(text)]), tag), False, line, offset)
    before = plain_text(text[:offset])
    for earlier in reversed(lines[: line - 1]):
        if before:
            break
        before = plain_text(earlier)
    return TagPlace(tag, before[-SHOWN:].lstrip(), True, line, offset)


def plain_text(xml: str) -> str:
    """The words of some of docxtpl's XML as Word shows them, tags kept whole."""
    pieces, position = [], 0
    for tag in TAG.finditer(xml):
        pieces += [_words(xml[position: tag.start()]), tag.group()]
        position = tag.end()
    pieces.append(_words(xml[position:]))
    return " ".join("".join(pieces).split())


def _words(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<w:(?:tab|br|cr)\b[^>]*>", " ", xml)))


def around(words: str, tag: str) -> str:
    """``words``, cut to about SHOWN characters either side of ``tag``."""
    start = words.find(tag) if tag else -1
    if start < 0:
        return words if len(words) <= 2 * SHOWN else words[: 2 * SHOWN] + "…"
    end = start + len(tag)
    head = words[max(0, start - SHOWN): start]
    tail = words[end: end + SHOWN]
    return ("…" if start > SHOWN else "") + head + tag + tail + ("…" if end + SHOWN < len(words) else "")


@dataclass(frozen=True)
class Exploded:
    """A source with every tag starting a line of its own: Jinja reads it the same, and a line names one tag."""

    source: str
    text: str
    origins: list[tuple[int, int]]  # for each line of text: its line in source, and where in that line it starts

    def place(self, line: int) -> TagPlace:
        """The tag that starts ``line`` of the exploded text, placed in the original source."""
        at, offset = self.origins[min(max(line, 1), len(self.origins)) - 1]
        lines = self.source.split("\n")
        found = TAG.match(lines[at - 1], offset)
        return _place(lines, at, offset, found.group() if found else "")

    def unclosed(self) -> int | None:
        """The line of the innermost {% for %}, {% if %} or other block never closed; None if all are."""
        open_blocks: list[int] = []
        for number, text in enumerate(self.text.split("\n"), start=1):
            keyword = re.match(r"\{%[-+]?\s*(\w+)([^%]*)", text)
            if not keyword:
                continue
            name, rest = keyword.groups()
            if name in BLOCKS or (name == "set" and "=" not in rest):
                open_blocks.append(number)
            elif name.startswith("end") and open_blocks:
                open_blocks.pop()
        return open_blocks[-1] if open_blocks else None


def explode(source: str) -> Exploded:
    lines, origins = [], []
    for number, text in enumerate(source.split("\n"), start=1):
        starts = [0] + [m.start() for m in OPENER.finditer(text) if m.start() > 0]
        for start, end in zip(starts, starts[1:] + [len(text)]):
            lines.append(text[start:end])
            origins.append((number, start))
    return Exploded(source, "\n".join(lines), origins)
