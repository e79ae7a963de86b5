"""What the site publishes of the archive's bilingual bundles, decided once per build: the bundles
that get a page (and those left out, drafts with their images), the lists on the home and section
pages, and the feeds."""

from __future__ import annotations

from dataclasses import dataclass

from ..essays.bundle import Essay
from ..web.render import Renderer
from . import citation, feeds, indexes
from .load import Archive

HOME, ESSAYS = "index.md", "essays/index.md"


@dataclass(frozen=True)
class Placed:
    """A bundle's language files (src_uri by language), published as one page at `url`."""

    url: str
    original: str
    src_uris: dict[str, str]


def place(archive: Archive, drafts: bool) -> tuple[list[Placed], list[str]]:
    """The bundles (essays, manifestos) that get a page, and the folders (URL prefixes) of those that
    do not: drafts, unless `drafts` (`mkdocs serve`)."""
    placed, dropped = [], []
    for b in archive.bundles():
        if b.draft and not drafts:
            dropped.append(b.url)
        else:
            placed.append(Placed(b.url, b.original, {lang: v.src_uri for lang, v in b.versions.items()}))
    return placed, dropped


def listing(archive: Archive, src_uri: str, drafts: bool, home_entries: int) -> list | None:
    """The entries the home page (the newest `home_entries`) or the essays' section page lists."""
    if src_uri == HOME:
        return indexes.bundles(archive, drafts)[:home_entries]
    if src_uri == ESSAYS:
        return archive.published(drafts)
    return None


def entry_list(renderer: Renderer, bundles: list, page_url: str, compact: bool = False) -> str:
    """The entry list (newest first) of `bundles` (essays, manifesto texts...) on the page at
    `page_url`; `compact` leaves out the summaries."""
    return renderer.render("sca/entry-list.html", entries=[indexes.entry_view(e) for e in bundles], page_url=page_url,
                           compact=compact)


def feed_files(archive: Archive, drafts: bool, site_url: str | None) -> dict[str, str]:
    names = {a.id: (a.name.zh, a.name.en) for a in archive.authors.values()}
    return feeds.build(indexes.bundles(archive, drafts), site_url or "http://127.0.0.1:8000/", names)


def citation_meta(essay: Essay, archive: Archive, permalink: str) -> list[tuple[str, str]]:
    """A bundle page's citation <meta> tags, for reference managers: the work in its original language."""
    original = essay.versions[essay.original]
    key = "en" if essay.original == "en" else "zh"
    people = tuple(archive.authors[a].name.get(key) for a in essay.authors)
    return citation.meta_tags(citation.Work(f"sca:{essay.slug}", essay.original, original.title, people, essay.date,
                                            permalink))


def bilingual_toc(items, headings: dict, renderer: Renderer) -> None:
    """The page's table of contents (items with `id`, `title` and `children`, as MkDocs makes them)
    titled in both languages, for the headings the bilingual page paired (`headings`: id -> titles)."""
    for item in items:
        if item.id in headings:
            item.title = renderer.render("sca/toc-title.html", titles=headings[item.id])
        bilingual_toc(item.children, headings, renderer)
