"""What changed between two versions of a manifesto, principle by principle: added, withdrawn,
reworded (with the wording difference in each language), or renumbered but unchanged."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .bundle import Principle, Version

Segment = tuple[str, str]  # ('same' | 'del' | 'ins', text)


@dataclass(frozen=True)
class Change:
    kind: str  # added, withdrawn, reworded, renumbered
    id: str
    old_number: int | None
    new_number: int | None
    old: Principle | None
    new: Principle | None
    wording: dict[str, list[Segment]] = field(default_factory=dict)  # lang -> segments, for 'reworded'


def _tokens(text: str, lang: str) -> list[str]:
    if lang == "zh":
        return list(text)  # Chinese has no spaces: compare character by character
    return re.findall(r"\S+\s*", text)  # English: word by word, keeping the spaces


def wording(old: str, new: str, lang: str) -> list[Segment]:
    a, b = _tokens(old, lang), _tokens(new, lang)
    out: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("same", "".join(a[i1:i2]))
        else:
            push("del", "".join(a[i1:i2]))
            push("ins", "".join(b[j1:j2]))
    return out


def compare(old: Version, new: Version) -> list[Change]:
    before = {p.id: (i, p) for i, p in enumerate(old.principles, 1)}
    changes: list[Change] = []
    for n, p in enumerate(new.principles, 1):
        if p.id not in before:
            changes.append(Change("added", p.id, None, n, None, p))
            continue
        o, q = before[p.id]
        if (q.text, q.title) != (p.text, p.title):
            diff = {}
            for lang in ("zh", "en"):
                old_text = f"{q.title.get(lang)}\n{q.text.get(lang)}"
                new_text = f"{p.title.get(lang)}\n{p.text.get(lang)}"
                if old_text != new_text:
                    diff[lang] = wording(q.text.get(lang), p.text.get(lang), lang) if q.title == p.title else \
                        wording(old_text, new_text, lang)
            changes.append(Change("reworded", p.id, o, n, q, p, diff))
        elif o != n:
            changes.append(Change("renumbered", p.id, o, n, q, p))
    now = {p.id for p in new.principles}
    for pid, (number, principle) in before.items():
        if pid not in now:
            changes.append(Change("withdrawn", pid, number, None, principle, None))
    return changes
