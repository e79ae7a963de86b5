"""MkDocs adapter for the cross-kind pages: a page per tag, film and person (generated), their index
pages (docs/tags/index.md, docs/films/index.md, docs/authors/index.md, with the lists appended), and
the related entries at the foot of each essay. What each page shows: slowcinema.archive.index_pages."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from slowcinema.archive import index_pages
from slowcinema.web import render

from .. import adapter
from ..config import IndexesConfig


class IndexesPlugin(adapter.Plugin[IndexesConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.published = index_pages.Publication()
        self.heading = index_pages.Heading.from_toc(config.mdx_configs.get("toc", {}))  # as `# title` would be
        adapter.state(config).related = self.config.related  # --dirty rebuilds compare the related entries too
        return super().on_config(config)

    @event_priority(-10)  # after the archive plugin has read the archive
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.published = index_pages.publish(self.state)  # once per build, for every page
        adapter.generate(config, files, self.published.sources(), in_nav=False)
        # The related entries (on_env) and the generated pages (last), made ahead where the build can (core: ahead).
        essays = {url: b.page.url for url, b in self.state.bundles.items() if b.page is not None}
        generated = {f.src_uri: f.url for f in files if f.src_uri in self.published.generated}
        self.state.ahead.append(lambda: index_pages.ahead(self.published, self.state, essays, generated, self.heading))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src = page.file.src_uri
        if src in self.published.generated:  # the heading of a generated page, for the theme (its skip link)
            page.toc = get_toc([self.heading.token(self.published.generated[src][0])])
        return adapter.warned(index_pages.page_content(self.published, self.state, src, html, page.url, self.heading))

    @event_priority(45)  # after the archive plugin (50) has merged each essay's languages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        bundles = self.state.bundles  # content None: a --dirty rebuild keeps the page
        pages = {url: b.page for url, b in bundles.items() if b.page is not None and b.page.content is not None}
        blocks = index_pages.related_blocks(self.state, {url: page.url for url, page in pages.items()})
        for url, html in adapter.warned(blocks).items():  # with the warnings of their audit
            page, cache = pages[url], self.state.cache  # its content known to the cache by what made it, for its frame
            old, page.content = page.content, cache.derive_later(render.at_article_end, "at-article-end", page.content,
                                                                 html)
            cache.forget(old)  # held no more: not kept alive for the search index's process, forked next
        return env
