"""What one build of the site knows, shared by every step that makes its pages: made anew for each
build (every `mkdocs serve` rebuild too), and nothing else passes between the steps. Only the build
cache outlasts a build, on disk and keyed by content (slowcinema.web.cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..web.cache import BuildCache
from ..web.components import Stash
from ..web.render import Renderer
from .load import Archive

Page = TypeVar("Page")  # a bundle's page as the tool that builds the site holds it


@dataclass
class BuildState(Generic[Page]):
    drafts: bool  # drafts are shown (`mkdocs serve` with drafts_in_serve)
    renderer: Renderer
    stash: Stash = field(default_factory=Stash)  # trusted components inside contributor pages
    archive: Archive = None  # type: ignore[assignment]  # once loaded, before any page is read
    bundles: dict[str, Page] = field(default_factory=dict)  # url -> the essays' and manifestos' pages
    related: int = 0  # how many related entries an essay's foot lists (the indexes plugin's option)
    cache: BuildCache = field(default_factory=lambda: BuildCache(None, ""))  # kept between builds: .cache/slowcinema/
