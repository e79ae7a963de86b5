"""English typography: Python-Markdown's own `smarty` extension, on English text only.

A film journal prints “double” and ‘single’ quotes, the apostrophe (Tsai Ming-liang’s, the ’90s), en
and em dashes (1990--95 is 1990–95, --- is —) and the ellipsis (... is …). Contributors type them
straight. `smarty` makes them, written as the characters themselves (not `&rsquo;`: fewer bytes).

Only English text: a file `*.en.md` (`index.en.md`) whole, and in any other file the parts marked
`lang="en"` (`<div lang="en" markdown>`). Chinese text is left as written: it already writes “ ”
(which the 繁體 edition turns into 「」), and smarty's rules, made for words between spaces, would
turn a straight quote after a Han character the wrong way round. Text in another language inside an
English file (`lang="zh-Hans"`) is left too. Code, raw HTML and attributes are never touched; `\\"`
keeps a straight quote.

The build (the archive plugin) and `make check` add the same extension, given the file being rendered.
An English title or summary from front matter, plain text that Markdown never sees, gets the same
characters from `plain` (the essay loader applies it, so listings, feeds and citations agree).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Extension
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

SMARTY = {
    "smart_quotes": True,
    "smart_dashes": True,
    "smart_ellipses": True,
    "smart_angled_quotes": False,  # << >> are not English
    "substitutions": {"left-single-quote": "‘", "right-single-quote": "’", "left-double-quote": "“",
                      "right-double-quote": "”", "ndash": "–", "mdash": "—", "ellipsis": "…"},
}


def _english(lang: str) -> bool:
    lang = lang.lower()
    return lang == "en" or lang.startswith("en-")


class _EnglishOnly(Treeprocessor):
    """Runs smarty's inline processor with every text that is not English hidden from it (as an
    AtomicString, which inline patterns skip), then gives that text back as it was."""

    def __init__(self, md, smarty: Treeprocessor, src_uri: Callable[[], str]) -> None:
        super().__init__(md)
        self.smarty, self.src_uri = smarty, src_uri

    def run(self, root: etree.Element) -> None:
        english = self.src_uri().endswith(".en.md")
        if not english and not any(_english(el.get("lang", "")) for el in root.iter()):
            return
        hidden: list[tuple[etree.Element, str]] = []
        shown = 0  # English texts that smarty has something to do with

        def hide(el: etree.Element, en: bool) -> None:
            nonlocal shown
            if el.get("lang"):
                en = _english(el.get("lang"))
            for owner, attr in ((el, "text"), *((child, "tail") for child in el)):  # a tail is its parent's language
                if owner is not el:
                    hide(owner, en)
                text = getattr(owner, attr)
                if not text or isinstance(text, AtomicString):
                    continue
                if en and _SMARTY_WORK.search(text):
                    shown += 1
                else:  # not English, or nothing for smarty's patterns: hidden, which changes nothing and saves the pass
                    setattr(owner, attr, AtomicString(text))
                    hidden.append((owner, attr))

        hide(root, english)
        if shown:
            self.smarty.run(root)
        for el, attr in hidden:
            if isinstance(getattr(el, attr), AtomicString):
                setattr(el, attr, str(getattr(el, attr)))


# What every pattern of smarty's (quotes, dashes, the ellipsis; not angled quotes, which SMARTY leaves off) needs
# in a text to match at all. Python-Markdown's inline processor tries each pattern on each text it is given.
_SMARTY_WORK = re.compile(r"""['"]|--|\.\.\.""")


class EnglishTypography(Extension):
    """smarty (options: SMARTY) on the English text of the file `src_uri()` names (docs-relative)."""

    def __init__(self, src_uri: Callable[[], str]) -> None:
        super().__init__()
        self.src_uri = src_uri

    def extendMarkdown(self, md) -> None:
        SmartyExtension(**SMARTY).extendMarkdown(md)
        md.treeprocessors.register(_EnglishOnly(md, md.treeprocessors["smarty"], self.src_uri), "smarty", 6)


# smarty's rules for plain text, in order: dashes and the ellipsis, then apostrophes (inside a word, before
# a decade, after a word as in "the directors'"), then the quotes that open after a space or a bracket.
_PLAIN = [
    (re.compile(r"---"), "—"),
    (re.compile(r"--"), "–"),
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),
    (re.compile(r"'(?=\d0s\b)"), "’"),
    (re.compile(r"(?<=[\w.,;:!?)\]…–—])'"), "’"),
    (re.compile(r"'"), "‘"),
    (re.compile(r'(?:^|(?<=[\s(\[—–‘]))"'), "“"),
    (re.compile(r'"'), "”"),
]


def plain(text: str) -> str:
    """English plain text (a title, a summary) with the characters `smarty` gives English Markdown:
    “ ” ‘ ’ – — …"""
    for pattern, char in _PLAIN:
        text = pattern.sub(char, text)
    return text
