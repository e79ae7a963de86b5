"""Smoke run of the performance benchmark (scripts/bench.py) at N = 3: every field is there and sane.

A benchmark is not a timed test: no timing threshold is asserted here. The run builds three small
sites, drives Chromium and measures one rebuild under `mkdocs serve --dirty` (what `make serve`
runs; the plain full mode is measured the same way, by the same code).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, REPO

pytestmark = pytest.mark.browser
N = 3


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> tuple[dict, str]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "bench.json"
    proc = subprocess.run([sys.executable, str(REPO / "scripts/bench.py"), "--n", str(N), "--json", str(out),
                           "--keep", str(tmp / "work"), "--serve-modes", "dirty"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def _positive(*values) -> None:
    for v in values:
        assert isinstance(v, (int, float)) and v > 0, values


def test_corpus_is_bilingual_and_sized_as_asked(result):
    data, _ = result
    c = data["corpus"]
    assert data["n"] == N and c["essays"] == N and c["markdown_files"] == 2 * N
    assert 1400 <= c["en_words_mean"] <= 1600 and 1900 <= c["zh_chars_mean"] <= 2100


def test_three_builds_have_times_memory_and_ratios(result):
    data, _ = result
    ours, blog, md = data["ours"]["build"], data["blog"]["build"], data["markdown"]
    _positive(ours["wall_s"], ours["cpu_s"], ours["max_rss_mb"], blog["wall_s"], blog["cpu_s"], blog["max_rss_mb"],
              md["convert_s"], md["convert_cpu_s"], md["max_rss_mb"], md["html_bytes"])
    assert len(data["machine"]["load_average_at_start"]) == 3
    assert ours["pages"] > N and blog["pages"] > N and data["blog"]["posts"] == 2 * N
    assert md["documents"] == 2 * N
    assert md["extensions"][:2] == ["toc", "attr_list"]  # the list of our mkdocs.yml
    r = data["ratios"]
    assert r["build_ours_over_blog"] == pytest.approx(ours["wall_s"] / blog["wall_s"])
    assert r["build_ours_over_markdown"] == pytest.approx(ours["wall_s"] / md["convert_s"])
    assert r["cpu_ours_over_blog"] == pytest.approx(ours["cpu_s"] / blog["cpu_s"])


def test_a_cached_build_is_measured_and_compared_with_a_cold_one(result):
    data, _ = result
    cached = data["ours"]["cached_build"]
    _positive(cached["wall_s"], cached["cpu_s"], cached["cold_wall_s"], cached["cold_cpu_s"], cached["cache_bytes"])
    assert cached["identical"] is True  # the same site, file by file, as a build from nothing
    assert cached["edited"].startswith("docs/essays/") and cached["edited"].endswith(".en.md")
    assert data["ratios"]["cached_over_cold_cpu"] == pytest.approx(cached["cpu_s"] / data["ours"]["build"]["cpu_s"])


def test_page_weight_counts_the_page_and_what_it_references(result):
    data, _ = result
    page = data["ours"]["page"]
    assert page["page"] == f"essays/{data['corpus']['probe_essay']}/index.html"
    _positive(page["html_bytes"], page["html_gzip_bytes"])
    assert page["html_gzip_bytes"] < page["html_bytes"] < page["first_load_bytes"]
    assert page["first_load_gzip_bytes"] < page["first_load_bytes"]
    assert {"css", "js"} <= set(page["by_kind"])
    # Every stylesheet and script the page names is counted (checked here with a plain regex).
    html = (Path(data["work"]) / "ours/site" / page["page"]).read_text(encoding="utf-8")
    named = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', html)
    assert named
    for css, js in named:
        ref = (css or js).split("?")[0]
        assert any(ref.endswith(p) for p in page["files"]), (ref, list(page["files"]))
    assert page["external_refs"] == [] and page["missing_refs"] == []
    for lang in ("zh", "en"):
        _positive(data["blog"]["page"][lang]["html_bytes"], data["blog"]["page"][lang]["first_load_gzip_bytes"])


def test_browser_first_load_and_first_searches(result):
    data, _ = result
    first = data["ours"]["browser"]["first_load"]
    assert first["requests"] > 1 and first["other_hosts"] == 0 and first["other_host_names"] == []
    _positive(first["bytes"])
    for lang, query in (("zh", "时间"), ("en", "passes")):
        s = data["ours"]["browser"]["search"][lang]
        assert s["query"] == query and s["found"] and s["results"] > 0, s
        assert any("search/sca/" in f["path"] for f in s["largest"]), s  # our cut-up index
        _positive(s["bytes"], s["gzip_bytes"], s["requests"])
        assert s["other_hosts"] == 0
        b = data["blog"]["browser"]["search"][lang]
        assert b["requests"] > 0 and b["bytes"] > 0
    assert data["blog"]["browser"]["first_load"]["requests"] > 1


def test_serve_rebuild_is_measured(result):
    data, _ = result
    serve = data["ours"]["serve"]
    assert set(serve) == {"dirty"}
    assert "error" not in serve["dirty"], serve
    _positive(serve["dirty"]["start_s"], serve["dirty"]["rebuild_s"])


def test_table_and_targets(result):
    data, stdout = result
    assert f"N = {N} essays" in stdout and "build wall time" in stdout and "first search zh" in stdout
    names = [t["target"] for t in data["targets"]]
    assert len(names) == 12 and all(isinstance(t["met"], bool) for t in data["targets"])
    identical = next(t for t in data["targets"] if t["target"].startswith("cached build's site identical"))
    assert identical["met"] and "cached build after a one-essay edit (CPU)" in stdout
    other = next(t for t in data["targets"] if t["target"].startswith("other hosts"))
    assert other["met"] and other["value"] == 0


def test_browser_arguments_match_the_test_suite():
    sys.path.insert(0, str(REPO / "scripts"))
    import bench_browser

    assert bench_browser.CHROMIUM_ARGS == CHROMIUM_ARGS
