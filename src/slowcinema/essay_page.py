"""The bilingual essay page: both language versions, aligned row by row, with the traditional
script generated from the simplified text (or taken from a hand-written index.zh-Hant.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import hant, reading
from .alignment import Mismatch, align, heading_lines
from .archive import Archive
from .dates import long_date
from .essays import Essay
from .languages import FILE_LANGS
from .render import Renderer, trusted


@dataclass(frozen=True)
class Cell:
    lang: str  # BCP 47 tag: zh-Hans, zh-Hant, en
    html: object  # Markup


@dataclass
class RowView:
    cells: list[Cell]


@dataclass
class SectionView:
    rows: list[RowView]
    paired: bool


@dataclass
class EssayPage:
    html: str
    mismatches: list[str] = field(default_factory=list)  # warnings, ready to log


def _byline(archive: Archive, essay: Essay, lang: str) -> dict:
    key = "en" if lang == "en" else "zh"
    v = essay.versions.get(lang)
    return {
        "authors": [archive.authors[a].name.get(key) for a in essay.authors],
        "translators": [archive.authors[t].name.get(key) for t in (v.translators if v else ())],
        "date": long_date(essay.date, key),
        "iso_date": essay.date.isoformat(),
    }


def _describe(m: Mismatch, essay: Essay, a: str, b: str, what: str) -> str:
    va, vb = essay.versions[a], essay.versions[b]
    la, lb = heading_lines(va.body, va.body_line), heading_lines(vb.body, vb.body_line)
    place_a = f"{va.rel}:{la[m.section - 1]}" if m.section and m.section <= len(la) else va.rel
    place_b = f"{vb.rel}:{lb[m.section - 1]}" if m.section and m.section <= len(lb) else vb.rel
    name = "the opening (before the first '##')" if m.section == 0 else f"section {m.section} ('{m.label_a or '—'}' / '{m.label_b or '—'}')"
    return (f"{what} are not aligned in {name}: {place_a} has {m.count_a} blocks, {place_b} has {m.count_b}. "
            "Fix: give both the same paragraphs, or pin the pairing with <!-- join --> or <!-- alone --> "
            "(see CONTRIBUTING.md, 'Pairing paragraphs').")


def build(essay: Essay, html: dict[str, str], archive: Archive, renderer: Renderer, page_url: str,
          contribute_url: str) -> EssayPage:
    """`html` maps each written language (zh, en, zh-Hant) to its rendered HTML body."""
    warnings: list[str] = []
    zh, en = html.get("zh"), html.get("en")
    hand_hant: dict[str, str] = {}
    if "zh-Hant" in html and zh is not None:
        hant_sections, hant_mismatches = align(zh, html["zh-Hant"])
        for m in hant_mismatches:
            warnings.append(_describe(m, essay, "zh", "zh-Hant", "the simplified and traditional texts"))
        if not hant_mismatches:
            hand_hant = {r.a.html: r.b.html for s in hant_sections for r in s.rows if r.a and r.b}

    def chinese(simplified: str) -> list[Cell]:
        traditional = hand_hant.get(simplified) or hant.html(simplified)
        return [Cell("zh-Hans", trusted(simplified)), Cell("zh-Hant", trusted(traditional))]

    sections: list[SectionView] = []
    if zh is not None and en is not None:
        aligned, mismatches = align(zh, en)
        for m in mismatches:
            warnings.append(_describe(m, essay, "zh", "en", "the Chinese and English texts"))
        for s in aligned:
            rows = []
            for r in s.rows:
                cells = chinese(r.a.html) if r.a is not None else []
                if r.b is not None:
                    cells.append(Cell("en", trusted(r.b.html)))
                rows.append(RowView(cells))
            sections.append(SectionView(rows, s.paired))
    elif zh is not None:
        sections.append(SectionView([RowView(chinese(zh) if not hand_hant else
                                             [Cell("zh-Hans", trusted(zh)), Cell("zh-Hant", trusted(html["zh-Hant"]))])], True))
    else:
        sections.append(SectionView([RowView([Cell("en", trusted(en or ""))])], True))

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
                          "byline": {k: (hant.text(x) if isinstance(x, str) else [hant.text(y) for y in x])
                                     for k, x in _byline(archive, essay, lang).items()}})
    missing = [lang for lang in ("zh", "en") if lang not in essay.versions]
    out = renderer.render(
        "sca/essay.html", essay=essay, langs=langs, sections=sections, missing=missing,
        original=essay.original, page_url=page_url, contribute_url=contribute_url,
        tags=[archive.tags[t] for t in essay.tags], draft=essay.draft,
    )
    return EssayPage(out, warnings)
