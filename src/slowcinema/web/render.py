"""HTML from Jinja templates, always autoescaped. A site overrides any template by putting a file of
the same name (for example `sca/essay.html`) in its own template folder (`overrides/`)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from ..languages import hant
from ..languages.codes import show_attr, show_in
from .cache import BuildCache

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


def relative_url(target: str, base: str) -> str:
    """`target` (a site-relative URL such as 'essays/x/') as seen from page URL `base`."""
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    target_path, _, fragment = target.partition("#")
    if target_path in ("", "."):
        target_path = "./"
    rel = posixpath.relpath(target_path, base_dir or ".")
    if target_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once: each build makes new Jinja environments (ours, and MkDocs' for the theme), and
    compiling the theme's templates again took a good part of a `mkdocs serve` rebuild, and a second of a
    cached build. Kept in memory for the life of the process, and in the build's cache (`keep_in`, kind
    "template"; its fingerprint holds Python's and Jinja's versions) from one build to the next. Jinja keys an
    entry by the template's name and file, and checks its source's checksum on every load: an edited template
    is compiled afresh. Ours adds the environment's settings to the key: the same file compiled for another
    environment (the theme's has no autoescape, ours has) is another entry."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.store: BuildCache | None = None

    def keep_in(self, store: BuildCache) -> None:  # a new build's cache
        self.store = store

    @staticmethod
    def _stored(bucket: jinja2.bccache.Bucket) -> str | None:  # the entry's key, if the build has a cache
        return getattr(bucket, "sca_entry", None)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        settings = (environment.block_start_string, environment.block_end_string, environment.variable_start_string,
                    environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
                    environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                    environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                    environment.optimized, environment.autoescape, sorted(environment.extensions))
        bucket = jinja2.bccache.Bucket(environment, f"{self.get_cache_key(name, filename)}|{settings!r}",
                                       self.get_source_checksum(source))
        # In the build cache by the template's name, settings and source, not its file: a project that was
        # moved or copied (a CI checkout) finds its templates again. A template held in code (no file) is not kept.
        store = self.store
        bucket.sca_entry = None if store is None or store.folder is None or filename is None else \
            store.key("template", name, repr(settings), bucket.checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.kept.get(bucket.key)
        if (entry := self._stored(bucket)) is not None:  # read even when in memory: this build uses the entry
            found, stored = self.store.get("template", entry)
            if found:
                code, self.store.hits = stored, self.store.hits + 1
            elif code is not None:  # compiled by an earlier build of this process: kept for the next
                self.store.put("template", entry, code)
        if code is not None:
            bucket.bytecode_from_string(code)  # reset by Jinja if the source changed since

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = code = bucket.bytecode_to_string()
        if (entry := self._stored(bucket)) is not None:
            self.store.misses += 1
            self.store.put("template", entry, code)


COMPILED = CompiledTemplates()


class Renderer:
    def __init__(self, override_dirs: list[Path] | None = None, cache: BuildCache | None = None) -> None:
        self.cache = cache  # the build's (slowcinema.web.cache), for `kept`
        dirs = [str(d) for d in (override_dirs or []) if d and Path(d).is_dir()] + [str(PACKAGE_TEMPLATES)]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(dirs),
            bytecode_cache=COMPILED,
            auto_reload=False,  # a Renderer serves one build: a template is not looked at again for each page
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["relative"] = relative_url
        self.env.globals["show_in"] = show_in
        self.env.globals["show_attr"] = lambda tag, available=None: Markup(show_attr(tag, available))
        self.env.filters["hant"] = hant.text
        self.env.filters["text"] = element_text

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()

    def kept(self, name: str, **context: Any) -> str:
        """`render`, found again in the build cache (kind `fragment`) by the template's name and `context`, which
        must be data the cache can key (the templates themselves are in every key): for a fragment drawn from
        data on many pages of every build, such as an entry list. Known to the cache by its key (`made`): the
        audit of the page that shows it keys on that."""
        if self.cache is None or self.cache.folder is None:
            return self.render(name, **context)
        entry = self.cache.key("fragment", name, context)
        return self.cache.made(self.cache.memo_key("fragment", entry, lambda: self.render(name, **context)), entry)

    def written(self) -> set[str]:
        """Every element and attribute name the templates write themselves (for the audit of a page made
        from data: slowcinema.web.sanitize.report_generated)."""
        if getattr(self, "_written", None) is None:
            self._written: set[str] | None = set()
            for name in self.env.list_templates(filter_func=lambda n: n.endswith(".html")):
                source = self.env.loader.get_source(self.env, name)[0]
                for tag, attrs in _TAG_RE.findall(_JINJA_RE.sub(" ", source)):
                    self._written |= {tag, *_NAME_RE.findall(_QUOTED_RE.sub(" ", attrs))}
        return self._written


_JINJA_RE = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
_TAG_RE = re.compile(r"<([a-z][a-z0-9]*)\b([^<>]*)>")
_QUOTED_RE = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAME_RE = re.compile(r"[a-z][a-z0-9:-]*")


def at_article_end(content: str, html: str) -> str:
    """A page's `content` with `html` added at the end of its (last) <article>: a bundle's page, as the core renders it."""
    end = content.rindex("</article>")
    return content[:end] + html + content[end:]


def element_text(value: object) -> Markup:
    """`value` escaped for an element's content, where only &, < and > need it: quotes stay quotes
    (a CSL-JSON citation has dozens). Never for an attribute value."""
    return Markup(str(escape(str(value))).replace("&#34;", '"').replace("&#39;", "'"))


def trusted(html: str) -> Markup:
    """Mark HTML produced by the build (rendered Markdown, our own components) as safe to insert."""
    return Markup(html)
