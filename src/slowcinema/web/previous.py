"""The previous site, emptied after `mkdocs build` has written the new one rather than before (the MkDocs
adapter calls it: slowcinema_mkdocs.archive.plugin; nothing here needs MkDocs).

MkDocs empties site_dir (all but its hidden entries) before it writes anything. Where a file system frees
blocks slowly (ext4 mounted with `discard`, as on many cloud machines), files created just after
thousands were deleted are created slowly: at a thousand essays on the benchmark's machine, a cached
build wrote the site's 7,000 generated files in 7.3 s after the deletion and in 1.4 s without it.

So `mkdocs build` (not `--dirty`, not `serve`) first moves site_dir's entries, except the hidden ones
MkDocs keeps, into one hidden folder inside it (`HOLD`): a rename each, on the same file system. MkDocs
then finds nothing to delete, writes the new site, and the folder is deleted once every file is written,
before the build's last pass reads the site (slowcinema.web.final), or when the build fails. A folder left
by a build that was killed is taken in by the next one. Where anything cannot be moved, MkDocs deletes it
as it always did.

The bundles' folders (essays/, manifesto/, clips/: eight files an essay) are moved back whole just before MkDocs
writes the site (`take_back`): a page is written over its old file, or left as it is where the file holds its bytes
already (the MkDocs adapter's in_place), and a file the build makes with the bytes it has already is left as it is,
so a cached build makes and deletes almost no file there. After the build, a file of those folders that is still
exactly as it was moved back (its inode, change time and size: nothing wrote it) and that the build did not find in
place is removed (`stale`); a file that anything wrote stays. (A plugin that would write there only where a file is
missing finds the old one, and it is removed: write it each build.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import walk

HOLD = ".sca-previous"  # hidden: MkDocs' emptying of site_dir passes over it


def set_aside(site_dir: Path) -> Path | None:
    """Move site_dir's entries (not the hidden ones) into site_dir/HOLD; returns HOLD, or None if there is none."""
    if site_dir.is_symlink() or not site_dir.is_dir() or os.path.ismount(site_dir):
        return None
    hold = site_dir / HOLD
    try:
        if hold.exists():  # left by a build that did not end: it goes with the rest
            hold.rename(site_dir / f"{HOLD}-{os.getpid()}")
            hold.mkdir()
            (site_dir / f"{HOLD}-{os.getpid()}").rename(hold / "left")
        else:
            hold.mkdir()
        for entry in site_dir.iterdir():
            if not entry.name.startswith("."):
                entry.rename(hold / entry.name)
    except OSError:
        pass  # what was not moved is deleted by MkDocs, as always
    return hold if hold.is_dir() else None


def remove(hold: Path | None) -> None:
    if hold is not None:
        shutil.rmtree(hold, ignore_errors=True)


class TakenBack:
    """A folder of the previous site moved back into the new one whole (`take_back`): each file's identity then
    (its inode, change and modification times and size), by path."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.before = {path: walk.identity(path) for _, path in walk.files(folder, ordered=False)}


def take_back(hold: Path | None, site_dir: Path, name: str) -> TakenBack | None:
    """Before MkDocs writes the site: the previous site's folder `name` (the essays', thousands of files) moved back
    whole, where the new site has nothing of it yet. A page is then written over its old file, and a file the build
    makes with the bytes it already has is left as it is: no file made and none deleted. `stale` removes, after the
    build, what nothing wrote there."""
    if hold is None:
        return None
    src, dest = hold / name, site_dir / name
    if src.is_symlink() or not src.is_dir() or os.path.lexists(dest):
        return None
    try:
        src.rename(dest)
    except OSError:
        return None
    return TakenBack(dest)


def stale(taken: TakenBack | None, unwritten: set[str]) -> None:
    """After the build wrote every file: each file of the folder taken back that is still as it was then (nothing
    wrote it: not the build, not any plugin) and that the build did not find in place as it would have written it
    (`unwritten`: paths), and each folder that leaves empty. Times are compared with themselves, never with a clock."""
    if taken is None:
        return
    emptied = set()
    for path, identity in taken.before.items():
        if path not in unwritten and walk.unchanged(path, identity):
            os.unlink(path)
            emptied.add(os.path.dirname(path))
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first, then up while empty
        while folder != str(taken.folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
