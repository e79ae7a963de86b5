"""Trusted components inside contributor text. A Markdown block of ours (a timeline, a clip) renders
trusted HTML in the middle of a contributor's page, which is sanitised as a whole; so the block puts
its HTML here and leaves a comment in its place (comments survive the sanitiser), and the page gets
the HTML back after cleaning. The key is new for every build and never written out, so a contributor
cannot forge a placeholder."""

from __future__ import annotations

import re
import secrets

from . import sanitize
from .cache import BuildCache


class Stash:
    def __init__(self) -> None:
        self.key = secrets.token_hex(8)
        self._items: dict[str, str] = {}
        self._re = re.compile(rf"<!--\s*sca-component:{self.key}:(\d+)\s*-->")

    def put(self, html: str) -> str:
        """Keep `html`; returns the placeholder to write in its place."""
        n = str(len(self._items))
        self._items[n] = html
        return f"<!--sca-component:{self.key}:{n}-->"

    @property
    def size(self) -> int:  # how many components wait (a page that adds one is not kept: slowcinema_mkdocs.kept)
        return len(self._items)

    def restore(self, html: str) -> str:
        return self._re.sub(lambda m: self._items.get(m.group(1), ""), html)

    def cleaned(self, html: str, source: str, rel: str, cache: BuildCache | None = None) -> tuple[str, list[str]]:
        """A page's HTML with contributor HTML cleaned (slowcinema.web.sanitize.report: each finding a
        warning at its line of `source`, the page's text, in the file `rel`), then the trusted
        components put back in their places. With a `cache`, a page without components is cleaned once
        and kept between builds (kind "clean"): the cleaned HTML where the cleaning changed it, and the warnings,
        said again by every build."""
        if cache is None or self.key in html:  # a placeholder holds this build's key: never the same twice
            html, warnings = sanitize.report(html, source, rel)
            return self.restore(html), warnings
        return sanitize.kept(cache, "clean", html, (source, rel), lambda: sanitize.report(html, source, rel))
