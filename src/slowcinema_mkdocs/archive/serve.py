"""`mkdocs serve` for the archive: which pages a --dirty rebuild renders and what the log says about
it (decided in the core, slowcinema.archive.rebuilds; applied here), and a live preview that reloads
itself under the strict policy (slowcinema.web.live_reload)."""

import logging
import os
from pathlib import Path

from mkdocs.structure.files import Files

from slowcinema.archive import rebuilds
from slowcinema.archive.build import BuildState
from slowcinema.web import live_reload


def dirty_rebuilds(dirty: bool) -> rebuilds.Rebuilds | None:
    """Under --dirty: what decides the pages each rebuild renders, and the log's words about it."""
    if dirty:
        for name in ("mkdocs.commands.build", "mkdocs.livereload"):  # where MkDocs speaks of rebuilds
            rebuilds.Reword.onto(logging.getLogger(name))
        return rebuilds.Rebuilds()
    return None


def mark(files: Files, dirty: rebuilds.Rebuilds, st: BuildState, docs: Path) -> None:
    """Before pages are read: each page rendered or kept as the core decides of them as MkDocs holds them
    (MkDocs decides the rest)."""
    pages = files.documentation_pages()
    held = [rebuilds.PageFile(f.dest_uri, f.is_modified(), bool(f.generated_by), os.path.isfile(f.abs_dest_path))
            for f in pages]
    decisions = dirty.decide(st.archive, docs, st.drafts, st.related, held)
    for f in pages:
        if f.dest_uri in decisions:
            f.is_modified = (lambda: True) if decisions[f.dest_uri] else (lambda: False)  # type: ignore[method-assign]


def allow_reload_script(server, log) -> None:
    """Wrap the live server's injection so each served page's policy allows the script it gains."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        log.info("This MkDocs adds no reload script the archive knows of: reload the page after an edit.")
        return
    server._inject_js_into_html = lambda content, epoch: live_reload.allowed(content, inject(content, epoch))
