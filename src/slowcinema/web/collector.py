"""Python's cyclic garbage collector during a whole build (`mkdocs build`). The build makes millions of objects and
keeps most of them to its end; left as it is, the collector walks them all again and again: 0.4 s of a cached build
at a thousand essays, over a second of a build from nothing.

So from `start` to `end`:
- what the build holds is frozen at each of its stages (`stage`, `gc.freeze`): a collection passes over it, and a
  process the build forks (slowcinema.archive.beside) does not copy the memory a collection would write to;
- the youngest generation is collected every `YOUNG` new objects rather than every 700: most of the build's
  short-lived objects are freed by their reference counts before any collection.
At the end, or when the build fails, everything frozen is thawed (whoever froze it) and the thresholds are as they
were, so a process that goes on (a test that builds again) collects what the build left. Not for `mkdocs serve`,
whose rebuilds follow one another in one process. (At the process's exit, slowcinema.archive.ending freezes
everything again, so that Python's last collection skips it.)
"""

from __future__ import annotations

import gc

YOUNG = 100_000
_before: tuple[int, int, int] | None = None  # the thresholds before `start`, while a build runs


def start() -> None:
    global _before
    end()
    _before = gc.get_threshold()
    gc.set_threshold(YOUNG, *_before[1:])
    gc.freeze()


def stage() -> None:
    """What the build holds now, frozen (nothing if no build has started)."""
    if _before is not None:
        gc.freeze()


def end() -> None:
    global _before
    if _before is not None:
        gc.unfreeze()
        gc.set_threshold(*_before)
        _before = None
