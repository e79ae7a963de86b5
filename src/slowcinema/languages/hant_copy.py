"""The generated 繁體 copy of an essay's body, made by the reader's browser instead of shipped twice.

The build converts the Simplified text as always (`hant.html`: phrase table, OpenCC, quotation
marks), then derives from the result a small replacement table for the page (`们=們`, `干净=乾淨`, `若干=若干`...), applied by the
page's own script (templates/sca/hant-copy.js) with a greedy longest match to each text node of a
clone of the Simplified cell. A cell leaves its 繁體 copy to the browser only when the build has
checked that the script gives exactly that text; any other cell keeps its copy in the HTML.

The clone's ids take the suffix `--hant` (as `essay_page._dedupe_ids` names them), and its links to
an id in any Simplified cell follow. The table is encoded as `key=value` entries joined by `|`, or
plain `keyvalue` when both halves have the same length (most entries: one character for one).
"""

from __future__ import annotations

import difflib
import html as htmllib
import re
from collections import Counter
from dataclasses import dataclass, field

from . import hant

SUFFIX = "--hant"
_TAG_RE = re.compile(r"(<[^>]*>)")
_ID_RE = re.compile(r'\sid="([^"]*)"')
_ATTR_RE = re.compile(r'\s(?:title|alt)="([^"]*)"')
_HREF_RE = re.compile(r'<a\b[^>]*?\shref="#([^"]*)"')
_COMPONENT_RE = re.compile(r"<[^>]*\b(?:sca-|data-sca-)")  # our components: their own scripts may bind to them
_ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")
_ROUNDS = 6  # widenings of the context around a spot the table gets wrong


def texts(cell_html: str) -> list[str]:
    """The text of an HTML fragment as it stands between tags (character references as written)."""
    return [p for p in _TAG_RE.split(cell_html) if p and not p.startswith("<")]


def apply(table: dict[str, str], text: str) -> str:
    """The script's conversion: at each place, the longest key of `table` that starts there."""
    return _Applier(table)(text)


class _Applier:
    """`apply` for one table, for many texts: a regular expression of the longer keys, longest first,
    and str.translate for the single characters between their matches (the script's loop, faster)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.chars = {ord(k): v for k, v in table.items() if len(k) == 1}
        longer = sorted((k for k in table if len(k) > 1), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, longer))) if longer else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text.translate(self.chars)
        out, at = [], 0
        for m in self.pattern.finditer(text):
            out.append(text[at:m.start()].translate(self.chars))
            out.append(self.table[m.group(0)])
            at = m.end()
        out.append(text[at:].translate(self.chars))
        return "".join(out)


def _spots(s: str, t: str) -> list[tuple[int, int, int, int]]:
    """Where `t` differs from `s`, as (s_start, s_end, t_start, t_end) runs."""
    if len(s) == len(t):
        runs: list[tuple[int, int, int, int]] = []
        for i in [i for i, (a, b) in enumerate(zip(s, t)) if a != b]:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1, runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1, i, i + 1))
        return runs
    ops = difflib.SequenceMatcher(None, s, t, autojunk=False).get_opcodes()
    return [(a1, a2, b1, b2) for op, a1, a2, b1, b2 in ops if op != "equal"]


def _widen(s: str, t: str, spot: tuple[int, int, int, int], left: int, right: int) -> tuple[str, str]:
    a1, a2, b1, b2 = spot
    left = min(left, a1, b1)
    right = min(right, len(s) - a2, len(t) - b2)
    return s[a1 - left:a2 + right], t[b1 - left:b2 + right]


@dataclass
class Table:
    entries: dict[str, str] = field(default_factory=dict)
    failed: set[int] = field(default_factory=set)  # indexes of the (s, t) pairs the table cannot give

    def encode(self) -> str:
        """One character for one first, as one run of pairs; then the longer entries."""
        chars = "".join(k + v for k, v in sorted(self.entries.items()) if len(k) == len(v) == 1)
        longer = [k + v if len(k) == len(v) else f"{k}={v}" for k, v in sorted(self.entries.items())
                  if not len(k) == len(v) == 1]
        return "|".join([chars] + longer)


def decode(encoded: str) -> dict[str, str]:
    """The table back from `Table.encode` (as the script reads it)."""
    chars, *longer = encoded.split("|")
    table = {chars[i]: chars[i + 1] for i in range(0, len(chars) - 1, 2)}
    for e in longer:
        k, sep, v = e.partition("=")
        if not sep:
            k, v = e[: len(e) // 2], e[len(e) // 2:]
        table[k] = v
    return table


def _encodable(s: str) -> bool:
    # The separators stay out of the text; only the Basic Multilingual Plane, where the script's
    # UTF-16 string positions are the characters Python counts.
    return "|" not in s and "=" not in s and not _ASTRAL_RE.search(s)


def build_table(pairs: list[tuple[str, str]]) -> Table:
    """The replacement table that turns each Simplified text `s` into its Traditional `t`, or the
    pairs it cannot turn (`failed`). Each character first gets its most frequent form on the page
    (no entry when that is itself); where that is wrong (干净 is 乾淨, 若干 stays 若干), an entry for
    the spot, then for the spot with more and more of its context, until the table gives `t`."""
    forms: Counter = Counter()  # (Simplified character, its Traditional form) -> how often
    phrases: dict[str, set[str]] = {}
    for s, t in pairs:
        if len(s) == len(t):
            forms.update(zip(s, t))
        else:  # OpenCC changed the length (U盘, 隨身碟): its spots as phrases
            for spot in _spots(s, t):
                k, v = _widen(s, t, _grow(s, t, spot) if spot[0] == spot[1] else spot, 0, 0)
                phrases.setdefault(k, set()).add(v)
    table = Table()
    best: dict[str, tuple[int, bool, str]] = {}
    for (a, b), n in forms.items():  # the most frequent form of each character; itself on a tie
        rank = (-n, b != a, b)
        if a not in best or rank < best[a]:
            best[a] = rank
    for a, (_, changed, b) in best.items():
        if changed and _encodable(a + b):
            table.entries[a] = b
    for k, vs in phrases.items():
        v = next(iter(vs))
        if len(vs) == 1 and k and _encodable(k + v):
            table.entries[k] = v
    convert = _Applier(table.entries)
    got = [convert(s) for s, _ in pairs]
    wrong = {i for i, (_, t) in enumerate(pairs) if got[i] != t}
    runs: dict[int, list[tuple[int, int, int, int]]] = {}  # what OpenCC changed in each wrong text
    for by in range(_ROUNDS):
        if not wrong:
            break
        added: dict[str, set[str]] = {}
        for i in sorted(wrong):
            s, t = pairs[i]
            if len(s) != len(t) or len(got[i]) != len(t):
                continue  # cannot be lined up place by place: this text keeps its copy in the HTML
            if i not in runs:
                runs[i] = _spots(s, t)
            for spot in _spots(got[i], t):
                spot = _within(spot, runs[i])
                # The spot with what follows it (a match starts there even when the text before it
                # belongs to another entry), then with what precedes it, then with both.
                for left, right in ((0, by), (by, 0), (by, by)):
                    k, v = _widen(s, t, spot, left, right)
                    if table.entries.get(k, v) == v:
                        added.setdefault(k, set()).add(v)
                        break
        new = {k: next(iter(vs)) for k, vs in added.items() if len(vs) == 1 and _encodable(k + next(iter(vs)))}
        table.entries.update(new)
        # Only a text with a new key in it can come out differently.
        convert = _Applier(table.entries)
        again = wrong | {i for i, (s, _) in enumerate(pairs) if any(k in s for k in new)}
        for i in again:
            got[i] = convert(pairs[i][0])
        wrong = {i for i in again if got[i] != pairs[i][1]}
    table.failed = wrong
    return table


def _within(spot: tuple[int, int, int, int], runs: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """A wrong spot (texts of one length) grown to the whole runs OpenCC changed around it (干净 as
    one: 乾淨)."""
    a1, a2 = spot[0], spot[1]
    for r1, r2, _, _ in runs:
        if r1 < a2 and a1 < r2:
            a1, a2 = min(a1, r1), max(a2, r2)
    return a1, a2, a1, a2


def _grow(s: str, t: str, spot: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    a1, a2, b1, b2 = spot
    if a1 > 0 and b1 > 0:
        return a1 - 1, a2, b1 - 1, b2
    return a1, min(a2 + 1, len(s)), b1, min(b2 + 1, len(t))


def attributes(fragment: str) -> list[str]:
    """The title and alt texts of an HTML fragment (the script converts them too)."""
    return [v for tag in _TAG_RE.findall(fragment) for v in _ATTR_RE.findall(tag)]


def ids(fragment: str) -> list[str]:
    return [htmllib.unescape(m) for m in _ID_RE.findall(fragment)]


def links(fragment: str) -> list[str]:
    return [htmllib.unescape(m) for m in _HREF_RE.findall(fragment)]


def plain(cell_html: str) -> bool:
    """A cell of ordinary Markdown output: no component of ours, nothing outside the BMP."""
    return not _COMPONENT_RE.search(cell_html) and not _ASTRAL_RE.search(cell_html)


@dataclass
class Plan:
    table: Table
    cloned: set[int]  # indexes of the cells whose 繁體 copy the browser makes


def plan(cells: list[tuple[str, str]], other_ids: set[str]) -> Plan | None:
    """Which of `cells`, (Simplified HTML, its generated Traditional HTML as the page would carry
    it) pairs, the browser can copy, and the table it needs; None if the copies' ids or links would
    not hold on this page (`other_ids`: every id of the page outside these Traditional cells)."""
    candidates = [i for i, (s, _) in enumerate(cells) if plain(s)]
    pairs, owner = [], []
    for i in candidates:
        simplified, traditional = texts(cells[i][0]), texts(cells[i][1])
        if len(simplified) != len(traditional):  # not hant.html's output: leave it as it is
            continue
        for s, t in zip(simplified, traditional):  # as the browser's text nodes hold them
            pairs.append((htmllib.unescape(s), htmllib.unescape(t)))
            owner.append(i)
        for value in attributes(cells[i][0]):  # titles and alt texts are converted too
            pairs.append((htmllib.unescape(value), htmllib.unescape(hant.text(value))))
            owner.append(i)
    candidates = sorted(set(owner))
    table = build_table(pairs)
    cloned = set(candidates) - {owner[p] for p in table.failed}
    # Ids and links, renamed as the script renames them.
    renamed = {x for s, _ in cells for x in ids(s)}
    made = {x + SUFFIX for i in cloned for x in ids(cells[i][0])}
    kept = other_ids | {x for i, (_, t) in enumerate(cells) if i not in cloned for x in ids(t)}
    if made & kept:
        return None
    for i in cloned:
        for target in links(cells[i][0]):
            if (target + SUFFIX if target in renamed else target) not in made | kept:
                return None
    return Plan(table, cloned)
