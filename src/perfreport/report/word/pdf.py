"""The report as a PDF, written by LibreOffice in headless mode and finished as PDF/UA-1
(pdf_ua): tagged for screen readers, with its table of contents filled in and its links working.
Several reports are written through one start of LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from perfreport.core.output import Output, write_file
from perfreport.core.problems import Problem, ProblemsFound, Severity

INSTALL = (
    "Install LibreOffice: on Debian or Ubuntu, sudo apt-get install libreoffice-writer-nogui; "
    "on Windows or macOS, from https://www.libreoffice.org/download/."
)
PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
TIMEOUT = 1800  # seconds a report; one of thousands of pages takes minutes
EXPORT = "macro:///Standard.Perfreport.ExportPdfs"
# The macro's run is LibreOffice's first full start in its new settings folder (--terminate_after_init
# stops before that part): it then finishes setting the folder up, synchronising extensions, and may
# restart itself (exit status 81, which the soffice launcher usually hides) or otherwise end without
# running the macro. The macro is run again, on the reports left, while a run finishes one; a run that
# finishes none is made ATTEMPTS times in a row at most.
ATTEMPTS = 2

# Exports each report in turn. For each, it loads the report hidden and read-only (so that a lock file
# beside it, the report being open in LibreOffice or a LibreOffice stopped part-way, does not stop the
# load), refreshes its table of contents and fields (LibreOffice does not on loading a .docx), and
# exports a tagged PDF/UA PDF, under another name until it is whole. Paths come in the environment, so
# that no file name needs quoting. A report that fails has its error written beside its PDF's path, and
# the next report goes on. (An error the macro does not handle would stop LibreOffice at a dialog box
# no one sees, until TIMEOUT: the error handler ends with Resume, so that closing cannot raise one.)
MACRO = """Sub ExportPdfs
  For i = 1 To CLng(Environ("PERFREPORT_REPORTS"))
    ExportPdf(Environ("PERFREPORT_REPORT_" & i), Environ("PERFREPORT_PDF_" & i))
  Next i
  StarDesktop.terminate()
End Sub

Sub ExportPdf(path As String, pdf As String)
  Dim report As Object
  On Error GoTo Failed
  Dim load(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  load(1).Name = "ReadOnly" : load(1).Value = True
  report = StarDesktop.loadComponentFromURL(ConvertToURL(path), "_blank", 0, load())
  indexes = report.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  report.getTextFields().refresh()
  Dim options(3) As New com.sun.star.beans.PropertyValue
  options(0).Name = "UseTaggedPDF" : options(0).Value = True
  options(1).Name = "ExportBookmarks" : options(1).Value = True
  options(2).Name = "DisplayPDFDocumentTitle" : options(2).Value = True
  options(3).Name = "PDFUACompliance" : options(3).Value = True
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName" : store(0).Value = "writer_pdf_Export"
  store(1).Name = "FilterData" : store(1).Value = options()
  report.storeToURL(ConvertToURL(pdf & ".part"), store())
  Name pdf & ".part" As pdf
  GoTo Closing
Failed:
  f = FreeFile
  Open pdf & ".error" For Output As #f
  Print #f, Error$
  Close #f
  Resume Closing
Closing:
  On Error Resume Next
  If Not IsNull(report) Then report.close(True)
End Sub
"""
LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Perfreport"/>
</library:library>
"""
MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Perfreport" script:language="StarBasic">{}</script:module>
"""


def find_libreoffice() -> str | None:
    """The LibreOffice program on this machine, or None."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((place for place in PLACES if Path(place).is_file()), None)


def write_pdf(report: Path, pdf: Path) -> list[Problem]:
    """Write ``report`` (.docx) as a tagged PDF/UA-1 PDF to ``pdf``, through the write gate: the warnings of
    what keeps it from PDF/UA-1 (see pdf_ua.finish). Raises ProblemsFound when LibreOffice is missing or
    fails, or the PDF cannot be written; an earlier PDF is then left as it was."""
    [(made, problems)] = make_pdfs([(report, pdf)])
    if made is None:
        raise ProblemsFound(problems)
    write_file(Output(pdf, "the PDF", (".pdf",)), made)
    return problems


def make_pdfs(reports: list[tuple[Path, Path]]) -> list[tuple[bytes | None, list[Problem]]]:
    """Each (report, PDF) pair's report (.docx) made a PDF/UA-1 PDF through one start of LibreOffice: its
    bytes (None where it could not be made) and its problems, named as the PDF's. One report's failure does
    not stop the others."""
    soffice = find_libreoffice()
    if soffice is None:
        return [(None, [libreoffice_missing(pdf)]) for _, pdf in reports]
    if not reports:
        return []
    with tempfile.TemporaryDirectory(prefix="perfreport-pdf-", ignore_cleanup_errors=True) as work:
        converted = _convert(soffice, [report.resolve() for report, _ in reports], Path(work))
        return [_finished(made, report, pdf) for made, (report, pdf) in zip(converted, reports)]


def libreoffice_missing(pdf: Path) -> Problem:
    return Problem("libreoffice-missing", Severity.ERROR, "The PDF needs LibreOffice, which is not installed.",
                   INSTALL, str(pdf))


def _finished(converted: Path | str, report: Path, pdf: Path) -> tuple[bytes | None, list[Problem]]:
    """LibreOffice's PDF of ``report`` finished as PDF/UA-1: its bytes and problems; or, ``converted``
    being what LibreOffice said instead of a PDF, the failure."""
    from perfreport.report.word.pdf_ua import finish  # pikepdf: loaded only when a PDF is made
    if isinstance(converted, str):
        return None, [_failed(pdf, converted)]
    finished = converted.with_stem(f"{converted.stem}-finished")
    try:
        problems = [replace(problem, file=str(pdf)) for problem in finish(converted, report, finished)]
        return finished.read_bytes(), problems
    except Exception as error:  # whatever stops one PDF, the others stand
        return None, [Problem("pdf-failed", Severity.ERROR, f"The PDF could not be finished: {error!r}.",
                              "Report this, with the report.", str(pdf))]


def _convert(soffice: str, reports: list[Path], work: Path) -> list[Path | str]:
    """Each report made a PDF in ``work`` by LibreOffice, with a settings folder of its own there:
    the PDF, or what LibreOffice said instead."""
    profile = work / "profile"
    exports = [work / f"{number}.pdf" for number in range(1, len(reports) + 1)]
    try:
        _libreoffice(soffice, profile, "--terminate_after_init").check_returncode()
        _add_macro(profile)
        status = _export(soffice, profile, list(zip(reports, exports)))
        stopped = f"nothing; it stopped (exit status {status}) without finishing the PDF."
    except (OSError, subprocess.SubprocessError) as error:
        stopped = str(error)
    return [_outcome(export, stopped) for export in exports]


def _export(soffice: str, profile: Path, jobs: list[tuple[Path, Path]]) -> int:
    """Run the export macro on the (report, PDF) jobs until each has its PDF or its error (see
    ATTEMPTS): the last run's exit status."""
    idle = 0
    while jobs and idle < ATTEMPTS:
        ended = _libreoffice(soffice, profile, EXPORT, timeout=TIMEOUT * len(jobs), **_environment(jobs))
        left = [(report, pdf) for report, pdf in jobs if not _done(pdf)]
        idle = idle + 1 if len(left) == len(jobs) else 0
        jobs = left[1:] + left[:1]  # the report a run stopped in, if it stopped in one, goes last
    return ended.returncode


def _environment(jobs: list[tuple[Path, Path]]) -> dict[str, str]:
    """The jobs as the macro reads them: how many, and each one's report and PDF."""
    environment = {"PERFREPORT_REPORTS": str(len(jobs))}
    for number, (report, pdf) in enumerate(jobs, start=1):
        environment |= {f"PERFREPORT_REPORT_{number}": str(report), f"PERFREPORT_PDF_{number}": str(pdf)}
    return environment


def _done(pdf: Path) -> bool:
    return pdf.is_file() or _error_file(pdf).is_file()


def _outcome(pdf: Path, stopped: str) -> Path | str:
    """The PDF the macro wrote, or what it wrote instead, or ``stopped`` when it wrote neither."""
    if _error_file(pdf).is_file():
        return " ".join(_error_file(pdf).read_text(errors="replace").split())
    return pdf if pdf.is_file() and pdf.stat().st_size else stopped


def _error_file(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + ".error")


def _libreoffice(
    soffice: str, profile: Path, argument: str, timeout: int = TIMEOUT, **environment: str
) -> subprocess.CompletedProcess:
    """Run LibreOffice headless with its own settings folder, so that an open LibreOffice is not disturbed.
    Its exit status is left to the caller."""
    return subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
         "--nolockcheck", argument],
        env={**os.environ, **environment}, capture_output=True, timeout=timeout, check=False,
    )


def _add_macro(profile: Path) -> None:
    """Put the export macro in the settings folder's Standard library, which LibreOffice has just made."""
    library = profile / "user" / "basic" / "Standard"
    (library / "Perfreport.xba").write_text(MODULE.format(escape(MACRO)), encoding="utf-8")
    (library / "script.xlb").write_text(LIBRARY, encoding="utf-8")


def _failed(pdf: Path, detail: str) -> Problem:
    said = f" LibreOffice said: {detail}" if detail else ""
    return Problem("pdf-failed", Severity.ERROR, f"LibreOffice could not write the PDF.{said}",
                   "Check that the report opens in LibreOffice, and that the PDF is not open in another program.",
                   str(pdf))
