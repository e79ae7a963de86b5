"""Manifestos: bundles `docs/manifesto/<slug>/` holding the preamble in each language
(`index.zh.md` / `index.en.md`, read like an essay), the principles of every version
(`principles.yml`) and the signatories (`signatories.yml`).

principles.yml:
    versions:                       # oldest first
      - version: 1
        date: 2026-11-10
        note: {zh: ..., en: ...}    # optional: what this version is
        principles:
          - id: time                # stable: survives rewording and renumbering
            title: {zh: ..., en: ...}
            text: {zh: ..., en: ...}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive import origins
from ..archive.entries import DatedEntry
from ..content import fields, schema, yamlio
from ..content.bilingual import Bilingual
from ..content.bilingual import read as read_bilingual
from ..content.problems import Problems
from ..content.source import read_text
from ..content.source import rel as _rel
from ..essays.bundle import Essay, load_essays
from .signatures import Signatory, load_signatories

SECTION = "manifesto"
PRINCIPLE_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RESERVED_IDS = re.compile(r"^(principle-\d+|principles|history|signatories|v\d+)$")


@dataclass(frozen=True)
class Principle:
    id: str
    title: Bilingual
    text: Bilingual


@dataclass(frozen=True)
class Version:
    number: int
    date: dt.date
    note: Bilingual | None
    principles: tuple[Principle, ...]

    def position(self, pid: str) -> int | None:
        """1-based number of the principle `pid` in this version."""
        return next((i for i, p in enumerate(self.principles, 1) if p.id == pid), None)


@dataclass(frozen=True)
class Manifesto:
    text: Essay  # the bilingual preamble and the shared front matter
    versions: tuple[Version, ...]  # oldest first
    signatories: tuple[Signatory, ...]  # newest first

    @property
    def slug(self) -> str:
        return self.text.slug

    @property
    def url(self) -> str:
        return self.text.url

    @property
    def current(self) -> Version:
        return self.versions[-1]

    def dated_entries(self) -> list[DatedEntry]:
        zh = self.text.versions["zh"].title if "zh" in self.text.versions else None
        en = self.text.versions["en"].title if "en" in self.text.versions else None
        found = tuple(origins.entries([self.text]))
        out = [DatedEntry("manifesto", self.slug, self.versions[0].date, zh, en, self.url, self.text.tags, origins=found)]
        for v in self.versions[1:]:
            out.append(DatedEntry("manifesto-version", f"{self.slug}-v{v.number}", v.date,
                                  f"{zh}（第{v.number}版）" if zh else None,
                                  f"{en} (version {v.number})" if en else None,
                                  f"{self.url}#v{v.number}", self.text.tags, origins=found))
        return out


def load_manifestos(docs: Path, root: Path, authors: dict, tags: dict, problems: Problems,
                    today: dt.date | None = None) -> list[Manifesto]:
    out = []
    for text in load_essays(docs, root, authors, tags, problems, section=SECTION):
        folder = docs / SECTION / text.slug
        versions = _load_versions(folder / "principles.yml", _rel(folder / "principles.yml", root), problems)
        signatories = load_signatories(folder / "signatories.yml", _rel(folder / "signatories.yml", root),
                                       problems, today or dt.date.today())
        if versions is not None and signatories is not None:
            out.append(Manifesto(text, versions, signatories))
    return out


def _load_versions(path: Path, rel: str, problems: Problems) -> tuple[Version, ...] | None:
    if not path.is_file():
        problems.add(rel, None, None, "a manifesto needs its principles", f"create {rel} (see CONTRIBUTING.md, 'Manifestos')")
        return None
    text = read_text(path, rel, problems)
    doc = yamlio.load(text, rel, problems) if text is not None else None
    if doc is None:
        return None
    before = len(problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_versions = data.get("versions")
    if not isinstance(raw_versions, list) or not raw_versions:
        problems.add(rel, doc.line("versions", default=1), "versions", "must be a list of at least one version",
                     "write 'versions:' and under it '- version: 1', 'date: ...', 'principles: ...'")
        return None
    schema.PRINCIPLES_FILE.unknown(data, rel, problems, doc)
    versions: list[Version] = []
    for i, raw in enumerate(raw_versions):
        v = _read_version(raw, doc, ("versions", i), rel, problems)
        if v is None:
            continue
        if versions and v.number != versions[-1].number + 1:
            problems.add(rel, doc.line("versions", i, "version"), f"versions[{i}].version",
                         f"is {v.number}, but the version before it is {versions[-1].number}",
                         f"number versions 1, 2, 3... oldest first; this one should be {versions[-1].number + 1}")
        if versions and v.date < versions[-1].date:
            problems.add(rel, doc.line("versions", i, "date"), f"versions[{i}].date",
                         f"{v.date.isoformat()} is before the previous version's date ({versions[-1].date.isoformat()})",
                         "list versions oldest first, each dated on or after the one before")
        versions.append(v)
    if versions and versions[0].number != 1:
        problems.add(rel, doc.line("versions", 0, "version"), "versions[0].version", "the first version must be 1",
                     "number versions 1, 2, 3... oldest first")
    return tuple(versions) if len(problems) == before else None


def _read_version(raw: Any, doc: yamlio.YamlDoc, path: tuple, rel: str, problems: Problems) -> Version | None:
    where = f"versions[{path[1]}]"
    if not isinstance(raw, dict):
        problems.add(rel, doc.line(*path), where, "must be a mapping with version, date and principles",
                     "write '- version: 1' and indent 'date:' and 'principles:' under it")
        return None
    schema.VERSION.unknown(raw, rel, problems, doc, path, where)
    number = raw.get("version")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        problems.add(rel, doc.line(*path, "version"), f"{where}.version", f"must be a whole number from 1, not {number!r}",
                     "write version: 1 for the first version, 2 for the next...")
        number = None
    date = fields.date(raw.get("date"), fields.Place(rel, doc.line(*path, "date"), f"{where}.date"), problems)
    note = read_bilingual(raw["note"], doc, (*path, "note"), rel, problems) if "note" in raw else None
    principles = _read_principles(raw.get("principles"), doc, (*path, "principles"), rel, problems)
    if number is None or date is None or principles is None:
        return None
    return Version(number, date, note, principles)


def _read_principles(raw: Any, doc: yamlio.YamlDoc, path: tuple, rel: str, problems: Problems) -> tuple[Principle, ...] | None:
    where = f"versions[{path[1]}].principles"
    if not isinstance(raw, list) or not raw:
        problems.add(rel, doc.line(*path), where, "must be a list of at least one principle",
                     "write '- id: ...', 'title:' and 'text:' for each principle")
        return None
    out: list[Principle] = []
    seen: set[str] = set()
    ok = True
    for i, item in enumerate(raw):
        p = (*path, i)
        if not isinstance(item, dict):
            problems.add(rel, doc.line(*p), f"{where}[{i}]", "must be a mapping with id, title and text",
                         "write '- id: time', then 'title:' and 'text:' with zh and en under each")
            ok = False
            continue
        ok = schema.PRINCIPLE.unknown(item, rel, problems, doc, p, f"{where}[{i}]") and ok
        pid = item.get("id")
        if not isinstance(pid, str) or not PRINCIPLE_ID_RE.match(pid) or RESERVED_IDS.match(pid):
            problems.add(rel, doc.line(*p, "id"), f"{where}[{i}].id", f"{pid!r} is not a usable principle id",
                         "use lowercase ASCII words joined by hyphens, such as 'time' or 'dignity-and-consent', "
                         "and keep it the same in every version (it is the principle's permanent anchor)")
            ok = False
        elif pid in seen:
            problems.add(rel, doc.line(*p, "id"), f"{where}[{i}].id", f"'{pid}' is used twice in this version",
                         "give each principle its own id")
            ok = False
        else:
            seen.add(pid)
        title = read_bilingual(item.get("title"), doc, (*p, "title"), rel, problems)
        text = read_bilingual(item.get("text"), doc, (*p, "text"), rel, problems)
        if ok and title and text:
            out.append(Principle(pid, title, text))
        else:
            ok = False
    return tuple(out) if ok else None
