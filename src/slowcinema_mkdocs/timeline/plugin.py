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

from slowcinema.content import source
from slowcinema.content.problems import Problems
from slowcinema.timeline import EVENT_KINDS
from slowcinema.timeline.block import BlockContext, TimelineBlockExtension, header_lines, leftovers, mark_lines
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
        self.items: list = []
        self.context = BlockContext()
        if not self.config.enabled:
            return config
        adapter.use_extensions(config, TimelineBlockExtension(self.context))
        adapter.add_assets(config, ASSET_URIS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        st = adapter.state(config)
        archive, drafts = st.archive, st.drafts
        fail_on(link_problems(archive.timeline, archive, drafts), "the timeline", HINT)
        self.items = items_of(archive.timeline, archive.dated_entries(drafts), essay_titles(archive, drafts))
        self.context.items = self.items
        self.context.kinds = set(EVENT_KINDS) | {i.kind for i in self.items}
        self.context.tags = set(archive.tags)
        self.context.renderer, self.context.stash = st.renderer, st.stash
        # The data, not pages: read by load_timeline, never published as files.
        adapter.remove(files, {f.src_uri for f in files if f.src_uri.startswith("timeline/") and f.src_uri.endswith(".yml")})
        if files.get_file_from_path(self.config.page) is None:
            adapter.generate(config, files, self.config.page, DEFAULT_PAGE)
        data = timeline_json(self.items, archive.timeline.eras, config.site_name, config.site_url or "/")
        adapter.generate(config, files, self.config.json, json.dumps(data, ensure_ascii=False, indent=1))
        adapter.publish_assets(config, files, ASSET_URIS)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        ctx = self.context
        ctx.rel = adapter.rel(page.file.abs_src_path, config) if page.file.abs_src_path else page.file.src_uri
        ctx.page_url = page.url
        name = page.file.src_uri.rsplit("/", 1)[-1]
        ctx.only = next((lang for lang in ("zh-Hant", "zh", "en") if name.endswith(f".{lang}.md")), None)
        lines: list[int] = []
        if "timeline" in markdown and page.file.abs_src_path:
            text = source.read_text(Path(page.file.abs_src_path), ctx.rel, Problems()) or ""
            lines = header_lines(text)
        return mark_lines(markdown, lines)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        for line in leftovers(html):
            self.context.problems.add(self.context.rel, line, "timeline",
                                      "the options of this timeline block cannot be read (they are not valid YAML)",
                                      "write one 'option: value' per line, indented by four spaces, e.g. '    kind: film'")
        if page.file.src_uri != self.config.page:
            return None
        archive = adapter.state(config).archive
        return html + render_page(self.items, archive.timeline.eras, archive.tags, self.context.renderer, page.url)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        fail_on(self.context.problems, "the timeline", HINT)
        return env

