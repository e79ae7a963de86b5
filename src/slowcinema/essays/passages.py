"""Passages: each paired paragraph (row) of an essay gets an anchor a link can keep.

The anchor is a short hash of the original-language paragraph's normalised text (`p-` and six hex
digits), so it does not shift when a paragraph is added or removed elsewhere. A paragraph without
text (a figure alone), one whose text repeats an earlier paragraph's, or one whose hash is already
an id on the page falls back to its row number (`p-n7`), which does shift. Editing a paragraph's own
words changes its anchor: the reader's script then lands an old link on the nearest section with a
notice (passages.js). Also here: the citation of a passage, as templates the page's script fills in.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import re
import unicodedata

from ..archive import citation

PREFIX = "p-"
ANCHOR_RE = re.compile(r"^p-(?:[0-9a-f]{6}|n[0-9]+)$")  # kept in step with passages.js
# Tokens of the citation templates, replaced by the page's script (safe in BibTeX, JSON and URLs).
TOKEN_ANCHOR, TOKEN_NUMBER = "SCAPASSAGE", "SCAPARA"
LOCATOR = {"en": f"para. {TOKEN_NUMBER}", "zh": f"第{TOKEN_NUMBER}段", "zh-Hant": f"第{TOKEN_NUMBER}段"}
FILE = "passages.json"  # beside the page, fetched when a reader asks for a passage's citation

_NOTE_REF_RE = re.compile(r'<sup\b[^>]*\bid="fnref[^"]*"[^>]*>.*?</sup>', re.S)
_PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def normalise(html: str) -> str:
    """The words of a paragraph: no markup, footnote numbers or permalinks, Unicode NFKC, one space
    between words, lower case. Changing emphasis, a link or a footnote's number keeps the anchor."""
    text = _TAG_RE.sub("", _PERMALINK_RE.sub("", _NOTE_REF_RE.sub("", html)))
    text = unicodedata.normalize("NFKC", htmllib.unescape(text))
    return " ".join(text.split()).lower()


def digest(text: str) -> str:
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def anchors(paragraphs: list[str], taken: set[str] = frozenset()) -> list[str]:
    """The anchor of each paragraph (its original-language HTML, in page order); `taken` holds the
    page's other ids, which an anchor never repeats."""
    out: list[str] = []
    used = set(taken)
    for n, html in enumerate(paragraphs, start=1):
        text = normalise(html)
        anchor = digest(text) if text else ""
        if not anchor or anchor in used:
            anchor = f"{PREFIX}n{n}"
            while anchor in used:
                anchor += "-"
        used.add(anchor)
        out.append(anchor)
    return out


def cite_templates(works: list[citation.Work]) -> str:
    """The citations of a passage in each language, as JSON {BCP 47 tag: {text, bibtex, csl}}:
    `works` are the whole essay's, one per language; the templates hold TOKEN_ANCHOR where the
    passage's anchor goes and TOKEN_NUMBER where its paragraph number goes."""
    out = {}
    for w in works:
        passage = citation.Work(f"{w.id}:{TOKEN_ANCHOR}", w.lang, w.title, w.authors, w.date,
                                f"{w.url}#{TOKEN_ANCHOR}", w.translators, locator=LOCATOR[w.lang])
        out[citation.BCP47[w.lang]] = citation.formats(passage)
    return json.dumps(out, ensure_ascii=False, indent=0)
