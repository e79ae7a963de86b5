"""A static search index cut into small files, so a reader downloads only what a query needs.

Files, under the site's `search/` folder (`assets/search.js` reads them):

- `search_index.json`: what Material's search interface fetches on every page load. Only its
  `config` (the separator, for highlighting a result's terms on the page it opens); no documents.
- `sca/meta.json`: every page's address and title, where each page's documents start in the global
  numbering, the shard keys that exist, and Traditional-to-Simplified characters for queries.
- `sca/t/<key>.json`: one shard per key (see `tokens.shard`): `{term: [doc, weight, doc, weight…]}`,
  documents ascending and delta-coded. A document is a section of a page (its number in the page is
  the document's number minus the page's start).
- `sca/p/<n>.json`: page n's sections, `[[anchor, title, text], …]`, fetched for the best results
  only, to show their text.

A first search fetches meta.json, one shard per term and a few page files.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..languages.hant import character
from . import tokens
from .extract import Section

TITLE_WEIGHT = 10  # a term in a title counts as ten in the text
MAX_WEIGHT = 60
TEXT_LIMIT = 4000  # characters of a section kept for showing results; all of it is indexed


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    sections: tuple[Section, ...]
    # Per section with terms: (section number, its terms joined by spaces, one weight byte per term).
    # Compact on purpose: a thousand essays' worth stays in memory between `serve` rebuilds.
    postings: tuple[tuple[int, str, bytes], ...]


def page(url: str, sections: list[Section]) -> Page:
    """A page ready for the index. Built once per page content (the plugin caches it for rebuilds)."""
    postings = []
    for n, section in enumerate(sections):
        weights: Counter[str] = Counter(tokens.terms(section.text))
        for term in tokens.terms(section.title):
            weights[term] += TITLE_WEIGHT
        if weights:
            postings.append((n, " ".join(weights), bytes(min(w, MAX_WEIGHT) for w in weights.values())))
    return Page(url, sections[0].title if sections else url, tuple(sections), tuple(postings))


def files(pages: list[Page], config: dict) -> dict[str, str]:
    """Every file of the index, by its path under search/."""
    postings: dict[str, array] = {}
    last: dict[str, int] = {}
    starts: list[int] = []
    doc = 0
    out: dict[str, str] = {}
    for p_number, p in enumerate(pages):
        starts.append(doc)
        for n, terms, weights in p.postings:
            number = doc + n
            for term, weight in zip(terms.split(" "), weights):
                found = postings.get(term)
                if found is None:
                    found = postings[term] = array("I")
                found.append(number - last.get(term, 0))
                found.append(weight)
                last[term] = number
        doc += len(p.sections)
        out[f"sca/p/{p_number}.json"] = _json([[s.anchor, s.title, s.text[:TEXT_LIMIT]] for s in p.sections])
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, found in postings.items():
        shards[tokens.shard(term)][term] = found.tolist()
    hanzi = {c for t in postings if tokens.is_han(t) for c in t}
    for key, terms in shards.items():
        out[f"sca/t/{tokens.shard_file(key)}.json"] = _json(terms)
    version = hashlib.sha256("".join(out[k] for k in sorted(out)).encode()).hexdigest()[:12]
    out["sca/meta.json"] = _json({
        "v": version,
        "pages": [[p.url, p.title] for p in pages],
        "starts": starts,
        "docs": doc,
        "shards": sorted(shards),
        "t2s": traditional_to_simplified(hanzi),
    })
    out["search_index.json"] = _json({"config": config, "docs": []})
    return out


def traditional_to_simplified(hanzi: set[str]) -> dict[str, str]:
    """For each indexed Simplified character whose Traditional form differs, that form -> it."""
    table = {}
    for c in sorted(hanzi):
        for t in character(c):
            if t != c:
                table.setdefault(t, c)
    return table


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
