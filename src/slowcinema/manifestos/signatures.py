"""Signatories of a manifesto (`signatories.yml`), added one pull request at a time.

    - name: {zh: 林一, en: Lin Yi}   # one script or both; or simply  name: Lin Yi
      role: {zh: 导演, en: Director}  # optional, one or both languages
      place: Taipei                  # optional
      date: 2026-11-21               # the day of signing; not in the future
      link: https://example.org/lin  # optional, https only

Names, roles and places are plain text: markup, URLs and control characters are refused, so no one
can smuggle a link or a script into the list.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content import fields, schema, yamlio
from ..content.problems import Problems
from ..content.source import read_text

KEYS = schema.SIGNATORY.names
_MARKUP_RE = re.compile(r"[<>\[\]{}`*_|\\]|\]\(|&[#a-zA-Z0-9]+;")
_URL_RE = re.compile(r"(?i)\b(?:https?|ftp|javascript|data|vbscript):|\bwww\.|\b[a-z0-9-]+\.(?:com|org|net|io|cn|tw|hk|me|app|dev|xyz|info)\b")


@dataclass(frozen=True)
class Signatory:
    name: dict[str, str]  # 'zh' and/or 'en'
    role: dict[str, str]
    place: str | None
    date: dt.date
    link: str | None
    # Where it was read (signatories.yml and the line of each text: name.zh, role.en, place, link...).
    rel: str = field(default="", compare=False, repr=False)
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def key(self) -> str:
        """What makes two signatures the same person: the names, case- and width-folded."""
        return "|".join(unicodedata.normalize("NFKC", self.name.get(lang, "")).casefold().strip()
                        for lang in ("zh", "en"))


def load_signatories(path: Path, rel: str, problems: Problems, today: dt.date) -> tuple[Signatory, ...] | None:
    if not path.is_file():
        return ()
    text = read_text(path, rel, problems)
    if text is not None and _entries_after_empty_list(text, rel, problems):
        return None
    doc = yamlio.load(text, rel, problems) if text is not None else None
    if doc is None:
        return None
    if doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        problems.add(rel, 1, None, "must be a list of signatories",
                     "start each signature with '- name: ...' (see CONTRIBUTING.md, 'Signing a manifesto')")
        return None
    before = len(problems)
    out: list[Signatory] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(doc.data):
        s = _read(raw, i, doc, rel, problems, today)
        if s is None:
            continue
        line = doc.line(i)
        if s.key() in seen:
            problems.add(rel, line, f"[{i}].name", f"this person has already signed (line {seen[s.key()]})",
                         "a person signs once; remove this entry")
            continue
        seen[s.key()] = line or 0
        out.append(s)
    if len(problems) > before:
        return None
    return tuple(sorted(out, key=lambda s: s.date, reverse=True))


def _entries_after_empty_list(text: str, rel: str, problems: Problems) -> bool:
    """The first signature appended below the empty file's '[]' (YAML would speak of indentation)."""
    lines = text.split("\n")
    at = next((n for n, line in enumerate(lines, 1) if line.strip() == "[]"), None)
    if at is None or not any(line.lstrip().startswith("- ") for line in lines[at:]):
        return False
    problems.add(rel, at, None, "the line '[]' says that no one has signed, but signatures follow it",
                 "delete the line '[]' (the first signature replaces it; see CONTRIBUTING.md, 'Signing a manifesto')")
    return True


def _plain(value: Any, at: fields.Place, problems: Problems) -> str | None:
    text = fields.text(value, at, problems)  # refuses < >, control and invisible characters
    if text is None:
        return None
    if _MARKUP_RE.search(text):
        problems.add(at.rel, at.line, at.field, "contains markup characters (such as < > [ ] * _ `)",
                     "write plain text only; a link belongs in 'link:'")
        return None
    if _URL_RE.search(text):
        problems.add(at.rel, at.line, at.field, "contains a web address",
                     "write plain text only; put one https address in 'link:'")
        return None
    return text


def _scripts(value: Any, at: fields.Place, problems: Problems, required: bool) -> dict[str, str] | None:
    if value is None and not required:
        return {}
    if isinstance(value, str):
        text = _plain(value, at, problems)
        if text is None:
            return None
        return {"zh" if re.search(r"[\u3400-\u9fff]", text) else "en": text}
    if isinstance(value, dict) and value:
        if not schema.languages(value, at.rel, problems, where=at.field, line=at.line):
            return None
        out = {}
        for lang, text in value.items():
            plain = _plain(text, fields.Place(at.rel, at.line, f"{at.field}.{lang}"), problems)
            if plain is None:
                return None
            out[lang] = plain
        return out
    problems.add(at.rel, at.line, at.field, "is missing" if value is None else f"must be text, not {value!r}",
                 f"write {at.field}: Your Name, or {at.field}: {{zh: 中文名, en: Latin Name}}")
    return None


def _read(raw: Any, i: int, doc: yamlio.YamlDoc, rel: str, problems: Problems, today: dt.date) -> Signatory | None:
    line = doc.line(i)
    if not isinstance(raw, dict):
        problems.add(rel, line, f"[{i}]", "a signature must be a mapping with name and date",
                     "write '- name: Your Name' and, indented below it, 'date: YYYY-MM-DD'")
        return None
    ok = schema.SIGNATORY.unknown(raw, rel, problems, doc, (i,), f"[{i}]")

    def at(key: str) -> fields.Place:
        return fields.Place(rel, doc.line(i, key) or line, key)

    name = _scripts(raw.get("name"), at("name"), problems, required=True)
    role = _scripts(raw.get("role"), at("role"), problems, required=False)
    place = _plain(raw["place"], at("place"), problems) if "place" in raw else None
    date = fields.date(raw.get("date"), at("date"), problems) if "date" in raw else None
    if "date" not in raw:
        problems.add(rel, line, "date", "is missing", "add 'date: YYYY-MM-DD', the day you sign")
    elif date is not None and date > today:
        problems.add(rel, doc.line(i, "date"), "date", f"{date.isoformat()} is in the future",
                     f"use the day you sign, today or earlier ({today.isoformat()})")
        date = None
    link = None
    if "link" in raw:
        link = raw["link"]
        parts = urlsplit(link) if isinstance(link, str) else None
        if not parts or parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in link) or "@" in parts.netloc:
            problems.add(rel, doc.line(i, "link"), "link", f"{link!r} is not an https address",
                         "write one address starting with https://, or leave 'link:' out")
            link = None
            ok = False
    if not ok or name is None or role is None or date is None or ("place" in raw and place is None):
        return None
    lines = {f"{key}.{lang}": doc.line(i, key, lang) for key, texts in (("name", name), ("role", role)) for lang in texts}
    lines |= {key: doc.line(i, key) for key in ("place", "link")}
    return Signatory(name, role, place, date, link, rel, lines)
