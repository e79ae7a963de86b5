"""Search compared, for scripts/bench.py (--search-compare, on by default at N >= 1,000): our index and
worker against Pagefind (the extended build, which segments Chinese), on the same built site.

- Indexing, each in a fresh wrapper process (bench_measure.run_measured: wall, CPU, peak memory):
  Pagefind's binary over the built site (each page's <main>, see PAGEFIND_ROOT), writing its bundle
  outside the site; and ours alone (`python scripts/bench_search.py index-ours SITE OUT`):
  slowcinema.search reading each built page's content (`<article class="md-content__inner">`), as the
  plugin reads it in a build, then writing the index. `identical_to_build` says whether that gives the
  build's search/ files byte for byte.
- QUERIES (20, fixed), their ground truth from the built pages and the scores: bench_queries.py.
- In Chromium (bench_browser), a fresh page for each query and engine: ours through Material's search
  box on the essay page (bench_browser.first_search); Pagefind from a blank page next to its bundle,
  `import("./pagefind/pagefind.js")`, `pagefind.search(q)`, then `data()` of the first ten results (what a
  results list shows), once as typed and once more, for a query holding a space, in quotes (ENGINES).
  Every request of the search is counted; time runs from typing (ours) or from the import (Pagefind)
  to the results.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser as bb  # noqa: E402
import bench_measure as measure  # noqa: E402
from bench_queries import HAN_RE, K, QUERIES, Query, essay_texts, pages_of, relevant, score, to_simplified  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements-bench.lock"
KIB = 1024
# Pagefind reads each page's <main> (as our index reads the page's content: not Material's header, whose site
# name "Slow Cinema Archive" is on every page, nor the skip link), without its defaults (nav, footer, form,
# script, ...), the related entries (other essays' titles: one title would find every essay listing it) and ¶ marks.
PAGEFIND_ROOT = "main"
PAGEFIND_EXCLUDE = (".sca-related", ".headerlink")
# The engines compared. pagefind_quoted: Pagefind with a query holding a space sent in quotes (its exact phrase
# search, which needs the whole query quoted), as an adapter behind Material's box could send it; the others as typed.
ENGINES = ("ours", "pagefind", "pagefind_quoted")
NAMES = {"ours": "ours", "pagefind": "Pagefind", "pagefind_quoted": "Pagefind, spaced queries quoted"}



def _say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- Pagefind from the bench lock -------------------------------------------------------------------

def pinned(lock: Path = LOCK) -> dict[str, str]:
    """name -> version of every package the lock pins."""
    return dict(re.findall(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==([^\s\\]+)", lock.read_text(encoding="utf-8"), re.M))


def missing(pins: dict[str, str]) -> list[str]:
    out = []
    for name, version in pins.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found = None
        if found != version:
            out.append(f"{name}=={version}" + (f" (found {found})" if found else ""))
    return out


def ensure_pagefind(log: Path) -> dict:
    """Pagefind as requirements-bench.lock pins it, installed into this interpreter's environment (.venv/)
    with --require-hashes when missing; returns its binary and version."""
    pins = pinned()
    need = missing(pins)
    if need:
        _say(f"installing {LOCK.name} into {sys.prefix} ({', '.join(need)}; about 50 MB, the first time only)")
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--require-hashes",
                               "-r", str(LOCK)], capture_output=True, text=True)
        with open(log, "a", encoding="utf-8") as f:
            f.write(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            raise SystemExit(f"installing {LOCK.name} failed (the end of pip's output is in {log}); "
                             "connect to PyPI and run again, or leave the comparison out with --no-search-compare")
    probe = subprocess.run([sys.executable, "-c", "from pagefind_bin_extended import get_executable; print(get_executable())"],
                           capture_output=True, text=True, check=True)
    binary = probe.stdout.strip()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return {"binary": binary, "version": version, "packages": pins, "installed_now": bool(need)}


# -- indexing ---------------------------------------------------------------------------------------

def _tree(folder: Path, pattern: str = "*") -> dict:
    files = [p for p in folder.rglob(pattern) if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def index_pagefind(site: Path, out: Path, binary: str, log: Path, env: dict) -> dict:
    cmd = [binary, "--site", str(site), "--output-path", str(out), "--root-selector", PAGEFIND_ROOT]
    for selector in PAGEFIND_EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    res = measure.run_measured(cmd, out.parent, log, env)
    if res["returncode"] != 0:
        raise SystemExit(f"Pagefind failed on {site} (exit {res['returncode']}); see {log}")
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {"wall_s": res["wall_s"], "cpu_s": res["cpu_s"], "max_rss_mb": res["max_rss_mb"],
            "languages": {k: v["page_count"] for k, v in entry["languages"].items()},
            "bundle": _tree(out), "index": _tree(out, "*.pf_*")}


_ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>\s*</div>\s*</div>', re.S)


def index_ours_child(site: str, out: str) -> None:
    """What the search plugin does in a build, from the built pages: each page's content through
    slowcinema.search (extract, then the page's entry), the index written; then a summary."""
    from slowcinema.search import build, extract, index

    t0 = time.perf_counter()
    site_p, out_p = Path(site), Path(out)
    meta = json.loads((site_p / "search/sca/meta.json").read_text(encoding="utf-8"))
    pages = []
    for url, title, _tier in meta["pages"]:
        html = (site_p / url / "index.html").read_text(encoding="utf-8")
        m = _ARTICLE_RE.search(html)
        content = m.group(1) if m else html
        pages.append(index.page(url, extract.extract(content, title, frozenset({"zh-Hant"})), extract.hant_phrases(content)))
    files = index.files(pages, build.settings(build.SEPARATOR))
    for rel, text in files.items():
        path = out_p / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    seconds = time.perf_counter() - t0
    built = {p.relative_to(site_p / "search").as_posix() for p in (site_p / "search").rglob("*.json")}
    identical = built == set(files) and all(
        (site_p / "search" / rel).read_text(encoding="utf-8") == text for rel, text in files.items())
    (out_p / "summary.json").write_text(json.dumps({"pages": len(pages), "files": len(files), "seconds_inside": seconds,
                                                   "identical_to_build": identical}), encoding="utf-8")


def index_ours(site: Path, out: Path, log: Path, env: dict) -> dict:
    res = measure.run_measured([sys.executable, __file__, "index-ours", str(site), str(out)], out.parent, log, env)
    if res["returncode"] != 0:
        raise SystemExit(f"our search index could not be made from {site}; see {log}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"wall_s": res["wall_s"], "cpu_s": res["cpu_s"], "max_rss_mb": res["max_rss_mb"], **summary,
            "how": "slowcinema.search alone on the built pages' content, in a fresh process (imports included)",
            "bundle": _tree(site / "search"), "worker": _tree(site / "assets/sca", "search.*.js")}


# -- the browser ------------------------------------------------------------------------------------

def browse(site: Path, www: Path, essay_page: str, queries: tuple[Query, ...] = QUERIES,
           timeout_s: float = 120) -> dict[str, list[dict]]:
    """Each query's first search with each engine (ENGINES), from a fresh page."""
    out: dict[str, list[dict]] = {engine: [] for engine in ENGINES}
    with bb.served(site) as ours_origin, bb.served(www) as pf_origin, bb.chromium() as browser:
        for q in queries:
            out["ours"].append(bb.first_search(browser, ours_origin, site, essay_page, q.text, timeout_s,
                                               collect=lambda page: page.evaluate(bb.MATERIAL_RESULTS_JS)))
            plain = bb.pagefind_search(browser, pf_origin, www, q.text, timeout_s, K)
            out["pagefind"].append(plain)
            out["pagefind_quoted"].append(bb.pagefind_search(browser, pf_origin, www, f'"{q.text}"', timeout_s, K)
                                          if " " in q.text.strip() else {**plain, "urls": list(plain["urls"])})
    return out


# -- the whole comparison ---------------------------------------------------------------------------

def _median(xs: list) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def summarise(queries: list[dict], engine: str, lang: str | None = None) -> dict:
    rows = [q for q in queries if lang is None or q["lang"] == lang]
    judged = [q[engine] for q in rows if q["relevant"]]
    out = {"queries": len(rows), "judged": len(judged),
           "recall_mean": sum(s["recall"] for s in judged) / len(judged) if judged else None,
           "first_hits": sum(1 for s in judged if s["first_hit"]),
           "found": sum(1 for q in rows if q[engine].get("found", True))}
    if rows and "transfer_bytes" in rows[0][engine]:
        for key in ("transfer_bytes", "gzip_bytes", "bytes", "requests", "results_s"):
            values = [q[engine][key] for q in rows]
            out[f"{key}_median"], out[f"{key}_max"] = _median(values), max(values)
    return out


def compare(site: Path, work: Path, log: Path, env: dict, pagefind: dict, essay_page: str | None,
            queries: tuple[Query, ...] = QUERIES) -> dict:
    """Index both ways, score the fixed queries in Chromium (unless essay_page is None: indexing only)."""
    if work.exists():
        shutil.rmtree(work)
    www = work / "www"
    www.mkdir(parents=True)
    (www / "search.html").write_text(bb.PAGEFIND_PAGE, encoding="utf-8")
    _say("search: Pagefind indexing the built site")
    out: dict = {"k": K, "load_average_at_start": list(os.getloadavg()),
                 "pagefind": {**{k: pagefind[k] for k in ("version", "packages")}, "root_selector": PAGEFIND_ROOT,
                              "exclude_selectors": list(PAGEFIND_EXCLUDE),
                              "index": index_pagefind(site, www / "pagefind", pagefind["binary"], log, env)}}
    _say(f"  {out['pagefind']['index']['wall_s']:.1f} s; our index alone, from the same pages")
    out["ours"] = {"index": index_ours(site, work / "ours-index", log, env)}
    texts = essay_texts(site)
    rows = []
    for q in queries:
        rel = relevant(q, texts)
        rows.append({**asdict(q), "simplified": to_simplified(q.text) if HAN_RE.search(q.text) else None,
                     "relevant": len(rel), "relevant_pages": rel[:20]})
    out["essays"] = len(texts)
    if essay_page is not None:
        _say(f"  {out['ours']['index']['wall_s']:.1f} s; Chromium: {len(queries)} first searches with each engine")
        found = browse(site, www, essay_page, queries)
        for i, (row, q) in enumerate(zip(rows, queries)):
            rel = relevant(q, texts)
            for engine in ENGINES:
                res = found[engine][i]
                pages = pages_of(res.pop("urls"))
                row[engine] = {**res, "top": pages[:K], **score(pages, rel)}
    out["queries"] = rows
    out["summary"] = {engine: {"zh": summarise(rows, engine, "zh"), "en": summarise(rows, engine, "en"),
                               "all": summarise(rows, engine)} for engine in ENGINES} if essay_page else {}
    out["load_average_at_end"] = list(os.getloadavg())
    return out


# -- the printed table ------------------------------------------------------------------------------

def _r(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(sc: dict) -> list[str]:
    o, p = sc["ours"]["index"], sc["pagefind"]["index"]
    lines = [f"search: ours against {sc['pagefind']['version']} (extended), {sc['essays']} essays; load average "
             + " / ".join(", ".join(f"{x:.1f}" for x in sc[k]) for k in ("load_average_at_start", "load_average_at_end")),
             f"  indexing wall / CPU / peak memory: ours {o['wall_s']:.1f} s / {o['cpu_s']:.1f} s / {o['max_rss_mb']:.0f} MiB"
             f" ({'identical to the build' if o['identical_to_build'] else 'NOT identical to the build'}); "
             f"Pagefind {p['wall_s']:.1f} s / {p['cpu_s']:.1f} s / {p['max_rss_mb']:.0f} MiB",
             f"  on disk: ours {o['bundle']['files']} files, {o['bundle']['bytes'] / KIB / KIB:.1f} MiB; Pagefind "
             f"{p['bundle']['files']} files, {p['bundle']['bytes'] / KIB / KIB:.1f} MiB ({p['index']['bytes'] / KIB / KIB:.1f} MiB of index)"]
    if not sc["summary"]:
        return lines + ["  (no browser: queries not run)"]
    engines = [e for e in ENGINES if e in sc["summary"]]  # an earlier run's JSON may have fewer
    for lang in ("zh", "en", "all"):
        for engine in engines:
            x = sc["summary"][engine][lang]
            lines.append(f"  {lang} {NAMES[engine]}: recall@{sc['k']} {_r(x['recall_mean'])}, first hit {x['first_hits']}/{x['judged']}; "
                         f"first search median (max) {x['transfer_bytes_median'] / KIB:.1f} ({x['transfer_bytes_max'] / KIB:.1f}) KiB, "
                         f"{x['results_s_median']:.2f} ({x['results_s_max']:.2f}) s")
    head = ("query", "kind", "relevant", *(f"{NAMES[e]}: R@10 first KiB s" for e in engines))
    rows = [head]
    for q in sc["queries"]:
        cells = [q["text"], q["kind"], str(q["relevant"])]
        for engine in engines:
            x = q[engine]
            first = {True: "yes", False: "no", None: "-"}[x["first_hit"]]
            cells.append(f"{_r(x['recall']):>4} {first:<3} {x['transfer_bytes'] / KIB:6.1f} {x['results_s']:5.2f}"
                         + ("" if x.get("found") else " (none)"))
        rows.append(tuple(cells))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        lines.append("  " + " | ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip())
    return lines


def _width(s: str) -> int:  # Han characters take two columns in a terminal
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


if __name__ == "__main__":
    if sys.argv[1] == "index-ours":
        index_ours_child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown mode {sys.argv[1]!r}")
