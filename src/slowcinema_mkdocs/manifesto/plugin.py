"""MkDocs adapter for manifestos: adds the principles, version history and signatories to the
manifesto's bilingual page (its preamble is paired by the archive plugin), and lists manifestos."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from slowcinema.archive import site
from slowcinema.manifestos import page as manifesto_page
from slowcinema.web import assets, render

from .. import adapter
from ..config import ManifestoConfig


class ManifestoPlugin(adapter.Plugin[ManifestoConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        adapter.extend(config, assets.MANIFESTO)
        return super().on_config(config)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        listed = site.manifesto_list(self.state, page.file.src_uri, page.url)  # and the warnings of its audit
        return None if listed is None else html + adapter.warned(listed)

    @event_priority(40)  # after the archive plugin (50) has merged the preamble's languages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        st = self.state
        for m in [m for m in st.archive.manifestos if m.url in st.bundles]:
            bundle = st.bundles[m.url]  # every language file, merged or not
            primary = bundle.page
            if primary.content is None:  # a --dirty rebuild that keeps the page: slowcinema.archive.rebuilds
                continue
            parts = manifesto_page.build(m, st.renderer, adapter.permalink(primary),
                                         adapter.link(files, self.config.sign_page, primary, "#sign"), st.archive)
            clash = parts.clash(m, primary.present_anchor_ids or set())
            if clash:
                raise PluginError(clash)
            primary.content = render.at_article_end(st.cache.text(primary.content),  # read, if it was found by its key
                                                    adapter.warned((parts.html, parts.warnings)))
            for f in bundle.files.values():  # links to any language file of the bundle may point at these anchors
                if f.page is not None:
                    f.page.present_anchor_ids = (f.page.present_anchor_ids or set()) | parts.anchors
            primary.toc.items += [AnchorLink(title, anchor, level) for anchor, title, level in parts.toc]
        return env
