"""The end of a `mkdocs build` process.

When Python exits it clears every module and runs its collector over all that the build still holds
(at a thousand essays, about 0.7 s of a 10 s cached build). `gc.freeze` at exit puts those objects out
of the collector's reach: they are still freed as their references go, only the collector's passes are
skipped. What the build writes is closed and flushed before then (files in `with` blocks; the log by
`logging`'s own exit handler, which runs after this one).
"""

from __future__ import annotations

import atexit
import gc

_asked = False


def without_last_collection() -> None:
    """Skip the collector's passes over everything at this process's exit. Once per process, however often
    asked (a process that runs many builds, such as the tests', asks once per build)."""
    global _asked
    if not _asked:
        atexit.register(gc.freeze)
        _asked = True
