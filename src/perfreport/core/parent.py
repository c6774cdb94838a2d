"""Worker processes that end when the process that started them ends, so that a stopped run stops whole."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal sent to this process when its parent ends
WATCH_EVERY = 0.5  # seconds between looks at the parent, where the system cannot tell


def end_with_parent() -> None:
    """Run in a worker process as it starts: the worker ends as soon as its parent does, however the parent
    ended (kill -9 included), rather than going on writing files for a run nobody waits for."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="watching the parent").start()


def _watch(parent: int) -> None:
    """End this process once it has been handed to another parent, as an orphan is."""
    while os.getppid() == parent:
        time.sleep(WATCH_EVERY)
    os._exit(1)
