"""A page whose bytes are in place already is not written again.

MkDocs writes each page with `open(path, "wb")`: the file is cut to nothing, then written. ext4 (with its
default `auto_da_alloc`) flushes a file so cut and rewritten to disk as it is closed. The previous site's
bundle folders are moved back before the site is written, pages and all (slowcinema.web.previous): at a thousand
essays a cached build rewrote a thousand unchanged pages so (README, "Pages left in place", for the figures).

So the page's last pass (`Pages.leave`, from the archive plugin's last on_post_page) reads the file at the
page's place. Where it holds the bytes MkDocs would write already, the pass gives MkDocs no output, and MkDocs
writes nothing: the file is one the build found in place (BuildState.unwritten, as slowcinema.web.reuse counts
its own), kept as it is. MkDocs says that it skipped a page with no output (at INFO); it is not said for these
pages (`_Unsaid`). Only where no other plugin's on_post_page comes after that pass: each gets the output whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from slowcinema.web import reuse
from slowcinema.web.placed import Placed

_LOGGER = "mkdocs.commands.build"  # where MkDocs says "Page skipped: '<src_uri>'. Generated empty output."


class _Unsaid(logging.Filter):
    """MkDocs' note of a page it did not write, for the pages this build left in place."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.notes


_unsaid = _Unsaid()


class Pages:
    """One build's pages left in place: `leave` in the last on_post_page, where `last` is that very handler."""

    def __init__(self, config: MkDocsConfig, last: Callable, unwritten: set[str], placed: Placed) -> None:
        handlers = config.plugins.events.get("post_page", [])
        self.on = bool(handlers) and handlers[-1] == last  # no plugin reads the output after it
        self.unwritten, self.placed = unwritten, placed
        _unsaid.notes = set()  # the last build's, gone
        logger = logging.getLogger(_LOGGER)
        if _unsaid not in logger.filters:
            logger.addFilter(_unsaid)

    def leave(self, output: str, data: bytes, page: Page, final_key: str | None = None) -> str:
        """The output for MkDocs to write (not blank; `data`: its bytes as MkDocs writes them, the final pass kept under
        `final_key`), or none where the page's file holds these bytes already. Either way the file will hold `data`,
        which `placed` knows."""
        if not self.on:
            return output
        self.placed.wrote(page.file.dest_uri, data, final_key)
        return self.left(page) if reuse.holds(page.file.abs_dest_path, data) else output

    def left(self, page: Page) -> str:
        """No output for MkDocs to write: the page's file is left as it is, holding the page already."""
        self.unwritten.add(page.file.abs_dest_path)
        _unsaid.notes.add(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
        return ""
