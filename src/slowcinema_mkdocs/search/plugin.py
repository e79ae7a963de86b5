"""MkDocs adapter for site search: Material's search box, our index and worker.

Material's own search plugin sends every reader the whole index (megabytes at a thousand essays) on
every page load. This plugin keeps Material's search interface and swaps what is behind it: the
page's `__config` names our worker (assets/search.js) instead of Material's, and the index is cut
into small files (slowcinema.search.index) that the worker fetches when the reader types.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from slowcinema.languages import interface
from slowcinema.search import extract, index

log = get_plugin_logger("slowcinema")
WORKER_SOURCE = Path(__file__).parent.parent / "assets" / "search.js"
MATERIAL_WORKER_RE = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
# Where words end, for Material's highlighting of the terms on the page a result opens.
SEPARATOR = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    # Text in these languages is left out of the index (the generated 繁體 copies: the worker turns
    # a query in Traditional characters into Simplified ones).
    skip_langs = c.ListOfItems(c.Type(str), default=["zh-Hant"])
    separator = c.Type(str, default=SEPARATOR)


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Index entries by page address and content: a `mkdocs serve` rebuild redoes only the pages
        # that changed, and a --dirty rebuild keeps the entries of the pages it did not render.
        self.cache: dict[str, tuple[str, index.Page]] = {}
        self.dirty = dirty
        self.written: set[str] = set()  # site folders that have a whole index
        self.writer: threading.Thread | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not hasattr(self, "cache"):  # used without on_startup (a plain `build` through the API)
            self.on_startup(command="build", dirty=False)
        self.finish()
        self.pages: dict[str, index.Page] = {}
        self.urls: list[str] = []
        self.worker = WORKER_SOURCE.read_text(encoding="utf-8")
        self.worker_uri = f"assets/sca/search.{hashlib.sha256(self.worker.encode()).hexdigest()[:10]}.js"
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.config.enabled:
            files.append(File.generated(config, self.worker_uri, content=self.worker))
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.filters["sca_search_worker"] = self._swap_worker if self.config.enabled else (lambda html: html)
        # The chrome around the search box (and all of it) in each reading mode: overrides/partials/*.html.
        env.filters["sca_ui"] = interface.string
        env.filters["sca_title"] = interface.title
        self.urls = [f.page.url for f in files.documentation_pages() if f.page is not None]
        return env

    def _swap_worker(self, html: str) -> str:
        swapped, n = MATERIAL_WORKER_RE.subn(self.worker_uri, str(html))
        if n != 1:
            raise PluginError("slowcinema/search: Material's search worker address was not found in the page's "
                              "__config block. Compare the `config` block of overrides/main.html with the installed "
                              "Material's base.html.")
        return swapped

    @event_priority(-50)  # after the other plugins have finished the page's content
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not self.config.enabled or page.content is None:
            return context
        meta_search = page.meta.get("search")
        if isinstance(meta_search, dict) and meta_search.get("exclude"):
            return context
        digest = hashlib.sha1(page.content.encode()).hexdigest()
        cached = self.cache.get(page.url)
        if cached and cached[0] == digest:
            entry = cached[1]
        else:
            sections = extract.extract(page.content, page.title or page.url, frozenset(self.config.skip_langs))
            entry = index.page(page.url, sections, extract.hant_phrases(page.content))
            self.cache[page.url] = (digest, entry)
        self.pages[page.url] = entry
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.dirty:  # pages that this rebuild did not render keep their last entry
            for url in self.urls:
                if url not in self.pages and url in self.cache:
                    self.pages[url] = self.cache[url][1]
        pages = [self.pages[url] for url in self.urls if url in self.pages]
        settings = {"lang": ["zh", "en"], "separator": self.config.separator, "pipeline": []}
        folder = Path(config.site_dir) / "search"
        if self.dirty and str(folder) in self.written:
            # A `serve --dirty` rebuild: the page a writer edited is already written; the index
            # (seconds, at a thousand essays) follows in the background, file by file.
            self.writer = threading.Thread(target=self._write, args=(pages, settings, folder),
                                           name="slowcinema-search", daemon=True)
            self.writer.start()
        else:
            self._write(pages, settings, folder)
            self.written.add(str(folder))

    def on_shutdown(self) -> None:
        self.finish()

    def finish(self) -> None:
        """Wait for an index still being written in the background."""
        if getattr(self, "writer", None) is not None:
            self.writer.join()
            self.writer = None

    @staticmethod
    def _write(pages: list[index.Page], settings: dict, folder: Path) -> None:
        try:
            new = index.files(pages, settings)
            for rel, content in new.items():
                path = folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(path.name + ".tmp")
                tmp.write_text(content, encoding="utf-8")
                os.replace(tmp, path)  # a reader searching meanwhile never gets half a file
            for old in (folder / "sca").rglob("*.json"):
                if old.relative_to(folder).as_posix() not in new:
                    old.unlink()
        except Exception as err:  # noqa: BLE001 - a background thread must say what went wrong
            log.error(f"slowcinema/search: the search index could not be written: {err!r}")
            raise
