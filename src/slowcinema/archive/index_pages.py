"""What each cross-kind page shows: a page per tag, film and person (generated), their index pages
(docs/tags/index.md, docs/films/index.md, docs/authors/index.md, with the lists added after their own
text) and the related entries at the foot of an essay."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from markdown.extensions import toc

from ..clips import timecode
from ..languages.labels import label
from ..web import sanitize
from ..web.escape import html_text
from ..web.render import Renderer, trusted
from . import indexes
from .build import BuildState
from .load import Archive
from .site import entry_list


def generated(archive: Archive) -> dict[str, tuple[str, str, str]]:
    """src_uri -> (title, kind, id) of each generated page: a tag's, a film's, a person's."""
    out = {f"tags/{t.id}/index.md": (f"{t.label.zh} · {t.label.en}", "tag", t.id) for t in archive.tags.values()}
    out |= {f"films/{f.id}/index.md": (f"{f.title.zh} · {f.title.en}", "film", f.id) for f in archive.films.values()}
    out |= {f"authors/{p.id}/index.md": (f"{p.name.zh} · {p.name.en}", "person", p.id) for p in archive.authors.values()}
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

    def html(self, renderer: Renderer, title: str) -> str:
        permalink = "¶" if self.permalink is True else self.permalink
        return renderer.render("sca/heading.html", id=self.slugify(title) or "_1", title=title, permalink=permalink,
                               permalink_title=self.permalink_title)


def page(kind: str, key: str, title: str, archive: Archive, groups: indexes.Groups, renderer: Renderer,
         page_url: str, heading: Heading, docs_rel: str = "docs") -> tuple[str, list[str]]:
    """A generated page's content: its heading and its lists, rendered from the templates (its Markdown
    carries no data: indexes.page_source), audited as contributor HTML is, with each finding named at
    the data file and line of the value that caused it. Returns the HTML and the warnings."""
    html = heading.html(renderer, title) + page_lists(kind, key, archive, groups, renderer, page_url)
    return sanitize.report_generated(html, origins(kind, key, archive, groups, docs_rel), renderer.written())


def _bilingual(b, rel: str = "", line: int | None = None) -> list[sanitize.Origin]:
    """Both languages of `b` where they were read (else in `rel` at `line`: the item that holds `b`)."""
    return [sanitize.Origin(b.get(lang), b.rel or rel, b.line(lang) or line) for lang in ("zh", "en")] if b is not None else []


def _listed(entries: list, docs_rel: str) -> list[sanitize.Origin]:
    out = []
    for e in entries:
        for v in e.versions.values():
            out += [sanitize.Origin(x, f"{docs_rel}/{v.src_uri}") for x in (v.title, v.summary) if x]
    return out


def origins(kind: str, key: str, archive: Archive, groups: indexes.Groups, docs_rel: str = "docs") -> list[sanitize.Origin]:
    """Every data value a generated page shows, with its file and line: the page's own entry first."""
    events = lambda es: [o for e in es for o in _event_origins(e)]  # noqa: E731
    if kind == "tag":
        return _bilingual(archive.tags[key].label) + _listed(groups.tags[key], docs_rel) + events(groups.tag_events[key])
    if kind == "film":
        f = archive.films[key]
        own = _bilingual(f.title) + _bilingual(f.director) + [sanitize.Origin(f.original, f.rel, f.lines.get("original"))]
        own += [sanitize.Origin(c, f.rel, f.lines.get("country")) for c in f.country]
        clips = [o for c in groups.film_clips[key] for o in _bilingual(c.title, c.rel) + [
            sanitize.Origin(*t) for n in c.notes for t in n.texts(c.rel)]]
        return own + _listed(groups.films[key], docs_rel) + events(groups.film_events[key]) + clips
    person = archive.authors[key]
    return _bilingual(person.name) + _bilingual(person.note) + _listed([x.bundle for x in groups.people[key]], docs_rel)


def _event_origins(event) -> list[sanitize.Origin]:
    """A timeline event's texts: its title and note at their lines, its addresses and source's label at the event's."""
    out = _bilingual(event.title, event.rel, event.line) + _bilingual(event.note, event.rel, event.line)
    return out + [sanitize.Origin(x, event.rel, event.line) for x in (event.link, event.source, event.source_label) if x]


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
        return render("sca/film.html", film=archive.films[key], listing=listing(entries) if entries else None, extra=extra,
                      label=label)
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
        return page(kind, key, title, st.archive, pub.groups, st.renderer, page_url, heading, st.docs_rel)
    lists = index_lists(src_uri, st.archive, pub.groups, st.renderer, page_url)
    return (None if lists is None else html + lists), []


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


def related_block(chosen: list, renderer: Renderer, page_url: str) -> str:
    """The related entries at the foot of an essay."""
    return renderer.render("sca/related.html", label=label, listing=trusted(entry_list(renderer, chosen, page_url, compact=True)))


def related_blocks(st: BuildState, page_urls: dict[str, str]) -> dict[str, str]:
    """The related entries (`st.related` at most) at the foot of each published essay among `page_urls` (the
    essay's URL -> its page's URL, as the page links): the essay's URL -> the block, for those with related entries."""
    related = indexes.related(st.archive, st.drafts, st.related)  # essays only: a manifesto or gallery ends otherwise
    return {e.url: related_block(related[e.url], st.renderer, page_urls[e.url])
            for e in st.archive.published(st.drafts) if related.get(e.url) and e.url in page_urls}
