"""A bundle's language files converted from Markdown once, then kept between builds (the build cache).

MkDocs converts each page's Markdown in `Page.render`, which has no seam for a cache. But a plugin may
give a File a Page of its own before the navigation is made, as Material's blog does for its posts; the
archive plugin gives each bundle's language files (out of the navigation) a `KeptPage`.

Its render looks the page up in the build cache (kind "markdown") by:
- its Markdown, after every plugin's on_page_markdown, its file and its address;
- every file of the site and its address (MkDocs resolves and checks links against them);
- what the Markdown extensions say they read beyond the Markdown (`render_inputs`: the bundles a link
  may lead to, say).
The configuration, the theme's overrides, the code and the packages are in every key already
(slowcinema.web.cache.fingerprint).

Found: the page gets the HTML, table of contents, title, anchors and links to other pages' anchors of the
conversion that made the entry. Not found: MkDocs converts it, and the result is kept only if the
conversion was silent: nothing logged (in a build that logs warnings), and nothing recorded beside the HTML by an extension
(`render_marks`: a problem reported, a component waiting in the stash under this build's key). So a kept
page holds and says exactly what converting it again would.

A build from nothing also converts from the other end (`ahead`): its second process (slowcinema.archive.ahead)
takes the bundles from the last one back, each through every plugin's page events as MkDocs runs them, until
this process, converting from the first one on (`Keeper.at`, in memory both share), is about to reach the next.
The pages it converted are then found in the cache here, with what the plugins keep of them (the cleaned
HTML, the essay page).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Sequence

import markdown
import yaml
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from slowcinema.web import cache as build_cache
from slowcinema.web.cache import BuildCache

log = logging.getLogger("mkdocs.structure.pages")  # where MkDocs says a page's file cannot be read
KIND = "markdown"
FRONT = "front-matter"  # every kept page's front matter as MkDocs reads it, in one entry (`Keeper.read_front_matter`)
# Pages between the one this process converts and the first one converted ahead: each is converted once.
AHEAD_MARGIN = 6


class _Heard(logging.Handler):  # counts what MkDocs or a plugin logs while a page converts
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Keeper:
    """One build's conversions: `extensions` is the configuration's list of Markdown extensions."""

    def __init__(self, cache: BuildCache, extensions: list) -> None:
        self.cache, self.extensions = cache, extensions
        self._scope: str | None = None  # the site's files and the extensions' inputs, once per build
        self._order: dict[str, int] = {}  # src_uri -> its place among the pages MkDocs converts, in order
        # The place of the page this process converts now, in memory a forked second process shares (`ahead`).
        self.at = multiprocessing.RawValue("q", -1)
        self.behind = False  # True in the second process, converting ahead (it leaves `at` alone)
        self.front: dict[str, list] = {}  # src_uri -> [its front matter's YAML, the data MkDocs reads of it]
        self._markdown: markdown.Markdown | None = None  # one a build in each of its processes (`markdown`)

    def markdown(self, config: MkDocsConfig) -> markdown.Markdown:
        """The build's Markdown object, reset for the next page (`KeptPage.convert`). MkDocs makes one per page,
        and so every extension again, with a deep copy of each one's settings: 0.8 ms a page, an eighth of
        converting one. Python-Markdown's `reset` is what one object converting many documents calls
        between them; each extension that keeps anything of a document (the table of contents, footnotes,
        pymdownx's blocks and fences) empties it there."""
        if self._markdown is None:
            self._markdown = markdown.Markdown(extensions=config.markdown_extensions,
                                               extension_configs=config.mdx_configs or {})
        else:
            self._markdown.reset()
        return self._markdown

    def scope(self, files: Files) -> str:
        if self._scope is None:
            self._scope = build_cache.key(sorted(f"{f.src_uri}\t{f.url}" for f in files),
                                          [e.render_inputs() for e in self.extensions if hasattr(e, "render_inputs")])
        return self._scope

    def order(self, files: Files) -> dict[str, int]:
        if not self._order:
            self._order = {f.src_uri: i for i, f in enumerate(files.documentation_pages())}
        return self._order

    def read_front_matter(self, sources: dict[str, str]) -> None:
        """Before the pages are read (on_nav): the front matter of each of `sources` (src_uri -> the text the page
        will read), as MkDocs reads it (`meta.get_data`: its YAML, through MkDocs' loader), found again in the build
        cache by the pages' YAML alone, all in one entry: an edit of a page's text reads no YAML again."""
        blocks = {uri: m.group(1) for uri, text in sources.items() if (m := meta.YAML_RE.match(text))}
        entry = self.cache.key(FRONT, sorted(blocks.items()))
        found, value = self.cache.get(FRONT, entry)
        if found and isinstance(value, dict):
            self.cache.hits += 1
            self.front = value
            return
        self.cache.misses += 1
        self.front = {}
        for uri, block in blocks.items():
            try:
                data = yaml.load(block, meta.SafeLoader)  # as meta.get_data reads it
            except Exception:  # noqa: BLE001 - MkDocs then reads the page as it would
                continue
            if isinstance(data, dict):
                self.front[uri] = [block, data]
        try:
            self.cache.put(FRONT, entry, self.front)
        except (TypeError, ValueError):  # a value JSON cannot hold (a set, a key that is not text): read every build
            pass

    def front_matter(self, src_uri: str, source: str) -> tuple[str, dict]:
        """The page's Markdown and front matter, as `meta.get_data` gives them: from `read_front_matter` where the
        page's YAML is the one read there (each page's own copy, read once), else read now."""
        kept = self.front.pop(src_uri, None)
        if kept is not None and (m := meta.YAML_RE.match(source)) and m.group(1) == kept[0]:
            return source[m.end():].lstrip("\n"), kept[1]
        return meta.get_data(source)

    def marks(self) -> tuple:
        return tuple(e.render_marks() for e in self.extensions if hasattr(e, "render_marks"))

    def render(self, page: Page, convert: Callable[[MkDocsConfig, Files], None], config: MkDocsConfig, files: Files) -> None:
        if not self.behind:
            self.at.value = self.order(files).get(page.file.src_uri, -1)
        entry = self.cache.key(KIND, self.scope(files), page.file.src_uri, page.file.url, page.markdown)
        found, value = self.cache.get(KIND, entry)
        if found and _restore(page, value, files):
            self.cache.hits += 1
            self.cache.made(page.content, entry, "content")
            return
        self.cache.misses += 1
        marks, heard, logger = self.marks(), _Heard(), logging.getLogger("mkdocs")
        logger.addHandler(heard)
        try:
            convert(config, files)
        finally:
            logger.removeHandler(heard)
        # Kept if it said nothing; a build that hears no warnings (`mkdocs build -q`) cannot know that it did not.
        if heard.count == 0 and self.marks() == marks and logger.isEnabledFor(logging.INFO):
            self.cache.put(KIND, entry, _snapshot(page))
            self.cache.made(page.content, entry, "content")  # only then: a conversion that is not kept may hold
            # what is new in every build (a component's placeholder)


class KeptPage(Page):
    """A page whose conversion the build cache keeps (see the module's docstring)."""

    def __init__(self, file: File, config: MkDocsConfig, keeper: Keeper) -> None:
        super().__init__(None, file, config)
        self.keeper = keeper

    def read_source(self, config: MkDocsConfig) -> None:
        """MkDocs' `Page.read_source`, with the front matter from the Keeper (`Keeper.front_matter`)."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except OSError:
                log.error(f"File not found: {self.file.src_path}")
                raise
            except ValueError:
                log.error(f"Encoding error reading file: {self.file.src_path}")
                raise
        self.markdown, self.meta = self.keeper.front_matter(self.file.src_uri, source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")  # as Page.render says it
        self.keeper.render(self, self.convert, config, files)

    def convert(self, config: MkDocsConfig, files: Files) -> None:
        """MkDocs' `Page.render` (mkdocs<2, copied) on the build's one Markdown object (`Keeper.markdown`):
        MkDocs' own tree processors registered for this page, in place of the last page's."""
        md = self.keeper.markdown(config)
        raw_html_ext = pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = pages._RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


def keep(config: MkDocsConfig, files: Iterable[File], cache: BuildCache) -> None:
    """In on_files: each of `files` (out of the navigation) gets a KeptPage. Nothing without a cache folder."""
    if cache.folder is None:
        return
    keeper = Keeper(cache, config.markdown_extensions)
    for f in files:
        KeptPage(f, config, keeper)  # Page sets f.page


def read_front_matter(files: Iterable[File], sources: dict[str, str]) -> None:
    """In on_nav of a whole build: the front matter of the kept pages among `files`, whose texts are `sources`
    (src_uri -> the text each will read), from the build cache (`Keeper.read_front_matter`)."""
    kept = [f.page for f in files if isinstance(f.page, KeptPage)]
    if kept:
        kept[0].keeper.read_front_matter({p.file.src_uri: sources[p.file.src_uri] for p in kept})


def ahead(config: MkDocsConfig, files: Files, groups: Sequence[Sequence[File]]) -> int:
    """In the build's second process (forked during the conversions: slowcinema.archive.ahead): each group of
    kept pages (a bundle's languages), from the last one back, converted as MkDocs converts a page (every
    plugin's page events), until the build's process is about to reach it. Returns how many pages it
    converted. What it logs is not said here: a page that logs is not kept, and the build's process converts
    it again and says it. A page that fails ends the work: the build's process meets it and says why."""
    kept = [f.page for g in groups for f in g]
    if not kept or not all(isinstance(p, KeptPage) for p in kept):
        return 0  # no build cache: nothing could reach the build's process
    keeper, logger = kept[0].keeper, logging.getLogger("mkdocs")  # type: ignore[union-attr]
    order, keeper.behind = keeper.order(files), True
    ordered = sorted((sorted(g, key=lambda f: order[f.src_uri]) for g in groups if g), key=lambda g: order[g[0].src_uri])
    loggers = (logger, logging.getLogger())  # MkDocs' and the others' (Python-Markdown's, say): said nowhere
    handlers, done = [log.handlers for log in loggers], 0
    for log in loggers:
        log.handlers = [logging.NullHandler()]  # none at all would have Python say warnings on stderr
    try:
        for group in reversed(ordered):
            if keeper.at.value + AHEAD_MARGIN >= order[group[0].src_uri]:
                break  # the build's process is there: the rest is its own
            for f in group:
                _populate_page(f.page, config, files)  # type: ignore[arg-type]  # MkDocs' own sequence of events
                done += 1
    except Exception:  # noqa: BLE001 - said by the build's process when it converts the page
        pass
    finally:
        for log, kept_handlers in zip(loggers, handlers):
            log.handlers = kept_handlers
    return done


def _tokens(items) -> list[dict]:  # the table of contents as Python-Markdown's toc_tokens, which get_toc reads
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)} for a in items]


def _snapshot(page: Page) -> dict:
    links = page.links_to_anchors
    return {"content": page.content, "toc": _tokens(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()}}


def _restore(page: Page, value: dict, files: Files) -> bool:
    links = None
    if value["links"] is not None:
        targets = {uri: files.get_file_from_path(uri) for uri in value["links"]}
        if None in targets.values():
            return False
        links = {targets[uri]: anchors for uri, anchors in value["links"].items()}
    page.content, page.toc = value["content"], get_toc(value["toc"])
    page._title_from_render = value["title"]
    page.present_anchor_ids = set(value["anchors"])
    if links is not None:
        page.links_to_anchors = links
    return True

