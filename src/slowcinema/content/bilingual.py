"""A text in both languages ({zh: ..., en: ...}), as registries, films and manifestos write it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import schema, yamlio
from .fields import plain_problem, squash
from .problems import Problems


@dataclass(frozen=True)
class Bilingual:
    zh: str
    en: str
    # Where it was read (the data file and the line of each form), for messages about a page showing it.
    rel: str = field(default="", compare=False, repr=False)
    lines: tuple[int | None, int | None] = field(default=(None, None), compare=False, repr=False)

    def line(self, lang: str) -> int | None:
        return self.lines[1] if lang == "en" else self.lines[0]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def dotted(path: tuple) -> str:
    return ".".join(f"[{x}]" if isinstance(x, int) else str(x) for x in path).replace(".[", "[")


def read(value: Any, doc: yamlio.YamlDoc, path: tuple, rel: str, problems: Problems,
         what: str = "the text") -> Bilingual | None:
    """`value` as a Bilingual, or None after reporting each problem (file, line, field, fix)."""
    field, line = dotted(path), doc.line(*path)
    if not isinstance(value, dict):
        problems.add(rel, line, field, f"{what} must have a Chinese and an English form",
                     f"write 'zh: ...' and 'en: ...' indented under '{path[-1]}:'")
        return None
    ok = schema.languages(value, rel, problems, doc, path, field)
    for lang in ("zh", "en"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.add(rel, doc.line(*path, lang) or line, f"{field}.{lang}",
                         f"{what} in {'Chinese' if lang == 'zh' else 'English'} is missing or not text",
                         f"add '{lang}: ...' under '{path[-1]}:'")
            ok = False
        elif why := plain_problem(text):
            problems.add(rel, doc.line(*path, lang) or line, f"{field}.{lang}", *why)
            ok = False
    if not ok:
        return None
    return Bilingual(squash(value["zh"], "zh"), squash(value["en"], "en"), rel,
                     (doc.line(*path, "zh") or line, doc.line(*path, "en") or line))
