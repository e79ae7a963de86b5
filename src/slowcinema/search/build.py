"""One build's search index, kept between `mkdocs serve` rebuilds: the entries of the pages, the worker's
address, and the files written into the site's `search/` folder (the adapter only hands it pages).

Material's own search plugin sends every reader the whole index (megabytes at a thousand essays) on
every page load. Our search plugin keeps Material's search interface and swaps what is behind it: the
page's `__config` names our worker instead of Material's (`swap_worker`): a loader that fetches the search itself
at the first query (`worker`). The index is cut into small files (slowcinema.search.index) that the worker fetches
when the reader types.

Entries are cached by page address and content: a `serve` rebuild redoes only the pages that changed,
and a --dirty rebuild keeps the entries of the pages it did not render. A --dirty rebuild writes the
index in the background (seconds at a thousand essays): the page a writer edited is already written.

`mkdocs build` makes the whole index once every page is final, beside the rest of the build: in a second
process forked from this one (slowcinema.archive.beside), which holds every page as this one does, finds
or makes their entries and writes the index while this process writes the site. Where there can be no
second process (one core, no fork, other threads running) it is made in a thread here. An entry and an
index are the same wherever they are made, so the site is too. Once this process has written the site it
makes entries too, from the last page back, until the two meet in the build cache (`IndexBuild._help`).

The index's postings are merged a block of pages at a time, each block (with its pages' files) kept in the
build cache by its pages' inputs (`BLOCK`, slowcinema.search.index.block): after a one-essay edit one block is
merged again. A whole build finds each block by the hashes of its pages' inputs, without reading their entries;
it reads the entries of a block it makes again (`IndexBuild.whole`). The blocks' postings are then joined a shard
at a time, the shards' files kept in groups, by their parts in the blocks (`SHARDS`): after a one-essay edit only the
groups of the shards of the words that changed are joined again (at a thousand essays, joining every shard took a
second).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..archive import beside
from ..archive.beside import second_process
from ..web import reuse, walk
from ..web.cache import BuildCache, Deferred, key as cache_key, text_of, unread
from . import extract, index

MATERIAL_WORKER_RE = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
# Where words end, for Material's highlighting of the terms on the page a result opens.
SEPARATOR = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


def worker_uri(worker: str) -> str:  # named by its content, so a new worker is never read from a cache
    return f"assets/sca/search.{hashlib.sha256(worker.encode()).hexdigest()[:10]}.js"


ENGINE_MARK = "@ENGINE@"  # in search-loader.js: the search's file name, written by `worker`


def worker(folder: Path) -> tuple[str, dict[str, str]]:
    """Our search worker among the reader's files in `folder`: its address, and its files by address. Material starts
    the worker on every page, so it is the small `search-loader.js`, which loads the search itself, `search.js`, at the
    reader's first query. Each is named by its own content; the loader holds the search's name."""
    engine = (folder / "search.js").read_text(encoding="utf-8")
    engine_uri = worker_uri(engine)
    loader = (folder / "search-loader.js").read_text(encoding="utf-8").replace(ENGINE_MARK, engine_uri.rpartition("/")[2])
    loader_uri = worker_uri(loader)
    return loader_uri, {loader_uri: loader, engine_uri: engine}


def swap_worker(html: str, uri: str) -> str | None:
    """The page's `__config` naming our worker in place of Material's; None if Material's is not found
    (the build then stops with NO_WORKER)."""
    swapped, n = MATERIAL_WORKER_RE.subn(uri, str(html))
    return swapped if n == 1 else None


NO_WORKER = ("slowcinema/search: Material's search worker address was not found in the page's __config block. "
             "Compare the `config` block of overrides/main.html with the installed Material's base.html.")


def excluded(meta: dict) -> bool:
    """A page whose front matter says `search: {exclude: true}` (as for Material's search) is left out of the index."""
    search = meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _inputs(url: str, title: str, html: str | Deferred, skip_langs: frozenset[str]) -> str:
    """The hash of what a page's entry is made from (`entry`'s arguments): its content by its token where it carries one
    (slowcinema.web.cache.BuildCache.carried), unread."""
    return cache_key(url, title, unread(html), sorted(skip_langs))


def settings(separator: str) -> dict:  # Material's search settings, as search_index.json gives them
    return {"lang": ["zh", "en"], "separator": separator, "pipeline": []}


def entry(url: str, title: str, html: str | Deferred, skip_langs: frozenset[str]) -> index.Page:
    """A page's entry in the index, from its finished content."""
    text = text_of(html)
    return index.page(url, extract.extract(text, title, skip_langs), extract.hant_phrases(text))


ENTRY = "search"  # the build cache's kind for a page's entry
BLOCK = "search-block"  # and for a block of pages, by their entries' inputs (slowcinema.search.index.block)
SHARDS = "search-shards"  # and for a group of shards' files, by their parts in the blocks (slowcinema.search.index.join)
TABLES = "search-tables"  # and for the tables between the scripts, by the indexed characters (index.character_tables)
Indexed = tuple  # (url, title, html or its Deferred, skip_langs): `IndexBuild.page`'s arguments
Whole = tuple  # (pages to index, the urls in the site's order, separator, folder, previous): `write_beside`'s

made_beside = 0  # whole indexes made in a second process, in this process's life (for tests and the curious)
helped = 0  # entries this process made for the second one while it waited (`IndexBuild._help`), in its life
helped_blocks = 0  # and blocks of postings


def _made_beside() -> tuple[int, int, list[str], list[str], list[str], list[str]]:
    """In the second process: the index made and written; what the build cache saw, for this process's
    account of it (hits, misses, the entries used or kept, which the cache's pruning keeps, those of them read,
    those written, and its notes)."""
    made, whole = beside.handed()  # type: ignore[misc]  # (the IndexBuild, the whole index's inputs)
    store, notes = made.store, []
    hits, misses, used, read, wrote = store.hits, store.misses, set(store.used), set(store.read), set(store.wrote)
    store.note = notes.append  # said by the build's process, where its log is read
    made.whole(*whole)
    return (store.hits - hits, store.misses - misses, sorted(store.used - used), sorted(store.read - read),
            sorted(store.wrote - wrote), notes)


class IndexBuild:
    def __init__(self, dirty: bool, log) -> None:  # log: the plugin's logger, for a failure in the background
        self.log = log
        self.cache: dict[str, tuple[str, index.Page]] = {}  # url -> (the hash of its inputs, its entry)
        self.dirty = dirty
        self.written: set[str] = set()  # site folders that have a whole index
        self.digests: dict[str, dict[str, bytes]] = {}  # site folder -> the index files written there, by digest
        self.writer: threading.Thread | None = None
        self.beside: threading.Thread | None = None  # a whole build's index, in a thread where no second process can be
        self.failed: BaseException | None = None
        self.pages: dict[str, index.Page] = {}
        self.blocks: dict[tuple, str] = {}  # under `serve`, the last build's blocks of postings, by their pages' entries
        self.store = BuildCache(None, "")  # the build cache (slowcinema.web.cache): entries and files across builds
        self.pool: ProcessPoolExecutor | None = None  # the second process making a whole build's index
        self.made: Future | None = None  # what it returns
        self.asked: Whole | None = None  # what it was asked to make

    def start(self, store: BuildCache | None = None) -> None:  # a new build: the last one's index finished, no page seen yet
        self.finish()
        self.pages = {}
        self.store = store or BuildCache(None, "")

    def page(self, url: str, title: str, html: str, skip_langs: frozenset[str]) -> None:
        digest = _inputs(url, title, html, skip_langs)
        cached = self.cache.get(url)
        if cached and cached[0] == digest:
            self.pages[url] = cached[1]
            return
        self._keep(url, digest, self._entry((url, title, html, skip_langs), digest))

    def _entry(self, args: Indexed, digest: str) -> index.Page:  # from the build cache, or made and kept there
        return self.store.memo(ENTRY, (digest,), lambda: entry(*args))

    def _keep(self, url: str, digest: str, made: index.Page) -> None:
        self.cache[url] = (digest, made)
        self.pages[url] = made

    def write(self, urls: list[str], separator: str, folder: Path, previous: Path | None = None) -> None:
        """The index of the pages at `urls` (in the site's order) into `folder`; `previous`: the same folder in
        the previous site set aside, whose unchanged files are moved back (slowcinema.web.reuse)."""
        if self.dirty:  # pages that this rebuild did not render keep their last entry
            for url in urls:
                if url not in self.pages and url in self.cache:
                    self.pages[url] = self.cache[url][1]
        pages = [self.pages[url] for url in urls if url in self.pages]
        material = settings(separator)
        kept, self.blocks = self.blocks, {}
        if self.dirty and str(folder) in self.written:
            # A rebuild under `serve`: the index made again, its blocks of postings found among the last rebuild's
            # (never one more build-cache entry per edit), and only the files that changed written (most shards
            # hold no term of the edited page).
            make = lambda: index.join([p.url for p in pages], material,  # noqa: E731
                                      lambda places: self._block([pages[i] for i in places], kept, False))
            self.writer = threading.Thread(target=self._write, args=(folder, make, True), name="slowcinema-search",
                                           daemon=True)
            self.writer.start()
        else:  # a whole build: entries and blocks come from the build cache; the index is written where it changed
            make = lambda: index.join([p.url for p in pages], material,  # noqa: E731
                                      lambda places: self._block([pages[i] for i in places], kept, True))
            self._write(folder, make, False, previous)
            self.written.add(str(folder))

    def _block(self, pages: Sequence[index.Page], kept: dict[tuple, str], cached: bool) -> str:
        """A block of the pages' postings merged (`index.block`), found by the pages' entries among `kept` (the
        last `serve` build's), or else, if `cached`, in the build cache. After a one-essay edit the index merges
        one block again and joins the others as they are."""
        digests = tuple(self.cache[p.url][0] for p in pages)
        made = kept.get(digests)
        if made is None:
            made = self.store.memo(BLOCK, digests, lambda: index.block(pages)) if cached else index.block(pages)
        if self.dirty:  # under `serve`: for the next rebuild
            self.blocks[digests] = made
        return made

    def _write(self, folder: Path, make, changed_only: bool, previous: Path | None = None) -> None:
        try:
            new = make()
            digests = {rel: hashlib.blake2b(content.encode(), digest_size=16).digest() for rel, content in new.items()}
            last = self.digests.get(str(folder), {}) if changed_only else {}
            for rel, content in new.items():
                if last.get(rel) == digests[rel]:
                    continue
                # Through a temporary file: a reader searching meanwhile never gets half a file.
                reuse.put(folder / rel, content.encode(), previous / rel if previous else None, atomic=True)
            gone = (folder / rel for rel in last.keys() - new.keys()) if changed_only else (
                Path(path) for rel, path in walk.files(folder / "sca") if rel.endswith(".json") and f"sca/{rel}" not in new)
            for old in gone:
                old.unlink(missing_ok=True)
            self.digests[str(folder)] = digests
        except Exception as err:  # noqa: BLE001 - a background thread must say what went wrong
            self.log.error(f"slowcinema/search: the search index could not be written: {err!r}")
            raise

    def whole(self, pages: list[Indexed], urls: list[str], separator: str, folder: Path, previous: Path | None) -> None:
        """The index of a whole build, written as `write` writes it. Each block of pages is found in the build cache by
        the hashes of its pages' inputs, or made of their entries, each found or made. The entries of a block that
        was found are not read, but kept for the next build: after an edit there, it reads them to make the block
        again. (Under --dirty, `write`: the pages this build did not render keep the entries they had.)"""
        if self.dirty:
            for args in pages:
                self.page(*args)
            self.write(urls, separator, folder, previous)
            return
        indexed = {args[0]: args for args in pages}
        order = [url for url in urls if url in indexed]
        digests = [_inputs(*indexed[url]) for url in order]
        for digest in digests:
            self.store.keep(ENTRY, self.store.key(ENTRY, digest))

        def block_at(places: range) -> str:
            return self.store.memo(BLOCK, tuple(digests[i] for i in places),
                                   lambda: index.block([self._entry(indexed[order[i]], digests[i]) for i in places]))

        def group_at(inputs: list, make) -> str:
            return self.store.memo(SHARDS, (inputs,), make)

        def tables_at(chars: str, make) -> list:
            return self.store.memo(TABLES, (chars,), make)

        self._write(folder, lambda: index.join(order, settings(separator), block_at, group_at, tables_at), False,
                    previous)
        self.written.add(str(folder))

    def write_beside(self, pages: list[Indexed], urls: list[str], separator: str, folder: Path,
                     previous: Path | None = None) -> None:
        """`whole`, beside the build, for a whole build whose pages are final (on_env): in a second process,
        or else in a thread. `wait` returns once it is written, or raises what stopped it."""
        self.wait()
        self.failed = None
        whole: Whole = (pages, urls, separator, folder, previous)
        self.pool = second_process((self, whole))
        if self.pool is not None:
            self.asked = whole
            try:
                self.made = self.pool.submit(_made_beside)  # forks, with every page as this process holds it
                return
            except BrokenProcessPool:
                self._end_pool()

        def run() -> None:
            try:
                self.whole(*whole)
            except BaseException as err:  # noqa: BLE001 - said by `wait`, in the build's thread
                self.failed = err

        self.beside = threading.Thread(target=run, name="slowcinema-search-index", daemon=True)
        self.beside.start()

    def wait(self) -> None:
        if self.made is not None:
            global made_beside
            made, asked, self.made, self.asked = self.made, self.asked, None, None
            ours = self._help(made, asked[0])  # type: ignore[index]
            try:
                hits, misses, used, read, wrote, notes = made.result()
                made_beside += 1
            except BrokenProcessPool:  # the second process died: the index is made here, over what it left
                for stray in Path(asked[3]).rglob("*.tmp"):  # a file it was writing (slowcinema.web.reuse)
                    stray.unlink(missing_ok=True)
                self.whole(*asked)  # type: ignore[misc]
                self.store.hits, self.store.misses = self.store.hits - len(ours), self.store.misses + len(ours)
                return
            finally:
                self._end_pool()
            # An entry made here was built once, here, unless it was made there too (they met at it): there, then. One
            # made here and read there was not reused from an earlier build.
            self.store.hits += hits - len(ours.intersection(read))
            self.store.misses += misses + len(ours.difference(wrote))
            self.store.used.update(used)
            for note in notes:
                self.store.note(note)
        if self.beside is not None:
            self.beside.join()
            self.beside = None
            if self.failed is not None:
                raise self.failed

    def _help(self, made: Future, pages: list[Indexed]) -> set[str]:
        """While the second process makes the entries in the site's order, this one, its own work done, makes
        them from the last page back, each into the build cache, where the other finds it: until they meet (an
        entry already there) or the other is done. Then, while the other merges the blocks of postings from the
        first one on, this one merges them from the last one back (with the entries the other made, read from the
        cache), until they meet again. Returns the paths of what it made. In a cached build the last page's entry
        is there already, and its block too: nothing is done."""
        global helped, helped_blocks
        ours: set[str] = set()
        if self.store.folder is None:  # no cache to meet in
            return ours
        entries: dict[int, tuple[str, index.Page]] = {}  # those made here, by the page's place: (digest, entry)
        for i in range(len(pages) - 1, -1, -1):
            if made.done():
                break
            digest = _inputs(*pages[i])
            entry_key = self.store.key(ENTRY, digest)  # as `_entry` keys it
            path = self.store.path(ENTRY, entry_key)
            if path.exists():
                break
            entries[i] = (digest, entry(*pages[i]))
            self.store.put(ENTRY, entry_key, entries[i][1])
            ours.add(str(path))
        helped += len(ours)
        for places in reversed(index.block_ranges([url for url, *_ in pages])):  # as `index.join` cuts them
            digests = [entries[i][0] if i in entries else _inputs(*pages[i]) for i in places]
            block_key = self.store.key(BLOCK, *digests)  # as `whole` and `_block` key it
            path = self.store.path(BLOCK, block_key)
            if made.done() or path.exists():
                break
            for i, digest in zip(places, digests):  # the entries the other made: read, left to its account
                if i not in entries:
                    found, there = self.store.peek(ENTRY, self.store.key(ENTRY, digest))
                    if not found:
                        return ours
                    entries[i] = (digest, there)
            self.store.put(BLOCK, block_key, index.block([entries[i][1] for i in places]))
            ours.add(str(path))
            helped_blocks += 1
        return ours

    def _end_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def finish(self) -> None:
        """Wait for an index still being written in the background; end the second process."""
        if self.writer is not None:
            self.writer.join()
            self.writer = None
        if self.beside is not None:
            self.beside.join()
            self.beside = None
        if self.made is not None:
            self.made.cancel()
            self.made = self.asked = None
        self._end_pool()
