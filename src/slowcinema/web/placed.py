"""What a whole build knows of the files it left in the site, and what the next build finds of them again.

Two things, both to spare a build reading back the site it has just written:

- **Each file's digest and policy.** Offline reading's version hashes every file of the site and the hosts'
  `_headers` reads every page's policy (slowcinema.web.offline, headers). A file whose bytes the build holds (a page
  in its last pass, a file it generates) is not read back for them: its digest and policy are taken from those bytes
  (`wrote`). Only where the file is as it was when every page had been written (`settle`): its identity (inode, change
  and modification times, size) unchanged since, so nothing wrote it after (`known`).
- **Each bundle page, found at its place.** The record of the last whole build (`save`: an entry of the build cache,
  kind "placed", keyed by the site's folder) holds, for each page written from its final pass kept in the cache
  (slowcinema_mkdocs/frames.py), that pass's key, the page file's identity and the kept entry's identity, its digest
  and policy. A page whose final pass has the same key, whose file and kept entry both have the same identity, holds
  the bytes that entry holds: nothing can have written either without changing its change time. So the page is left
  as it is, and neither the entry nor the file is read (`found`). Anything else, and the page is made as before.

The record is an entry of the cache like any other: its digest is checked, a damaged one is said and made again, and
a new fingerprint (code, configuration, data) keys another.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from . import headers, offline
from .cache import BuildCache
from .walk import Identity, identity, unchanged

KIND = "placed"


class Placed:
    """One build's files: `site` its folder; `use` False (a `mkdocs serve` build) and nothing is known or found."""

    def __init__(self, cache: BuildCache, site: Path, use: bool) -> None:
        self.cache, self.site = cache, os.path.abspath(site)
        self.use = use and cache.folder is not None
        self.key = cache.key(KIND, self.site) if self.use else ""
        self._before: dict[str, list] | None = None  # the last build's record, read when first asked
        self.files: dict[str, list] = {}  # site-relative path -> [digest, policy, the final pass's key or None]
        self.settled: dict[str, Identity] = {}  # site-relative path -> its identity once every page was written

    def _path(self, rel: str) -> str:
        return os.path.join(self.site, rel)

    def _record(self) -> dict[str, list]:
        if self._before is None:
            found, value = self.cache.get(KIND, self.key)
            self._before = value if found and isinstance(value, dict) else {}
        return self._before

    def found(self, rel: str, final_key: str) -> int | None:
        """The size of the page file `rel` if it holds the final pass kept under `final_key` as the last build left
        it there (see the module's docstring); None if it may not."""
        record = self._record().get(rel) if self.use else None
        if not (isinstance(record, list) and len(record) == 5 and record[2] == final_key):
            return None
        if not (unchanged(self._path(rel), record[3]) and unchanged(os.fspath(self.cache.path("final", final_key)), record[4])):
            return None
        self.files[rel] = record[:3]
        return record[3][3]

    def wrote(self, rel: str, data: bytes, final_key: str | None = None) -> None:
        """The file `rel` holds `data` (written by the build, or found in place with those bytes); `final_key`: the
        key of the final pass it is a page of."""
        if self.use:
            self.files[rel] = [offline.digest(rel, data).hex(), headers.policy(rel, data), final_key]

    def settle(self) -> None:
        """Every page written: each known file's identity now, which any later write changes."""
        self.settled = {}
        for rel in self.files:
            try:
                self.settled[rel] = identity(self._path(rel))
            except OSError:
                pass

    def known(self) -> tuple[Mapping[str, bytes], Mapping[str, str | None]]:
        """The digests and policies of the files still as they were at `settle`, by site-relative path."""
        digests, policies = {}, {}
        for rel, then in self.settled.items():
            if unchanged(self._path(rel), then):
                digest, policies[rel], _ = self.files[rel]
                digests[rel] = bytes.fromhex(digest)
        return digests, policies

    def save(self) -> None:
        """For the next build: each page written from its kept final pass, still as it was at `settle`."""
        if not self.use:
            return
        record = {}
        for rel, (digest, policy, final_key) in self.files.items():
            then = self.settled.get(rel)
            if final_key is None or then is None or not unchanged(self._path(rel), then):
                continue
            try:  # the identities are tuples, which the cache keeps as tuples
                record[rel] = [digest, policy, final_key, then, identity(os.fspath(self.cache.path("final", final_key)))]
            except OSError:  # no kept final pass: nothing to find it by
                continue
        self.cache.put(KIND, self.key, record)
