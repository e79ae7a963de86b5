"""MkDocs adapter for site search: Material's search box, our index and worker (slowcinema.search.build)."""

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from slowcinema.languages import interface
from slowcinema.search import build

from .. import adapter
from ..config import SearchConfig


class SearchPlugin(adapter.Plugin[SearchConfig]):
    serving = False  # `mkdocs serve`: pages are indexed as they are rendered, drafts included

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.index = build.IndexBuild(dirty, adapter.log)  # kept across `serve` rebuilds, as the instance is
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not hasattr(self, "index"):  # used without on_startup (a plain `build` through the API)
            self.on_startup(command="build", dirty=False)
        super().on_config(config)
        self.index.start(self.state.cache)
        self.beside = False
        self.urls: list[str] = []
        self.worker_uri, self.worker_files = build.worker(adapter.ASSETS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.config.enabled:
            adapter.generate(config, files, self.worker_files)
        return files

    @event_priority(-90)  # after every plugin that changes a page's content
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.filters["sca_search_worker"] = self._swap_worker if self.config.enabled else (lambda html: html)
        # The chrome around the search box (and all of it) in each reading mode: overrides/partials/*.html.
        env.filters.update(sca_ui=interface.string, sca_title=interface.title)
        self.urls = [f.page.url for f in files.documentation_pages() if f.page is not None]
        # `mkdocs build`: every page is final now, so the index is made beside the build while MkDocs writes the site.
        self.beside = self.config.enabled and not self.serving
        if self.beside:
            pages = [args for f in files.documentation_pages() if (args := self._indexed(f.page))]
            held = self.state.previous / "search" if self.state.previous else None  # the last site's, set aside
            self.index.write_beside(pages, self.urls, self.config.separator, Path(config.site_dir) / "search", held)
        return env

    def _indexed(self, page: Page | None) -> build.Indexed | None:  # `IndexBuild.page`'s arguments, if it is indexed
        if page is not None and page.content is not None and not build.excluded(page.meta):
            # Its content by its token where it has one (an essay page's, found in the build cache and perhaps unread).
            return page.url, page.title or page.url, self.state.cache.carried(page.content), frozenset(self.config.skip_langs)
        return None

    def _swap_worker(self, html: str) -> str:
        swapped = build.swap_worker(html, self.worker_uri)
        if swapped is None:
            raise PluginError(build.NO_WORKER)
        return swapped

    @event_priority(-50)  # after the other plugins have finished the page's content
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if self.config.enabled and not self.beside and (args := self._indexed(page)):
            self.index.page(*args)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.beside:
            try:
                self.index.wait()
            except Exception as err:  # written to the log where it was made
                raise PluginError(f"slowcinema/search: the site's search index was not written ({err}).") from err
        elif self.config.enabled:
            self.index.write(self.urls, self.config.separator, Path(config.site_dir) / "search")

    def on_shutdown(self) -> None:
        self.index.finish()
