"""The HTML edition: one self-contained page per report, read back with an HTML5 parser and checked in a
real browser (headless Chromium) with axe-core's WCAG 2.2 A and AA rules, the keyboard and a phone's width."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import html5lib
import pytest

from conftest import DETAILS, ROOT, SAMPLE, TEMPLATE, figure, indicator
from perfreport.core.formatting import join_words
from perfreport.core.model import ChartType, HistoryPoint, Link
from perfreport.generate import generate_by_committee, generate_report
from perfreport.report.template_check import check_template
from perfreport.workbook import write_workbook

HTML_TEMPLATE = ROOT / "templates" / "committee-report.html"
SET_TEMPLATE = ROOT / "templates" / "indicator-set.html"
SAMPLE_SET = ROOT / "inputs" / "indicator-set-2019-20.xlsx"
NS, SVG = "{http://www.w3.org/1999/xhtml}", "{http://www.w3.org/2000/svg}"
AXE = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
AWKWARD = "R&D < 5% <script>alert('x')</script> {{ report.title }} {% for a in b %}"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The HTML edition of each shipped template's sample, and of a report by committee."""
    folder = tmp_path_factory.mktemp("html")
    committee = generate_report([SAMPLE], TEMPLATE, output=folder / "committee.docx", html=HTML_TEMPLATE)
    indicator_set = generate_report([SAMPLE_SET], ROOT / "templates" / "indicator-set.docx",
                                    output=folder / "set.docx", html=SET_TEMPLATE)
    history = tuple(HistoryPoint(f"Q{q} 2023/24", figure(f"{80 + q}.0"), figure("90.0")) for q in range(1, 5))
    workbook = folder / "two-committees.xlsx"
    write_workbook(workbook, DETAILS, [indicator("1", history=history),
                                       indicator("2", committee="Audit Committee", history=history)])
    by_committee = generate_by_committee([workbook], TEMPLATE, folder=folder / "reports", html=HTML_TEMPLATE)
    audit = next(report.html for report in by_committee.reports if "audit" in report.html.name)
    charted = folder / "charted-set.xlsx"
    write_workbook(charted, DETAILS, [indicator("1", history=history),
                                      indicator("2", history=history * 3, chart=ChartType.COLUMN)])
    charted_set = generate_report([charted], ROOT / "templates" / "indicator-set.docx", output=folder / "charted.docx",
                                  html=SET_TEMPLATE, word=False)
    return {"committee": committee.html, "indicator-set": indicator_set.html, "by-committee": audit,
            "committee-word": committee.output, "indicator-set-with-charts": charted_set.html}


def parsed(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=True)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("name", ["committee", "indicator-set"])
def test_one_self_contained_page_with_no_script_and_nothing_fetched(pages, name):
    text = pages[name].read_text(encoding="utf-8")
    tree = parsed(pages[name])
    assert tree.find(f".//{NS}script") is None
    assert not [e for e in tree.iter() if e.get("src") or (e.tag == f"{NS}link" and e.get("href"))]
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert tree.get("lang") == "en-GB" and tree.find(f".//{NS}title").text


@pytest.mark.parametrize("name", ["committee", "indicator-set"])
def test_landmarks_one_h1_and_headings_in_order(pages, name):
    tree = parsed(pages[name])
    for landmark in ("header", "nav", "main", "footer"):
        assert tree.find(f".//{NS}{landmark}") is not None, landmark
    levels = [int(e.tag[-1]) for e in tree.iter() if e.tag in {f"{NS}h{n}" for n in range(1, 7)}]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:]))


@pytest.mark.parametrize("name", ["committee", "indicator-set"])
def test_every_internal_link_has_its_target_and_ids_are_unique(pages, name):
    tree = parsed(pages[name])
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    internal = [a.get("href")[1:] for a in tree.iter(f"{NS}a") if a.get("href", "").startswith("#")]
    assert internal and set(internal) <= set(ids)
    assert internal.count("index") >= 14  # each indicator returns to the index


@pytest.mark.parametrize("name", ["committee", "indicator-set"])
def test_tables_have_captions_and_header_cells_with_scope(pages, name):
    tree = parsed(pages[name])
    tables = list(tree.iter(f"{NS}table"))
    assert tables
    for table in tables:
        assert table.find(f"{NS}caption") is not None and text_of(table.find(f"{NS}caption"))
        headers = list(table.iter(f"{NS}th"))
        assert headers and all(th.get("scope") in ("col", "row") for th in headers)


def test_every_part_of_the_report_in_the_word_reports_order(pages):
    tree = parsed(pages["committee"])
    headings = [text_of(e) for e in tree.iter() if e.tag in (f"{NS}h2",)]
    assert headings[:3] == ["Contents", "Key", "Index"]
    assert [h for h in headings if h.startswith("Indicator ")][0].startswith("Indicator 182: ")
    text = text_of(tree)
    for words in ("Produced on: 05 December 2023", "Strategy and Resources Committee", "Status Summary",
                  "Changes since last period", "Amber: 7.0 percentage points worse than the 90.0% target",
                  "Direction of travel: Declining against the previous figure", "Return to Index", "December 2023"):
        assert words in text, words
    figures = list(tree.iter(f"{NS}figure"))
    assert len(figures) == 14 + 3  # a trend chart each, and an XmR chart for the 3 with a reading (182, 186, 216)
    for chart in figures:
        wide, narrow = chart.findall(f"{SVG}svg")
        assert (wide.get("class"), narrow.get("class"), narrow.get("display")) == ("wide", "narrow", "none")
        assert wide.get("role") == narrow.get("role") == "img" and wide.find(f"{SVG}title").text
        assert len(wide.find(f"{SVG}desc").text) > 40
        names = [wide.find(f"{SVG}{part}").get("id") for part in ("title", "desc")]
        assert wide.get("aria-labelledby").split() == narrow.get("aria-labelledby").split() == names


def test_an_indicator_has_a_statistical_process_control_section_only_where_it_has_a_reading(pages):
    tree = parsed(pages["committee"])
    sections = [s for s in tree.iter(f"{NS}section") if s.get("class") == "indicator"]
    read = [s for s in sections if "Statistical Process Control" in [text_of(h) for h in s.iter(f"{NS}h3")]]
    assert len(sections) == 14 and len(read) == 3
    assert all(len(s.findall(f".//{NS}figure")) == 2 and "Variation: " in text_of(s) for s in read)
    assert "No variation or assurance is shown" not in text_of(tree)


def test_the_key_is_the_word_reports_in_its_words_and_order(pages):
    """The HTML Key's data items, as the Word report's Key lists them: both from one list."""
    from docx import Document

    tree = parsed(pages["committee"])
    [table] = [t for t in tree.iter(f"{NS}table") if text_of(t.find(f"{NS}caption")) == "What each data item means"]
    html = [[text_of(cell) for cell in row] for row in table.iter(f"{NS}tr")]
    [word_table] = [t for t in Document(pages["committee-word"]).tables if t.rows[0].cells[0].text == "Data Item"]
    word = [[" ".join(cell.text.split()) for cell in row.cells] for row in word_table.rows]
    assert html == word
    assert [name for name, _ in html][1:4] == ["Target / Pro Rata Target", "Current Month / Current Period",
                                             "Previous Month / previous period"]
    assert [name for name, _ in html][-2:] == ["Actions", "Useful Links"]
    assert "Red, Amber, Green, Blue, Baseline" in html[8][1] and "rated Red" in html[-2][1]


def test_each_chart_has_its_figures_in_a_table(pages):
    tree = parsed(pages["committee"])
    [first] = [f for f in tree.iter(f"{NS}figure")][:1]
    table = first.find(f".//{NS}table")
    rows = [[text_of(cell) for cell in row] for row in table.iter(f"{NS}tr")]
    assert rows[0][:3] == ["Period", "Actual", "Target"]
    assert rows[-1][:3] == ["Q2 2023/24", "83.0%", "90.0%"]


def test_the_same_inputs_give_the_same_bytes(pages, tmp_path):
    again = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "committee.docx", html=HTML_TEMPLATE)
    assert again.html.read_bytes() == pages["committee"].read_bytes()


def test_owner_text_that_looks_like_markup_or_template_code_appears_literally(tmp_path):
    history = (HistoryPoint("Q1 2024/25", figure("88.0"), figure("90.0")),)
    workbook = tmp_path / "owners.xlsx"
    write_workbook(workbook, DETAILS, [indicator("1", title=AWKWARD, commentary=AWKWARD, history=history,
                                                 links=(Link(AWKWARD, "https://example.gov.uk/?a=1&b=2"),))])
    page = generate_report([workbook], TEMPLATE, output=tmp_path / "r.docx", html=HTML_TEMPLATE).html
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    tree = parsed(page)
    assert tree.find(f".//{NS}script") is None
    assert text_of(tree).count(AWKWARD) >= 3  # heading, commentary, link words
    assert 'href="https://example.gov.uk/?a=1&amp;b=2"' in text


def test_by_committee_each_report_has_its_page(tmp_path, make_workbook):
    workbook = make_workbook([indicator("1"), indicator("2", committee="Audit Committee")])
    run = generate_by_committee([workbook], TEMPLATE, folder=tmp_path / "reports", html=HTML_TEMPLATE)
    assert [r.html.name for r in run.reports] == [r.output.with_suffix(".html").name for r in run.reports]
    assert all(r.html.is_file() for r in run.reports) and len(run.reports) == 2


def test_the_html_template_is_checked_like_the_word_ones(tmp_path):
    assert check_template(HTML_TEMPLATE) == []
    faulty = tmp_path / "faulty.html"
    faulty.write_text("<html><body>{{ report.comittee }}{% include 'x.html' %}</body></html>", encoding="utf-8")
    assert [p.code for p in check_template(faulty)] == ["template-unknown-field", "template-includes-file"]


def test_a_fault_while_filling_names_the_tag(tmp_path):
    faulty = tmp_path / "faulty.html"
    faulty.write_text("<p>{{ report.title|hyperlink }}</p>", encoding="utf-8")
    [problem] = check_template(faulty)
    assert problem.code == "template-error" and "{{ report.title|hyperlink }}" in problem.message


# In a real browser

def browser_missing(axe: Path | None = None) -> list[str]:
    """What the browser tests need (with ``axe``, axe-core's script too) that this machine lacks, each with how
    to install it."""
    needs = [(shutil.which("chromium"), "Chromium (apt-get install chromium)"),
             (shutil.which("chromedriver"), "ChromeDriver (apt-get install chromium-driver)"),
             (importlib.util.find_spec("selenium"), "selenium (pip install -e '.[test]')")]
    if axe is not None:
        needs.append((axe.is_file(), "axe-core (npm install --prefix .ci axe-core@4.14.1)"))
    return [what for found, what in needs if not found]


def skipped_without(missing: list[str]) -> pytest.MarkDecorator:
    return pytest.mark.skipif(bool(missing) and not os.environ.get("CI"), reason=f"needs {join_words(missing)}")


needs_browser, needs_axe = skipped_without(browser_missing()), skipped_without(browser_missing(AXE))


def test_the_browser_tests_say_exactly_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser_missing(tmp_path / "axe.min.js") == ["axe-core (npm install --prefix .ci axe-core@4.14.1)"]
    assert browser_missing() == []  # the keyboard and a phone's width need no axe-core
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "chromedriver" else f"/usr/bin/{name}")
    assert skipped_without(browser_missing(tmp_path / "axe.min.js")).kwargs["reason"] == (
        "needs ChromeDriver (apt-get install chromium-driver) and axe-core (npm install --prefix .ci axe-core@4.14.1)")
    (tmp_path / "axe.min.js").write_text("// axe-core", encoding="utf-8")
    assert browser_missing(tmp_path / "axe.min.js") == ["ChromeDriver (apt-get install chromium-driver)"]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def opened(browser, page: Path, width: int = 1280):
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    return browser


@needs_axe
@pytest.mark.parametrize("width", [1280, 320], ids=["a desktop", "a phone"])
@pytest.mark.parametrize("name", ["committee", "indicator-set", "by-committee", "indicator-set-with-charts"])
def test_axe_finds_no_wcag_violation(browser, pages, name, width):
    opened(browser, pages[name], width=width)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[0];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},"
        " resultTypes: ['violations']}).then(r => done(r)).catch(e => done({error: String(e)}));"
    )
    assert "error" not in result, result
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    assert len(result["passes"]) > 20 and result["testEngine"]["version"].startswith("4.")


@needs_browser
def test_the_keyboard_reaches_every_link_in_order(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    opened(browser, pages["committee"])
    shown = ("return Array.from(document.querySelectorAll(\"a[href], summary, [tabindex='0']\"))"
             ".filter(e => e.checkVisibility())")  # those inside a closed <details> are not shown
    count = browser.execute_script(shown + ".length")
    reached = []
    for _ in range(count):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        reached.append(browser.execute_script(shown + ".indexOf(document.activeElement)"))
    assert count > 60 and reached == list(range(count))  # the skip link first, then everything in the page's order
    assert browser.execute_script(shown + "[0].getAttribute('href')") == "#main"


# Each word in a table cell (a word may end in a hyphen, where a line may break) whose parts lie on more than one
# line, with every disclosure opened so that every table is laid out.
SPLIT_WORDS = """
document.querySelectorAll("details").forEach(d => d.open = true);
const split = [];
let cells = 0;
for (const cell of document.querySelectorAll("td, th")) {
  cells++;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[^\\s\\-–]+[\\-–]?/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size > 1) split.push(word[0]);
    }
  }
}
return [cells, split];
"""
# Each table wider than the page's column: whether it lies in a focusable, labelled region that scrolls sideways.
WIDE_TABLES = """
const column = document.querySelector("main").clientWidth;
return Array.from(document.querySelectorAll("table")).filter(t => t.offsetWidth > column).map(t => {
  const region = t.closest("[role=region]");
  return region !== null && region.tabIndex === 0 && region.getAttribute("aria-label") !== ""
    && getComputedStyle(region).overflowX === "auto" && region.scrollWidth > region.clientWidth;
});
"""
# The size each chart's text is drawn at, in CSS pixels (its font size times the scale its SVG is drawn at), and
# whether it lies within its drawing.
CHART_TEXT = """
return Array.from(document.querySelectorAll("figure.chart svg text")).filter(t => t.checkVisibility()).map(t => {
  const scale = t.getScreenCTM(), box = t.getBoundingClientRect(), drawing = t.ownerSVGElement.getBoundingClientRect();
  const inside = box.left >= drawing.left - 1 && box.right <= drawing.right + 1
    && box.top >= drawing.top - 1 && box.bottom <= drawing.bottom + 1;
  return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(scale.a, scale.b), inside];
});
"""
WIDTHS = {"a phone": 320, "200% zoom": 640, "a desktop": 1280}  # 400% zoom of a 1280 px screen is 320 px


@needs_browser
@pytest.mark.parametrize("name", ["committee", "indicator-set", "by-committee"])
def test_a_phone_width_needs_no_sideways_scrolling_and_wide_tables_scroll_in_their_region(browser, pages, name):
    opened(browser, pages[name], width=320)
    inner, scroll = browser.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll <= inner
    regions = browser.execute_script(WIDE_TABLES)
    assert regions and all(regions)  # the figures of an indicator, at least, are wider than a phone


@needs_browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", ["committee", "indicator-set"])
def test_no_word_or_figure_in_a_table_is_broken_across_lines(browser, pages, name, width):
    cells, split = opened(browser, pages[name], width=width).execute_script(SPLIT_WORDS)
    assert cells > 200 and split == []


@needs_browser
def test_the_split_word_check_finds_words_broken_mid_word(browser, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en-GB"><title>Broken</title><body><table style="width: 3rem; '
                    'overflow-wrap: anywhere"><tr><th>Amber</th><td>182</td></tr></table>'
                    '<table style="width: 1px"><tr><td>well-known</td></tr></table>', encoding="utf-8")
    cells, split = opened(browser, page, width=320).execute_script(SPLIT_WORDS)
    assert (cells, split) == (3, ["Amber", "182"])  # a line may break after a hyphen


@needs_browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", ["committee", "indicator-set-with-charts"])
def test_chart_text_is_at_least_12_px_wherever_the_chart_is_drawn(browser, pages, name, width):
    drawn = opened(browser, pages[name], width=width).execute_script(CHART_TEXT)
    assert len(drawn) > 10 and [(text, round(size, 1)) for text, size, _ in drawn if size < 12] == []
    assert [text for text, _, inside in drawn if not inside] == []
    shown = browser.execute_script("return Array.from(document.querySelectorAll('figure.chart svg'))"
                                   ".filter(s => s.checkVisibility()).map(s => s.getAttribute('class'))")
    assert shown == ["wide" if width > 592 else "narrow"] * len(list(parsed(pages[name]).iter(f"{NS}figure")))


@needs_browser
def test_a_template_that_does_not_know_the_narrow_drawing_shows_the_wide_one(browser, tmp_path):
    template = tmp_path / "plain.html"
    template.write_text('<!DOCTYPE html><html lang="en-GB"><head><title>Charts</title></head><body>'
                        "{% for ind in indicators if ind.chart %}{{ ind.chart|chart }}{% endfor %}</body></html>",
                        encoding="utf-8")
    page = generate_report([SAMPLE], TEMPLATE, output=tmp_path / "r.docx", html=template, word=False).html
    shown = opened(browser, page, width=320).execute_script(
        "return Array.from(document.querySelectorAll('svg')).filter(s => s.checkVisibility()).map(s => s.classList[0])")
    assert shown == ["wide"] * 14


def test_the_indicator_set_page_says_change_in_words_and_n_a_once(pages):
    """Each figures table's Change in Performance is an arrow with its words ("↑ Improving"), or n/a alone."""
    rows = [row.findall(f"{NS}td") for row in parsed(pages["indicator-set"]).iter(f"{NS}tr")]
    cells = [text_of(row[4]) for row in rows if len(row) >= 5 and row[0].get("class") == "figure"]
    assert cells and "n/a" in cells and "↑ Improving" in cells
    assert all(cell == "n/a" or cell.split(" ", 1)[0] in "↑↓↔" for cell in cells)
