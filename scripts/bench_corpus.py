"""Deterministic synthetic archives for scripts/bench.py.

Each entry is a bilingual essay: about 1,500 English words and 2,000 Chinese characters, with the
same `##` sections and the same number of blocks in each section in both languages (so the strict
build pairs them). Text is drawn by a seeded random generator from the word lists below, so the same
N and seed always give byte-identical files.

Two projects are written from the same Markdown bodies:
- ours: a temporary copy of this repository's mkdocs.yml and overrides/ (as tests/conftest.py
  `make_project` does) with docs/essays/<slug>/index.zh.md and index.en.md, real front matter,
  plus the repository's manifesto (its preamble, principles of every version and signatories), clip
  gallery (three playable clips, one withheld) and films registry, and N/10 synthetic timeline
  events (docs/timeline/bench.yml) besides the essays' own dates;
- blog: plain Material for MkDocs with its built-in blog plugin (`plugins: [search, blog]`), one
  post per language file (2N posts) under docs/blog/posts/, each with `date:` front matter and the
  excerpt separator `<!-- more -->` after the opening paragraph (without it every post is rendered
  in full on the blog's index pages).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

EN_WORDS = (
    "the a of and to in that it is was for on with as at by from this his her their its into over under "
    "after before while through between against without within around across toward "
    "film shot frame camera light room window door street field river road house kitchen wall floor "
    "time minute hour day night morning evening season year silence sound voice breath wind rain water "
    "face hand eye body figure woman man child audience viewer director editor actor machine model image "
    "cut edit take scene sequence story plot moment gesture pause wait waiting duration rhythm pressure "
    "long slow still quiet empty patient ordinary late early dark pale grey warm cold distant near whole "
    "passes holds stays watches returns opens closes moves turns falls rises leaves keeps lets asks "
    "remains shows hides carries follows notices refuses outlives gives learns trusts forgets remembers "
    "cinema archive memory attention presence surface texture grain weather labour craft habit "
    "nothing something everything nobody somebody perhaps almost already again still only even never"
).split()
EN_FUNCTION = set("the a of and to in that it is was for on with as at by from this his her their its into over "
                  "under after before while through between against without within around across toward".split())

# Two-character words (and a few single characters) so that jieba finds real words to segment.
ZH_WORDS = (
    "电影 镜头 时间 等待 观众 导演 房间 窗户 街道 田野 河流 道路 厨房 墙壁 地板 分钟 小时 早晨 傍晚 季节 "
    "沉默 声音 呼吸 风声 雨水 面孔 双手 眼睛 身体 女人 男人 孩子 机器 模型 图像 剪辑 故事 情节 片刻 手势 "
    "停顿 节奏 压力 长久 缓慢 安静 空旷 耐心 平常 黑暗 苍白 温暖 寒冷 遥远 记忆 注意 在场 表面 质地 颗粒 "
    "天气 劳动 手艺 习惯 光线 影子 画面 胶片 放映 剧院 座位 生活 世界 城市 乡村 火车 公交 雨伞 灯光 "
    "我们 他们 她们 自己 这个 那个 一种 一些 每个 没有 已经 仍然 只是 于是 因为 所以 但是 如果 然后 "
    "看见 留下 回到 打开 关上 移动 转身 落下 升起 离开 保持 允许 注视 显示 隐藏 跟随 察觉 拒绝 相信 忘记 "
    "的 了 在 是 把 被 也 都 就 还 又 很 更 最"
).split()


@dataclass(frozen=True)
class EssayText:
    slug: str
    index: int
    date: dt.date
    original: str
    tags: tuple[str, ...]
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    body_zh: str  # Markdown without front matter
    body_en: str


def _en_sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(n)]
    if rng.random() < 0.25:  # an emphasised phrase now and then, as in a film title
        i = rng.randrange(max(1, n - 2))
        words[i] = "*" + words[i]
        words[i + 1] = words[i + 1] + "*"
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice(".....?;").replace(";", ".")


def _zh_sentence(rng: random.Random, chars: int) -> tuple[str, int]:
    out, count = [], 0
    while count < chars:
        w = rng.choice(ZH_WORDS)
        out.append(w)
        count += len(w)
        if count < chars - 4 and rng.random() < 0.12:
            out.append("，")
    if rng.random() < 0.2 and len(out) > 3:  # a title in 《》 now and then
        out.insert(1, "《长镜头》")
        count += 3
    return "".join(out) + rng.choice("。。。。？！"), count


def _en_paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = min(rng.randint(8, 22), max(4, words - count))
        out.append(_en_sentence(rng, n))
        count += n
    return " ".join(out)


def _zh_paragraph(rng: random.Random, chars: int) -> str:
    out, count = [], 0
    while count < chars:
        s, c = _zh_sentence(rng, min(rng.randint(14, 40), max(6, chars - count)))
        out.append(s)
        count += c
    return "".join(out)


SECTIONS_ZH = ("等待的形状", "镜头里的时间", "房间与光", "观众的耐心", "剪辑之外", "机器的平均", "留下来的时间", "结语")
SECTIONS_EN = ("The Shape of Waiting", "Time in the Shot", "Rooms and Light", "The Viewer's Patience",
               "Beyond the Cut", "The Machine's Average", "The Time Left Over", "Coda")
TAGS = ("slow-cinema", "long-take", "dead-time", "film-history", "generated-video", "presence", "craft",
        "models", "light")


def essay(i: int, seed: int = 1) -> EssayText:
    """The i-th synthetic essay (0-based): the same for the same (i, seed)."""
    rng = random.Random(f"{seed}:{i}")
    n_sections = 5
    # Blocks per section (opening first); the same layout for both languages.
    layout = [2] + [rng.randint(2, 4) for _ in range(n_sections)]
    n_blocks = sum(layout)
    en_per, zh_per = 1500 // n_blocks, 2000 // n_blocks
    quote_at = (rng.randrange(1, n_sections + 1), 1)  # one quotation, in the same place in both texts
    headings = rng.sample(range(len(SECTIONS_EN)), n_sections)
    zh, en = [], []
    for s, count in enumerate(layout):
        if s:
            zh.append(f"## {SECTIONS_ZH[headings[s - 1]]}\n")
            en.append(f"## {SECTIONS_EN[headings[s - 1]]}\n")
        for b in range(count):
            zh_p, en_p = _zh_paragraph(rng, zh_per), _en_paragraph(rng, en_per)
            if (s, b) == quote_at:
                zh_p, en_p = "> " + zh_p, "> " + en_p
            zh.append(zh_p + "\n")
            en.append(en_p + "\n")
    date = dt.date(2020, 1, 1) + dt.timedelta(days=i)
    tags = tuple(sorted(rng.sample(TAGS, rng.randint(1, 3))))
    return EssayText(
        slug=f"essay-{i:05d}", index=i, date=date, original="zh" if i % 3 else "en", tags=tags,
        title_zh=f"长镜头札记第{i + 1}篇：{SECTIONS_ZH[headings[0]]}",
        title_en=f"Notes on the Long Take, No. {i + 1}: {SECTIONS_EN[headings[0]]}",
        summary_zh=_zh_sentence(rng, 30)[0], summary_en=_en_sentence(rng, 18),
        body_zh="\n".join(zh), body_en="\n".join(en))


def counts(e: EssayText) -> dict:
    """English words and Chinese characters (Han only) of one essay's bodies."""
    en_words = len(re.findall(r"[A-Za-z']+", re.sub(r"^## .*$", "", e.body_en, flags=re.M)))
    zh_chars = len(re.findall(r"[\u4e00-\u9fff]", re.sub(r"^## .*$", "", e.body_zh, flags=re.M)))
    return {"en_words": en_words, "zh_chars": zh_chars}


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter_ours(e: EssayText, lang: str) -> str:
    lines = ["---", f"title: {_q(e.title_zh if lang == 'zh' else e.title_en)}",
             f"summary: {_q(e.summary_zh if lang == 'zh' else e.summary_en)}"]
    if lang == e.original:
        lines += [f"date: {e.date.isoformat()}", "authors: [editors]", f"tags: [{', '.join(e.tags)}]",
                  f"original: {e.original}"]
    else:
        lines.append("translators: [editors]")
    return "\n".join(lines + ["---", "", ""])


def timeline_events(n: int) -> str:
    """n dated events of several kinds, one a year from 1895, for the timeline page and its filters."""
    kinds = ("film", "screening", "publication", "technology")
    lines = ["events:"]
    for i in range(n):
        lines += [f"  - id: bench-event-{i:05d}", f"    date: {1895 + i % 130}-{1 + i % 12:02d}",
                  f"    kind: {kinds[i % len(kinds)]}",
                  f"    title: {{zh: 第{i}件事, en: Event number {i}}}",
                  f"    note: {{zh: 基准测试生成的第{i}条事件说明。, en: A generated note for benchmark event {i}.}}"]
    return "\n".join(lines) + "\n"


def nav_pages(mkdocs_yml: str) -> list[str]:
    """The Markdown files named in a mkdocs.yml's nav (as tests/conftest.py nav_pages)."""
    nav = mkdocs_yml[mkdocs_yml.index("\nnav:"):].split("\n\n", 1)[0]
    return re.findall(r":\s*([\w/.-]+\.md)\s*$", nav, re.M)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hant_terms() -> str:
    """The corpus's phrase table: each word with an ambiguous character keeps its own 繁體 form, as the
    archive's docs/hant-phrases.yml does for its real words (random neighbours would otherwise make
    OpenCC's phrase list, and the build's warning about it, decide)."""
    from slowcinema.languages import hant

    words = [w for w in ZH_WORDS if len(w) > 1 and any(c in hant.SUSPICIOUS for c in w)]
    return "terms:\n" + "".join(f"  {w}: {hant.text(w)}\n" for w in words)


def write_ours(root: Path, essays: list[EssayText]) -> Path:
    """Our site: the real mkdocs.yml, overrides/, registries, manifesto and clip gallery, stub pages for
    the rest of the navigation, and the essays. Returns the project root."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    shutil.copy(REPO / "docs/authors.yml", docs / "authors.yml")
    shutil.copy(REPO / "docs/tags.yml", docs / "tags.yml")
    shutil.copy(REPO / "docs/films.yml", docs / "films.yml")
    shutil.copytree(REPO / "docs/clips", docs / "clips")
    shutil.copytree(REPO / "docs/manifesto", docs / "manifesto")  # the real shape: `serve --dirty` meets it too
    _write(docs / "hant-phrases.yml", hant_terms())
    _write(docs / "timeline/bench.yml", timeline_events(max(3, len(essays) // 10)))
    _write(docs / "index.md", "---\ntitle: 慢电影档案 Slow Cinema Archive\n---\n\n# 慢电影档案\n\nBenchmark archive.\n")
    _write(docs / "essays/index.md", "---\ntitle: 文章 Essays\n---\n\n# 文章 Essays\n")
    _write(docs / "contribute.md", "---\ntitle: Contribute\n---\n\n# Contribute\n\n## Translate { #translate }\n\n"
           "How.\n\n## Sign { #sign }\n\nHow.\n")
    for page in nav_pages((root / "mkdocs.yml").read_text(encoding="utf-8")):
        if not (docs / page).exists():
            _write(docs / page, f"---\ntitle: {page}\n---\n\n# {page}\n")
    for e in essays:
        for lang, body in (("zh", e.body_zh), ("en", e.body_en)):
            _write(docs / f"essays/{e.slug}/index.{lang}.md", front_matter_ours(e, lang) + body)
    return root


def markdown_extensions_block(mkdocs_yml: str) -> str:
    """The `markdown_extensions:` block of a mkdocs.yml, verbatim (tags such as !!python/... kept)."""
    start = mkdocs_yml.index("\nmarkdown_extensions:") + 1
    m = re.compile(r"^\S", re.M).search(mkdocs_yml, mkdocs_yml.index("\n", start) + 1)
    return mkdocs_yml[start: m.start() if m else len(mkdocs_yml)].rstrip() + "\n"


BLOG_YML = """\
site_name: Material blog benchmark
site_url: https://example.org/
theme:
  name: material
{font}plugins:
  - search
  - blog
"""


def blog_post_path(e: EssayText, lang: str) -> str:
    return f"blog/posts/{e.slug}-{lang}.md"


def write_blog(root: Path, essays: list[EssayText], *, font: bool = True) -> Path:
    """Plain Material with the blog plugin: the same Markdown bodies as 2N posts (one per language)."""
    root.mkdir(parents=True, exist_ok=True)
    exts = markdown_extensions_block((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    _write(root / "mkdocs.yml", BLOG_YML.format(font="" if font else "  font: false\n") + "\n" + exts)
    docs = root / "docs"
    _write(docs / "index.md", "# Material blog benchmark\n\nThe same essays as blog posts.\n")
    _write(docs / "blog/index.md", "# Blog\n")
    for e in essays:
        for lang, body, title in (("zh", e.body_zh, e.title_zh), ("en", e.body_en, e.title_en)):
            first, rest = body.split("\n\n", 1)
            fm = f"---\ntitle: {_q(title)}\ndate: {e.date.isoformat()}\nslug: {e.slug}-{lang}\n---\n\n"
            _write(docs / blog_post_path(e, lang), fm + first + "\n\n<!-- more -->\n\n" + rest)
    return root


def markdown_sources(essays: list[EssayText]) -> list[str]:
    """The 2N Markdown bodies that Python-Markdown alone converts."""
    return [b for e in essays for b in (e.body_zh, e.body_en)]
