"""The clip gallery's content model: galleries, clips, their sources, notes, rights and people."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..archive import origins
from ..archive.entries import DatedEntry
from ..content.bilingual import Bilingual  # the archive's one class for a text in both languages
from ..essays.bundle import Essay

# Kinds of note, in the order the documentation lists them, with their labels (zh, en).
NOTE_KINDS: dict[str, tuple[str, str]] = {
    "shot": ("镜头", "Shot"),            # framing, composition, what the frame holds
    "camera": ("运镜", "Camera"),        # movement of the camera
    "light": ("光", "Light"),
    "colour": ("色彩", "Colour"),
    "sound": ("声音", "Sound"),
    "performance": ("表演", "Performance"),
    "editing": ("剪辑", "Editing"),
    "duration": ("时长", "Duration"),    # how long, and what the length does
    "space": ("空间", "Space"),
    "context": ("背景", "Context"),      # history, production, where it stands
}


@dataclass(frozen=True)
class Film:
    title: Bilingual
    director: Bilingual
    year: int
    id: str | None = None  # set when the clip names a film of docs/films.yml


@dataclass(frozen=True)
class Media:
    """A file in the bundle (video or poster), with what probing it found."""

    path: str  # relative to the bundle, e.g. media/rain.webm
    src_uri: str  # relative to docs/
    line: int | None  # line of the field that names it
    size: int = 0
    width: int = 0
    height: int = 0
    mime: str = ""
    duration: float = 0.0


@dataclass(frozen=True)
class Source:
    kind: str  # "local" or a provider name
    poster: Media
    video: Media | None = None  # local only
    provider: str = ""
    video_id: str = ""
    url: str = ""  # the contributor's URL (provider)
    start: float = 0.0
    end: float = 0.0

    @property
    def local(self) -> bool:
        return self.kind == "local"


@dataclass(frozen=True)
class Note:
    at: float
    end: float | None
    kind: str
    zh: str
    en: str
    line: int | None = None
    # Where each language's text was read, (file, line) for zh then en: the clip's YAML, or a WebVTT file
    # of notes (the cue's text). For messages only (the audit of a page that shows the note).
    read_at: tuple[tuple[str, int | None], ...] = field(default=(), compare=False, repr=False)

    def texts(self, rel: str) -> list[tuple[str, str, int | None]]:
        """(text, file, line) of each language's text; the clip's file `rel` and the note's line where none is kept."""
        where = self.read_at or ((rel, self.line), (rel, self.line))
        return [(self.zh, *where[0]), (self.en, *where[1])]


@dataclass(frozen=True)
class Rights:
    basis: str  # public-domain, licence, rights-statement, permission, quotation
    licence: str = ""  # SPDX id when basis is licence
    statement: str = ""  # rightsstatements.org URI when basis is rights-statement
    holder: str = ""
    source: str = ""
    note: Bilingual | None = None


@dataclass(frozen=True)
class People:
    identifiable: bool
    consent: str = ""  # MR-NON, MR-NAP, MR-UMR, MR-LMR, public-figure, historical
    note: Bilingual | None = None


@dataclass(frozen=True)
class Clip:
    id: str
    gallery: str
    rel: str  # the YAML file, relative to the repository
    title: Bilingual
    film: Film
    source: Source
    duration: float
    notes: tuple[Note, ...]
    rights: Rights
    people: People
    withheld: bool = False
    captions: dict[str, tuple] = field(default_factory=dict)  # lang -> cues (dialogue only)

    @property
    def url(self) -> str:
        return f"clips/{self.gallery}/{self.id}/"

    def note_end(self, i: int) -> float:
        """Where note i stops: its own end, else the next note's start, else the clip's end."""
        n = self.notes[i]
        if n.end is not None:
            return n.end
        return self.notes[i + 1].at if i + 1 < len(self.notes) else self.duration


@dataclass(frozen=True)
class Gallery:
    """A gallery: its introduction is an essay of the section `clips` (front matter, languages, the
    versions' src_uri under clips/<slug>/), as a manifesto's preamble is; its clips come with it."""

    text: Essay
    clips: tuple[Clip, ...]  # every clip, withheld ones included, in file order

    section = "clips"  # lists and tag pages show a gallery like any other bilingual entry
    films: tuple[str, ...] = ()

    # The introduction's front matter, which lists, feeds and indexes read as they read an essay's.
    slug = property(lambda self: self.text.slug)
    date = property(lambda self: self.text.date)
    authors = property(lambda self: self.text.authors)
    tags = property(lambda self: self.text.tags)
    original = property(lambda self: self.text.original)
    draft = property(lambda self: self.text.draft)
    versions = property(lambda self: self.text.versions)

    @property
    def url(self) -> str:
        return f"clips/{self.slug}/"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in ("zh", "en") if lang in self.versions)

    @property
    def published_clips(self) -> tuple[Clip, ...]:
        return tuple(c for c in self.clips if not c.withheld)

    def clip(self, clip_id: str) -> Clip | None:
        return next((c for c in self.clips if c.id == clip_id), None)

    def dated_entries(self) -> list[DatedEntry]:
        if self.draft:
            return []
        films = tuple(dict.fromkeys(c.film.title.en for c in self.published_clips))
        return [DatedEntry("gallery", self.slug, self.date,
                           self.versions["zh"].title if "zh" in self.versions else None,
                           self.versions["en"].title if "en" in self.versions else None,
                           self.url, self.tags, films, tuple(origins.entries([self.text])))]
