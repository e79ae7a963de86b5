"""Pages that gather entries across kinds: one per tag, one per author or translator, and the
related entries at the foot of an essay. Computed once per build from the archive."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..essays.bundle import Essay
from ..languages import hant
from ..languages.codes import FILE_LANGS
from ..web.cache import BuildCache, Fed
from ..web.escape import yaml_scalar
from .load import Archive

RELATED = 3


@dataclass(frozen=True)
class Listed:
    """An entry as a list shows it."""

    bundle: Essay  # the bilingual text (an essay, a manifesto's preamble...)
    role: str = "author"  # on an author's page: author or translator


def bundles(archive: Archive, include_drafts: bool = False) -> list[Essay]:
    """Every entry with a bilingual text: essays, manifestos, clip galleries, newest first."""
    out = archive.published(include_drafts) + [m.text for m in archive.manifestos if include_drafts or not m.text.draft]
    out += [g for g in archive.galleries if include_drafts or not g.draft]
    return sorted(out, key=lambda e: (e.date, e.slug), reverse=True)


def events_by_tag(archive: Archive) -> dict[str, list]:
    """Timeline events (docs/timeline/) by tag, in time order."""
    out: dict[str, list] = {t: [] for t in archive.tags}
    for e in sorted(getattr(archive.timeline, "events", ()), key=lambda e: e.when.sort_key()):
        for t in e.tags:
            if t in out:
                out[t].append(e)
    return out


def by_tag(archive: Archive, include_drafts: bool = False) -> dict[str, list[Essay]]:
    out: dict[str, list[Essay]] = {t: [] for t in archive.tags}
    for b in bundles(archive, include_drafts):
        for t in b.tags:
            out[t].append(b)
    return out


def by_film(archive: Archive, include_drafts: bool = False) -> dict[str, list[Essay]]:
    out: dict[str, list[Essay]] = {f: [] for f in archive.films}
    for b in bundles(archive, include_drafts):
        for f in b.films:
            out[f].append(b)
    return out


def by_person(archive: Archive, include_drafts: bool = False) -> dict[str, list[Listed]]:
    out: dict[str, list[Listed]] = {a: [] for a in archive.authors}
    for b in bundles(archive, include_drafts):
        listed = set(b.authors)  # the people this entry is listed under already (a list per person is long)
        for a in b.authors:
            out[a].append(Listed(b, "author"))
        for v in b.versions.values():
            for t in v.translators:
                if t not in listed:
                    listed.add(t)
                    out[t].append(Listed(b, "translator"))
    return out


_RELATED: dict[tuple, dict[str, list[str]]] = {}  # the last answer, by what it depends on (see `related`)


def related(archive: Archive, include_drafts: bool = False, limit: int = RELATED,
            cache: BuildCache | None = None) -> dict[str, list[Essay]]:
    """For each entry's URL, the entries sharing most tags and films with it (then the nearest in time),
    newest first.

    Every pair of entries is weighed, so the answer is kept, by what it depends on (each entry's address,
    slug, date, tags and films): a build asks twice (for the pages' signatures and for the blocks), and a
    `serve` rebuild after an edit to a text asks again of the same archive; and in the build cache, if given,
    for the next build (kind `related`)."""
    everything = bundles(archive, include_drafts)
    key = (include_drafts, limit, tuple((b.url, b.slug, b.date, tuple(b.tags), tuple(b.films)) for b in everything))
    if key not in _RELATED:
        _RELATED.clear()
        _RELATED[key] = (cache.memo("related", key, lambda: _related_urls(everything, limit)) if cache
                         else _related_urls(everything, limit))
    by_url = {b.url: b for b in everything}
    return {url: [by_url[u] for u in urls] for url, urls in _RELATED[key].items()}


def _related_urls(everything: list, limit: int) -> dict[str, list[str]]:
    """Each entry's `limit` related entries: most tags and films shared, then nearest in time, then by slug.

    Entries with the same set of tags and films share as many with every other entry, so the sharing is
    counted once per such group, not once per pair of entries. For the entries that share n keys with a
    group, one list sorted by day is made when first needed, and each entry of the group finds its nearest
    by walking out from its own day (`_nearest`). The work then grows with the entries times the number of
    distinct sets, not with the square of the entries (the benchmark's archive has 9 tags and 129 sets)."""
    groups: dict[frozenset, list[int]] = {}
    for i, b in enumerate(everything):
        groups.setdefault(frozenset([("tag", t) for t in b.tags] + [("film", f) for f in b.films]), []).append(i)
    signatures = list(groups)
    holders: dict[tuple[str, str], list[int]] = {}
    for g, sig in enumerate(signatures):
        for k in sig:
            holders.setdefault(k, []).append(g)
    day = [b.date.toordinal() for b in everything]
    slug = [b.slug for b in everything]
    out: dict[str, list[str]] = {b.url: [] for b in everything}
    for g, sig in enumerate(signatures):
        shared: dict[int, int] = {}
        for k in sig:
            for h in holders[k]:
                shared[h] = shared.get(h, 0) + 1
        levels: dict[int, list[int]] = {}
        for h, n in shared.items():
            levels.setdefault(n, []).append(h)
        order = sorted(levels, reverse=True)  # most shared first
        merged: list[tuple[list[int], list[int]]] = []  # for each level made so far: its entries and their days
        for i in groups[sig]:
            chosen: list[int] = []
            for at, n in enumerate(order):
                if at == len(merged):
                    members = sorted((day[j], j) for h in levels[n] for j in groups[signatures[h]])
                    merged.append(([d for d, _ in members], [j for _, j in members]))
                days, entries = merged[at]
                chosen += _nearest(day[i], i, days, entries, limit - len(chosen), day, slug)
                if len(chosen) >= limit:
                    break
            b = everything[i]
            out[b.url] = [everything[j].url for j in sorted(chosen, key=lambda j: everything[j].date, reverse=True)]
    return out


def _nearest(d: int, i: int, days: list[int], entries: list[int], need: int, day: list[int], slug: list[str]) -> list[int]:
    """The `need` entries nearest day d (then by slug, then by place) in one level, entry i left out."""
    lo = hi = bisect_left(days, d)
    found = 0
    while found < need:
        left = d - days[lo - 1] if lo else None
        right = days[hi] - d if hi < len(days) else None
        if left is None and right is None:
            break
        far = min(x for x in (left, right) if x is not None)
        while lo and d - days[lo - 1] == far:
            lo -= 1
        while hi < len(days) and days[hi] - d == far:
            hi += 1
        found = hi - lo - (i in entries[lo:hi])
    near = [j for j in entries[lo:hi] if j != i]
    near.sort(key=lambda j: (abs(day[j] - d), slug[j], j))
    return near[:need]


def events_by_film(archive: Archive) -> dict[str, list]:
    out: dict[str, list] = {f: [] for f in archive.films}
    for e in sorted(getattr(archive.timeline, "events", ()), key=lambda e: e.when.sort_key()):
        if e.film in out:
            out[e.film].append(e)
    return out


def clips_by_film(archive: Archive, include_drafts: bool = False) -> dict[str, list]:
    out: dict[str, list] = {f: [] for f in archive.films}
    for g in archive.galleries:
        if include_drafts or not g.draft:
            for c in g.published_clips:
                if c.film.id in out:
                    out[c.film.id].append(c)
    return out


@dataclass
class Groups:
    """Every grouping the cross-kind pages need, computed once per build."""

    tags: dict[str, list] = field(default_factory=dict)
    tag_events: dict[str, list] = field(default_factory=dict)
    films: dict[str, list] = field(default_factory=dict)
    film_events: dict[str, list] = field(default_factory=dict)
    film_clips: dict[str, list] = field(default_factory=dict)
    people: dict[str, list] = field(default_factory=dict)


def group(archive: Archive, include_drafts: bool = False) -> Groups:
    return Groups(by_tag(archive, include_drafts), events_by_tag(archive), by_film(archive, include_drafts),
                  events_by_film(archive), clips_by_film(archive, include_drafts), by_person(archive, include_drafts))


def page_source(title: str) -> str:
    """The Markdown of a generated page (a tag's, a film's, a person's): its title as an escaped YAML
    scalar and a fixed body. No data value is Markdown: the heading and lists are rendered from the
    templates (slowcinema.archive.index_pages.page)."""
    return f"---\ntitle: {yaml_scalar(title)}\n---\n\n<!-- filled by the indexes plugin -->\n"


_VIEWS: dict[int, tuple[Essay, int, Fed]] = {}  # id(bundle) -> (it, the 繁體 table's version, its view) (`entry_view`)


def forget_views() -> None:
    """A new build: the entries' views made so far are let go."""
    _VIEWS.clear()


def entry_view(bundle: Essay) -> dict:
    """An entry as the entry-list template shows it: its titles and summaries in each script. Made once for the
    bundle and the 繁體 phrase table in use, and hashed once (`Fed`): a thousand essays are listed on dozens of
    pages a build. Never change it."""
    known, table = _VIEWS.get(id(bundle)), hant.version()
    if known is not None and known[0] is bundle and known[1] == table:
        return known[2]
    view = Fed(_entry_view(bundle))
    _VIEWS[id(bundle)] = (bundle, table, view)
    return view


def _entry_view(bundle: Essay) -> dict:
    titles = []
    for lang in bundle.languages:
        v = bundle.versions[lang]
        titles.append({"tag": FILE_LANGS[lang], "title": v.title, "summary": v.summary})
        if lang == "zh":  # the traditional form: hand-written if the bundle has it, else generated
            h = bundle.versions.get("zh-Hant")
            titles.append({"tag": "zh-Hant", "title": h.title if h else hant.text(v.title),
                           "summary": h.summary if h else hant.text(v.summary)})
    return {"url": bundle.url, "date": bundle.date, "languages": bundle.languages, "titles": titles,
            "section": bundle.section}


def listing_signature(archive: Archive, docs: Path) -> str:
    """A digest of everything the listing pages and related entries show: every bundle's front
    matter (not its text), and the name, size and time of every data and media file. A rebuild under
    `make serve` redoes those pages only when it changes."""
    h = hashlib.sha1()
    for b in archive.bundles():
        h.update(repr((b.url, b.date, b.draft, b.tags, b.films, b.authors, b.original,
                       sorted((lang, v.title, v.summary, v.translators) for lang, v in b.versions.items()))).encode())
    for folder, dirs, names in os.walk(docs):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".md"):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def page_signatures(archive: Archive, docs: Path, include_drafts: bool = False, related_limit: int = RELATED,
                    listing: str = "") -> dict[str, str]:
    """For each bilingual page (essays, manifestos, clip galleries), by URL: a digest of what the page
    shows from outside its own language files. A rebuild under `make serve` redoes a page whose own
    files did not change exactly when this changes:

    - the registry entries it names (authors, translators, tags, films);
    - the entries listed at its foot (their titles, summaries and dates);
    - a manifesto's principles of every version and its signatories (principles.yml, signatories.yml);
    - a gallery's clips, notes and media (every file of its folder);
    - with a `///` block (a timeline, a clip) in its text: `listing`, everything the lists show."""
    related_to = related(archive, include_drafts, related_limit)
    extra: dict[str, tuple] = {m.url: (m.versions, m.signatories) for m in archive.manifestos}
    entries: list = archive.bundles()
    for g in archive.galleries:
        entries.append(g)
        extra[g.url] = (_folder_state(docs / "clips" / g.slug), tuple(archive.films.get(c.film.id) for c in g.clips))
    out = {}
    for b in entries:
        versions = b.versions.values()
        people = {*b.authors, *(t for v in versions for t in getattr(v, "translators", ()))}
        shown = (
            sorted((p, repr(archive.authors.get(p))) for p in people),
            [repr(archive.tags.get(t)) for t in b.tags], [repr(archive.films.get(f)) for f in b.films],
            [(r.url, r.date, sorted((lang, v.title, v.summary) for lang, v in r.versions.items()))
             for r in related_to.get(b.url, ())],
            repr(extra.get(b.url)),
            listing if any("\n///" in "\n" + v.body for v in versions) else "",
        )
        out[b.url] = hashlib.sha1(repr(shown).encode()).hexdigest()
    return out


def _folder_state(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for path, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            st = os.stat(os.path.join(path, name))
            out.append((os.path.join(path, name), st.st_size, st.st_mtime_ns))
    return out
