"""Work done ahead, in the build's second process: what the build asks for late but could know early.

The related entries at the foot of each essay are chosen and drawn once every page is converted, and the
pages made from data (a tag's, a film's, a person's) after the last essay's files; yet both depend only on
the archive's data, read before the first page. A plugin lists such work in the build's state
(`BuildState.ahead`, from on_files): each a function that asks for those values through the build cache
(slowcinema.web.cache), which keeps what it computes. Where the build has a second process for its essay
pages (slowcinema.essays.pages), that process does this work first (`run`), while this one converts
Markdown; later the build finds the values in the cache rather than computing them. Last comes work that races
the build's process: the bundles converted from the last one back until that process, converting from the
first one on, reaches them (slowcinema_mkdocs.kept).

They are the values the build would compute: the same functions, on the state the process was forked with.
So the site is the same. Work that fails there is left to the build, which computes the values itself when
it asks for them and reports any problem then; an entry found damaged there is said here (`join`). The
cache's account counts each entry once, where it was made (`BuildCache.join`).
"""

from __future__ import annotations

from collections import Counter

from . import beside
from .build import BuildState

Done = tuple  # what `run` did in the build cache (BuildCache.accounted)

# Work ahead done in a second process and joined here, and the cache entries it wrote (and of each kind), in this
# process's life (for tests and the curious).
joined = written = 0
kinds: Counter[str] = Counter()


def run() -> Done:
    """In the second process: the build's work ahead (`BuildState.ahead`), in order."""
    st: BuildState = beside.handed()  # type: ignore[assignment]

    def every() -> None:
        for work in st.ahead:
            try:
                work()
            except Exception:  # noqa: BLE001 - the build does it again when it asks for the values, and says why it fails
                continue

    return st.cache.accounted(every)[1]


def join(st: BuildState, done: Done) -> None:
    """In the build's process: what `run` did, in its account of the cache and its log."""
    global joined, written
    st.cache.join(*done)
    joined, written = joined + 1, written + len(done[2])
    kinds.update(map(st.cache.kind_of, done[2]))
