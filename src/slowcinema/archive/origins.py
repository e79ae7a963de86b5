"""Where the values that a page shows from data were read: each a sanitize.Origin (the value, its data
file and line), so that an audit finding in HTML our templates rendered from data is named at its place
(slowcinema.web.sanitize.report_generated). Shared by every part of the core that renders data."""

from __future__ import annotations

from typing import Iterable

from ..web.sanitize import Origin


def bilingual(b, rel: str = "", line: int | None = None) -> list[Origin]:
    """Both languages of `b` (a Bilingual) where they were read (else in `rel` at `line`: the item that holds `b`)."""
    return [Origin(b.get(lang), b.rel or rel, b.line(lang) or line) for lang in ("zh", "en")] if b is not None else []


def entries(bundles: Iterable) -> list[Origin]:
    """The titles and summaries of bundles (essays, manifestos' texts, galleries' introductions), each at
    its line of the front matter of its language's file."""
    out = []
    for b in bundles:
        for v in b.versions.values():
            out += [Origin(x, v.rel, line) for x, line in ((v.title, v.lines[0]), (v.summary, v.lines[1])) if x]
    return out


def people(ids: Iterable[str], authors: dict) -> list[Origin]:
    """The names of people (authors, translators: ids in docs/authors.yml)."""
    return [o for i in ids if i in authors for o in bilingual(authors[i].name)]


def event(e) -> list[Origin]:
    """A timeline event's texts: its title and note at their lines; its addresses, its source's label, the
    people and films it names at the event's line."""
    out = bilingual(e.title, e.rel, e.line) + bilingual(e.note, e.rel, e.line)
    names = [x for n in (*e.people, *e.films) for x in (n.zh, n.en)]
    return out + [Origin(x, e.rel, e.line) for x in (e.link, e.source, e.source_label, *names) if x]


def film(f) -> list[Origin]:
    """A film of docs/films.yml: its title, director, original title and countries."""
    return (bilingual(f.title) + bilingual(f.director) + [Origin(f.original, f.rel, f.lines.get("original"))]
            + [Origin(c, f.rel, f.lines.get("country")) for c in f.country])
