"""What the timeline holds: events and eras read from docs/timeline/*.yml, and the fixed list of kinds."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..archive.registry import Bilingual
from .fuzzydate import FuzzyDate, When

# Kinds an event in docs/timeline/*.yml may have (documented in CONTRIBUTING.md), with their labels.
EVENT_KINDS: dict[str, Bilingual] = {
    "film": Bilingual("影片", "Film"),
    "screening": Bilingual("放映", "Screening"),
    "award": Bilingual("奖项", "Award"),
    "technology": Bilingual("技术", "Technology"),
    "manifesto": Bilingual("宣言", "Manifesto"),
    "publication": Bilingual("出版", "Publication"),
    "event": Bilingual("事件", "Event"),
}
# Kinds of the archive's own entries (Archive.dated_entries()), placed on the timeline by themselves.
ENTRY_KINDS: dict[str, Bilingual] = {
    "essay": Bilingual("文章", "Essay"),
    "manifesto-version": Bilingual("宣言版本", "Manifesto version"),
    "gallery": Bilingual("片段集", "Gallery"),
}


def kind_label(kind: str) -> Bilingual:
    return EVENT_KINDS.get(kind) or ENTRY_KINDS.get(kind) or Bilingual(kind, kind)


@dataclass(frozen=True)
class Name:
    """A person or a film: plain text (the same in both languages) or a Chinese and an English form."""

    zh: str
    en: str


@dataclass(frozen=True)
class Event:
    id: str
    when: When
    kind: str
    title: Bilingual
    note: Bilingual | None
    tags: tuple[str, ...]
    link: str | None  # 'essays/<slug>/' (site-relative) or an https URL
    source: str | None  # an https URL
    essays: tuple[str, ...]  # slugs of essays about this event
    people: tuple[Name, ...] = ()
    films: tuple[Name, ...] = ()
    rel: str = ""  # the file, for messages
    line: int | None = None
    film: str | None = None  # the film this event is or concerns, an id in docs/films.yml (checked by the archive)
    film_line: int | None = None
    source_label: str | None = None  # plain text naming the source (the festival, the archive); else its host


@dataclass(frozen=True)
class Era:
    id: str
    start: FuzzyDate
    end: FuzzyDate
    title: Bilingual
    note: Bilingual | None = None
    rel: str = ""
    line: int | None = None


@dataclass
class Timeline:
    """The result of load_timeline: a list of events, with the eras alongside (archive.timeline)."""

    events: list[Event] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)

    # archive.timeline is documented as a list: iterate and measure it as its events.
    def __iter__(self):
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
