"""MkDocs adapter for the archive core: reads and validates the archive, turns each essay bundle
into one bilingual page, lists entries on the home and section pages, and holds the build's state
(slowcinema.archive.build.BuildState) that the other plugins read (adapter.state)."""

from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from slowcinema.archive import ending, hant_kept, site
from slowcinema.archive.build import BuildState
from slowcinema.archive.load import load_archive
from slowcinema.content import source
from slowcinema.content.problems import Problems
from slowcinema.essays import links
from slowcinema.essays import markdown as essay_markdown
from slowcinema.essays import pages as essay_pages
from slowcinema.web import assets, collector, csp, final, placed, previous, render

from .. import adapter, frames, in_place, kept
from ..config import ArchiveConfig
from . import serve


class ArchivePlugin(adapter.Plugin[ArchiveConfig]):
    serving, rebuilds = False, None  # set by on_startup (`mkdocs build` or `serve`, --dirty)
    # Essay pages offered as their languages are converted (on_files to on_env); built at once in the second
    # process, for the pages it converts ahead (`_convert_ahead`).
    early: essay_pages.Early | essay_pages.Here | None = None
    sets_aside = False  # `mkdocs build`: the last site emptied after this one is written (previous.py)
    taken: Sequence[previous.TakenBack | None] = ()  # its bundles' folders, moved back before the site is written
    bundles_missed = 0  # bundles read anew in this build (on_files), not found in the build cache

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.sets_aside = command == "build" and not dirty
        self.rebuilds = serve.dirty_rebuilds(dirty)  # kept across `serve` rebuilds, as the instance is
        if command == "build":
            ending.without_last_collection()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:  # the build's state made, not looked up
        # Each page's size as written (for offline reading's listing); a --dirty rebuild keeps those it did not render.
        self.sizes: dict[str, int] = getattr(self, "sizes", {}) if self.rebuilds else {}
        self.state = BuildState.start(
            self.serving and self.config.drafts_in_serve, adapter.root(config), config.config_file_path, config.docs_dir,
            config.theme.custom_dir, config.site_url, adapter.log.info)
        self.sources: dict[str, str] = {}  # src_uri -> normalised text, for line numbers in messages
        self.read_ahead: dict[str, str] = {}  # src_uri -> normalised text of a bundle's file not read by MkDocs yet
        self.links = links.LinkContext()  # links between bundles as ../other-slug/ (slowcinema.essays.links)
        # What the build knows of the files it leaves in the site, and the pages the last one left (web/placed.py).
        self.state.placed = placed.Placed(self.state.cache, Path(config.site_dir), not self.serving, links.SECTIONS)
        self.frames = frames.Frames(self.state.cache, self.state.placed)  # the pages in the theme's frame, kept
        self.in_place = in_place.Pages(config, self._final, self.state.unwritten, self.state.placed)  # not written again
        csp.use_templates([*config.theme.dirs, render.PACKAGE_TEMPLATES])  # the inline scripts the policy lets run
        adapter.extend(config, assets.ARCHIVE, *essay_markdown.extensions(self.links))  # and figures, English quotes
        if not self.serving:
            collector.start()  # what the build holds, frozen at each stage (slowcinema.web.collector)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:  # before MkDocs empties site_dir
        if self.sets_aside:
            self.state.previous = previous.set_aside(Path(config.site_dir))  # its unchanged files moved back

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        st, misses = self.state, self.state.cache.misses
        st.archive, problems = load_archive(Path(config.docs_dir), adapter.root(config), st.cache, st.read)
        self.bundles_missed = st.cache.misses - misses  # read anew: not found in the build cache
        adapter.fail_on(problems)
        published = site.publish(st, [f.src_uri for f in files], config.site_url)
        self.links.start(st.archive, published.dropped)
        adapter.remove(files, published.drop)
        st.bundles = {b.url: adapter.place(files, b.url, b.src_uris, b.original) for b in published.placed}  # one page each
        kept.keep(config, [f for b in st.bundles.values() for f in b.files.values()], st.cache)  # converted once
        adapter.bundle_assets(config, files)
        adapter.generate(config, files, published.files)  # redirects, feeds
        self.early = None if self.serving else essay_pages.Early(st)  # `serve` runs threads: no fork
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav  # for the kept frames (on_env)
        collector.stage()  # the archive and the site's files, before the second process is forked
        if self.rebuilds:  # after every plugin has added its files, before any page is read
            serve.mark(files, self.rebuilds, self.state, Path(config.docs_dir))
        else:  # every bundle's files read now, and their front matter found together (slowcinema_mkdocs/kept.py)
            self._read_ahead()
        if isinstance(self.early, essay_pages.Early) and not self.rebuilds:  # a whole build (--dirty: only what changed)
            # Last of the work ahead (after every plugin's on_files): the bundles converted from the last one back.
            self.state.ahead.append(lambda: self._convert_ahead(config, files))
            self.early.bundles_missed(self.bundles_missed)  # many: the second process starts now, before the first page
        return nav

    def _read_ahead(self) -> None:
        bundle_files = [f for b in self.state.bundles.values() for f in b.files.values() if f.abs_src_path is not None]
        self.read_ahead = _read(bundle_files, self.state.docs_rel, self.state.read)
        self.state.read = {}  # the rest (manifestos' and galleries' files, drafts) let go
        kept.read_front_matter(bundle_files, self.read_ahead)

    def _convert_ahead(self, config: MkDocsConfig, files: Files) -> None:  # in the second process (kept.ahead)
        self.early = essay_pages.Here(self.state)
        kept.ahead(config, files, [list(b.files.values()) for b in self.state.bundles.values()])

    @event_priority(100)  # first: every page written, and no plugin's last pass has changed any file yet
    def _settle(self, *, config: MkDocsConfig) -> None:
        self.state.placed.settle()

    @event_priority(-50)  # every file written, the search index too; before the last pass reads the site
    def _remove_previous(self, *, config: MkDocsConfig) -> None:
        previous.remove(self.state.previous)
        for taken in self.taken:
            previous.stale(taken, self.state.unwritten)
        self.state.previous, self.taken = None, ()

    @event_priority(-100)  # last: the offline worker's version hashes every file the build wrote
    def _finish(self, *, config: MkDocsConfig) -> None:
        if self.rebuilds:
            self.rebuilds.finished()
        hant_kept.end()  # before the cache is pruned
        final.site(Path(config.site_dir), sorted(self.state.bundles), config.site_name, config.site_description or "",
                   self.state.cache, not self.serving, adapter.warn, self.sizes, self.state.placed)  # offline, _headers, cache
        collector.end()

    on_post_build = CombinedEvent(_settle, _remove_previous, _finish)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs reads front matter with LF only; give it the normalised text (no BOM, LF endings).
        if page.file.abs_src_path is None:
            return None
        text = self.read_ahead.pop(page.file.src_uri, None)  # read in on_nav
        if text is None:
            text = _read([page.file], self.state.docs_rel)[page.file.src_uri]
        self.sources[page.file.src_uri] = text
        return text

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Our `tags:` are registry ids that the archive renders with their labels; left in the page's
        # meta, Material's search would show the raw ids as unlabelled navigation landmarks.
        if isinstance(page.meta.get("tags"), list):
            page.meta["sca_tags"] = page.meta.pop("tags")
        src = page.file.src_uri
        self.links.page(src, f"{self.state.docs_rel}/{src}", self.sources.get(src, markdown))

    @event_priority(100)  # first: contributor HTML is cleaned before any trusted component is added
    def _clean_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        adapter.warn(self.links.warnings())  # links between bundles that lead nowhere
        src = page.file.src_uri  # every page, generated ones too: slowcinema.archive.site.page_content
        return adapter.warned(site.page_content(self.state, src, html, self.sources.get(src, ""), page.url,
                                                page.meta.get("start_here"), self.config.home_entries))

    @event_priority(-100)  # last: the page's content is final; its essay page can be built beside this process
    def _offer_essay_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        bundle = self.state.bundles.get(page.url)
        if bundle is not None and self.early is not None and any(f.page is page for f in bundle.files.values()):
            contents = {lang: html if f.page is page else f.page.content for lang, f in bundle.files.items()}
            if None not in contents.values():  # every language converted
                self.early.offer(page.url, self.job(bundle.page, contents, files))
        return html

    on_page_content = CombinedEvent(_clean_content, _offer_essay_page)

    def job(self, page: Page, html: dict[str, str], files: Files) -> essay_pages.Job:  # `essays.page.build`'s inputs
        return (self.state.archive.bundle(page.url), html, page.url, adapter.link(files, self.config.contribute_page, page, "#translate"),
                adapter.permalink(page))

    @event_priority(50)  # before the other plugins' on_env, so they see the merged essay pages
    def _merge_essays(self, env, *, config: MkDocsConfig, files: Files):
        st, env.bytecode_cache = self.state, render.COMPILED  # the theme's templates compiled once per process
        env.auto_reload = False  # made for this build (each `serve` rebuild has its own): no file checked at each page
        merged = {url: (bundle.page, html) for url, bundle in st.bundles.items()
                  if (html := adapter.merge(bundle, files)) is not None}  # None: a --dirty rebuild leaves it as it was
        jobs = [self.job(page, html, files) for page, html in merged.values()]
        early, self.early = self.early, None
        # A page found in the cache keeps its HTML unread (`Deferred`) until a step needs it (frames.py), where no other
        # plugin can see the page's content before it is written.
        unread = adapter.ours_alone(config, "env", "page_context", "post_page", "post_build")
        for (url, (page, _)), built in zip(merged.items(), essay_pages.cached_all(st, jobs, early)):  # the early ones taken
            adapter.warn(built.mismatches)
            page.content = built.html if unread else st.cache.text(built.html)
            page.sca_langs, page.sca_meta = built.langs, built.citation_meta
            page.meta.setdefault("description", built.description)
            adapter.generate(config, files, {f"{url}{name}": text for name, text in built.files.items()})  # citations
            site.bilingual_toc(page.toc, built.headings)
        st.cache.forget_made(but=[page.content for page, _ in merged.values()])  # the essay pages, for their frames
        return env

    @event_priority(-100)  # after every other plugin: the pages are final
    def _kept_frames(self, env, *, config: MkDocsConfig, files: Files):
        # Last before MkDocs writes the site: the bundles' folders of the previous site back in place (previous.py),
        # where the frames find pages at their places.
        self.taken = [previous.take_back(self.state.previous, Path(config.site_dir), name) for name in links.SECTIONS]
        for taken in self.taken:
            if taken is not None:
                self.state.placed.taken_back(taken.before)
        direct = all(getattr(h, "__self__", None) is self for h in config.plugins.events["post_page"])
        self.frames.start(env, [f.page for f in files.documentation_pages() if f.page is not None], self.nav, config, direct)
        self.state.cache.forget_made()  # the last keys on the pages' texts are asked
        collector.stage()  # every page, before the search index's process is forked
        return env

    on_env = CombinedEvent(_merge_essays, _kept_frames)

    def on_build_error(self, *, error: Exception) -> None:
        collector.end()
        if hasattr(self, "state"):
            previous.remove(self.state.previous)
            self.state.previous, self.taken = None, ()
        if self.early is not None:  # its second process ended
            self.early.close()
            self.early = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        serve.allow_reload_script(server, adapter.log)  # the preview's policy lets its reload script run
        return server

    @event_priority(100)  # first: the page as the theme's templates made it
    def _keep_frame(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.frames.finished(output, page)
        return output

    @event_priority(-100)  # last: the policy hashes the page's final inline scripts
    def _final(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        key, size = self.frames.final_key(page), self.frames.found_in_place(page)
        if size is not None:  # its file holds its final pass already, as the last build left it (web/placed.py)
            self.sizes[page.url] = size
            return self.in_place.left(page)
        kept = getattr(page, "sca_final", None)  # found by its frame's key: the frame was not read (frames.py)
        try:
            output = kept if kept is not None else final.page(output, self.state.cache, key)
        except csp.ForeignScript as err:
            raise PluginError(f"{self.state.docs_rel}/{page.file.src_uri}: the page's {err}") from None
        if not output.strip():
            return output
        data = output.encode("utf-8", errors="xmlcharrefreplace")  # what MkDocs writes
        self.sizes[page.url] = len(data)
        return self.in_place.leave(output, data, page, key)

    on_post_page = CombinedEvent(_keep_frame, _final)

    @event_priority(-100)  # last, as for pages: the policy hashes the final inline scripts
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        try:
            return final.template(template_name, output_content)
        except csp.ForeignScript as err:
            raise PluginError(f"{template_name}: {err}") from None


def _read(files: list[File], docs_rel: str, read: dict[str, bytes] | None = None) -> dict[str, str]:
    """Each file's text as MkDocs should read it (normalised: no BOM, LF endings), by its src_uri: from its bytes as
    the archive's loader read them (`read`, by path), or read now; every file that cannot be read said at its place
    in the project (`docs_rel`: the docs folder's), then the build stopped."""
    problems, texts = Problems(), {}
    for f in files:
        rel, data = f"{docs_rel}/{f.src_uri}", read.pop(f.abs_src_path, None) if read else None  # type: ignore[arg-type]
        texts[f.src_uri] = (source.decode(data, rel, problems) if data is not None
                            else source.read_text(Path(f.abs_src_path), rel, problems))  # type: ignore[arg-type]
    adapter.fail_on(problems)
    return texts
