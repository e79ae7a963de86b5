"""Reading and validating docs/timeline/*.yml: events and eras, every problem with its file and line.

A file holds `events:` and/or `eras:` (lists of mappings). The format is documented for contributors
in CONTRIBUTING.md ("时间线 · Timeline"). Ids are unique across all files; events and eras share them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..archive.registry import ID_RE, Bilingual, load_tags
from ..content import fields, schema, yamlio
from ..content.problems import Problems, did_you_mean
from ..content.source import read_text
from ..content.source import rel as _rel
from . import fuzzydate
from .model import EVENT_KINDS, Era, Event, Name, Timeline

_URL_RE = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")


class _Reader:
    """Reads one file's entries, reporting into `problems` with the file and the line."""

    def __init__(self, doc: yamlio.YamlDoc, rel: str, docs: Path, tags: set[str], problems: Problems) -> None:
        self.doc, self.rel, self.docs, self.tags, self.problems = doc, rel, docs, tags, problems

    def add(self, path: tuple, field: str, message: str, fix: str) -> None:
        self.problems.add(self.rel, self.doc.line(*path), field, message, fix)

    def plain(self, value: str, path: tuple, field: str) -> str | None:
        """`value` under the plain-text rules (no markup, no bidi or invisible character)."""
        return schema.plain(value, fields.Place(self.rel, self.doc.line(*path), field), self.problems)

    def ident(self, raw: dict, path: tuple) -> str | None:
        value = raw.get("id")
        if value is None:
            self.add(path, "id", "is missing", "give it an id: lowercase letters, digits and hyphens, e.g. id: stalker-1979")
            return None
        if not isinstance(value, str) or not ID_RE.match(value):
            self.add(path + ("id",), "id", f"{value!r} is not a valid id",
                     "use lowercase ASCII letters, digits and hyphens, e.g. id: stalker-1979")
            return None
        return value

    def bilingual(self, raw: dict, path: tuple, key: str, required: bool) -> Bilingual | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, key, f"the {key} is missing in both languages",
                         f"add '{key}:' with 'zh: ...' and 'en: ...' under it, e.g. {key}: {{zh: 潜行者, en: Stalker}}")
            return None
        if not isinstance(value, dict):
            self.add(path + (key,), key, f"the {key} needs a Chinese and an English form",
                     f"write {key}: {{zh: ..., en: ...}}")
            return None
        ok = schema.languages(value, self.rel, self.problems, self.doc, path + (key,), key)
        for lang, name in (("zh", "Chinese"), ("en", "English")):
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.add(path + (key,), f"{key}.{lang}", f"the {key} in {name} is missing or not text",
                         f"add '{lang}: ...' to {key}")
                ok = False
            elif self.plain(text, path + (key, lang), f"{key}.{lang}") is None:
                ok = False
        return Bilingual(" ".join(value["zh"].split()), " ".join(value["en"].split()), self.rel,
                         (self.doc.line(*path, key, "zh"), self.doc.line(*path, key, "en"))) if ok else None

    def when(self, raw: dict, path: tuple, key: str, required: bool = True) -> fuzzydate.When | None:
        if key not in raw:
            if required:
                self.add(path, key, "is missing", f"add {key}: 1895-12-28 (or 1895, 2006-09, ~1920, 1966/1976)")
            return None
        try:
            return fuzzydate.parse(raw[key])
        except fuzzydate.DateSyntaxError as err:
            self.add(path + (key,), key, err.message, err.fix)
            return None

    def strings(self, raw: dict, path: tuple, key: str) -> list[tuple[int, str]]:
        value = raw.get(key, [])
        if isinstance(value, str):
            self.add(path + (key,), key, "must be a list", f"write it in brackets: {key}: [{value}]")
            return []
        if not isinstance(value, list):
            self.add(path + (key,), key, "must be a list", f"write {key}: [one, two]")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(path + (key, i), f"{key}[{i}]", f"must be text, not {item!r}", "write one id per item")
            else:
                out.append((i, item.strip()))
        return out

    def tag_ids(self, raw: dict, path: tuple) -> tuple[str, ...]:
        out: list[str] = []
        for i, tag in self.strings(raw, path, "tags"):
            if tag not in self.tags:
                self.add(path + ("tags", i), "tags", f"unknown tag '{tag}'.{did_you_mean(tag, self.tags)}",
                         f"use an id from docs/tags.yml, or add '{tag}' there")
            elif tag not in out:
                out.append(tag)
        return tuple(out)

    def essay_exists(self, slug: str) -> bool:
        folder = self.docs / "essays" / slug
        return any((folder / f"index.{lang}.md").is_file() for lang in ("zh", "en"))

    def essay_slugs(self, raw: dict, path: tuple) -> tuple[str, ...]:
        out = []
        for i, slug in self.strings(raw, path, "essays"):
            if not self.essay_exists(slug):
                self.add(path + ("essays", i), "essays", f"there is no essay '{slug}'.{did_you_mean(slug, self.all_essays())}",
                         "use the folder name of an essay under docs/essays/")
            else:
                out.append(slug)
        return tuple(out)

    def all_essays(self) -> list[str]:
        folder = self.docs / "essays"
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def link(self, raw: dict, path: tuple) -> str | None:
        value = raw.get("link")
        if value is None:
            return None
        at = path + ("link",)
        fix = "write link: essay:<slug>, a page of this site such as essays/, or an https:// address"
        if not isinstance(value, str) or not value.strip():
            self.add(at, "link", f"must be text, not {value!r}", fix)
            return None
        value = value.strip()
        if value.startswith("essay:"):
            slug = value[len("essay:"):]
            if not self.essay_exists(slug):
                self.add(at, "link", f"there is no essay '{slug}'.{did_you_mean(slug, self.all_essays())}",
                         "use the folder name of an essay under docs/essays/, e.g. link: essay:what-slow-cinema-is")
                return None
            return f"essays/{slug}/"
        if value.startswith("http://"):
            self.add(at, "link", f"'{value}' is not a secure address", "use its https:// address")
            return None
        if "://" in value or value.startswith("//"):
            return self.url(value, at, "link")
        page = value.lstrip("/").split("#")[0]
        stem = page[:-3] if page.endswith(".md") else page.rstrip("/")
        # a page, a section index, or a bilingual bundle (essays, manifestos: index.zh.md / index.en.md)
        candidates = [f"{stem}.md"] + [f"{stem}/index{s}.md" for s in ("", ".zh", ".en")] if stem else ["index.md"]
        if not any((self.docs / c).is_file() for c in candidates) and stem != "timeline":
            self.add(at, "link", f"'{value}' is not a page of this site", fix)
            return None
        return (stem + "/") if stem and stem != "index" else ""

    def url(self, value: Any, at: tuple, key: str) -> str | None:
        if not isinstance(value, str) or not _URL_RE.match(value.strip()):
            self.add(at, key, f"{value!r} is not an https:// address", f"write {key}: https://example.org/page")
            return None
        return value.strip()

    def source(self, raw: dict, path: tuple) -> tuple[str | None, str | None] | None:
        """`source: https://...` or `source: {url: https://..., label: BFI}`: (url, label), or None when wrong."""
        value, at = raw.get("source"), path + ("source",)
        if value is None:
            return (None, None)
        if not isinstance(value, dict):
            url = self.url(value, at, "source")
            return (url, None) if url else None
        ok = schema.EVENT_SOURCE.unknown(value, self.rel, self.problems, self.doc, at, where="source")
        if "url" not in value:
            self.add(at, "source.url", "the source has no url", "write source: {url: https://..., label: BFI}")
            return None
        url = self.url(value["url"], at + ("url",), "source.url")
        label = value.get("label")
        if label is not None:
            if not isinstance(label, str) or not label.strip():
                self.add(at + ("label",), "source.label", f"must be text, not {label!r}",
                         "write label: BFI (plain text naming the source)")
                return None
            label = self.plain(" ".join(label.split()), at + ("label",), "source.label")
            if label is None:
                return None
        return (url, label) if url and ok else None

    def names(self, raw: dict, path: tuple, key: str) -> tuple[Name, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.add(path + (key,), key, "must be a list", f"write {key}: [one, {{zh: 两个, en: two}}]")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                if self.plain(item, path + (key, i), f"{key}[{i}]") is not None:
                    out.append(Name(item.strip(), item.strip()))
            elif isinstance(item, dict) and set(item) == {"zh", "en"} and all(isinstance(v, str) and v.strip() for v in item.values()):
                texts = [self.plain(item[lang], path + (key, i, lang), f"{key}[{i}].{lang}") for lang in ("zh", "en")]
                if None not in texts:
                    out.append(Name(*texts))
            else:
                self.add(path + (key, i), f"{key}[{i}]", f"must be a name or {{zh: ..., en: ...}}, not {item!r}",
                         f"write a plain name (Béla Tarr) or both forms ({{zh: 贝拉·塔尔, en: Béla Tarr}})")
        return tuple(out)

    def event(self, raw: Any, path: tuple) -> Event | None:
        if not isinstance(raw, dict):
            self.add(path, "events", "each event must be a mapping of fields", "start it with '- id: ...' and indent its fields")
            return None
        schema.EVENT.unknown(raw, self.rel, self.problems, self.doc, path)
        ident = self.ident(raw, path)
        when = self.when(raw, path, "date")
        kind = raw.get("kind")
        if kind not in EVENT_KINDS:
            message = "is missing" if kind is None else f"{kind!r} is not a kind of event.{did_you_mean(str(kind), EVENT_KINDS)}"
            self.add(path + ("kind",) if kind is not None else path, "kind", message,
                     f"use one of: {', '.join(EVENT_KINDS)}")
            kind = None
        title = self.bilingual(raw, path, "title", required=True)
        note = self.bilingual(raw, path, "note", required=False)
        source = self.source(raw, path)
        parts = (self.tag_ids(raw, path), self.link(raw, path), self.essay_slugs(raw, path),
                 self.names(raw, path, "people"), self.names(raw, path, "films"))
        if None in (ident, when, kind, title) or ("note" in raw and note is None) or source is None:
            return None
        tags, link, essays, people, films = parts
        film = raw.get("film")
        if film is not None and not isinstance(film, str):
            self.add(path + ("film",), "film", f"must be a film id from docs/films.yml, not {film!r}", "write film: stray-dogs")
            return None
        line = self.doc.line(*path)
        return Event(ident, when, kind, title, note, tags, link, source[0], essays, people, films, self.rel, line,
                     film, self.doc.line(*path, "film") if film else None, source[1])

    def era(self, raw: Any, path: tuple) -> Era | None:
        if not isinstance(raw, dict):
            self.add(path, "eras", "each era must be a mapping of fields", "start it with '- id: ...' and indent its fields")
            return None
        schema.ERA.unknown(raw, self.rel, self.problems, self.doc, path)
        ident = self.ident(raw, path)
        title = self.bilingual(raw, path, "title", required=True)
        note = self.bilingual(raw, path, "note", required=False)
        start, end = self.when(raw, path, "start"), self.when(raw, path, "end")
        for key, w in (("start", start), ("end", end)):
            if w is not None and w.end is not None:
                self.add(path + (key,), key, f"'{w}' is a span, but an era's {key} is one date",
                         f"write one date, e.g. {key}: {w.start if key == 'start' else w.end}")
                return None
        if start and end and end.start.last_day() < start.start.first_day():
            self.add(path + ("end",), "end", f"the era ends ({end}) before it starts ({start})",
                     "swap start and end, or correct the year")
            return None
        if None in (ident, title, start, end) or ("note" in raw and note is None):
            return None
        return Era(ident, start.start, end.start, title, note, self.rel, self.doc.line(*path))


def load_timeline(docs: Path, root: Path, problems: Problems) -> Timeline:
    """Events and eras under docs/timeline/*.yml, validated; every problem reported with its place."""
    timeline = Timeline()
    folder = docs / "timeline"
    if not folder.is_dir():
        return timeline
    tags = set(load_tags(docs / "tags.yml", "docs/tags.yml", Problems()))  # its own problems are the archive's
    seen: dict[str, tuple[str, int | None]] = {}
    for path in sorted(folder.iterdir()):
        rel = _rel(path, root)
        if path.suffix == ".yaml" or (path.is_file() and path.suffix not in (".yml", ".md")):
            problems.add(rel, None, None, "only .yml files are read in docs/timeline/",
                         f"rename it to {path.stem}.yml, or move it out of docs/timeline/")
            continue
        if path.suffix != ".yml":
            continue
        text = read_text(path, rel, problems)
        doc = yamlio.load(text, rel, problems) if text is not None else None
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.add(rel, 1, None, "a timeline file must have 'events:' and/or 'eras:'",
                         "start the file with 'events:' followed by a list of '- id: ...' entries")
            continue
        reader = _Reader(doc, rel, docs, tags, problems)
        schema.TIMELINE_FILE.unknown(doc.data, rel, problems, doc)
        for key, read, out in (("events", reader.event, timeline.events), ("eras", reader.era, timeline.eras)):
            items = doc.data.get(key) or []
            if not isinstance(items, list):
                problems.add(rel, doc.line(key), key, "must be a list", f"write each entry as '- id: ...' under '{key}:'")
                continue
            for i, raw in enumerate(items):
                ident = raw.get("id") if isinstance(raw, dict) else None
                entry = read(raw, (key, i))
                if isinstance(ident, str) and ident in seen:  # reported even when other fields are wrong
                    first_rel, first_line = seen[ident]
                    problems.add(rel, doc.line(key, i, "id"), "id",
                                 f"the id '{ident}' is already used ({first_rel}:{first_line})",
                                 "give each event and era its own id")
                    continue
                if isinstance(ident, str) and ID_RE.match(ident):
                    seen[ident] = (rel, doc.line(key, i))
                if entry is not None:
                    out.append(entry)
    return timeline
