"""What a reader's browser downloads, for scripts/bench.py: Playwright driving Debian's Chromium
(never a downloaded browser), the built site served from its files on 127.0.0.1.

Counted, for each page visit in a fresh browser context (empty cache):
- first load: every request from navigation until the network is idle (no request for 500 ms)
  after the `load` event;
- first search: the search box is clicked (which opens search), the query is typed the way
  tests/test_reader.py `_search` does (fill, then End: Material searches on keyup), and we wait for
  the first result, then for the network to be idle. Counted are every request made from the
  click on, PLUS the search requests the page made before the click while loading (Material's
  search/search_index.json, its worker assets/javascripts/workers/search.*.js and lunr language files
  under assets/javascripts/lunr/, or, for our site, the small search_index.json and our worker
  assets/sca/search.*.js), because Material's interface fetches those on page load rather than when
  search opens: a reader pays for them to search. Our cut-up index (search/sca/) loads on typing.
Pagefind, for scripts/bench_search.py: `pagefind_search` from a blank page beside Pagefind's bundle,
every request from the import of pagefind.js on.
Bytes of a request are the size of the served file (the local server does not compress); the
gzip figure compresses that file at level 6, and `transfer_bytes` takes the smaller of the two per
file (Pagefind's index files are gzip already). Requests to any other host are recorded and aborted
(never sent): `other_hosts` lists those hosts.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
# Kept equal to tests/conftest.py CHROMIUM_ARGS (tests/test_bench.py checks it).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
DONE_JS = """() => document.querySelector('.md-search-result__item') !== null
    || /No matching documents|没有找到符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent || '')"""
SEARCH_PATHS = ("/search/", "/assets/javascripts/workers/search", "/assets/javascripts/lunr/", "/assets/sca/search.")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Recorder:
    def __init__(self, origin: str, site: Path) -> None:
        self.origin, self.site = origin, site
        self.requests: list[str] = []  # every request's URL, in order
        self.other: list[str] = []
        self._sizes: dict[str, tuple[int, int]] = {}

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.origin + "/") or url == self.origin:
            route.continue_()
        else:
            self.other.append(url)
            route.abort()

    def size(self, url: str) -> tuple[int, int]:
        """(raw, gzip) bytes of the file behind a local URL (0, 0 for other hosts or no file)."""
        if url in self._sizes:
            return self._sizes[url]
        result = (0, 0)
        if url.startswith(self.origin):
            path = unquote(urlsplit(url).path).lstrip("/")
            f = self.site / path
            if f.is_dir():
                f = f / "index.html"
            if f.is_file():
                data = f.read_bytes()
                result = (len(data), len(gzip.compress(data, 6)))
        self._sizes[url] = result
        return result

    def summary(self, urls: list[str]) -> dict:
        local = [u for u in urls if u.startswith(self.origin)]
        sizes = [self.size(u) for u in local]
        by_file = sorted(({"path": urlsplit(u).path, "bytes": s[0], "gzip_bytes": s[1]} for u, s in zip(local, sizes)),
                         key=lambda x: -x["bytes"])
        # transfer_bytes: what a server that compresses only what compression shrinks sends (files that are
        # gzip already, such as Pagefind's, go as they are; for our JSON and scripts it is the gzip figure).
        return {"requests": len(urls), "bytes": sum(s[0] for s in sizes), "gzip_bytes": sum(s[1] for s in sizes),
                "transfer_bytes": sum(min(s) for s in sizes), "largest": by_file[:8]}


def _new_page(browser, rec: _Recorder):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.route("**/*", rec.route)
    return context, context.new_page()


def _idle(page, timeout_ms: int) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - a page that never goes idle is measured as it stands
        pass


def first_load(browser, origin: str, site: Path, path: str) -> dict:
    rec = _Recorder(origin, site)
    context, page = _new_page(browser, rec)
    try:
        page.goto(f"{origin}/{path}", wait_until="load")
        _idle(page, 30000)
        hosts = sorted({urlsplit(u).netloc for u in rec.other})
        return {**rec.summary(list(rec.requests)), "other_hosts": len(hosts), "other_host_names": hosts,
                "other_host_requests": len(rec.other)}
    finally:
        context.close()


def first_search(browser, origin: str, site: Path, path: str, query: str, timeout_s: float, collect=None) -> dict:
    """`collect(page)`, if given, reads more from the page once the search is done (a dict, merged in)."""
    rec = _Recorder(origin, site)
    context, page = _new_page(browser, rec)
    try:
        page.goto(f"{origin}/{path}", wait_until="load")
        _idle(page, 30000)
        on_load = list(rec.requests)
        box = page.locator("input.md-search__input")
        box.click()
        mark = len(rec.requests)
        t0 = time.perf_counter()
        box.fill(query)
        box.press("End")  # Material searches on keyup, as when an IME commits Chinese text
        # Done when a result shows, or when Material says nothing matched (search.result.none).
        found = True
        try:
            page.wait_for_function(DONE_JS, timeout=timeout_s * 1000)
        except Exception:  # noqa: BLE001 - reported as found: False
            found = False
        results_s = time.perf_counter() - t0
        _idle(page, 10000)
        extra = collect(page) if collect else {}
        searched = [u for u in on_load if any(p in urlsplit(u).path for p in SEARCH_PATHS)] + rec.requests[mark:]
        return {**rec.summary(searched), "query": query, "results": page.locator(".md-search-result__item").count(),
                "found": found, "results_s": results_s,
                "search_requests_before_click": len(searched) - (len(rec.requests) - mark),
                "other_hosts": len({urlsplit(u).netloc for u in rec.other}), **extra}
    finally:
        context.close()


# Pagefind from a blank page beside its bundle (scripts/bench_search.py), and Material's results list.
PAGEFIND_PAGE = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>\n'
PAGEFIND_JS = """async ([q, k, timeoutMs]) => {
  const t0 = performance.now();
  const run = (async () => {
    const pagefind = await import("./pagefind/pagefind.js");
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, k).map((r) => r.data()));
    return {total: search.results.length, urls: data.map((d) => d.url)};
  })();
  const late = new Promise((_, no) => setTimeout(() => no(new Error("no results in time")), timeoutMs));
  const out = await Promise.race([run, late]);
  return {...out, ms: performance.now() - t0};
}"""
# The addresses of the results Material lists (each item's first link: the page) and its line above them.
MATERIAL_RESULTS_JS = """() => ({
  urls: [...document.querySelectorAll('.md-search-result__item')].map((li) => (li.querySelector('a') || {}).href || ''),
  meta: (document.querySelector('.md-search-result__meta') || {}).textContent || ''})"""


def pagefind_search(browser, origin: str, www: Path, q: str, timeout_s: float, k: int = 10) -> dict:
    """A first search with Pagefind from a blank page (`www`/search.html, PAGEFIND_PAGE) beside its bundle
    (`www`/pagefind/): the import, `pagefind.search(q)` and the data of the first `k` results, every request
    counted from the import on; `urls` are those results' addresses."""
    rec = _Recorder(origin, www)
    context, page = _new_page(browser, rec)
    try:
        page.goto(f"{origin}/search.html", wait_until="load")
        mark = len(rec.requests)
        t0 = time.perf_counter()
        try:
            got, error = page.evaluate(PAGEFIND_JS, [q, k, timeout_s * 1000]), None
        except Exception as err:  # noqa: BLE001 - reported as found: False
            got, error = {"total": 0, "urls": [], "ms": None}, str(err).splitlines()[0]
        seconds = time.perf_counter() - t0
        _idle(page, 10000)
        out = {**rec.summary(rec.requests[mark:]), "query": q, "results": got["total"], "found": bool(got["urls"]),
               "results_s": seconds, "in_page_s": got["ms"] / 1000 if got["ms"] is not None else None,
               "urls": got["urls"], "other_hosts": len(rec.other)}
        return {**out, "error": error} if error else out
    finally:
        context.close()


@contextlib.contextmanager
def served(site: Path):
    """The files of `site` on 127.0.0.1 (a free port), as plain files; yields the origin."""
    handler = functools.partial(_Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright, with the test suite's arguments; yields the Browser."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                         "use --skip-browser to run without it")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure(site: Path, page_path: str, queries: dict[str, str], timeout_s: float = 120) -> dict:
    """First load of `page_path` (e.g. 'essays/x/') and a first search per query, from that page."""
    with served(site) as origin, chromium() as browser:
        out = {"page": page_path, "first_load": first_load(browser, origin, site, page_path), "search": {}}
        for lang, q in queries.items():
            out["search"][lang] = first_search(browser, origin, site, page_path, q, timeout_s)
        return out
