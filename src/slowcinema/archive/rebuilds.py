"""`mkdocs serve --dirty` (what `make serve` runs) made exact for the archive: which pages a rebuild
renders.

MkDocs rebuilds a page under --dirty only when its source is newer than its output. Three things of
ours break that rule, and are mended here:

- the language files of a bundle (an essay, a manifesto, a clip gallery) share one output page: when
  one of them changes, all of them are read again, so the merged page is rebuilt with every language;
- a bundle's page also shows what lies outside its language files: the registry entries it names,
  the entries listed at its foot, a manifesto's principles and signatories, a gallery's clips.
  `indexes.page_signatures` digests that for each page; a page whose digest changed since the last
  build is rebuilt, though its own files were not touched;
- pages that are not bundles (home, section pages, tags, films, authors, timeline, clips, contribute)
  list or count the whole archive: they are rebuilt whenever what they show may have changed, that is
  when any front matter or data file changed (`indexes.listing_signature`).

An edit to the text of an essay alone therefore rebuilds that essay only, and every page left as it
was is exact.

What the log says (`reword`): MkDocs' warning about dirty builds is replaced by an explanation (a
warning would abort our strict build). So is the live server's "will appear stuck" message after a
failed rebuild: our problems are listed above it with their file and line, and the next save rebuilds
(until then the server holds requests back rather than serve a half-built site).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import indexes
from .load import Archive

_WARNING = "A 'dirty' build is being performed"
EXPLANATION = ("Rebuilding only what changed (mkdocs serve --dirty): the edited bundle, and the pages that list "
               "the archive when front matter or data changed.")
_STUCK = "An error happened during the rebuild. The server will appear stuck"
AFTER_ERROR = ("The preview waits for a good build (pages load again once there is one). Fix the problem named "
               "above, at its file and line, and save: it rebuilds by itself, no restart needed.")


def reword(message: str, level: int) -> tuple[int, str] | None:
    """A message of MkDocs' about rebuilds as the archive says it (level, text), or None to leave it."""
    if level == logging.WARNING and message.startswith(_WARNING):
        return logging.INFO, EXPLANATION
    if _STUCK in message:  # "[hh:mm:ss] An error happened..." (the live server prefixes the time)
        return level, message[: message.index(_STUCK)] + AFTER_ERROR
    return None


class Reword(logging.Filter):
    """A logging filter that passes each record as `reword` says it: on the loggers where the build tool
    speaks of rebuilds (for MkDocs, its build and its live server)."""

    @classmethod
    def onto(cls, logger: logging.Logger) -> None:
        """This filter on `logger`, once (`mkdocs serve` may ask again)."""
        if not any(isinstance(f, cls) for f in logger.filters):
            logger.addFilter(cls())

    def filter(self, record: logging.LogRecord) -> bool:
        new = reword(str(record.msg), record.levelno)
        if new is not None:
            record.levelno, record.msg, record.args = new[0], new[1], ()
            record.levelname = logging.getLevelName(new[0])
        return True


@dataclass(frozen=True)
class PageFile:
    """A documentation file as MkDocs holds it, for the decision."""

    dest_uri: str
    modified: bool  # MkDocs' own verdict: its source is newer than its output
    generated: bool  # made by a plugin (MkDocs counts these as always modified)
    built: bool  # its output exists


class Rebuilds:
    """Kept across `serve` rebuilds (by the plugin that owns it): what the last finished build showed."""

    def __init__(self) -> None:
        self._built: tuple[str, dict[str, str]] | None = None
        self._pending: tuple[str, dict[str, str]] | None = None

    def decide(self, archive: Archive, docs: Path, drafts: bool, related: int, pages: list[PageFile]) -> dict[str, bool]:
        """dest_uri -> True (render it) or False (keep its output); a file left out is left to MkDocs."""
        listed = indexes.listing_signature(archive, docs)
        signatures = indexes.page_signatures(archive, docs, drafts, related, listed)
        built_listed, built_pages = self._built or (None, None)
        changed = None if built_pages is None else {u for u, s in signatures.items() if built_pages.get(u) != s}
        self._pending = (listed, signatures)
        return decide(pages, set(signatures), changed, listed != built_listed)

    def finished(self) -> None:
        """Only now: a build that failed halfway leaves its pages to the next."""
        self._built = self._pending


def decide(pages: list[PageFile], bundle_urls: set[str], changed_urls: set[str] | None, lists_changed: bool) -> dict[str, bool]:
    """`bundle_urls`: every bundle's page; `changed_urls`: those whose signature changed (None: no
    earlier build to compare with, so every one); `lists_changed`: the listing signature changed."""
    groups: dict[str, list[PageFile]] = {}
    for f in pages:
        groups.setdefault(f.dest_uri, []).append(f)  # a bundle's language files share their page
    out: dict[str, bool] = {}
    for dest, group in groups.items():
        url = dest[: -len("index.html")] if dest.endswith("index.html") else None
        if url in bundle_urls:
            out[dest] = changed_urls is None or url in changed_urls or any(f.modified for f in group)
        elif lists_changed:
            out[dest] = True
        elif all(f.generated and f.built for f in group):
            out[dest] = False  # generated pages count as always modified: this one has nothing new to show
    return out
