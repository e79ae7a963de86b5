"""`mkdocs serve` for the archive: which pages a --dirty rebuild renders (decided in the core,
slowcinema.archive.rebuilds; applied here), what the log says about it, and a live preview that
reloads itself under the strict policy (slowcinema.web.live_reload).

MkDocs' warning about dirty builds is replaced by an explanation (a warning would abort our strict
build). So is the live server's "will appear stuck" message after a failed rebuild: our problems are
listed above it with their file and line, and the next save rebuilds (until then the server holds
requests back rather than serve a half-built site)."""

from __future__ import annotations

import logging
import os

from mkdocs.structure.files import Files

from slowcinema.archive.rebuilds import PageFile
from slowcinema.web import live_reload

_WARNING = "A 'dirty' build is being performed"
EXPLANATION = ("Rebuilding only what changed (mkdocs serve --dirty): the edited bundle, and the pages that list "
               "the archive when front matter or data changed.")
_STUCK = "An error happened during the rebuild. The server will appear stuck"
AFTER_ERROR = ("The preview waits for a good build (pages load again once there is one). Fix the problem named "
               "above, at its file and line, and save: it rebuilds by itself, no restart needed.")


class _Explain(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(_WARNING):
            record.levelno, record.levelname, record.msg, record.args = logging.INFO, "INFO", EXPLANATION, ()
        return True


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


def page_files(files: Files) -> list[PageFile]:
    return [PageFile(f.dest_uri, f.is_modified(), bool(f.generated_by), os.path.isfile(f.abs_dest_path))
            for f in files.documentation_pages()]


def mark(files: Files, decisions: dict[str, bool]) -> None:
    """Before pages are read: each page rendered or kept as decided (MkDocs decides the rest)."""
    for f in files.documentation_pages():
        if f.dest_uri in decisions:
            f.is_modified = (lambda: True) if decisions[f.dest_uri] else (lambda: False)  # type: ignore[method-assign]


def allow_reload_script(server, log) -> None:
    """Wrap the live server's injection so each served page's policy allows the script it gains."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        log.info("This MkDocs adds no reload script the archive knows of: reload the page after an edit.")
        return
    server._inject_js_into_html = lambda content, epoch: live_reload.allowed(content, inject(content, epoch))
