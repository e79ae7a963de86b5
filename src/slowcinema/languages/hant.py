"""Traditional Chinese (Taiwan phrasing) generated from simplified text, at build time.

The conversion is, in order:
1. the phrase table: `VOCABULARY` below, then the archive's own `docs/hant-phrases.yml` (names, film
   titles, terms; see `hant_phrases`), matched longest first from left to right. A phrase of the
   table is taken as it is written there, and OpenCC never sees it: OpenCC matches its own phrases
   greedily across word boundaries (布列松 -> 佈列松 from 布列, 对表演 -> 對錶演 from 对表,
   规律里长出来 -> 規律里長 from 里长), and the text between two phrases of the table is converted
   on its own;
2. OpenCC's `s2twp` (Taiwan characters and phrasing: 视频 -> 影片, 数据 -> 資料, 默认 -> 預設) for
   the rest. Measured on the archive's own text, `s2twp` makes about forty right Taiwan word choices
   that plain `s2tw` leaves in mainland wording, and a handful of computing words that are wrong in
   prose about film: those are undone by `VOCABULARY`;
3. quotation marks in Taiwan style: “ ” -> 「 」 and ‘ ’ -> 『 』 (an apostrophe inside a Latin
   word stays).

`use` installs the archive's table for the build (the archive loader calls it). `text` converts each string
once a process; a build's conversions are kept between builds in the build cache (`remember`, `asked`:
slowcinema.archive.hant_kept), so a build where no title, summary or label changed never starts OpenCC for them.
So are OpenCC's conversions of the text of each essay page (`page`): a page built again after an edit of its English
only finds its Chinese text converted already.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc


_TAG_RE = re.compile(r"(<[^>]*>)")

# s2twp's computing vocabulary that misfired in the archive's prose about film (measured on docs/:
# each of these was wrong there), and what the prose means.
VOCABULARY: dict[str, str] = {
    "发布": "發布",  # s2twp: 釋出 (a software release); Taiwan writes 發布 for announcing
    "类型": "類型",  # s2twp: 型別 (a data type): 类型片 is a genre film
    "拷贝": "拷貝",  # s2twp: 複製 (to copy a file): a 拷贝 is a film print
    "图库": "圖庫",  # s2twp: 相簿 (a photo album): LAION is an image library
    "声明": "聲明",  # s2twp: 宣告 (to declare a variable): 免责声明 is 免責聲明
    "保存": "保存",  # s2twp: 儲存 (to save a file): films and prints are preserved
    "打开": "打開",  # s2twp: 開啟 (to open a file): a gate opens
    "比特": "比特",  # s2twp: 位元 (a bit), which also eats names: 比特纳 (Büttner) -> 位元納
}

_QUOTES = str.maketrans({"“": "「", "”": "」"})
_SINGLE_RE = re.compile(r"‘|(?<![A-Za-z])’|’(?![A-Za-z])")

# Forms that are right in some words and wrong in others, where OpenCC's phrase dictionary is often
# what chose them, matched across a word boundary (对表演 -> 對錶演, 规律里长出来 -> 規律里長出來).
# Outside the phrases of the table, `review` lists every spot where OpenCC gives one of them.
SUSPICIOUS: dict[str, str] = {
    "里": "里",  # kept as 里 (a unit, a name: 公里, 梅里爱) rather than 裡 (in, inside)
    "表": "錶",  # a watch
    "后": "后",  # an empress, rather than 後 (after)
    "布": "佈",  # Taiwan writes 分布, 公布, 宣布; and names: 布列松
    "发": "髮",  # hair
    "面": "麵",  # noodles
    "台": "檯颱",  # a counter, a typhoon
}

_table: dict[str, str] = dict(VOCABULARY)
_version = 0  # `version`
_pattern: re.Pattern | None = None
_known: dict[str, str] = {}  # `text`'s conversions with the table in use: made in this process, or `remember`ed
_asked: set[str] = set()  # the strings `text` was asked since `remember`
_page_found: dict[str, str] = {}  # while a page is built (`page`): OpenCC's conversions its last build made
_page_used: dict[str, str] | None = None  # and those it has asked for so far


def use(phrases: dict[str, str]) -> None:
    """Convert with `VOCABULARY` and `phrases` (Simplified -> Traditional; `phrases` wins) from now on."""
    global _table, _pattern, _version
    table = dict(VOCABULARY)
    table.update(phrases)
    if table != _table:
        _table, _pattern, _version = table, None, _version + 1
        _known.clear()
        _asked.clear()


def version() -> int:
    """A number that changes whenever `use` installs another table: what was converted with an older one is stale."""
    return _version


def table() -> dict[str, str]:
    """The phrase table in use (Simplified -> Traditional)."""
    return dict(_table)


def _phrases() -> re.Pattern:
    global _pattern
    if _pattern is None:
        _pattern = re.compile("|".join(map(re.escape, sorted(_table, key=len, reverse=True))))
    return _pattern


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    import opencc  # loaded when first needed: a build whose conversions are all kept never loads it

    return opencc.OpenCC("s2twp")


def _parts(simplified: str) -> list[tuple[str, str | None]]:
    """`simplified` cut into (text, its Traditional form from the table) and (text, None) for the
    stretches between phrases of the table."""
    out: list[tuple[str, str | None]] = []
    at = 0
    for m in _phrases().finditer(simplified):
        if m.start() > at:
            out.append((simplified[at:m.start()], None))
        out.append((m.group(0), _table[m.group(0)]))
        at = m.end()
    if at < len(simplified):
        out.append((simplified[at:], None))
    return out


def quotes(text: str) -> str:
    """Taiwan-style quotation marks: 「 」 outside, 『 』 inside."""
    text = text.translate(_QUOTES)
    return _SINGLE_RE.sub(lambda m: "『" if m.group(0) == "‘" else "』", text)


def _opencc(simplified: str) -> str:
    """OpenCC's conversion of a stretch of text outside the phrase table; within `page`, found in its conversions."""
    if _page_used is None:
        return _converter().convert(simplified)
    out = _page_used.get(simplified)
    if out is None:
        out = _page_used[simplified] = _page_found.get(simplified) or _converter().convert(simplified)
    return out


@contextmanager
def page(found: dict[str, str]) -> Iterator[dict[str, str]]:
    """While a page is built: OpenCC's conversions taken from `found` (the stretches of text this page's last build
    converted), never from OpenCC where they are there. Gives the conversions the page asks for, `found` or made: what
    its next build will find (slowcinema.archive.hant_kept). A conversion depends only on the stretch of text and on
    OpenCC, whose version is in the lock."""
    global _page_found, _page_used
    _page_found, _page_used = found, {}
    try:
        yield _page_used
    finally:
        _page_found, _page_used = {}, None


def _convert(simplified: str) -> str:
    return quotes("".join(_opencc(s) if t is None else t for s, t in _parts(simplified)))


def text(simplified: str) -> str:
    """`simplified` in 繁體: a title, a summary, a label. Each string is converted once (the lists show them again and
    again)."""
    _asked.add(simplified)
    out = _known.get(simplified)
    if out is None:
        out = _known[simplified] = _convert(simplified)
    return out


def remember(conversions: dict[str, str]) -> None:
    """From now on: `text` gives these conversions, made with the table in use (`use` it first) by this very code,
    without converting again; and `asked` starts empty."""
    _known.update(conversions)
    _asked.clear()


def asked() -> dict[str, str]:
    """Every string `text` was asked since `remember`, with its conversion."""
    return {s: _known[s] for s in _asked}


def html(simplified_html: str) -> str:
    """Convert the text of an HTML fragment; tags, attributes, ids and URLs are left as they are. The text stays
    text: a < or > the conversion brings (the phrase table's loader refuses them: `hant_phrases`) is escaped."""
    return "".join(part if part.startswith("<") else _convert(part).replace("<", "&lt;").replace(">", "&gt;")
                   for part in _TAG_RE.split(simplified_html))


def review(simplified: str) -> list[tuple[str, str]]:
    """The spots of `simplified` where OpenCC, outside the phrases of the table, gives a character
    one of its `SUSPICIOUS` forms: (the Simplified words around it, OpenCC's Traditional for them)."""
    out = []
    for s, t in _parts(simplified):
        if t is not None or not any(c in SUSPICIOUS for c in s):
            continue
        got = _opencc(s)
        if len(got) != len(s):  # a phrase changed the length (U盘): line up character by character
            got = _character_converters()[1].convert(s)
            if len(got) != len(s):
                continue
        for i, c in enumerate(s):
            if got[i] in SUSPICIOUS.get(c, ""):
                a, b = max(0, i - 2), min(len(s), i + 3)
                out.append((s[a:b], got[a:b]))
    return out


@lru_cache(maxsize=1)
def _character_converters() -> tuple[opencc.OpenCC, ...]:
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")


@lru_cache(maxsize=None)
def character(simplified: str) -> tuple[str, ...]:
    """The Traditional forms of one Simplified character (OpenCC's standard and Taiwan forms)."""
    return tuple(dict.fromkeys(f for conv in _character_converters() if len(f := conv.convert(simplified)) == 1))
