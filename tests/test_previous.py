"""The previous site emptied after `mkdocs build` has written the new one (slowcinema.web.previous):
the site is what MkDocs' own emptying leaves (hidden entries kept, everything else gone), and nothing is
left behind, after a build that fails or one that was killed. Real builds of a small archive."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import EN, ZH, build, make_project, record_images
from PIL import Image
from slowcinema.essays.links import SECTIONS
from slowcinema.web import placed
from slowcinema.web.previous import HOLD
from test_cache import cold, tree, with_hooks


def two_essays_built(root):
    """A project of two essays, built once: its project and its site."""
    p = make_project(root)
    p.essay("one", ZH, EN)
    p.essay("two", ZH, EN.replace("The opening paragraph", "Another opening"))
    assert build(root).ok
    return p, root / "site"


def test_a_build_over_an_old_site_writes_what_a_build_from_nothing_writes(tmp_path):
    root = tmp_path / "p"
    _p, site = two_essays_built(root)
    (site / HOLD).mkdir()
    (site / HOLD / "left.html").write_text("from a build that was killed", encoding="utf-8")
    for f in (root / "docs/essays/two").iterdir():
        f.unlink()
    (root / "docs/essays/two").rmdir()
    again = build(root)
    assert again.ok, again.messages()
    assert not (site / "essays/two").exists() and (site / "essays/one/index.html").is_file()
    assert not (site / HOLD).exists()
    assert tree(site) == cold(root, tmp_path / "cold")


def test_hidden_entries_of_the_site_stay_as_mkdocs_leaves_them(tmp_path):
    root = tmp_path / "p"
    make_project(root).essay("one", ZH, EN)
    assert build(root).ok
    site = root / "site"
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")  # a deploy folder's
    (site / "stale.html").write_text("gone after the build", encoding="utf-8")
    assert build(root).ok
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site / "stale.html").exists() and not (site / HOLD).exists()


def test_a_build_that_fails_leaves_nothing_aside(tmp_path):
    root = tmp_path / "p"
    p = make_project(root)
    p.essay("one", ZH, EN)
    assert build(root).ok
    p.write("essays/one/index.zh.md", ZH.replace("tags: [long-take]", "tags: [no-such-tag]"))
    assert not build(root).ok
    assert not (root / "site" / HOLD).exists()


def _inodes(site) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_a_generated_file_that_did_not_change_is_moved_back_not_written(tmp_path):
    """The files the build makes itself (citations, passages, the search index's shards...) are taken back from
    the previous site when their bytes are the same (slowcinema.web.reuse): the same file, not a new one (the
    bundles' folders are moved back whole, the others file by file). Those that changed hold the new bytes, and
    the site is what a build from nothing writes."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    before = _inodes(site)
    p.write("essays/two/index.en.md", EN.replace("The Shape of Waiting", "A Changed Shape"))  # its citations change
    again = build(root)
    assert again.ok, again.messages()
    after = _inodes(site)
    for rel in ("essays/one/passages.json", "essays/one/cite.en.bib", "essays/two/cite.zh-Hans.bib"):
        assert after[rel] == before[rel], rel  # unchanged: the previous site's own file
    assert any(rel.startswith("search/") and after[rel] == before[rel] for rel in after)
    for rel in ("essays/two/passages.json", "essays/two/cite.en.bib"):
        assert "A Changed Shape" in (site / rel).read_text(encoding="utf-8"), rel
    assert not (site / HOLD).exists()
    assert tree(site) == cold(root, tmp_path / "cold")


def test_what_the_build_no_longer_makes_in_a_bundles_folder_is_removed_and_what_a_plugin_wrote_stays(tmp_path):
    """The bundles' folders of the previous site are moved back whole before the new one is written: a file there
    that nothing wrote again (a language taken out of an essay, an image deleted) is removed after the build, and
    a folder left empty with it; a file a plugin writes there after the pages stays."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    Image.new("RGB", (8, 8), "gray").save(root / "docs/essays/two/still.png")
    record_images(root / "docs/essays/two", "still.png")
    with_hooks(root, "from pathlib import Path\n\n"
                     "def on_post_build(config):\n"
                     "    (Path(config.site_dir) / 'essays/one/by-a-hook.txt').write_text('made after the pages')\n")
    assert build(root).ok
    assert (site / "essays/two/still.png").is_file() and (site / "essays/one/by-a-hook.txt").is_file()
    (root / "docs/essays/two/still.png").unlink()
    (root / "docs/essays/two/images.yml").unlink()
    (root / "docs/essays/two/index.en.md").unlink()  # "two" in Chinese only: no English citation
    (site / "essays/two/old").mkdir()
    (site / "essays/two/old/left.txt").write_text("from an older build", encoding="utf-8")
    again = build(root)
    assert again.ok, again.messages()
    assert not (site / "essays/two/still.png").exists() and not (site / "essays/two/cite.en.bib").exists()
    assert not (site / "essays/two/old").exists()
    assert (site / "essays/one/by-a-hook.txt").read_text() == "made after the pages"
    assert not (site / HOLD).exists()
    assert tree(site) == cold(root, tmp_path / "cold")


def _written(site) -> dict[str, tuple[int, int, int]]:  # each page's file: its inode, when it was last written, its size
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in site.rglob("*.html")}


def test_a_page_already_in_place_is_not_written_again(tmp_path):
    """MkDocs cuts each page's file to nothing and writes it again (slowcinema_mkdocs.in_place): a page whose
    file holds its bytes already is left as it is, and MkDocs' note of a page it did not write is not said. One
    that changed is written. Where another plugin's on_post_page comes after the archive's last pass, MkDocs
    writes every page, as that plugin gives it."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    before = _written(site)
    p.write("essays/two/index.en.md", EN.replace("The opening paragraph", "Another opening").replace(
        "Second paragraph", "A changed paragraph"))  # in its page only, not in the lists that show it
    again = build(root)
    assert again.ok, again.messages()
    after = _written(site)
    assert after["essays/one/index.html"] == before["essays/one/index.html"]
    assert after["essays/two/index.html"] != before["essays/two/index.html"]
    assert "A changed paragraph" in (site / "essays/two/index.html").read_text(encoding="utf-8")
    # Every page in the bundles' folders, which are moved back whole (the other pages are new files, as MkDocs
    # empties the site), that did not change: the sections' own pages too.
    kept = sorted(rel for rel in after if after[rel] == before.get(rel))
    assert kept == sorted(rel for rel in after if rel.split("/")[0] in SECTIONS and not rel.startswith("essays/two/"))
    assert "essays/index.html" in kept and "manifesto/index.html" in kept
    assert not [m for m in again.messages() if "Page skipped" in m]
    assert tree(site) == cold(root, tmp_path / "cold")
    with_hooks(root, "from mkdocs.plugins import event_priority\n\n"
                     "@event_priority(-200)\n"
                     "def on_post_page(output, page, config):\n"
                     "    return output\n")
    assert build(root).ok  # the hooks are in every key: every page is made again, and written
    built = _written(site)
    assert build(root).ok
    assert all(mtime != built[rel][1] for rel, (_, mtime, _) in _written(site).items()), "written by MkDocs"


# A hook that says, after each build, which kept final passes of pages the build read (slowcinema.web.placed): only
# on_post_build, so the archive's last pass over each page is still the last (no other plugin reads the output).
READ_FINALS = """\
import json
from pathlib import Path


def on_post_build(config):
    cache = config.plugins["slowcinema/archive"].state.cache
    read = sorted(Path(p).name for p in cache.read if cache.kind_of(p) == "final")
    (Path(config.config_file_path).parent / "finals-read.json").write_text(json.dumps(read), encoding="utf-8")
"""


def test_a_page_left_as_the_last_build_left_it_is_not_read_again(tmp_path):
    """A whole build keeps a record of each bundle page it wrote from its kept final pass: the pass's key, the page
    file's identity and the kept entry's (slowcinema.web.placed). The next build finds an unchanged page there and
    reads neither the entry nor the file. A page file changed behind the build's back, even to the same size, and a
    kept entry removed, are made again: the site is always a cold build's."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    with_hooks(root, READ_FINALS)
    read = lambda: set(json.loads((root / "finals-read.json").read_text(encoding="utf-8")))  # noqa: E731
    assert build(root).ok  # the hook is in every key: every page made again, and recorded
    assert build(root).ok
    found = read()  # the other pages' (home, lists, tags...), which are not in the bundles' folders
    shutil.rmtree(root / ".cache/slowcinema" / placed.KIND)  # without the record: every page's kept pass is read
    assert build(root).ok and found < read() and len(read() - found) >= 2  # the two essays' at least
    before = _written(site)
    p.write("essays/two/index.en.md", EN.replace("The opening paragraph", "Another opening").replace(
        "Second paragraph", "A changed paragraph"))  # in its page only, not in the lists that show it
    edited = build(root)
    assert edited.ok, edited.messages()
    assert read() == found and "A changed paragraph" in (site / "essays/two/index.html").read_text(encoding="utf-8")
    assert _written(site)["essays/one/index.html"] == before["essays/one/index.html"]  # left, and not read
    assert tree(site) == cold(root, tmp_path / "cold")
    # Behind the build's back: one page's file altered to the same size; then the kept final passes removed.
    one = site / "essays/one/index.html"
    one.write_text(one.read_text(encoding="utf-8").replace("The opening paragraph", "The opening PARAGRAPH"),
                   encoding="utf-8")
    assert one.stat().st_size == before["essays/one/index.html"][2]
    altered = tree(site)
    assert build(root).ok and len(read() - found) == 1  # its kept final pass read, and the page written again
    assert tree(site) == cold(root, tmp_path / "cold2") != altered
    finals = sorted((root / ".cache/slowcinema/final").rglob("*.json"))
    for entry in finals:
        entry.unlink()
    assert build(root).ok and tree(site) == cold(root, tmp_path / "cold3")
    assert sorted((root / ".cache/slowcinema/final").rglob("*.json")) == finals  # made again, as they were


# A hook that says, after each build, which files of the site the build left as the last one left them, without
# reading them (slowcinema.web.placed: `found`, `left`).
UNTOUCHED = """\
import json
from pathlib import Path


def on_post_build(config):
    untouched = sorted(config.plugins["slowcinema/archive"].state.placed.untouched)
    (Path(config.config_file_path).parent / "untouched.json").write_text(json.dumps(untouched), encoding="utf-8")
"""


def test_a_generated_file_left_as_the_last_build_left_it_is_not_read_again(tmp_path):
    """The record of the last whole build holds each file it made in the bundles' folders (citations, passages) with
    its digest and identity. The next build leaves such a file as it is, unread, where it makes the same bytes and the
    file has the recorded identity. One whose bytes the build now makes otherwise is written; one changed behind the
    build's back, even to the same size, is written again: the site is always a cold build's."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    with_hooks(root, UNTOUCHED)
    untouched = lambda: set(json.loads((root / "untouched.json").read_text(encoding="utf-8")))  # noqa: E731
    assert build(root).ok  # the hook is in every key: everything made again, and recorded
    assert build(root).ok
    made = {"passages.json", "cite.en.bib", "cite.en.json", "cite.zh-Hans.bib", "cite.zh-Hant.json"}
    assert {f"essays/{slug}/{name}" for slug in ("one", "two") for name in made} <= untouched()
    p.write("essays/two/index.en.md", EN.replace("The Shape of Waiting", "A Changed Shape"))  # its citations change
    assert build(root).ok
    assert "essays/one/cite.en.bib" in untouched() and "essays/two/cite.en.bib" not in untouched()
    assert "A Changed Shape" in (site / "essays/two/cite.en.bib").read_text(encoding="utf-8")
    assert "essays/two/cite.zh-Hans.bib" in untouched()  # its Chinese citation did not change
    assert tree(site) == cold(root, tmp_path / "cold")
    bib = site / "essays/one/cite.en.bib"  # behind the build's back, to the same size
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Waiting", "WAITING"), encoding="utf-8")
    assert bib.stat().st_size == len(text.encode("utf-8"))
    assert build(root).ok
    assert "essays/one/cite.en.bib" not in untouched() and "essays/one/cite.zh-Hans.bib" in untouched()
    assert bib.read_text(encoding="utf-8") == text
    assert tree(site) == cold(root, tmp_path / "cold2")


def _dirty(root) -> None:
    """`mkdocs build --dirty`, as the command line runs it."""
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=root, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]


def test_a_dirty_build_finds_the_pages_where_the_last_build_left_them(tmp_path):
    """`mkdocs build --dirty` sets nothing aside and takes nothing back: the pages are where the last build left them,
    found there by asking each file's identity (slowcinema.web.placed). Built twice so, and again after an edit, the
    site is a cold build's."""
    root = tmp_path / "p"
    p, site = two_essays_built(root)
    _dirty(root)
    _dirty(root)
    p.write("essays/two/index.en.md", EN.replace("The opening paragraph", "Another opening").replace(
        "Second paragraph", "A changed paragraph"))
    _dirty(root)
    assert "A changed paragraph" in (site / "essays/two/index.html").read_text(encoding="utf-8")
    assert tree(site) == cold(root, tmp_path / "cold")
