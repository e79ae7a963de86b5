"""The files under a folder of the built site, listed for the steps that read a whole site (offline reading's
version, the hosts' `_headers`, the search index's old files): with `os.scandir`, which tells a file from a
folder without asking the system again, at ten thousand files a build."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path


def files(folder: Path, leave: Collection[str] = ()) -> list[tuple[str, str]]:
    """Every file under `folder` (symbolic links to files too, not folders they link to), as (its path relative
    to `folder`, with "/"; its path), in the order of their paths' parts, as sorting their `Path`s gives. `leave`:
    the names of folders right under `folder` that are not walked."""
    found: list[tuple[str, str]] = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or entry.name not in leave:
                        walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.path))

    if os.path.isdir(folder):
        walk(os.fspath(folder), "")
    found.sort(key=lambda f: f[0].split("/"))
    return found


def identity(path: str) -> tuple[int, int, int, int]:
    """What any write, truncation or rename of the file at `path` changes: its inode, change and modification
    times and size (not followed if it is a link)."""
    st = os.lstat(path)
    return st.st_ino, st.st_ctime_ns, st.st_mtime_ns, st.st_size
