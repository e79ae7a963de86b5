"""What every kind of archive entry shares with the views built across kinds (timeline, lists)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DatedEntry:
    """An entry placed in time: an essay, a manifesto or one of its versions, a clip gallery."""

    kind: str  # essay, manifesto, manifesto-version, gallery
    id: str  # unique within its kind, e.g. the slug
    date: dt.date
    title_zh: str | None
    title_en: str | None
    url: str  # site-relative, e.g. 'essays/<slug>/'
    tags: tuple[str, ...] = ()
    films: tuple[str, ...] = field(default=())
    origins: tuple = field(default=(), compare=False, repr=False)  # where its titles were read (sanitize.Origin)
