"""What each cross-kind page shows: a page per tag, film and person (generated), their index pages
(docs/tags/index.md, docs/films/index.md, docs/authors/index.md, with the lists added after their own
text) and the related entries at the foot of an essay."""

from __future__ import annotations

from ..clips import timecode
from ..languages.labels import label
from ..web.render import Renderer, trusted
from . import indexes
from .load import Archive
from .site import entry_list


def generated(archive: Archive) -> dict[str, tuple[str, str, str]]:
    """src_uri -> (title, kind, id) of each generated page: a tag's, a film's, a person's."""
    out = {f"tags/{t.id}/index.md": (f"{t.label.zh} · {t.label.en}", "tag", t.id) for t in archive.tags.values()}
    out |= {f"films/{f.id}/index.md": (f"{f.title.zh} · {f.title.en}", "film", f.id) for f in archive.films.values()}
    out |= {f"authors/{p.id}/index.md": (f"{p.name.zh} · {p.name.en}", "person", p.id) for p in archive.authors.values()}
    return out


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
