"""What the site publishes of the archive's bilingual bundles, decided once per build: the bundles
that get a page (and those left out, drafts with their images), what the home and section pages add
to their text (the manifestos' too), and the feeds."""

from __future__ import annotations

from dataclasses import dataclass

from ..languages import interface
from ..web import sanitize
from ..web.cache import BuildCache
from ..web.render import Renderer
from . import feeds, home, indexes, origins, redirects
from .build import BuildState
from .load import Archive

HOME, ESSAYS, MANIFESTO_INDEX = "index.md", "essays/index.md", "manifesto/index.md"


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


@dataclass(frozen=True)
class Publication:
    placed: list[Placed]  # the bundles that get a page
    dropped: list[str]  # the folders (URL prefixes) of those that do not
    drop: set[str]  # src_uris not published: the list of old addresses (data), the dropped bundles' files, images too
    files: dict[str, str]  # name -> content: the pages at old addresses and the feeds (`generated_files`)


def publish(st: BuildState, src_uris: list[str], site_url: str | None) -> Publication:
    """What the site publishes of the bundles, of `src_uris` (every file MkDocs found) and of the archive's
    data: one page per placed bundle, a small page at each old address (in place of the list), the feeds."""
    placed, dropped = place(st.archive, st.drafts)
    drop = {redirects.FILE} | {uri for uri in src_uris if uri.startswith(tuple(dropped))}
    return Publication(placed, dropped, drop, generated_files(st.archive, st.drafts, site_url, st.cache))


def page_content(st: BuildState, src_uri: str, html: str, source: str, page_url: str, start_here: list | None,
                 home_entries: int) -> tuple[str, list[str]]:
    """A page's content as the archive gives it, and warnings: contributor HTML cleaned, each finding at
    its line of `source` (the page's text), and the trusted components put back (`Stash.cleaned`); then
    the home page drawn as the journal's front page (slowcinema.archive.home), the essays' section page
    with their list. Every page, generated ones too: their Markdown holds no data, and what they show from
    data is audited where it is rendered, named at its data file and line (slowcinema.web.sanitize.report_generated)."""
    html, warnings = st.stash.cleaned(html, source, f"{st.docs_rel}/{src_uri}", st.cache)
    html, more = _added(st.renderer, st.archive, src_uri, html, page_url, start_here, st.drafts, home_entries, st.docs_rel)
    if page_url not in st.bundles:  # a page of the site's own (an essay's headings are in its languages' cells)
        html = interface.headings(html)
    return html, warnings + more


def _added(renderer: Renderer, archive: Archive, src_uri: str, html: str, page_url: str, start_here: list | None,
           drafts: bool, home_entries: int, docs_rel: str) -> tuple[str, list[str]]:
    if src_uri == HOME:
        return home.render(renderer, archive, html, page_url, start_here, drafts, home_entries, f"{docs_rel}/{HOME}")
    if src_uri == ESSAYS:
        listing, warnings = listed(renderer, archive.published(drafts), page_url, cache=renderer.cache)  # a thousand, say
        return html + listing, warnings
    return html, []


def entry_list(renderer: Renderer, bundles: list, page_url: str, compact: bool = False, kept: bool = True) -> str:
    """The entry list (newest first) of `bundles` (essays, manifesto texts...) on the page at
    `page_url`; `compact` leaves out the summaries. Kept in the build cache (unless not `kept`: for a list kept
    with more around it): a tag or section page lists every essay again in each build. Not audited: see `listed`."""
    render = renderer.kept if kept else renderer.render
    return render("sca/entry-list.html", entries=[indexes.entry_view(e) for e in bundles], page_url=page_url,
                  compact=compact)


def listed(renderer: Renderer, bundles: list, page_url: str, compact: bool = False,
           cache: BuildCache | None = None) -> tuple[str, list[str]]:
    """`entry_list` audited on its own (slowcinema.web.sanitize.report_generated), for a page that is not
    audited whole: a finding named at the front matter's file and line of the title or summary that holds
    it, the list published cleaned. Returns the list and the warnings; the list and its audit kept in `cache`, if
    given."""
    html = entry_list(renderer, bundles, page_url, compact, kept=cache is not None)
    return sanitize.report_generated(html, origins.entries(bundles), renderer.written(), cache=cache)


def manifesto_list(st: BuildState, src_uri: str, page_url: str) -> tuple[str, list[str]] | None:
    """The manifestos listed on docs/manifesto/index.md, and the warnings of its audit (None for any other page)."""
    if src_uri != MANIFESTO_INDEX:
        return None
    return listed(st.renderer, [m.text for m in st.archive.manifestos if st.drafts or not m.text.draft], page_url,
                  cache=st.cache)


def generated_files(archive: Archive, drafts: bool, site_url: str | None, cache: BuildCache | None = None) -> dict[str, str]:
    """The files the site gains from the archive's data: a small page at each old address (redirects.yml),
    and the feeds (kept in the build `cache`, if any)."""
    out = {f"{old}index.html": redirects.page(old, new, site_url) for old, new in archive.redirects.items()}
    names = {a.id: (a.name.zh, a.name.en) for a in archive.authors.values()}
    return out | feeds.build(indexes.bundles(archive, drafts), site_url or "http://127.0.0.1:8000/", names, cache)


def bilingual_toc(items, headings: dict[str, str]) -> None:
    """The page's table of contents (items with `id`, `title` and `children`, as MkDocs makes them)
    titled in both languages, for the headings the bilingual page paired (`headings`: id -> the title in each
    language, as the essay page rendered it: slowcinema.essays.page.EssayPage)."""
    for item in items:
        if item.id in headings:
            item.title = headings[item.id]
        bilingual_toc(item.children, headings)
