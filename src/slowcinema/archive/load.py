"""The whole archive, read and validated in one pass: the entry point for the CLI and the plugins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..clips import load_galleries
from ..content import yamlio
from ..content.files import check_files
from ..content.problems import Problems, did_you_mean
from ..essays import images as essay_images
from ..essays.bundle import Essay, load_essays
from ..languages import hant, hant_phrases
from ..manifestos.bundle import load_manifestos
from ..timeline import load_timeline
from ..web.cache import BuildCache
from . import hant_kept, origins, redirects
from .entries import DatedEntry
from .films import load_films
from .registry import Author, Tag, load_authors, load_tags


@dataclass
class Archive:
    docs: Path
    root: Path
    authors: dict[str, Author] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    films: dict = field(default_factory=dict)  # id -> slowcinema.archive.films.Film
    essays: list[Essay] = field(default_factory=list)  # newest first
    manifestos: list = field(default_factory=list)
    galleries: list = field(default_factory=list)
    timeline: list = field(default_factory=list)  # events and eras from docs/timeline/
    hant_table: hant_phrases.PhraseTable = field(default_factory=hant_phrases.PhraseTable)  # docs/hant-phrases.yml
    redirects: dict[str, str] = field(default_factory=dict)  # old address -> new (docs/redirects.yml)
    _by_url: tuple | None = field(default=None, repr=False, compare=False)  # see `bundle`

    def published(self, include_drafts: bool = False) -> list[Essay]:
        return [e for e in self.essays if include_drafts or not e.draft]

    def essay(self, slug: str) -> Essay | None:
        return next((e for e in self.essays if e.slug == slug), None)

    def bundles(self) -> list[Essay]:
        """Every bilingual text bundle that the archive plugin pages: essays and the texts of manifestos.
        (A gallery's introduction, `Gallery.text`, is paged by the clips plugin.)"""
        return self.essays + [m.text for m in self.manifestos]

    def bundle(self, url: str) -> Essay | None:
        """The bundle at `url`: a build asks once per page, so the bundles are indexed by address, again
        whenever the lists of essays and manifestos are not the ones indexed."""
        lists = (self.essays, self.manifestos)
        if self._by_url is None or any(a is not b for a, b in zip(self._by_url[0], lists)):
            self._by_url = (lists, {b.url: b for b in self.bundles()})
        return self._by_url[1].get(url)

    def dated_entries(self, include_drafts: bool = False) -> list[DatedEntry]:
        """Every published entry of every kind, placed in time (for the timeline and lists)."""
        out = [
            DatedEntry("essay", e.slug, e.date,
                       e.versions["zh"].title if "zh" in e.versions else None,
                       e.versions["en"].title if "en" in e.versions else None,
                       e.url, e.tags, origins=tuple(origins.entries([e])))
            for e in self.published(include_drafts)
        ]
        for kind in (self.manifestos, self.galleries):
            for entry in kind:
                out.extend(entry.dated_entries())
        return sorted(out, key=lambda d: (d.date, d.kind, d.id))


def load_archive(docs: Path, root: Path | None = None, cache: BuildCache | None = None,
                 read: dict[str, bytes] | None = None) -> tuple[Archive, Problems]:
    """Read everything under `docs` (messages name files relative to `root`, default docs' parent); with
    a build `cache`, the essays read without problems are kept between builds (slowcinema.essays.bundle), and the
    bytes of their files go to `read`, by path, for the build to take rather than read them again."""
    docs = docs.resolve()
    root = (root or docs.parent).resolve()
    problems = Problems()

    def rel(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    archive = Archive(docs, root)
    files = check_files(docs, root, problems, cache)
    # The data files' YAML parsed once and kept between builds (the essays' front matter is kept with each bundle).
    with yamlio.kept_in(cache):
        # First: the 繁體 of everything read after it follows the archive's phrase table.
        archive.hant_table = hant_phrases.load(docs / hant_phrases.FILE, rel(docs / hant_phrases.FILE), problems)
        hant.use(archive.hant_table.entries)
        hant_kept.start(cache)  # the last build's conversions for this table (slowcinema.archive.hant_kept)
        archive.authors = load_authors(docs / "authors.yml", rel(docs / "authors.yml"), problems)
        archive.tags = load_tags(docs / "tags.yml", rel(docs / "tags.yml"), problems)
        archive.films = load_films(docs / "films.yml", rel(docs / "films.yml"), problems)
    archive.essays = load_essays(docs, root, archive.authors, archive.tags, problems, films=archive.films, cache=cache,
                                 read=read)
    with yamlio.kept_in(cache):
        archive.manifestos = load_manifestos(docs, root, archive.authors, archive.tags, problems)
        archive.galleries = load_galleries(docs, root, archive.authors, archive.tags, problems, films=archive.films)
        archive.timeline = load_timeline(docs, root, problems)
        archive.redirects = redirects.load(docs, rel(docs / redirects.FILE), problems)
        drafts = {e.url for e in archive.essays if e.draft} | {m.text.url for m in archive.manifestos if m.text.draft}
        essay_images.check(docs, root, files, drafts, problems)  # each image's rights and people on record
    for event in getattr(archive.timeline, "events", ()):
        if event.film and event.film not in archive.films:
            problems.add(event.rel, event.film_line or event.line, "film",
                         f"unknown film '{event.film}'.{did_you_mean(event.film, archive.films)}",
                         "use an id from docs/films.yml, or add the film there")
    return archive, problems
