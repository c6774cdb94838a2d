"""Writing output files atomically, so that a failure never leaves a partial file."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

RANDOM_PART = "[a-z0-9_]{8}"  # what tempfile.mkstemp puts between a temporary file's prefix and suffix
STALE = 15 * 60  # seconds: a temporary file untouched this long was left by a run that was stopped


def write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Call ``write`` with a temporary name beside ``path``, then rename it into place. Temporary
    files that stopped runs left for ``path`` go first. An OSError is raised as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(path)
    handle, temporary = tempfile.mkstemp(prefix=_prefix(path), suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_leftovers(path: Path) -> None:
    """Remove the temporary files of ``path`` that a run stopped mid-write (killed, or the machine
    turned off) left beside it: only files named as write_atomically names them for ``path``, and
    only those untouched for STALE seconds, as another run may be writing ``path`` now. A file
    that cannot be removed is left."""
    leftover = re.compile(re.escape(_prefix(path)) + RANDOM_PART + re.escape(path.suffix))
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if leftover.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > STALE:
                        os.unlink(entry.path)


def _prefix(path: Path) -> str:
    return f".{path.stem}-"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def replacing(targets: Iterable[Path], inputs: Iterable[Path]) -> list[Path]:
    """Those of ``targets`` that are one of ``inputs``, however each path is written: writing them would lose it."""
    taken = {Path(path).resolve() for path in inputs}
    return [target for target in targets if Path(target).resolve() in taken]
