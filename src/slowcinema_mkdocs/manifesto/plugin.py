"""MkDocs adapter for manifestos: adds the principles, version history and signatories to the
manifesto's bilingual page (its preamble is paired by the archive plugin), and lists manifestos."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from slowcinema.manifestos import page as manifesto_page

log = get_plugin_logger("slowcinema")
ASSETS = Path(__file__).parent.parent / "assets"
CSS = ("assets/sca/manifesto.css",)
PRINT = "assets/sca/print.css"  # linked with media="print" (overrides/main.html): it never delays a page
JS = ("assets/sca/manifesto.js",)


class ManifestoConfig(Config):
    enabled = c.Type(bool, default=True)
    # Page (relative to docs/) that explains how to sign; linked from every manifesto.
    sign_page = c.Type(str, default="contribute.md")


class ManifestoPlugin(BasePlugin[ManifestoConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for uri in CSS:
            if uri not in [str(x) for x in config.extra_css]:
                config.extra_css.append(uri)
        for uri in JS:
            if uri not in [str(x) for x in config.extra_javascript]:
                config.extra_javascript.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files.append(File.generated(config, PRINT, abs_src_path=str(ASSETS / Path(PRINT).name)))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        archive_plugin = config.plugins["slowcinema/archive"]
        if page.file.src_uri != "manifesto/index.md":
            return None
        texts = [m.text for m in archive_plugin.archive.manifestos if archive_plugin.serving or not m.text.draft]
        return html + archive_plugin.render_list(texts, page)

    @event_priority(40)  # after the archive plugin (50) has merged the preamble's languages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        archive_plugin = config.plugins["slowcinema/archive"]
        sign = files.get_file_from_path(self.config.sign_page)
        for m in archive_plugin.archive.manifestos:
            if m.text.draft and not archive_plugin.serving:
                continue
            _original, lang_files = archive_plugin.bundles[m.url]  # every language file, merged or not
            pages = [f.page for f in lang_files.values() if f.page is not None]
            primary = lang_files[m.text.original].page
            if primary.content is None:
                # A --dirty rebuild that leaves this page as it was: its output already holds these
                # parts, and dirty_builds rebuilds it whenever its principles or signatories change.
                continue
            sign_url = (sign.url_relative_to(primary.file) + "#sign") if sign else "#"
            parts = manifesto_page.build(m, archive_plugin.renderer, primary.canonical_url or primary.abs_url or primary.url,
                                         sign_url, archive_plugin.archive)
            clash = parts.anchors & (primary.present_anchor_ids or set())
            if clash:
                raise PluginError(f"{m.text.versions[m.text.original].rel}: the anchors {sorted(clash)} of the "
                                  "manifesto's principles are also headings of its preamble. Fix: rename the "
                                  "heading or the principle id.")
            end = primary.content.rindex("</article>")
            primary.content = primary.content[:end] + parts.html + primary.content[end:]
            for page in pages:  # links to any language file of the bundle may point at these anchors
                page.present_anchor_ids = (page.present_anchor_ids or set()) | parts.anchors
            for anchor, title, level in parts.toc:
                primary.toc.items.append(AnchorLink(title, anchor, level))
        return env
