"""The timeline as readers see it: one sorted list of items (events from docs/timeline/ and every dated
entry of the archive), grouped by decade and year, with eras as bands, and filters.

Everything here is plain data for the templates in templates/sca/timeline/; the text of every item is
given per language as `variants` ({lang, show, text}), so the reading mode shows one language or both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit

from ..archive import origins as origins_of
from ..archive.entries import DatedEntry
from ..archive.films import Film
from ..archive.registry import Bilingual, Tag
from ..languages import hant
from ..languages.codes import show_in
from .fuzzydate import FuzzyDate, When
from .model import EVENT_KINDS, Era, Event, Name, Timeline, kind_label

LANES = 4  # era bands drawn side by side at most


def variants(zh: str | None, en: str | None) -> list[dict]:
    """The text in each language, for elements with class sca-l. Simplified and Traditional Chinese
    share one element (lang="zh") when OpenCC leaves the text unchanged; a missing language is stood
    in for by the other (a title must never be blank)."""
    out: list[dict] = []
    available = tuple(l for l, t in (("zh", zh), ("en", en)) if t)
    if zh:
        trad = hant.text(zh)
        if trad == zh:
            modes = "zh zh-Hant both" + (" en" if "en" not in available else "")
            out.append({"lang": "zh", "show": modes, "text": zh})
        else:
            out.append({"lang": "zh-Hans", "show": show_in("zh-Hans", available), "text": zh})
            out.append({"lang": "zh-Hant", "show": show_in("zh-Hant", available) + (" en" if "en" not in available else ""), "text": trad})
    if en:
        out.append({"lang": "en", "show": show_in("en", available), "text": en})
    return out


def when_variants(when: When) -> list[dict]:
    """A date in each language, as (text, datetime) parts: see fuzzydate.When.parts."""
    zh, en = when.parts("zh"), when.parts("en")
    trad = [(hant.text(t), iso) for t, iso in zh]
    if trad == zh:
        out = [{"lang": "zh", "show": "zh zh-Hant both", "parts": zh}]
    else:
        out = [{"lang": "zh-Hans", "show": "zh both", "parts": zh}, {"lang": "zh-Hant", "show": "zh-Hant", "parts": trad}]
    # A bare year reads the same in both languages: the parallel mode shows it once (1994年).
    bare_year = when.end is None and when.start.precision == "year" and not when.start.circa
    return out + [{"lang": "en", "show": "en" if bare_year else "en both", "parts": en}]


def bi(text: Bilingual | Name | None) -> list[dict]:
    return variants(text.zh, text.en) if text else []


def work(title: Bilingual | Name) -> list[dict]:
    """A film's title: in 《》 in Chinese (unless written with them), and a <cite> (italics) in English."""
    zh = title.zh
    if zh and not zh.startswith("《"):
        zh = f"《{zh}》"
    out = variants(zh, title.en)
    for x in out:
        if x["lang"] == "en":
            x["cite"] = True
    return out


def year_variants(year: int) -> list[dict]:
    """A year heading, once in each mode: 1986年 in Chinese (and in the parallel mode), 1986 in English."""
    return when_variants(When(FuzzyDate(year)))


@dataclass
class Item:
    uid: str  # the anchor, unique on the page
    kind: str
    when: When
    title: Bilingual | Name
    href: str | None  # site-relative ('essays/x/') or https URL
    tags: tuple[str, ...] = ()
    note: Bilingual | None = None
    source: str | None = None
    essays: list[tuple[str, Bilingual | Name]] = field(default_factory=list)
    people: tuple[Name, ...] = ()
    films: tuple[Name, ...] = ()
    eras: list[str] = field(default_factory=list)
    source_label: str | None = None
    title_is_film: bool = False  # the title is a film's (in 《》 in Chinese)
    film_hrefs: tuple[str | None, ...] = ()  # each of `films`: its page in the archive, if it has one
    origins: tuple = ()  # where what it shows was read (sanitize.Origin), for the audit of the HTML it makes

    def sort_key(self) -> tuple:
        return (self.when.sort_key(), self.kind != "essay", self.uid)

    def view(self) -> dict:
        # The title links to the entry (or the film's page in the archive); the source is cited beside it.
        href = self.href
        bare_year = self.when.end is None and self.when.start.precision == "year" and not self.when.start.circa
        return {
            "uid": self.uid, "kind": self.kind, "kind_label": bi(kind_label(self.kind)),
            "tags": " ".join(self.tags), "href": href, "external": bool(href and href.startswith("https://")),
            "start": self.when.start.iso(), "end": self.when.end.iso() if self.when.end else None,
            "when": when_variants(self.when), "bare_year": bare_year,
            "title": work(self.title) if self.title_is_film else bi(self.title), "note": bi(self.note), "source": self.source,
            "source_label": self.source_label or (urlsplit(self.source).hostname if self.source else None),
            "essays": [{"url": url, "title": bi(title)} for url, title in self.essays],
            "people": [bi(n) for n in self.people],
            "films": [{"title": work(n), "href": h} for n, h in zip(self.films, self.film_hrefs or [None] * len(self.films))],
            "eras": " ".join(self.eras),
        }


def _event_item(e: Event, essay_titles: dict[str, Name], films: dict[str, Film], essays_at: dict | None = None) -> Item:
    """An event as an item, its films found in the registry (docs/films.yml) by id (`film:`) or by
    title: a film's title is in 《》 in Chinese and links to the film's page."""
    def find(name: Name) -> Film | None:
        return next((f for f in films.values() if _is_title_of(name, f)), None)

    own = films.get(e.film) if e.film else None
    title_film = own if own and _is_title_of(e.title, own) else find(e.title)
    link_film = title_film or own
    named, found = list(e.films), [find(n) for n in e.films]
    # The event's own film is named beside the event when the title is not that film's.
    if own and own is not title_film and own not in found:
        named.append(Name(own.title.zh, own.title.en))
        found.append(own)
    href = e.link or (link_film.url if link_film else f"films/{e.film}/" if e.film else None)
    essays = [(f"essays/{s}/", essay_titles[s]) for s in e.essays if s in essay_titles]
    shown = origins_of.event(e) + [o for s in e.essays for o in (essays_at or {}).get(s, ())]
    shown += [o for f in dict.fromkeys(f for f in (title_film, own, *found) if f) for o in origins_of.bilingual(f.title)]
    return Item(f"tl-{e.id}", e.kind, e.when, e.title, href, e.tags, e.note, e.source, essays, e.people, tuple(named), source_label=e.source_label,
                title_is_film=e.kind == "film" or title_film is not None,
                film_hrefs=tuple(f.url if f else None for f in found), origins=tuple(shown))


def _is_title_of(name: Bilingual | Name, film: Film) -> bool:
    zh, en = (name.zh or "").strip("《》"), (name.en or "").casefold()
    return bool(zh and zh == film.title.zh or en and en == film.title.en.casefold())


def items_of(timeline: Timeline, entries: Iterable[DatedEntry], essay_titles: dict[str, Name],
             films: dict[str, Film] | None = None) -> list[Item]:
    """Every event and every dated entry, sorted (a span by its start, a year before its days).
    `films` is the archive's registry (docs/films.yml), for the films' pages. Each item knows where
    what it shows was read (`Item.origins`)."""
    entries = list(entries)
    essays_at = {d.id: d.origins for d in entries if d.kind == "essay"}  # an event's essays: their titles
    items = [_event_item(e, essay_titles, films or {}, essays_at) for e in timeline.events]
    for d in entries:
        items.append(Item(f"tl-{d.kind}-{d.id}", d.kind, When(FuzzyDate.of(d.date)), Name(d.title_zh or "", d.title_en or ""),
                          d.url, tuple(d.tags), origins=d.origins))
    items.sort(key=Item.sort_key)
    for era in timeline.eras:
        first, last = era.start.first_day(), era.end.last_day()
        for item in items:
            if item.when.overlaps(first, last) and first <= item.when.start.first_day() <= last:
                item.eras.append(era.id)
    return items


@dataclass(frozen=True)
class Filter:
    """What a `/// timeline` block shows; empty fields mean 'any'."""

    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    start: int | None = None  # from this year
    end: int | None = None  # to this year, inclusive
    people: tuple[str, ...] = ()

    def accepts(self, item: Item) -> bool:
        if self.kinds and item.kind not in self.kinds:
            return False
        if self.tags and not set(self.tags) & set(item.tags):
            return False
        last_year = (item.when.end or item.when.start).year
        if self.start is not None and last_year < self.start:
            return False
        if self.end is not None and item.when.start.year > self.end:
            return False
        if self.people:
            names = {n.casefold() for p in item.people for n in (p.zh, p.en)}
            if not any(p.casefold() in names for p in self.people):
                return False
        return True


def _lanes(eras: list[Era]) -> dict[str, int]:
    lanes: dict[str, int] = {}
    ends: list[dt.date] = []
    for era in sorted(eras, key=lambda e: (e.start.sort_key(), e.id)):
        for i, end in enumerate(ends):
            if end < era.start.first_day():
                ends[i] = era.end.last_day()
                lanes[era.id] = i
                break
        else:
            lanes[era.id] = len(ends) % LANES
            ends.append(era.end.last_day())
    return lanes


def era_view(era: Era, lane: int, hue: int) -> dict:
    span = When(era.start, era.end)
    return {"id": era.id, "lane": lane, "hue": hue, "title": bi(era.title), "note": bi(era.note), "when": when_variants(span)}


def page_view(items: list[Item], eras: list[Era], tags: dict[str, Tag]) -> dict:
    """Decades, years and their items, the eras of each year, and what the filters offer."""
    lanes = _lanes(eras)
    ordered = sorted(eras, key=lambda e: (e.start.sort_key(), e.id))
    era_views = {e.id: era_view(e, lanes[e.id], n % LANES) for n, e in enumerate(ordered)}
    decades: list[dict] = []
    for item in items:
        year = item.when.start.year
        decade = year - year % 10
        if not decades or decades[-1]["decade"] != decade:
            decades.append({"decade": decade, "years": []})
        years = decades[-1]["years"]
        if not years or years[-1]["year"] != year:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            in_eras = [era_views[e.id] for e in eras if e.start.first_day() <= last and e.end.last_day() >= first]
            starting = [era_views[e.id] for e in eras if e.start.year == year]
            years.append({"year": year, "when": year_variants(year), "entries": [], "eras": in_eras, "starting": starting})
        years[-1]["entries"].append(item.view())
    # An era that starts in a year without items is announced at the next year shown.
    shown = [y for d in decades for y in d["years"]]
    announced = {e["id"] for y in shown for e in y["starting"]}
    for era in sorted(eras, key=lambda e: e.start.sort_key()):
        if era.id in announced:
            continue
        nxt = next((y for y in shown if y["year"] > era.start.year and y["year"] <= era.end.year), None)
        if nxt:
            nxt["starting"].append(era_views[era.id])
    kinds = [k for k in list(EVENT_KINDS) + sorted({i.kind for i in items} - set(EVENT_KINDS)) if any(i.kind == k for i in items)]
    used_tags = [t for t in tags if any(t in i.tags for i in items)]
    return {
        "decades": decades,
        "eras": [era_views[e.id] for e in sorted(eras, key=lambda e: e.start.sort_key())],
        "kinds": [{"id": k, "label": bi(kind_label(k)), "count": sum(i.kind == k for i in items)} for k in kinds],
        "tags": [{"id": t, "label": bi(tags[t].label), "count": sum(t in i.tags for i in items)} for t in used_tags],
        "count": len(items),
        "lanes": max(lanes.values(), default=-1) + 1,
    }


def essay_titles(archive, include_drafts: bool) -> dict[str, Name]:
    """slug -> title in each language (or the one it has), for the essays an event names."""
    out = {}
    for e in archive.published(include_drafts):
        zh = e.versions["zh"].title if "zh" in e.versions else None
        en = e.versions["en"].title if "en" in e.versions else None
        out[e.slug] = Name(zh or "", en or "")
    return out


def link_problems(timeline: Timeline, archive, include_drafts: bool):
    """Links from events to essays that exist but will not be published (drafts)."""
    from ..content.problems import Problems

    problems = Problems()
    published = {e.slug for e in archive.published(include_drafts)}
    for event in timeline.events:
        slugs = list(event.essays)
        if event.link and event.link.startswith("essays/") and event.link.count("/") == 2:
            slugs.append(event.link.split("/")[1])
        for slug in slugs:
            if archive.essay(slug) is not None and slug not in published:
                problems.add(event.rel, event.line, "link" if f"essays/{slug}/" == event.link else "essays",
                             f"the essay '{slug}' is a draft, so this link would lead nowhere in the published site",
                             "link to a published essay, or publish the essay first")
    return problems
