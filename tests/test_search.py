"""Site search: the terms, the sections of a page, the cut-up index, and searching in Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EN, ZH, build, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from slowcinema.search import build as search_build
from slowcinema.search import extract, index, tokens
from slowcinema.web.cache import BuildCache

SLUG = "the-shape-of-waiting"


# -- terms -------------------------------------------------------------------------------------
def test_han_runs_give_pairs_and_their_last_character():
    assert tokens.terms("长镜头") == ["长镜", "镜头", "头"] and tokens.terms("光") == ["光"]
    # Punctuation and Latin letters end a run: no pair spans them.
    assert "头a" not in tokens.terms("长镜头abc") and "头，" not in tokens.terms("镜头，时间")
    assert "头时" not in tokens.terms("镜头，时间")
    assert tokens.terms("镜・头") == ["镜", "头"]  # the katakana middle dot is in a Han range, and not a letter


def test_words_are_normalised_and_common_words_left_out():
    assert tokens.terms("The Béla TARR, ＡＢ") == ["bela", "tarr", "ab"]
    assert tokens.terms("of the and") == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab Z9_,.-·・长镜头の한Éé\u0301ＡＢ①²\u3400\u4dbf\u9fff\uf900\u30ff\uac00\ud7a3\ud7af\u00a0\u200b",
               max_size=40) | st.text(max_size=40))
def test_terms_are_the_runs_made_into_terms(text):
    """`terms` takes shortcuts (an ASCII word has no Han to cut); it gives what the rules give from `runs`:
    a Han run's pairs and last character, any other word unless it is a common one. Letters outside the
    Han ranges and code points inside them that are not letters (・, unassigned ones) included."""
    expected = []
    for run in tokens.runs(text):
        if tokens.is_han(run):
            expected += [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]
        elif run not in tokens.STOP_WORDS:
            expected.append(run)
    assert tokens.terms(text) == expected


def test_shards_and_file_names():
    assert tokens.shard("镜头") == "镜" and tokens.shard("passes") == "pa" and tokens.shard("x") == "x"
    assert tokens.shard_file("pa") == "pa" and tokens.shard_file("镜") == "u955c"


# -- sections of a page ------------------------------------------------------------------------
BILINGUAL = """
<article class="sca-essay">
  <header><h1><span lang="zh-Hans">等待</span><span lang="zh-Hant">等待</span><span lang="en">Waiting</span></h1></header>
  <div class="sca-row"><div lang="zh-Hans"><p>开头一段。</p></div><div lang="zh-Hant"><p>開頭一段。</p></div>
    <div lang="en"><p>The opening.</p></div></div>
  <div class="sca-row" id="长镜头"><div lang="zh-Hans"><h2>长镜头<a class="headerlink" href="#长镜头">¶</a></h2></div>
    <div lang="zh-Hant"><h2 id="长镜头--hant">長鏡頭</h2></div><div lang="en"><h2 id="the-long-take">The long take</h2></div></div>
  <div class="sca-row"><div lang="zh-Hans"><p>时间在镜头里流过。</p></div><div lang="zh-Hant"><p>時間在鏡頭裡流過。</p></div>
    <div lang="en"><p>Time passes<br>in the shot.</p><script>var hidden = 1;</script></div></div>
  <aside data-search-exclude><p>not indexed</p></aside>
</article>
"""


def test_bilingual_page_has_a_section_per_language_and_no_generated_traditional_text():
    page_zh, page_en, zh, en = extract.extract(BILINGUAL, "fallback")
    # The page's own text, one section per language: a result's passage is in the query's language.
    assert page_zh == extract.Section("", "等待 · Waiting", "开头一段。", "zh")
    assert page_en == extract.Section("", "等待 · Waiting", "The opening.", "en")
    assert zh == extract.Section("长镜头", "长镜头", "时间在镜头里流过。", "zh")  # the row's anchor, no ¶
    assert en == extract.Section("the-long-take", "The long take", "Time passes in the shot.", "en")


def test_page_without_headings_uses_its_title():
    (page,) = extract.extract("<p>Only <em>this</em> text.</p>", "A page")
    assert page == extract.Section("", "A page", "Only this text.")


def test_what_a_page_leaves_out_of_its_sections():
    """Each rule of the module's docstring: scripts, styles and what is not text (an icon, a button, a form's
    choices, a template, a fallback for no script), permalink marks, what is marked data-search-exclude or
    hidden from assistive technology, and the generated 繁體 copy; a block, a <br/> or a change of language
    separates words; a section is reached by its heading's id, else the nearest id around it; an unclosed
    element ends with the one that holds it."""
    html = (
        '<p>开头<br/>一段<script>var 脚本 = "<p>";</script><style>p{}</style></p>'
        '<p>Icon<svg><text>图标</text></svg> button<button>按钮</button><select><option>选项</option></select>'
        '<template>模板</template><noscript>无脚本</noscript><span aria-hidden="true">隐藏</span>'
        '<span data-search-exclude>排除</span><span lang="zh-Hant">繁體</span>.</p>'
        '<div id="row"><h2>第一节<br>上<a class="headerlink" href="#">¶</a></h2><p>第一节的<em>文字</em></p>'
        '<div><p>未闭合的段落</div><p>后面的段落</p></div>'
        '<h3 id="two" lang="en">Two</h3><p lang="en">Text<span lang="zh">中文</span>after.</p>'
    )
    assert extract.extract(html, "页") == [
        extract.Section("", "页", "中文", "zh"),  # in a language whose stream has no section yet: the page's own
        extract.Section("", "页", "开头 一段 Icon button .", ""),
        extract.Section("row", "第一节 上", "第一节的 文字 未闭合的段落 后面的段落", ""),  # each text a word apart
        extract.Section("two", "Two", "Text after.", "en"),
    ]


# -- the cut-up index ---------------------------------------------------------------------------
def _decode(postings: list[int]) -> list[tuple[int, int]]:
    out, doc = [], 0
    for i in range(0, len(postings), 2):
        doc += postings[i]
        out.append((doc, postings[i + 1]))
    return out


def test_index_files_point_each_term_at_its_sections():
    first = index.page("a/", extract.extract(BILINGUAL, "x"))
    second = index.page("b/", extract.extract("<h1>镜头</h1><p>x</p><h2 id='s'>Shot</h2><p>passes passes</p>", "y"))
    files = index.files([first, second], {"separator": " "})
    meta = json.loads(files["sca/meta.json"])
    assert meta["pages"] == [["a/", "等待 · Waiting", 0], ["b/", "镜头", 0]]
    assert meta["starts"] == [0, 4] and meta["docs"] == 6
    assert "镜" in meta["shards"] and "pa" in meta["shards"]
    assert meta["t2s"]["鏡"] == "镜" and meta["t2s"]["頭"] == "头"
    shard = json.loads(files["sca/t/u955c.json"])
    # 镜头: in a's Chinese section, heading and text (doc 2), and in b's title (doc 4).
    assert _decode(shard["镜头"]) == [(2, index.TITLE_WEIGHT + 1), (4, index.TITLE_WEIGHT)]
    assert _decode(json.loads(files["sca/t/pa.json"])["passes"]) == [(3, 1), (5, 2)]
    assert json.loads(files["sca/p/1.json"]) == [["", "镜头", "x", ""], ["s", "Shot", "passes passes", ""]]
    assert meta["s2t"]["镜"] == "鏡"
    assert index.tier("essays/a/") == 2 > index.tier("clips/g/") == 1 > index.tier("tags/light/") == index.tier("") == 0
    assert json.loads(files["search_index.json"]) == {"config": {"separator": " "}, "docs": []}
    # Shards are written from the postings' arrays by hand: exactly the compact JSON of their content;
    # the version is the hash of every other file's text, in the order of their paths.
    for rel, text in files.items():
        assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")), rel
    rest = "".join(files[k] for k in sorted(files) if k not in ("sca/meta.json", "search_index.json"))
    assert meta["v"] == hashlib.sha256(rest.encode()).hexdigest()[:12]


def test_a_count_in_the_text_is_capped_and_a_title_outweighs_it():
    (p,) = index.page("t/", [extract.Section("", "光", "光。" * 50)]).postings
    assert dict(zip(p[1].split(" "), p[2]))["光"] == index.TEXT_CAP + index.TITLE_WEIGHT


_INDEX_OF = """
import hashlib, json, os, sys, time
from pathlib import Path
from slowcinema.search import build
from slowcinema.web.cache import BuildCache
if sys.argv[1] == "here":
    build.second_process = lambda handed: None
if sys.argv[1] == "slow-there":  # the second process slow at each entry and block: this one makes most of them
    from slowcinema.search import index
    here, made_entry, made_block = os.getpid(), build.entry, index.block
    def slow(made):
        def slowly(*args):
            if os.getpid() != here:
                time.sleep(0.05)
            return made(*args)
        return slowly
    build.entry, index.block = slow(made_entry), slow(made_block)
pages, folder = json.loads(sys.stdin.read()), Path(sys.argv[2])
made = build.IndexBuild(False, log=None)
made.start(BuildCache(Path(sys.argv[3]), "fingerprint"))
made.write_beside([(url, url, html, frozenset({"zh-Hant"})) for url, html in pages], [url for url, _ in pages], " ", folder)
made.wait()
made.finish()
assert made.pool is None  # the second process is ended
print(json.dumps([build.made_beside, build.helped + 1000 * build.helped_blocks, made.store.hits, made.store.misses,
                  {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in sorted(folder.rglob("*")) if p.is_file()}]))
"""


def test_an_index_made_in_a_second_process_is_the_one_made_here(tmp_path):
    """In a process of one thread, as `mkdocs build` runs (the test's own process may run others): the index
    made in a forked process, and in a thread where there is none, is the same, and the entries it made
    are counted in this process's build cache, once each. Where the second process is slow, this one makes
    the entries from the last page back while it waits, and then the blocks of their postings: the same index,
    each entry still counted once."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs a machine with two cores, as the build's second process does")
    # Twelve pages in three blocks of postings: addresses chosen so that blocks end at the fourth and the eighth.
    urls = [next(url for k in range(10_000) if index.block_ends(url := f"essays/e{n}-{k}/") == (n in (3, 7)))
            for n in range(12)]
    pages = [(url, BILINGUAL.replace("等待", f"等待{n}").replace("Waiting", f"Waiting {n}")) for n, url in enumerate(urls)]

    def index_of(where: str) -> tuple[int, int, int, int, dict[str, str]]:
        run = subprocess.run([sys.executable, "-c", _INDEX_OF, where, str(tmp_path / where), str(tmp_path / f"{where}-cache")],
                             input=json.dumps(pages), capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        return tuple(json.loads(run.stdout))

    blocks = len(index.blocks([index.page(url, []) for url, _ in pages]))
    alone, beside, slow = index_of("here"), index_of("beside"), index_of("slow-there")
    meta = json.loads((tmp_path / "here" / "sca/meta.json").read_text(encoding="utf-8"))
    made = 12 + blocks + len({index.bucket(key) for key in meta["shards"]}) + 1  # the groups of shards' files, the tables
    assert alone[:4] == (0, 0, 0, made)  # the entries, their postings' blocks and the shards: all made here
    assert beside[0] == 1 and beside[2:4] == (0, made)
    assert blocks == 3 and alone[1] == 0
    # Most entries made here, and then the blocks of their postings from the last one back.
    assert slow[0] == 1 and slow[1] % 1000 >= 6 and slow[1] // 1000 >= 1 and slow[2:4] == (0, made)
    assert beside[4] == alone[4] == slow[4] and len(alone[4]) > 10


def test_a_serve_rebuild_writes_only_the_index_files_that_changed_and_ends_as_a_whole_write(tmp_path):
    """A word added to one page's paragraph, as in `make serve`: its shards and its page file are written
    again, the rest of the index is left as it was, and the folder ends as a whole write of the new pages."""
    words = ["amber", "birch", "cedar", "dune", "ember", "fjord"]  # each page's own word, in its own shard
    pages = [(f"essays/e{n}/", BILINGUAL.replace("The opening.", f"The opening {word}.")) for n, word in enumerate(words)]
    edited = [(url, html.replace("The opening", "The opening quietly") if n == 2 else html) for n, (url, html) in enumerate(pages)]
    urls = [url for url, _ in pages]

    def write(made, folder: Path, version: list) -> None:
        made.start()
        for url, html in version:
            made.page(url, url, html, frozenset())
        made.write(urls, " ", folder)
        made.finish()

    serving = search_build.IndexBuild(True, log=None)
    write(serving, tmp_path / "serve", pages)
    for path in (tmp_path / "serve").rglob("*.json"):
        os.utime(path, ns=(1, 1))  # every file of the first write marked
    write(serving, tmp_path / "serve", edited)
    files = {p.relative_to(tmp_path / "serve").as_posix(): p for p in (tmp_path / "serve").rglob("*.json")}
    touched = {rel for rel, p in files.items() if p.stat().st_mtime_ns != 1}
    assert {"sca/p/2.json", "sca/t/qu.json"} <= touched  # the page's text and its new word's shard
    assert not touched & {"sca/p/0.json", "sca/t/am.json", "sca/t/bi.json", "sca/t/fj.json"}  # the other pages' words
    write(search_build.IndexBuild(False, log=None), tmp_path / "whole", edited)
    read = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}  # noqa: E731
    assert read(tmp_path / "serve") == read(tmp_path / "whole")


def test_blocks_are_cut_by_address_so_an_added_page_changes_one_block():
    pages = [index.page(f"essays/e{n}/", []) for n in range(400)]
    cut = index.blocks(pages)
    assert [p for b in cut for p in b] == pages and 3 < len(cut) < 30
    assert all(index.block_ends(b[-1].url) for b in cut[:-1]) and not any(index.block_ends(p.url) for b in cut for p in b[:-1])
    added = next(url for n in range(1000) if not index.block_ends(url := f"essays/new{n}/"))
    grown = index.blocks(pages[:200] + [index.page(added, [])] + pages[200:])
    urls = lambda blocks: {tuple(p.url for p in b) for b in blocks}  # noqa: E731
    assert len(urls(grown) - urls(cut)) == 1 and len(urls(cut) - urls(grown)) == 1


def test_an_index_joined_from_kept_blocks_is_the_one_made_afresh(tmp_path):
    """The build cache keeps the index's blocks of postings: after one page is edited, or one added, the
    next build makes that page's entry and its block again, and joins the other blocks as they are, into
    the index a build with no cache makes. It reads the entries of that block only; the others stay in the
    cache for a later edit (pruning keeps them). It keeps the shards' files too, in groups, by their parts in the
    blocks: only the groups of the shards whose parts changed are joined again (after the edit, its new word's)."""
    words = "amber birch cedar dune ember fjord grove heath".split()
    pages = [(f"essays/e{n}/", BILINGUAL.replace("The opening.", f"The opening {words[n % 8]} {n}.")
              .replace("时间", f"时间{n % 7}")) for n in range(300)]
    added = next(url for n in range(1000) if not index.block_ends(url := f"essays/new{n}/"))

    def write(version, folder: Path, cache_folder: Path | None) -> tuple[int, int, int, int]:
        made = search_build.IndexBuild(False, log=None)
        made.start(BuildCache(cache_folder, "fingerprint"))
        made.whole([(url, url, html, frozenset()) for url, html in version], [url for url, _ in version], " ", folder, None)
        made.finish()
        groups = sum(1 for path in made.store.wrote if BuildCache.kind_of(path) == search_build.SHARDS)
        return made.store.hits, made.store.misses, made.store.prune(), groups

    read = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}  # noqa: E731

    def shards(folder: Path) -> dict[str, tuple[int, bytes]]:  # each shard's file: its group, its bytes
        keys = json.loads((folder / "sca/meta.json").read_text(encoding="utf-8"))["shards"]
        return {key: (index.bucket(key), (folder / f"sca/t/{tokens.shard_file(key)}.json").read_bytes()) for key in keys}

    blocks = len(index.blocks([index.page(url, []) for url, _ in pages]))
    hits, misses, removed, groups = write(pages, tmp_path / "first", tmp_path / "cache")
    first = shards(tmp_path / "first")
    assert (hits, misses, removed) == (0, 300 + blocks + groups + 1, 0)  # and the tables between the scripts
    assert groups == len({group for group, _ in first.values()}) > 20 and len(first) > groups  # some groups of several
    edited = [(url, html.replace("The opening", "The opening quietly") if n == 150 else html) for n, (url, html) in enumerate(pages)]
    grown = edited[:100] + [(added, BILINGUAL.replace("The opening.", "The opening anew."))] + edited[100:]  # after it
    for name, version, at in (("edited", edited, 150), ("grown", grown, 100)):
        size = len(next(r for r in index.block_ranges([url for url, _ in version]) if at in r))  # the changed block
        last = shards(tmp_path / ("first" if name == "edited" else "edited"))
        hits, misses, removed, joined = write(version, tmp_path / name, tmp_path / "cache")
        now = shards(tmp_path / name)
        changed = {group for key, (group, text) in now.items() if last.get(key, (None, None))[1] != text}
        had = {group for group, _ in last.values()}
        # The page's entry and its block made again, and the groups of the shards whose files changed; the block's
        # other entries read, the other blocks and groups found, and the tables between the scripts (the same
        # characters); what the page, its block and those groups were removed (the edited page's entry), the other
        # entries kept.
        assert joined == len(changed) and (misses, hits, removed) == (
            2 + joined, size - 1 + blocks - 1 + len({group for group, _ in now.values()}) - joined + 1,
            (2 if name == "edited" else 1) + len(changed & had)), name
        if name == "edited":  # its one new word's shard, of dozens
            assert [key for key in now if key not in last or now[key] != last[key]] == ["qu"]
            assert joined == 1
        assert len(list((tmp_path / "cache" / search_build.ENTRY).rglob("*.json"))) == len(version), name
        write(version, tmp_path / f"{name}-afresh", None)  # no cache
        assert read(tmp_path / name) == read(tmp_path / f"{name}-afresh") != read(tmp_path / "first"), name


# -- a built site ---------------------------------------------------------------------------------
HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search") / "proj"
    p = make_project(root)
    p.essay(SLUG)
    # Contributor text that looks like markup reaches the index as text (Markdown escapes it).
    p.essay("hostile", zh=ZH.replace("等待的形状", "敌意").replace("开头的第一段", "开头的第一段 `" + HOSTILE + "`"),
            en=EN.replace("The Shape of Waiting", "Hostile"))
    result = build(root)
    assert result.ok, result.log
    return result.site


def test_built_index_lists_each_essay_once_without_traditional_copies(site: Path):
    meta = json.loads((site / "search/sca/meta.json").read_text())
    urls = [u for u, _, _ in meta["pages"]]
    assert urls.count(f"essays/{SLUG}/") == 1 and len(urls) == len(set(urls))
    n = urls.index(f"essays/{SLUG}/")
    sections = json.loads((site / f"search/sca/p/{n}.json").read_text())
    text = json.dumps(sections, ensure_ascii=False)
    assert "长镜头" in text and "time passes in the shot" in text
    assert "長鏡頭" not in text  # the generated 繁體 copy is not indexed twice
    anchors = [a for a, _, _, _ in sections]
    assert "长镜头" in anchors and "the-long-take" in anchors
    # Material's interface gets a config and no documents: nothing heavy on page load.
    assert json.loads((site / "search/search_index.json").read_text())["docs"] == []


def test_pages_name_our_worker_not_materials(site: Path):
    html = (site / f"essays/{SLUG}/index.html").read_text()
    config = json.loads(html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])
    assert config["search"].startswith("../../assets/sca/search.") and config["search"].endswith(".js")
    worker = (site / f"essays/{SLUG}" / config["search"]).resolve()
    # Material starts it on every page: the loader, which fetches the search itself (beside it) at the first query.
    assert worker.is_file() and worker.stat().st_size < 2000 and "importScripts" in worker.read_text()
    engine = worker.with_name(re.search(r'var ENGINE = "(search\.[0-9a-f]{10}\.js)";', worker.read_text()).group(1))
    assert "self.scaQuery" in engine.read_text()
    assert "workers/search." not in html and 'class="md-search"' in html


# -- in Chromium ------------------------------------------------------------------------------------
def _search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    if box.input_value():  # the last query's results gone first, so those found are this query's
        box.fill("")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=10000)
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)


def _open(chromium, url: str):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(url)
    return page


@pytest.mark.browser
def test_nothing_of_the_index_loads_until_the_reader_types(chromium, site, serve):
    base = serve(site)
    page = _open(chromium, f"{base}/essays/{SLUG}/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "/search/sca/" in u]
    assert len([u for u in page.requests if "/assets/sca/search." in u]) == 1  # the worker's small loader, and only it
    _search(page, "长镜头")
    assert len([u for u in page.requests if "/assets/sca/search." in u]) == 2  # and the search itself, at the query
    fetched = [u.split("/search/sca/")[1] for u in page.requests if "/search/sca/" in u]
    assert fetched[0] == "meta.json" and all(f.startswith(("meta.json", "t/", "p/")) for f in fetched)
    # The table, the shards of 长 and 镜, and the passages of the results shown with text.
    shards = sorted(f.split("?")[0] for f in fetched if f.startswith("t/"))
    assert shards == ["t/u955c.json", "t/u957f.json"], fetched
    results = page.locator(".md-search-result__item").count()
    assert len([f for f in fetched if f.startswith("p/")]) == min(results, 10), fetched
    assert all(u.startswith(base) for u in page.requests)
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [
    ("镜头", "长镜头"),        # a word inside a longer one
    ("镜", "镜"),              # one character, inside a word
    ("長鏡頭", "长镜头"),      # typed in Traditional characters
    ("pass", "passes"),        # a prefix, as typed
    ("Béla", None),            # nothing: says so
])
def test_queries(chromium, site, serve, query, expected):
    base = serve(site)
    page = _open(chromium, f"{base}/?lang=zh")  # the interface speaks the reading mode's language
    if expected is None:
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")
        page.locator(".md-search-result__meta").filter(has_text="没有找到").wait_for(timeout=10000)
        return
    _search(page, query)
    found = page.locator(".md-search-result__item").filter(has=page.locator(f'a[href^="{base}/essays/{SLUG}/"]'))
    assert found.count() == 1
    marks = found.locator("mark").all_inner_texts()
    assert any(expected.startswith(m) or m.startswith(query.lower()) for m in marks), marks
    page.context.close()


@pytest.mark.browser
def test_markup_in_contributor_text_is_shown_as_text_in_results(chromium, site, serve):
    base = serve(site)
    page = _open(chromium, f"{base}/")
    _search(page, "onerror")
    result = page.locator(".md-search-result__item").filter(has_text="Hostile")  # its title in the query's language
    assert HOSTILE in result.inner_text()
    assert result.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.context.close()


# -- the real archive: what a reader finds first ------------------------------------------------------
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real archive (docs/, mkdocs.yml, overrides/), built once into a temporary folder."""
    import shutil

    root = tmp_path_factory.mktemp("real") / "proj"
    root.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = build(root)
    assert result.ok, result.messages("ERROR") + result.messages("WARNING")
    return result.site


FIRST = [  # (query, the first result's address)
    ("长镜头", "essays/what-slow-cinema-is/"),     # the essay on the long take, not the home page or the tag
    ("时间", "manifesto/slow-films/"),             # an essay or manifesto, not a tag page
    ("镜", "essays/what-slow-cinema-is/"),         # one character inside words
    ("光", "essays/plastic-and-presence/"),
    ("死时间", "essays/what-slow-cinema-is/"),     # a word inside sentences, above its tag page
    ("戛纳", "essays/the-pull-of-the-average/"),
    ("長鏡頭", "essays/what-slow-cinema-is/"),     # 繁體 input
    ("坎城", "essays/the-pull-of-the-average/"),   # Taiwan's word for 戛纳 finds the Simplified text
    ("視頻", "manifesto/slow-films/"),             # 繁體 characters of a Simplified word
    ("等待的形狀", "essays/what-slow-cinema-is/"),  # a title, partly in 繁體
    ("long take", "essays/what-slow-cinema-is/"),
    ("pass", "manifesto/slow-films/"),             # a prefix of "passing"
    ("tarkovsky", "essays/plastic-and-presence/"),
    ("bresson", "essays/the-pull-of-the-average/"),
    ("averag", "essays/the-pull-of-the-average/"),  # a prefix of a title word
    ("dead time", "essays/what-slow-cinema-is/"),
    ("slow", "manifesto/slow-films/"),
    ("lossy", "essays/the-lossy-prompt/"),
    ("deciding", "essays/the-deciding-hand/"),
    ("middle layer", "essays/the-middle-layer/"),
]
SIMPLIFIED_ONLY = "长镜头时间头间镜东们这说发对过"  # characters that 繁體 text never has


@pytest.mark.browser
def test_the_first_result_is_what_a_reader_wants(chromium, real_site, serve):
    base = serve(real_site)
    page = _open(chromium, f"{base}/?lang=zh")
    for query, expected in FIRST:
        _search(page, query)
        first = page.locator(".md-search-result__item").first
        href = first.locator("a").first.get_attribute("href")
        assert href.split("?")[0] == f"{base}/{expected}", (query, href)
        shown = " ".join(first.locator("article").all_inner_texts())  # the results, not the interface
        assert first.locator("mark").count() >= 1, (query, shown)
        if not tokens.is_han(query):  # an English query reads English passages and titles
            assert not [c for c in shown if tokens.is_han(c)], (query, shown)
        if query in ("長鏡頭", "視頻", "等待的形狀"):  # a 繁體 query reads 繁體
            assert not set(shown) & set(SIMPLIFIED_ONLY), (query, shown)
            marks = first.locator("mark").all_inner_texts()  # 視頻 is marked as Taiwan writes it: 影片
            assert any(m in query or m == "影片" for m in marks), (query, marks)
    page.context.close()


def test_an_index_that_cannot_be_made_beside_the_build_fails_it(project, monkeypatch):
    """`mkdocs build` makes the index in a thread while the site is written (IndexBuild.write_beside): what
    stops it stops the build, in the build's thread."""
    from slowcinema.search import index as search_index

    def broken(*args, **kwargs):
        raise OSError("no space left for the index")

    project.essay("the-shape-of-waiting")
    monkeypatch.setattr(search_index, "join", broken)
    result = build(project.root)
    assert not result.ok
    assert any("no space left for the index" in m for m in result.messages("ERROR")), result.log
