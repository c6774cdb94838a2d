"""The one gate every file perfreport writes passes: checked against what the run reads and its other
outputs before any work, written whole beside its final path, and put in place with its companions or not
at all, keeping the permissions of the file it replaces."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import socket
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perfreport.core.problems import Problem, ProblemsFound, Severity

STALE = 15 * 60  # seconds: a temporary file untouched this long was left by a run that was stopped
# Spreadsheets written straight into a folder of returns would be read as returns by the next run.
SPREADSHEETS = (".xlsx", ".xlsm")
HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]  # tells this computer's runs from others'


@dataclass(frozen=True)
class Output:
    """A file a run will write: where, what it is called in messages ("the report"), and the endings its format
    may have (the first is the one to use)."""

    path: Path
    what: str
    endings: tuple[str, ...]


def check_outputs(outputs: Iterable[Output], reads: Iterable[Path | str]) -> list[Problem]:
    """Every problem with writing ``outputs``, before any work: a name that does not end as its format does,
    a file the run reads (``reads``: files, and folders whose spreadsheets it reads) or a folder it reads, a
    spreadsheet put among the returns it reads, two outputs at one path, a folder where the file would go, or
    a file where a folder is wanted."""
    files, folders = _read(reads)
    problems: list[Problem] = []
    taken: dict[str, Output] = {}
    for output in outputs:
        try:
            problem = _named_badly(output) or _in_the_way(output) or _over_input(output, files, folders)
        except (OSError, ValueError) as error:  # a name too long, or a folder that may not be looked in
            reason = getattr(error, "strerror", None) or str(error)
            problem = _error("bad-output-name", output, f"This path cannot be used: {reason}.",
                             "Give a shorter name, or a folder you may use.")
        key = _key(output.path)
        if problem is None and key in taken:
            first = taken[key]
            problem = _error("same-output", output, f"{_capital(first.what)} and {output.what} would both be written "
                             "to this file, one over the other.", "Give them different names or folders.")
        taken.setdefault(key, output)
        if problem:
            problems.append(problem)
    return problems


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file (not a folder), never raising for a name too long or with a NUL in it."""
    try:
        return path.exists() and not path.is_dir()
    except (OSError, ValueError):
        return False


def refuse_outputs(outputs: Iterable[Output], reads: Iterable[Path | str]) -> None:
    """Raise ProblemsFound, before anything is written, if check_outputs finds any problem."""
    if problems := check_outputs(outputs, reads):
        raise ProblemsFound(problems)


def _read(reads: Iterable[Path | str]) -> tuple[set[str], set[str]]:
    files, folders = set(), set()
    for path in map(Path, reads):
        with contextlib.suppress(OSError, ValueError):
            (folders if path.is_dir() else files).add(_key(path))
    return files, folders


def _key(path: Path) -> str:
    """One spelling of a path however it is written: links followed, and in one case, as Windows and macOS
    take names."""
    try:
        return os.path.normcase(str(Path(path).resolve())).casefold()
    except (OSError, ValueError, RuntimeError):
        return str(path).casefold()


def _named_badly(output: Output) -> Problem | None:
    if "\0" in str(output.path):
        return _error("bad-output-name", output, "The name holds a NUL character, which no file name may.",
                      "Give the name again without it.")
    if output.path.suffix.lower() not in output.endings:
        return _error("wrong-output-ending", output, f"{_capital(output.what)} is written as {output.endings[0]}, but "
                      f"this name ends {output.path.suffix or 'without an ending'}.",
                      f"Give a name ending in {output.endings[0]}.")
    return None


def _in_the_way(output: Output) -> Problem | None:
    """A folder where the file would go, or a file where one of its folders would be."""
    path = output.path
    if path.is_dir():
        return _error("output-is-folder", output, f"There is a folder here, where {output.what} would be written.",
                      "Give the name of a file, not a folder.")
    if path.exists() and not path.is_symlink() and not path.is_file():
        return _error("not-a-regular-file", output, f"Something that is not a file (a named pipe or a device) is here, "
                      f"where {output.what} would be written.", "Give another name, or move it away.")
    for folder in path.parents:
        if folder.is_dir():
            return None
        if folder.exists() or folder.is_symlink():
            return _error("folder-is-file", output, f"{folder} is a file, but {output.what} needs a folder of that "
                          "name.", "Choose another folder, or move that file.")
    return None


def _over_input(output: Output, files: set[str], folders: set[str]) -> Problem | None:
    key = _key(output.path)
    among = output.path.suffix.lower() in SPREADSHEETS and _key(output.path.parent) in folders
    if key in files or key in folders or (among and output.path.exists()):
        return _error("overwrite-input", output, f"{_capital(output.what)} would be written over a file this run "
                      "reads.", "Choose another name or folder for it.")
    if among:
        return _error("output-among-returns", output, f"{_capital(output.what)} would be written into a folder of "
                      "workbooks this run reads, where the next run would read it as a return.",
                      "Choose another folder for it.")
    return None


def _error(code: str, output: Output, message: str, action: str) -> Problem:
    return Problem(code, Severity.ERROR, message, action, str(output.path))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class FileSet:
    """Files written as one set: each written whole (and flushed to disk) under a temporary name beside its
    final path, then all put in place together, in the order added (a manifest last), or none of them.
    The file each replaces keeps its permissions. Use it as a context manager: what is not committed is
    removed on leaving."""

    def __init__(self, planned: Iterable[Output] = ()) -> None:
        """``planned``: every file the set will hold, for messages to name, where they are known at the start."""
        self.planned = [output.path for output in planned]
        self.staged: list[tuple[Output, Path]] = []

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def add(self, output: Output, data: bytes) -> Path:
        """Write ``data`` under a temporary name beside ``output``'s path (which it returns, for a program to
        read); raises ProblemsFound, naming the file and what was not written, if it cannot be."""
        path = output.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(path)
            temporary = _temporary(path)
            try:
                _write_whole(temporary, data, _mode_for(path))
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        except (OSError, ValueError) as error:
            problem = self._not_written(output, error)
            self.discard()
            raise ProblemsFound([problem]) from error
        self.staged.append((output, temporary))
        return temporary

    def commit(self) -> list[Path]:
        """Put every staged file in place, the last added last: the paths written. If one cannot be, those
        already put in place are taken back, so the old set stands, and ProblemsFound says so."""
        backups: list[tuple[Path, Path | None]] = []  # each final path, and a link to the file it replaces
        try:
            for output, _ in self.staged:
                backups.append((output.path, _backup(output.path)))
        except OSError as error:
            self._forget(backups)
            problem = self._not_written(self.staged[len(backups)][0], error)
            self.discard()
            raise ProblemsFound([problem]) from error
        placed = 0
        try:
            for output, temporary in self.staged:
                os.replace(temporary, output.path)
                placed += 1
        except BaseException as error:  # a refusal, a full folder, or Ctrl-C part-way: the old set is put back
            problem = self._not_written(self.staged[placed][0], error, self._take_back(backups[:placed]))
            self.discard()
            self._forget(backups)
            if not isinstance(error, OSError):
                raise
            raise ProblemsFound([problem]) from error
        self._forget(backups)
        for folder in dict.fromkeys(output.path.parent for output, _ in self.staged):
            _flush_folder(folder)
        written = [output.path for output, _ in self.staged]
        self.staged = []
        return written

    def discard(self) -> None:
        """Remove every staged file not yet put in place."""
        for _, temporary in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        self.staged = []

    def _take_back(self, placed: list[tuple[Path, Path | None]]) -> list[Path]:
        """The old files put back over those already placed (a new file with none before is removed): the
        paths that could not be, which now hold the new file."""
        stuck = []
        for path, backup in reversed(placed):
            try:
                if backup is None:
                    path.unlink()
                else:
                    os.replace(backup, path)
            except OSError:
                stuck.append(path)
        return stuck

    @staticmethod
    def _forget(backups: list[tuple[Path, Path | None]]) -> None:
        for _, backup in backups:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink(missing_ok=True)

    def _not_written(self, failed: Output, error: BaseException, stuck: list[Path] = ()) -> Problem:
        """The problem of a set that could not be written, saying exactly what was and was not."""
        paths = list(dict.fromkeys([*self.planned, *(output.path for output, _ in self.staged), failed.path]))
        reason = getattr(error, "strerror", None) or str(error)
        message = f"{_capital(failed.what)} cannot be written: {reason}."
        if stuck:
            message += (f" {_names([p for p in paths if p in stuck])} {'was' if len(stuck) == 1 else 'were'} "
                        f"replaced; {_names([p for p in paths if p not in stuck]) or 'nothing else'} left as before.")
        elif len(paths) > 1:
            message += f" Nothing was replaced: {_names(paths)} are as they were."
        else:
            message += " Nothing was replaced."
        return Problem("cannot-write", Severity.ERROR, message, _advice(error, failed.path), str(failed.path))


def write_file(output: Output, data: bytes) -> Path:
    """Write one file through the gate: whole, or not at all. Raises ProblemsFound where it cannot be."""
    with FileSet() as files:
        files.add(output, data)
        return files.commit()[0]


def _advice(error: BaseException, path: Path) -> str:
    number = getattr(error, "errno", None)
    if number == errno.ENOSPC or number == errno.EDQUOT:
        return "The disk is full: free some space and run again."
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Check that you may write to {path.parent}, and close the file if it is open in another "
                "program (Word, Excel or a PDF reader).")
    if number in (errno.ENOTDIR, errno.EEXIST):
        return "Part of the path is a file where a folder is wanted: choose another folder."
    return "Check the folder exists and can be written to, then run again."


def _names(paths: list[Path]) -> str:
    names = [path.name for path in paths]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _temporary(path: Path) -> Path:
    """A new, empty temporary file beside ``path``, named so that a later run knows whose it is."""
    handle, name = tempfile.mkstemp(prefix=f"{_prefix(path)}{os.getpid()}.", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
    os.close(handle)
    return Path(name)


def _prefix(path: Path) -> str:
    return f".{path.stem}.{HOST}."


def _write_whole(path: Path, data: bytes, mode: int) -> None:
    """``data`` written to ``path`` and flushed to the disk, with ``mode``."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(path, mode)


def _mode_for(path: Path) -> int:
    """The permissions a file written at ``path`` gets: those of the file it replaces, else the usual ones."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return 0o666 & ~_umask()
    return stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _backup(path: Path) -> Path | None:
    """A second name for the file at ``path`` (a hard link, else a copy), to put back if the set cannot be
    written whole; None where there is no file."""
    if not path.is_file():
        return None
    backup = _temporary(path)
    backup.unlink()
    try:
        os.link(path, backup)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS):
            raise
        _write_whole(backup, path.read_bytes(), _mode_for(path))
    return backup


def _flush_folder(folder: Path) -> None:
    """Make the folder's new entries last through a power cut, where the system allows it."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files of ``path`` that runs stopped mid-write (killed, or the machine turned off)
    left beside it: only files named as this gate names them for ``path``, and only those of a run on this
    computer that has ended, or of another computer's run, untouched for STALE seconds. A file that cannot be
    removed is left."""
    leftover = re.compile(re.escape(f".{path.stem}.") + r"(?P<host>[0-9a-f]{6})\.(?P<pid>\d+)\.[a-z0-9_]{8}"
                          + re.escape(f".tmp{path.suffix}"))
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            found = leftover.fullmatch(entry.name)
            if found is None or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                here = found["host"] == HOST
                if not _running(int(found["pid"])) if here else now - entry.stat().st_mtime > STALE:
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (on Windows, where that cannot be asked safely, yes)."""
    if os.name == "nt" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
