"""The files under a folder of the built site, listed for the steps that read a whole site (offline reading's
version, the hosts' `_headers`, the search index's old files): with `os.scandir`, which tells a file from a
folder without asking the system again, at ten thousand files a build."""

from __future__ import annotations

import os
from pathlib import Path


def files(folder: Path) -> list[tuple[str, str]]:
    """Every file under `folder` (symbolic links to files too, not folders they link to), as (its path relative
    to `folder`, with "/"; its path), in the order of their paths' parts, as sorting their `Path`s gives."""
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
    found.sort(key=lambda f: f[0].split("/"))
    return found
