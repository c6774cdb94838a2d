"""Every command that writes files, tested as SQLite tests its I/O: each file operation it makes in
the team's folder is failed in turn (a full disk that stays full; a write refused once), and each
command is killed at random. Whatever happens, the command ends without a traceback and says what
failed; every output is its old version or a whole new file, and a report's parts are all old or
all new; no input changes; and the next run works and leaves no temporary file behind.

The faults come from tests/faults/inject.c, an LD_PRELOAD library built once per session; it
counts the calls that change files under FAULT_DIR and fails the FAULT_AT-th. Every run is a real
`python -m perfreport` in a folder of its own, two at a time, over the old outputs of a clean run
made before the workbooks were revised, so that old and new outputs differ.

By default the many writes to one file are failed at a few places each (the first two, the middle
one and the last two), and a run is run again only when it left the folder otherwise than a clean
run leaves it (the counting run, over a clean run's folder, is that rerun). PERFREPORT_FAULTS=all
fails every write and reruns after every run."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

import perfreport

pytestmark = [pytest.mark.faults, pytest.mark.skipif(sys.platform != "linux", reason="uses LD_PRELOAD and /proc")]

SHIM = Path(__file__).parent / "faults" / "inject.c"
SOURCE = Path(perfreport.__file__).resolve().parent.parent
SAMPLE = "inputs/performance-report-2023-24-q2.xlsx"
TIMEOUT = 120  # seconds: a guard against a hang, far beyond any run
KILLS = 10  # random kills per command
SETTLE = 5  # seconds a killed run's processes have to end
PERSIST = {"ENOSPC": "1", "EACCES": "0"}  # a full disk stays full; a refusal (a file open elsewhere) happens once
EVERY = os.environ.get("PERFREPORT_FAULTS") == "all"
WRITES = {"write", "pwrite", "pwrite64", "writev", "sendfile", "sendfile64", "copy_file_range"}
SAID = {"ENOSPC": ("no space left", "disk is full"), "EACCES": ("permission denied",)}  # words naming the fault


@dataclass(frozen=True)
class Command:
    name: str
    arguments: tuple[str, ...]  # "{folder}" stands for the run's folder
    status: int = 0  # the exit status of a run without faults
    workers: bool = False  # it runs worker processes, which must end with it


COMMANDS = [
    Command("generate --pdf --html", ("generate", "--pdf", "--html")),
    Command("generate --by committee", ("generate", "{folder}/inputs/committees.xlsx", "--by", "committee"),
            workers=True),
    Command("new-workbook --by owner", ("new-workbook", "sent", "--from", "inputs/three-owners.xlsx", "--by", "owner",
                                        "--force")),
    Command("returns --chase-list", ("returns", SAMPLE, "--expected", SAMPLE, "--chase-list", "chase-list.xlsx"),
            status=1),  # the sample, expected back for the next quarter, is outstanding
    Command("validate --annotate", ("validate", "inputs/broken.xlsx", "--annotate", "annotated"), status=1),
    Command("export --format csv", ("export", "--format", "csv")),
    Command("export --format xlsx", ("export", "--format", "xlsx")),
    Command("benchmarks import", ("benchmarks", "import", "inputs/national-data-illustrative.csv", SAMPLE, "--area",
                                  "E10000003", "--neighbours", "inputs/neighbours.csv", "--output",
                                  "output/q2-with-benchmarks.xlsx")),
]


@dataclass
class Prepared:
    """A command's folder after a clean run, which left the old outputs in it, and what a run there does."""

    command: Command
    folder: Path
    inputs: dict[str, bytes]  # every file there before the clean run
    outputs: dict[str, bytes]  # the files the clean run wrote: the old outputs
    new: dict[str, bytes]  # the outputs as the counting run wrote them
    modes: dict[str, int]  # every file's permissions after the clean run
    seconds: float  # how long the clean run took
    operations: list[str]  # what the shim counted in a run over the old outputs, in order

    def chosen(self) -> list[int]:
        """The k to fail: every operation, but of a file's writes only the first two, the middle one and the
        last two (all of them with PERFREPORT_FAULTS=all)."""
        writes = defaultdict(list)
        for k, line in enumerate(self.operations, start=1):
            op, path = line.split(" ")[1:3]
            if op in WRITES:
                writes[path].append(k)
        kept = {ks[i] for ks in writes.values() for i in (0, 1, len(ks) // 2, -2, -1) if -len(ks) <= i < len(ks)}
        every = set(range(1, len(self.operations) + 1))
        return sorted(every if EVERY else every - {k for ks in writes.values() for k in ks} | kept)


# Files and their contents


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def modes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): stat.S_IMODE(path.stat().st_mode)
            for path in folder.rglob("*") if path.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written since has another."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def _check_csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert data.endswith(b"\n") and all(len(row) == len(rows[0]) for row in rows), "rows of unequal length"


def _check_html(data: bytes) -> None:
    import html5lib

    html5lib.parse(data)
    assert data.rstrip().endswith(b"</html>"), "does not end with </html>"


def _check_pdf(data: bytes) -> None:
    import pikepdf

    assert data.rstrip().endswith(b"%%EOF"), "does not end with %%EOF"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 0, "no pages"


def _check_docx(data: bytes) -> None:
    from docx import Document

    Document(io.BytesIO(data))


OPENERS: dict[str, Callable[[bytes], object]] = {
    ".docx": _check_docx,
    ".xlsx": lambda data: openpyxl.load_workbook(io.BytesIO(data)).close(),
    ".pdf": _check_pdf,
    ".json": json.loads,
    ".html": _check_html,
    ".csv": _check_csv,
}
_opened: dict[tuple[str, str], str | None] = {}


def unreadable(name: str, data: bytes) -> str | None:
    """Why ``data`` is not a whole file of the kind ``name`` ends with, or None when it opens."""
    suffix = next((s for s in OPENERS if name.endswith(s)), "")
    key = (suffix, hashlib.sha256(data).hexdigest())
    if key not in _opened:
        try:
            OPENERS.get(suffix, lambda _: None)(data)
            _opened[key] = None
        except Exception as error:  # whatever the reader raises, the file is not whole
            _opened[key] = f"{type(error).__name__}: {error}"[:200] or type(error).__name__
    return _opened[key]


# Running perfreport


def argv(command: Command, folder: Path) -> list[str]:
    return [sys.executable, "-m", "perfreport", *(a.replace("{folder}", str(folder)) for a in command.arguments)]


def environment(**faults: str) -> dict[str, str]:
    """This environment, with perfreport from this source tree, and ``faults`` for the shim (none: no shim)."""
    kept = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD" and not name.startswith("FAULT_")}
    return kept | {"PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE), os.environ.get("PYTHONPATH")]))} | faults


def run(command: Command, folder: Path, **faults: str) -> subprocess.CompletedProcess:
    """``command`` run in ``folder``. One that has not ended after TIMEOUT is killed with all it started."""
    with subprocess.Popen(argv(command, folder), cwd=folder, env=environment(**faults), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            stderr += f"\n(no end after {TIMEOUT} s: killed)"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def shimmed(shim: Path, folder: Path, at: int, error: str = "ENOSPC") -> dict[str, str]:
    """The environment that has the shim fail call ``at`` under ``folder`` (0: count only), logged beside it."""
    return {"LD_PRELOAD": str(shim), "FAULT_DIR": str(folder), "FAULT_AT": str(at), "FAULT_ERRNO": error,
            "FAULT_PERSIST": PERSIST[error], "FAULT_LOG": str(log_of(folder))}


def log_of(folder: Path) -> Path:
    return folder.with_name(folder.name + ".log")


def operations(folder: Path) -> list[str]:
    """What the shim counted in ``folder``'s run, one line each: "k op path", "FAIL" where it failed."""
    log = log_of(folder)
    return log.read_text().replace(f"{folder}/", "").splitlines() if log.exists() else []


def fresh_copy(prepared: Prepared, folder: Path) -> Path:
    """A folder of its own for a run: the prepared folder, with the old outputs."""
    shutil.copytree(prepared.folder, folder)
    return folder.resolve()


def ended_by(result: subprocess.CompletedProcess) -> str:
    """How a run ended, on one line: a traceback's last frame in perfreport, its last frame and its
    error ("perfreport/output.py:27 write_atomically > zipfile.py:1996 _fpclose | OSError: ..."), or
    the run's last words."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', result.stderr)
    own = [frame for frame in frames if "/perfreport/" in frame[0]][-1:]
    shown = [f"{file.partition('/src/')[2] or Path(file).name}:{line} {name}" for file, line, name in own + frames[-1:]]
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    return (" > ".join(dict.fromkeys(shown)) + " | " if shown else "") + (lines[-1] if lines else "")[:300]


# What must hold after every run


def said_what_failed(prepared: Prepared, result: subprocess.CompletedProcess, error: str | None,
                     before: dict[str, tuple[int, int]], folder: Path) -> list[str]:
    """The run ended without a traceback and either said what failed, or survived the fault (``error``;
    None: it never fired) and wrote every output whole."""
    if "Traceback" in result.stderr:
        return [f"traceback (exit status {result.returncode}): {ended_by(result)}"]
    said = error is not None and any(words in result.stderr.lower() for words in SAID[error])
    if result.returncode != 0 and said:
        return []
    if result.returncode != prepared.command.status:
        return [f"exit status {result.returncode} without saying what failed: {ended_by(result) or 'nothing said'}"]
    if error is None:
        return []
    now = stamps(folder)
    stale = [path for path in prepared.outputs if now.get(path) == before.get(path)]
    return [f"exit status {result.returncode} as if it had worked, but left {path} as it was" for path in stale]


def outputs_whole(prepared: Prepared, folder: Path) -> list[str]:
    """No input changed; every output is its old version or a whole new file; no report is a mixed set."""
    now = snapshot(folder)
    problems = [f"input {path} changed" for path, data in prepared.inputs.items() if now.get(path) != data]
    for path, old in prepared.outputs.items():
        data = now.get(path)
        if data is None:
            problems.append(f"{path} is gone: the old one was there")
        elif data != old and (why := unreadable(path, data)):
            problems.append(f"{path} is neither the old file nor a whole new one ({len(data)} bytes; {why})")
    return problems + mixed_sets(prepared, now)


def mixed_sets(prepared: Prepared, now: dict[str, bytes]) -> list[str]:
    """A report's parts (its .docx, .html, .pdf, .manifest.json) are one set: all old, or all new. A part
    that a run writes byte for byte as it was is either."""
    sets = defaultdict(list)
    for path in prepared.outputs:
        sets[path.split(".")[0]].append(path)
    problems = []
    for stem, parts in sets.items():
        old = [path for path in parts if now.get(path) == prepared.outputs[path] != prepared.new.get(path)]
        new = [path for path in parts if now.get(path) != prepared.outputs[path]]
        if old and new:
            names = [f"{', '.join(path.removeprefix(stem) for path in paths)} {age}" for paths, age in
                     ((new, "new"), (old, "old"))]
            problems.append(f"a mixed set, {stem}: {'; '.join(names)}")
    return problems


def rerun_works(prepared: Prepared, folder: Path) -> list[str]:
    """Run again without faults: it works, and leaves the files a clean run leaves, each whole. A folder
    already as a clean run leaves it (the same files and permissions, each whole) is run again only with
    PERFREPORT_FAULTS=all: the counting run was that rerun."""
    if not EVERY and modes(folder) == prepared.modes and not outputs_whole(prepared, folder):
        return []
    result = run(prepared.command, folder)
    problems = [f"the rerun ended with status {result.returncode}: {ended_by(result)}"
                ] if result.returncode != prepared.command.status or "Traceback" in result.stderr else []
    files, expected = set(modes(folder)), set(prepared.modes)
    problems += [f"after the rerun, {path} is left" for path in sorted(files - expected)]
    problems += [f"after the rerun, {path} is missing" for path in sorted(expected - files)]
    return problems + [f"after the rerun, {p}" for p in outputs_whole(prepared, folder)]


# Setting up


@pytest.fixture(scope="session")
def shim(tmp_path_factory) -> Path:
    compiler = shutil.which("cc")
    if compiler is None:
        pytest.skip("needs a C compiler (cc) to build the fault-injection library tests/faults/inject.c")
    library = tmp_path_factory.mktemp("shim") / "inject.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(SHIM), "-ldl"], check=True,
                   capture_output=True)
    return library


@pytest.fixture(scope="session")
def team_folder(tmp_path_factory) -> Path:
    """`perfreport init`'s folder, with the sample's indicators shared by two committees, by three owners,
    and with a required cell left blank."""
    folder = tmp_path_factory.mktemp("team") / "team"
    subprocess.run([sys.executable, "-m", "perfreport", "init", str(folder)], env=environment(), check=True,
                   capture_output=True, timeout=TIMEOUT)
    rows = range(2, 16)  # the sample's 14 indicators
    edit_indicators(folder / SAMPLE, folder / "inputs/committees.xlsx", "Committee",
                    {row: "Adults and Health Committee" for row in rows if row < 9})
    edit_indicators(folder / SAMPLE, folder / "inputs/three-owners.xlsx", "Owner",
                    {row: ("Head of HR", "Head of IT", "Monitoring Officer")[row % 3] for row in rows})
    edit_indicators(folder / SAMPLE, folder / "inputs/broken.xlsx", "Title", {3: None})
    return folder


def edit_indicators(workbook: Path, copy: Path, column: str, values: dict[int, object]) -> None:
    """Save a copy of ``workbook`` with the given rows of the Indicators sheet's ``column`` changed."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Indicators"]
    number = [cell.value for cell in sheet[1]].index(column) + 1
    for row, value in values.items():
        sheet.cell(row, number).value = value
    book.save(copy)


def revise(folder: Path) -> None:
    """Change the first and last indicators' commentary in every workbook, so that a run from now on writes
    outputs other than the old ones (a report for each committee among them)."""
    for workbook in sorted((folder / "inputs").glob("*.xlsx")):
        last = openpyxl.load_workbook(workbook)["Indicators"].max_row
        edit_indicators(workbook, workbook, "Commentary", dict.fromkeys([2, last], "Revised since the old outputs."))


@pytest.fixture(scope="module")
def prepare(shim, team_folder, tmp_path_factory) -> Callable[[Command], Prepared]:
    """For each command, once: a clean run makes the old outputs; the workbooks are revised; then a
    counting run over the old outputs says which file operations a run makes."""
    done: dict[str, Prepared] = {}

    def prepared(command: Command) -> Prepared:
        if command.name not in done:
            folder = tmp_path_factory.mktemp("clean").resolve() / "team"
            shutil.copytree(team_folder, folder)
            inputs = snapshot(folder)
            started = time.monotonic()
            result = run(command, folder)
            seconds = time.monotonic() - started
            assert result.returncode == command.status and "Traceback" not in result.stderr, result.stderr
            outputs = {path: data for path, data in snapshot(folder).items() if path not in inputs}
            assert outputs and not [p for p in outputs if re.search(r"(^|/)\.|\.(tmp|part)$", p)], sorted(outputs)
            revise(folder)
            inputs = {path: data for path, data in snapshot(folder).items() if path in inputs}
            counting = tmp_path_factory.mktemp("count").resolve() / "team"
            shutil.copytree(folder, counting)
            result = run(command, counting, **shimmed(shim, counting, 0))
            assert result.returncode == command.status, f"the shim alone changed the run: {result.stderr}"
            new = {path: data for path, data in snapshot(counting).items() if path in outputs}
            done[command.name] = Prepared(command, folder, inputs, outputs, new, modes(folder), seconds,
                                          operations(counting))
        return done[command.name]

    return prepared


def in_pairs(jobs: Iterable[Callable[[], list[str]]]) -> list[str]:
    """Run the jobs two at a time (the machine has two cores): every problem they found."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return [problem for found in pool.map(lambda job: job(), jobs) for problem in found]


def report(prepared: Prepared, runs: int, problems: list[str]) -> str:
    """The problems grouped by what went wrong, each with the runs it went wrong in."""
    grouped = defaultdict(list)
    for problem in problems:
        where, _, what = problem.partition(": ")
        grouped[re.sub(r"(\.[\w.-]+?-)[a-z0-9_]{8}\.", r"\1XXXXXXXX.", what)].append(where)
    lines = [f"{prepared.command.name}: {len(problems)} problems in {runs} runs ({len(prepared.operations)} "
             f"operations counted in a run; a clean run took {prepared.seconds:.1f} s)"]
    for what, wheres in sorted(grouped.items(), key=lambda item: -len(item[1])):
        lines += [f"{len(wheres)}x {what}", *(f"    {where}" for where in wheres)]
    return "\n".join(lines)


def relative(problems: list[str], folder: Path) -> list[str]:
    return [problem.replace(f"{folder}/", "") for problem in problems]


# The tests


@pytest.mark.parametrize("command", COMMANDS, ids=[command.name for command in COMMANDS])
def test_every_file_operation_failed_in_turn(command, prepare, shim, tmp_path):
    """The k-th file operation fails, for each k, with ENOSPC from then on, and with EACCES once."""
    prepared = prepare(command)

    def fail(k: int, error: str) -> list[str]:
        folder = fresh_copy(prepared, tmp_path / f"{error}-{k}")
        before = stamps(folder)
        result = run(command, folder, **shimmed(shim, folder, k, error))
        failed = [line.split(" ", 1)[1].removesuffix(" FAIL") for line in operations(folder) if line.endswith(" FAIL")]
        more = f" and {len(failed) - 1} later" if len(failed) > 1 else ""
        where = f"k={k} {error} " + (f"({failed[0]}{more})" if failed else "(never fired)")
        problems = said_what_failed(prepared, result, error if failed else None, before, folder)
        problems += outputs_whole(prepared, folder) + rerun_works(prepared, folder)
        return [f"{where}: {problem}" for problem in relative(problems, folder)]

    runs = [(k, error) for k in prepared.chosen() for error in PERSIST]
    problems = in_pairs(lambda k=k, error=error: fail(k, error) for k, error in runs)
    if problems:
        pytest.fail(report(prepared, len(runs), problems), pytrace=False)


@pytest.mark.parametrize("command", COMMANDS, ids=[command.name for command in COMMANDS])
def test_killed_at_random(command, prepare, tmp_path):
    """kill -9 after a random (seeded) part of a clean run's time. The whole process group is killed;
    for a command with workers every other run kills the main process alone, as the OOM killer or
    `kill -9 PID` would, and its workers must end with it."""
    prepared = prepare(command)
    chance = random.Random(command.name)
    delays = [chance.uniform(0, prepared.seconds) for _ in range(KILLS)]

    def kill(number: int, delay: float) -> list[str]:
        folder = fresh_copy(prepared, tmp_path / f"kill-{number}")
        alone = command.workers and number % 2 == 1
        process = subprocess.Popen(argv(command, folder), cwd=folder, env=environment(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=delay)
            when = "after it had ended"
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL) if alone else os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            when = "its main process alone" if alone else "its process group"
        problems = still_running(folder, process.pid) + outputs_whole(prepared, folder) + rerun_works(prepared, folder)
        return [f"kill #{number} at {delay:.2f} s ({when}): {problem}" for problem in relative(problems, folder)]

    problems = in_pairs(lambda number=number, delay=delay: kill(number, delay) for number, delay in enumerate(delays))
    if problems:
        pytest.fail(report(prepared, KILLS, problems), pytrace=False)


def still_running(folder: Path, group: int) -> list[str]:
    """The run's processes (those whose command line names ``folder``) still alive SETTLE seconds after
    it was killed; they are then ended, with the rest of its process group."""
    deadline = time.monotonic() + SETTLE
    while (left := processes_naming(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with _gone():
            os.kill(pid, signal.SIGKILL)
    with _gone():
        os.killpg(group, signal.SIGKILL)
    return [f"{len(left)} of its processes were still running {SETTLE} s after it was killed"] if left else []


def processes_naming(folder: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            with _gone():
                if f"{folder}/".encode() in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
    return pids


def _gone() -> contextlib.suppress:
    """Ignore a process (or its /proc entry) that has already ended."""
    return contextlib.suppress(ProcessLookupError, FileNotFoundError, PermissionError)
