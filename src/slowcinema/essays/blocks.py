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


def split(html: str) -> list[Block]:
    parser = _Splitter(html)
    parser.feed(html)
    parser.close()
    if parser.start is not None:  # unclosed element: keep the rest as one block rather than lose it
        parser.blocks.append(Block(parser.tag, html[parser.start:]))
    return parser.blocks
