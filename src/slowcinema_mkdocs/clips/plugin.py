"""MkDocs adapter for the clip galleries: a page per gallery and per clip, the WebVTT files, the
`/// clip` block in essays, and the clips' CSS and JS. The archive plugin has already loaded and
validated every gallery; what is published is decided in the core (slowcinema.clips.site)."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from slowcinema.clips import block, site
from slowcinema.web import assets

from .. import adapter
from ..config import ClipsConfig


class ClipsPlugin(adapter.Plugin[ClipsConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.published = site.Publication()
        self.intros: dict[str, adapter.Bundle] = {}  # gallery slug -> its introduction's language files
        adapter.extend(config, assets.CLIPS, block.ClipBlockExtension())
        return super().on_config(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.published = site.publish(self.state, [f.src_uri for f in files],
                                      int(self.config.max_video_mb * 1_000_000))  # the limit as MkDocs loaded it
        adapter.fail_on(self.published.problems, "the clip galleries", "")
        adapter.remove(files, self.published.drop)
        for g in self.published.galleries:
            self.intros[g.slug] = adapter.place(files, g.url, {lang: v.src_uri for lang, v in g.versions.items()}, g.original)
        pages = self.published.clip_pages.values()
        adapter.generate(config, files, {p.src_uri: p.source for p in pages}, in_nav=False)  # a page per clip
        adapter.generate(config, files, {uri: text for p in pages for uri, text in p.vtt.items()})  # its WebVTT files
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.published.introduction(page.file.src_uri):
            page.meta.setdefault("hide", ["toc"])  # the grid of clips uses the width
        if block.has_blocks(markdown):  # the page's file is named only where it may be needed: most have no clip
            path, rel = adapter.source_file(page, config)
            adapter.fail_on(block.check_page(markdown, path, page.file.src_uri, rel, self.published.galleries),
                            "the clip galleries", "")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return adapter.warned(site.page_content(self.published, self.state, page.file.src_uri, html, page.url))

    @event_priority(0)  # MkDocs' default, said: after the archive plugin (50); a gallery's page needs no other's
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        for g in self.published.galleries:
            bundle = self.intros[g.slug]
            html = adapter.merge(bundle, files)
            if html is not None:  # None: a --dirty rebuild that leaves this page as it was
                bundle.page.content = adapter.warned(site.gallery_page(g, html, self.state, bundle.page.url))  # audited
                bundle.page.meta.setdefault("description", g.versions[bundle.primary].summary)
        return env
