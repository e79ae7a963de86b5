"""Do the Chinese and English texts of an essay carry the same numbers, paragraph by paragraph?

Drift between translations most often shows in numbers: a year, a duration, a count changed in one
language and not the other. This module pairs the two Markdown sources the way the page pairs them
(the same `##` sections, the same blocks, the `<!-- join -->` / `<!-- alone -->` markers: it reuses
alignment.sections) and compares, in each pair, the *set* of numbers each side writes. A difference
is reported with the file and line of both blocks (a build warning: the strict build fails).

What counts as a number (CONTRIBUTING.md, "Pairing paragraphs", says the same for contributors):

- every number written in digits, in either language: 1895, 35 (mm), 2.0, 1,200 (= 1200), 3万 (= 30000);
  fullwidth digits count too;
- months: an English month name (February) is the month's number, and so is a Chinese `2月` / `二月`;
- Chinese numerals in two simple forms: a year written digit by digit (一九八五年 = 1985), and a
  numeral directly before a measure word or unit (三十个镜头, 两周, 六分多钟, 十部短片) that is not an
  ordinal (第二场);
- English number words (two ... ninety-nine, hundred, thousand; 'twice' is 2).

One (一, 'one', 'a') is never counted in words: it stands for 'a' too often in both languages.
Each side's numbers are a set: a year written twice in one language and once in the other agrees.
Numbers in link addresses, inline code and HTML comments are ignored.

A legitimate difference (a unit converted, a name written with numerals in one language only, such as
二二八事件 / the 228 Incident) is accepted by writing `<!-- numbers: ok -->` at the end of the
paragraph, in either language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..content.problems import Problem
from .alignment import sections
from .blocks import Block

ESCAPE_RE = re.compile(r"<!--\s*numbers:\s*ok\s*-->", re.I)
_MARKER_RE = re.compile(r"^<!--\s*(join|alone)\s*-->\s*$")
_FENCE_RE = re.compile(r"^(```|~~~)")

MONTHS = {name: n for n, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
# Each name first, then the look behind for the word's start (what \b would say before it): a pattern that begins
# with its letters lets the regular expression engine skip to them, and it meets every paragraph of every essay.
_MONTH_RE = re.compile("(" + "|".join(rf"{m.capitalize()}(?<!\w{m.capitalize()})" for m in MONTHS) + r")\b")

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def _trie(words: list[str]) -> str:
    """An alternation of `words` that shares their beginnings ('t(?:en|w(?:o|elve))'): it matches what
    'ten|two|twelve' matches, and each place in the text is tried against a few letters, not every word."""
    tree: dict = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def alternation(node: dict) -> str:
        branches = [re.escape(c) + alternation(node[c]) for c in sorted(node) if c]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return alternation(tree)


_WORD = _trie(list(_UNITS) + list(_TENS) + list(_SCALES) + ["twice", "and"])
# Matched case-sensitively in the text with its ASCII letters lowercased (`_ascii_lower`): half the time of a
# case-blind search, on a scan that meets every English paragraph. Only what a case-blind search would find through
# a non-ASCII letter (the long s ſ or the Kelvin sign K taken for s or k) is not read as a number word.
_WORDS_RE = re.compile(rf"\b{_WORD}(?:[\s-]+{_WORD})*\b")

_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_NUM = "〇零一二两三四五六七八九十百千万亿"
# Measure words and units a Chinese numeral must stand before to count (closed list: 十分 'very',
# 一些 'some', 千万 'by all means' do not count).
_ZH_UNITS = ("分钟", "分多钟", "多分钟", "个多小时", "多小时", "小时", "个月", "多个", "多年", "多天", "秒",
             "天", "周", "星期", "年", "岁", "个", "次", "部", "位", "场", "段", "条", "张", "本", "遍", "种",
             "帧", "格", "尺", "米", "毫米", "英尺", "倍", "名", "家", "集", "卷", "句", "层", "件", "届",
             "幅", "篇", "章", "节", "组", "台", "架", "盏", "人", "镜", "点", "度", "开尔文", "门")
# 第二 is an ordinal; 几十, 数百 are 'dozens', 'hundreds': none of them count.
_ZH_RE = re.compile(rf"(?<![0-9０-９.])([第几数])?([{_ZH_NUM}]+)(?=({'|'.join(_ZH_UNITS)}|月))")
# Titles: *Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles* and 《让娜·迪尔曼》 are names, not numbers.
# (Each begins with its mark, the look behind after it, so that the search skips quickly to a '*' or '_'.)
_TITLES_RE = {"en": re.compile(r"\*(?<![*\w]\*)(?!\*)[^*\n]+(?<!\*)\*(?!\*)|_(?<!\w_)[^_\n]+_(?!\w)"),
              "zh": re.compile(r"《[^》\n]*》")}
# A number not inside a word or after a point: its first digit, then the look behind for what precedes it (as
# `_MONTH_RE`), then the rest, as \d{1,3}(?:,\d{3})+|\d+ would read it.
_DIGITS_RE = re.compile(r"(\d(?<![A-Za-z0-9_.]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?:\.(\d+))?(\s*[万亿])?")
_IGNORED_RE = re.compile(r"<!--.*?-->|`[^`]*`|\]\([^)]*\)|<https?://[^>]*>|https?://\S+", re.S)


@dataclass(frozen=True)
class SourceBlock(Block):
    """A block of Markdown source with the file line it starts on."""

    line: int = 0
    escaped: bool = False


@dataclass(frozen=True)
class Disagreement:
    line_a: int
    line_b: int
    only_a: tuple[str, ...]  # numbers only in the first text
    only_b: tuple[str, ...]


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _en_words(phrase: str) -> Decimal | None:
    """'thirty', 'twenty-five', 'two hundred', 'twice' -> the value; None for 'one' or 'and' alone."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and":
            continue
        seen = True
        if word == "twice":
            current += 2
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] > 100:
                total, current = total + current, 0
    value = total + current
    return Decimal(value) if seen and value != 1 else None


def _zh_values(numeral: str, unit: str) -> set[int]:
    """一九八五(年) -> {1985}; 三十 -> {30}; 两万 -> {20000}; 一两(尺), 三四(个) 'one or two' -> {1, 2}."""
    if len(numeral) >= 2 and all(c in _ZH_DIGIT and c != "两" for c in numeral):
        if unit == "年" and len(numeral) == 4:  # 一九八五年, 二〇二六年: a year written digit by digit
            return {int("".join(str(_ZH_DIGIT[c]) for c in numeral))}
    if len(numeral) >= 2 and all(c in _ZH_DIGIT for c in numeral):  # an approximation: 一两, 三四
        return {_ZH_DIGIT[c] for c in numeral}
    total = section = digit = 0
    for c in numeral:
        if c in _ZH_DIGIT:
            digit = _ZH_DIGIT[c]
        elif c in ("万", "亿"):
            section = (section + digit) * _ZH_SCALE[c]
            total, section, digit = total + section, 0, 0
        else:
            section += (digit or 1) * _ZH_SCALE[c]
            digit = 0
    return {total + section + digit}


def _ascii_lower(text: str) -> str:
    """`text` with A-Z lowercased and every other character as it is (bytes.lower leaves UTF-8's multibyte
    sequences alone): the same length and the same word boundaries, unlike str.lower on 'İ'."""
    return text.encode().lower().decode()


def numbers(text: str, lang: str) -> set[str]:
    """The numbers a block of Markdown writes, normalised ('1,200' -> '1200', '2.0' -> '2')."""
    text = _TITLES_RE["en" if lang == "en" else "zh"].sub(" ", _IGNORED_RE.sub(" ", text))
    found: set[str] = set()
    for m in _DIGITS_RE.finditer(text):
        whole = m.group(1).replace(",", "")
        try:
            value = Decimal(f"{whole}.{m.group(2)}" if m.group(2) else whole)
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        scale = (m.group(3) or "").strip()
        if scale:
            value *= _ZH_SCALE[scale]
        found.add(_fmt(value))
    if lang == "en":
        for m in _MONTH_RE.finditer(text):
            name = m.group(1)
            if name == "May" and not re.search(r"\d\s*$", text[:m.start()]) and not re.match(r"\s*\d", text[m.end():]):
                continue  # 'May' is a month only beside a day or a year
            found.add(str(MONTHS[name.lower()]))
        for m in _WORDS_RE.finditer(_ascii_lower(text)):
            value = _en_words(m.group(0))
            if value is not None:
                found.add(_fmt(value))
    else:
        for m in _ZH_RE.finditer(text):
            if m.group(1):  # an ordinal (第二场) or an indefinite (几十遍)
                continue
            for value in _zh_values(m.group(2), m.group(3)):
                if value != 1 or m.group(3) == "月":
                    found.add(str(value))
    return found


def source_blocks(body: str, first_line: int) -> list[SourceBlock]:
    """The blocks of a Markdown body as the page pairs them: headings, markers, and the chunks
    between blank lines (code fences kept whole), each with its file line."""
    out: list[SourceBlock] = []
    chunk: list[str] = []
    start = 0
    fenced = False

    def flush() -> None:
        if chunk:
            text = "\n".join(chunk)
            out.append(SourceBlock("p", text, None, start, bool(ESCAPE_RE.search(text))))
            chunk.clear()

    for n, raw in enumerate(body.split("\n")):
        line = first_line + n
        stripped = raw.strip()
        if fenced:
            chunk.append(raw)
            fenced = not _FENCE_RE.match(stripped)
            continue
        if _FENCE_RE.match(stripped):
            flush()
            start, fenced = line, True
            chunk.append(raw)
            continue
        marker = _MARKER_RE.match(stripped)
        if marker:
            flush()
            out.append(SourceBlock("#marker", "", marker.group(1), line))
        elif re.match(r"^##(?!#)\s", stripped):
            flush()
            out.append(SourceBlock("h2", stripped, None, line))
        elif not stripped:
            flush()
        else:
            if not chunk:
                start = line
            chunk.append(raw)
    flush()
    return out


def compare(body_a: str, line_a: int, lang_a: str, body_b: str, line_b: int, lang_b: str) -> list[Disagreement]:
    """Every paired block (group) whose numbers differ. Sections whose block counts differ are
    left to the alignment check, which reports them."""
    out: list[Disagreement] = []
    sa, sb = sections(source_blocks(body_a, line_a)), sections(source_blocks(body_b, line_b))
    for a, b in zip(sa, sb):
        ga = [g for g in a.groups if not g.alone]
        gb = [g for g in b.groups if not g.alone]
        if len(ga) != len(gb):
            continue
        for x, y in zip(ga, gb):
            if any(getattr(blk, "escaped", False) for blk in x.blocks + y.blocks):
                continue
            na = set().union(*(numbers(blk.html, lang_a) for blk in x.blocks))
            nb = set().union(*(numbers(blk.html, lang_b) for blk in y.blocks))
            if na != nb:
                out.append(Disagreement(x.blocks[0].line, y.blocks[0].line, _sorted(na - nb), _sorted(nb - na)))
    return out


def _sorted(values: set[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (Decimal(v), v)))


def describe(d: Disagreement, rel_a: str, rel_b: str) -> Problem:
    """The problem, placed at the first text's paragraph, naming both places and what each side has alone."""
    def listed(values: tuple[str, ...]) -> str:
        return ", ".join(values) if values else "nothing"

    return Problem(rel_a, d.line_a, None,
                   f"the Chinese and English texts give different numbers: {rel_a}:{d.line_a} has "
                   f"{listed(d.only_a)} that {rel_b}:{d.line_b} does not, which has {listed(d.only_b)} instead",
                   "make the two paragraphs say the same thing, or, where the difference is right (a converted "
                   "unit, say), write <!-- numbers: ok --> at the end of the paragraph (see CONTRIBUTING.md, "
                   "'Pairing paragraphs').")


def problems(versions: dict) -> list[Problem]:
    """For an essay's `versions` (lang -> essays.Version): zh against en, when both exist."""
    zh, en = versions.get("zh"), versions.get("en")
    if zh is None or en is None:
        return []
    return [describe(d, zh.rel, en.rel)
            for d in compare(zh.body, zh.body_line, "zh", en.body, en.body_line, "en")]


def warnings(versions: dict) -> list[str]:
    """The same problems as build warnings, ready to log (the strict build fails on them)."""
    return [f"{p.message}. Fix: {p.fix}" for p in problems(versions)]
