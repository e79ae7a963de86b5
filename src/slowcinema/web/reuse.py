"""The files a build makes itself (citations, passages, feeds, the search index's shards...), written only
where their bytes changed.

A file already at its place with the same bytes (a `mkdocs serve` rebuild, `--dirty`) is left as it is.
A whole build first sets the previous site aside (slowcinema/web/previous.py): a file found there
with the same bytes is moved back, one rename in place of creating and writing a file, and of deleting the old
one afterwards. The bytes are compared in full, so the site is the same as if every file had been written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def holds(path: str | Path, data: bytes) -> bool:  # the file at `path` holds exactly `data`
    try:
        with open(path, "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:  # missing, a folder, unreadable: written afresh
        return False


def put(dest: Path, data: bytes, previous: Path | None = None, *, atomic: bool = False) -> bool:
    """`data` into the file `dest`, unless `dest` already holds it, or `previous` (the same file in the previous
    site set aside) does and can be moved back. `atomic`: written through a temporary file renamed into place,
    so that a reader of a site being served never gets half a file. Returns whether anything was written."""
    if holds(dest, data):
        return False
    if previous is not None and holds(previous, data):
        try:
            in_folder(dest, lambda: os.replace(previous, dest))
            return False
        except OSError:
            pass
    target = dest.with_name(f"{dest.name}.{os.getpid()}.tmp") if atomic else dest
    in_folder(target, lambda: target.write_bytes(data))
    if atomic:
        os.replace(target, dest)
    return True


def in_folder(path: str | Path, act: Callable[[], object]) -> None:
    """`act`, which makes the file `path`; its folders made first where they are missing. Asked of the system only
    then: a thousand essays' files share a few hundred folders (the build cache's entries, a few hundred too)."""
    try:
        act()
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        act()
