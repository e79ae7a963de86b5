"""The `/// timeline` Markdown block: a filtered timeline inside any page (pymdownx.blocks).

    /// timeline
        kind: film
        tag: long-take
        from: 1960
        to: 1999
        people: Béla Tarr
    ///

Options (all optional, combined with "and"): `kind` and `tag` (one id or a list; any of them),
`from`/`to` (years, inclusive), `people` (a name or a list, matched against an event's `people`,
in either language). Nothing goes between the header and the closing `///`.

How the block gets its data: Markdown is rendered page by page after the archive is loaded, so the
plugin creates one `BlockContext` in `on_config`, appends a `TimelineBlockExtension(context)` to
`config.markdown_extensions`, and fills the context in `on_files` (`BlockContext.start`: the items)
and `on_page_markdown` (`BlockContext.page`: its file, URL, language and the lines of its blocks); after
rendering, `BlockContext.rendered` reports the blocks pymdownx did not take. The block reads
the context when it renders. Its HTML is audited where it is rendered (`html.render_block`: a finding
named at the data file and line of its value, the timeline published cleaned), the warnings handed to the
plugin by `BlockContext.rendered`; then it goes through the archive plugin's stash of trusted components,
since the page around it is sanitised after rendering. It validates its own options and reports every problem into
`context.problems` with the page's file and the block's line; the plugin fails the build on them.

Lines: pymdownx does not know where a block is in the file, so `mark_lines` (called by the plugin
before rendering) writes each block's line into its header as a hidden option, `sca-line: <n>`.
A header whose options are not valid YAML is not taken by pymdownx at all; `leftovers` finds it in
the rendered HTML by that same mark.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..content import schema, source
from ..content.fields import Place
from ..content.problems import Problems, did_you_mean
from ..archive.build import BuildState
from ..web.render import Renderer
from .html import render_block
from .model import EVENT_KINDS
from .view import Filter, Item

OPTIONS = schema.TIMELINE_BLOCK.names
LINE_KEY = "sca-line"
_HEADER_RE = re.compile(r"^[ ]{0,3}/{3,}[ ]*timeline\b.*$")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_LEFTOVER_RE = re.compile(r"/{3,}\s*timeline\b.*?" + LINE_KEY + r":\s*(\d+)", re.S)


@dataclass
class BlockContext:
    items: list[Item] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # kinds a block may ask for
    tags: set[str] = field(default_factory=set)
    renderer: Renderer | None = None
    problems: Problems = field(default_factory=Problems)
    rel: str = ""  # the page's file, for messages
    page_url: str = ""
    only: str | None = None  # zh or en inside one language file of an essay
    stash: Any = None  # the archive plugin's slowcinema.web.components.Stash, when there is one
    warnings: list[str] = field(default_factory=list)  # the audit's, of the blocks of the page being rendered

    def start(self, items: list[Item], st: BuildState) -> None:
        """Once the archive is loaded: the items a block may show, the kinds and tags it may ask for."""
        self.items, self.tags, self.renderer, self.stash = items, set(st.archive.tags), st.renderer, st.stash
        self.kinds = set(EVENT_KINDS) | {i.kind for i in items}

    def page(self, markdown: str, src_uri: str, url: str, path: Path | None, rel: str) -> str:
        """Before a page renders: its file, URL and language (a language file of an essay shows that
        language only), and `markdown` with each block's line in the file marked (see `mark_lines`)."""
        self.rel, self.page_url = rel, url
        name = src_uri.rsplit("/", 1)[-1]
        self.only = next((lang for lang in ("zh-Hant", "zh", "en") if name.endswith(f".{lang}.md")), None)
        lines: list[int] = []
        if has_blocks(markdown) and path is not None:
            lines = header_lines(source.read_text(path, rel, Problems()) or "")
        return mark_lines(markdown, lines)

    def rendered(self, html: str) -> list[str]:
        """After a page renders: a problem for each block whose options pymdownx could not read. Returns the
        warnings of the audit of its blocks' timelines (each at the data file and line of its value)."""
        warnings, self.warnings = list(dict.fromkeys(self.warnings)), []
        for line in leftovers(html):
            self.problems.add(self.rel, line, "timeline",
                              "the options of this timeline block cannot be read (they are not valid YAML)",
                              "write one 'option: value' per line, indented by four spaces, e.g. '    kind: film'")
        return warnings


def has_blocks(markdown: str) -> bool:  # whether a page's Markdown may hold a `/// timeline` block (found fast)
    return "timeline" in markdown


def header_lines(text: str, first_line: int = 1) -> list[int]:
    """Lines (numbered from `first_line`) of the `/// timeline` headers of `text`, outside code fences."""
    out, fence = [], None
    for n, line in enumerate(text.split("\n"), first_line):
        m = _FENCE_RE.match(line)
        if m:
            mark = m.group(1)[0]
            if fence is None:
                fence = mark
            elif fence == mark:
                fence = None
            continue
        if fence is None and _HEADER_RE.match(line):
            out.append(n)
    return out


def mark_lines(markdown: str, lines: list[int]) -> str:
    """Write each block's file line into its header, as the option `sca-line` (see the module doc)."""
    found = header_lines(markdown) if has_blocks(markdown) else []  # a page without the word: no line to read
    if not found:
        return markdown
    rows = markdown.split("\n")
    pairs = list(zip(found, lines)) if len(lines) == len(found) else [(n, n) for n in found]
    for row, file_line in reversed(pairs):
        rows.insert(row, f"    {LINE_KEY}: {file_line}")  # row is 1-based: this inserts after the header
    return "\n".join(rows)


def leftovers(html: str) -> list[int]:
    """Lines of timeline blocks that pymdownx did not take (their options are not valid YAML)."""
    return [int(n) for n in _LEFTOVER_RE.findall(html)] if LINE_KEY in html else []  # the key's absence: found fast


def _names(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def read_options(options: dict, argument: str | None, ctx: BlockContext, line: int | None) -> Filter | None:
    """The block's options as a Filter, or None after reporting every problem with its place."""
    before = len(ctx.problems)

    def bad(key: str, message: str, fix: str) -> None:
        ctx.problems.add(ctx.rel, line, f"timeline.{key}" if key else "timeline", message, fix)

    if argument:
        bad("", f"a timeline block takes no title ('| {argument}')", "remove '| ...' from the '/// timeline' line")
    schema.TIMELINE_BLOCK.unknown(options, ctx.rel, ctx.problems, where="timeline", line=line)

    def ids(key: str, known: Iterable[str], what: str) -> tuple[str, ...]:
        out = []
        for value in _names(options.get(key, [])):
            if not isinstance(value, str) or value not in known:
                bad(key, f"{value!r} is not a {what}.{did_you_mean(str(value), known)}",
                    f"use one of: {', '.join(sorted(known))}")
            else:
                out.append(value)
        return tuple(out)

    def year(key: str) -> int | None:
        value = options.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
            return int(value)
        bad(key, f"{value!r} is not a year", f"write a year with four digits, e.g. {key}: 1960")
        return None

    kinds, tags = ids("kind", ctx.kinds, "kind of event"), ids("tag", ctx.tags, "tag")
    start, end = year("from"), year("to")
    if start is not None and end is not None and end < start:
        bad("to", f"'to: {end}' comes before 'from: {start}'", "swap the two years")
    people = []
    for value in _names(options.get("people", [])):
        if not isinstance(value, str) or not value.strip():
            bad("people", f"{value!r} is not a name", "write people: Béla Tarr (or a list of names)")
        elif (name := schema.TIMELINE_BLOCK.plain("people", value, Place(ctx.rel, line, "timeline.people"), ctx.problems)):
            people.append(name)  # plain text, by the archive's one rule set
    if len(ctx.problems) > before:
        return None
    return Filter(kinds, tags, start, end, tuple(people))


class TimelineBlock(Block):
    NAME = "timeline"
    ARGUMENT = None  # any argument is accepted here and reported by read_options
    OPTIONS: dict = {}

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        # pymdownx silently ignores a block with an unknown option; this one reports it instead.
        self.argument = arg
        line = options.pop(LINE_KEY, None)
        self.line = line if isinstance(line, int) else None
        self.raw_options = options
        self.options = {"attrs": {}}
        return True

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ctx: BlockContext = self.config["context"]
        el = etree.SubElement(parent, "div")
        chosen = read_options(self.raw_options, self.argument, ctx, self.line)
        if chosen is not None and ctx.renderer is not None:
            items = [i for i in ctx.items if chosen.accepts(i)]
            html, warnings = render_block(items, ctx.renderer, ctx.page_url, ctx.only)  # audited: cleaned if found
            ctx.warnings += warnings
            # The page is sanitised as a whole after rendering; our trusted HTML waits in the stash and
            # comes back after cleaning (see slowcinema.web.components).
            el.text = self.md.htmlStash.store(ctx.stash.put(html) if ctx.stash is not None else html)
        self.content = etree.Element("div")
        return el

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.content

    def on_end(self, block: etree.Element) -> None:
        if (self.content.text or "").strip() or len(self.content):
            ctx: BlockContext = self.config["context"]
            ctx.problems.add(ctx.rel, self.line, "timeline", "a timeline block has no content of its own",
                             "put options indented by four spaces under '/// timeline', and text outside the block")


class TimelineBlockExtension(BlocksExtension):
    def __init__(self, context: BlockContext, **kwargs: Any) -> None:
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md, block_mgr) -> None:  # noqa: N802 (pymdownx's name)
        block_mgr.register(TimelineBlock, {"context": self.context})

    def render_marks(self) -> tuple[int, int, int]:  # a block reports a problem or stashes its timeline: not kept
        ctx = self.context
        return len(ctx.problems), len(ctx.warnings), ctx.stash.size if ctx.stash is not None else 0
