"""`mkdocs serve --dirty` (what `make serve` runs) made exact for the archive.

MkDocs rebuilds a page under --dirty only when its source is newer than its output. Two things of
ours break that rule, and are mended here:

- the language files of a bundle share one output page: when one of them changes, all of them are
  read again, so the merged page is rebuilt with every language;
- pages that are not bundles (home, section pages, tags, films, authors, timeline, contribute) list
  or count the whole archive: they are rebuilt every time. They are few, so this stays fast.

Essays that were not edited keep their last output. What could go stale in them is what comes from
other entries (the related entries at their foot); a restart of the server rebuilds everything.
MkDocs' own warning about dirty builds is therefore replaced by that explanation (a warning would
abort our strict build).
"""

from __future__ import annotations

import logging

from mkdocs.structure.files import File, Files

_WARNING = "A 'dirty' build is being performed"
EXPLANATION = ("Rebuilding only what changed (mkdocs serve --dirty): the edited bundle, and every page that lists "
               "the archive. Other essays keep their last build; restart the server for a full build.")


class _Explain(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(_WARNING):
            record.levelno, record.levelname, record.msg, record.args = logging.INFO, "INFO", EXPLANATION, ()
        return True


def explain_instead_of_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _Explain) for f in logger.filters):
        logger.addFilter(_Explain())


def _rebuild(f: File) -> None:
    f.is_modified = lambda: True  # type: ignore[method-assign]


def mark(files: Files, bundles: list[dict[str, File]]) -> None:
    """Before pages are read: which pages this dirty build renders besides the ones edited."""
    in_bundles = set()
    for lang_files in bundles:
        group = [f for f in lang_files.values() if f is not None]
        in_bundles.update(id(f) for f in group)
        if any(f.is_modified() for f in group):
            for f in group:
                _rebuild(f)
    for f in files.documentation_pages():
        if id(f) not in in_bundles:
            _rebuild(f)
