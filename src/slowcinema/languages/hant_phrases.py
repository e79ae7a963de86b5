"""The archive's 繁體 phrase table, `docs/hant-phrases.yml`: names, film titles and terms whose
Traditional form the generated 繁體 edition takes as written (see `hant`).

    names:
      布列松: 布列松        # Robert Bresson; OpenCC: 佈列松
    terms:
      表演: 表演            # OpenCC: 对表演 -> 對錶演

Each group maps Simplified text to its Traditional form. Read strictly (slowcinema.content.yamlio), with the
file and line of every problem. A phrase and its form are plain text: the form is written into the pages'
HTML, between its tags, so neither may hold a character that HTML reads as markup (`MARKUP`), nor a control
character (bidirectional ones included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import yamlio
from ..content.problems import Problems, did_you_mean

FILE = "hant-phrases.yml"
GROUPS = ("names", "titles", "terms", "context")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE_RE = re.compile(r"\s")
MARKUP = "<>&\"'`"  # what HTML reads as markup, or as the end of an attribute value
# ... and control characters, bidirectional ones too (they can make a phrase read as another)
_NOT_TEXT_RE = re.compile(f"[{re.escape(MARKUP)}\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class PhraseTable:
    entries: dict[str, str] = field(default_factory=dict)  # Simplified -> Traditional
    lines: dict[str, int] = field(default_factory=dict)  # Simplified -> line in the file


def load(path: Path, rel: str, problems: Problems) -> PhraseTable:
    """The table at `path` (an empty one when there is no such file); every problem is reported."""
    table = PhraseTable()
    if not path.is_file():
        return table
    doc = yamlio.load(path.read_text(encoding="utf-8"), rel, problems)
    if doc is None or doc.data is None:
        return table
    fix_groups = f"group the phrases under {', '.join(g + ':' for g in GROUPS)} (see CONTRIBUTING.md, '繁體')"
    if not isinstance(doc.data, dict):
        problems.add(rel, doc.line(), None, "must be a mapping of groups", fix_groups)
        return table
    for group, phrases in doc.data.items():
        line = doc.line(group)
        if group not in GROUPS:
            problems.add(rel, line, str(group), f"unknown group '{group}'.{did_you_mean(str(group), GROUPS)}", fix_groups)
            continue
        if phrases is None:
            continue
        if not isinstance(phrases, dict):
            problems.add(rel, line, group, "must map Simplified phrases to their Traditional form",
                         "write one phrase a line, for example  布列松: 布列松")
            continue
        for key, value in phrases.items():
            at = doc.line(group, key)
            if not isinstance(key, str) or not _HAN_RE.search(key) or _SPACE_RE.search(key):
                problems.add(rel, at, f"{group}.{key}", "a phrase must be Chinese text without spaces",
                             "write the Simplified phrase as it appears in the essays, for example 布列松")
                continue
            if not isinstance(value, str) or not value.strip() or _SPACE_RE.search(value):
                problems.add(rel, at, f"{group}.{key}", "needs its Traditional form, as text without spaces",
                             f"write it after the colon, for example  {key}: {key}")
                continue
            if found := _NOT_TEXT_RE.search(f"{key}{value}"):
                problems.add(rel, at, f"{group}.{key}", f"may not contain {found.group(0)!r}: a phrase and its "
                             "Traditional form are plain text, written into the pages' HTML as they are",
                             "write the phrase and its form as the essays show them, without markup")
                continue
            if key in table.entries:
                problems.add(rel, at, f"{group}.{key}", f"'{key}' is already in the table (line {table.lines[key]})",
                             "keep one of the two lines")
                continue
            table.entries[key] = value
            table.lines[key] = at or 0
    return table
