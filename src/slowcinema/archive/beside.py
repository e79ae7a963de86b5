"""A second process beside the build, for work that would otherwise wait for this one's core.

Forked, so it starts at once with everything this process holds (the archive, the templates, the pages)
and imports nothing again, and only where forking is safe: this process runs a single thread, as
`mkdocs build` does (`mkdocs serve` runs its server's threads; its rebuilds do the work here, as they
always did). None where it cannot help: a machine with one core, or no fork (Windows).

Work done there must be the same as here: a function of its arguments and of what the build handed the
process as it began (`handed`), whose result comes back whole.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor


_HANDED: object = None  # in the second process only: what the build handed it (`handed`)


def second_process(handed: object) -> ProcessPoolExecutor | None:
    """One forked worker process (it forks at the first `submit`), or None. End it with `shutdown`. `handed`
    (the build's state, say) is what the work done there reads with `handed()`: given as it is, not copied,
    since a forked process starts with this one's memory; this process keeps it only as long as the pool."""
    if (len(os.sched_getaffinity(0)) < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return None
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_start, initargs=(handed,))


def _start(value: object) -> None:  # the second process, as it begins
    global _HANDED
    # Its collector leaves alone what it was forked with: a collection there would walk every object this
    # process holds (hundreds of megabytes at a thousand essays), copying each page of memory it touches.
    gc.freeze()
    _HANDED = value


def handed() -> object:
    """In the second process: what the build handed it (`second_process`)."""
    if _HANDED is None:
        raise RuntimeError("handed() is asked in a second process only")
    return _HANDED
