"""`/// clip` in an essay: embeds one clip of a gallery, with its notes.

    /// clip
        gallery: long-take-studies
        id: rain-at-night
    ///

The Markdown block (a pymdownx.blocks Block) leaves a placeholder, an empty <div> holding the
comment `<!-- sca-clip <gallery> <clip> -->` (a comment, so that the archive's sanitiser, which
keeps comments and drops unknown attributes, lets it through); the clips plugin fills it with the clip (the page's language decides the notes' language). Before rendering,
`find()` reads the page's source for these blocks so that an unknown gallery or clip is a build
error naming the file and line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_string

from ..content import source
from ..content.problems import Problems, did_you_mean

SLOT_MARK = "<!-- sca-clip "
EMBEDDED_MARK = 'class="sca-clip sca-clip-embedded"'
SLOT_RE = re.compile(r"<div>\s*<!-- sca-clip ([a-z0-9-]+) ([a-z0-9-]+) -->\s*</div>")
_PLAYER_RE = re.compile(r'<figure class="sca-clip sca-clip-embedded"[^>]*>.*?</figure>', re.S)
_NOTES_HEAD_RE = re.compile(r'<p class="sca-notes-head" id="([^"]+)"')
_NOTES_LIST_RE = re.compile(r'(<ol class="sca-notes" aria-labelledby=")[^"]*(")')
_OPEN_RE = re.compile(r"^(\s*)/{3,}\s*clip\s*$")
_OPTION_RE = re.compile(r"^\s+(\w+)\s*:\s*(.*?)\s*$")


class ClipBlock(Block):
    NAME = "clip"
    ARGUMENT = False
    OPTIONS = {"gallery": ("", type_string), "id": ("", type_string)}

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")

    def on_end(self, block: etree.Element) -> None:
        ids = [re.sub(r"[^a-z0-9-]", "", self.options[k]) or "-" for k in ("gallery", "id")]
        for child in list(block):  # the block has no body: whatever was written inside is dropped
            block.remove(child)
        block.text = self.md.htmlStash.store(f"<!-- sca-clip {ids[0]} {ids[1]} -->")


class ClipBlockExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(ClipBlock, self.getConfigs())


@dataclass(frozen=True)
class BlockRef:
    gallery: str
    clip: str
    line: int


def find(text: str) -> list[BlockRef]:
    """Every `/// clip` block in a page's source (file lines, front matter included)."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if not _OPEN_RE.match(line):
            continue
        opts = {}
        for follow in lines[i + 1:]:
            m = _OPTION_RE.match(follow)
            if not m:
                break
            opts[m.group(1)] = m.group(2).strip("'\"")
        out.append(BlockRef(opts.get("gallery", ""), opts.get("id", ""), i + 1))
    return out


def has_blocks(markdown: str) -> bool:  # whether a page's Markdown may hold a `/// clip` block (found fast)
    return "/// clip" in markdown


def check_page(markdown: str, path: Path | None, src_uri: str, rel: str, galleries: list) -> Problems:
    """The problems of the `/// clip` blocks of a page, whose Markdown is `markdown`: none without a
    block or a file; else its file at `path` is read again, so that the lines are the file's."""
    problems = Problems()
    if has_blocks(markdown) and path is not None:
        check(find(source.read_text(path, src_uri, problems) or ""), galleries, rel, problems)
    return problems


def check(refs: list[BlockRef], galleries: list, rel: str, problems: Problems) -> None:
    by_slug = {g.slug: g for g in galleries}
    for ref in refs:
        if not ref.gallery or not ref.clip:
            missing = "gallery" if not ref.gallery else "id"
            problems.add(rel, ref.line, f"clip.{missing}", f"the clip block has no '{missing}:' option",
                         "write the options indented under '/// clip': gallery: <gallery-slug> and id: <clip-id>")
            continue
        g = by_slug.get(ref.gallery)
        if g is None:
            problems.add(rel, ref.line, "clip.gallery", f"unknown gallery '{ref.gallery}'.{did_you_mean(ref.gallery, by_slug)}",
                         "use the name of a folder in docs/clips/")
            continue
        c = g.clip(ref.clip)
        if c is None:
            problems.add(rel, ref.line, "clip.id", f"the gallery '{g.slug}' has no clip '{ref.clip}'.{did_you_mean(ref.clip, [x.id for x in g.clips])}",
                         f"use the id of a file in docs/clips/{g.slug}/clips/")
        elif c.withheld:
            problems.add(rel, ref.line, "clip.id", f"the clip '{ref.clip}' is withheld (not published)",
                         "embed another clip, or publish this one first (see CONTRIBUTING.md, 'withheld')")


def label_copies(html: str) -> str:
    """Each embedded player's list of notes labelled by the notes heading of the same player.

    An essay page holds one copy of a Chinese player per script: the 繁體 copy is the simplified one
    converted, and the essay page renames its ids where they collide (`...-notes-label--hant`), but
    not the ids an `aria-labelledby` names. So once the page is whole (slowcinema.essays.page.build),
    every player is pointed at its own heading again, whatever its ids became. (The player's template
    has no nested <figure>.)"""
    def relabel(m: re.Match) -> str:
        player = m.group(0)
        head = _NOTES_HEAD_RE.search(player)
        return _NOTES_LIST_RE.sub(lambda n: n.group(1) + head.group(1) + n.group(2), player, count=1) if head else player
    return _PLAYER_RE.sub(relabel, html) if EMBEDDED_MARK in html else html
