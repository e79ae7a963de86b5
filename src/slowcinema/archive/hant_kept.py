"""The 繁體 of the titles, summaries and labels a build shows (slowcinema.languages.hant.text), kept between builds in
the build cache (kind "hant"): one entry, the conversions the last build asked for, keyed by the phrase table in use.
The code, OpenCC's version (the lock) and docs/hant-phrases.yml are in every key already (slowcinema.web.cache).

A build that asks for no string the last one did not (no title or summary changed) never loads OpenCC for them,
which costs about a tenth of a second to start. The text of a page is converted with the page, which the cache keeps
whole (slowcinema.essays.pages).
"""

from __future__ import annotations

from ..languages import hant
from ..web.cache import BuildCache

KIND = "hant"

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
