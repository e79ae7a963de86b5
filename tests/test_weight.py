"""The weight of an essay page: its HTML stays small for an essay of ordinary length, however many
other entries the archive holds; the final whitespace pass changes no text; the table from which the
reader's browser makes the generated 繁體 copy gives exactly OpenCC's text."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import REPO, build, make_project

from slowcinema.languages import hant, hant_copy
from slowcinema.web import conformance

# The requirement (the performance issue, target 3): an essay page's HTML under 40 KiB at any N.
# The issue counts that KiB as 1,000 bytes ("the requirement is 40,000"), the stricter of the two
# readings (40 x 1,024 = 40,960 is the benchmark's KiB), so that is the limit: 40,000 bytes of HTML,
# whatever else the archive holds (test_essay_page_weight_does_not_grow_with_the_archive).
REQUIREMENT_KIB = 40
KIB = 1000  # bytes, as the issue counts them
LIMIT = REQUIREMENT_KIB * KIB
# What the issue keeps: a first load (the page and all it references, gzipped) under 100 KiB.
FIRST_LOAD_LIMIT = 100 * KIB
PAGE = "essays/ordinary/index.html"

# Our own sentences, each in both languages, cycled into paragraphs of an ordinary essay's length.
SENTENCES = [
    ("长镜头不急着告诉观众该看什么，它把时间交还给观看的人。",
     "A long take is in no hurry to tell the viewer what to look at; it hands time back to whoever is watching."),
    ("画面里的人走出门外，摄影机却留在房间里，等着光线慢慢变化。",
     "The people in the frame walk out of the door, but the camera stays in the room, waiting for the light to change."),
    ("这样的等待起初让人不安，后来却成了一种专注。",
     "Waiting like this is unsettling at first, and later it becomes a kind of attention."),
    ("剪辑可以压缩一天，也可以让一分钟显得像一个季节那样长。",
     "An edit can compress a day, or make a single minute feel as long as a season."),
    ("我们在黑暗的放映厅里学会了呼吸的节奏，也学会了不去填满每一段沉默。",
     "In a dark screening room we learn the rhythm of breathing, and learn not to fill every silence."),
    ("生成的影像能模仿任何风格，却很难模仿一个人在现场等待的耐心。",
     "Generated images can imitate any style, but hardly the patience of someone waiting on location."),
    ("所谓慢，不是拖延，而是让每一个细节都有被看见的机会。",
     "Slowness is not delay; it gives every detail its chance to be seen."),
    ("当风吹过田野，草的起伏本身就是一段情节。",
     "When the wind crosses a field, the rise and fall of the grass is a plot of its own."),
]
SECTIONS = [("等待的形状", "The Shape of Waiting"), ("房间与光", "Rooms and Light"), ("剪辑之外", "Beyond the Cut"),
            ("机器的平均", "The Machine's Average"), ("留下来的时间", "The Time Left Over"), ("结语", "Coda")]
NOTES = [("这里说的是胶片时代的放映条件。", "This refers to screening conditions in the age of film prints."),
         ("引自一次映后谈的笔记。", "From notes taken at a post-screening discussion."),
         ("同一场景在不同版本中的长度并不相同。", "The same scene runs to different lengths in different versions.")]
ZH_CHARS, EN_WORDS = 2000, 1300


def _paragraphs(lang: int, count: int, budget: int, measure) -> list[str]:
    """`count` paragraphs of `budget` units (characters, words) in all, cycling through SENTENCES."""
    out, i, total = [], 0, 0
    for p in range(count):
        parts = []
        while total < budget * (p + 1) // count:
            parts.append(SENTENCES[i % len(SENTENCES)][lang])
            total += measure(parts[-1])
            i += 1
        out.append(("" if lang == 0 else " ").join(parts))
    return out


def _han(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z']+", text))


def essay_markdown() -> tuple[str, str]:
    """An ordinary essay: about 2,000 Chinese characters and 1,300 English words, six sections,
    three footnotes in each language."""
    per_section = 3
    blocks = 2 + per_section * len(SECTIONS)
    zh_paras = _paragraphs(0, blocks, ZH_CHARS, _han)
    en_paras = _paragraphs(1, blocks, EN_WORDS, _words)
    for n, at in enumerate((1, 6, 12), start=1):  # a note in the same paragraph of each language
        zh_paras[at] += f"[^{n}]"
        en_paras[at] += f"[^{n}]"
    zh = ["---", "title: 等待的形状：长镜头札记", "date: 2026-11-02", "authors: [editors]", "tags: [long-take, light]",
          "original: zh", "summary: 长镜头把时间交还给观看的人。", "---", ""]
    en = ["---", "title: \"The Shape of Waiting: Notes on the Long Take\"", "summary: A long take hands time back to the viewer.",
          "translators: [lin]", "---", ""]
    zh += [zh_paras[0], "", zh_paras[1], ""]
    en += [en_paras[0], "", en_paras[1], ""]
    for s, (zh_h, en_h) in enumerate(SECTIONS):
        zh += [f"## {zh_h}", ""]
        en += [f"## {en_h}", ""]
        for b in range(per_section):
            zh += [zh_paras[2 + s * per_section + b], ""]
            en += [en_paras[2 + s * per_section + b], ""]
    zh += [f"[^{n}]: {z}" for n, (z, _) in enumerate(NOTES, start=1)]
    en += [f"[^{n}]: {e}" for n, (_, e) in enumerate(NOTES, start=1)]
    return "\n".join(zh) + "\n", "\n".join(en) + "\n"


def test_the_generated_essay_has_an_ordinary_length():
    zh, en = essay_markdown()
    assert 1950 <= _han(zh.split("---", 2)[2]) <= 2150
    assert 1280 <= _words(en.split("---", 2)[2]) <= 1400


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The ordinary essay, among `others` short essays sharing its tags (related entries, tag pages)."""
    def make(others: int):
        root = tmp_path_factory.mktemp(f"weight{others}") / "proj"
        p = make_project(root)
        zh, en = essay_markdown()
        p.essay("ordinary", zh=zh, en=en)
        for i in range(others):
            p.essay(f"other-{i:03d}",
                    zh=f"---\ntitle: 长镜头札记第{i}篇：房间与光\ndate: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                       f"authors: [editors]\ntags: [long-take, light]\noriginal: zh\nsummary: 第{i}篇短文。\n---\n\n一段。\n",
                    en=f"---\ntitle: \"Notes on the Long Take, No. {i}: Rooms and Light\"\nsummary: Short essay {i}.\n"
                       f"translators: [lin]\n---\n\nA paragraph.\n")
        result = build(root)
        assert result.ok, result.messages("WARNING")
        return result.site
    return make


@pytest.fixture(scope="module")
def alone(archive) -> bytes:
    return (archive(0) / PAGE).read_bytes()


@pytest.fixture(scope="module")
def many(archive):
    return archive(40)


@pytest.fixture(scope="module")
def among_many(many) -> bytes:
    return (many / PAGE).read_bytes()


def test_essay_page_html_is_under_40_kib(alone, among_many):
    for page in (alone, among_many):
        assert len(page) < LIMIT, f"{len(page)} bytes, the requirement is < {LIMIT} ({len(gzip.compress(page, 6))} gzipped)"


def test_first_load_stays_under_100_kib_gzipped(many):
    # As the benchmark measures it (scripts/bench_measure.py): the HTML and every stylesheet, script,
    # image and font it references, each once, gzipped; nothing from another host.
    sys.path.insert(0, str(REPO / "scripts"))
    import bench_measure
    weight = bench_measure.page_weight(many, PAGE)
    assert weight["first_load_gzip_bytes"] < FIRST_LOAD_LIMIT, weight["by_kind"]
    assert weight["external_refs"] == [] and any("bundle" in f for f in weight["files"])


def test_essay_page_weight_does_not_grow_with_the_archive(alone, among_many):
    # Forty more essays sharing its tags add only the related entries at its foot (three at most).
    related = re.search(rb'<aside class="sca-related".*?</aside>', among_many, re.S).group(0)
    assert related.count(b'<li>') == 3
    assert len(among_many) - len(related) <= len(alone) + 100, (len(alone), len(among_many), len(related))


def test_the_page_ships_one_copy_of_each_text_and_no_indentation(alone):
    html = alone.decode()
    body = html[html.index('<div class="sca-body">'):html.index('<details class="sca-cite"')]
    # The generated 繁體 copy is made by the page's script, from a table a fraction of its size.
    assert '<div lang="zh-Hant">' not in body and "長鏡頭不急著告訴觀眾" not in html
    table = re.search(r'data-sca-hant="([^"]*)"', html).group(1)
    assert 0 < len(table.encode()) < 1500
    # Cells carry their lang only; no line starts with template indentation (outside <pre>).
    assert '<div lang="zh-Hans"><p>' in body and "data-sca-show" not in body and "sca-cell" not in body
    outside_pre = re.sub(r"(<pre\b[^>]*>).*?(</pre>)", r"\1\2", html, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside_pre), re.findall(r"\n[ \t]+<[^\n]{0,60}", outside_pre)[:5]
    # Links name their purpose in the language around them, briefly.
    assert 'title="链接到本节"' in body and 'title="Link to this section"' in body and 'title="回到正文"' in body


# -- the whitespace pass (slowcinema.web.conformance.compact) -------------------------------------------

def test_whitespace_pass_keeps_preformatted_text_byte_for_byte():
    kept = [
        '<pre class="x"><code>def f():\n    return  1\n\n\n</code></pre>',
        "<textarea name=t>\n  a\n    b\n</textarea>",
        '<p>Run <code>a  \n   b</code> and <kbd>Ctrl +\n  C</kbd> or <samp>x\n  y</samp>.</p>',
        '<script>if (a) {\n    b();\n}</script>',
        '<script type="application/ld+json">{\n  "a": 1\n}</script>',
        "<style>\n  p { color: red; }\n</style>",
        "<!-- a\n   comment\n -->",
    ]
    for fragment in kept:
        assert conformance.compact(f"<div>\n  {fragment}\n</div>") == f"<div>\n{fragment}\n</div>"


def test_whitespace_pass_keeps_every_space_that_renders():
    html = ('<p>Two  spaces stay, a\tab too; <a href="#">link</a> <em>word</em>\n    next line.</p>\n'
            "<p>中文\u3000全角空格，不换行\u00a0空格。</p>\n\n\n    <ul>\n      <li>a</li>\n      <li>b</li>\n    </ul>")
    out = conformance.compact(html)
    assert out == ('<p>Two  spaces stay, a\tab too; <a href="#">link</a> <em>word</em>\nnext line.</p>\n'
                   "<p>中文\u3000全角空格，不换行\u00a0空格。</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>")


def test_whitespace_pass_leaves_attributes_alone():
    html = '<div title="a\n    b" data-x=\'c > d\n  e\'>\n   <img alt="x\n  y">\n</div>'
    assert conformance.compact(html) == '<div title="a\n    b" data-x=\'c > d\n  e\'>\n<img alt="x\n  y">\n</div>'


_PLAIN_TOKEN_RE = re.compile(  # the tokens as read with no possessive quantifiers: the pass must read the same ones
    r"<!--.*?-->|<(pre|textarea|code|kbd|samp|script|style)\b(?:[^\"'>]|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<[a-zA-Z/!?](?:[^\"'>]|\"[^\"]*\"|'[^']*')*>", re.S | re.I)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<", ">", "\n", " ", "\t", "a", '"', "'", "=", "<!--", "-->", "<pre>", "</pre>",
                                 "<code class='x'>", "</code >", "<p", "</p>", "<!", "</", "<svg", "\r"]), max_size=30).map("".join))
def test_whitespace_pass_reads_tags_as_a_plain_reading_does(html):
    assert [m.span() for m in conformance._TOKEN_RE.finditer(html)] == [m.span() for m in _PLAIN_TOKEN_RE.finditer(html)]


def _compact_a_token_at_a_time(html: str) -> str:
    """The whitespace pass as it was first written: one token at a time, read the plain way."""
    out, at = [], 0
    for m in _PLAIN_TOKEN_RE.finditer(html):
        out.append(re.sub(r"[ \t\r\f]*\n[ \t\r\n\f]*", "\n", html[at:m.start()]))
        tag = m.group(0)
        svg = '<svg xmlns="http://www.w3.org/2000/svg"'
        out.append(tag.replace(svg, "<svg", 1) if tag.startswith(svg) else tag)
        at = m.end()
    out.append(re.sub(r"[ \t\r\f]*\n[ \t\r\n\f]*", "\n", html[at:]))
    return "".join(out)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<", ">", "\n", " ", "  \n\t ", "\t", "a", "中", '"', "'", "=", "<!--", "-->", "<pre>",
                                 "</pre>", "<script>", "</SCRIPT>", "<code class='x'>", "</code >", "<p", "</p>", "<!",
                                 "</", '<svg xmlns="http://www.w3.org/2000/svg"', "<svg", "\r", "\f"]),
                max_size=30).map("".join))
def test_whitespace_pass_cut_at_once_is_the_pass_a_token_at_a_time(html):
    assert conformance.compact(html) == _compact_a_token_at_a_time(html)


def test_whitespace_pass_on_the_theme_s_templates_is_the_pass_a_token_at_a_time():
    import material  # the templates' text as it is: their indentation, scripts, <pre> and inline icons
    templates = Path(material.__file__).parent / "templates"
    texts = [p.read_text(encoding="utf-8") for p in sorted(templates.rglob("*.html"))]
    icons = sorted((templates / ".icons" / "material").glob("*.svg"))[:100]  # as the templates inline them
    texts += [f"<label>\n  {icon.read_text(encoding='utf-8')}\n</label>" for icon in icons]
    assert len(texts) > 200 and any('<svg xmlns="http://www.w3.org/2000/svg"' in t for t in texts)
    for text in texts:
        assert conformance.compact(text) == _compact_a_token_at_a_time(text)
    assert sum(len(conformance.compact(t)) for t in texts) < sum(map(len, texts))


def test_theme_icons_and_configuration_lose_only_redundant_bytes():
    html = ('<label><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18"/></svg></label>'
            '<script id="__config" type="application/json">{"a": "\\u5df2\\u590d\\u5236", "b": "\\u003c/script>", '
            '"c": [1, 2], "d": null}</script>')
    out = conformance.fix(html)
    assert '<svg viewBox="0 0 24 24"><path d="M3 6h18"/></svg>' in out
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', out).group(1)
    assert config == '{"a":"已复制","b":"\\u003c/script>","c":[1,2]}'  # "d": null read as missing
    assert json.loads(config) == {"a": "已复制", "b": "</script>", "c": [1, 2]}


# -- the table of the generated 繁體 copy (slowcinema.languages.hant_copy) -------------------------------------

def test_table_gives_exactly_what_opencc_gives():
    texts = ["打开窗户，若干年后，他打算干净地离开。", "软件与视频：这个U盘里只有一个文件。", "头发、发现、发展，还有里面。",
             "干杯！若干人在干活。", "“引号”与《书名》都在这里。"]
    pairs = [(t, hant.text(t)) for t in texts]
    table = hant_copy.build_table(pairs)
    assert table.failed == set()
    assert all(hant_copy.apply(table.entries, s) == t for s, t in pairs)
    assert hant_copy.decode(table.encode()) == table.entries
    assert table.entries.get("干净") == "乾淨" and hant_copy.apply(table.entries, "若干") == "若干"


def test_a_cell_the_table_cannot_make_keeps_its_copy():
    cells = [("<p>一个段落。</p>", hant.html("<p>一个段落。</p>")),
             ('<p class="sca-intro">组件</p>', hant.html('<p class="sca-intro">组件</p>')),  # one of ours
             ("<p>𠀀生僻字</p>", hant.html("<p>𠀀生僻字</p>"))]  # beyond the BMP
    plan = hant_copy.plan(cells, set())
    assert plan is not None and plan.cloned == {0}


def test_no_copies_when_their_ids_would_collide():
    simplified = '<p id="x">甲<a href="#x">乙</a></p>'
    cells = [(simplified, hant.html(simplified).replace('id="x"', 'id="x--hant"').replace("#x", "#x--hant"))]
    assert hant_copy.plan(cells, set()) is not None
    assert hant_copy.plan(cells, {"x--hant"}) is None  # something else on the page already has that id


def test_readers_download_our_scripts_and_styles_without_the_comments(many):
    """The joined script and stylesheet come without maintainers' comments and indentation
    (slowcinema.web.assets.compact), which is only safe in scripts without template literals."""
    from slowcinema.web import assets

    folder = Path(assets.__file__).resolve().parents[2] / "slowcinema_mkdocs" / "assets"
    for script in folder.glob("*.js"):
        text = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
        code = [line.split("  //")[0] for line in text.splitlines() if not line.strip().startswith("//")]
        assert "`" not in "\n".join(code), f"{script.name} has a template literal: compact() could cut it"
    joined = {p.suffix: p.read_text(encoding="utf-8") for p in (many / "assets/sca").glob("site.*")}
    assert set(joined) == {".css", ".js"}
    assert "/*" not in joined[".css"] and "\n " not in joined[".css"]
    assert not [line for line in joined[".js"].splitlines() if line.startswith(("//", "/*", " "))]
    assert "function" in joined[".js"] and ".sca-row" in joined[".css"]
