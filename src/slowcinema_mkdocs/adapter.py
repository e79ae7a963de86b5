"""The MkDocs mechanics every plugin of the archive shares (in the spirit of mkdocs-static-i18n's
ExtendedPlugin), so that each plugin's events stay a few lines calling the core: their base class and the
build's state (Plugin), a bundle's language files on one page, the reader's assets, generated files, errors."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Generic

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, SomeConfig, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from slowcinema.archive.build import BuildState
from slowcinema.content import source
from slowcinema.content.problems import Problems
from slowcinema.web import assets, offline, reuse
from slowcinema.web.placed import Placed

log = get_plugin_logger("slowcinema")
ASSETS = Path(__file__).parent / "assets"


@dataclass
class Bundle:  # a bundle's language files, published as one page: the original language's page holds them all
    primary: str
    files: dict[str, File]  # lang -> its file (merged or not: the other languages' pages keep their anchors)

    @property
    def page(self) -> Page | None:
        return self.files[self.primary].page


def state(config: MkDocsConfig) -> BuildState[Bundle]:  # this build's state, for any plugin of the archive
    found = getattr(config.plugins.get("slowcinema/archive"), "state", None)
    if found is None:
        raise PluginError("The slowcinema plugins need slowcinema/archive: list it first under `plugins:` in mkdocs.yml.")
    return found


class Plugin(BasePlugin, Generic[SomeConfig]):  # Plugin[SomeConfig], as BasePlugin[SomeConfig]
    """What every plugin of the archive is, as mkdocs-static-i18n's plugins are ExtendedPlugins: one of each,
    holding this build's state (`self.state`), looked up in on_config (the archive plugin makes it)."""
    supports_multiple_instances = False  # one of each: they share one build's state
    state: BuildState[Bundle]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:  # each plugin's calls super().on_config
        self.state = state(config)
        return config


def root(config: MkDocsConfig) -> Path:  # the project: the folder of mkdocs.yml
    return Path(config.config_file_path).parent if config.config_file_path else Path(config.docs_dir).parent


def source_file(page: Page, config: MkDocsConfig) -> tuple[Path | None, str]:  # None for a generated page
    """The page's file, and its name in messages (relative to the project; a generated page's src_uri)."""
    path = page.file.abs_src_path
    return (Path(path), source.project_rel(path, root(config))) if path else (None, page.file.src_uri)


def fail_on(problems: Problems, *where: str) -> None:  # `where`: where and what to run (Problems.summary)
    """Each problem as an error, then one fatal PluginError."""
    if problems:
        for p in problems:
            log.error(str(p))
        raise PluginError(problems.summary(*where))


def extend(config: MkDocsConfig, uris: tuple[str, ...], *extensions) -> None:
    """In on_config: the reader's files a plugin needs (each listed once: slowcinema.web.assets), and its
    Markdown extensions, in place of any of their kind."""
    assets.add(config.extra_css, config.extra_javascript, uris)
    config.markdown_extensions[:] = [e for e in config.markdown_extensions
                                     if not any(isinstance(e, type(x)) for x in extensions)] + list(extensions)


class GeneratedFile(File):
    """A file the build makes from its content, written only where its bytes changed (slowcinema.web.reuse):
    left in place, or moved back from the previous site that `mkdocs build` set aside (`previous`)."""

    previous: Path | None = None
    unwritten: set[str] | None = None  # where the file's path goes when its bytes were in place already
    placed: Placed | None = None  # what the build knows of the files it leaves in the site

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is None:
            return super().copy_file(dirty)
        data = self.content_bytes
        if self.placed is not None and self.placed.left(self.dest_uri, data):  # as the last build left it: not read
            if self.unwritten is not None:
                self.unwritten.add(self.abs_dest_path)
            return
        held = self.previous / self.dest_uri if self.previous is not None else None
        if not reuse.put(Path(self.abs_dest_path), data, held) and self.unwritten is not None:
            self.unwritten.add(self.abs_dest_path)
        if self.placed is not None:  # the file holds these bytes: not read back (slowcinema.web.placed)
            self.placed.wrote(self.dest_uri, data)


def generated(config: MkDocsConfig, src_uri: str, content: str | bytes,
              inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
    f = GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)
    st = state(config)
    f.previous, f.unwritten, f.placed = st.previous, st.unwritten, st.placed
    return f


def bundle_assets(config: MkDocsConfig, files: Files) -> None:
    """One stylesheet and one script for the site, of what the plugins listed in on_config (slowcinema.web.assets),
    and the files published as they are."""
    for uri, content in assets.bundle_lists(config.extra_css, config.extra_javascript, ASSETS).items():
        files.append(generated(config, uri, content))
    for uri in assets.AS_THEY_ARE:
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))
    if config.theme.get("favicon") == assets.FAVICON:  # the archive's mark; a site may name its own
        files.append(generated(config, assets.FAVICON, offline.kept_icon(state(config).cache, assets.FAVICON_PX)))


def generate(config: MkDocsConfig, files: Files, made: dict[str, str], in_nav: bool = True) -> None:
    for src_uri, content in made.items():  # each a file of the site, made by the build
        files.append(generated(config, src_uri, content, InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))


def remove(files: Files, src_uris) -> None:
    for f in [f for f in files if f.src_uri in src_uris]:
        files.remove(f)


def place(files: Files, url: str, src_uris: dict[str, str], primary: str) -> Bundle:  # all on one page, out of the nav
    lang_files = {lang: files.get_file_from_path(uri) for lang, uri in src_uris.items()}
    for f in lang_files.values():
        f.dest_uri = f"{url}index.html"
        f.url = f._get_url()
        f.abs_dest_path = os.path.normpath(os.path.join(f.dest_dir, f.dest_uri))
        f.inclusion = InclusionLevel.NOT_IN_NAV
    return Bundle(primary, lang_files)


def merge(bundle: Bundle, files: Files) -> dict[str, str] | None:
    """In on_env: each language's HTML; the other languages' files dropped (not written twice), their anchors
    and links to validate carried onto the page. None: a --dirty rebuild leaves the page as it was."""
    primary = bundle.page
    html = None if primary.content is None else {lang: f.page.content for lang, f in bundle.files.items()}
    for lang, f in bundle.files.items():
        if lang == bundle.primary:
            continue
        if html is not None:
            primary.present_anchor_ids = (primary.present_anchor_ids or set()) | (f.page.present_anchor_ids or set())
            for target, links in (f.page.links_to_anchors or {}).items():
                primary.links_to_anchors.setdefault(target, {}).update(links)
        files.remove(f)
    return html


def ours_alone(config: MkDocsConfig, *events: str) -> bool:
    """Whether only the archive's plugins act on these events (a site may add its own plugins, which may read a page's
    content as MkDocs gives it: a string)."""
    return all(type(getattr(h, "__self__", None)).__module__.startswith(f"{__package__}.")
               for event in events for h in config.plugins.events[event])


def permalink(page: Page) -> str:  # the page's address as a citation gives it
    return page.canonical_url or page.abs_url or page.url


def link(files: Files, src_uri: str, page: Page, anchor: str) -> str:  # to a page of docs/ from `page`, "#" if none
    target = files.get_file_from_path(src_uri)
    return target.url_relative_to(page.file) + anchor if target else "#"


def warn(warnings) -> None:  # each a warning: strict builds fail
    for warning in warnings:
        log.warning(warning)


def warned(result: tuple[str, list[str]]) -> str:  # a core call's (html, warnings): the warnings logged
    warn(result[1])
    return result[0]
