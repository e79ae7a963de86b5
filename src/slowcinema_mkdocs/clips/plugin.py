"""MkDocs adapter for the clip galleries: a page per gallery and per clip, the WebVTT files, the
`/// clip` block in essays, and the clips' CSS and JS. The archive plugin has already loaded and
validated every gallery (`archive.galleries`); this plugin only places them in the site."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from slowcinema.clips import block, check_sizes, views
from slowcinema.clips.model import Gallery
from slowcinema.content.problems import Problems
from slowcinema.languages import hant
from slowcinema.web.escape import yaml_scalar
from slowcinema.web.render import trusted

from ..errors import fail_on
from .config import ClipsConfig

ASSETS = Path(__file__).parent.parent / "assets"
ASSET_URIS = ("assets/sca/clips.css", "assets/sca/clips.js")
INDEX = "clips/index.md"


class ClipsPlugin(BasePlugin[ClipsConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.galleries: list[Gallery] = []
        self.clip_pages: dict[str, tuple[Gallery, object]] = {}  # src_uri -> (gallery, clip)
        self.intros: dict[str, tuple[str, dict[str, File]]] = {}  # slug -> (primary lang, files)
        if not self.config.enabled:
            return config
        for uri in ASSET_URIS:
            target = config.extra_javascript if uri.endswith(".js") else config.extra_css
            if uri not in [str(x) for x in target]:
                target.append(uri)
        if not any(isinstance(e, block.ClipBlockExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(block.ClipBlockExtension())
        return config

    def _archive_plugin(self, config: MkDocsConfig):
        return config.plugins["slowcinema/archive"]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        archive_plugin = self._archive_plugin(config)
        archive = archive_plugin.archive
        problems = Problems()
        # The loader applied mkdocs.yml's limit already (so `make check` sees it); this covers a build
        # run with another configuration file (`mkdocs build -f`), with the value MkDocs loaded.
        check_sizes(archive.galleries, int(self.config.max_video_mb * 1_000_000), problems)
        fail_on(problems, "the clip galleries", "")
        serving = archive_plugin.serving and archive_plugin.config.drafts_in_serve
        for g in archive.galleries:
            bundle = f"clips/{g.slug}/"
            published = g.published_clips if (serving or not g.draft) else ()
            keep = {m.src_uri for c in published for m in (c.source.poster, c.source.video) if m}
            for f in list(files):
                uri = f.src_uri
                if not uri.startswith(bundle) or uri.startswith(f"{bundle}index."):
                    continue
                # Clip sources (YAML, WebVTT) are data; media of withheld clips or drafts is not published.
                if uri.startswith(f"{bundle}clips/") or uri not in keep:
                    files.remove(f)
            lang_files = {lang: files.get_file_from_path(v.src_uri) for lang, v in g.versions.items()}
            if g.draft and not serving:
                for f in lang_files.values():
                    files.remove(f)
                continue
            self.galleries.append(g)
            for f in lang_files.values():
                f.dest_uri = f"{bundle}index.html"
                f.url = f._get_url()
                f.abs_dest_path = os.path.normpath(os.path.join(f.dest_dir, f.dest_uri))
                f.inclusion = InclusionLevel.NOT_IN_NAV
            self.intros[g.slug] = (g.original, lang_files)
            for clip in published:
                src = f"{bundle}{clip.id}/index.md"
                title = f"{clip.title.zh} · {clip.title.en}"
                front = (f"---\ntitle: {yaml_scalar(title)}\ndescription: {yaml_scalar(clip.film.title.zh + ' · ' + clip.film.title.en)}\n"
                         "hide: [toc]\n---\n\n")
                page_file = File.generated(config, src, content=front + "<!-- filled by the clips plugin -->\n",
                                           inclusion=InclusionLevel.NOT_IN_NAV)
                files.append(page_file)
                self.clip_pages[src] = (g, clip)
                for name, text in views.vtt_files(clip).items():
                    files.append(File.generated(config, f"{bundle}{clip.id}/{name}", content=text))
        for uri in ASSET_URIS:  # only if the archive plugin did not bundle them into the site's one file
            if uri in [str(x) for x in (config.extra_javascript if uri.endswith(".js") else config.extra_css)]:
                files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        if any(page.file is f for _, fs in self.intros.values() for f in fs.values()):
            page.meta.setdefault("hide", ["toc"])  # the grid of clips uses the width
        if "/// clip" not in markdown or page.file.abs_src_path is None:
            return None
        problems = Problems()
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        block.check(block.find(text), self.galleries, _rel(page.file.abs_src_path, config), problems)
        fail_on(problems, "the clip galleries", "")
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        renderer = self._archive_plugin(config).renderer
        src = page.file.src_uri
        if src in self.clip_pages:
            g, clip = self.clip_pages[src]
            c = views.clip_view(clip, page.url)
            return renderer.render("sca/clips/clip.html", c=c, gallery=views.gallery_header(g, self._archive_plugin(config).archive))
        if src == INDEX:
            archive = self._archive_plugin(config).archive
            return html + renderer.render("sca/clips/index.html", page_url=page.url,
                                          galleries=[views.gallery_header(g, archive) for g in self.galleries])
        if block.SLOT_MARK in html:
            lang = "en" if src.endswith(".en.md") else "zh"
            seen: dict[str, int] = {}

            def fill(m: re.Match) -> str:
                g = next((x for x in self.galleries if x.slug == m.group(1)), None)
                clip = g.clip(m.group(2)) if g else None
                if clip is None or clip.withheld:  # a comment written by hand, not a checked block: left inert
                    return m.group(0)
                c = views.clip_view(clip, page.url, embedded=True, lang=lang)
                seen[c["dom_id"]] = n = seen.get(c["dom_id"], 0) + 1
                if n > 1:  # the same clip twice in one text: its ids stay unique
                    c["dom_id"] += f"-{n}"
                return renderer.render("sca/clips/player.html", c=c)

            return block.SLOT_RE.sub(fill, html)
        return None

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if not self.config.enabled:
            return env
        archive_plugin = self._archive_plugin(config)
        # Runs after the archive plugin has merged each essay's languages into one page (its on_env
        # comes first): now every copy of an embedded player can be labelled by its own heading.
        for f in files.documentation_pages():
            if f.page is not None and f.page.content and block.EMBEDDED_MARK in f.page.content:
                f.page.content = block.label_copies(f.page.content)
        for g in self.galleries:
            primary_lang, lang_files = self.intros[g.slug]
            primary = lang_files[primary_lang].page
            if primary.content is None:  # a --dirty rebuild that leaves this page as it was (see dirty_builds)
                for lang, f in lang_files.items():
                    if f is not lang_files[primary_lang]:
                        files.remove(f)
                continue
            intro = []
            for lang in g.languages:
                html = lang_files[lang].page.content or ""
                if lang == "zh":
                    intro += [{"tag": "zh-Hans", "html": trusted(html)}, {"tag": "zh-Hant", "html": trusted(hant.html(html))}]
                else:
                    intro.append({"tag": "en", "html": trusted(html)})
            primary.content = archive_plugin.renderer.render(
                "sca/clips/gallery.html", g=views.gallery_header(g, archive_plugin.archive), intro=intro, page_url=primary.url)
            primary.meta.setdefault("description", g.versions[primary_lang].summary)
            for lang, f in lang_files.items():
                if f is not lang_files[primary_lang]:
                    primary.present_anchor_ids = (primary.present_anchor_ids or set()) | (f.page.present_anchor_ids or set())
                    files.remove(f)
        return env


def _rel(path: str, config: MkDocsConfig) -> str:
    root = Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path

