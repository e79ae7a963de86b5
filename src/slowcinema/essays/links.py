"""Links between the archive's bundles, in one documented form:

    [another essay](../other-slug/)            from either language file of an essay
    [a section of it](../other-slug/#anchor)

The link lands on the bundle's merged bilingual page. A Markdown treeprocessor (`LinkExtension`)
rewrites such a link, before MkDocs resolves links, to the target bundle's original language file,
which MkDocs then turns into the page's URL and whose anchors it checks. The file form
(`../other-slug/index.en.md`) keeps working. A link whose slug names no bundle, an absolute
`/essays/slug/` link and an `essay:slug` pseudo-link are reported with the file, the line, a fix and
the closest slug. `make check` uses the same extension and records every link it saw (`Link`) to check
anchors without MkDocs.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from ..content.problems import Problems, did_you_mean

SECTIONS = ("essays", "manifesto", "clips")  # folders under docs/ whose sub-folders are bundles
FORM = "../other-slug/ (or ../other-slug/#anchor)"
_PSEUDO_RE = re.compile(r"^(essay|essays|manifesto|clip|clips)\s*:", re.I)


@dataclass(frozen=True)
class Link:
    """A link of a page to a bundle: the target bundle's URL ('essays/x/') and the anchor, if any."""

    page: str  # src_uri of the page that links
    rel: str  # its file, for messages
    href: str  # as written
    target: str  # bundle URL
    anchor: str
    line: int | None


@dataclass
class LinkContext:
    """What the extension needs: the bundles (URL -> src_uri of the file to link to), the page being
    rendered (its src_uri, its file for messages, its source text for line numbers)."""

    bundles: dict[str, str] = field(default_factory=dict)
    drafts: set[str] = field(default_factory=set)  # URLs of bundles not published in this build
    src_uri: str = ""
    rel: str = ""
    text: str = ""
    first_line: int = 1  # the line of `text`'s first line in the file
    problems: Problems = field(default_factory=Problems)
    links: list[Link] = field(default_factory=list)

    def start(self, archive, dropped: list[str]) -> None:
        """Once the archive is loaded: the bundles a link may lead to, and those this build leaves out (URLs)."""
        self.bundles, self.drafts = targets(archive), set(dropped)

    def page(self, src_uri: str, rel: str, text: str, first_line: int = 1) -> None:
        self.src_uri, self.rel, self.text, self.first_line = src_uri, rel, text, first_line

    def warnings(self) -> list[str]:
        """The problems found since the last call, as warnings (each said once)."""
        out = [f"{p.file}{f':{p.line}' if p.line else ''}: {p.message} Fix: {p.fix}." for p in self.problems]
        self.problems = Problems()
        return out

    def line_of(self, href: str) -> int | None:
        for needle in (f"]({href}", f'"{href}"', href):
            at = self.text.find(needle)
            if at >= 0:
                return self.first_line + self.text.count("\n", 0, at)
        return None


def targets(archive) -> dict[str, str]:
    """Each bundle's URL -> the file a link to it leads to (its original language's), for `LinkContext.bundles`."""
    return {b.url: b.versions[b.original].src_uri for b in archive.bundles()}


def bundle_of(path: str) -> tuple[str, str] | None:
    """(section, slug) when a docs-relative path lies in a bundle folder, else None."""
    parts = path.split("/")
    if len(parts) >= 2 and parts[0] in SECTIONS and parts[1] and parts[1] not in (".", ".."):
        if len(parts) == 2 or (len(parts) == 3 and (parts[2] == "" or re.fullmatch(r"index\.[\w-]+\.md", parts[2]))):
            return parts[0], parts[1]
    return None


def resolve(href: str, ctx: LinkContext) -> str | None:
    """The href to give MkDocs instead of `href` (None: leave it), reporting what is wrong."""
    scheme, netloc, path, _query, anchor = urlsplit(href)
    if _PSEUDO_RE.match(href) or (href.startswith("/") and not netloc):
        target = path.strip("/").split("/")
        slug = href.split(":", 1)[1].strip().strip("/") if _PSEUDO_RE.match(href) else (target[1] if len(target) > 1 else "")
        ctx.problems.add(ctx.rel, ctx.line_of(href), "link", f"the link '{href}' is not a form the archive resolves",
                         f"link to another entry as {_suggest(slug, anchor, ctx)}")
        return None
    if not path and anchor and not (scheme or netloc):  # a link within the page (MkDocs checks it too)
        here = bundle_of(ctx.src_uri)
        if here:
            ctx.links.append(Link(ctx.src_uri, ctx.rel, href, f"{here[0]}/{here[1]}/", anchor, ctx.line_of(href)))
        return None
    if scheme or netloc or not path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.src_uri), unquote(path)))
    if target.startswith("../"):
        return None
    where = bundle_of(target + ("/" if path.endswith("/") else ""))
    if where is None:
        return None
    section, slug = where
    url = f"{section}/{slug}/"
    if url not in ctx.bundles:
        same = [u.split("/")[1] for u in ctx.bundles if u.startswith(f"{section}/")]
        ctx.problems.add(ctx.rel, ctx.line_of(href), "link", f"the link '{href}' names no entry: there is no "
                         f"docs/{section}/{slug}/.{did_you_mean(slug, same)}",
                         f"correct the slug (the folder's name under docs/{section}/); the form is {FORM}")
        return None
    if url in ctx.drafts:
        ctx.problems.add(ctx.rel, ctx.line_of(href), "link", f"the link '{href}' leads to a draft, which is not published",
                         f"publish docs/{section}/{slug}/ first (remove 'draft: true'), or remove the link")
        return None
    ctx.links.append(Link(ctx.src_uri, ctx.rel, href, url, anchor, ctx.line_of(href)))
    rel = posixpath.relpath(ctx.bundles[url], posixpath.dirname(ctx.src_uri) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def _suggest(slug: str, anchor: str, ctx: LinkContext) -> str:
    slug = slug or "other-slug"
    here = ctx.src_uri.split("/")[0]
    for url in ctx.bundles:
        section, name = url.split("/")[:2]
        if name == slug:
            prefix = "../" if section == here else f"../../{section}/"
            return f"'{prefix}{slug}/" + (f"#{anchor}'" if anchor else "'") + " (a relative link)"
    return f"'{FORM}' (a relative link)"


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md, ctx: LinkContext) -> None:
        super().__init__(md)
        self.ctx = ctx

    def run(self, root: etree.Element) -> None:
        if not self.ctx.src_uri:
            return None
        for el in root.iter("a"):
            href = el.get("href")
            if href:
                new = resolve(href, self.ctx)
                if new is not None:
                    el.set("href", new)
        return None


class LinkExtension(Extension):
    def __init__(self, context: LinkContext, **kwargs) -> None:
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the table of contents (5) has given headings their ids, before MkDocs' 'relpath' (0)
        # resolves links to files.
        md.treeprocessors.register(_LinkTreeprocessor(md, self.context), "sca_links", 1)

    def render_inputs(self) -> tuple:  # what a page's conversion reads beyond its Markdown (a kept page's key)
        return tuple(sorted(self.context.bundles.items())), tuple(sorted(self.context.drafts))

    def render_marks(self) -> int:  # what a conversion records beside the HTML: a page that adds to it is not kept
        return len(self.context.problems)
