"""The 繁體 a build makes, kept between builds in the build cache, so that a build which meets no new Chinese text
never loads OpenCC (about a tenth of a second to start). The code, OpenCC's version (the lock) and
docs/hant-phrases.yml are in every key already (slowcinema.web.cache).

- The titles, summaries and labels the build shows (slowcinema.languages.hant.text): kind "hant", one entry, the
  conversions the last build asked for, keyed by the phrase table in use (`start`, `end`).
- OpenCC's conversions of the text of each essay page, as the page's last build asked for them (`page`): kind
  "hant-page", an entry an essay, keyed by its Chinese file. An essay page built again after an edit of its English
  only finds them all. They are OpenCC's alone, so they hold whatever the page's text now is: one missing is
  converted, and the entry written again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..essays.bundle import Essay
from ..languages import hant
from ..web.cache import BuildCache

KIND = "hant"
PAGE = "hant-page"

_cache: BuildCache | None = None
_key = ""
_found: dict[str, str] = {}


def start(cache: BuildCache | None) -> None:
    """After `hant.use`: the last build's conversions for this table, remembered (none without a cache)."""
    global _cache, _key, _found
    _cache, _key, _found = None, "", {}
    if cache is not None and cache.folder is not None:
        _cache, _key = cache, cache.key(KIND, hant.table())
        found, value = cache.get(KIND, _key)
        if found and isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            _found = value
    hant.remember(_found)


def end() -> None:
    """At the end of a build: its conversions kept for the next, where they differ from those it found."""
    global _cache
    if _cache is not None:
        asked = hant.asked()
        if asked != _found:
            _cache.put(KIND, _key, asked)
        _cache = None


def _page_key(cache: BuildCache, essay: Essay) -> str | None:
    zh = essay.versions.get("zh")
    if cache.folder is None or zh is None or "zh-Hant" in essay.versions:  # no generated 繁體
        return None
    return cache.key(PAGE, zh.rel)


@contextmanager
def page(cache: BuildCache, essay: Essay) -> Iterator[None]:
    """While `essay`'s page is built: OpenCC's conversions its last build made, kept again where it asked for others."""
    key = _page_key(cache, essay)
    if key is None:
        yield
        return
    found, value = cache.get(PAGE, key)
    found = found and isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    with hant.page(value if found else {}) as used:
        yield
    if not found or used != value:
        cache.put(PAGE, key, used)


def keep(cache: BuildCache, essay: Essay) -> None:
    """`essay`'s page was found in the cache: its conversions are kept for its next build all the same."""
    key = _page_key(cache, essay)
    if key is not None:
        cache.keep(PAGE, key)
