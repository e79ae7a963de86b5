"""Pairing the blocks of two language versions, section by section, at build time.

Sections start at each level-2 heading; the text before the first one is the opening section.
Within a section, blocks are paired in order. Two markers, written as HTML comments on a line of
their own in the Markdown, pin the pairing where one paragraph must map to two:

- `<!-- join -->`  the next block joins the previous one (two paragraphs answer one);
- `<!-- alone -->` the next block has no counterpart (a translator's note, say).

A section whose counts still differ is not paired at all (both texts shown in full, one after the
other) and reported as a mismatch naming both files, the section and the two counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, split


@dataclass
class Group:
    blocks: list[Block] = field(default_factory=list)
    alone: bool = False

    @property
    def html(self) -> str:
        return "\n".join(b.html for b in self.blocks)


@dataclass
class Section:
    heading: Block | None
    groups: list[Group]

    def label(self) -> str:
        return self.heading.text().rstrip("¶").strip() if self.heading else ""


@dataclass
class Row:
    """One row of the page: the group of each language, None where a language has nothing here."""

    a: Group | None
    b: Group | None


@dataclass
class AlignedSection:
    index: int
    rows: list[Row]
    paired: bool


@dataclass(frozen=True)
class Mismatch:
    section: int  # 0 = the opening, 1 = the first '##' section...
    label_a: str
    label_b: str
    count_a: int
    count_b: int
    line_a: int | None = None
    line_b: int | None = None


def sections(blocks: list[Block]) -> list[Section]:
    out = [Section(None, [])]
    pending: str | None = None
    for block in blocks:
        if block.tag == "#marker":
            pending = block.marker
            continue
        if block.tag == "h2":
            out.append(Section(block, [Group([block])]))
            pending = None
            continue
        groups = out[-1].groups
        if pending == "join" and groups and not groups[-1].alone:
            groups[-1].blocks.append(block)
        else:
            groups.append(Group([block], alone=pending == "alone"))
        pending = None
    if not out[0].groups:
        out.pop(0)
        out.insert(0, Section(None, []))
    return out


def align(html_a: str, html_b: str) -> tuple[list[AlignedSection], list[Mismatch]]:
    sa, sb = sections(split(html_a)), sections(split(html_b))
    result: list[AlignedSection] = []
    mismatches: list[Mismatch] = []
    for i in range(max(len(sa), len(sb))):
        a = sa[i] if i < len(sa) else Section(None, [])
        b = sb[i] if i < len(sb) else Section(None, [])
        ca = sum(1 for g in a.groups if not g.alone)
        cb = sum(1 for g in b.groups if not g.alone)
        if ca != cb:
            mismatches.append(Mismatch(i, a.label(), b.label(), ca, cb))
            rows = [Row(g, None) for g in a.groups] + [Row(None, g) for g in b.groups]
            result.append(AlignedSection(i, rows, paired=False))
            continue
        rows: list[Row] = []
        ia = ib = 0
        while ia < len(a.groups) or ib < len(b.groups):
            ga = a.groups[ia] if ia < len(a.groups) else None
            gb = b.groups[ib] if ib < len(b.groups) else None
            if ga is not None and ga.alone:
                rows.append(Row(ga, None))
                ia += 1
            elif gb is not None and gb.alone:
                rows.append(Row(None, gb))
                ib += 1
            else:
                rows.append(Row(ga, gb))
                ia += 1
                ib += 1
        result.append(AlignedSection(i, rows, paired=True))
    return result, mismatches


_FENCE_RE = re.compile(r"^(```|~~~)")


def heading_lines(body: str, first_line: int) -> list[int]:
    """File lines of the level-2 headings of a Markdown body (outside code fences), in order."""
    lines, fenced = [], False
    for n, line in enumerate(body.split("\n")):
        if _FENCE_RE.match(line.lstrip()):
            fenced = not fenced
        elif not fenced and re.match(r"^##(?!#)\s", line):
            lines.append(first_line + n)
    return lines
