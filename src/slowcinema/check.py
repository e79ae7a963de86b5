"""`make check`: the strict build's verdict on the content, in seconds, without MkDocs or the theme.

After the archive is loaded and validated (`load_archive`, as the build does), each language file of
every bundle (essays, and the texts of manifestos and galleries) is rendered with Python-Markdown and
the `markdown_extensions` of mkdocs.yml, plus the archive's own extensions (figures, links between
bundles, the clip and timeline blocks). On that HTML, the same core functions as the build report:

- what the sanitiser removes (`sanitize.located`);
- paragraphs that do not pair (`essay_page.misalignments`);
- links to entries that do not exist, with the closest slug (`links`), links to files that do not
  exist, and anchors that no language file of the target has;
- text left from the scaffold (`scaffold.leftovers`).

Drafts are checked too (the build leaves them out), so a draft's problems show before it is published.
A draft's placeholder text is its to-do list, not a problem: listed, it fails neither `make check` nor the
build (which fails on the placeholders of a published entry), so the two give one verdict.
"""

from __future__ import annotations

import importlib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import yaml

from .archive.load import Archive, load_archive
from .clips.block import ClipBlockExtension
from .content.problems import Problems
from .essays import page as essay_page
from .essays import scaffold
from .essays import markdown as essay_markdown
from .essays.links import LinkContext, bundle_of, targets
from .timeline.block import BlockContext, TimelineBlockExtension
from .web import sanitize

_ID_RE = re.compile(r'\sid="([^"]+)"')
_LINK_RE = re.compile(r'<(a|img)\b[^>]*?\s(href|src)="([^"]*)"')
# Only these may be called from mkdocs.yml (`!!python/object/apply:`), as MkDocs would call them.
_CALLABLE_PREFIXES = ("pymdownx.", "markdown.")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for what check needs: `!ENV` and the slugify callables."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in items[:-1] if len(items) > 1 else items:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if len(items) > 1 else None


def _apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if not suffix.startswith(_CALLABLE_PREFIXES):
        raise yaml.constructor.ConstructorError(None, None, f"check does not call {suffix}", node.start_mark)
    module, _, name = suffix.rpartition(".")
    func = getattr(importlib.import_module(module), name)
    args = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    return func(*args.get("args", ()), **args.get("kwds", {}))


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)


def _name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if not suffix.startswith(_CALLABLE_PREFIXES):
        raise yaml.constructor.ConstructorError(None, None, f"check does not import {suffix}", node.start_mark)
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _name)


@dataclass
class MarkdownConfig:
    extensions: list
    configs: dict


class ConfigError(Exception):
    """mkdocs.yml cannot be read for its Markdown settings: one line, with the place and the fix."""


def markdown_config(mkdocs_yml: Path) -> MarkdownConfig:
    """The `markdown_extensions` of mkdocs.yml as Python-Markdown takes them."""
    fix = "correct it there (`make build` reads the same file)"
    shown = os.path.relpath(mkdocs_yml)
    shown = shown if not shown.startswith("..") else str(mkdocs_yml)
    try:
        conf = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ConfigError(f"{shown}{f':{mark.line + 1}' if mark else ''}: {what}: {fix}") from None
    except (ImportError, AttributeError) as err:  # a `!!python/name:` that the installed packages lack
        raise ConfigError(f"{shown}: {err}: {fix}, or install what it names (make .venv/.installed)") from None
    if not isinstance(conf, dict):
        raise ConfigError(f"{shown}: is not a set of 'key: value' settings: {fix}")
    extensions, configs = [], {}
    for item in conf.get("markdown_extensions") or []:
        if isinstance(item, dict):
            (name, options), = item.items()
            extensions.append(name)
            if options:
                configs[name] = options
        else:
            extensions.append(item)
    return MarkdownConfig(extensions, configs)


class _Renderer:
    """One Python-Markdown, with the site's extensions and the archive's, reset for every file."""

    def __init__(self, config: MarkdownConfig, links: LinkContext) -> None:
        ours = [*essay_markdown.extensions(links), ClipBlockExtension(), TimelineBlockExtension(BlockContext())]
        self.md = markdown.Markdown(extensions=[*config.extensions, *ours], extension_configs=config.configs)

    def __call__(self, body: str) -> str:
        self.md.reset()
        return self.md.convert(body)


def check(docs: Path, root: Path, mkdocs_yml: Path) -> tuple[Archive, Problems, Problems]:
    """The archive, its problems (the strict build's verdict) and what its drafts still hold of the scaffold."""
    archive, problems = load_archive(docs, root)
    to_do = Problems()
    links = LinkContext(bundles=targets(archive))
    render = _Renderer(markdown_config(mkdocs_yml), links)
    rendered: dict[str, dict[str, str]] = {}  # bundle URL -> language -> HTML as rendered
    for bundle in archive.bundles():
        cleaned = {}
        for lang, v in bundle.versions.items():
            text = (docs / v.src_uri).read_text(encoding="utf-8")
            links.page(v.src_uri, v.rel, v.body, v.body_line)
            html = render(v.body)
            rendered.setdefault(bundle.url, {})[lang] = html
            for line, finding in sanitize.located(html, text):
                problems.add(v.rel, line, None, finding.message, finding.fix)
            cleaned[lang] = sanitize.clean(html)
            _check_files(html, text, v.src_uri, v.rel, docs, problems)
            if bundle.draft:  # a published bundle's placeholders are the loader's problems
                to_do.extend(scaffold.leftovers(text, v.rel))
        problems.extend(essay_page.misalignments(bundle, cleaned))
    problems.extend(links.problems)
    anchors = {url: {a for html in langs.values() for a in _ID_RE.findall(html)} for url, langs in rendered.items()}
    for link in links.links:
        if link.anchor and link.target in anchors and link.anchor not in anchors[link.target]:
            problems.add(link.rel, link.line, "link",
                         f"the link '{link.href}' names the anchor '#{link.anchor}', which docs/{link.target} does not have",
                         "link to a heading's anchor as the page shows it (the ¶ beside the heading), or remove '#...'")
    return archive, problems, to_do


def _check_files(html: str, text: str, src_uri: str, rel: str, docs: Path, problems: Problems) -> None:
    """Relative links and images to files that are not in docs/ (links to bundles are the link extension's)."""
    for _tag, _attr, url in _LINK_RE.findall(html):
        scheme, netloc, path, _query, _anchor = urlsplit(url)
        if scheme or netloc or not path or url.startswith("/"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))
        if not target.startswith("../") and ((docs / target).is_file() or bundle_of(target + "/")):
            continue
        at = text.find(url)
        problems.add(rel, text.count("\n", 0, at) + 1 if at >= 0 else None, "link",
                     f"the link '{url}' leads to no file in docs/ (docs/{target})",
                     "correct the path: an image lies in the entry's folder; another entry is linked as ../other-slug/")
