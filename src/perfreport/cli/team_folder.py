"""A team's working folder, made by ``perfreport init``: editable copies of the templates, the
owners' workbook and the samples, an output folder, and a settings file for the team's defaults."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from perfreport.cli.settings import DEFAULT_OUTPUT_FOLDER
from perfreport.shipped import TEAM_FILES, shipped


@dataclass
class TeamFolder:
    """What making a team's folder did: the files written, and those already there and left alone."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def make_team_folder(folder: Path) -> TeamFolder:
    """Copy every shipped file a team starts with into ``folder`` (made if need be), and make its
    output folder. A file already there is never replaced. Raises OSError if the folder cannot be
    written to."""
    made = TeamFolder(folder)
    for name in TEAM_FILES:
        target = folder / name
        if target.exists():
            made.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(shipped(name), "rb") as source, open(target, "xb") as copy:  # "x": never over a file made meanwhile
            shutil.copyfileobj(source, copy)
        made.written.append(target)
    (folder / DEFAULT_OUTPUT_FOLDER).mkdir(parents=True, exist_ok=True)
    return made
