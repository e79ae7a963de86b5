"""The fixed queries of the search comparison (scripts/bench_search.py), their ground truth and their
scores: pure functions of the built pages and of the results lists, with no browser and no Pagefind.

- QUERIES: 10 Chinese (single characters, words inside sentences, 繁體 input) and 10 English
  (prefixes and phrases), taken from the synthetic corpus (bench_corpus.py, seed 1; `why` says where).
- Ground truth, computed from the built pages: an essay is relevant to a query when its own text
  (header: title, standfirst, byline, tags; and body; not the related entries, citations or navigation)
  contains it, normalised (NFKC, lower case, punctuation as a space): a Chinese query as a substring (a
  繁體 query also in Simplified, by OpenCC t2s), an English phrase as whole words in a row, a prefix as
  the start of a word. Only essays are relevant: a list page in the top ten takes the place of one.
- recall@10 = relevant pages among the first ten results / min(10, relevant); first hit = the first
  result is relevant; results are counted by page (anchors and index.html dropped, each page once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

K = 10


@dataclass(frozen=True)
class Query:
    text: str
    lang: str  # "zh" or "en"
    kind: str  # character, words, hant (繁體 input), prefix, phrase
    why: str   # where it is in the corpus (relevant essays at N = 1,000, seed 1)


QUERIES = (
    Query("伞", "zh", "character", "in 雨伞, a body word: every essay"),
    Query("形", "zh", "character", "only in the heading 等待的形状: about 620 essays"),
    Query("结", "zh", "character", "only in the heading 结语: about 620 essays"),
    Query("胶片放映", "zh", "words", "two words in a row inside sentences: about 50 essays"),
    Query("灯光风声", "zh", "words", "two words in a row inside sentences: about 50 essays"),
    Query("看见乡村机器", "zh", "words", "three words in a row in one sentence of essay-00023"),
    Query("札记第42篇", "zh", "words", "inside the title of essay-00041 (长镜头札记第42篇：…)"),
    Query("時間", "zh", "hant", "时间 typed in 繁體: every essay"),
    Query("雨傘火車", "zh", "hant", "雨伞火车 typed in 繁體: about 40 essays"),
    Query("長鏡頭札記第61篇", "zh", "hant", "the 繁體 title of essay-00060 (its 繁體 copy is in the page)"),
    Query("patien", "en", "prefix", "patient: every essay"),
    Query("rememb", "en", "prefix", "remembers: every essay"),
    Query("dura", "en", "prefix", "duration: every essay"),
    Query("cod", "en", "prefix", "only in the heading Coda: about 620 essays"),
    Query("shap", "en", "prefix", "only in the heading The Shape of Waiting: about 620 essays"),
    Query("slow cinema", "en", "phrase", "two words in a row, or the tag Slow cinema: about 280 essays"),
    Query("quiet gesture", "en", "phrase", "two words in a row: about 50 essays"),
    Query("distant moment turns", "en", "phrase", "three words in a row in one sentence of essay-00023"),
    Query("woman patient follows", "en", "phrase", "three words in a row in essay-00061"),
    Query("Long Take, No. 42", "en", "phrase", "the title of essay-00041"),
)
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# -- ground truth ------------------------------------------------------------------------------------

_INLINE = frozenset("a abbr b cite code em i mark q small span strong sub sup time".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _EssayText(HTMLParser):
    """The text of an essay's header and body (`.sca-head`, `.sca-body`), words of neighbouring blocks or
    languages kept apart by a space; scripts, styles and ¶ marks left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool | None]] = []  # (tag, None: outside, True: kept, False: skipped)
        self.parts: list[str] = []

    def _state(self) -> bool | None:
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        state = self._state()
        if tag not in _INLINE or "lang" in a:
            self.parts.append(" ")
        if tag in _VOID:
            return
        if state is not False and (tag in ("script", "style", "template") or "headerlink" in classes):
            state = False
        elif state is None and ({"sca-head", "sca-body"} & set(classes)):
            state = True
        self.stack.append((tag, state))

    def handle_endtag(self, tag) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        if self._state():
            self.parts.append(data)


def normalise(text: str) -> str:
    """NFKC, lower case, every run of punctuation and space one space; padded with a space each side."""
    text = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).lower())
    return f" {text.strip()} "


def essay_texts(site: Path) -> dict[str, str]:
    """'essays/<slug>/' -> the essay's own text, normalised."""
    out = {}
    for page in sorted(site.glob("essays/*/index.html")):
        parser = _EssayText()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "".join(parser.parts)
        if text.strip():
            out[page.parent.relative_to(site).as_posix() + "/"] = normalise(text)
    return out


def to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def relevant(q: Query, texts: dict[str, str]) -> list[str]:
    """The pages whose text holds the query (see the module's docstring)."""
    forms = {normalise(q.text).strip()}
    if HAN_RE.search(q.text):
        forms.add(normalise(to_simplified(q.text)).strip())
        return sorted(url for url, text in texts.items() if any(f in text for f in forms))
    if q.kind == "prefix":
        return sorted(url for url, text in texts.items() if any(f" {f}" in text for f in forms))
    return sorted(url for url, text in texts.items() if any(f" {f} " in text for f in forms))


def page_key(url: str) -> str:
    """A result's address as a site path: 'essays/x/' (no origin, anchor, query or index.html)."""
    path = urlsplit(url).path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def pages_of(urls: list[str]) -> list[str]:
    """Result addresses as distinct pages, in order."""
    return list(dict.fromkeys(page_key(u) for u in urls))


def score(results: list[str], rel: list[str] | set[str], k: int = K) -> dict:
    """recall@k (relevant pages among the first k, over min(k, relevant)), whether the first result is
    relevant, and the relevant pages among the first k. None when nothing is relevant."""
    rel = set(rel)
    top = results[:k]
    if not rel:
        return {"recall": None, "first_hit": None, "hits": 0}
    hits = sum(1 for page in top if page in rel)
    return {"recall": hits / min(k, len(rel)), "first_hit": bool(top) and top[0] in rel, "hits": hits}
