"""A second process beside the build, for work that would otherwise wait for this one's core.

Forked, so it starts at once with everything this process holds (the archive, the templates, the pages)
and imports nothing again, and only where forking is safe: this process runs a single thread, as
`mkdocs build` does (`mkdocs serve` runs its server's threads; its rebuilds do the work here, as they
always did). None where it cannot help: a machine with one core, or no fork (Windows).

Work done there must be the same as here: a function of its arguments, whose result comes back whole.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor


def second_process() -> ProcessPoolExecutor | None:
    """One forked worker process (it forks at the first `submit`), or None. End it with `shutdown`."""
    if (len(os.sched_getaffinity(0)) < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return None
    # The process's collector leaves alone what it was forked with: a collection there would walk every object
    # this process holds (hundreds of megabytes at a thousand essays), copying each page of memory it touches.
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze)
