"""Where the build scripts put what perfreport ships: into the package, and the same file at the
same place in the checkout, which is laid out as a team's folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "perfreport" / "shipped"


def ship(name: str, save: Callable[[Path], None]) -> None:
    """Save the shipped file ``name`` (e.g. "templates/committee-report.docx") with ``save``, then copy it
    to the checkout."""
    packaged, checkout = PACKAGE / name, ROOT / name
    packaged.parent.mkdir(parents=True, exist_ok=True)
    save(packaged)
    checkout.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(packaged, checkout)
    print(f"Written {packaged.relative_to(ROOT)} and {checkout.relative_to(ROOT)}")
