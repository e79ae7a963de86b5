"""The previous site, emptied after `mkdocs build` has written the new one rather than before.

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
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
