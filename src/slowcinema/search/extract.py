"""What a page says, for the search index: its title and its sections, as plain text.

A section starts at each `<h2>` or `<h3>`; the text before the first one belongs to the page itself.
Bilingual pages keep each language in its own stream: a Chinese heading starts a Chinese section
and an English heading an English one, and each paragraph joins the current section of its own
language (the `lang` of its nearest ancestor). A section is reached through its heading's `id`, or
the `id` of the nearest element around the heading (a bilingual row carries the anchor of its pair).

Left out: scripts and styles, permalink marks, anything marked `data-search-exclude`, anything
hidden from assistive technology, and text in `skip_langs` (the generated 繁體 copies: a query in
Traditional characters is converted to Simplified by the reader's browser).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from ..languages import hant_copy

_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SKIP_TAGS = frozenset("script style template noscript svg button select textarea".split())
_BLOCK = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section summary table td th tr ul".split()
)
_SECTION_TAGS = frozenset(("h2", "h3"))
_SPACE_RE = re.compile(r"\s+")
# A small scanner rather than html.parser: the input is MkDocs' own well-formed output, and this
# runs on every page of every build. Comments, tags (attributes kept raw) and text.
_TOKEN_RE = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)|<", re.S)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_RAW_TEXT = {t: re.compile(f"</{t}", re.I) for t in ("script", "style", "textarea")}
_WANTED_RE = re.compile("lang|id|headerlink|data-search-exclude|aria-hidden")  # in a tag: its attributes are read


@dataclass
class Section:
    anchor: str  # "" for the page's own text
    title: str
    text: str
    lang: str = ""  # "zh", "en", or "" (not marked): results show passages in the query's language


@dataclass
class _Stream:
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    anchor: str = ""
    started: bool = False  # past its first heading
    order: int = 0


class _Extractor:
    """One page's reading. The open elements are tuples (tag, lang, skip, id), and the loop in `feed` reads a
    token at a time with its state in local names: a page has a thousand tokens and every page is read."""

    def __init__(self, skip_langs: frozenset[str]) -> None:
        self.skip_langs = skip_langs
        self.stack: list[tuple[str, str, bool, str]] = []  # the open elements: (tag, lang, skip, id)
        self.intro: dict[str, list[str]] = {}  # by language
        self.h1: dict[str, list[str]] = {}
        self.streams: dict[str, _Stream] = {}
        self.done: list[tuple[int, Section]] = []  # (order of its heading, section)
        self.heading: tuple[str, str] | None = None  # (tag, stream) of the heading being read
        self.order = 0

    def _anchor(self, own: str) -> str:
        if own:
            return own
        for item in reversed(self.stack):
            if item[3]:
                return item[3]
        return ""

    def _close_stream(self, lang: str) -> None:
        stream = self.streams.get(lang)
        if stream and stream.started:
            title = _squash("".join(stream.title))
            if title or stream.text:
                self.done.append((stream.order, Section(stream.anchor, title, _squash(" ".join(stream.text)),
                                                        _short(lang))))

    # -- parsing -------------------------------------------------------------------------------
    def feed(self, html: str) -> None:
        pos, end, stack, match, text_ = 0, len(html), self.stack, _TOKEN_RE.match, self._text
        skip_no_lang = "" in self.skip_langs  # an element with no lang of its own, as `a.get("lang", "")` reads it
        while pos < end:
            m = match(html, pos)
            pos = m.end()
            closing, tag, raw, text = m.groups()
            if text is not None:  # text: left out where an open element is skipped
                if not (stack and stack[-1][2]):
                    text_(htmllib.unescape(text) if "&" in text else text)
            elif tag is None:
                continue  # a comment, or a lone "<"
            elif closing:
                tag = tag.lower()
                if tag in _VOID:
                    continue
                if stack and stack[-1][0] == tag:
                    stack.pop()
                else:
                    for i in range(len(stack) - 1, -1, -1):
                        if stack[i][0] == tag:
                            del stack[i:]
                            break
                    else:
                        continue
                if self.heading and self.heading[0] == tag:
                    self.heading = None
                if tag in _BLOCK:
                    text_(" ")
            else:
                tag = tag.lower()
                a = _attributes(raw) if raw and _WANTED_RE.search(raw) else None
                if raw.rstrip().endswith("/"):  # <br/> and the like: a space where it separates blocks
                    if tag in _BLOCK:
                        text_(" ")
                    continue
                if stack:
                    parent_lang, parent_skip = stack[-1][1], stack[-1][2]
                else:
                    parent_lang, parent_skip = "", False
                if a is None:  # no attribute that matters here: most tags
                    lang, skip, own_id = parent_lang, parent_skip or tag in _SKIP_TAGS or skip_no_lang, ""
                    if tag in _BLOCK:  # a change of block separates words
                        text_(" ")
                else:
                    lang = a["lang"] if "lang" in a else parent_lang
                    skip = (parent_skip or tag in _SKIP_TAGS or "data-search-exclude" in a or a.get("aria-hidden") == "true"
                            or "headerlink" in a.get("class", "").split() or a.get("lang", "") in self.skip_langs)
                    own_id = a.get("id", "")
                    if tag in _BLOCK or "lang" in a:  # a change of language separates words too: "相关Related"
                        text_(" ")
                if tag in _VOID:
                    continue
                stack.append((tag, lang, skip, own_id))
                if tag in _RAW_TEXT:  # raw text up to the closing tag
                    close = _RAW_TEXT[tag].search(html, pos)
                    pos = end if close is None else close.start()
                if skip:
                    continue
                if tag == "h1":
                    self.heading = ("h1", lang)
                elif tag in _SECTION_TAGS:
                    self._close_stream(lang)
                    self.streams[lang] = _Stream(anchor=self._anchor(own_id), started=True, order=self.order)
                    self.order += 1
                    self.heading = (tag, lang)

    def _text(self, data: str) -> None:
        stack = self.stack
        if stack:
            if stack[-1][2]:
                return
            lang = stack[-1][1]
        else:
            lang = ""
        if self.heading:
            tag, heading_lang = self.heading
            if tag == "h1":
                self.h1.setdefault(lang, []).append(data)
            else:
                self.streams[heading_lang].title.append(data)
            return
        stream = self.streams.get(lang)
        if stream and stream.started:
            stream.text.append(data)
        else:
            self.intro.setdefault(_short(lang), []).append(data)

    def sections(self) -> tuple[dict[str, str], dict[str, str], list[Section]]:
        for lang in list(self.streams):
            self._close_stream(lang)
        titles = {lang: _squash("".join(parts)) for lang, parts in self.h1.items()}
        intro = {lang: _squash(" ".join(parts)) for lang, parts in self.intro.items()}
        return titles, {lang: text for lang, text in intro.items() if text}, [s for _, s in sorted(self.done, key=lambda x: x[0])]


def _attributes(raw: str) -> dict[str, str]:
    out = {}
    for m in _ATTR_RE.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4) or ""
        out.setdefault(m.group(1).lower(), htmllib.unescape(value))
    return out


def _short(lang: str) -> str:
    return "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else ""


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


_HANT_TABLE_RE = re.compile(r'<article class="sca-essay"[^>]*?\sdata-sca-hant="([^"]*)"')


def hant_phrases(html: str) -> dict[str, str]:
    """The phrases (two characters or more, Simplified -> Traditional) of the page's 繁體 table, if
    it has one (languages/hant_copy.py): the conversions OpenCC makes as phrases in this text."""
    m = _HANT_TABLE_RE.search(html)
    if not m:
        return {}
    return {k: v for k, v in hant_copy.decode(htmllib.unescape(m.group(1))).items() if len(k) > 1 and k != v}


def extract(html: str, fallback_title: str, skip_langs: frozenset[str] = frozenset({"zh-Hant"})) -> list[Section]:
    """The page-level sections (anchor "") first, one per language of the text before the first
    heading ("zh", "", "en"; at least one), then the page's sections in document order."""
    parser = _Extractor(skip_langs)
    parser.feed(html)
    titles, intro, sections = parser.sections()
    title = " · ".join(dict.fromkeys(t for t in titles.values() if t)) or fallback_title
    own = [Section("", title, intro[lang], lang) for lang in ("zh", "", "en") if lang in intro]
    return [*(own or [Section("", title, "")]), *sections]
