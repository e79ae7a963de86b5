"""Search terms, made the same way in the build and in the reader's browser.

`assets/search.js` (the search worker) repeats these rules in JavaScript; change both together.

- Text is normalised with NFKD, combining marks are removed and letters lower-cased: "Béla" and
  "bela", full-width "ＡＢ" and "ab" are the same term.
- Han characters (and kana and hangul) have no spaces between words, and a dictionary would miss
  names and new words. Every pair of neighbouring characters is a term instead, and the last
  character of a run: "长镜头" is found in the middle of any sentence because "长镜" and "镜头" both
  occur there, and a single character is the prefix of a pair, or a run's last character.
- Other letters and digits make words; the commonest English words are left out of the index.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs (+ Extension A), compatibility ideographs, kana, hangul syllables.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUN_RE = re.compile(r"[^\W_]+")
_HAN_SPLIT_RE = re.compile(f"([{HAN}]+)")  # a run cut where Han begins and ends: Han at the odd places
_HAN_RE = re.compile(f"[{HAN}]")
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from has have he her his i in is it its of on or she so that the "
    "their them they this to was we were which who will with you".split()
)


# Combining marks to drop after decomposition (those of the Basic Multilingual Plane; translate() is fast).
_MARKS = {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}


def normalise(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_MARKS).lower()


def is_han(token: str) -> bool:
    return bool(_HAN_RE.match(token))


def runs(text: str) -> list[str]:
    """The normalised words and Han runs of `text`, in order."""
    out: list[str] = []
    for run in _RUN_RE.findall(normalise(text)):
        out.extend(part for part in _HAN_SPLIT_RE.split(run) if part)
    return out


def terms(text: str) -> list[str]:
    """Every index term of `text`, in order, repeated as often as it occurs (`runs`, made into terms)."""
    out: list[str] = []
    for run in _RUN_RE.findall(normalise(text)):
        if run.isascii():  # most words: no Han to cut
            if run not in STOP_WORDS:
                out.append(run)
            continue
        for n, part in enumerate(_HAN_SPLIT_RE.split(run)):
            if n % 2:  # Han: each pair of neighbours, and the last character
                out += map(str.__add__, part[:-1], part[1:])
                out.append(part[-1])
            elif part and part not in STOP_WORDS:
                out.append(part)
    return out


def shard(term: str) -> str:
    """The shard a term is stored in: its first character for Han, its first two otherwise. A typed
    prefix of two or more letters therefore finds all its completions in one file."""
    return term[0] if is_han(term) else term[:2]


def shard_file(key: str) -> str:
    """A file name for a shard key: ASCII letters and digits as they are, other characters as uXXXX."""
    return "".join(c if ("a" <= c <= "z" or "0" <= c <= "9") else f"u{ord(c):x}" for c in key)
