"""The manifesto on paper and its version diff (issue 18): printed to A4 by Chromium it fits in four
pages in every reading mode, with every current principle's title and citation URL in the printed text
(Material opens every <details> for print, which made it 12 pages); the diff of the version history
has a legend in the reading mode's language, and its marks are underlined (added) or struck through
(removed), in colours at WCAG AA contrast in the light and dark palettes."""

from __future__ import annotations

import re
import unicodedata
import zlib

import pytest
from test_journal import _text_contrasts

PAGE = "manifesto/slow-films/"
MAX_PAGES = 4


# -- the printed PDF: its pages and its text ---------------------------------------------------------------

def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """The PDF's objects: number -> (dictionary, inflated stream or None). Chromium (Skia) writes
    plain, uncompressed object tables with Flate streams."""
    out = {}
    for m in re.finditer(rb"(?m)^(\d+) 0 obj\s*(.*?)\bendobj", pdf, re.S):
        body = m.group(2)
        s = re.search(rb"stream\r?\n", body)
        if not s:
            out[int(m.group(1))] = (body, None)
            continue
        data = body[s.end():body.rindex(b"endstream")]
        if b"/FlateDecode" in body[:s.start()]:
            data = zlib.decompressobj().decompress(data)
        out[int(m.group(1))] = (body[:s.start()], data)
    return out


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(dst.decode()).decode("utf-16-be")
            for i in range(int(lo, 16), int(hi, 16) + 1):
                table[i] = first[:-1] + chr(ord(first[-1]) + i - int(lo, 16))
    return table


# The CJK fonts map some simplified components to radicals (⻓ for 长); NFKC folds the Kangxi radicals, not these.
RADICALS = str.maketrans("⻓⻅⻛⻔⻢⻜⻚⻋⻉⻄⻘⻩⻬⻮⻰⻝", "长见风门马飞页车贝西青黄齐齿龙食")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages: the /Page objects (not /Pages), which the page tree's /Count must agree with."""
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+%d\b" % pages, pdf, re.S), "the page tree counts other pages"
    return pages


def pdf_text(pdf: bytes) -> str:
    """The printed text of every page, in drawing order, without white space (the glyphs of justified
    lines are placed one by one), through each font's ToUnicode map, normalised (NFKC)."""
    objs = _objects(pdf)
    out = []
    for number in sorted(n for n, (d, _) in objs.items() if re.search(rb"/Type\s*/Page(?!s)", d)):
        page = objs[number][0]
        ref = re.search(rb"/Resources\s+(\d+) 0 R", page)
        resources = objs[int(ref.group(1))][0] if ref else page
        fonts = {}
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        for name, font in re.findall(rb"/(\w+)\s+(\d+) 0 R", font_dict.group(1) if font_dict else b""):
            cmap = re.search(rb"/ToUnicode\s+(\d+) 0 R", objs[int(font)][0])
            fonts[name] = _to_unicode(objs[int(cmap.group(1))][1]) if cmap else {}
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", page).group(1)
        stream = b"".join(objs[int(c)][1] for c in re.findall(rb"(\d+) 0 R", contents))
        font: dict[int, str] = {}
        for tok in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>", stream):
            if tok.group(1):
                font = fonts.get(tok.group(1), {})
            else:
                glyphs = tok.group(2).decode()
                out += [font.get(int(glyphs[i:i + 4], 16), "") for i in range(0, len(glyphs), 4)]
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", "".join(out))).translate(RADICALS)


def _flat(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", text)).translate(RADICALS)


TITLE_LANGS = {"zh": ["zh-Hans"], "zh-Hant": ["zh-Hant"], "en": ["en"], "both": ["zh-Hans", "en"]}


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["zh", "zh-Hant", "en", "both"])
def test_the_manifesto_prints_on_at_most_four_a4_pages_with_every_principle_and_its_url(real_archive, open_page, mode):
    page = open_page(real_archive.site, PAGE, mode=mode)
    page.wait_for_load_state("load")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.startswith("https://") and canonical.endswith("/" + PAGE)
    principles = page.evaluate("""langs => [...document.querySelectorAll('.sca-principles > li.sca-principle')].map(li => ({
        n: li.id, id: li.dataset.principleId,
        titles: langs.map(l => li.querySelector(`.sca-principle-head strong[lang="${l}"]`).textContent)}))""",
                               TITLE_LANGS[mode])
    assert len(principles) >= 9 and all(p["n"] == f"principle-{i}" for i, p in enumerate(principles, 1))
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf)
    printed = pdf_text(pdf)
    assert 1 <= pages <= MAX_PAGES, f"{pages} A4 pages in mode {mode}"
    missing = [t for p in principles for t in p["titles"] if _flat(t) not in printed]
    missing += [u for p in principles for u in (f"{canonical}#{p['n']}", f"{canonical}#{p['id']}") if u not in printed]
    assert missing == [], f"not printed in mode {mode}: {missing}"
    # The citation blocks stay closed to their URL: no BibTeX or CSL-JSON on paper.
    assert "@misc{" not in printed and '"type":' not in printed and "BibTeX" not in printed
    assert page.problems == []


LEGENDS = {"zh": ("zh-Hans", "增：新增的文字　删：删去的文字", "增", "删"),
           "zh-Hant": ("zh-Hant", "增：新增的文字　刪：刪去的文字", "增", "刪"),
           "en": ("en", "added: words added · removed: words removed", "added", "removed")}


@pytest.mark.browser
@pytest.mark.parametrize("mode", list(LEGENDS))
def test_the_version_diff_has_a_legend_in_the_reading_mode(real_archive, open_page, mode):
    lang, text, added, removed = LEGENDS[mode]
    page = open_page(real_archive.site, PAGE, mode=mode)
    page.wait_for_load_state("load")
    legend = page.locator(".sca-history .sca-diff-legend")
    assert legend.count() == 1 and legend.is_visible()
    shown = legend.locator(".sca-l").evaluate_all("els => els.filter(e => e.getClientRects().length).map(e => e.lang)")
    assert shown == [lang]
    assert legend.inner_text().strip() == text
    assert legend.locator(f'[lang="{lang}"] ins').inner_text() == added
    assert legend.locator(f'[lang="{lang}"] del').inner_text() == removed
    # The legend comes before the first change it explains.
    assert page.evaluate("""() => { const l = document.querySelector('.sca-diff-legend'), c = document.querySelector('.sca-wording :is(ins, del)');
        return !!c && !!(l.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING); }""")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("mode", ["zh", "en"])
def test_the_diff_marks_are_readable_and_not_colour_alone(real_archive, open_page, scheme, mode):
    page = open_page(real_archive.site, PAGE, mode=mode, color_scheme=scheme)
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    marks = page.evaluate("""() => [...document.querySelectorAll('.sca-history :is(ins, del)')].filter(e => e.getClientRects().length)
        .map(e => { const s = getComputedStyle(e); return {tag: e.tagName.toLowerCase(), line: s.textDecorationLine, color: s.color,
                    back: s.backgroundColor, body: getComputedStyle(e.closest('p')).color}; })""")
    assert {m["tag"] for m in marks} == {"ins", "del"} and len(marks) >= 6
    for m in marks:  # not colour alone, and a colour of its own
        assert m["line"] == ("underline" if m["tag"] == "ins" else "line-through"), m
        assert m["color"] != m["body"] and m["back"] != "rgba(0, 0, 0, 0)", m
    measured = [m for m in _text_contrasts(page) if re.match(r'(ins|del) "', m["what"])]
    assert len(measured) == len(marks), (len(measured), len(marks))  # every mark, measured
    low = [f"{m['what']} {m['ratio']:.2f}" for m in measured if m["ratio"] < 4.5]
    assert low == [], f"{scheme}/{mode}: {low}"
