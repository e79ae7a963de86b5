"""The registries contributors refer to by id: authors (docs/authors.yml) and tags (docs/tags.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content import schema, yamlio
from ..content.bilingual import Bilingual
from ..content.bilingual import read as read_bilingual
from ..content.problems import Problems
from ..content.source import read_text

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Author:
    id: str
    name: Bilingual
    note: Bilingual | None


@dataclass(frozen=True)
class Tag:
    id: str
    label: Bilingual


def _load_mapping(path: Path, rel: str, problems: Problems, what: str) -> yamlio.YamlDoc | None:
    if not path.is_file():
        problems.add(rel, None, None, f"the {what} registry is missing", f"create {rel} (see CONTRIBUTING.md)")
        return None
    text = read_text(path, rel, problems)
    if text is None:
        return None
    doc = yamlio.load(text, rel, problems)
    if doc is None:
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        problems.add(rel, 1, None, f"the {what} registry must map ids to entries", "write 'some-id:' at the start of a line, its fields indented below")
        return None
    for key in doc.data:
        if not isinstance(key, str) or not ID_RE.match(key):
            problems.add(rel, doc.line(key), str(key), f"'{key}' is not a valid id",
                         "use lowercase ASCII letters, digits and hyphens, for example lin-zhao")
    return doc


def load_authors(path: Path, rel: str, problems: Problems) -> dict[str, Author]:
    doc = _load_mapping(path, rel, problems, "authors")
    authors: dict[str, Author] = {}
    if doc is None:
        return authors
    for aid, entry in doc.data.items():
        if not isinstance(entry, dict):
            problems.add(rel, doc.line(aid), str(aid), "an author needs a name", "add 'name:' with 'zh:' and 'en:' under it")
            continue
        schema.AUTHOR.unknown(entry, rel, problems, doc, (aid,), str(aid))
        name = read_bilingual(entry.get("name"), doc, (aid, "name"), rel, problems, "the name")
        note = read_bilingual(entry["note"], doc, (aid, "note"), rel, problems, "the note") if "note" in entry else None
        if name:
            authors[aid] = Author(aid, name, note)
    return authors


def load_tags(path: Path, rel: str, problems: Problems) -> dict[str, Tag]:
    doc = _load_mapping(path, rel, problems, "tags")
    tags: dict[str, Tag] = {}
    if doc is None:
        return tags
    for tid, entry in doc.data.items():
        label = read_bilingual(entry, doc, (tid,), rel, problems, "the label")
        if label:
            tags[tid] = Tag(tid, label)
    return tags
