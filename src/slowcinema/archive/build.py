"""What one build of the site knows, shared by every step that makes its pages: made anew for each
build (every `mkdocs serve` rebuild too), and nothing else passes between the steps. Only the build
cache outlasts a build, on disk and keyed by content (slowcinema.web.cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, TypeVar

from ..clips import probe
from ..content import source
from ..web import cache as build_cache
from ..web.cache import BuildCache
from ..web.components import Stash
from ..web.placed import Placed
from ..web.render import COMPILED, Renderer
from . import indexes
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
    docs_rel: str = "docs"  # the folder of the archive (docs/) as messages name it
    previous: Path | None = None  # `mkdocs build`: the last site, set aside until this one is written (web.reuse)
    unwritten: set[str] = field(default_factory=set)  # files the build made that were already in place (web.reuse)
    placed: Placed | None = None  # what the build knows of the files it leaves in the site (web.placed)
    read: dict[str, bytes] = field(default_factory=dict)  # the essays' files as the loader read them, by path, till taken
    # Work that asks now, through the build cache, for what the build asks for later: done first in the build's
    # second process, if it has one (slowcinema.archive.ahead).
    ahead: list[Callable[[], object]] = field(default_factory=list)

    @classmethod
    def start(cls, drafts: bool, root: Path, config_file: str | None, docs_dir: str, custom_dir: str | None,
              site_url: str | None, note: Callable[[str], None]) -> BuildState:
        """A new build's state, for the project at `root`: the templates of `custom_dir` (the theme's
        overrides) over the core's, and the project's build cache, whose fingerprint holds the site's
        address too (`note` receives its lines for the log)."""
        cache = build_cache.for_project(root, config_file, docs_dir, custom_dir, [site_url or ""], note)
        COMPILED.keep_in(cache)  # templates compiled by an earlier build are read from its cache
        probe.keep_in(cache)  # and what each clip's media files are
        indexes.forget_views()  # the entries as the last build's lists showed them
        return cls(drafts, Renderer([Path(custom_dir)] if custom_dir else [], cache),
                   docs_rel=source.project_rel(docs_dir, root), cache=cache)
