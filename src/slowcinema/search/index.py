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

The postings are merged a block of pages at a time (`blocks`, `block`), and the blocks joined (`join`). A
block holds its pages' files too. The build cache keeps each block by its pages' inputs
(slowcinema.search.build): after a one-essay edit a build merges one block again, not the millions of
postings of the whole archive, and reads the blocks, not a thousand pages' entries.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
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
BLOCK = 64  # pages to a block of postings, on average (`blocks`)


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


def block_ends(url: str) -> bool:
    """Whether a block of pages ends with the page at `url`. Decided by the address, so that an essay added or
    removed changes one block, not every block after it; BLOCK pages to a block on average."""
    return zlib.crc32(url.encode()) % BLOCK == 0


def block_ranges(urls: Sequence[str]) -> list[range]:
    """Where the pages at `urls` (in their order) are cut into blocks (see `block_ends`): each block's places."""
    out, start = [], 0
    for i, url in enumerate(urls):
        if block_ends(url):
            out.append(range(start, i + 1))
            start = i + 1
    if start < len(urls):
        out.append(range(start, len(urls)))
    return out


def blocks(pages: Sequence[Page]) -> list[Sequence[Page]]:
    """The pages cut into blocks, in their order (`block_ranges`)."""
    return [pages[r.start:r.stop] for r in block_ranges([p.url for p in pages])]


def block(pages: Sequence[Page]) -> str:
    """A block of consecutive pages as the index joins it (`join`). Text, so that the build cache keeps it as it is
    and `join` reads it without decoding most of it; a cached build reads the blocks, not the pages' entries. Lines:
    - the shards the block's terms are in, in the order their first terms appear (`tokens.shard`), and a digest of
      each one's part (below), by which `join` finds a shard again when every block's part of it is the same;
    - the pages, in JSON: for each, its title, its number of sections and its phrases;
    - each page's file (`sca/p/<n>.json`), a line each (JSON escapes every line break);
    - then each shard's part: four lines of the postings of its terms merged, documents numbered from the block's
      first. Each has one item per term, in the order the terms first appear, separated by spaces: the terms; each
      one's first document; its last; and the rest of its delta-coded list after the first number
      (`,weight,delta,weight…`)."""
    postings: dict[str, array] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    doc = 0
    for p in pages:
        for n, terms, weights in p.postings:
            number = doc + n
            for term, weight in zip(terms.split(" "), weights):
                found = postings.get(term)
                if found is None:
                    found = postings[term] = array("I")
                    first[term] = number
                else:
                    found.append(number - last[term])
                found.append(weight)
                last[term] = number
        doc += len(p.sections)
    shards: dict[str, list[str]] = defaultdict(list)
    for term in postings:
        shards[tokens.shard(term)].append(term)
    parts = ["\n".join((" ".join(terms), " ".join(str(first[t]) for t in terms), " ".join(str(last[t]) for t in terms),
                        " ".join("," + ",".join(map(str, postings[t])) for t in terms))) for terms in shards.values()]
    return "\n".join((" ".join(shards), " ".join(hashlib.blake2b(part.encode(), digest_size=16).hexdigest() for part in parts),
                      _json([[p.title, len(p.sections), p.phrases] for p in pages]),
                      *(_json([[s.anchor, s.title, s.text[:TEXT_LIMIT], s.lang] for s in p.sections]) for p in pages),
                      *parts))


def files(pages: list[Page], config: dict) -> dict[str, str]:
    """Every file of the index of `pages`, by its path under search/ (`join`, each block made here)."""
    return join([p.url for p in pages], config, lambda places: block([pages[i] for i in places]))


Part = tuple  # (the first document of its block, the part's digest, the block's lines, where the part starts among them)
BUCKETS = 128  # the shards' files are kept in this many groups (`bucket`): a few hundred files, not thousands


def bucket(shard: str) -> int:
    """The group a shard's file is kept in (`join`): by a hash of its key, so that a new shard changes one group."""
    return zlib.crc32(shard.encode()) % BUCKETS


def _merged(parts: list[Part]) -> tuple[str, str]:
    """A shard's file from its parts (`block`), in the blocks' order, and its Han characters."""
    merged: dict[str, list] = {}  # term -> its last document, then its list's text a block's run at a time
    for doc, _, lines, at in parts:
        terms, firsts, finals, rests = lines[at:at + 4]
        for term, first, final, rest in zip(terms.split(" "), map(int, firsts.split(" ")), map(int, finals.split(" ")),
                                            rests.split(" ")):
            runs = merged.get(term)
            if runs is None:  # [the term's last document so far, then its runs' texts]
                merged[term] = [doc + final, f"{doc + first}{rest}"]
            else:  # the run's first number, against the last document of the runs before it
                runs.append(f"{doc + first - runs[0]}{rest}")
                runs[0] = doc + final
    hanzi = "".join(sorted({c for term in merged if tokens.is_han(term) for c in term}))
    return "{" + ",".join(f"{_json(term)}:[{','.join(runs[1:])}]" for term, runs in merged.items()) + "}", hanzi


def _group(shards: dict[str, list[Part]]) -> str:
    """The files of a group of shards (`bucket`), as the build cache keeps them: three lines each, its key, its Han
    characters and its file (none of them holds a line break)."""
    return "\n".join(f"{shard}\n{hanzi}\n{text}" for shard, (text, hanzi) in
                     ((shard, _merged(parts)) for shard, parts in shards.items()))


def join(urls: list[str], config: dict, block_at: Callable[[range], str],
         group_at: Callable[[list, Callable[[], str]], str] | None = None,
         tables_at: Callable[[str, Callable[[], list]], list] | None = None) -> dict[str, str]:
    """Every file of the index of the pages at `urls` (in the site's order), by its path under search/. `block_at`:
    the block (`block`) of the pages at these places among `urls` (`block_ranges`), made or found in a cache: a
    one-essay edit makes one block again; the others are joined as they are. `group_at(inputs, make)`: the files of
    a group of shards (`_group`), found in a cache by `inputs` (each shard's key, and its parts' first documents and
    digests, which determine its file) or made (`make()`): after an edit, only the groups of the shards whose parts
    changed are merged again. `tables_at(chars, make)`: the tables between the scripts of the indexed characters
    `chars` (`character_tables`), found in a cache by them or made: OpenCC is loaded only where they changed."""
    parts: dict[str, list[Part]] = defaultdict(list)  # shard -> its parts, in the blocks' order
    starts: list[int] = []
    listed: list[list] = []  # each page's address, title and tier, for meta.json
    found: dict[str, str] = {}  # the pages' Simplified -> Traditional phrases
    doc = 0
    out: dict[str, str] = {}
    for places in block_ranges(urls):
        lines = block_at(places).split("\n")
        shards, digests = lines[0].split(" ") if lines[0] else [], lines[1].split(" ")
        pages = json.loads(lines[2])
        at = 3 + len(pages)  # the first shard's part
        for i, shard in enumerate(shards):
            parts[shard].append((doc, digests[i], lines, at + 4 * i))
        for i, (title, sections, phrases_of_page), text in zip(places, pages, lines[3:at]):
            out[f"sca/p/{len(starts)}.json"] = text
            listed.append([urls[i], title, tier(urls[i])])
            found.update(phrases_of_page)
            starts.append(doc)
            doc += sections
    groups: dict[int, dict[str, list[Part]]] = defaultdict(dict)
    for shard, its in parts.items():
        groups[bucket(shard)][shard] = its
    hanzi: set[str] = set()
    for _, shards in sorted(groups.items()):
        make = lambda shards=shards: _group(shards)  # noqa: E731
        inputs = [[shard, [[d, digest] for d, digest, *_ in its]] for shard, its in shards.items()]
        lines = (make() if group_at is None else group_at(inputs, make)).split("\n")
        for shard, chars, text in zip(lines[::3], lines[1::3], lines[2::3]):
            hanzi.update(chars)
            out[f"sca/t/{tokens.shard_file(shard)}.json"] = text
    version = hashlib.sha256()  # of the files' texts joined in the order of their paths
    for k in sorted(out):
        version.update(out[k].encode())
    make = lambda: character_tables(hanzi)  # noqa: E731
    t2s, s2t = tables_at("".join(sorted(hanzi)), make) if tables_at is not None else make()
    out["sca/meta.json"] = _json({
        "v": version.hexdigest()[:12],
        "pages": listed,
        "starts": starts,
        "docs": doc,
        "shards": sorted(parts),
        "t2s": t2s,
        "s2t": s2t,
        "phrases": phrases(found, hanzi, s2t),
    })
    out["search_index.json"] = _json({"config": config, "docs": []})
    return out


def character_tables(hanzi: set[str]) -> list[dict[str, str]]:
    """[`traditional_to_simplified`, `simplified_to_traditional`] of the indexed characters `hanzi`."""
    return [traditional_to_simplified(hanzi), simplified_to_traditional(hanzi)]


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


def phrases(pages_phrases: dict[str, str], hanzi: set[str], chars: dict[str, str] | None = None) -> dict[str, str]:
    """Simplified -> Traditional phrases whose conversion is not character by character: the
    archive's phrase table and the essays' own (`pages_phrases`: OpenCC's 视频 -> 影片), for those indexed.
    `chars`: `simplified_to_traditional(hanzi)`, where made already."""
    chars = chars if chars is not None else simplified_to_traditional(hanzi)
    found = dict(pages_phrases)
    found.update(hant.table())
    return {s: t for s, t in sorted(found.items())
            if len(s) > 1 and set(s) <= hanzi and t != "".join(chars.get(c, c) for c in s)}


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as json.dumps with these, made once
