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
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from slowcinema.content import source
from slowcinema.content.problems import Problems
from slowcinema.timeline import EVENT_KINDS
from slowcinema.timeline.block import BlockContext, TimelineBlockExtension, header_lines, leftovers, mark_lines
from slowcinema.timeline.export import timeline_json
from slowcinema.timeline.html import DEFAULT_PAGE, render_page
from slowcinema.timeline.view import essay_titles, items_of, link_problems

from ..errors import fail_on
from .config import TimelineConfig

ASSETS = Path(__file__).parent.parent / "assets"
CSS, JS = "assets/sca/timeline.css", "assets/sca/timeline.js"


class TimelinePlugin(BasePlugin[TimelineConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.items: list = []
        self.context = BlockContext()
        if not self.config.enabled:
            return config
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, TimelineBlockExtension)]
        config.markdown_extensions.append(TimelineBlockExtension(self.context))
        for uri, target in ((CSS, config.extra_css), (JS, config.extra_javascript)):
            if uri not in [str(x) for x in target]:
                target.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        archive_plugin = config.plugins["slowcinema/archive"]
        archive, serving = archive_plugin.archive, archive_plugin.serving
        problems = link_problems(archive.timeline, archive, serving)
        fail_on(problems, "the timeline", "Run `make check` for the content's problems without building.")
        self.items = items_of(archive.timeline, archive.dated_entries(serving), essay_titles(archive, serving))
        self.context.items = self.items
        self.context.kinds = set(EVENT_KINDS) | {i.kind for i in self.items}
        self.context.tags = set(archive.tags)
        self.context.renderer = archive_plugin.renderer
        self.context.stash = getattr(archive_plugin, "stash", None)
        for f in [f for f in files if f.src_uri.startswith("timeline/") and f.src_uri.endswith(".yml")]:
            files.remove(f)  # the data, not pages: read by load_timeline, never published as files
        if files.get_file_from_path(self.config.page) is None:
            files.append(File.generated(config, self.config.page, content=DEFAULT_PAGE))
        data = timeline_json(self.items, archive.timeline.eras, config.site_name, config.site_url or "/")
        files.append(File.generated(config, self.config.json, content=json.dumps(data, ensure_ascii=False, indent=1)))
        for uri, target in ((CSS, config.extra_css), (JS, config.extra_javascript)):
            if uri in [str(x) for x in target]:  # not bundled into the site's one stylesheet and script
                files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        ctx = self.context
        root = Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent
        ctx.rel = _rel(Path(page.file.abs_src_path), root) if page.file.abs_src_path else page.file.src_uri
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
        archive = config.plugins["slowcinema/archive"].archive
        return html + render_page(self.items, archive.timeline.eras, archive.tags, self.context.renderer, page.url)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        fail_on(self.context.problems, "the timeline", "Run `make check` for the content's problems without building.")
        return env


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

