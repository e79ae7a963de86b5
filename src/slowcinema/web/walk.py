"""The files under a folder of the built site, listed for the steps that read a whole site (offline reading's
version, the hosts' `_headers`, the search index's old files): with `os.scandir`, which tells a file from a
folder without asking the system again, at ten thousand files a build. And a file's identity, by which a later
step knows that nothing wrote it since (slowcinema.web.previous, placed)."""

from __future__ import annotations

import os
from pathlib import Path


def files(folder: Path, ordered: bool = True) -> list[tuple[str, str]]:
    """Every file under `folder` (symbolic links to files too, not folders they link to), as (its path relative
    to `folder`, with "/"; its path), in the order of their paths' parts, as sorting their `Path`s gives (unless not
    `ordered`: for a step that only looks each one up)."""
    found: list[tuple[str, str]] = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.path))

    if os.path.isdir(folder):
        walk(os.fspath(folder), "")
    if ordered:
        found.sort(key=_order)
    return found


def _order(f: tuple[str, str]) -> list[str]:
    return f[0].split("/")


def adding(found: list[tuple[str, str]], folder: Path, rels: list[str]) -> list[tuple[str, str]]:
    """`found` (`files(folder)`) with the files `rels` (relative to `folder`, with "/"), written since, in its order."""
    known = {rel for rel, _ in found}
    return sorted(found + [(rel, os.path.join(folder, rel)) for rel in rels if rel not in known], key=_order)


Identity = tuple[int, int, int, int]


def identity(path: str) -> Identity:
    """The file's inode, change and modification times and size: any write, truncation or rename changes one (and the
    change time cannot be set back)."""
    st = os.lstat(path)
    return st.st_ino, st.st_ctime_ns, st.st_mtime_ns, st.st_size


def unchanged(path: str, known: Identity) -> bool:
    """Whether the file at `path` still has the identity `known` (False where it is gone or cannot be asked)."""
    try:
        return identity(path) == known
    except OSError:
        return False
