"""Offline reading: nothing is registered or fetched on a first visit; "Save for offline" keeps an
essay, which then opens with the network cut; a new build replaces the kept copy; the whole
archive's size is shown before it is saved; the worker and the manifest are written by the build."""

from __future__ import annotations

import json
import time

import pytest
from PIL import Image
from conftest import build, make_project, wait_for_js

from slowcinema.web import csp, headers, offline, walk
from test_cache import with_hooks

SLUG = "the-shape-of-waiting"


def test_the_policy_allows_our_own_worker_only():
    assert "worker-src 'self'" in csp.policy("<html></html>").split("; ")


def test_the_walk_of_a_site_lists_every_file_in_the_order_of_its_paths(tmp_path):
    """`walk.files`, which offline reading's version and `_headers` read the site by: every file, a link to a file
    too but not the folder a link points to, in the order sorting their Paths gives ("a/x" before "a-b/x")."""
    site = tmp_path / "site"
    for rel in ("a-b/x.html", "a/x.html", "a/b/c.json", "index.html", "a.css", "z/.hidden"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel)
    (site / "link.css").symlink_to(site / "a.css")
    (site / "linked").symlink_to(site / "a", target_is_directory=True)
    found = walk.files(site)
    assert found == [(p.relative_to(site).as_posix(), str(p)) for p in sorted(site.rglob("*")) if p.is_file()
                     and "linked" not in p.parts]
    assert [rel for rel, _ in found] == ["a/b/c.json", "a/x.html", "a-b/x.html", "a.css", "index.html", "link.css",
                                         "z/.hidden"]
    assert walk.files(tmp_path / "none") == []


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("offline") / "proj"
    p = make_project(root)
    p.essay(SLUG)
    p.essay("another")
    result = build(root)
    assert result.ok, result.messages("WARNING")
    return p, result


def test_build_writes_a_versioned_worker_a_manifest_and_the_listing(project):
    _p, result = project
    worker = (result.site / offline.WORKER).read_text(encoding="utf-8")
    version = offline.version(result.site)
    assert f'var VERSION = "{version}";' in worker and len(version) == 12
    manifest = json.loads((result.site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    for entry in manifest["icons"]:  # drawn by the build, each the size it says
        with Image.open(result.site / entry["src"]) as img:
            assert entry["sizes"] == f"{img.width}x{img.height}" and img.format == "PNG"
    assert {e["sizes"] for e in manifest["icons"]} >= {"192x192", "512x512"}
    listing = json.loads((result.site / offline.LISTING).read_text(encoding="utf-8"))
    assert f"essays/{SLUG}/" in listing["pages"] and "essays/another/" in listing["pages"]
    assert listing["bytes"] == sum((result.site / p / "index.html").stat().st_size for p in listing["pages"])
    # No page names the worker or the manifest: a first visit fetches neither.
    html = result.page(f"essays/{SLUG}/index.html")
    assert "sw.js" not in html and "manifest.webmanifest" not in html


# A hook that changes one page after every page is written: its policy and its bytes.
CHANGES_A_PAGE = f"""\
from pathlib import Path


def on_post_build(config):
    page = Path(config.site_dir) / "essays/{SLUG}/index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'", 1), encoding="utf-8")
"""


def test_a_file_changed_after_the_pages_are_written_is_read_for_the_version_and_headers(tmp_path):
    """The worker's version and `_headers` take the digest and policy of each file the build wrote from the bytes it
    wrote (slowcinema.web.placed): a file that anything changes after every page is written (here a hook's
    on_post_build) is read as it is then, so both are what reading the whole site gives."""
    root = tmp_path / "p"
    p = make_project(root)
    p.essay(SLUG)
    with_hooks(root, CHANGES_A_PAGE)
    result = build(root)
    assert result.ok, result.messages()
    assert "'unsafe-eval'" in result.page(f"essays/{SLUG}/index.html")
    worker = (result.site / offline.WORKER).read_text(encoding="utf-8")
    assert f'var VERSION = "{offline.version(result.site)}";' in worker
    written = (result.site / headers.FILE).read_text(encoding="utf-8")
    assert written == headers.for_site(result.site) and "'unsafe-eval'" in written


@pytest.mark.browser
def test_saved_essay_opens_offline_and_a_new_build_replaces_it(project, serve, chromium):
    p, result = project
    base = serve(result.site)
    context = chromium.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    url = f"{base}/essays/{SLUG}/?lang=en"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # A first visit: no worker, nothing of the offline machinery fetched.
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert not any(x in r for r in requests for x in ("sw.js", "offline.json", "manifest.webmanifest"))
    # The whole archive: its size first, nothing saved until the reader confirms.
    page.get_by_role("button", name="Save the whole archive…").click()
    wait_for_js(page, "/2 pages, [0-9]+ KiB to download/.test(document.querySelector('.sca-offline-status').textContent)")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    # This essay, saved.
    page.get_by_role("button", name="Save this essay for offline").click()
    wait_for_js(page, "document.querySelector('.sca-offline-status').textContent.startsWith('Saved')", timeout=20)
    assert page.evaluate("localStorage.getItem('sca-offline')") == "1"
    assert page.locator('link[rel="manifest"]').count() == 1
    # The search, which the page loads only at a first query, is kept with it.
    kept = page.evaluate("caches.keys().then(n => caches.open(n[0])).then(c => c.keys()).then(r => r.map(x => x.url))")
    assert len([u for u in kept if "/assets/sca/search." in u]) == 2, kept  # the search worker's loader and engine
    # Installable: Chromium finds nothing missing (icons of 192 and 512 px, a worker, a start URL).
    # (A Playwright context counts as incognito, which Chromium names as one more error; it still lists
    # every other one: with only the 48 px favicon it said 'manifest-missing-suitable-icon'.)
    errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    context.set_offline(True)
    page.goto(url)
    assert page.locator(".sca-essay h1").inner_text().strip() == "The Shape of Waiting"
    assert page.locator('.sca-row [lang="en"]').first.inner_text().startswith("The opening paragraph")
    assert page.evaluate("getComputedStyle(document.querySelector('.sca-row')).display") != ""  # styled
    assert page.evaluate("[...document.styleSheets].some(s => s.href && /site\\.[0-9a-f]+\\.css$/.test(s.href))")
    # A new build: the kept essay is replaced at the next visit.
    context.set_offline(False)
    essay = p.docs / "essays" / SLUG / "index.en.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("The opening paragraph", "The rewritten opening"),
                     encoding="utf-8")
    rebuilt = build(p.root)
    assert rebuilt.ok, rebuilt.messages("WARNING")
    new_version = offline.version(rebuilt.site)
    page.goto(url)
    deadline = time.monotonic() + 30
    while page.evaluate("caches.keys()") != [f"sca-{new_version}"]:
        assert time.monotonic() < deadline, page.evaluate("caches.keys()")
        page.wait_for_timeout(200)
    context.set_offline(True)
    page.goto(url)
    assert page.locator('.sca-row [lang="en"]').first.inner_text().startswith("The rewritten opening")
    context.close()


def test_version_follows_the_pages_not_the_search_index_being_written(tmp_path):
    """Under `mkdocs serve` the search index is written in the background while the worker's version
    is taken: the version must not read it (it is made from the pages, which it does read)."""
    site = tmp_path / "site"
    (site / "essays/a").mkdir(parents=True)
    (site / "essays/a/index.html").write_text("<p>一</p>", encoding="utf-8")
    first = offline.version(site)
    (site / "search/sca/p").mkdir(parents=True)
    (site / "search/sca/p/12.json.tmp").write_text("[]", encoding="utf-8")
    (site / "search/sca/meta.json").write_text("{}", encoding="utf-8")
    assert offline.version(site) == first
    (site / "essays/a/index.html").write_text("<p>二</p>", encoding="utf-8")
    assert offline.version(site) != first


def test_a_serve_build_versions_the_worker_by_the_build_and_writes_no_headers(tmp_path):
    """`make serve` holds its pages back until a build's last step is done: there the worker's version is
    new with each build (not the hash of every file, seconds at a thousand essays), and no `_headers` (the
    preview's server does not read it). A whole build hashes the site, so the same site gives the same version."""
    from slowcinema.web import final
    from slowcinema.web.cache import BuildCache

    def built(folder, whole: bool) -> tuple[str, bool]:
        (folder / "essays/a").mkdir(parents=True, exist_ok=True)
        (folder / "essays/a/index.html").write_text("<p>一</p>", encoding="utf-8")
        final.site(folder, ["essays/a/"], "档案", "", BuildCache(None, ""), whole, lambda problems: None)
        worker = (folder / offline.WORKER).read_text(encoding="utf-8")
        return worker.split('VERSION = "')[1].split('"')[0], (folder / "_headers").exists()

    first, headers = built(tmp_path / "serve", False)
    again, _ = built(tmp_path / "serve", False)
    assert first.startswith("preview-") and again != first and not headers
    whole, headers = built(tmp_path / "build", True)
    assert whole == offline.version(tmp_path / "build") == built(tmp_path / "build2", True)[0] and headers


def test_a_dirty_rebuild_lists_every_page_at_the_size_it_has(tmp_path):
    """The listing counts each page at the size the build wrote it (no file-system call per page); a --dirty
    rebuild, as under `make serve` (the plugins' instances kept, MkDocs' own way), keeps the sizes of the
    pages it did not render and takes the new size of the one it did."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = tmp_path / "proj"
    p = make_project(root)
    p.essay(SLUG)
    p.essay("another")
    site = root / "site"

    def dirty_build():
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)  # once: MkDocs keeps the instances after it
        mkdocs_build(config, dirty=True)
        listing = json.loads((site / offline.LISTING).read_text(encoding="utf-8"))
        assert listing["bytes"] == sum((site / u / "index.html").stat().st_size for u in listing["pages"])
        return listing

    first = dirty_build()
    time.sleep(0.05)
    en = root / "docs/essays/another/index.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("The opening paragraph", "The opening paragraph, made longer"),
                  encoding="utf-8")
    again = dirty_build()
    assert again["pages"] == first["pages"] and again["bytes"] > first["bytes"]
