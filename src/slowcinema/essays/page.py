"""The bilingual essay page: both language versions, aligned row by row, with the traditional
script generated from the simplified text (or taken from a hand-written index.zh-Hant.md). The
generated 繁體 cells are left to the reader's browser where it can make them exactly (hant_copy)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..archive import citation
from ..archive.load import Archive
from ..clips import block as clip_block
from ..content.problems import Problem
from ..languages import hant, hant_copy
from ..languages.codes import FILE_LANGS
from ..languages.dates import long_date
from ..languages.labels import label
from ..web.render import Renderer, trusted
from . import numbers as numbers_agree
from . import passages, reading
from .alignment import Mismatch, align, heading_lines
from .bundle import Essay


@dataclass(frozen=True)
class Cell:
    lang: str  # BCP 47 tag: zh-Hans, zh-Hant, en
    html: object  # Markup
    generated: bool = False  # a 繁體 cell converted from the Simplified one (not hand-written)


@dataclass
class RowView:
    cells: list[Cell]
    id: str | None = None  # a paired heading's anchor, moved here so every reading mode can reach it


_HEADING_RE = re.compile(r'^<h([2-6])\b([^>]*?)\sid="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)


def _heading_row(cells: list[Cell], primary_tag: str) -> tuple[RowView, dict[str, str]] | None:
    """A row whose cells are all headings: the anchor moves from the primary heading to the row."""
    found = {c.lang: _HEADING_RE.match(str(c.html).strip()) for c in cells}
    if len(cells) < 2 or not all(found.values()) or primary_tag not in found:
        return None
    anchor = found[primary_tag].group(3)
    titles = {lang: re.sub(r"<[^>]+>", "", m.group(5)).rstrip("¶").strip() for lang, m in found.items()}
    new_cells = []
    for c in cells:
        html = str(c.html).strip()
        if c.lang == primary_tag:
            m = found[primary_tag]
            html = f"<h{m.group(1)}{m.group(2)}{m.group(4)}>{m.group(5)}</h{m.group(1)}>" + html[m.end():]
        new_cells.append(Cell(c.lang, trusted(html), c.generated))
    return RowView(new_cells, anchor), titles


@dataclass
class SectionView:
    rows: list[RowView]
    paired: bool


@dataclass
class EssayPage:
    html: str
    mismatches: list[str] = field(default_factory=list)  # warnings, ready to log
    headings: dict[str, str] = field(default_factory=dict)  # anchor -> its title in the table of contents (HTML)
    files: dict[str, str] = field(default_factory=dict)  # name beside the page -> content (BibTeX, CSL-JSON)
    description: str = ""  # the original's summary (the page's front matter may say otherwise)
    langs: list[str] = field(default_factory=list)  # the languages' tags (the sitemap's alternates)
    citation_meta: list[tuple[str, str]] = field(default_factory=list)  # <meta> tags for reference managers


_ID_RE = re.compile(r'(\sid=")([^"]+)(")')
_HREF_RE = re.compile(r'(\shref="#)([^"]+)(")')
_SUFFIX = {"zh-Hans": "zh", "zh-Hant": "hant", "en": "en"}


def _dedupe_ids(sections: list[SectionView], primary_tag: str) -> None:
    """Keep ids unique on the merged page. The original keeps every id (links from elsewhere point
    there); another language's id that collides gets a suffix, and its own '#' links follow it."""
    order = [primary_tag] + [t for t in ("zh-Hans", "en", "zh-Hant") if t != primary_tag]
    ids: dict[str, list[str]] = {t: [] for t in order}
    used: set[str] = set()
    for section in sections:
        for row in section.rows:
            if row.id:
                used.add(row.id)
            for cell in row.cells:
                ids[cell.lang] += [m.group(2) for m in _ID_RE.finditer(str(cell.html))]
    renames: dict[str, dict[str, str]] = {t: {} for t in order}
    for tag in order:
        for anchor in ids[tag]:
            if anchor in used:
                new = f"{anchor}--{_SUFFIX[tag]}"
                while new in used:
                    new += "-"
                renames[tag][anchor] = new
                used.add(new)
            else:
                used.add(anchor)
    for section in sections:
        for row in section.rows:
            for i, cell in enumerate(row.cells):
                table = renames[cell.lang]
                if table:
                    def sub(m: re.Match) -> str:
                        return m.group(1) + table.get(m.group(2), m.group(2)) + m.group(3)
                    html = _HREF_RE.sub(sub, _ID_RE.sub(sub, str(cell.html)))
                    row.cells[i] = Cell(cell.lang, trusted(html), cell.generated)


# The theme's titles of permalinks and footnote back-links, in the language of the cell around them
# (Material's is "链接到本节 Link to this section" everywhere, Python-Markdown's in English only).
_LINK_TITLE_RE = re.compile(r'(<a class="(headerlink|footnote-backref)"[^>]*?\stitle=")[^"]*(")')
_LINK_TITLES = {"headerlink": {"zh-Hans": "链接到本节", "en": "Link to this section"},
                "footnote-backref": {"zh-Hans": "回到正文", "en": "Back to the text"}}


def _local_title(kind: str, lang: str) -> str:
    text = _LINK_TITLES[kind]["en" if lang == "en" else "zh-Hans"]
    return hant.text(text) if lang == "zh-Hant" else text


def _local_titles(sections: list[SectionView]) -> None:
    for section in sections:
        for row in section.rows:
            for i, cell in enumerate(row.cells):
                html = _LINK_TITLE_RE.sub(lambda m: m.group(1) + _local_title(m.group(2), cell.lang) + m.group(3),
                                          str(cell.html))
                row.cells[i] = Cell(cell.lang, trusted(html), cell.generated)


def _anchor_passages(sections: list[SectionView], primary_tag: str) -> None:
    """Give every row that is not a heading its passage anchor (passages.anchors), from the
    original-language cell (or the row's first, if the original has none there)."""
    rows = [row for section in sections for row in section.rows if not row.id]
    taken = {"cite", "related"} | {row.id for section in sections for row in section.rows if row.id}
    taken |= {m.group(2) for row in rows for cell in row.cells for m in _ID_RE.finditer(str(cell.html))}
    texts = [str(next((c.html for c in row.cells if c.lang == primary_tag), row.cells[0].html if row.cells else ""))
             for row in rows]
    for row, anchor in zip(rows, passages.anchors(texts, taken)):
        row.id = anchor


def _leave_copies_to_the_browser(sections: list[SectionView]) -> str | None:
    """Drop the generated 繁體 cells the page's script can make from their Simplified neighbours
    (see hant_copy); the table it needs, or None if it makes none."""
    pairs, places, other_ids = [], [], set()
    for section in sections:
        for row in section.rows:
            other_ids |= {row.id} if row.id else set()
            for i, cell in enumerate(row.cells):
                follows = row.cells[i + 1] if i + 1 < len(row.cells) else None
                if cell.lang == "zh-Hans" and follows is not None and follows.lang == "zh-Hant" and follows.generated:
                    pairs.append((str(cell.html), str(follows.html)))
                    places.append((row, follows))
                if not (cell.lang == "zh-Hant" and cell.generated):
                    other_ids |= set(hant_copy.ids(str(cell.html)))
    plan = hant_copy.plan(pairs, other_ids | {"cite", "related"}) if pairs else None
    if plan is None or not plan.cloned:
        return None
    for i in plan.cloned:
        row, cell = places[i]
        row.cells.remove(cell)
    return plan.table.encode()


def _byline(archive: Archive, essay: Essay, lang: str) -> dict:
    key = "en" if lang == "en" else "zh"
    v = essay.versions.get(lang)
    return {
        "authors": [{"name": archive.authors[a].name.get(key), "url": f"authors/{a}/"} for a in essay.authors],
        "translators": [{"name": archive.authors[t].name.get(key), "url": f"authors/{t}/"} for t in (v.translators if v else ())],
        "date": long_date(essay.date, key),
        "iso_date": essay.date.isoformat(),
    }


def _describe(m: Mismatch, essay: Essay, a: str, b: str, what: str) -> Problem:
    va, vb = essay.versions[a], essay.versions[b]
    la, lb = heading_lines(va.body, va.body_line), heading_lines(vb.body, vb.body_line)
    line_a = la[m.section - 1] if m.section and m.section <= len(la) else None
    place_a = f"{va.rel}:{line_a}" if line_a else va.rel
    place_b = f"{vb.rel}:{lb[m.section - 1]}" if m.section and m.section <= len(lb) else vb.rel
    name = "the opening (before the first '##')" if m.section == 0 else f"section {m.section} ('{m.label_a or '—'}' / '{m.label_b or '—'}')"
    return Problem(va.rel, line_a, None,
                   f"{what} are not aligned in {name}: {place_a} has {m.count_a} blocks, {place_b} has {m.count_b}",
                   "give both the same paragraphs, or pin the pairing with <!-- join --> or <!-- alone --> "
                   "(see CONTRIBUTING.md, 'Pairing paragraphs').")


def _warning(problem: Problem) -> str:
    return f"{problem.message}. Fix: {problem.fix}"


def hant_spots(essay: Essay) -> list[Problem]:
    """The spots of the Simplified text whose generated 繁體 an editor should look at (`hant.review`);
    none when the bundle has a hand-written index.zh-Hant.md."""
    v = essay.versions.get("zh")
    if v is None or "zh-Hant" in essay.versions:
        return []
    places = [(None, "title", v.title), (None, "summary", v.summary)]
    places += [(v.body_line + i, None, line) for i, line in enumerate(v.body.split("\n"))]
    out = []
    for line, name, text in places:
        for simplified, traditional in hant.review(text):
            out.append(Problem(v.rel, line, name,
                               f"繁體: OpenCC turns {simplified} into {traditional}, an ambiguous character settled by "
                               "OpenCC's phrase list rather than by the archive's phrase table",
                               f"look at this spot; add the right form of the phrase to docs/hant-phrases.yml "
                               f"(for example  {simplified}: {traditional}  if it is right), see CONTRIBUTING.md, '繁體'"))
    return out


def _placed(problem: Problem) -> str:
    place = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
    return f"{place}: {problem.field + ': ' if problem.field else ''}{problem.message}. Fix: {problem.fix}"


def misalignments(essay: Essay, html: dict[str, str]) -> list[Problem]:
    """What `build` reports about the pairing of `html` (language -> rendered, cleaned HTML), without
    building the page: for `make check`. The 繁體 spots to look at too (`hant_spots`)."""
    out = hant_spots(essay)
    if "zh-Hant" in html and "zh" in html:
        out += [_describe(m, essay, "zh", "zh-Hant", "the simplified and traditional texts")
                for m in align(html["zh"], html["zh-Hant"])[1]]
    if "zh" in html and "en" in html:
        out += [_describe(m, essay, "zh", "en", "the Chinese and English texts") for m in align(html["zh"], html["en"])[1]]
        out += numbers_agree.problems(essay.versions)
    return out


CITE_FILES = {"bibtex": "cite.{tag}.bib", "csl": "cite.{tag}.json"}


def cites(essay: Essay, archive: Archive, permalink: str, part=None, files: bool = False) -> list[dict]:
    """The citations of `essay` in each of its languages (and 繁體). `part(lang)` may return a part
    of it to cite instead: (id, title, date, anchor, locator), as for a manifesto's principle.
    With `files`, BibTeX and CSL-JSON are files beside the page (`CITE_FILES`), linked and fetched
    when the reader copies them, rather than written into every page."""
    out = []
    for lang in essay.languages:
        v = essay.versions[lang]
        key = "en" if lang == "en" else "zh"
        people = tuple(archive.authors[a].name.get(key) for a in essay.authors)
        translators = tuple(archive.authors[t].name.get(key) for t in v.translators)
        if part is None:
            work = citation.Work(f"sca:{essay.slug}", lang, v.title, people, essay.date, permalink, translators)
        else:
            pid, title, date, anchor, locator = part(lang)
            work = citation.Work(f"sca:{essay.slug}:{pid}", lang, title, people, date, f"{permalink}#{anchor}",
                                 translators, container=v.title, locator=locator)
        works = [work] + ([work.converted()] if lang == "zh" else [])
        for w in works:
            if w.lang == "zh-Hant" and "zh-Hant" in essay.versions:
                w = citation.Work(w.id, "zh-Hant", essay.versions["zh-Hant"].title, w.authors, w.date, w.url, w.translators)
            names = {"en": {"text": "Chicago", "copy": "Copy", "download": "Download"},
                     "zh": {"text": "芝加哥格式", "copy": "复制", "download": "下载"},
                     "zh-Hant": {"text": "芝加哥格式", "copy": "複製", "download": "下載"}}[w.lang]
            tag = citation.BCP47[w.lang]
            out.append({"tag": tag, "formats": citation.formats(w), "names": names,
                        "files": {k: v.format(tag=tag) for k, v in CITE_FILES.items()} if files else None})
    return out


def _works(essay: Essay, archive: Archive, permalink: str) -> list[citation.Work]:
    """The whole essay as cited, in each language and 繁體."""
    out = []
    for lang in essay.languages:
        v = essay.versions[lang]
        key = "en" if lang == "en" else "zh"
        w = citation.Work(f"sca:{essay.slug}", lang, v.title, tuple(archive.authors[a].name.get(key) for a in essay.authors),
                          essay.date, permalink, tuple(archive.authors[t].name.get(key) for t in v.translators))
        out.append(w)
        if lang == "zh":
            hand = essay.versions.get("zh-Hant")
            out.append(w.converted() if hand is None else
                       citation.Work(w.id, "zh-Hant", hand.title, w.converted().authors, w.date, w.url, w.converted().translators))
    return out


def build(essay: Essay, html: dict[str, str], archive: Archive, renderer: Renderer, page_url: str,
          contribute_url: str, permalink: str | None = None) -> EssayPage:
    """`html` maps each written language (zh, en, zh-Hant) to its rendered HTML body."""
    warnings: list[str] = [_placed(p) for p in hant_spots(essay)]
    zh, en = html.get("zh"), html.get("en")
    hand_hant: dict[str, str] = {}
    if "zh-Hant" in html and zh is not None:
        hant_sections, hant_mismatches = align(zh, html["zh-Hant"])
        for m in hant_mismatches:
            warnings.append(_warning(_describe(m, essay, "zh", "zh-Hant", "the simplified and traditional texts")))
        if not hant_mismatches:
            hand_hant = {r.a.html: r.b.html for s in hant_sections for r in s.rows if r.a and r.b}

    def chinese(simplified: str) -> list[Cell]:
        hand = hand_hant.get(simplified)
        return [Cell("zh-Hans", trusted(simplified)), Cell("zh-Hant", trusted(hand or hant.html(simplified)), not hand)]

    sections: list[SectionView] = []
    headings: dict[str, str] = {}
    if zh is not None and en is not None:
        aligned, mismatches = align(zh, en)
        for m in mismatches:
            warnings.append(_warning(_describe(m, essay, "zh", "en", "the Chinese and English texts")))
        warnings.extend(numbers_agree.warnings(essay.versions))
        for s in aligned:
            rows = []
            for r in s.rows:
                cells = chinese(r.a.html) if r.a is not None else []
                if r.b is not None:
                    cells.append(Cell("en", trusted(r.b.html)))
                heading = _heading_row(cells, FILE_LANGS[essay.original]) if s.paired else None
                if heading:
                    rows.append(heading[0])
                    headings[heading[0].id] = renderer.render("sca/toc-title.html", titles=heading[1])  # in each language
                else:
                    rows.append(RowView(cells))
            sections.append(SectionView(rows, s.paired))
    elif zh is not None:
        sections.append(SectionView([RowView(chinese(zh) if not hand_hant else
                                             [Cell("zh-Hans", trusted(zh)), Cell("zh-Hant", trusted(html["zh-Hant"]))])], True))
    else:
        sections.append(SectionView([RowView([Cell("en", trusted(en or ""))])], True))

    _local_titles(sections)
    _dedupe_ids(sections, FILE_LANGS[essay.original])
    _anchor_passages(sections, FILE_LANGS[essay.original])
    hant_table = _leave_copies_to_the_browser(sections)
    langs = []
    for lang in essay.languages:
        v = essay.versions[lang]
        langs.append({"code": lang, "tag": FILE_LANGS[lang], "title": v.title, "summary": v.summary,
                      "minutes": reading.minutes(html[lang], lang), "byline": _byline(archive, essay, lang)})
        if lang == "zh":
            hv = essay.versions.get("zh-Hant")
            langs.append({"code": "zh-Hant", "tag": "zh-Hant",
                          "title": hv.title if hv else hant.text(v.title),
                          "summary": hv.summary if hv else hant.text(v.summary),
                          "minutes": reading.minutes(html[lang], lang),
                          "byline": {k: (hant.text(x) if isinstance(x, str) else [dict(y, name=hant.text(y["name"])) for y in x])
                                     for k, x in _byline(archive, essay, lang).items()}})
    missing = [lang for lang in ("zh", "en") if lang not in essay.versions]
    cited = cites(essay, archive, permalink, files=True) if permalink else []
    out = renderer.render(
        "sca/essay.html", essay=essay, langs=langs, sections=sections, missing=missing,
        original=essay.original, page_url=page_url, contribute_url=contribute_url,
        tags=[archive.tags[t] for t in essay.tags], draft=essay.draft,
        films=[archive.films[f] for f in essay.films],
        cites=cited, available=essay.languages, label=label, hant_table=hant_table,
    )
    out = clip_block.label_copies(out)  # each copy of an embedded clip's player (繁體 too) labelled by its own heading
    files = {c["files"][k]: c["formats"][k] for c in cited for k in CITE_FILES}
    if permalink:  # a passage's citation, fetched when a reader asks for it (passages.js)
        files[passages.FILE] = passages.cite_templates(_works(essay, archive, permalink))
    return EssayPage(out, warnings, headings, files, essay.versions[essay.original].summary,
                     [FILE_LANGS[lang] for lang in essay.languages],
                     citation_meta(essay, archive, permalink) if permalink else [])


def citation_meta(essay: Essay, archive: Archive, permalink: str) -> list[tuple[str, str]]:
    """A bundle page's citation <meta> tags, for reference managers: the work in its original language."""
    original = essay.versions[essay.original]
    key = "en" if essay.original == "en" else "zh"
    people = tuple(archive.authors[a].name.get(key) for a in essay.authors)
    return citation.meta_tags(citation.Work(f"sca:{essay.slug}", essay.original, original.title, people, essay.date,
                                            permalink))
