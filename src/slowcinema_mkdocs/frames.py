"""Each page in the theme's frame, kept between builds (the build cache, kind "frame").

MkDocs puts every page in the theme's templates (Material's main.html under our overrides/) after every
plugin's on_env. A page whose inputs are the same as in an earlier build gets the output kept
then: in on_env, after every other plugin, the page is given a template that writes that output as it
is (`page.meta["template"]`, which MkDocs reads for each page). A page put in its frame in full is kept
in on_post_page, before any plugin's last pass over it, so every later pass still runs.

The key holds what the templates read of the page: its address and file, title, content, table of
contents, front matter (meta), canonical and edit addresses, neighbours, and the attributes the archive
gives it (`sca_*`); and of the site, the navigation (each item's title, address and children) and the
stylesheets and scripts. The configuration, the theme's overrides, the templates, the code and the
packages are in every key already (slowcinema.web.cache.fingerprint). A page whose inputs the cache cannot
hold (front matter of another kind), or one that MkDocs marks as a draft, is always put in its frame.

A page's content may be a `Deferred` (slowcinema.web.cache): an essay page found in the build cache by its key, its HTML
not read. The frame's key holds its token, as it would hold the text's; a page that is put in its frame is given its
text first.

The page's final pass (slowcinema.web.final) is kept by the frame's key too: the frame's output is a function
of that key, and the final pass a function of the frame's output. A page whose final pass is found that way
is written from it, and its frame is not read at all: its template writes nothing, and the archive plugin's
last pass gives the page its kept final output (`page.sca_final`). A page whose file holds that output already, as
the last build left it, is not even read (slowcinema.web.placed): the last pass leaves the file as it is. Only
where no other plugin's on_post_page would read the output in between (`direct`). There the frame itself is not
kept either: whenever it could be found, its final pass is found first (both are kept by the same key), so a kept
frame would only be written by one build and removed as unused by the next.
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from slowcinema.web import cache as build_cache
from slowcinema.web.cache import BuildCache
from slowcinema.web.placed import Placed

KIND = "frame"
TEMPLATE = "sca-kept-frame.html"  # the page's kept output, as it is (MkDocs' environment escapes nothing)


def _nav(items) -> list:
    return [[getattr(i, "title", None), getattr(i, "url", None), _nav(getattr(i, "children", None) or [])] for i in items]


def _toc(items) -> list:
    return [[a.level, a.id, a.title, _toc(a.children)] for a in items]


def _near(page: Page | None) -> list | None:
    return None if page is None else [page.url, page.title]


def inputs(page: Page, cache: BuildCache) -> list:
    """What the theme's templates read of `page` (see the module's docstring); its content by its token (the key of
    the essay page that made it: slowcinema.web.cache.BuildCache.token)."""
    return [page.url, page.file.src_uri, page.title, cache.token(page.content), _toc(page.toc), page.meta, page.canonical_url,
            page.abs_url, page.edit_url, _near(page.previous_page), _near(page.next_page),
            page.parent.title if page.parent else None, page.is_homepage,
            {k: v for k, v in sorted(vars(page).items()) if k.startswith("sca_")}]


class Frames:
    """One build's frames: `pending` holds the key of each page put in its frame in full."""

    def __init__(self, cache: BuildCache, placed: Placed) -> None:
        self.cache, self.placed = cache, placed
        self.pending: dict[int, str] = {}  # id(page) -> its key
        self.finals: dict[int, str] = {}  # id(page) -> the key of its final pass (`direct`)
        self.in_place: dict[int, int] = {}  # id(page) -> its file's size, for a page found at its place

    def start(self, env: jinja2.Environment, pages: Iterable[Page], nav: Navigation, config: MkDocsConfig,
              direct: bool = False) -> None:
        """In on_env, after every other plugin: each page's kept final output or frame, if there is one. `direct`:
        no plugin but the archive's reads a page's output between its frame and its final pass."""
        if self.cache.folder is None:
            return
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: "{{ page.sca_frame }}"}), env.loader])
        site = build_cache.key(_nav(nav.items), [str(x) for x in config.extra_css], [str(x) for x in config.extra_javascript])
        for page in pages:
            if not self._found(page, site, direct):  # put in its frame: its text, read if it was found by its key
                page.content = self.cache.text(page.content)

    def _found(self, page: Page, site: str, direct: bool) -> bool:
        """Whether `page` is given its kept final output, or its kept frame (`start`)."""
        if page.content is None or page.file.inclusion.is_excluded() or "template" in page.meta:
            return False
        try:
            entry = self.cache.key(KIND, site, inputs(page, self.cache))
        except TypeError:  # a value the cache cannot hold: this page is put in its frame every build
            return False
        if direct:  # otherwise the final pass is kept by the output another plugin may have changed
            final = self.finals[id(page)] = self.cache.key("final", KIND, entry)
            size = self.placed.found(page.file.dest_uri, final)  # at its place as the last build left it
            if size is not None:
                self.cache.hits += 1
                self.cache.keep("final", final)
                self.in_place[id(page)] = size
                page.sca_frame = ""
                page.meta["template"] = TEMPLATE
                return True
            found, output = self.cache.get("final", final)
            if found and isinstance(output, str):
                self.cache.hits += 1
                page.sca_final, page.sca_frame = output, ""
                page.meta["template"] = TEMPLATE
                return True
            return False  # put in its frame in full, and its final pass kept (not its frame)
        found, output = self.cache.get(KIND, entry)
        if found and isinstance(output, str):
            self.cache.hits += 1
            page.sca_frame = output
            page.meta["template"] = TEMPLATE
            return True
        self.cache.misses += 1
        self.pending[id(page)] = entry
        return False

    def final_key(self, page: Page) -> str | None:
        """The key of the page's final pass (`direct`); None for any other."""
        return self.finals.pop(id(page), None)

    def found_in_place(self, page: Page) -> int | None:
        """The size of the page's file, for a page found at its place (slowcinema.web.placed); None for any other."""
        return self.in_place.pop(id(page), None)

    def finished(self, output: str, page: Page) -> None:
        """In on_post_page, before any other plugin: a page put in its frame in full is kept (not `direct`)."""
        entry = self.pending.pop(id(page), None)
        if entry is not None:
            self.cache.put(KIND, entry, output)
