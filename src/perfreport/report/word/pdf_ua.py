"""LibreOffice's PDF finished as PDF/UA-1 with pikepdf: what LibreOffice 7.4 leaves out or gets
wrong, put right from the report it was made from. Each chart gets its alt text, and its axis and
legend labels become its figure's content; a one-cell table (a coloured box) is not announced as
a table; the cover title and Contents are headings; a link is one Link element over one annotation
(LibreOffice gives a contents entry's words and page number a Link each, and a link that wraps a
Link and an annotation per line); pages with links take the structure's tab order; the XMP metadata names the title and language and claims PDF/UA-1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pikepdf import Array, Dictionary, Name, NumberTree, Object, Pdf, String

from perfreport.core.problems import Problem, Severity

# What LibreOffice tags /Figure, in document order: the report's charts and pictures.
FIGURES = {"http://schemas.openxmlformats.org/drawingml/2006/chart",
           "http://schemas.openxmlformats.org/drawingml/2006/picture"}
# The structure types LibreOffice gives paragraphs in Word's Title and TOC Heading styles, which it maps
# to /P. They are made H1, the level of the report's sections, which Heading 1 starts.
HEADINGS = {Name("/Title"), Name("/Contents Heading")}
# LibreOffice 7.4 escapes &, < and > twice in the XMP copies of these; its document information has them right.
TEXT_FIELDS = ("/Title", "/Author", "/Subject", "/Keywords")


@dataclass(frozen=True)
class Report:
    """What the PDF needs from the .docx it was made from."""

    title: str
    language: str
    alt_texts: list[str]


def finish(converted: Path, report: Path, finished: Path) -> list[Problem]:
    """Write ``converted``, LibreOffice's PDF of ``report``, to ``finished`` as PDF/UA-1: the
    warnings of what keeps it from being so, which it then does not claim to be."""
    with pikepdf.open(converted) as document:
        problems = make_accessible(document, read_report(report))
        document.save(finished)
    return problems


def read_report(report: Path) -> Report:
    """The report's title and language, and the alt text of each of its charts and pictures in order."""
    document = Document(str(report))
    properties = document.core_properties
    return Report(properties.title, properties.language, _alt_texts(document.element.body))


def _alt_texts(body: etree._Element) -> list[str]:
    return [drawing.find(qn("wp:docPr")).get("descr", "")
            for drawing in body.iter(qn("wp:inline"), qn("wp:anchor"))
            if drawing.find(f"{qn('a:graphic')}/{qn('a:graphicData')}").get("uri") in FIGURES]


def make_accessible(document: Pdf, report: Report) -> list[Problem]:
    """Make ``document`` PDF/UA-1, claiming it only if nothing keeps it from being so: the
    problems that do."""
    parents = NumberTree(document.Root.StructTreeRoot.ParentTree)
    elements = list(_elements(document.Root.StructTreeRoot))
    for parts in filter(None, map(_box, elements)):
        for part in parts:
            _dissolve(part, parents)
    figures = [element for element in elements if element.S == Name.Figure]
    for figure in figures:
        _fold(figure, parents)
    for element in elements:
        if element.S in HEADINGS and _kids(element):
            element.S = Name.H1
    _join_links(document, parents)
    for page in document.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S  # the structure's order; LibreOffice writes the string (S)
    problems = _describe(figures, report.alt_texts) + _titled(report.title)
    _declare(document, report, conforms=not problems)
    return problems


def _join_links(document: Pdf, parents: NumberTree) -> None:
    """Make each run of Link elements side by side that go to the same place one Link, over one annotation
    per page: a screen reader then announces one link, and the tab order stops at it once."""
    page_of = {annotation.objgen: page for page in document.pages for annotation in page.obj.get("/Annots", [])}
    for element in list(_elements(document.Root.StructTreeRoot)):
        kids = _kids(element)
        joined: list[Object] = []
        for kid in kids:
            if _is_link(kid) and joined and _is_link(joined[-1]) and _target(joined[-1]) == _target(kid):
                _absorb(joined[-1], kid, parents, page_of)
            else:
                joined.append(kid)
        if len(joined) < len(kids):
            element.K = Array(joined)


def _is_link(kid: Object) -> bool:
    return _is_element(kid) and kid.S == Name.Link


def _annotations(link: Dictionary) -> list[Dictionary]:
    return [kid.Obj for kid in _kids(link) if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR]


def _target(link: Dictionary) -> str | None:
    """Where a Link element's annotations go, as text to compare; None for a Link with no annotation."""
    places = {repr(a.get("/Dest")) + repr(a.get("/A")) for a in _annotations(link)}
    return places.pop() if len(places) == 1 else None


def _absorb(link: Dictionary, other: Dictionary, parents: NumberTree, page_of: dict[tuple, Any]) -> None:
    """Put ``other``'s content into ``link``, which goes to the same place. An annotation already in
    ``link`` is not claimed twice; another on the same page (a link's next line) is joined to ``link``'s
    there, which then covers both lines."""
    moved = []
    for kid in _kids(other):
        if not (isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR):
            moved.append(_moved(kid, other, link, parents))
            continue
        annotation = kid.Obj
        page = page_of.get(annotation.objgen)
        first = next((a for a in _annotations(link) if page_of.get(a.objgen) == page), None)
        if first is None or first.objgen == annotation.objgen:
            parents[int(annotation.StructParent)] = link
            moved += [kid] if first is None else []
        else:
            _cover(first, annotation, page)
            del parents[int(annotation.StructParent)]
    link.K = Array(_kids(link) + moved)


def _cover(first: Dictionary, annotation: Dictionary, page: Any) -> None:
    """Make ``first`` cover ``annotation``'s area too, as quadrilaterals of each line, and drop ``annotation``
    from ``page``."""
    quads = list(first.get("/QuadPoints", _quad(first.Rect))) + _quad(annotation.Rect)
    rects = [first.Rect, annotation.Rect]
    first.Rect = Array([min(r[0] for r in rects), min(r[1] for r in rects),
                        max(r[2] for r in rects), max(r[3] for r in rects)])
    first.QuadPoints = Array(quads)
    page.obj.Annots = Array([a for a in page.obj.Annots if a.objgen != annotation.objgen])


def _quad(rect: Array) -> list:
    """A rectangle [x1 y1 x2 y2] as the four corners PDF's QuadPoints take: top left, top right, bottom left,
    bottom right."""
    x1, y1, x2, y2 = (rect[n] for n in range(4))
    return [x1, y2, x2, y2, x1, y1, x2, y1]


def _elements(node: Dictionary) -> Iterator[Dictionary]:
    """The structure elements under ``node``, in document order."""
    for kid in _kids(node):
        if _is_element(kid):
            yield kid
            yield from _elements(kid)


def _kids(node: Dictionary) -> list[Object]:
    kids = node.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, Array) else [kids]


def _is_element(kid: Object) -> bool:
    return isinstance(kid, Dictionary) and "/S" in kid


def _box(element: Dictionary) -> list[Dictionary]:
    """If ``element`` is a table of one cell, such as the rating's coloured box, which is layout
    rather than a table to read: its cell, row and itself, in the order to dissolve them."""
    if element.S != Name.Table:
        return []
    rows = _kids(element)
    cells = _kids(rows[0]) if len(rows) == 1 and _is_element(rows[0]) and rows[0].S == Name.TR else []
    return [cells[0], rows[0], element] if len(cells) == 1 and _is_element(cells[0]) else []


def _fold(figure: Dictionary, parents: NumberTree) -> None:
    """Make the elements inside ``figure`` its own content: LibreOffice tags a chart's axis and
    legend labels as paragraphs inside it, which a screen reader would read out one by one. As
    the figure's content, its alt text stands for them."""
    for inner in reversed(list(_elements(figure))):
        _dissolve(inner, parents)


def _dissolve(element: Dictionary, parents: NumberTree) -> None:
    """Put ``element``'s kids in its place in its parent's, as if it had never been there."""
    parent = element.P
    siblings = _kids(parent)
    at = next(place for place, kid in enumerate(siblings) if _is_element(kid) and kid.objgen == element.objgen)
    moved = [_moved(kid, element, parent, parents) for kid in _kids(element)]
    parent.K = Array(siblings[:at] + moved + siblings[at + 1:])


def _moved(kid: Object, old: Dictionary, new: Dictionary, parents: NumberTree) -> Object:
    """``kid`` of ``old`` made a kid of ``new``: its parent, or the parent tree's entry for its
    content, changed to ``new``. A marked-content number stays one if ``new`` is on its page."""
    if _is_element(kid):
        kid.P = new
        return kid
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
        parents[int(kid.Obj.StructParent)] = new
        return kid
    if isinstance(kid, Dictionary):  # a marked-content reference, to a page or a form
        holder = kid.get("/Stm", kid.get("/Pg", old.get("/Pg")))
        parents[int(holder.StructParents)][int(kid.MCID)] = new
        return kid
    parents[int(old.Pg.StructParents)][int(kid)] = new
    if "/Pg" in new and new.Pg.objgen == old.Pg.objgen:
        return kid
    return Dictionary(Type=Name.MCR, Pg=old.Pg, MCID=kid)


def _describe(figures: list[Dictionary], alt_texts: list[str]) -> list[Problem]:
    """Give each figure its chart's or picture's alt text: the problem if they do not pair up,
    or if any has none."""
    if len(figures) != len(alt_texts):
        return [_not_ua(f"it has {len(figures)} figures, the report {len(alt_texts)} charts and pictures, so "
                        "the figures cannot be matched to their alt text and have none",
                        "Report this, with the template: a drawing or text box in it may be the cause.")]
    for figure, alt_text in zip(figures, alt_texts):
        if alt_text.strip():
            figure.Alt = String(alt_text)
    missing = sum(not alt_text.strip() for alt_text in alt_texts)
    return [_not_ua(f"it has figures without alt text ({missing} of {len(figures)})",
                    "Give every picture in the template alt text (in Word: right-click it, Edit Alt Text).")
            ] if missing else []


def _titled(title: str) -> list[Problem]:
    return [] if title.strip() else [_not_ua("the report has no title",
                                             "Give the template a title: in Word, File > Info > Properties > Title.")]


def _not_ua(why: str, action: str) -> Problem:
    return Problem("pdf-not-accessible", Severity.WARNING, f"The PDF does not meet PDF/UA-1: {why}.", action)


def _declare(document: Pdf, report: Report, conforms: bool) -> None:
    """The catalog and XMP metadata PDF/UA-1 asks for: title, language, tagging, and the
    claim of PDF/UA-1 if ``conforms``."""
    language = report.language or str(document.Root.get("/Lang", ""))
    document.Root.Lang = String(language)
    document.Root.MarkInfo = Dictionary(Marked=True)
    document.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo({name: document.docinfo[name] for name in TEXT_FIELDS if name in document.docinfo})
        meta["dc:title"] = report.title
        meta["dc:language"] = {language}
        if conforms:
            meta["pdfuaid:part"] = "1"
        else:
            meta.pop("pdfuaid:part", None)
