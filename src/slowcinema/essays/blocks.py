"""Split rendered HTML into its top-level blocks, keeping each block's exact source text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MARKER_RE = re.compile(r"^<!--\s*(join|alone)\s*-->$")


@dataclass(frozen=True)
class Block:
    tag: str  # element name, '#text' for loose text, '#marker' for an alignment marker
    html: str
    marker: str | None = None  # 'join' or 'alone' for markers

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADINGS

    def text(self) -> str:
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", self.html)).strip()


class _Splitter(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.depth = 0
        self.start: int | None = None
        self.tag = ""
        self.blocks: list[Block] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _open(self, tag: str) -> None:
        if self.depth == 0:
            self.start, self.tag = self._offset(), tag

    def _close_at(self, end: int) -> None:
        assert self.start is not None
        self.blocks.append(Block(self.tag, self.html[self.start:end]))
        self.start = None

    def handle_starttag(self, tag, attrs):
        self._open(tag)
        if tag in VOID:
            if self.depth == 0:
                self._close_at(self._offset() + len(self.get_starttag_text() or ""))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self._open(tag)
            self._close_at(self._offset() + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self._close_at(end)

    def handle_comment(self, data):
        if self.depth == 0:
            m = MARKER_RE.match(f"<!--{data}-->")
            if m:
                self.blocks.append(Block("#marker", "", m.group(1)))

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.blocks.append(Block("#text", data.strip()))

    def handle_entityref(self, name):
        if self.depth == 0:
            self.blocks.append(Block("#text", f"&{name};"))

    def handle_charref(self, name):
        if self.depth == 0:
            self.blocks.append(Block("#text", f"&#{name};"))


# The HTML the archive's own steps write (nh3's output, Python-Markdown's), token by token: a comment without "--" in
# it, not opening with ">" or "->" (which HTMLParser reads differently from one Python to the next); a start tag whose
# attributes are name="value" after one space each, closed by ">", "/>" or " />"; an end tag; text without "<". Any
# other "<" is a token of its own, and `_quick` then leaves the HTML to HTMLParser. Every language file of the real
# archive is read quickly (tests/test_alignment.py), and so were the 2,002 of the benchmark's archive at N = 1,000.
_TOKEN_RE = re.compile(r'(<!--(?!>|->)(?:[^-]|-(?!-))*-->'
                       r'|<([a-zA-Z][a-zA-Z0-9]*)(?: [a-zA-Z_:][-a-zA-Z0-9_:.]*="[^"]*")*( ?/)?>'
                       r'|</([a-zA-Z][a-zA-Z0-9]*)>'
                       r'|[^<]+|<)')
_CDATA = {"script", "style"}  # HTMLParser reads their content as text, not as tags


def _quick(html: str) -> list[Block] | None:
    """The blocks `_Splitter` finds, for HTML made only of `_TOKEN_RE`'s tokens (else None), without HTMLParser:
    one regular expression over the whole text, where HTMLParser runs several and a Python method or two a token."""
    blocks: list[Block] = []
    depth, start, tag, at = 0, 0, "", 0
    for whole, opened, closes_itself, closed in _TOKEN_RE.findall(html):
        here, at = at, at + len(whole)
        if opened:
            opened = opened.lower()
            if opened in _CDATA:
                return None
            if closes_itself or opened in VOID:  # <br />, HTMLParser's handle_startendtag; <br>, a void element
                if depth == 0:
                    blocks.append(Block(opened, whole))
            else:
                if depth == 0:
                    start, tag = here, opened
                depth += 1
        elif closed:
            if depth and closed.lower() not in VOID:
                depth -= 1
                if depth == 0:
                    blocks.append(Block(tag, html[start:at]))
        elif whole[0] == "<":
            if whole == "<":
                return None  # a "<" that begins none of the tokens above
            if depth == 0:
                marker = MARKER_RE.match(whole)
                if marker:
                    blocks.append(Block("#marker", "", marker.group(1)))
        elif depth == 0:
            if "&" in whole:
                return None  # HTMLParser makes a block of each character reference at the top level
            if whole.strip():
                blocks.append(Block("#text", whole.strip()))
    if depth:  # unclosed element: kept as one block, as `split` keeps it
        blocks.append(Block(tag, html[start:]))
    return blocks


def split(html: str) -> list[Block]:
    quick = _quick(html)
    if quick is not None:
        return quick
    return _split(html)


def _split(html: str) -> list[Block]:
    """`split` by HTMLParser, for any HTML."""
    parser = _Splitter(html)
    parser.feed(html)
    parser.close()
    if parser.start is not None:  # unclosed element: keep the rest as one block rather than lose it
        parser.blocks.append(Block(parser.tag, html[parser.start:]))
    return parser.blocks
