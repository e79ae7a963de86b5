"""Each bundle's language files converted from Markdown once and kept between builds
(slowcinema_mkdocs.kept): a build reuses the conversion of every file whose Markdown, address and
site are unchanged, converts again the one that was edited, and never keeps a conversion that said
something (a warning, a problem) or left a component for later (a timeline block). Real builds of a
small archive; the site of a build that reused conversions is compared with a build from nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EN, ZH, build, make_project
from slowcinema.web import cache
from test_cache import cold, tree, with_hooks

KEPT = ".cache/slowcinema/markdown"


def kept(root: Path) -> dict[str, dict]:
    """The kept conversions: entry file name -> payload."""
    out = {}
    for path in sorted((root / KEPT).rglob("*.json")):
        header, _, payload = path.read_bytes().partition(b"\n")
        assert header == f"{cache.FORMAT} {hashlib.sha256(payload).hexdigest()}".encode()  # JSON, not text
        out[path.name] = json.loads(payload)
    return out


def project_with(root: Path, **essays: tuple[str, str]):
    p = make_project(root)
    for slug, (zh, en) in essays.items():
        p.essay(slug, zh, en)
    return p


def test_only_the_edited_language_file_is_converted_again(tmp_path):
    root = tmp_path / "p"
    p = project_with(root, **{"one": (ZH, EN), "two": (ZH, EN.replace("The opening paragraph", "Another opening"))})
    first = build(root)
    assert first.ok, first.messages()
    before = kept(root)
    assert len(before) == 4  # two essays, two languages each
    p.write("essays/two/index.en.md", EN.replace("Second paragraph", "Second, edited paragraph"))
    again = build(root)
    assert again.ok, again.messages()
    after = kept(root)
    assert len(after) == 4 and len(set(before) - set(after)) == 1 and len(set(after) - set(before)) == 1
    new = after[next(iter(set(after) - set(before)))]
    assert "Second, edited paragraph" in new["content"]
    assert tree(again.site) == cold(root, tmp_path / "cold")


def test_a_kept_conversion_is_what_the_next_build_publishes(tmp_path):
    """The proof that a kept conversion is used rather than made again: an entry altered in the cache (with a
    sound digest) comes out in the page. (A damaged one is rebuilt: tests/test_cache.py.) What is made from the
    conversion is removed, to be made again: it is kept by the conversion's key (slowcinema.web.cache.Made), so
    found as it was, it would hide the altered conversion."""
    root = tmp_path / "p"
    project_with(root, one=(ZH, EN))
    assert build(root).ok
    _tamper(root, "markdown", "The opening paragraph", "A paragraph from the cache", field="content")
    for kind in ("clean", "essay", "frame", "final"):
        shutil.rmtree(root / ".cache/slowcinema" / kind, ignore_errors=True)
    again = build(root)
    assert again.ok, again.messages()
    assert "A paragraph from the cache" in again.page("essays/one/index.html")


def test_a_conversion_that_warns_is_not_kept_and_warns_every_build(tmp_path):
    root = tmp_path / "p"
    project_with(root, one=(ZH, EN + "\nSee [the notes](notes.md).\n"))
    for n in (1, 2):
        result = build(root, strict=False)
        assert result.ok, result.messages()
        warned = [m for m in result.messages("WARNING") if "notes.md" in m]
        assert warned, (n, result.messages("WARNING"))
        assert len(kept(root)) == 1  # the Chinese file only


def test_a_quiet_build_keeps_no_conversion_whose_warning_it_did_not_hear(tmp_path):
    """`mkdocs build -q` logs no warning, so a conversion that warned seems silent to it: it keeps none, and the
    next build still says the warning."""
    root = tmp_path / "p"
    project_with(root, one=(ZH, EN + "\nSee [the notes](notes.md).\n"))
    quiet = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True,
                           timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert quiet.returncode == 0 and "notes.md" not in quiet.stderr, quiet.stderr[-3000:]
    assert kept(root) == {}
    result = build(root, strict=False)
    assert result.ok and [m for m in result.messages("WARNING") if "notes.md" in m], result.messages("WARNING")
    assert len(kept(root)) == 1  # the Chinese file only, kept by the build that hears


def test_a_timeline_block_is_drawn_afresh_every_build(tmp_path):
    """A `/// timeline` block waits in the build's stash under a key of its own: the page is never kept."""
    block = "\n/// timeline\n    kind: essay\n///\n"
    root = tmp_path / "p"
    project_with(root, one=(ZH + block, EN + block), two=(ZH, EN))
    first = build(root)
    assert first.ok, first.messages()
    assert len(kept(root)) == 2  # the essay without a block
    again = build(root)
    assert again.ok, again.messages()
    page = again.page("essays/one/index.html")
    assert page.count('class="sca-tl sca-tl-embed"') == 3 and "sca-component" not in page
    assert tree(again.site) == tree(first.site)


def test_a_link_to_an_essay_that_becomes_a_draft_is_reported_again(tmp_path):
    root = tmp_path / "p"
    p = project_with(root, one=(ZH, EN.replace("Second paragraph", "As [the other essay](../two/) says, the second paragraph")),
                     two=(ZH, EN))
    assert build(root).ok
    p.write("essays/two/index.zh.md", ZH.replace("original: zh", "original: zh\ndraft: true"))
    result = build(root)
    assert not result.ok
    assert any(m.startswith("slowcinema: docs/essays/one/index.en.md:") and "leads to a draft" in m
               for m in result.messages("WARNING")), result.messages()


def test_a_script_in_an_essay_is_reported_by_every_build_and_never_published(tmp_path):
    """The cleaning of a page is kept too (kind "clean"), with what it found: said again by each build."""
    root = tmp_path / "p"
    project_with(root, one=(ZH, EN.replace("Second paragraph", 'Second <script>alert("x")</script> paragraph')))
    for n in (1, 2):
        result = build(root, strict=False)
        assert result.ok, result.messages()
        assert any("docs/essays/one/index.en.md:" in m and "script" in m for m in result.messages("WARNING")), (n, result.log)
        assert "alert(" not in result.page("essays/one/index.html")
    assert list((root / ".cache/slowcinema/clean").rglob("*.json"))


def test_a_bundle_with_a_problem_is_read_and_reported_by_every_build(tmp_path):
    root = tmp_path / "p"
    project_with(root, one=(ZH.replace("tags: [long-take]", "tags: [long-takes]"), EN), two=(ZH, EN))
    for n in (1, 2):
        result = build(root)
        assert not result.ok
        assert any("docs/essays/one/index.zh.md:" in m and "long-takes" in m for m in result.messages("ERROR")), (n, result.log)
    assert len(list((root / ".cache/slowcinema/bundle").rglob("*.json"))) == 1  # the sound one only


def _tamper(root: Path, kind: str, old: str, new: str, field: str | None = None) -> None:
    """Replace `old` by `new` in one entry of `kind` that holds it, written again by the cache itself (a sound digest)."""
    store = cache.BuildCache(root / ".cache/slowcinema", "")  # the key is the file's name: no fingerprint asked
    for path in (root / ".cache/slowcinema" / kind).rglob("*.json"):
        found, value = store.get(kind, path.stem)
        assert found, path
        text = value[field] if field else value
        if isinstance(text, str) and old in text:
            text = text.replace(old, new)
            store.put(kind, path.stem, {**value, field: text} if field else text)
            return
    raise AssertionError(f"no {kind} entry holds {old!r}")


def test_a_kept_frame_is_what_the_next_build_publishes_after_its_last_pass(tmp_path):
    """An essay's page in the theme's frame is kept (kind "frame") where another plugin reads the pages' output
    after it (here MkDocs' hooks; otherwise its final pass is kept by the frame's key instead, and no frame is
    kept); the pass over the final page still runs."""
    root = tmp_path / "p"
    project_with(root, one=(ZH, EN))
    with_hooks(root, "def on_post_page(output, page, config):\n    return output\n")
    first = build(root)
    assert first.ok
    assert "<title>" in first.page("essays/one/index.html")
    _tamper(root, "frame", "The opening paragraph", "A frame from the cache")
    again = build(root)
    assert again.ok, again.messages()
    page = again.page("essays/one/index.html")
    assert "A frame from the cache" in page
    assert page.count("Content-Security-Policy") == first.page("essays/one/index.html").count("Content-Security-Policy")


def test_a_new_essay_changes_the_kept_pages_of_the_others_as_a_cold_build_would(tmp_path):
    """A new essay with the same tags joins the others' related entries, and the lists: nothing kept is stale."""
    root = tmp_path / "p"
    p = project_with(root, one=(ZH, EN), two=(ZH, EN.replace("The opening paragraph", "Another opening")))
    assert build(root).ok
    p.essay("three", ZH.replace("2026-11-02", "2026-11-20"), EN.replace("The opening paragraph", "A third opening"))
    again = build(root)
    assert again.ok, again.messages()
    assert "essays/three/" in again.page("essays/one/index.html") or "../three/" in again.page("essays/one/index.html")
    assert tree(again.site) == cold(root, tmp_path / "cold")


def test_the_front_matter_read_ahead_is_what_mkdocs_reads(tmp_path):
    """A whole build reads every bundle file's front matter at once, from one build-cache entry found by the YAML
    alone (`Keeper.read_front_matter`). Each page then gets what MkDocs' own `meta.get_data` gives: for YAML of
    every kind, for front matter that is not a mapping or not YAML, for a text another plugin changed since, and
    for values JSON cannot hold (read every build). Each page's data is its own, even where two share their YAML."""
    from mkdocs.utils import meta

    from slowcinema_mkdocs.kept import FRONT, Keeper

    sources = {
        "a.md": "---\ntitle: 等待\ndate: 2026-03-01\ntags: [light, time]\nnested: {n: 1, x: 0.5, ok: yes}\n---\n\n# A\n",
        "b.md": "---\ntitle: 等待\ndate: 2026-03-01\ntags: [light, time]\nnested: {n: 1, x: 0.5, ok: yes}\n---\n\nThe same.\n",
        "c.md": "---\n- a list\n---\nText.\n",
        "d.md": "---\ntitle: [never closed\n---\nText.\n",
        "e.md": "No front matter.\n",
        "f.md": "---\nwhen: 2026-03-01 10:00:00\n---\nText.\n",
    }
    odd = {"g.md": "---\nids: !!set {a, b}\n---\nText.\n"}

    def read(all_sources: dict[str, str], reading: dict[str, str]) -> tuple[dict, tuple[int, int]]:
        keeper = Keeper(cache.BuildCache(tmp_path / "c", "fp"), [])
        keeper.read_front_matter(all_sources)
        return {uri: keeper.front_matter(uri, text) for uri, text in reading.items()}, (keeper.cache.hits, keeper.cache.misses)

    for turn in range(2):
        got, counted = read(sources, sources)
        assert got == {uri: meta.get_data(text) for uri, text in sources.items()}, turn
        assert counted == ((0, 1) if turn == 0 else (1, 0))
        got["a.md"][1]["tags"].append("changed")
        assert got["b.md"][1]["tags"] == ["light", "time"]
    edited = dict(sources, **{"a.md": sources["a.md"] + "More text.\n"})  # the text edited: the same entry found
    got, counted = read(edited, edited)
    assert counted == (1, 0) and got["a.md"] == meta.get_data(edited["a.md"])
    changed = dict(sources, **{"b.md": sources["b.md"].replace("等待", "光")})  # by another plugin after on_nav
    got, _ = read(sources, changed)
    assert got["b.md"] == meta.get_data(changed["b.md"]) and got["b.md"][1]["title"] == "光"
    for turn in range(2):  # a set: kept nowhere, read as MkDocs reads it each time
        got, counted = read(sources | odd, sources | odd)
        assert got == {uri: meta.get_data(text) for uri, text in (sources | odd).items()} and counted == (0, 1), turn
    assert len(list((tmp_path / "c" / FRONT).rglob("*.json"))) == 1


EXTRAS = """
A claim with a note.[^1]

!!! note "{aside}"
    {aside}: text in a box.

??? note "{more}"
    {more}: text folded away.

/// details | {more}
{more}: a block folded away.
///

## {heading}

{heading}: the heading again, and so its address.

[^1]: {note}
"""


def test_a_kept_page_converts_as_mkdocs_converts_it_one_page_after_another(tmp_path):
    """A kept page converts on one Markdown object per build, reset between pages (Keeper.markdown), where MkDocs
    makes one per page. Three essays whose footnotes, repeated headings, boxes and folded blocks would number on
    from one page to the next if anything were left over: each page's HTML and table of contents are the ones
    MkDocs' own Page.render gives it, compared by a hook as the build converts them."""
    root = tmp_path / "p"
    zh = ZH + EXTRAS.format(aside="旁注", more="更多", heading="长镜头", note="注释。")
    en = EN + EXTRAS.format(aside="Aside", more="More", heading="The long take", note="The note.")
    project_with(root, one=(zh, en), two=(zh, en), three=(zh, en))
    with_hooks(root, "import copy, json\n"
                     "from pathlib import Path\n"
                     "from mkdocs.plugins import event_priority\n"
                     "from mkdocs.structure.pages import Page\n"
                     "from slowcinema_mkdocs.kept import KeptPage\n\n"
                     "@event_priority(1000)  # before any plugin: the page's HTML as converted\n"
                     "def on_page_content(html, page, config, files):\n"
                     "    if isinstance(page, KeptPage):\n"
                     "        mkdocs = copy.copy(page)\n"
                     "        Page.render(mkdocs, config, files)\n"
                     "        out = Path(config.config_file_path).parent / 'compared.jsonl'\n"
                     "        with out.open('a', encoding='utf-8') as f:\n"
                     "            f.write(json.dumps([page.file.src_uri, html == mkdocs.content, str(page.toc) == str(mkdocs.toc),\n"
                     "                                page.title == mkdocs.title, 'fn:1' in html]) + '\\n')\n"
                     "    return html\n")
    result = build(root)
    assert result.ok, result.messages()
    compared = [json.loads(line) for line in (root / "compared.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(c[0] for c in compared) == sorted(f"essays/{s}/index.{l}.md" for s in ("one", "two", "three") for l in ("zh", "en"))
    assert all(c[1:] == [True, True, True, True] for c in compared), compared
