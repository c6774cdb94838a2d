"""The PDF is PDF/UA-1 as far as a machine can tell: the pdfua checker finds nothing in either
template's sample PDF, and what a screen reader is given says what the report says: each chart
by its alt text, read as one figure; the cover title and Contents as headings; a tab order that
follows the structure; XMP naming the title, the language and PDF/UA-1."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from pdfua import validate

from conftest import ROOT, SAMPLE, TEMPLATE
from perfreport.generate import Generated, generate_report
from perfreport.report.word.pdf import write_pdf
from perfreport.report.word.pdf_ua import make_accessible, read_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFINFO = shutil.which("pdfinfo")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFINFO) and not os.environ.get("CI"),
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
)
SAMPLES = {
    "committee report": (SAMPLE, TEMPLATE),
    "indicator set": (ROOT / "inputs" / "indicator-set-2019-20.xlsx", ROOT / "templates" / "indicator-set.docx"),
}
# pdfua 0.1.3 cannot run its empty-heading rule on a heading whose /K is an array, as most are:
# test_no_heading_is_empty checks what it would.
UNCHECKABLE = {"UA-14-001"}


@pytest.fixture(scope="module", params=SAMPLES)
def sample(request, tmp_path_factory) -> Generated:
    """A template's sample report and its PDF, as `perfreport generate --pdf` writes them."""
    workbook, template = SAMPLES[request.param]
    generated = generate_report([workbook], template, output=tmp_path_factory.mktemp("ua") / "report.docx", pdf=True)
    assert generated.pdf and [p for p in generated.problems if p.file == str(generated.pdf)] == []
    return generated


@pytest.fixture(scope="module")
def committee_pdf(tmp_path_factory) -> Generated:
    generated = generate_report([SAMPLE], TEMPLATE, output=tmp_path_factory.mktemp("ua") / "report.docx", pdf=True)
    assert generated.pdf
    return generated


def test_pdfua_finds_nothing(sample):
    report = validate(str(sample.pdf))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert {outcome.rule_id for outcome in report.skipped} <= UNCHECKABLE


def test_every_figure_is_described_by_its_charts_alt_text(sample):
    alt_texts = [drawing.get("descr") for drawing in Document(sample.output).element.body.iter(qn("wp:docPr"))]
    with pikepdf.open(sample.pdf) as pdf:
        figures = [element for element in elements(pdf) if element.S == pikepdf.Name.Figure]
        assert [str(figure.Alt) for figure in figures] == alt_texts
        assert all(alt_text.strip() for alt_text in alt_texts)


def test_a_charts_labels_are_part_of_its_figure_not_loose_text(sample):
    """The axis and legend labels LibreOffice tags as paragraphs inside the chart are the figure's
    own content, which its alt text stands for: no structure element is left inside a figure."""
    with pikepdf.open(sample.pdf) as pdf:
        for figure in (element for element in elements(pdf) if element.S == pikepdf.Name.Figure):
            assert list(elements(figure)) == []
            assert kids(figure)  # its content is still tagged, as the figure's
    assert all(line.startswith('"') for line in figure_contents(sample.pdf))  # text, in no element


def test_the_parent_tree_agrees_with_the_structure_tree(sample):
    """Every element's parent is the one that holds it; every marked-content sequence on a page
    belongs to the one element the parent tree names for it, and every link annotation to the
    /Link element holding it."""
    with pikepdf.open(sample.pdf) as pdf:
        owners, annotations = {}, {}
        for element in [pdf.Root.StructTreeRoot, *elements(pdf)]:
            for kid in kids(element):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    assert kid.P.objgen == element.objgen
                elif isinstance(kid, int):
                    owners[(element.Pg.objgen, kid)] = element.objgen
                elif kid.get("/Type") == pikepdf.Name.MCR:
                    owners[(kid.Pg.objgen, int(kid.MCID))] = element.objgen
                elif kid.get("/Type") == pikepdf.Name.OBJR:
                    annotations[kid.Obj.objgen] = element.objgen
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        marked = {}
        for page in pdf.pages:
            for mcid in marked_content(page):
                marked[(page.obj.objgen, mcid)] = parents[int(page.obj.StructParents)][mcid].objgen
            for annotation in page.obj.get("/Annots", []):
                assert annotations[annotation.objgen] == parents[int(annotation.StructParent)].objgen
        assert marked == owners


def test_one_link_is_one_structure_element_over_one_annotation_per_page(sample):
    """A contents entry (its words and page number), or an index title that wraps, is one Link element, and
    each link annotation is claimed by exactly one: a screen reader announces each link once. Each
    contents entry and each index row's title is a link of its own."""
    with pikepdf.open(sample.pdf) as pdf:
        links = [element for element in elements(pdf) if element.S == pikepdf.Name.Link]
        claims = [kid.Obj.objgen for link in links for kid in kids(link)
                  if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR]
        annotations = [a.objgen for page in pdf.pages for a in page.obj.get("/Annots", [])
                       if a.Subtype == pikepdf.Name.Link]
        page_of = {a.objgen: page.obj.objgen for page in pdf.pages for a in page.obj.get("/Annots", [])}
        for link in links:
            pages = [page_of[kid.Obj.objgen] for kid in kids(link) if isinstance(kid, pikepdf.Dictionary)
                     and kid.get("/Type") == pikepdf.Name.OBJR]
            assert pages and len(pages) == len(set(pages))
        contents = [e for e in elements(pdf) if e.S == pikepdf.Name.TOCI]
        entries = [[k for k in elements(entry) if k.S == pikepdf.Name.Link] for entry in contents]
    assert sorted(claims) == sorted(annotations) and len(claims) == len(set(claims))
    assert entries and all(len(entry) == 1 for entry in entries)
    assert len(links) == len(annotations)


def test_the_cover_title_and_contents_are_headings(sample):
    document = Document(sample.output)
    title, contents = ([p.text for p in document.paragraphs if p.style.name == style] for style in ("Title", "TOC Heading"))
    headings = read_headings(sample.pdf)
    assert headings[0] == (1, title[0])
    assert (1, contents[0]) in headings[:2]
    assert len(title) == len(contents) == 1


def test_heading_levels_do_not_skip(sample):
    levels = [level for level, _ in read_headings(sample.pdf)]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:]))


def test_no_heading_is_empty(sample):
    assert all(text.strip() for _, text in read_headings(sample.pdf))


def test_pages_with_links_have_the_structure_as_their_tab_order(sample):
    with pikepdf.open(sample.pdf) as pdf:
        tabs = [page.obj.get("/Tabs") for page in pdf.pages if "/Annots" in page.obj]
    assert tabs and all(isinstance(tab, pikepdf.Name) and tab == pikepdf.Name.S for tab in tabs)


def test_xmp_names_the_title_language_author_and_pdf_ua(sample):
    properties = Document(sample.output).core_properties
    with pikepdf.open(sample.pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == properties.title == str(pdf.docinfo.Title)
        assert meta["dc:language"] == {properties.language} and str(pdf.Root.Lang) == properties.language
        assert meta["dc:creator"] == [properties.author] == [str(pdf.docinfo.Author)]
        assert pdf.Root.MarkInfo.Marked is True and pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_figures_that_do_not_pair_with_the_charts_are_said_and_no_pdf_ua_is_claimed(committee_pdf):
    report = read_report(committee_pdf.output)
    with pikepdf.open(committee_pdf.pdf) as pdf:
        [problem] = make_accessible(pdf, replace(report, alt_texts=report.alt_texts[1:]))
        assert "pdfuaid:part" not in pdf.open_metadata()
    charts = len(report.alt_texts)
    assert (problem.code, problem.severity) == ("pdf-not-accessible", "warning")
    assert problem.message == (f"The PDF does not meet PDF/UA-1: it has {charts} figures, the report {charts - 1} "
                               "charts and pictures, so the figures cannot be matched to their alt text and have none.")


def test_a_report_without_a_title_claims_no_pdf_ua(committee_pdf):
    with pikepdf.open(committee_pdf.pdf) as pdf:
        [problem] = make_accessible(pdf, replace(read_report(committee_pdf.output), title=""))
        assert "pdfuaid:part" not in pdf.open_metadata()
    assert problem.message == "The PDF does not meet PDF/UA-1: the report has no title."


def test_a_picture_without_alt_text_is_said_and_the_pdf_still_written(committee_pdf, tmp_path):
    """A picture the template brings, with alt text (a logo) and without: LibreOffice tags each a
    figure in its place among the charts, and each chart still gets its own alt text."""
    document = Document(committee_pdf.output)
    picture = tmp_path / "logo.png"
    picture.write_bytes(red_square())
    logo = document.paragraphs[0].insert_paragraph_before().add_run().add_picture(str(picture), width=Cm(2))
    logo._inline.docPr.set("descr", "The council's logo")
    document.paragraphs[-1].add_run().add_picture(str(picture), width=Cm(2))
    report = tmp_path / "report.docx"
    document.save(report)
    [problem] = write_pdf(report, tmp_path / "report.pdf")
    alt_texts = read_report(committee_pdf.output).alt_texts
    assert problem.message == f"The PDF does not meet PDF/UA-1: it has figures without alt text (1 of {len(alt_texts) + 2})."
    assert problem.file == str(tmp_path / "report.pdf")
    with pikepdf.open(tmp_path / "report.pdf") as pdf:
        figures = [element for element in elements(pdf) if element.S == pikepdf.Name.Figure]
        assert [str(figure.get("/Alt", "")) for figure in figures] == ["The council's logo", *alt_texts, ""]
        assert "pdfuaid:part" not in pdf.open_metadata()


def elements(node: pikepdf.Object):
    """The structure elements under ``node`` (a PDF: its structure tree), in document order."""
    node = node.Root.StructTreeRoot if isinstance(node, pikepdf.Pdf) else node
    for kid in kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def kids(node: pikepdf.Dictionary) -> list:
    found = node.get("/K")
    return [] if found is None else list(found) if isinstance(found, pikepdf.Array) else [found]


def marked_content(page: pikepdf.Page) -> list[int]:
    """The MCIDs of the page's marked-content sequences."""
    return [int(operands[-1].MCID) for operands, operator in pikepdf.parse_content_stream(page, "BDC")
            if isinstance(operands[-1], pikepdf.Dictionary) and "/MCID" in operands[-1]]


def struct_text(pdf: Path) -> list[tuple[int, str]]:
    """Poppler's reading of the structure tree, as a screen reader meets it: each element's or
    text's depth and line, without their attributes."""
    lines = subprocess.run([PDFINFO, "-struct-text", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [((len(line) - len(line.lstrip())) // 2, line.strip()) for line in lines.splitlines()
            if line.strip() and not line.strip().startswith("/")]


def read_headings(pdf: Path) -> list[tuple[int, str]]:
    """Each heading's level and text, in order."""
    lines, headings = struct_text(pdf), []
    for at, (_, line) in enumerate(lines):
        role = line.split()[0].rstrip(":")
        if len(role) == 2 and role[0] == "H" and role[1].isdigit():
            texts = [text[1:-1] for text in inside(lines, at) if text.startswith('"')]
            headings.append((int(role[1]), "".join(texts)))
    return headings


def figure_contents(pdf: Path) -> list[str]:
    """Every line poppler reads inside a figure."""
    lines = struct_text(pdf)
    return [text for at, (_, line) in enumerate(lines) if line.startswith("Figure") for text in inside(lines, at)]


def inside(lines: list[tuple[int, str]], at: int) -> list[str]:
    """The lines inside the element at ``at``."""
    depth, taken = lines[at][0], []
    for inner, text in lines[at + 1:]:
        if inner <= depth:
            break
        taken.append(text)
    return taken


def red_square() -> bytes:
    """A 20-pixel red PNG."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 20 for _ in range(20))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20, 20, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
