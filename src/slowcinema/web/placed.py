"""What a whole build knows of the files it left in the site, and what the next build finds of them again.

What it keeps, all to spare a build reading back the site it has just written:

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
- **Each file the build makes itself, found at its place** (citations, passages: seven a thousand times in the
  bundles' folders). The record holds each one's digest and identity too. A file of a folder taken back whole
  (slowcinema.web.previous) with the identity the record gives it, when it was taken back, holds the bytes the record's
  digest is of; where the build makes the same bytes, the file is left as it is without reading it (`left`).
- **Identities asked once.** A file left as it is keeps the identity it had when its folder was taken back: `settle`
  takes that one rather than asking the system again. Should anything write the file later, its identity changes
  from that one as well, so nothing is taken for unchanged that is not.

The record is an entry of the cache like any other: its digest is checked, a damaged one is said and made again, and
a new fingerprint (code, configuration, data) keys another.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from . import headers, offline
from .cache import BuildCache
from .walk import Identity, identity, unchanged

KIND = "placed"
RECORD = 2  # the record's form: JSON of a string a file (`_line`), kept as a string entry


class Placed:
    """One build's files: `site` its folder; `use` False (a `mkdocs serve` build) and nothing is known or found;
    `folders`: the site's top folders taken back whole, whose files the build makes are recorded (`left`)."""

    def __init__(self, cache: BuildCache, site: Path, use: bool, folders: Iterable[str] = ()) -> None:
        self.cache, self.site = cache, os.path.abspath(site)
        self.folders = frozenset(folders)  # the bundles' folders (slowcinema.web.previous.take_back): their files recorded
        self.use = use and cache.folder is not None
        self.key = cache.key(KIND, RECORD, self.site) if self.use else ""
        self._before: dict[str, str] | None = None  # the last build's record, read when first asked (`_line`)
        self.files: dict[str, tuple] = {}  # site-relative path -> (digest, policy, the final pass's key or None)
        self.settled: dict[str, Identity] = {}  # site-relative path -> its identity once every page was written
        self.here: dict[str, Identity] = {}  # site-relative path -> its identity when its folder was taken back
        self.untouched: set[str] = set()  # the files of `here` the build left as they were (`found`, `left`)

    def _path(self, rel: str) -> str:
        return os.path.join(self.site, rel)

    def _record(self) -> dict[str, str]:
        if self._before is None:
            found, text = self.cache.get(KIND, self.key)
            try:
                value = json.loads(text) if found and isinstance(text, str) else {}
            except ValueError:
                value = {}
            self._before = value if isinstance(value, dict) else {}
        return self._before

    def _recorded(self, rel: str) -> _Line | None:
        line = self._record().get(rel) if self.use else None
        return _parse(line) if isinstance(line, str) else None

    def found(self, rel: str, final_key: str) -> int | None:
        """The size of the page file `rel` if it holds the final pass kept under `final_key` as the last build left
        it there (see the module's docstring); None if it may not."""
        record = self._recorded(rel)
        if record is None or record.final_key != final_key or record.entry is None:
            return None
        then = self.here.get(rel)  # its identity when its folder was taken back: nothing has changed it since
        if not ((then == record.then if then is not None else unchanged(self._path(rel), record.then))
                and unchanged(os.fspath(self.cache.path("final", final_key)), record.entry)):
            return None
        self.files[rel] = (record.digest, record.policy, final_key)
        if then is not None:  # else asked now (`--dirty`: nothing taken back): asked again at `settle`
            self.untouched.add(rel)
        return record.then[3]

    def taken_back(self, identities: Mapping[str, Identity]) -> None:
        """The files of a folder of the last site taken back whole (slowcinema.web.previous.TakenBack: by their
        paths), each with its identity then."""
        if self.use:
            cut = len(self.site) + 1
            self.here.update((path[cut:], then) for path, then in identities.items()
                             if path.startswith(self.site) and path[cut - 1:cut] == os.sep)

    def left(self, rel: str, data: bytes) -> bool:
        """Whether the file `rel`, which the build makes with the bytes `data`, holds them already as the last build
        left it (see the module's docstring), without reading it; if so it is left as it is, and known to hold them."""
        then = self.here.get(rel)
        record = self._recorded(rel) if then is not None else None
        if record is None or record.final_key is not None or record.then != then:
            return False
        digest = offline.digest(rel, data).hex()
        if record.digest != digest:
            return False
        self.files[rel] = (digest, record.policy, None)
        self.untouched.add(rel)
        return True

    def wrote(self, rel: str, data: bytes, final_key: str | None = None) -> None:
        """The file `rel` holds `data` (written by the build, or found in place with those bytes); `final_key`: the
        key of the final pass it is a page of."""
        if self.use:
            self.files[rel] = (offline.digest(rel, data).hex(), headers.policy(rel, data), final_key)

    def settle(self) -> None:
        """Every page written: each known file's identity now, which any later write changes."""
        self.settled = {}
        for rel in self.files:
            if rel in self.untouched:
                self.settled[rel] = self.here[rel]
                continue
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
        """For the next build: each page written from its kept final pass, and each other file of the bundles' folders,
        with its identity at `settle`. A file written since has another identity: the next build finds it changed."""
        if not self.use:
            return
        record = {}
        for rel, (digest, policy, final_key) in self.files.items():
            then = self.settled.get(rel)
            if then is None:
                continue
            if rel in self.untouched:  # found or left: as the last record has it
                record[rel] = self._before[rel]  # type: ignore[index]
                continue
            if final_key is None:
                if rel.split("/", 1)[0] in self.folders:
                    record[rel] = _line(digest, policy, None, then, None)
                continue
            try:
                record[rel] = _line(digest, policy, final_key, then, identity(os.fspath(self.cache.path("final", final_key))))
            except OSError:  # no kept final pass: nothing to find it by
                continue
        if record != self._before:  # else the same entry, read by this build: kept
            self.cache.put(KIND, self.key, json.dumps(record, ensure_ascii=False, separators=(",", ":")))


class _Line(NamedTuple):
    digest: str
    final_key: str | None
    then: Identity  # the file's, at `settle`
    entry: Identity | None  # the kept final pass's
    policy: str | None


def _line(digest: str, policy: str | None, final_key: str | None, then: Identity, entry: Identity | None) -> str:
    """A file's line of the record: one string, so that reading the record makes no object for the collector to pass
    over (nine thousand lists at a thousand essays, read at the start of every build); the policy last, as it is."""
    return " ".join([digest, final_key or "-", *map(str, then), *(map(str, entry) if entry else ("-",) * 4),
                     "-" if policy is None else f"={policy}"])


def _parse(line: str) -> _Line | None:
    parts = line.split(" ", 10)
    if len(parts) != 11:
        return None
    try:
        then = (int(parts[2]), int(parts[3]), int(parts[4]), int(parts[5]))
        entry = None if parts[6] == "-" else (int(parts[6]), int(parts[7]), int(parts[8]), int(parts[9]))
    except ValueError:
        return None
    return _Line(parts[0], None if parts[1] == "-" else parts[1], then, entry, None if parts[10] == "-" else parts[10][1:])
