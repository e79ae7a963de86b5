"""Every essay page of a build (`cached_all`): each found in the build cache, or built.

A build from nothing converts the Markdown of thousands of files one after another while the machine's
second core has nothing to do. So when there are many pages to build, a second process, forked from this
one, builds each essay page as soon as all its languages are converted (`Early.offer`), while this process
goes on with the others; at the end (`cached_all`) this one builds the later half of what is still
waiting, and the few pages missed before the second process was started. A build that misses only a few
pages in the cache (an essay edited) builds them here: a fork would cost more than it saves. A page is the
same wherever it is built (`build` reads only its arguments, and an early page is used only if its arguments
are still the page's), so the site is too. Without a second process (a few pages, one core, `mkdocs serve`)
every page is built here.

The second process is `archive.beside`'s: forked, and only where forking is safe (`mkdocs build`). It does the
build's work ahead first (slowcinema.archive.ahead), and keeps each page it builds in the build cache itself. The
last of that work converts bundles from the last one back (slowcinema_mkdocs.kept) and builds their essay pages at
once (`Here`); this process finds those pages in the cache when it offers them.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..archive import ahead, beside, hant_kept
from ..archive.beside import second_process
from ..archive.build import BuildState
from ..web.cache import BuildCache, Deferred
from .page import EssayPage, build

# Essay pages missing from the build cache from which a second process is worth its start (a fork, pages sent
# back: about 0.1 s); those before it are built here.
BESIDE_AFTER = 16

Job = tuple  # (essay, html by language, page_url, contribute_url, permalink): `page.build`'s own inputs
KIND = "essay"  # the build cache's kind for an essay page, its HTML left out (`keep`)
HTML = "essay-html"  # and for its HTML, under the same key: read only where a step needs the text (`cached_all`)
built_beside = 0  # pages built in the second process, in this process's life (for tests and the curious)
started_first = 0  # second processes started before the first page (`Early.bundles_missed`), in its life


class Early:
    """Essay pages offered as soon as their languages are converted: found in the build cache, or sent to
    a second process from the `BESIDE_AFTER`th page missing there."""

    def __init__(self, st: BuildState) -> None:
        self.st, self.missed = st, 0
        # url -> (job, its cache key, its page (found in the cache), its future (sent) or None (to build here))
        self.offered: dict[str, tuple[Job, str, EssayPage | Future | None]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.ahead: Future | None = None  # the build's work ahead, done there first
        self.asked = False

    def start(self) -> None:
        """The second process, forked now (if the build can have one), with this process's memory as it is: from
        the `BESIDE_AFTER`th page missing from the cache, or before the first page when as many bundles were
        read anew (`bundles_missed`). It does the build's work ahead first."""
        if not self.asked:
            self.asked = True
            self.pool = second_process(self.st)  # what the forked process builds with
            if self.pool is not None and self.st.ahead:
                self.ahead = self._send(ahead.run)  # forks

    def bundles_missed(self, missed: int) -> None:
        """Before the first page: `missed` bundles were read anew rather than found in the cache. As many essay
        pages will be missing there too (a build from nothing, or one whose templates changed): no need to wait
        for them to start the second process."""
        global started_first
        if missed >= BESIDE_AFTER and not self.asked:
            self.start()
            started_first += self.pool is not None

    def offer(self, url: str, job: Job) -> None:
        st = self.st
        key = job_key(st, job)
        found, page = st.cache.get(KIND, key)
        if not found:
            self.missed += 1
            if self.missed >= BESIDE_AFTER:
                self.start()
            page = None  # built with the others at the end, unless the second process takes it
            if self.pool is not None:
                page = self._send(_sent, job, key)
        self.offered[url] = (job, key, page)

    def _send(self, work, *args) -> Future | None:
        try:
            return self.pool.submit(work, *args)  # type: ignore[union-attr]
        except BrokenProcessPool:  # the second process died: this page and the rest are built here
            broken, self.pool = self.pool, None
            broken.shutdown(cancel_futures=True)  # type: ignore[union-attr]
            return None

    def take(self, url: str, job: Job) -> tuple[str, EssayPage | Future | None] | None:
        """(its cache key, its page, future or None) if it was offered with these very arguments."""
        offered = self.offered.pop(url, None)
        if offered is not None and offered[0] == job:
            return offered[1], offered[2]
        if offered is not None and isinstance(offered[2], Future):
            offered[2].cancel()
        return None

    def close(self) -> None:
        if self.ahead is not None:  # done long ago: it was the first work sent
            try:
                ahead.join(self.st, self.ahead.result())
            except (BrokenProcessPool, CancelledError):  # what it made is found in the cache all the same
                pass
            self.ahead = None
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        self.offered = {}


class Here:
    """`Early` in the second process, for the pages it converts itself (slowcinema_mkdocs.kept, `ahead`): each
    essay page offered is built at once and kept in the build cache, where the build's process finds it when
    it offers the same page."""

    def __init__(self, st: BuildState) -> None:
        self.st = st

    def offer(self, url: str, job: Job) -> None:
        self.st.cache.misses += 1  # built here, and counted here: the build's process finds it made in this build
        keep(self.st.cache, job_key(self.st, job), _one(self.st, job))

    def close(self) -> None:
        pass


def cached_all(st: BuildState, jobs: list[Job], early: Early | None = None) -> list[EssayPage]:
    """`page.build` for each job, in order, found again in the build cache (slowcinema.web.cache) by its
    inputs: the archive's data and the templates are in every key already (the cache's fingerprint).
    Pages `early` has found or sent are taken from it (the later half of those still waiting is built
    here, first); it is closed."""
    global built_beside
    pages: list[EssayPage | None] = [None] * len(jobs)
    sent: dict[int, Future] = {}
    missing = []
    try:
        taken = [early.take(job[2], job) if early else None for job in jobs]
        keys = [t[0] if t else job_key(st, job) for t, job in zip(taken, jobs)]
        made = [t[1] if t else st.cache.get(KIND, key)[1] for t, key in zip(taken, keys)]  # a page, future or None
        waiting = [i for i, f in enumerate(made) if isinstance(f, Future) and not f.done()]
        here = {i for i in waiting[len(waiting) // 2:] if made[i].cancel()}  # not begun there: built here
        for i, page in enumerate(made):
            if isinstance(page, EssayPage):  # found, its HTML read only if a step needs the text itself
                st.cache.hits += 1
                st.cache.keep(HTML, keys[i])
                pages[i] = dataclasses.replace(page, html=_deferred(st, keys[i], jobs[i]))
                hant_kept.keep(st.cache, jobs[i][0])  # for its next build
                continue
            st.cache.misses += 1
            if isinstance(page, Future) and i not in here:
                sent[i] = page
            else:
                missing.append(i)
        for i in missing:  # here, while the second process finishes what it was sent
            pages[i] = keep(st.cache, keys[i], _one(st, jobs[i]))
        for i, future in sent.items():
            try:
                page, done = future.result()
                built_beside += done is not None
                if done is None:
                    st.cache.misses -= 1  # built ahead there, and counted there (`ahead.join`)
                else:  # what building it made there (a template compiled, a fragment) is this build's: kept by `prune`
                    st.cache.join(*done)
                st.cache.adopt(KIND, keys[i])  # kept there
                st.cache.adopt(HTML, keys[i])
            except BrokenProcessPool:
                page = keep(st.cache, keys[i], _one(st, jobs[i]))
            pages[i] = page
    finally:
        if early is not None:
            early.close()
    for key, page in zip(keys, pages):
        if type(page.html) is str:  # type: ignore[union-attr]
            st.cache.made(page.html, key, "html")  # type: ignore[union-attr]  # the page's content, till its frame
    return pages  # type: ignore[return-value]  # every one filled


def keep(cache: BuildCache, key: str, page: EssayPage) -> EssayPage:
    """`page` kept in the build cache under `key`: its HTML in an entry of its own (kind `HTML`), the rest in another
    (`KIND`), which a cached build reads alone. Returns `page`."""
    cache.put(KIND, key, dataclasses.replace(page, html=""))
    cache.put(HTML, key, page.html)
    return page


def _deferred(st: BuildState, key: str, job: Job) -> Deferred:
    """The HTML of the essay page found under `key`, as the build's page content: its entry read when a step needs the
    text (the page put in its frame, its search entry made), and the page built again if the entry is missing or
    damaged (said by the cache), never published as it was."""
    def load() -> str:  # the page was counted as found (`cached_all`, which keeps this entry for `prune`)
        found, html = st.cache.peek(HTML, key)
        if found and isinstance(html, str):
            return html
        st.cache.misses += 1
        return keep(st.cache, key, _one(st, job)).html

    return Deferred(f"{key}/html", load)


def job_key(st: BuildState, job: Job) -> str:
    """The essay page's key in the build cache: its job, the bundle and each language's HTML by their tokens (the
    keys of the reading and the cleaning that made them: slowcinema.web.cache.BuildCache.token)."""
    essay, html, *rest = job
    return st.cache.key(KIND, st.cache.token(essay), {lang: st.cache.token(text) for lang, text in html.items()}, *rest)


def _one(st: BuildState, job: Job) -> EssayPage:
    essay, html, page_url, contribute_url, permalink = job
    with hant_kept.page(st.cache, essay):  # its Chinese text as OpenCC converted it last time
        return build(essay, html, st.archive, st.renderer, page_url, contribute_url, permalink)


def _sent(job: Job, key: str) -> tuple[EssayPage, tuple | None]:  # in the second process, with the build's state
    """The page sent, and what building it did in the build cache (`BuildCache.accounted`: the templates it
    compiled, the fragments it made), or None if it was not built now: this process built it already, converting
    its bundle ahead (`Here`) after the build's process had converted it too and sent it (where the two met)."""
    st: BuildState = beside.handed()  # type: ignore[assignment]
    found, page = st.cache.peek(KIND, key)  # made in this build, here, and counted so: not read as reused
    if found and isinstance(page, EssayPage):
        found, html = st.cache.peek(HTML, key)
        if found and isinstance(html, str):
            return dataclasses.replace(page, html=html), None
    page, done = st.cache.accounted(lambda: _one(st, job))
    keep(st.cache, key, page)  # here rather than in the build's process, which has less time; counted there
    return page, done
