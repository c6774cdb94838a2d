"""The report as a PDF, written by LibreOffice in headless mode: tagged for screen readers,
with its table of contents filled in and its links working."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from perfreport.output import write_atomically
from perfreport.problems import Problem, ProblemsFound, Severity

INSTALL = (
    "Install LibreOffice: on Debian or Ubuntu, sudo apt-get install libreoffice-writer-nogui; "
    "on Windows or macOS, from https://www.libreoffice.org/download/."
)
PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
TIMEOUT = 1800  # seconds; a report of thousands of pages takes minutes
EXPORT = "macro:///Standard.Perfreport.ExportPdf"
# The macro's run is LibreOffice's first full start in its new settings folder (--terminate_after_init
# stops before that part): it then finishes setting the folder up, synchronising extensions, and may
# restart itself (exit status 81, which the soffice launcher usually hides) or otherwise end without
# running the macro. A run that ends without the macro's PDF or error is made once more.
ATTEMPTS = 2

# Loads the report hidden and read-only (so that a lock file beside it, the report being open in
# LibreOffice or a LibreOffice stopped part-way, does not stop the load), refreshes its table of
# contents and fields (LibreOffice does not on loading a .docx), and exports a tagged PDF. Paths
# come in the environment, so that no file name needs quoting. On failure it writes the error
# beside the PDF's path.
MACRO = """Sub ExportPdf
  On Error GoTo Failed
  Dim load(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  load(1).Name = "ReadOnly" : load(1).Value = True
  report = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("PERFREPORT_REPORT")), "_blank", 0, load())
  indexes = report.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  report.getTextFields().refresh()
  Dim options(2) As New com.sun.star.beans.PropertyValue
  options(0).Name = "UseTaggedPDF" : options(0).Value = True
  options(1).Name = "ExportBookmarks" : options(1).Value = True
  options(2).Name = "DisplayPDFDocumentTitle" : options(2).Value = True
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName" : store(0).Value = "writer_pdf_Export"
  store(1).Name = "FilterData" : store(1).Value = options()
  report.storeToURL(ConvertToURL(Environ("PERFREPORT_PDF")), store())
  report.close(True)
  StarDesktop.terminate()
  Exit Sub
Failed:
  f = FreeFile
  Open Environ("PERFREPORT_PDF") & ".error" For Output As #f
  Print #f, Error$
  Close #f
  StarDesktop.terminate()
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


def write_pdf(report: Path, pdf: Path) -> None:
    """Write ``report`` (.docx) as a tagged PDF to ``pdf``, atomically. Raises ProblemsFound
    when LibreOffice is missing or fails, or the PDF cannot be written; an earlier PDF is then
    left as it was."""
    soffice = find_libreoffice()
    if soffice is None:
        raise ProblemsFound(
            [Problem("libreoffice-missing", Severity.ERROR, "The PDF needs LibreOffice, which is not installed.",
                     INSTALL, str(pdf))]
        )
    try:
        with tempfile.TemporaryDirectory(prefix="perfreport-pdf-", ignore_cleanup_errors=True) as work:
            converted = _convert(soffice, report.resolve(), Path(work), pdf)
            write_atomically(pdf, lambda temporary: shutil.copyfile(converted, temporary))
    except OSError as error:
        raise ProblemsFound([_cannot_write(pdf, error)]) from error


def _convert(soffice: str, report: Path, work: Path, pdf: Path) -> Path:
    """The report made a PDF in ``work``, by LibreOffice with a settings folder of its own there.
    Raises ProblemsFound, naming ``pdf``, with what LibreOffice said if it could not."""
    profile, converted = work / "profile", work / "report.pdf"
    failure = converted.with_name(converted.name + ".error")
    try:
        _libreoffice(soffice, profile, "--terminate_after_init").check_returncode()
        _add_macro(profile)
        for _ in range(ATTEMPTS):
            converted.unlink(missing_ok=True)  # what a run that stopped part-way left
            ended = _libreoffice(soffice, profile, EXPORT, PERFREPORT_REPORT=str(report), PERFREPORT_PDF=str(converted))
            if failure.is_file() or (ended.returncode == 0 and converted.is_file()):
                break
    except (OSError, subprocess.SubprocessError) as error:
        raise ProblemsFound([_failed(pdf, str(error))]) from error
    if failure.is_file():
        raise ProblemsFound([_failed(pdf, " ".join(failure.read_text(errors="replace").split()))])
    if ended.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        stopped = f"nothing; it stopped (exit status {ended.returncode}) without finishing the PDF."
        raise ProblemsFound([_failed(pdf, stopped)])
    return converted


def _libreoffice(soffice: str, profile: Path, argument: str, **environment: str) -> subprocess.CompletedProcess:
    """Run LibreOffice headless with its own settings folder, so that an open LibreOffice is not disturbed.
    Its exit status is left to the caller."""
    return subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
         "--nolockcheck", argument],
        env={**os.environ, **environment}, capture_output=True, timeout=TIMEOUT, check=False,
    )


def _add_macro(profile: Path) -> None:
    """Put the export macro in the settings folder's Standard library, which LibreOffice has just made."""
    library = profile / "user" / "basic" / "Standard"
    (library / "Perfreport.xba").write_text(MODULE.format(escape(MACRO)), encoding="utf-8")
    (library / "script.xlb").write_text(LIBRARY, encoding="utf-8")


def _cannot_write(pdf: Path, error: OSError) -> Problem:
    """The PDF made, but not put in place: open in a reader (Windows refuses to replace it), or a full disk."""
    action = ("The disk is full: free some space and run again." if error.errno == errno.ENOSPC else
              "Close the PDF if it is open in a PDF reader, and check that the folder can be written to.")
    return Problem("cannot-write", Severity.ERROR, f"The PDF cannot be written: {error.strerror or error}.", action, str(pdf))


def _failed(pdf: Path, detail: str) -> Problem:
    said = f" LibreOffice said: {detail}" if detail else ""
    return Problem("pdf-failed", Severity.ERROR, f"LibreOffice could not write the PDF.{said}",
                   "Check that the report opens in LibreOffice, and that the PDF is not open in another program.",
                   str(pdf))
