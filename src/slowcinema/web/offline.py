"""Offline reading: the service worker, the Web App Manifest and the list of what "Save for offline"
can keep, written into the built site once every page is written (`write`).

Nothing here runs on a first visit: the page's script (offline.js) registers the worker only when
the reader presses "Save for offline", or has done so before. The worker's cache is named after the
build (a hash of every page and file of the site), so a new deploy installs a new worker, which
fetches again the pages the reader had kept and drops the old cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from . import walk

WORKER, MANIFEST, LISTING = "sw.js", "manifest.webmanifest", "offline.json"
ICONS = {192: "assets/sca/icon-192.png", 512: "assets/sca/icon-512.png"}  # what browsers ask of an installable app
SEARCH_INDEX = "search/sca/"  # slowcinema.search.build writes it
WRITES = [*ICONS.values(), WORKER, MANIFEST, LISTING]  # the files `write` writes
_OURS = {*WRITES, "_headers"}  # and the hosts' header rules (web/headers.py)

# The worker. VERSION is replaced; the rest is fixed text (no contributor text ever reaches it).
_WORKER = r"""/* Slow Cinema Archive: offline reading, registered only when a reader asks for it. */
"use strict";
var VERSION = "@VERSION@";
var CACHE = "sca-" + VERSION;
var SCOPE = self.registration.scope;
var READ = /^(?:essays\/[^/]+\/|manifesto\/(?:[^/]+\/)?)$/;  // the essays and manifestos a reader opens
var ASSET = /\.(?:css|js|json|woff2?|png|jpe?g|webp|avif|gif|ico|svg|vtt)$/;

function same(url) { return url.indexOf(SCOPE) === 0; }
function bare(url) { var u = new URL(url); u.search = ""; u.hash = ""; return u.href; }

// A page and what it needs: the stylesheets, scripts and images it names on our own host.
function keep(cache, url) {
  return fetch(url, { cache: "no-cache" }).then(function (r) {
    if (!r.ok) { return; }
    var copy = r.clone();
    return r.text().then(function (html) {
      var found = [], re = /(?:href|src)="([^"#?]+)"/g, m;
      while ((m = re.exec(html))) {
        var sub = new URL(m[1], url).href;
        if (same(sub) && ASSET.test(sub) && found.indexOf(sub) < 0) { found.push(sub); }
      }
      return cache.put(bare(url), copy).then(function () {
        return Promise.all(found.map(function (sub) {
          return cache.match(sub).then(function (hit) { return hit || cache.add(sub).catch(function () {}); });
        }));
      });
    });
  });
}

self.addEventListener("install", function (ev) {
  // A new build: fetch again every page the reader kept in an older cache.
  ev.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (n) { return n.indexOf("sca-") === 0 && n !== CACHE; });
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(old.map(function (n) {
        return caches.open(n).then(function (c) { return c.keys(); }).then(function (reqs) {
          return Promise.all(reqs.filter(function (q) { return !ASSET.test(q.url); })
            .map(function (q) { return keep(cache, q.url).catch(function () {}); }));
        });
      }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("sca-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (ev) {
  var urls = (ev.data && ev.data.save) || [];
  var port = ev.ports && ev.ports[0];
  var done = caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(same).map(function (u) { return keep(cache, u); }));
  }).then(function () { return { ok: true, version: VERSION }; }, function (e) { return { ok: false, error: String(e) }; });
  ev.waitUntil(done.then(function (answer) { if (port) { port.postMessage(answer); } }));
});

self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  if (req.method !== "GET" || !same(req.url)) { return; }
  if (req.mode === "navigate") {
    // The network first: an essay or the manifesto opened, or a page kept, is kept as it is now;
    // without a connection, the kept copy.
    var url = bare(req.url);
    ev.respondWith(fetch(req).then(function (r) {
      if (r.ok) {
        var copy = r.clone();
        caches.open(CACHE).then(function (cache) {
          return cache.match(url).then(function (hit) {
            if (hit || READ.test(url.slice(SCOPE.length))) { return cache.put(url, copy); }
          });
        }).catch(function () {});
      }
      return r;
    }, function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(url).then(function (hit) { return hit || Response.error(); });
      });
    }));
    return;
  }
  // Stylesheets, scripts, search files and images: the kept copy, or the network (then kept).
  ev.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(req, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(req).then(function (r) {
        if (r.ok && ASSET.test(bare(req.url))) { cache.put(req, r.clone()).catch(function () {}); }
        return r;
      });
    });
  }));
});
"""


# The theme names the tool and its version in every page; the same sources built by MkDocs or by
# ProperDocs are the same site, and must not make readers download it again.
_GENERATOR = re.compile(rb'<meta name="?generator"? content="[^"]*">')


def digest(rel: str, data: bytes) -> bytes:
    """The SHA-256 of the site's file `rel` of bytes `data`, as `version` counts it: a page's without its generator tag."""
    return hashlib.sha256(_GENERATOR.sub(b"", data) if rel.endswith(".html") else data).digest()


def version(site: Path, known: Mapping[str, bytes] | None = None, files: list[tuple[str, str]] | None = None) -> str:
    """A hash of every file of the built site (but these, and the hosts' _headers), in path order: of each one's
    path and `digest`, taken from `known` (by path: those the build knows, slowcinema.web.placed) or else read.
    The search index is left out: it is made from the pages hashed here, and under `mkdocs serve` it is still
    being written (in the background, slowcinema.search.build) when this runs. `files`: the site's files
    (`walk.files`), where listed already."""
    h, known = hashlib.sha256(), known or {}
    for rel, path in files if files is not None else walk.files(site):
        if rel in _OURS or rel.startswith(SEARCH_INDEX):
            continue
        found = known.get(rel)
        if found is None:
            with open(path, "rb") as f:
                found = digest(rel, f.read())
        h.update(rel.encode() + b"\0" + found)
    return h.hexdigest()[:12]


def worker(build: str) -> str:
    return _WORKER.replace("@VERSION@", build)


def manifest(name: str, short_name: str, description: str) -> str:
    return json.dumps({"name": name, "short_name": short_name, "description": description, "lang": "zh-Hans",
                       "start_url": "./", "scope": "./", "display": "standalone",
                       "background_color": "#faf8f2", "theme_color": "#faf8f2",
                       "icons": [{"src": uri, "sizes": f"{size}x{size}", "type": "image/png"} for size, uri in ICONS.items()]},
                      ensure_ascii=False, indent=1)


def listing(site: Path, pages: list[str], sizes: dict[str, int] | None = None) -> str:
    """What saving the whole archive keeps: `pages` (site-relative URLs such as 'essays/x/') and
    their size in bytes as stored (the stylesheet and script they share are counted once by the
    reader's script, which already has them). `sizes`: the pages' sizes as the build wrote them, where it
    knows them; any other page's file is asked (a `serve` rebuild's background search index competes with
    a thousand file-system calls here)."""
    kept, size, sizes = [], 0, sizes or {}
    for url in pages:
        known = sizes.get(url)
        if known is None:
            try:
                found = os.stat(os.path.join(site, url, "index.html"))
            except OSError:
                continue
            if not stat.S_ISREG(found.st_mode):
                continue
            known = found.st_size
        kept.append(url)
        size += known
    return json.dumps({"pages": kept, "bytes": size}, indent=0)


@functools.cache  # pure: drawn once per process (a `serve` rebuild writes it again, unchanged)
def icon(size: int) -> bytes:
    """The archive's mark as a PNG of `size` pixels: a frame of film, ink on paper, with its
    perforations. Drawn here (no font, no file to keep), the same bytes at every build."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    paper, ink, u = (250, 248, 242), (28, 27, 25), size / 16
    img = Image.new("RGB", (size, size), paper)
    draw = ImageDraw.Draw(img)
    draw.rectangle([3 * u, 2 * u, 13 * u - 1, 14 * u - 1], fill=ink)  # the strip
    draw.rectangle([5 * u, 4 * u, 11 * u - 1, 12 * u - 1], fill=paper)  # the frame
    for i in range(5):  # perforations down both edges
        y = (2.6 + i * 2.4) * u
        for x in (3.6 * u, 11.8 * u):
            draw.rectangle([x, y, x + 0.6 * u - 1, y + 1.2 * u - 1], fill=paper)
    out = BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def kept_icon(cache, size: int) -> bytes:
    """`icon(size)`, kept in the build cache `cache` (slowcinema.web.cache.BuildCache, kind "icon"): drawn once, so a
    cached build does not load PIL."""
    return cache.memo("icon", (size,), lambda: icon(size))


def write(site: Path, pages: list[str], name: str, short_name: str, description: str, build: str | None = None,
          sizes: dict[str, int] | None = None, known: Mapping[str, bytes] | None = None,
          icons: Callable[[int], bytes] = icon, files: list[tuple[str, str]] | None = None) -> str:
    """Write the worker, the manifest, the listing (`sizes`: see `listing`) and the icons (`icons(size)`: `icon`, or
    the same bytes kept) into `site` (the files `WRITES`); returns the build's version: `build`, or else the hash of
    the site (`version`, with the digests `known` and the site's `files`, where listed already)."""
    build = build or version(site, known, files)
    for size, uri in ICONS.items():
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_bytes(icons(size))
    (site / WORKER).write_text(worker(build), encoding="utf-8")
    (site / MANIFEST).write_text(manifest(name, short_name, description), encoding="utf-8")
    (site / LISTING).write_text(listing(site, pages, sizes), encoding="utf-8")
    return build
