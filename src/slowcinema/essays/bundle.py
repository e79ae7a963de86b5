"""Essays: bundles `docs/essays/<slug>/` with `index.zh.md` and/or `index.en.md` (and optionally a
hand-written `index.zh-Hant.md`), their typed front matter, and its validation.

Fields (documented for contributors in CONTRIBUTING.md):
- in each language file: `title`, `summary`; `translators` in a translation only;
- shared by the bundle: `date`, `authors`, `tags`, `original`, `draft`. Write them once, usually in
  the original's file; if a shared field is written in two files, the values must agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..archive import beside
from ..archive.beside import second_process
from ..archive.registry import ID_RE, Author, Tag
from ..content import fields, schema
from ..content.markdown_file import MarkdownFile, read
from ..content.problems import Problems, did_you_mean
from ..content.source import rel as _rel
from ..languages import typography
from ..languages.codes import WRITTEN
from ..web.cache import BuildCache
from . import scaffold

LANG_FIELDS = ("title", "summary", "translators")
SHARED_FIELDS = ("date", "authors", "tags", "films", "original", "draft")
ALL_FIELDS = schema.ESSAY.names  # LANG_FIELDS + SHARED_FIELDS
FILE_RE = re.compile(r"^index\.(zh|en|zh-Hant)\.md$")
# What a bundle is called in messages, and how its language files are added, by section. A fix names a
# command that works as printed: the scaffold fills an essay folder that has no language file yet.
_BUNDLE = {"manifesto": ("manifesto folder", "write its text as index.zh.md and/or index.en.md "
                         "(see CONTRIBUTING.md, 'Manifestos')"),
           "clips": ("gallery folder", "write its introduction as index.zh.md and/or index.en.md "
                     "(see CONTRIBUTING.md, 'Clip galleries')")}


@dataclass(frozen=True)
class Version:
    """One language of an essay."""

    lang: str  # zh, en or zh-Hant (file suffix)
    rel: str  # file path relative to the repository
    src_uri: str  # path relative to docs/
    title: str
    summary: str
    translators: tuple[str, ...]
    body: str
    body_line: int
    # The lines of `title` and `summary` in the front matter, for messages about a page listing them.
    lines: tuple[int | None, int | None] = field(default=(None, None), compare=False, repr=False)


@dataclass(frozen=True)
class Essay:
    slug: str
    date: dt.date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    original: str
    draft: bool
    versions: dict[str, Version]
    section: str = "essays"
    films: tuple[str, ...] = ()  # ids in docs/films.yml  # the folder under docs/ that holds the bundle (essays, manifesto, clips)

    @property
    def url(self) -> str:
        return f"{self.section}/{self.slug}/"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in WRITTEN if lang in self.versions)

    def version(self, lang: str) -> Version:
        """The version in `lang`, falling back to the original."""
        return self.versions.get(lang) or self.versions[self.original]


def load_essays(docs: Path, root: Path, authors: dict[str, Author], tags: dict[str, Tag],
                problems: Problems, section: str = "essays", films: dict | None = None,
                cache: BuildCache | None = None, read: dict[str, bytes] | None = None) -> list[Essay]:
    """Every bundle under docs/<section>/ (essays by default; manifestos and galleries reuse it for
    their bilingual texts), newest first. With a `cache`, a bundle read without problems is kept between
    builds (kind "bundle") by its files' names and bytes; the registries it is checked against are data
    files, in every key already (slowcinema.web.cache.fingerprint). A build that finds few of them there reads
    half of the others in a second process (`_read_all`)."""
    base = docs / section
    if not base.is_dir():
        return []
    essays: list[Essay] = []
    todo: list[_Todo] = []
    seen: dict[str, str] = {}
    kept = _kept(section, (base, root, authors, tags, films or {}))
    for entry in sorted(base.iterdir()):
        rel = _rel(entry, root)
        if entry.is_file():
            if entry.suffix == ".md" and entry.name != "index.md":
                problems.add(rel, None, None, "an entry must be a folder of its own, not a single file",
                             f"move it to {_rel(base, root)}/<slug>/index.zh.md or index.en.md "
                             "(make new-essay SLUG=<slug> makes an essay)")
            continue
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        slug = entry.name
        folded = unicodedata.normalize("NFC", slug).casefold()
        if folded in seen:
            problems.add(rel, None, "slug", f"the slug '{slug}' differs from '{seen[folded]}' only in case or Unicode form",
                         "rename one of the two folders so that slugs are distinct in lowercase ASCII")
            continue
        seen[folded] = slug
        if not ID_RE.match(slug):
            suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-essay"
            problems.add(rel, None, "slug", f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens",
                         f"rename the folder, for example to '{suggestion}'")
            continue
        paths = sorted(entry.rglob("*.md"))
        stamp = _stamp(paths)
        if stamp is not None and (found := kept.get(slug)) and found[0] == stamp:
            if cache is None:
                essays.append(found[1])
                continue
            if found[2] is not None and found[2][0] == cache.fingerprint:  # its key, as this build's cache has it
                essays.append(cache.made(found[1], found[2][1]))
                continue
        todo.append((entry, slug, paths, stamp))

    def one(item: _Todo, problems: Problems) -> tuple[Essay | None, bool, str | None]:  # and whether it was sound, its key
        entry, slug, paths, _ = item
        before = len(problems)
        load = lambda: _load_bundle(entry, slug, section, root, authors, tags, problems, films or {}, paths)  # noqa: E731
        essay, key = (load(), None) if cache is None else _cached(cache, section, [(_rel(p, root), p) for p in paths],
                                                                  load, lambda: len(problems) == before, read)
        return essay, len(problems) == before, key

    for (_, slug, _, stamp), (essay, sound, key) in zip(todo, _read_all(todo, one, problems, cache)):
        if essay:
            # Known to the cache by its key wherever it was read (here, or in a second process): an essay page keys on
            # the key (essays.pages.job_key), the same in every build.
            essays.append(essay if cache is None or key is None else cache.made(essay, key))
            if stamp is not None and sound:
                kept[slug] = (stamp, essay, None if cache is None or key is None else (cache.fingerprint, key))
    essays.sort(key=lambda e: (e.date, e.slug), reverse=True)
    return essays


_Todo = tuple  # (folder, slug, its Markdown files, their stamp): a bundle to read
# Bundles missing from the build cache from which the later half of those left is read in a second process (a fork,
# and the bundles sent back: a few hundredths of a second); a build from nothing reads them all.
BESIDE_AFTER = 16
read_beside = 0  # bundles read in a second process, in this process's life (for tests and the curious)


def _read_all(todo: list[_Todo], one: Callable[[_Todo, Problems], tuple[Essay | None, bool]], problems: Problems,
              cache: BuildCache | None) -> list[tuple[Essay | None, bool]]:
    """`one` for each bundle, in order, its problems added to `problems` in that order. From the `BESIDE_AFTER`th
    bundle missing in the build cache, the later half of those left is read in a second process (archive.beside)
    while this one reads the others: the same bundles, found or read and kept by the same function."""
    global read_beside
    out: list[tuple[Essay | None, bool]] = []
    missed = cache.misses if cache is not None else 0
    for i, item in enumerate(todo):
        if cache is not None and cache.misses - missed >= BESIDE_AFTER and len(todo) - i >= 2 * BESIDE_AFTER:
            cut = i + (len(todo) - i) // 2
            pool = second_process((todo[cut:], one, cache))
            if pool is not None:
                with pool:
                    there = pool.submit(_read_there)  # forks, with this process's memory as it is
                    out += [one(item, problems) for item in todo[i:cut]]
                    try:
                        read, found, done = there.result()
                    except BrokenProcessPool:  # the second process died: its bundles are read here
                        return out + [one(item, problems) for item in todo[cut:]]
                problems.extend(found)
                cache.join(*done)
                read_beside += len(read)
                return out + read
        out.append(one(item, problems))
    return out


def _read_there() -> tuple[list[tuple[Essay | None, bool]], list, tuple]:
    """In the second process: the bundles handed to it, read; their problems; and what it did in the cache."""
    todo, one, cache = beside.handed()  # type: ignore[misc]
    problems = Problems()
    read, done = cache.accounted(lambda: [one(item, problems) for item in todo])
    return read, problems.items, done


# The bundles of the last load of each section, with the stamps of their files and the registries they
# were checked against: `mkdocs serve` loads the archive again for every rebuild, and a bundle whose
# files are as they were (path, modification time, size) and whose registries are equal is the same
# frozen Essay. A bundle that had problems is always read again, so they are reported again. Each is kept with its key
# in the build cache and that cache's fingerprint: a build whose fingerprint is another reads it again from the cache,
# so that what keys on it (an essay page) has the key it has in any build of the same sources.
_KEPT: dict[str, tuple[tuple, dict[str, tuple[tuple, Essay, tuple[str, str] | None]]]] = {}


def _kept(section: str, against: tuple) -> dict[str, tuple[tuple, Essay, tuple[str, str] | None]]:
    if section not in _KEPT or _KEPT[section][0] != against:
        _KEPT[section] = (against, {})
    return _KEPT[section][1]


def _cached(cache: BuildCache, section: str, files: list[tuple[str, Path]], load: Callable[[], Essay | None],
            sound: Callable[[], bool], read: dict[str, bytes] | None = None) -> tuple[Essay | None, str | None]:
    """The bundle of `files` (its name in messages, its path) from the cache, or loaded and kept if `sound()`
    after loading (no problem found: a bundle with problems is read again, and they are reported again), and its
    key (None for one not kept). `read`: where each file's bytes go, by its path, for the build to take rather than
    read the file again."""
    try:
        data = [path.read_bytes() for _, path in files]
    except OSError:
        return load(), None  # reading it again reports what cannot be read
    if read is not None:
        read.update((os.fspath(path), d) for (_, path), d in zip(files, data))
    key = cache.key("bundle", section, [(rel, hashlib.sha256(d).hexdigest()) for (rel, _), d in zip(files, data)])
    found, essay = cache.get("bundle", key)
    if found and isinstance(essay, Essay):
        cache.hits += 1
        return essay, key
    cache.misses += 1
    essay = load()
    if essay is not None and sound():
        cache.put("bundle", key, essay)
        return essay, key
    return essay, None


def _stamp(paths: list[Path]) -> tuple | None:
    try:
        return tuple((str(p), st.st_mtime_ns, st.st_size) for p in paths for st in (p.stat(),))
    except OSError:
        return None


def _load_bundle(folder: Path, slug: str, section: str, root: Path, authors: dict[str, Author],
                 tags: dict[str, Tag], problems: Problems, films: dict | None = None,
                 paths: list[Path] | None = None) -> Essay | None:
    kind, add = _BUNDLE.get(section, ("essay bundle", f"make new-essay SLUG={slug} writes both into it"))
    files: dict[str, MarkdownFile] = {}
    broken = False
    for path in paths if paths is not None else sorted(folder.rglob("*.md")):
        rel = _rel(path, root)
        m = FILE_RE.match(path.name)
        if path.parent != folder or not m:
            names = ("index.zh.md", "index.en.md", "index.zh-Hant.md")
            problems.add(rel, None, None, f"unexpected Markdown file in the {kind}.{did_you_mean(path.name, names)}",
                         f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} holds index.zh.md and/or index.en.md "
                         "(and optionally index.zh-Hant.md); rename or remove this file")
            broken = True
            continue
        mf = read(path, rel, problems)
        if mf is None:
            broken = True
        else:
            files[m.group(1)] = mf
    if broken:
        return None
    if not any(lang in files for lang in WRITTEN):
        problems.add(_rel(folder, root), None, None, f"the {kind} has no index.zh.md or index.en.md",
                     f"{add}, or remove the folder")
        return None

    files = {lang: files[lang] for lang in ("zh", "en", "zh-Hant") if lang in files}  # fixed order
    before = len(problems)
    shared: dict[str, tuple[Any, MarkdownFile]] = {}
    for lang, mf in files.items():
        schema.ESSAY.unknown(mf.meta.data, mf.rel, problems, mf.meta)
        for key in mf.meta.data:
            if key in SHARED_FIELDS:
                if key in shared and shared[key][0] != mf.meta.data[key]:
                    other = shared[key][1]
                    problems.add(mf.rel, mf.meta.line(key), key,
                                 f"says {mf.meta.data[key]!r} but {other.rel}:{other.meta.line(key)} says {shared[key][0]!r}",
                                 "write this field once (in the original's file), or make both values the same")
                shared.setdefault(key, (mf.meta.data[key], mf))

    def read_shared(key: str, reader: Callable, required: bool, default: Any = None) -> Any:
        if key not in shared:
            if required:
                first = files.get("zh") or files.get("en") or next(iter(files.values()))
                problems.add(first.rel, 2, key, "is missing",
                             f"add '{key}:' to the front matter of the original's file ({_example(key)})")
            return default
        value, mf = shared[key]
        return reader(value, fields.Place(mf.rel, mf.meta.line(key), key), problems)

    def id_reader(registry: dict, registry_file: str, what: str, key: str) -> Callable:
        mf = shared[key][1] if key in shared else None
        return fields.ids(registry, registry_file, what, lambda i: mf.meta.line(key, i) if mf else None)

    date = read_shared("date", fields.date, True)
    author_ids = read_shared("authors", id_reader(authors, "docs/authors.yml", "author", "authors"), True)
    if author_ids == ():
        mf = shared["authors"][1]
        problems.add(mf.rel, mf.meta.line("authors"), "authors", "is empty", "name at least one author id from docs/authors.yml")
    tag_ids = read_shared("tags", id_reader(tags, "docs/tags.yml", "tag", "tags"), False, ())
    film_ids = read_shared("films", id_reader(films or {}, "docs/films.yml", "film", "films"), False, ())
    original = read_shared("original", fields.choice(WRITTEN), True)
    draft = read_shared("draft", fields.boolean, False, False)
    if draft is False:  # a published entry holds no text left from the scaffold (make check shows a draft's)
        for mf in files.values():
            problems.extend(scaffold.leftovers(mf.text, mf.rel))
    if original and original not in files:
        mf = shared["original"][1]
        problems.add(mf.rel, mf.meta.line("original"), "original",
                     f"says the original is '{original}', but there is no index.{original}.md",
                     f"add index.{original}.md, or set original to the language that exists")

    versions: dict[str, Version] = {}
    for lang, mf in files.items():
        meta = mf.meta
        title = _required(mf, "title", fields.text, problems)
        summary = _required(mf, "summary", fields.text, problems)
        translators: tuple[str, ...] = ()
        is_translation = original is not None and lang in WRITTEN and lang != original
        if original is None:
            pass  # the original is unknown (already reported): nothing to say about translators
        elif "translators" in meta.data:
            if not is_translation:
                problems.add(mf.rel, meta.line("translators"), "translators", "is only for a translation, and this file is the original",
                             "remove 'translators:' here, or correct 'original:'")
            else:
                translators = fields.ids(authors, "docs/authors.yml", "translator", lambda i: meta.line("translators", i))(
                    meta.data["translators"], fields.Place(mf.rel, meta.line("translators"), "translators"), problems) or ()
        elif is_translation:
            problems.add(mf.rel, 2, "translators", "is missing: a translation names its translators",
                         "add 'translators: [author-id]' with ids from docs/authors.yml")
        if title and summary:
            if lang == "en":  # as smarty sets the English body (slowcinema.languages.typography)
                title, summary = typography.plain(title), typography.plain(summary)
            src_uri = f"{section}/{slug}/index.{lang}.md"
            versions[lang] = Version(lang, mf.rel, src_uri, title, summary, translators, mf.body, mf.body_line,
                                     (meta.line("title"), meta.line("summary")))
    if len(problems) > before or None in (date, author_ids, original, draft, tag_ids, film_ids):
        return None
    return Essay(slug, date, author_ids, tag_ids, original, draft, versions, section, film_ids)


def _required(mf: MarkdownFile, key: str, reader: Callable, problems: Problems) -> Any:
    if key not in mf.meta.data:
        problems.add(mf.rel, 2, key, "is missing", f"add '{key}: ...' to the front matter ({_example(key)})")
        return None
    return reader(mf.meta.data[key], fields.Place(mf.rel, mf.meta.line(key), key), problems)


def _example(key: str) -> str:
    return {
        "date": "date: 2026-11-02", "authors": "authors: [editors]", "original": "original: zh",
        "title": "title: 等待的形状", "summary": "one or two plain sentences", "tags": "tags: [long-take]",
    }.get(key, f"{key}: ...")
