"""The build cache (slowcinema.web.cache): a build that reuses it writes the same site, byte for byte,
as a build from nothing; every kind of input that can change an output invalidates it; a damaged
entry is found, rebuilt and never published. Builds of a small fixture archive with the real MkDocs;
no timing is asserted (the figures are the benchmark's: scripts/bench.py, ours.cached_build)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from conftest import EN, build, make_project, record_images, write_file
from slowcinema.archive import indexes
from slowcinema.web import cache

ZH2 = """---
title: 等待之后
date: 2024-03-01
authors: [lin]
tags: [long-take]
original: zh
summary: 关于等待之后的文章。
---

开场的段落，关于长镜头里的时间。

## 长镜头

第一节的第一段：时间在镜头里流逝，里面的人等待。

第一节的第二段。
"""

EN2 = """---
title: After Waiting
summary: An essay about what comes after waiting.
translators: [lin]
---

The opening paragraph, on time in the long take.

## The long take

First paragraph of the first section: time passes in the shot, and people wait inside it.

Second paragraph of the first section.
"""


def tree(site: Path) -> dict[str, str]:
    """Every file of a built site by its SHA-256 (what `diff -r` compares)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".cache" / "slowcinema").rglob("*.json") if p.is_file())


def cold(root: Path, dest: Path) -> dict[str, str]:
    """A build of the same sources from nothing: a copy of the project without its cache."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(".cache", "site"))
    result = build(dest)
    assert result.ok, result.messages()
    assert " 0 entries reused" in summary(result)
    return tree(result.site)


def seeded(root: Path) -> dict[str, str]:
    """The fixture archive at `root`, built once (the cache filled); its site's tree."""
    p = make_project(root)
    p.essay("shape-of-waiting")
    p.essay("after-waiting", ZH2, EN2)
    result = build(root)
    assert result.ok, result.messages()
    assert entries(root), "the build left no cache"
    return tree(result.site)


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("cache") / "seed"
    return root, seeded(root)


def fresh(seed, tmp_path: Path) -> Path:  # a copy of the seeded project, its cache included
    root = tmp_path / "project"
    shutil.copytree(seed[0], root, ignore=shutil.ignore_patterns("site"))
    return root


def summary(result) -> str:
    found = [m for m in result.messages("INFO") if m.startswith("slowcinema: Build cache (")]
    assert len(found) == 1, result.messages("INFO")
    return found[0]


def test_a_cached_build_after_a_text_edit_writes_what_a_cold_build_writes(seed, tmp_path):
    root = fresh(seed, tmp_path)
    again = build(root)
    assert again.ok and tree(again.site) == seed[1]
    assert " 0 built" in summary(again)  # nothing changed: everything reused
    essay = root / "docs/essays/after-waiting/index.en.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("Second paragraph", "Second, edited paragraph"),
                     encoding="utf-8")
    cached = build(root)
    assert cached.ok, cached.messages()
    assert "Second, edited paragraph" in cached.page("essays/after-waiting/index.html")
    assert " 0 built" not in summary(cached) and " 0 entries reused" not in summary(cached)
    assert tree(cached.site) == cold(root, tmp_path / "cold")
    assert not [m for lv, m in cached.log if lv in ("WARNING", "ERROR")]


def test_a_page_whose_final_pass_is_kept_by_its_frames_key_is_written_without_its_frame(seed, tmp_path):
    """The essay pages' final pass is kept by the key of their frame, which determines it: a cached build writes
    them from it and reads no frame at all, so no frame is kept either; and the site is the same. A page whose
    final pass is missing is put in its frame in full again, and its final pass kept again."""
    root = fresh(seed, tmp_path)
    kinds = lambda: [cache.BuildCache.kind_of(p) for p in entries(root)]  # noqa: E731
    assert kinds().count("frame") == 0 and kinds().count("final") >= 2
    again = build(root)
    assert again.ok and tree(again.site) == seed[1] and " 0 built" in summary(again)
    finals = kinds().count("final")
    shutil.rmtree(root / ".cache/slowcinema/final")
    redone = build(root)  # the final passes made again, by a full render of each page
    assert redone.ok and tree(redone.site) == seed[1] and " 0 built" not in summary(redone)
    assert kinds().count("frame") == 0 and kinds().count("final") == finals


def test_a_plugin_that_changes_pages_after_their_frame_is_never_skipped(seed, tmp_path):
    """With another plugin reading the pages' output between their frame and their final pass (here a hook that
    writes a stamp kept outside the sources), the final pass is found by the output, never by the frame's key:
    a cached build shows the new stamp, and writes what a cold build writes."""
    root = fresh(seed, tmp_path)
    _stamping_hook(root, "first")
    assert build(root).ok
    frames = sorted(p for p in entries(root) if cache.BuildCache.kind_of(p) == "frame")
    assert len(frames) >= 2  # here the frames are kept: the final pass cannot be found without them
    (root / "stamp.txt").write_text("second", encoding="utf-8")
    cached = build(root)
    assert cached.ok, cached.messages()
    assert "<!-- second -->" in cached.page("essays/after-waiting/index.html")
    assert sorted(p for p in entries(root) if cache.BuildCache.kind_of(p) == "frame") == frames  # read again, not rebuilt
    assert tree(cached.site) == cold(root, tmp_path / "cold")


def with_hooks(root: Path, code: str) -> None:
    """The project at `root` with MkDocs' `hooks:`, a hooks.py of `code`."""
    (root / "hooks.py").write_text(code, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")


def _stamping_hook(root: Path, stamp: str) -> None:
    """MkDocs' `hooks:` with an on_post_page that writes in each page a stamp kept outside the sources."""
    with_hooks(root, "from pathlib import Path\n\n"
                     "def on_post_page(output, page, config):\n"
                     "    stamp = (Path(config.config_file_path).parent / 'stamp.txt').read_text(encoding='utf-8').strip()\n"
                     "    return output.replace('</body>', f'<!-- {stamp} --></body>')\n")
    (root / "stamp.txt").write_text(stamp, encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each edit changes the site, and none of them touches the Markdown of an essay: only the cache's
# fingerprint can tell the entries built before it are stale.
EDITS = {
    # The configuration: a plugin's option (the search entries of unchanged pages differ).
    "mkdocs.yml": lambda root: _edit(root / "mkdocs.yml", "  - slowcinema/search ",
                                     "  - slowcinema/search:\n      skip_langs: []\n  #"),
    # The theme's custom_dir, overriding one of the core's templates (the assembled essay pages differ).
    "overrides": lambda root: write_file(root / "overrides", "sca/essay.html", (
        cache.SRC / "slowcinema/templates/sca/essay.html").read_text(encoding="utf-8").replace(
        '<article class="sca-essay"', '<article class="sca-essay sca-overridden"', 1)),
    # The entry list a section page shows, overridden (a list kept whole, kind "fragment", differs).
    "entry list": lambda root: write_file(root / "overrides", "sca/entry-list.html", (
        cache.SRC / "slowcinema/templates/sca/entry-list.html").read_text(encoding="utf-8").replace(
        '<ol class="sca-entries"', '<ol class="sca-entries sca-overridden"', 1)),
    # A registry the essay pages show (a byline).
    "authors.yml": lambda root: _edit(root / "docs/authors.yml", "en: Lin Yi", "en: Lin Yi-ming"),
    # The 繁體 phrase table (the essays' generated Traditional text).
    "hant-phrases.yml": lambda root: (root / "docs/hant-phrases.yml").write_text(
        "terms:\n  长镜头: 長拍鏡頭\n", encoding="utf-8"),
    # The timeline's data.
    "timeline": lambda root: write_file(root / "docs", "timeline/cache-test.yml", TIMELINE),
}
TIMELINE = """\
events:
  - id: jeanne-dielman
    date: 1975-05
    kind: film
    title: {zh: 让娜·迪尔曼, en: Jeanne Dielman}
"""


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_every_kind_of_input_invalidates_the_cache(seed, tmp_path, kind):
    root = fresh(seed, tmp_path)
    EDITS[kind](root)
    cached = build(root)
    assert cached.ok, cached.messages()
    after = tree(cached.site)
    assert after != seed[1], f"the {kind} edit changed nothing: it proves nothing"
    assert after == cold(root, tmp_path / "cold")


def _damage(root: Path, kinds: tuple[str, ...], damage: str, every: tuple[str, ...] = ()) -> dict[str, str]:
    """One entry of each of `kinds` damaged as `damage` says, and every entry of the kinds in `every`; the path of
    one of each, by kind."""
    damaged = {}
    for kind in kinds + every:
        found = [p for p in entries(root) if p.relative_to(root / ".cache/slowcinema").parts[0] == kind]
        for path in found if kind in every else found[:1]:
            raw = bytearray(path.read_bytes())
            if damage == "truncated":
                raw = raw[: len(raw) // 2]
            elif damage == "flipped":  # in the payload, past the digest
                at = len(raw) - 10
                raw[at] ^= 0x01
            else:
                raw = bytearray()
            path.write_bytes(bytes(raw))
            damaged.setdefault(kind, path.relative_to(root).as_posix())
    return damaged


def _rebuilt(root: Path, damaged: dict[str, str], cold_site: dict[str, str]) -> None:
    """A build over the damaged entries: the site a cold build writes, each damaged entry named and written again."""
    indexes._RELATED.clear()  # as in a new process: the related entries read from the cache, not from this one's memory
    result = build(root)
    assert result.ok, result.messages()
    assert tree(result.site) == cold_site
    infos = result.messages("INFO")
    for kind, rel in damaged.items():
        assert any(m.startswith(f"slowcinema: Build cache: {rel} ") and m.endswith("rebuilt.") for m in infos), (kind, infos)
    assert not [m for lv, m in result.log if lv in ("WARNING", "ERROR")]
    for rel in damaged.values():  # written again, sound
        assert (root / rel).read_bytes().startswith(f"{cache.FORMAT} ".encode())


@pytest.mark.parametrize("damage", ["truncated", "flipped", "emptied"])
def test_a_damaged_entry_is_rebuilt_and_never_published(seed, tmp_path, damage):
    root = fresh(seed, tmp_path)
    # A cached build first: the cache then holds only entries that such a build reads (a build from nothing also
    # compiles templates that a cached one never asks for), so each damaged entry is one the next build reads.
    indexes._RELATED.clear()  # as in a new process (see _rebuilt)
    assert build(root).ok
    # A cached build reads a page's search entry only to make its block of the index again: every block damaged.
    damaged = _damage(root, ("essay", "markdown", "search", "final", "template", "fragment", "related", "placed", "icon",
                             "feeds", "hant"), damage, every=("search-block",))
    _rebuilt(root, damaged, cold(root, tmp_path / "cold"))


def test_an_essay_pages_html_is_read_only_where_a_step_needs_it_and_rebuilt_if_damaged(seed, tmp_path):
    """An essay page found in the cache keeps its HTML in an entry of its own (kind "essay-html"), which a build reads
    only where the page must be put in its frame: a build that finds the pages' final pass does not read it (a damaged
    one is neither seen nor published), and one that must frame the pages reads it, finds the damage, builds the page
    again and writes what a cold build writes."""
    root = fresh(seed, tmp_path)
    indexes._RELATED.clear()  # as in a new process (see _rebuilt)
    assert build(root).ok  # the cache as a cached build leaves it
    damaged = _damage(root, (), "flipped", every=("essay-html",))
    assert damaged, "no essay page kept its HTML apart"
    unread = build(root)
    assert unread.ok and tree(unread.site) == seed[1] and " 0 built" in summary(unread)
    assert not [m for m in unread.messages("INFO") if "is damaged" in m]  # never read
    shutil.rmtree(root / ".cache/slowcinema/final")  # every page put in its frame again: its HTML needed
    _rebuilt(root, damaged, cold(root, tmp_path / "cold"))


def test_a_damaged_frame_is_rebuilt_and_never_published(seed, tmp_path):
    """Frames are kept where another plugin reads the pages' output after them (here MkDocs' hooks)."""
    root = fresh(seed, tmp_path)
    _stamping_hook(root, "first")
    assert build(root).ok
    _rebuilt(root, _damage(root, ("frame",), "flipped"), cold(root, tmp_path / "cold"))


def test_the_fingerprint_follows_the_code_the_lock_and_the_data(tmp_path):
    """What a fixture build cannot edit without touching the shared tree: the core's and the plugins' code
    (a copy of src/) and the lock."""
    src = tmp_path / "src"
    shutil.copytree(cache.SRC, src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    lock = tmp_path / "requirements.lock"
    lock.write_text("mkdocs==1.6.1\n", encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "timeline").mkdir(parents=True)
    (docs / "tags.yml").write_text("a: {zh: 甲, en: A}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")

    def fp() -> str:
        return cache.fingerprint(config, docs, tmp_path / "overrides", lock=lock, src=src)

    seen = {fp()}
    assert fp() in seen  # stable
    (src / "slowcinema/__pycache__").mkdir(exist_ok=True)
    (src / "slowcinema/__pycache__/x.pyc").write_bytes(b"\0")
    (docs / "index.md").write_text("# Home, edited\n", encoding="utf-8")  # Markdown: each entry's own input
    assert fp() in seen
    for edit in (lambda: (src / "slowcinema/web/cache.py").write_text("# edited\n", encoding="utf-8"),
                 lambda: (src / "slowcinema_mkdocs/assets/search.js").write_text("// edited\n", encoding="utf-8"),
                 lambda: (src / "slowcinema/templates/sca/essay.html").write_text("edited", encoding="utf-8"),
                 lambda: lock.write_text("mkdocs==1.6.2\n", encoding="utf-8"),
                 lambda: config.write_text("site_name: y\n", encoding="utf-8"),
                 lambda: (tmp_path / "overrides").mkdir() or (tmp_path / "overrides/main.html").write_text("x"),
                 lambda: (docs / "timeline/a.yml").write_text("[]\n", encoding="utf-8"),
                 lambda: (docs / "tags.yml").write_text("a: {zh: 乙, en: A}\n", encoding="utf-8")):
        edit()
        assert fp() not in seen
        seen.add(fp())


def test_entries_round_trip_exactly_and_carry_their_digest(tmp_path):
    from slowcinema.search.extract import Section
    from slowcinema.search.index import Page

    store = cache.BuildCache(tmp_path / ".cache" / "slowcinema", "fp")
    value = Page("a/", "A", (Section("", "A", "text", "en"),), ((0, "a text", b"\x0a\x01"),), (("发", "發"),))
    assert store.memo("search", ("a/",), lambda: value) == value
    assert store.memo("search", ("a/",), lambda: pytest.fail("computed again")) == value
    (path,) = entries(tmp_path)
    header, _, payload = path.read_bytes().partition(b"\n")
    assert header == f"{cache.FORMAT} {hashlib.sha256(payload).hexdigest()}".encode()
    assert cache.key("a", "b") != cache.key("ab") and cache.key(("a",)) != cache.key(["a"])


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 300) | st.sampled_from([0.0, 1.0, -1.5]) | st.text("ab:1[", max_size=4)
    | st.binary(max_size=3) | st.builds(Markup, st.text("ab<", max_size=3)),
    lambda inner: st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(st.text("ab", max_size=2), inner, max_size=3),
    max_leaves=8)


def _canonical(value):  # what a key must tell apart: the value, with the type of each part; a dict's order aside
    if isinstance(value, dict):
        return ("dict", sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_canonical(v) for v in value])
    return (type(value).__name__, value)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_VALUES, _VALUES)
def test_two_values_have_one_key_exactly_when_they_are_the_same(a, b):
    """Small alphabets, so that near misses are common: ["a", "b"] and ["ab"], ("a",) and ["a"], 1 and True,
    Markup("a") and "a", b"a" and "a"."""
    assert (cache.key(a) == cache.key(b)) == (repr(_canonical(a)) == repr(_canonical(b)))
    assert cache.key(a, b) != cache.key((a, b))


def test_a_value_found_or_made_under_a_key_is_keyed_by_that_key_and_only_that_very_value(tmp_path):
    """`made` and `token`: a key's input that is an entry's value (the same object) is hashed as the entry's key.
    An equal string made another way is hashed as its text: a different key, so the entry is made again, never
    another's taken for it. The cleaning's HTML, the essay page's and the frame's inputs are keyed so."""
    from slowcinema.web import sanitize

    store = cache.BuildCache(tmp_path / "c", "fingerprint")
    page = "<p>" + "长镜头。" * 500 + "<script>x</script></p>"
    made = sanitize.kept(store, "clean", page, ("source", "rel"), lambda: sanitize.report(page, "source", "rel"))[0]
    assert "<script" not in made and store.token(made) != made  # changed by the cleaning: known by the entry's key
    other = "".join(["<p>", "长镜头。" * 500, "</p>"])  # equal, not the same object
    assert other == made and other is not made and store.token(other) is other
    assert store.key("essay", store.token(made)) != store.key("essay", made) == store.key("essay", other)
    found = sanitize.kept(store, "clean", page, ("source", "rel"), lambda: pytest.fail("made twice"))[0]
    assert found == made and store.token(found) == store.token(made)  # found again: the same entry's key
    plain = "<p>" + "等待。" * 500 + "</p>"  # left as it was: keeps what the cache knew of it (nothing here)
    assert sanitize.kept(store, "clean", plain, ("source", "rel"), lambda: (plain, []))[0] is plain
    assert store.token(plain) is plain
    assert sanitize.kept(store, "clean", plain, ("source", "rel"), lambda: pytest.fail("made twice"))[0] is plain
    ended = store.derive(made + "<aside>related</aside>", "at-article-end", made, "<aside>related</aside>")
    assert store.token(ended) == cache.Made(store.key("at-article-end", store.token(made), "<aside>related</aside>"))
    store.forget_made(but=[ended])  # what the build still keys on is kept; the rest is let go
    assert store.token(made) is made and store.token(ended) != ended
    store.forget(ended)
    assert store.token(ended) is ended


@pytest.mark.parametrize("value", [{"sca/t/a.json": '{"a":[1,2]}', "sca/p/0.json": "[[\"\",\"中\"]]"},
                                   {"k": (1, b"\x00", [None, 2.5])}, {}, [1, "二"], None])
def test_an_entry_that_is_not_a_string_is_the_compact_json_of_the_whole(tmp_path, value):
    # Dicts, tuples, bytes and None keep their kind through the JSON (`encode`); the digest is the payload's.
    import json

    store = cache.BuildCache(tmp_path, "fp")
    store.put("index", "ab12", value)
    header, _, payload = store.path("index", "ab12").read_bytes().partition(b"\n")
    assert payload == json.dumps(cache.encode(value), ensure_ascii=False, separators=(",", ":")).encode()
    assert header == f"{cache.FORMAT} {hashlib.sha256(payload).hexdigest()}".encode()
    assert store.get("index", "ab12") == (True, value)


@pytest.mark.parametrize("value", ["<p>慢 \"text\"</p>\n<p>two</p>\n", "", "null", '{"__t__":[]}'])
def test_a_string_is_kept_as_it_is_and_read_back_as_a_string(tmp_path, value):
    """A page's HTML is kept as its own bytes (no JSON to make or read), and the header says so: a string
    that looks like JSON comes back as the same string."""
    store = cache.BuildCache(tmp_path, "fp")
    store.put("frame", "ab12", value)
    header, _, payload = store.path("frame", "ab12").read_bytes().partition(b"\n")
    assert payload == value.encode()
    assert header == f"{cache.FORMAT} {hashlib.sha256(payload).hexdigest()} {cache.TEXT}".encode()
    assert store.get("frame", "ab12") == (True, value)
    store.path("frame", "ab12").write_bytes(header[:-len(cache.TEXT) - 1] + b"\n" + payload)  # the mark taken off
    assert store.get("frame", "ab12") != (True, value)  # read as JSON: never the string it was


def test_entries_made_by_another_process_of_the_build_are_counted_once_as_made(tmp_path):
    """A second process of the build (the work ahead: slowcinema.archive.ahead) writes entries that this process
    then reads, and reads entries this one wrote: its account joined here counts each as made, once, and never as
    reused from an earlier build; `prune` keeps every entry either process used."""
    there, here = cache.BuildCache(tmp_path / "c", "fp"), cache.BuildCache(tmp_path / "c", "fp")
    assert here.memo("fragment", ("e",), lambda: "E") == "E"  # made here, then read there
    for name in ("a", "b", "c"):
        there.memo("fragment", (name,), lambda: name.upper())
    assert there.memo("fragment", ("a",), lambda: "never") == "A"  # found again there: one hit
    assert there.memo("fragment", ("e",), lambda: "never") == "E"
    done = (there.hits, there.misses, sorted(there.wrote), sorted(there.used), [], sorted(there.read))
    assert done[:2] == (2, 3)
    stray = cache.BuildCache(tmp_path / "c", "fp")
    stray.memo("fragment", ("stray",), lambda: "S")  # an entry of an earlier build that this one does not use
    assert here.memo("fragment", ("a",), lambda: "never") == "A"  # read here, before or after the join alike
    here.join(*done)
    assert here.memo("fragment", ("a",), lambda: "never") == "A"
    assert here.memo("fragment", ("b",), lambda: "never") == "B"
    here.path("fragment", here.key("fragment", "c")).unlink()  # as if this process had asked for c before it was there:
    assert here.memo("fragment", ("c",), lambda: "C") == "C"  # made here too, so made twice in all: counted once
    assert here.memo("fragment", ("d",), lambda: "D") == "D"
    assert here.prune() == 1 and not stray.path("fragment", stray.key("fragment", "stray")).exists()
    # Made: a, b, c there, d and e here; found: a there (once), and a again here (read twice here: the second time
    # counts as this build's own reuse, as it would had a been made here).
    assert (here.hits, here.misses) == (2, 5)
    assert all(here.path("fragment", here.key("fragment", n)).exists() for n in "abcde")


def test_entries_lie_in_one_folder_a_kind_and_prune_removes_the_folders_it_empties(tmp_path):
    """One folder a kind and no folders under it (a folder is an inode to make, as an entry is); `prune` removes
    what it leaves empty: a kind this build did not use, an earlier layout's folders, but never the cache's own."""
    folder = tmp_path / ".cache" / "slowcinema"
    old = folder / "search" / "ab" / ("ab" + "0" * 62 + ".json")  # sca-cache-2 laid entries out under key[:2]/
    old.parent.mkdir(parents=True)
    old.write_text("sca-cache-2 x\n{}", encoding="utf-8")
    gone = folder / "kind-no-longer-made" / "c.json"
    gone.parent.mkdir()
    gone.write_text("x", encoding="utf-8")
    store = cache.BuildCache(folder, "fp")
    store.memo("search", ("a/",), lambda: "A")
    store.memo("fragment", ("b",), lambda: "B")
    assert store.prune() == 2
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == sorted(
        ["search", "fragment", f"search/{store.key('search', 'a/')}.json", f"fragment/{store.key('fragment', 'b')}.json"])
    assert store.kind_of(str(store.path("search", "k"))) == "search"
    store = cache.BuildCache(folder, "fp2")  # a build of another fingerprint uses none of them
    assert store.prune() == 2 and folder.is_dir() and not any(folder.iterdir())


def test_values_kept_together_are_read_as_one_entry_and_each_found_again_when_one_changes(tmp_path):
    """`memo_all` (the related entries at the foot of every essay, say): a build where nothing changed reads one
    entry and computes nothing; after one input changed, only that value is computed, and the others are read from
    their own entries, which the build in between kept though it did not read them."""
    made: list[str] = []

    def build_once(parts: dict[str, tuple]) -> tuple[dict, int, int, int]:
        store = cache.BuildCache(tmp_path / "c", "fp")
        value = store.memo_all("block", parts, lambda name: made.append(name) or f"{name}:{parts[name][0]}")
        return value, store.hits, store.misses, store.prune()

    parts = {name: (name * 2, [1, 2]) for name in "abc"}
    assert build_once(parts) == ({"a": "a:aa", "b": "b:bb", "c": "c:cc"}, 0, 4, 0) and made == ["a", "b", "c"]
    assert build_once(parts) == ({"a": "a:aa", "b": "b:bb", "c": "c:cc"}, 1, 0, 0) and made == ["a", "b", "c"]
    changed = parts | {"b": ("bbb", [1, 2])}
    # b made, a and c read from their entries; the old whole and b's old entry removed.
    assert build_once(changed) == ({"a": "a:aa", "b": "b:bbb", "c": "c:cc"}, 2, 2, 2) and made == ["a", "b", "c", "b"]
    assert build_once({"a": parts["a"]})[0] == {"a": "a:aa"} and made[-1] == "b"  # fewer: read from a's entry


def test_a_kept_audit_or_cleaning_says_its_findings_again(tmp_path):
    """The audit of HTML made from data (kind "audit") and the cleaning of a page (kind "clean") come from the
    cache the second time, with the same HTML and the same warnings as when they were made."""
    from slowcinema.web import sanitize
    from slowcinema.web.components import Stash

    store = cache.BuildCache(tmp_path / "c", "fingerprint")
    html = '<p>A title</p><p><a href="javascript:alert(1)">x</a></p>'
    origins = [sanitize.Origin("javascript:alert(1)", "docs/tags.yml", 3)]
    plain = sanitize.report_generated(html, origins, set())
    assert plain[1] and plain[1][0].startswith("docs/tags.yml:3: ") and "javascript" not in plain[0]
    assert sanitize.report_generated(html, origins, set(), cache=store) == plain
    assert sanitize.report_generated(html, origins, set(), cache=store) == plain
    assert (store.hits, store.misses) == (1, 1)
    page = "<p>Text <script>alert(1)</script> more.</p>"
    cleaned = Stash().cleaned(page, "Text <script>alert(1)</script> more.\n", "docs/essays/x/index.en.md")
    assert cleaned[1] and "<script" not in cleaned[0]
    for _ in range(2):
        assert Stash().cleaned(page, "Text <script>alert(1)</script> more.\n", "docs/essays/x/index.en.md", store) == cleaned
    assert (store.hits, store.misses) == (2, 2)


def test_the_templates_compiled_by_one_build_are_read_by_the_next_process(seed, tmp_path):
    """The theme's templates and ours, compiled once, are kept in the cache (kind "template"): a build in a new
    process (here: the in-memory copies dropped) reads those it needs and compiles none."""
    from slowcinema.web import render
    from slowcinema_mkdocs import frames

    root = fresh(seed, tmp_path)
    kept = {p: p.stat().st_mtime_ns for p in entries(root) if cache.BuildCache.kind_of(p) == "template"}
    assert len(kept) > 10, "the theme's templates and ours"
    render.COMPILED.kept.clear()
    result = build(root)
    assert result.ok, result.messages()
    after = {p: p.stat().st_mtime_ns for p in entries(root) if cache.BuildCache.kind_of(p) == "template"}
    assert after and after.items() <= kept.items()  # each read, none written (the essays' partials: not needed by kept frames)
    held_in_code = render.COMPILED.get_cache_key(frames.TEMPLATE, None)  # the kept frame's one line, not kept on disk
    assert [k.split("|")[0] for k in render.COMPILED.kept] == [held_in_code], "nothing else compiled"
    assert tree(result.site) == seed[1]


def test_a_fragment_is_kept_by_its_template_and_data(tmp_path):
    """`Renderer.kept`: a fragment rendered from data (an entry list) is read again for the same template and
    context, made again for any other; a Markup value (written as it is) is keyed apart from the same text
    as a plain string (escaped)."""
    from markupsafe import Markup

    from slowcinema.web.render import Renderer

    write_file(tmp_path / "t", "shown.html", "<p>{{ x }}</p>")
    store = cache.BuildCache(tmp_path / "cache", "fp")
    renderer = Renderer([tmp_path / "t"], store)
    assert renderer.kept("shown.html", x="<b>") == "<p>&lt;b&gt;</p>"
    assert renderer.kept("shown.html", x="<b>") == "<p>&lt;b&gt;</p>" and (store.hits, store.misses) == (1, 1)
    assert renderer.kept("shown.html", x=Markup("<b>")) == "<p><b></p>" and (store.hits, store.misses) == (1, 2)
    assert cache.key("<b>") != cache.key(Markup("<b>"))
    assert Renderer([tmp_path / "t"]).kept("shown.html", x="<i>") == "<p>&lt;i&gt;</p>"  # no cache: rendered


# `mkdocs build` as the command line runs it, saying at its end which of the libraries a build needs only to make
# what the cache keeps (the icons and the images' checks: Pillow; the feeds: feedgen, with lxml; the 繁體 of titles and
# summaries: OpenCC) it loaded.
_LOADED = """
import sys
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
try:
    cli()
finally:
    print("loaded:", *sorted(name for name in ("PIL", "feedgen", "lxml", "opencc") if name in sys.modules), file=sys.stderr)
"""


def _loaded(root: Path) -> tuple[list[str], dict[str, str]]:
    run = subprocess.run([sys.executable, "-c", _LOADED], cwd=root, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stderr.rsplit("loaded:", 1)[1].split(), tree(root / "site")


def test_a_build_whose_images_and_feeds_did_not_change_loads_neither_pillow_nor_feedgen(tmp_path):
    """The site's icons, each image's check and the feeds are kept in the build cache (kinds `icon`, `image`,
    `feeds`): a build where none of them changed writes the same files without the libraries that make them; one
    where an image changed looks at it again; one where only what a feed shows changed (an essay's summary) writes
    the feeds again, and nothing of Pillow."""
    from PIL import Image

    project = make_project(tmp_path / "proj")
    project.essay("essay-1")
    Image.new("RGB", (40, 30), "gray").save(project.docs / "essays/essay-1/still.png")
    record_images(project.docs / "essays/essay-1", "still.png")
    first, site = _loaded(project.root)
    assert first == ["PIL", "feedgen", "lxml", "opencc"]
    again, same = _loaded(project.root)
    assert again == [] and same == site
    # An image is in every key (the fingerprint): changed, it is looked at again, and everything else made again.
    Image.new("RGB", (40, 30), "white").save(project.docs / "essays/essay-1/still.png")
    image, _ = _loaded(project.root)
    assert image == ["PIL", "feedgen", "lxml", "opencc"]
    en = project.docs / "essays/essay-1/index.en.md"
    summary = EN.split("summary: ", 1)[1].split("\n", 1)[0]
    en.write_text(en.read_text(encoding="utf-8").replace(summary, "A summary the feeds now show."), encoding="utf-8")
    feeds, changed = _loaded(project.root)
    assert feeds == ["feedgen", "lxml"]  # its page made again, its Chinese text found converted (kind `hant-page`)
    assert "A summary the feeds now show." in (project.root / "site/feed.en.atom").read_text(encoding="utf-8")
    assert changed["feed.en.atom"] != site["feed.en.atom"] and changed["feed.rss"] != site["feed.rss"]


def test_the_traditional_titles_a_build_shows_are_kept_and_follow_the_phrase_table(tmp_path):
    """The 繁體 of the titles, summaries and labels a build shows is kept in the build cache (kind `hant`, one entry):
    a build where none of them changed loads no OpenCC and writes the same site. A phrase added to the table
    (docs/hant-phrases.yml) is in every key: the 繁體 follows it, as a cold build's does. An essay page built again
    after an edit of its English finds its Chinese text converted (kind `hant-page`)."""
    project = make_project(tmp_path / "proj")
    project.essay("essay-1")
    home = lambda: (project.root / "site/index.html").read_text(encoding="utf-8")  # noqa: E731  # its list, in 繁體 too
    first, site = _loaded(project.root)
    assert "opencc" in first and "等待的形狀" in home()
    again, same = _loaded(project.root)
    assert "opencc" not in again and same == site
    (project.docs / "hant-phrases.yml").write_text("terms:\n  形状: 形貌\n", encoding="utf-8")
    _, changed = _loaded(project.root)
    assert "等待的形貌" in home() and "等待的形狀" not in home()
    assert changed == cold(project.root, tmp_path / "cold")
    kept, same = _loaded(project.root)
    assert "opencc" not in kept and same == changed
    # An essay edited in its English only: its page is built again, and its Chinese text found converted (kind
    # `hant-page`, an entry an essay).
    en = project.docs / "essays/essay-1/index.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("The opening paragraph", "The first paragraph"), encoding="utf-8")
    english, edited = _loaded(project.root)
    assert "opencc" not in english and edited["essays/essay-1/index.html"] != same["essays/essay-1/index.html"]
    assert edited == cold(project.root, tmp_path / "cold2")
