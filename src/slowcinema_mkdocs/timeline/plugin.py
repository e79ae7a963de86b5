"""MkDocs adapter for the timeline: the /timeline/ page, /timeline.json and the `/// timeline` block.

The block needs the archive's events while Markdown renders, before any page exists: `on_config`
creates one `BlockContext` and appends a `TimelineBlockExtension` holding it to
`config.markdown_extensions`; `on_files` fills it with the items (the archive is loaded by then) and
`on_page_markdown` with the page being rendered (see slowcinema.timeline.block).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from slowcinema.timeline.block import BlockContext, TimelineBlockExtension
from slowcinema.timeline.export import timeline_json
from slowcinema.timeline.html import DEFAULT_PAGE, render_page
from slowcinema.timeline.view import essay_titles, items_of, link_problems

from .. import adapter
from ..adapter import fail_on
from .config import TimelineConfig

ASSET_URIS = ("assets/sca/timeline.css", "assets/sca/timeline.js")
HINT = "Run `make check` for the content's problems without building."


class TimelinePlugin(BasePlugin[TimelineConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.context = BlockContext()
        adapter.use_extensions(config, TimelineBlockExtension(self.context))
        adapter.add_assets(config, ASSET_URIS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        st = adapter.state(config)
        archive, drafts = st.archive, st.drafts
        fail_on(link_problems(archive.timeline, archive, drafts), "the timeline", HINT)
        items = items_of(archive.timeline, archive.dated_entries(drafts), essay_titles(archive, drafts), archive.films)
        self.context.start(items, archive.tags, st.renderer, st.stash)
        # The data, not pages: read by load_timeline, never published as files.
        adapter.remove(files, {f.src_uri for f in files if f.src_uri.startswith("timeline/") and f.src_uri.endswith(".yml")})
        if files.get_file_from_path(self.config.page) is None:
            adapter.generate(config, files, self.config.page, DEFAULT_PAGE)
        data = timeline_json(items, archive.timeline.eras, config.site_name, config.site_url or "/")
        adapter.generate(config, files, self.config.json, json.dumps(data, ensure_ascii=False, indent=1))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        path = page.file.abs_src_path
        rel = adapter.rel(path, config) if path else page.file.src_uri
        return self.context.page(markdown, page.file.src_uri, page.url, Path(path) if path else None, rel)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self.context.rendered(html)
        if page.file.src_uri != self.config.page:
            return None
        archive = adapter.state(config).archive
        return html + render_page(self.context.items, archive.timeline.eras, archive.tags, self.context.renderer, page.url)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        fail_on(self.context.problems, "the timeline", HINT)
        return env
