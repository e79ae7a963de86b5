"""What one build knows, shared by the plugins of the archive: made in the archive plugin's on_config
(a new one for every `mkdocs serve` rebuild); nothing else passes between plugins."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from slowcinema.archive.load import Archive
from slowcinema.web.components import Stash
from slowcinema.web.cache import BuildCache
from slowcinema.web.render import Renderer


@dataclass
class Bundle:  # a bundle's language files, published as one page: the original language's page holds them all
    primary: str
    files: dict[str, File]  # lang -> its file (merged or not: the other languages' pages keep their anchors)

    @property
    def page(self) -> Page | None:
        return self.files[self.primary].page


@dataclass
class BuildState:
    drafts: bool  # drafts are shown (`mkdocs serve` with drafts_in_serve)
    renderer: Renderer
    stash: Stash = field(default_factory=Stash)  # trusted components inside contributor pages
    archive: Archive = None  # type: ignore[assignment]
    bundles: dict[str, Bundle] = field(default_factory=dict)  # url -> the essays' and manifestos' pages
    related: int = 0  # how many related entries an essay's foot lists (the indexes plugin's option)
    cache: BuildCache = field(default_factory=lambda: BuildCache(None, ""))  # kept between builds: .cache/slowcinema/


def state(config: MkDocsConfig) -> BuildState:  # this build's state, for any plugin of the archive
    found = getattr(config.plugins.get("slowcinema/archive"), "build_state", None)
    if found is None:
        raise PluginError("The slowcinema plugins need slowcinema/archive: list it first under `plugins:` in mkdocs.yml.")
    return found
