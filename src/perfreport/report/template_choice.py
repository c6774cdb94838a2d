"""Which templates make the report: the Word template given on the command line, else in the settings, else
the one the Report sheet's Template names, else the committee report's; the HTML template as given, else the
Word template's twin. A template perfreport ships is taken from the team's folder where it has a copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perfreport.core.file_names import slug
from perfreport.core.problems import Problem, Severity
from perfreport.core.regular_files import not_a_file_problem
from perfreport.shipped import COMMITTEE_HTML, COMMITTEE_TEMPLATE, INDICATOR_SET_HTML, INDICATOR_SET_TEMPLATE, shipped

if TYPE_CHECKING:
    from perfreport.workbook.reader import WorkbookContent

DEFAULT_CHOICE = "perfreport's default"


@dataclass(frozen=True)
class ShippedTemplate:
    """A template perfreport ships: its name as the Report sheet gives it, its files and what it makes."""

    name: str  # "Indicator set"
    word: str  # its place in a team's folder: "templates/indicator-set.docx"
    html: str
    description: str

    @property
    def label(self) -> str:
        """How output names it: indicator-set."""
        return slug(self.name)


SHIPPED_TEMPLATES = (
    ShippedTemplate("Committee report", COMMITTEE_TEMPLATE, COMMITTEE_HTML,
                    "the committee's performance report: cover, key, index and a page for each indicator"),
    ShippedTemplate("Indicator set", INDICATOR_SET_TEMPLATE, INDICATOR_SET_HTML,
                    "the older indicator set, titled by its services, with change shown as arrows; made for the "
                    "Very Green/Green/Amber/Red scheme"),
)
DEFAULT_TEMPLATE = SHIPPED_TEMPLATES[0]


@dataclass(frozen=True)
class ChosenTemplate:
    """The templates a report is filled from, and what chose them."""

    word: Path
    html: Path
    chosen_by: str  # "given by --template", "set in perfreport.toml", "named on the Report sheet of q2.xlsx"
    shipped: ShippedTemplate | None = None  # the shipped template chosen by name, or by default

    @property
    def is_default(self) -> bool:
        return self.chosen_by == DEFAULT_CHOICE

    @property
    def name(self) -> str:
        """What the template is called: indicator-set, or a template file's name without .docx."""
        return self.shipped.label if self.shipped else self.word.stem

    def described(self, word: bool = True, html: bool = False) -> str:
        """The templates filled, and what chose them: 'the indicator-set template (templates/indicator-set.docx),
        named on the Report sheet of set.xlsx'; with ``html``, its HTML template too (alone, without ``word``)."""
        files = self.files(word, html)
        own = "perfreport's own "
        if len(files) == 2 and all(file.startswith(own) for file in files):
            files[1] = files[1].removeprefix(own)
        return f"the {self.name} template ({' and '.join(files)}), {self.chosen_by}"

    def files(self, word: bool = True, html: bool = False) -> list[str]:
        """The Word and (with ``html``) HTML templates' files as output names them: a shipped one not copied
        into the team's folder as "perfreport's own templates/committee-report.docx"."""
        shown = []
        for path, place, wanted in ((self.word, self.shipped and self.shipped.word, word),
                                    (self.html, self.shipped and self.shipped.html, html)):
            if wanted:
                shown.append(f"perfreport's own {place}" if place and path == shipped(place) else _shown(path))
        return shown


@dataclass(frozen=True)
class TemplateChoice:
    """What the command line and settings say of the templates (``word_by`` says which gave ``word``); the
    Report sheet and the defaults decide the rest. ``folder`` is the team's: its templates/ come first."""

    word: Path | None = None
    word_by: str = "given"
    html: Path | None = None
    folder: Path = Path()

    def choose(self, content: WorkbookContent | None = None) -> tuple[ChosenTemplate, list[Problem]]:
        """The templates, with a problem where the one chosen is not there or the Report sheet names none
        perfreport knows (the default is then chosen, so that the workbooks can still be checked)."""
        if self.word is not None:
            chosen = ChosenTemplate(self.word, self._html(self.word, None), self.word_by)
        elif content is not None and content.template:
            found = self._named(content)
            if isinstance(found, Problem):
                return self._default(), [found]
            chosen = found
        else:
            chosen = self._default()
        if refused := not_a_file_problem(chosen.word, "template", str(chosen.word)):
            return chosen, [refused]
        if not chosen.word.is_file():
            return chosen, [Problem("missing-template", Severity.ERROR, "No such template.",
                                    "Give the path of a .docx template.", str(chosen.word))]
        return chosen, []

    def _default(self) -> ChosenTemplate:
        return self.shipped(DEFAULT_TEMPLATE, DEFAULT_CHOICE)

    def shipped(self, template: ShippedTemplate, chosen_by: str = "") -> ChosenTemplate:
        """A shipped template, from the team's folder where it has a copy."""
        word = self._in_folder(template.word)
        return ChosenTemplate(word, self._html(word, template), chosen_by, template)

    def _in_folder(self, name: str) -> Path:
        local = self.folder / name
        return local if local.is_file() else shipped(name)

    def _html(self, word: Path, template: ShippedTemplate | None) -> Path:
        """The HTML template given, else the one beside the Word template with its name, else the shipped one
        of that name, else the shipped committee report's."""
        if self.html is not None:
            return self.html
        beside = word.with_suffix(".html")
        if beside.is_file():
            return beside
        twin = template or next((t for t in SHIPPED_TEMPLATES if Path(t.word).name == word.name), DEFAULT_TEMPLATE)
        return self._in_folder(twin.html)

    def _named(self, content: WorkbookContent) -> ChosenTemplate | Problem:
        """The template the Report sheet's Template names: a shipped one by its name, or a .docx file beside
        the workbook or in the team's folder (a shipped template's file name being that template)."""
        from perfreport.workbook.schema import REPORT_SHEET  # the workbook package: loaded only with a workbook

        value, workbook = " ".join(content.template.split()), content.template_from
        file, cell = content.template_place
        chosen_by = f"named on the Report sheet of {file}"
        for template in SHIPPED_TEMPLATES:
            if slug(value) == template.label:
                return self.shipped(template, chosen_by)
        if not value.casefold().endswith(".docx"):
            names = " or ".join(template.name for template in SHIPPED_TEMPLATES)
            return Problem("unknown-template", Severity.ERROR, f"Template: {value!r} is not a template perfreport knows.",
                           f"Choose {names}, or give a Word template's file name ending .docx; blank makes the "
                           f"{DEFAULT_TEMPLATE.name.lower()}.", file, REPORT_SHEET, cell)
        places = [place / value for place in (workbook.parent if workbook else Path(), self.folder)]
        if found := next((path for path in places if path.is_file()), None):
            return ChosenTemplate(found, self._html(found, None), chosen_by)
        for template in SHIPPED_TEMPLATES:
            if Path(value).name.casefold() == Path(template.word).name:
                return self.shipped(template, chosen_by)
        return Problem("unknown-template", Severity.ERROR,
                       f"Template: there is no {value} beside this workbook, nor in {_folder(self.folder)}.",
                       "Give the name of a Word template that is there, e.g. templates/my-report.docx, or choose "
                       f"{' or '.join(template.name for template in SHIPPED_TEMPLATES)}.", file, REPORT_SHEET, cell)


def _shown(path: Path) -> str:
    """A path as output shows it: from the current folder where it is within it, else in full."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _folder(folder: Path) -> str:
    return "this folder" if folder.resolve() == Path.cwd().resolve() else f"the folder {_shown(folder)}"
