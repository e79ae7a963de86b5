"""`mkdocs serve --dirty` (what `make serve` runs) made exact for the archive.

MkDocs rebuilds a page under --dirty only when its source is newer than its output. Three things of
ours break that rule, and are mended here:

- the language files of a bundle (an essay, a manifesto, a clip gallery) share one output page: when
  one of them changes, all of them are read again, so the merged page is rebuilt with every language;
- a bundle's page also shows what lies outside its language files: the registry entries it names,
  the entries listed at its foot, a manifesto's principles and signatories, a gallery's clips.
  `slowcinema.archive.indexes.page_signatures` digests that for each page; a page whose digest changed since
  the last build is rebuilt, though its own files were not touched;
- pages that are not bundles (home, section pages, tags, films, authors, timeline, clips, contribute)
  list or count the whole archive: they are rebuilt whenever what they show may have changed, that is
  when any front matter or data file changed (`slowcinema.archive.indexes.listing_signature`).

An edit to the text of an essay alone therefore rebuilds that essay only, and every page left as it
was is exact. MkDocs' own warning about dirty builds is replaced by that explanation (a warning would
abort our strict build). So is the live server's "will appear stuck" message after a failed rebuild:
our problems are listed above it with their file and line, and the next save rebuilds (until then the
server holds requests back rather than serve a half-built site).
"""

from __future__ import annotations

import logging
import os

from mkdocs.structure.files import File, Files

_WARNING = "A 'dirty' build is being performed"
EXPLANATION = ("Rebuilding only what changed (mkdocs serve --dirty): the edited bundle, and the pages that list "
               "the archive when front matter or data changed.")


class _Explain(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(_WARNING):
            record.levelno, record.levelname, record.msg, record.args = logging.INFO, "INFO", EXPLANATION, ()
        return True


_STUCK = "An error happened during the rebuild. The server will appear stuck"
AFTER_ERROR = ("The preview waits for a good build (pages load again once there is one). Fix the problem named "
               "above, at its file and line, and save: it rebuilds by itself, no restart needed.")


class _AfterError(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)  # "[hh:mm:ss] An error happened..." (the live server prefixes the time)
        if _STUCK in msg:
            record.msg, record.args = msg[: msg.index(_STUCK)] + AFTER_ERROR, ()
        return True


def explain_instead_of_warning() -> None:
    for name, kind in (("mkdocs.commands.build", _Explain), ("mkdocs.livereload", _AfterError)):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


def _rebuild(f: File) -> None:
    f.is_modified = lambda: True  # type: ignore[method-assign]


def _keep(f: File) -> None:
    f.is_modified = lambda: False  # type: ignore[method-assign]


def mark(files: Files, bundle_urls: set[str], changed_urls: set[str] | None, lists_changed: bool) -> None:
    """Before pages are read: which pages this dirty build renders besides the ones edited.
    `bundle_urls`: every bundle's page; `changed_urls`: those whose signature changed (None: no
    earlier build to compare with, so every one); `lists_changed`: the listing signature changed."""
    groups: dict[str, list[File]] = {}
    for f in files.documentation_pages():
        groups.setdefault(f.dest_uri, []).append(f)  # a bundle's language files share their page
    for dest, group in groups.items():
        url = dest[: -len("index.html")] if dest.endswith("index.html") else None
        if url in bundle_urls:
            if changed_urls is None or url in changed_urls or any(f.is_modified() for f in group):
                for f in group:
                    _rebuild(f)
            else:
                for f in group:
                    _keep(f)
            continue
        for f in group:
            if lists_changed:
                _rebuild(f)
            elif f.generated_by and os.path.isfile(f.abs_dest_path):
                _keep(f)  # generated pages count as always modified: this one has nothing new to show
