"""MkDocs adapter for the archive core: reads and validates the archive, turns each essay bundle
into one bilingual page, and lists entries on the home and section pages."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from slowcinema.archive import citation, feeds, indexes, redirects
from slowcinema.archive.load import Archive, load_archive
from slowcinema.content import source
from slowcinema.content.problems import Problems
from slowcinema.essays import page as essay_page
from slowcinema.essays.figures import FigureExtension
from slowcinema.essays.links import LinkContext, LinkExtension
from slowcinema.languages.codes import FILE_LANGS
from slowcinema.web import conformance, csp, sanitize
from slowcinema.web.components import Stash
from slowcinema.web.render import Renderer

from ..errors import fail_on
from . import dirty_builds, live_reload
from .config import ArchiveConfig

log = get_plugin_logger("slowcinema")
ASSETS = Path(__file__).parent.parent / "assets"
ASSET_URIS = ("assets/sca/sca.css", "assets/sca/sca.js")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        if dirty:
            dirty_builds.explain_instead_of_warning()

    # -- per-build state ---------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.archive: Archive | None = None
        self.bundles: dict[str, tuple[str, dict[str, File]]] = {}  # url -> (primary lang, files)
        self.sources: dict[str, str] = {}  # src_uri -> normalised text, for line numbers in messages
        self.stash = Stash()  # trusted components rendered inside contributor pages (see slowcinema.web.components)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.docs_rel = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
        custom = config.theme.custom_dir
        self.renderer = Renderer([Path(custom)] if custom else [])
        for uri in ASSET_URIS:
            target = config.extra_javascript if uri.endswith(".js") else config.extra_css
            if uri not in [str(x) for x in target]:
                target.append(uri)
        # Figures with captions, and links between bundles as ../other-slug/ (slowcinema.essays.links).
        self.links = LinkContext()
        config.markdown_extensions[:] = [e for e in config.markdown_extensions
                                         if not isinstance(e, (LinkExtension, FigureExtension))]
        config.markdown_extensions += [FigureExtension(), LinkExtension(self.links)]
        return config

    # -- content -----------------------------------------------------------------------------
    def _redirect(self, files: Files, config: MkDocsConfig, docs: Path) -> None:
        """A small page at each old address of docs/redirects.yml (the file itself is not published)."""
        problems = Problems()
        moved = redirects.load(docs, f"{self.docs_rel}/{redirects.FILE}", problems)
        fail_on(problems)
        listing = files.get_file_from_path(redirects.FILE)
        if listing is not None:
            files.remove(listing)
        for old, new in moved.items():
            files.append(File.generated(config, f"{old}index.html", content=redirects.page(old, new, config.site_url)))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else docs.parent
        archive, problems = load_archive(docs, root)
        fail_on(problems)
        self.archive = archive
        self._redirect(files, config, docs)
        include_drafts = self.serving and self.config.drafts_in_serve
        self.links.bundles = {b.url: b.versions[b.original].src_uri for b in archive.bundles()}
        self.links.drafts = {b.url for b in archive.bundles() if b.draft and not include_drafts}
        for essay in archive.bundles():
            lang_files = {lang: files.get_file_from_path(v.src_uri) for lang, v in essay.versions.items()}
            if essay.draft and not include_drafts:
                for f in [f for f in files if f.src_uri.startswith(essay.url)]:  # its images too
                    files.remove(f)
                continue
            dest = f"{essay.url}index.html"
            for f in lang_files.values():
                f.dest_uri = dest
                f.url = f._get_url()
                f.abs_dest_path = os.path.normpath(os.path.join(f.dest_dir, dest))
                f.inclusion = InclusionLevel.NOT_IN_NAV
            self.bundles[essay.url] = (essay.original, lang_files)
        _bundle_assets(config, files)
        entries = indexes.bundles(archive, include_drafts)
        names = {a.id: (a.name.zh, a.name.en) for a in archive.authors.values()}
        for name, content in feeds.build(entries, config.site_url or "http://127.0.0.1:8000/", names).items():
            files.append(File.generated(config, name, content=content))
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        # After every plugin has added its files, before any page is read.
        if getattr(self, "dirty", False):
            assert self.archive is not None
            docs = Path(config.docs_dir)
            listed = indexes.listing_signature(self.archive, docs)
            related = config.plugins["slowcinema/indexes"].config.related if "slowcinema/indexes" in config.plugins else 0
            pages = indexes.page_signatures(self.archive, docs, self.serving, related, listed)
            # Kept across `serve` rebuilds (the plugin instance is), once this build has written its pages.
            built_listed, built_pages = getattr(self, "_built", (None, None))
            changed = None if built_pages is None else {u for u, s in pages.items() if built_pages.get(u) != s}
            dirty_builds.mark(files, set(pages), changed, listed != built_listed)
            self._pending = (listed, pages)
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if getattr(self, "dirty", False):
            self._built = self._pending  # only now: a build that failed halfway leaves its pages to the next

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs reads front matter with LF only; give it the normalised text (no BOM, LF endings).
        if page.file.abs_src_path is None:
            return None
        problems = Problems()
        text = source.read_text(Path(page.file.abs_src_path), page.file.src_uri, problems)
        fail_on(problems)
        self.sources[page.file.src_uri] = text
        return text

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Our `tags:` are registry ids that the archive renders with their labels; left in the page's
        # meta, Material's search would show the raw ids as unlabelled navigation landmarks.
        if isinstance(page.meta.get("tags"), list):
            page.meta["sca_tags"] = page.meta.pop("tags")
        src = page.file.src_uri
        self.links.page(src, f"{self.docs_rel}/{src}", self.sources.get(src, markdown))
        return None

    @event_priority(100)  # first: contributor HTML is cleaned before any trusted component is added
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        assert self.archive is not None
        for p in self.links.problems:  # links between bundles that lead nowhere (a warning: strict builds fail)
            log.warning(f"{p.file}{f':{p.line}' if p.line else ''}: {p.message} Fix: {p.fix}.")
        self.links.problems = Problems()
        if page.file.generated_by is None:
            html = self.stash.restore(self._clean(html, page))
        src = page.file.src_uri
        listing = None
        if src == "index.md":
            listing = indexes.bundles(self.archive, self.serving)[: self.config.home_entries]
        elif src == "essays/index.md":
            listing = self.archive.published(self.serving)
        if listing is None:
            return html
        return html + self.render_list(listing, page)

    def _clean(self, html: str, page: Page) -> str:
        """Sanitise what a contributor wrote, and say what was removed (a warning: strict builds fail)."""
        for line, finding in sanitize.located(html, self.sources.get(page.file.src_uri, "")):
            at = f":{line}" if line else ""
            log.warning(f"{self.docs_rel}/{page.file.src_uri}{at}: {finding.message}. Fix: {finding.fix}.")
        return sanitize.clean(html)

    def render_list(self, bundles: list, page: Page, compact: bool = False) -> str:
        """The entry list (newest first) of `bundles` (essays, manifesto texts...) for `page`;
        `compact` leaves out the summaries."""
        return self.renderer.render("sca/entry-list.html", entries=[indexes.entry_view(e) for e in bundles], page_url=page.url,
                                    compact=compact)

    @event_priority(50)  # before other plugins' on_env, so they see the merged essay pages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        assert self.archive is not None
        contribute = files.get_file_from_path(self.config.contribute_page)
        for url, (primary_lang, lang_files) in self.bundles.items():
            essay = self.archive.bundle(url)
            primary = lang_files[primary_lang].page
            if primary.content is None:  # a --dirty rebuild that leaves this bundle as it was
                for lang, f in lang_files.items():
                    if lang != primary_lang:
                        files.remove(f)
                continue
            html = {lang: f.page.content for lang, f in lang_files.items()}
            contribute_url = contribute.url_relative_to(primary.file) + "#translate" if contribute else "#"
            permalink = primary.canonical_url or primary.abs_url or primary.url
            built = essay_page.build(essay, html, self.archive, self.renderer, primary.url, contribute_url, permalink)
            for warning in built.mismatches:
                log.warning(warning)
            primary.content = built.html
            for name, content in built.files.items():  # the citation files beside the page
                files.append(File.generated(config, f"{essay.url}{name}", content=content))
            _bilingual_toc(primary.toc, built.headings, self.renderer)
            for lang, f in lang_files.items():
                if f is lang_files[primary_lang]:
                    continue
                # The other languages live on the primary page now: carry over their anchors and
                # their links to validate, then drop their own files so they are not written twice.
                primary.present_anchor_ids = (primary.present_anchor_ids or set()) | (f.page.present_anchor_ids or set())
                for target, links in (f.page.links_to_anchors or {}).items():
                    primary.links_to_anchors.setdefault(target, {}).update(links)
                files.remove(f)
            primary.meta.setdefault("description", essay.version(primary_lang).summary)
            primary.sca_langs = [FILE_LANGS[lang] for lang in essay.languages]
            original = essay.versions[essay.original]
            key = "en" if essay.original == "en" else "zh"
            primary.sca_meta = citation.meta_tags(citation.Work(
                f"sca:{essay.slug}", essay.original, original.title,
                tuple(self.archive.authors[a].name.get(key) for a in essay.authors), essay.date, permalink))
        return env


    def on_serve(self, server, *, config: MkDocsConfig, builder):
        live_reload.allow_reload_script(server, log)  # the preview's policy lets its reload script run
        return server

    @event_priority(-100)  # last: the policy hashes the page's final inline scripts
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return csp.insert(conformance.fix(output))

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return csp.insert(conformance.fix(output_content)) if template_name.endswith(".html") else output_content


def _bundle_assets(config: MkDocsConfig, files: Files) -> None:
    """One stylesheet and one script for the whole site: every assets/sca/ file the plugins declared
    in their on_config (which all run before this), concatenated in order under a content hash, so a
    page makes two requests instead of one per feature, and browsers may cache them for good."""
    for kind, target, joiner in (("css", config.extra_css, "\n"), ("js", config.extra_javascript, "\n;\n")):
        ours = [x for x in target if str(x).startswith("assets/sca/") and str(x).endswith(f".{kind}")
                and (ASSETS / Path(str(x)).name).is_file()]
        if not ours:
            continue
        content = joiner.join((ASSETS / Path(str(x)).name).read_text(encoding="utf-8") for x in ours)
        uri = f"assets/sca/site.{hashlib.sha256(content.encode()).hexdigest()[:10]}.{kind}"
        at = target.index(ours[0])
        for x in ours:
            target.remove(x)
        target.insert(at, uri)
        files.append(File.generated(config, uri, content=content))


def _bilingual_toc(items, headings: dict, renderer: Renderer) -> None:
    for item in items:
        if item.id in headings:
            item.title = renderer.render("sca/toc-title.html", titles=headings[item.id])
        _bilingual_toc(item.children, headings, renderer)
