"""A static search index cut into small files, so a reader downloads only what a query needs.

Files, under the site's `search/` folder (`assets/search.js` reads them):

- `search_index.json`: what Material's search interface fetches on every page load. Only its
  `config` (the separator, for highlighting a result's terms on the page it opens); no documents.
- `sca/meta.json`: every page's address, title and tier (essays and manifestos first, list pages
  last), where each page's documents start in the global numbering, the shard keys that exist, and
  the tables between the scripts: Traditional-to-Simplified characters for queries, Simplified-to-
  Traditional characters and phrases (the archive's phrase table, and OpenCC's phrase conversions
  found in its essays) to show a 繁體 query its passages in 繁體, and to find 坎城 as 戛纳.
- `sca/t/<key>.json`: one shard per key (see `tokens.shard`): `{term: [doc, weight, doc, weight…]}`,
  documents ascending and delta-coded. A document is a section of a page (its number in the page is
  the document's number minus the page's start).
- `sca/p/<n>.json`: page n's sections, `[[anchor, title, text, lang], …]`, fetched for the best
  results only, to show their text in the query's language.

A first search fetches meta.json, one shard per term and a few page files.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..languages import hant
from ..languages.hant import character
from . import tokens
from .extract import Section

# A weight is the term's count in the text (at most TEXT_CAP: a list that names a tag fifty times
# is not fifty times about it), plus TITLE_WEIGHT when the term is in the section's title.
TITLE_WEIGHT = 10
TEXT_CAP = 9
TEXT_LIMIT = 4000  # characters of a section kept for showing results; all of it is indexed


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    sections: tuple[Section, ...]
    # Per section with terms: (section number, its terms joined by spaces, one weight byte per term).
    # Compact on purpose: a thousand essays' worth stays in memory between `serve` rebuilds.
    postings: tuple[tuple[int, str, bytes], ...]
    phrases: tuple[tuple[str, str], ...] = ()  # Simplified -> Traditional phrases of its 繁體 copy


def page(url: str, sections: list[Section], phrases: dict[str, str] | None = None) -> Page:
    """A page ready for the index. Built once per page content (the plugin caches it for rebuilds)."""
    postings = []
    for n, section in enumerate(sections):
        weights = {term: min(count, TEXT_CAP) for term, count in Counter(tokens.terms(section.text)).items()}
        for term in dict.fromkeys(tokens.terms(section.title)):
            weights[term] = weights.get(term, 0) + TITLE_WEIGHT
        if weights:
            postings.append((n, " ".join(weights), bytes(weights.values())))
    return Page(url, sections[0].title if sections else url, tuple(sections), tuple(postings),
                tuple(sorted((phrases or {}).items())))


def tier(url: str) -> int:
    """2: an essay or a manifesto; 1: another page of its own (a clip gallery, the timeline, the
    guide); 0: a page that lists others (home, indexes, tags, films, people)."""
    parts = [p for p in url.split("/") if p]
    if len(parts) >= 2 and parts[0] in ("essays", "manifesto"):
        return 2
    if len(parts) >= 2 and parts[0] == "clips" or parts in (["timeline"], ["contribute"]):
        return 1
    return 0


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
        out[f"sca/p/{p_number}.json"] = _json([[s.anchor, s.title, s.text[:TEXT_LIMIT], s.lang] for s in p.sections])
    shards: dict[str, list[str]] = defaultdict(list)
    for term in postings:
        shards[tokens.shard(term)].append(term)
    hanzi = {c for t in postings if tokens.is_han(t) for c in t}
    for key, terms in shards.items():  # as _json({term: numbers}), with one term's numbers as Python ints at a time
        out[f"sca/t/{tokens.shard_file(key)}.json"] = "{" + ",".join(
            f"{_json(term)}:{_json(postings.pop(term).tolist())}" for term in terms) + "}"
    version = hashlib.sha256()  # of the files' texts joined in the order of their paths
    for k in sorted(out):
        version.update(out[k].encode())
    out["sca/meta.json"] = _json({
        "v": version.hexdigest()[:12],
        "pages": [[p.url, p.title, tier(p.url)] for p in pages],
        "starts": starts,
        "docs": doc,
        "shards": sorted(shards),
        "t2s": traditional_to_simplified(hanzi),
        "s2t": simplified_to_traditional(hanzi),
        "phrases": phrases(pages, hanzi),
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


def simplified_to_traditional(hanzi: set[str]) -> dict[str, str]:
    """Each indexed Simplified character's 繁體 form (as the edition converts it alone), where it differs."""
    return {c: t for c in sorted(hanzi) if (t := hant.text(c)) != c and len(t) == 1}


def phrases(pages: list[Page], hanzi: set[str]) -> dict[str, str]:
    """Simplified -> Traditional phrases whose conversion is not character by character: the
    archive's phrase table and the essays' own (OpenCC's 视频 -> 影片), for those indexed."""
    chars = simplified_to_traditional(hanzi)
    found: dict[str, str] = {}
    for p in pages:
        found.update(p.phrases)
    found.update(hant.table())
    return {s: t for s, t in sorted(found.items())
            if len(s) > 1 and set(s) <= hanzi and t != "".join(chars.get(c, c) for c in s)}


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as json.dumps with these, made once
