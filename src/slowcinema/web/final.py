"""The last steps of a build, the same whatever builds the site: each HTML file's final pass (its
markup corrected, `conformance.fix`, then its policy, `csp.insert`, which hashes the file's final inline
scripts), and, once every file is written, the files that list the whole site (the offline worker and
manifest, the hosts' `_headers`) and the build cache kept to what the build used."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from . import conformance, csp, headers, offline, walk
from .cache import BuildCache
from .placed import Placed

SHORT_NAME = "慢电影档案"  # the name under the icon of the installed archive (the manifest's short_name)


def html(output: str) -> str:
    """An HTML file's final pass: its markup corrected, then the policy of its final inline scripts."""
    return csp.insert(conformance.fix(output))


def page(output: str, cache: BuildCache, key: str | None = None) -> str:
    """A page's final pass (`html`), found again in the build cache by the page's output, or by `key`: one that
    determines the output (a kept frame's, slowcinema_mkdocs/frames.py)."""
    if key is None:
        return cache.memo("final", (output,), lambda: html(output))
    return cache.memo_key("final", key, lambda: html(output))


def template(name: str, output: str) -> str:
    """A file written from a theme template (404.html, sitemap.xml...): the final pass for HTML only."""
    return html(output) if name.endswith(".html") else output


def site(folder: Path, pages: list[str], name: str, description: str, cache: BuildCache, whole: bool,
         warn: Callable[[list[str]], None], sizes: dict[str, int] | None = None, placed: Placed | None = None) -> None:
    """Once every file of the site is written into `folder`: offline reading (the worker, versioned by
    this build, the manifest and `pages`, what can be saved), then `_headers` (last: it lists every
    file), whose problems for a host go to `warn`; after a `whole` build, the build cache removes the
    entries it did not use.

    Not `whole` (a `mkdocs serve` build, which the preview's server holds pages back for): the offline
    worker's version is new with each build instead of the hash of every file (seconds at a thousand
    essays), and no `_headers`, which the preview's server does not read. `sizes`: the pages' sizes as the
    build wrote them, where it knows them (offline.listing). `placed`: what the build knows of the files it wrote, whose
    digests and policies are not read back, and its record of the pages for the next build (slowcinema.web.placed)."""
    digests, policies = placed.known() if placed is not None else ({}, {})
    files = walk.files(folder) if whole else None  # listed once, for the version and for `_headers`
    offline.write(folder, pages, name, SHORT_NAME, description, None if whole else f"preview-{time.time_ns():x}", sizes,
                  digests, lambda size: offline.kept_icon(cache, size), files)
    if whole:
        warn(headers.write(folder, policies, walk.adding(files, folder, offline.WRITES)))  # type: ignore[arg-type]
        if placed is not None:
            placed.save()
        cache.prune()
