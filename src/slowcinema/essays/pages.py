"""Every essay page of a build at once (`cached_all`): each found in the build cache, or built.

A build from nothing assembles hundreds of pages here while the machine's second core has nothing to do
(the search index's own process starts later, with the finished pages). So when there are many pages
to build, a second process, forked from this one, builds half of them: it starts with the archive, the
templates and the pages' HTML already in its memory, and sends the finished pages back. A page is the
same wherever it is built (`build` reads only its arguments), so the site is too.

The second process is `archive.beside`'s: forked, and only where forking is safe (`mkdocs build`).
"""

from __future__ import annotations

from ..archive.beside import second_process
from ..archive.build import BuildState
from .page import EssayPage, build

# Pages to build before a second process is worth its start (a fork and the pages sent back: about 0.1 s).
BESIDE_AFTER = 16

Job = tuple  # (essay, html by language, page_url, contribute_url, permalink): `page.build`'s own inputs
_FORKED: tuple[BuildState, list[Job]] | None = None  # what the forked process builds from
built_beside = 0  # pages built in the second process, in this process's life (for tests and the curious)


def cached_all(st: BuildState, jobs: list[Job]) -> list[EssayPage]:
    """`page.build` for each job, in order, found again in the build cache (slowcinema.web.cache) by its
    inputs: the archive's data and the templates are in every key already (the cache's fingerprint)."""
    keys = [st.cache.key("essay", *job) for job in jobs]
    pages: list[EssayPage | None] = []
    missing = []
    for i, key in enumerate(keys):
        found, page = st.cache.get("essay", key)
        pages.append(page if found else None)
        if found:
            st.cache.hits += 1
        else:
            st.cache.misses += 1
            missing.append(i)
    for i, page in zip(missing, _build_many(st, jobs, missing)):
        st.cache.put("essay", keys[i], page)
        pages[i] = page
    return pages  # type: ignore[return-value]  # every one filled


def _one(st: BuildState, job: Job) -> EssayPage:
    essay, html, page_url, contribute_url, permalink = job
    return build(essay, html, st.archive, st.renderer, page_url, contribute_url, permalink)


def _in_fork(indices: list[int]) -> list[EssayPage]:
    st, jobs = _FORKED  # type: ignore[misc]  # set before the fork
    return [_one(st, jobs[i]) for i in indices]


def _build_many(st: BuildState, jobs: list[Job], indices: list[int]) -> list[EssayPage]:
    pool = second_process() if len(indices) >= BESIDE_AFTER else None
    if pool is None:
        return [_one(st, jobs[i]) for i in indices]
    global _FORKED, built_beside
    here, there = indices[: len(indices) // 2], indices[len(indices) // 2:]
    _FORKED = (st, jobs)
    try:
        with pool:
            beside = pool.submit(_in_fork, there)  # forks now, with this process's memory as it is
            made = [_one(st, jobs[i]) for i in here]
            made += beside.result()
    finally:
        _FORKED = None
    built_beside += len(there)
    return made
