"""`mkdocs serve --dirty` (what `make serve` runs) made exact for the archive.

MkDocs rebuilds a page under --dirty only when its source is newer than its output. Two things of
ours break that rule, and are mended here:

- the language files of a bundle share one output page: when one of them changes, all of them are
  read again, so the merged page is rebuilt with every language;
- pages that are not bundles (home, section pages, tags, films, authors, timeline, contribute) list
  or count the whole archive: they are rebuilt whenever what they show may have changed, that is
  when any front matter or data file changed (`slowcinema.indexes.listing_signature`). An edit to the text of an essay alone
  rebuilds that essay only.

Essays that were not edited keep their last output, which stays exact: what they show of other
entries (the related entries at their foot) depends only on what that signature covers. MkDocs' own
warning about dirty builds is therefore replaced by that explanation (a warning would abort our
strict build).
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


def explain_instead_of_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _Explain) for f in logger.filters):
        logger.addFilter(_Explain())


def _rebuild(f: File) -> None:
    f.is_modified = lambda: True  # type: ignore[method-assign]


def _keep(f: File) -> None:
    f.is_modified = lambda: False  # type: ignore[method-assign]


def mark(files: Files, bundles: list[dict[str, File]], lists_changed: bool) -> None:
    """Before pages are read: which pages this dirty build renders besides the ones edited."""
    in_bundles = set()
    for lang_files in bundles:
        group = [f for f in lang_files.values() if f is not None]
        in_bundles.update(id(f) for f in group)
        if any(f.is_modified() for f in group):
            for f in group:
                _rebuild(f)
    for f in files.documentation_pages():
        if id(f) in in_bundles:
            continue
        if lists_changed:
            _rebuild(f)
        elif f.generated_by and os.path.isfile(f.abs_dest_path):
            _keep(f)  # generated pages count as always modified: this one has nothing new to show
