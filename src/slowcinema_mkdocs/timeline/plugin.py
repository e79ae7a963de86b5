"""MkDocs adapter for the timeline: the /timeline/ page, /timeline.json and the `/// timeline` block (its context:
slowcinema.timeline.block.BlockContext); what is published is decided in the core (slowcinema.timeline.site)."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from slowcinema.timeline import site
from slowcinema.timeline.block import BlockContext, TimelineBlockExtension, has_blocks
from slowcinema.web import assets

from .. import adapter
from ..config import TimelineConfig


class TimelinePlugin(adapter.Plugin[TimelineConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.context = BlockContext()
        adapter.extend(config, assets.TIMELINE, TimelineBlockExtension(self.context))
        return super().on_config(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        published = site.publish(self.state, [f.src_uri for f in files], self.config.page, self.config.json,
                                 config.site_name, config.site_url)
        adapter.fail_on(published.problems, "the timeline", site.HINT)
        self.context.start(published.items, self.state)
        adapter.remove(files, published.drop)
        adapter.generate(config, files, published.files)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The page's file is named only where a block may need it (its lines, its problems): most have no timeline.
        path, rel = adapter.source_file(page, config) if has_blocks(markdown) else (None, page.file.src_uri)
        return self.context.page(markdown, page.file.src_uri, page.url, path, rel)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        adapter.warn(self.context.rendered(html))  # and the audit's warnings of its blocks
        return adapter.warned(site.page_content(self.state, page.file.src_uri, self.config.page, html, self.context.items, page.url))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        adapter.fail_on(self.context.problems, "the timeline", site.HINT)
        return env
