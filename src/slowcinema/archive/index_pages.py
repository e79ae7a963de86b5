"""What each cross-kind page shows: a page per tag, film and person (generated), their index pages
(docs/tags/index.md, docs/films/index.md, docs/authors/index.md, with the lists added after their own
text) and the related entries at the foot of an essay. All of it rendered from data and audited, each
finding named at the data file and line of its value (slowcinema.web.sanitize.report_generated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from markdown.extensions import toc

from ..clips import timecode
from ..languages import countries
from ..languages.labels import label
from ..web import sanitize
from ..web.cache import BuildCache, key as cache_key
from ..web.escape import html_text
from ..web.render import Renderer, trusted
from . import indexes, origins as origins_of
from .build import BuildState
from .load import Archive
from .site import entry_list, listed


# A generated page's kind -> the Archive's registry of its subjects (and the site's folder of their pages), and the
# field that names a subject in both languages.
_KINDS = {"tag": ("tags", "label"), "film": ("films", "title"), "person": ("authors", "name")}


def names(kind: str, key: str, archive: Archive) -> tuple[str, str]:
    """(Chinese, English) of a generated page's subject: a tag's label, a film's title, a person's name."""
    registry, field = _KINDS[kind]
    both = getattr(getattr(archive, registry)[key], field)
    return both.zh, both.en


def generated(archive: Archive) -> dict[str, tuple[str, str, str]]:
    """src_uri -> (title, kind, id) of each generated page: a tag's, a film's, a person's. The title,
    "中文 · English", is the page's <title> and its heading's id; the heading shows each in its modes."""
    out = {}
    for kind, (registry, _field) in _KINDS.items():
        for key in getattr(archive, registry):
            zh, en = names(kind, key, archive)
            out[f"{registry}/{key}/index.md"] = (f"{zh} · {en}", kind, key)
    return out


@dataclass(frozen=True)
class Heading:
    """How a page's title becomes its heading, as mkdocs.yml's toc extension writes headings: the id
    made by its slugify, and its permalink (False for none) with the link's title."""

    slugify: Callable[[str], str]
    permalink: str | bool = False
    permalink_title: str = ""

    @classmethod
    def from_toc(cls, options: dict) -> Heading:
        """From the toc extension's options (mkdocs.yml `markdown_extensions`), with its defaults."""
        slugify, sep = options.get("slugify", toc.slugify), options.get("separator", "-")
        return cls(lambda text: slugify(text, sep), options.get("permalink", False),
                   options.get("permalink_title", "Permanent link"))

    def token(self, title: str) -> dict:
        """The heading as Python-Markdown's toc extension lists it (the page's table of contents)."""
        name = html_text(title)
        return {"level": 1, "id": self.slugify(title) or "_1", "name": name, "html": name, "data-toc-label": "",
                "children": []}

    def html(self, renderer: Renderer, title: str, zh: str, en: str) -> str:
        """The heading of the page titled `title`: its id as `# title` would have it, and its text in each
        reading mode (as the essays' headings): the Chinese, its 繁體, the English."""
        permalink = "¶" if self.permalink is True else self.permalink
        return renderer.render("sca/heading.html", id=self.slugify(title) or "_1", zh=zh, en=en, permalink=permalink,
                               permalink_title=self.permalink_title)


def page(kind: str, key: str, title: str, archive: Archive, groups: indexes.Groups, renderer: Renderer,
         page_url: str, heading: Heading, docs_rel: str = "docs", cache: BuildCache | None = None) -> tuple[str, list[str]]:
    """A generated page's content: its heading and its lists, rendered from the templates (its Markdown
    carries no data: indexes.page_source), audited as contributor HTML is, with each finding named at
    the data file and line of the value that caused it. Returns the HTML and the warnings."""
    html = heading.html(renderer, title, *names(kind, key, archive)) + page_lists(kind, key, archive, groups, renderer, page_url)
    return sanitize.report_generated(html, origins(kind, key, archive, groups, docs_rel), renderer.written(), cache=cache)


def origins(kind: str, key: str, archive: Archive, groups: indexes.Groups, docs_rel: str = "docs") -> list[sanitize.Origin]:
    """Every data value a generated page shows, with its file and line: the page's own entry first.
    (`docs_rel` is unused: an entry's file is named as it was read.)"""
    bilingual, listed_at = origins_of.bilingual, origins_of.entries
    events = lambda es: [o for e in es for o in origins_of.event(e)]  # noqa: E731
    if kind == "tag":
        return bilingual(archive.tags[key].label) + listed_at(groups.tags[key]) + events(groups.tag_events[key])
    if kind == "film":
        clips = [o for c in groups.film_clips[key] for o in bilingual(c.title, c.rel) + [
            sanitize.Origin(*t) for n in c.notes for t in n.texts(c.rel)]]
        return origins_of.film(archive.films[key]) + listed_at(groups.films[key]) + events(groups.film_events[key]) + clips
    person = archive.authors[key]
    return bilingual(person.name) + bilingual(person.note) + listed_at([x.bundle for x in groups.people[key]])


def page_lists(kind: str, key: str, archive: Archive, groups: indexes.Groups, renderer: Renderer, page_url: str) -> str:
    """The lists of a generated page: `kind` is tag, film or person; `key` its id."""
    render = renderer.render

    def listing(entries: list) -> object:
        return trusted(entry_list(renderer, entries, page_url))

    def events_html(events: list) -> object:
        return trusted(render("sca/film-events.html", events=events, page_url=page_url, label=label))

    if kind == "tag":
        entries, events = groups.tags[key], groups.tag_events[key]
        return render("sca/tag.html", entries=entries, listing=listing(entries), events=events_html(events) if events else "")
    if kind == "film":
        entries, events, clips = groups.films[key], groups.film_events[key], groups.film_clips[key]
        extra = [events_html(events)] if events else []
        if clips:
            extra.append(trusted(render("sca/film-clips.html", clips=clips, page_url=page_url, label=label,
                                        short=timecode.short, fragment=timecode.fragment)))
        film = archive.films[key]
        return render("sca/film.html", film=film, countries=countries.named(film.country),
                      listing=listing(entries) if entries else None, extra=extra, label=label)
    sections = []
    for role, zh, en in (("author", "文章", "Writing"), ("translator", "翻译", "Translations")):
        chosen = [x.bundle for x in groups.people[key] if x.role == role]
        if chosen:
            sections.append((role, zh, en, listing(chosen)))
    return render("sca/person.html", person=archive.authors[key], sections=sections)


@dataclass(frozen=True)
class Publication:
    """The cross-kind pages of one build: the archive grouped once (by tag, film and person) for every
    page, and the generated pages."""

    groups: indexes.Groups = field(default_factory=indexes.Groups)
    generated: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # src_uri -> (title, kind, id)

    def sources(self) -> dict[str, str]:
        """src_uri -> each generated page's Markdown: a placeholder, for all it shows is rendered (`page_content`)."""
        return {src_uri: indexes.page_source(title) for src_uri, (title, _kind, _key) in self.generated.items()}


def publish(st: BuildState) -> Publication:
    return Publication(indexes.group(st.archive, st.drafts), generated(st.archive))


def page_content(pub: Publication, st: BuildState, src_uri: str, html: str, page_url: str,
                 heading: Heading) -> tuple[str | None, list[str]]:
    """A page's content with what the cross-kind pages give it, and warnings: a generated page whole (`page`),
    an index page with its list after its own text (`index_lists`); None for any other page."""
    if src_uri in pub.generated:
        title, kind, key = pub.generated[src_uri]
        return page(kind, key, title, st.archive, pub.groups, st.renderer, page_url, heading, st.docs_rel, st.cache)
    lists = index_lists(src_uri, st.archive, pub.groups, st.renderer, page_url)
    if lists is None:
        return None, []
    registry = {"tags/index.md": [o for t in st.archive.tags.values() for o in origins_of.bilingual(t.label)],
                "films/index.md": [o for f in st.archive.films.values() for o in origins_of.film(f)],
                "authors/index.md": origins_of.people(st.archive.authors, st.archive.authors)}[src_uri]
    lists, warnings = sanitize.report_generated(lists, registry, st.renderer.written(), cache=st.cache)  # at its registry's line
    return html + lists, warnings


def index_lists(src_uri: str, archive: Archive, groups: indexes.Groups, renderer: Renderer, page_url: str) -> str | None:
    """The list added to docs/tags/index.md, docs/films/index.md or docs/authors/index.md (None for any other page)."""
    if src_uri == "tags/index.md":
        tags = sorted(((t, len(groups.tags[t.id])) for t in archive.tags.values()), key=lambda x: (-x[1], x[0].id))
        return renderer.render("sca/tag-index.html", tags=tags, page_url=page_url)
    if src_uri == "films/index.md":
        films = sorted(((f, len(groups.films[f.id])) for f in archive.films.values()), key=lambda x: (x[0].year, x[0].id))
        return renderer.render("sca/film-index.html", films=films, page_url=page_url)
    if src_uri == "authors/index.md":
        people = sorted(((p, len(groups.people[p.id])) for p in archive.authors.values()), key=lambda x: x[0].id)
        return renderer.render("sca/person-index.html", people=people, page_url=page_url)
    return None


def related_block(chosen: list, renderer: Renderer, page_url: str) -> tuple[str, list[str]]:
    """The related entries at the foot of an essay, audited: the block and its warnings, each at the front matter's
    file and line of the title that holds it."""
    listing, warnings = listed(renderer, chosen, page_url, compact=True)
    return renderer.render("sca/related.html", label=label, listing=trusted(listing)), warnings


def ahead(pub: Publication, st: BuildState, page_urls: dict[str, str], generated_urls: dict[str, str],
          heading: Heading) -> None:
    """What this module's pages ask of the build cache late in a build, asked early (slowcinema.archive.ahead): the
    related entries of the essays at `page_urls` (as `related_blocks`), and each generated page at its address
    (`generated_urls`: its src_uri -> its page's URL)."""
    related_blocks(st, page_urls)
    for src_uri, page_url in generated_urls.items():
        page_content(pub, st, src_uri, "", page_url, heading)


def related_blocks(st: BuildState, page_urls: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The related entries (`st.related` at most) at the foot of each published essay among `page_urls` (the
    essay's URL -> its page's URL, as the page links): the essay's URL -> the block, for those with related entries;
    and the warnings of their audit (each once)."""
    related = indexes.related(st.archive, st.drafts, st.related, st.cache)  # essays only: a manifesto or gallery ends otherwise
    chosen = {e.url: related[e.url] for e in st.archive.published(st.drafts) if related.get(e.url) and e.url in page_urls}
    # Kept in the build cache by what each block shows (its entries as the list shows them, and where their titles
    # are written, for the warnings: hashed once an entry), all together: a thousand essays' blocks, one entry to read.
    listed_once = {e.url: e for entries in chosen.values() for e in entries}
    shown = {url: cache_key(indexes.entry_view(e), origins_of.entries([e])) for url, e in listed_once.items()}
    made = st.cache.memo_all("related-block",
                             {url: (page_urls[url], [shown[e.url] for e in entries]) for url, entries in chosen.items()},
                             lambda url: related_block(chosen[url], st.renderer, page_urls[url]))
    warnings = (w for _, found in made.values() for w in found)
    return {url: block for url, (block, _) in made.items()}, list(dict.fromkeys(warnings))
