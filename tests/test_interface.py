"""The interface follows the reading mode (issue 18): in Chromium, every visible string of the chrome
(everything outside the article, Material's own included) is in the mode's language, on an essay,
the timeline and the 404 page, and in the search's messages with and without results."""

from __future__ import annotations

import re

import pytest
from conftest import wait_for_js
from test_search import _open, real_site  # noqa: F401 - the real archive, built once per module

# Characters only one script has (a sample that the chrome's strings use).
SIMPLIFIED_ONLY = set("简镜头时间线录顶业与页译导档电标签为这没结个执寻")
TRADITIONAL_ONLY = set("簡鏡頭時間線錄頂業與頁譯導檔電標籤為這沒結個尋")
HAN = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED_WORDS = {"CC", "BY", "SA"}  # the licence's name

# Visible text outside the article (and outside the reading switch, whose labels name each mode in
# its own language), with the texts of the search box's placeholder and of open search results' messages.
CHROME = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest("article, .sca-switch, script, style, .md-search-result__list")) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    out.push(node.textContent.trim());
  }
  const box = document.querySelector(".md-search__input");
  if (box) out.push(box.getAttribute("placeholder"));
  return out;
}"""


def _wrong(texts: list[str], mode: str) -> list[str]:
    bad = []
    for text in texts:
        words = set(WORD.findall(text)) - ALLOWED_WORDS
        if mode == "en" and HAN.search(text):
            bad.append(text)
        elif mode in ("zh", "both") and set(text) & TRADITIONAL_ONLY:
            bad.append(text)
        elif mode == "zh-Hant" and set(text) & SIMPLIFIED_ONLY:
            bad.append(text)
        elif mode in ("zh", "zh-Hant") and words:
            bad.append(text)
    return bad


def _search(page, query: str, results: bool) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    if results:
        page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    page.wait_for_timeout(400)


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["zh", "zh-Hant", "en", "both"])
def test_every_visible_chrome_string_is_in_the_modes_language(chromium, real_site, serve, mode):  # noqa: F811
    base = serve(real_site)
    page = _open(chromium, f"{base}/essays/what-slow-cinema-is/?lang={mode}")
    seen: dict[str, list[str]] = {}
    for path in ("essays/what-slow-cinema-is/", "timeline/", "", "404.html"):
        page.goto(f"{base}/{path}")
        assert page.evaluate("document.documentElement.dataset.scaMode") == mode  # remembered
        texts = page.evaluate(CHROME)
        if path == "404.html":  # the 404 page's own text follows too
            texts += [t for t in page.locator("article").inner_text().split("\n") if t.strip()]
        if path.startswith("essays/"):  # scrolled past its heading, the header bar shows the essay's title
            page.mouse.wheel(0, 1500)
            wait_for_js(page, "!!document.querySelector('.md-header__title--active')")  # the CSP forbids wait_for_function
            topic = page.locator(".md-header__topic").nth(1).inner_text().strip()
            assert topic == {"zh": "等待的形状：什么是慢电影", "zh-Hant": "等待的形狀：什麼是慢電影",
                             "en": "The Shape of Waiting: What Slow Cinema Is", "both": "等待的形状：什么是慢电影"}[mode]
            texts += page.evaluate(CHROME)
        seen[path] = texts
        assert texts and not _wrong(texts, mode), (mode, path, _wrong(texts, mode))
    page.goto(f"{base}/essays/")
    for query, results in (("长镜头", True), ("zzqqxx", False)):
        _search(page, query, results)
        texts = page.evaluate(CHROME)
        meta = page.locator(".md-search-result__meta").inner_text()
        assert meta in texts and not _wrong(texts, mode), (mode, query, _wrong(texts, mode))
        seen[query] = texts
    # The chrome really speaks the mode: Material's Simplified strings are gone outside 中文.
    everything = " ".join(t for texts in seen.values() for t in texts)
    if mode == "en":
        assert "Contents" in everything and "Page not found" in everything and "Search" in everything
        assert "No matching pages" in everything and "matching pages" in everything
    if mode == "zh-Hant":
        assert "目錄" in everything and "沒有找到符合條件的結果" in everything and "搜尋" in everything
    if mode == "both":
        assert "Timeline" in everything and "时间线" in everything
    page.context.close()


# One page of each kind that has its own heading: the home page, the lists, an essay, a gallery and a clip, the
# timeline, a manifesto, a film's, a tag's and a person's page (generated from data), the contributors' guide.
HEADED = ("", "essays/", "essays/what-slow-cinema-is/", "clips/", "clips/long-take-studies/",
          "clips/long-take-studies/light-on-a-wall/", "timeline/", "manifesto/", "manifesto/slow-films/", "films/",
          "films/a-city-of-sadness/", "tags/", "tags/long-take/", "authors/", "authors/editors/", "contribute/")


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["zh", "zh-Hant", "en", "both"])
def test_every_pages_heading_is_in_the_modes_language(chromium, real_site, serve, mode):  # noqa: F811
    """A page's heading follows the mode as the chrome does. The headings of the lists, the timeline and the
    pages made from data (a tag's, a film's, a person's) once showed "长镜头 · Long take" in every mode."""
    base = serve(real_site)
    page = _open(chromium, f"{base}/?lang={mode}")
    for path in HEADED:
        page.goto(f"{base}/{path}")
        assert page.evaluate("document.documentElement.dataset.scaMode") == mode
        headings = page.locator("article h1")
        assert headings.count() == 1, path
        shown = headings.inner_text().replace("¶", "").strip()
        assert shown and not _wrong([shown], mode), (mode, path, shown)
        english = bool(WORD.search(shown))
        if mode in ("zh", "zh-Hant"):
            assert HAN.search(shown), (mode, path, shown)
        if mode == "en":
            assert english, (mode, path, shown)
        if mode == "both":
            assert HAN.search(shown) and english, (path, shown)
    # A film's countries, written in English in docs/films.yml, in the mode's language.
    page.goto(f"{base}/films/stray-dogs/")
    country = page.locator(".sca-film-facts dd").nth(3).inner_text().strip()
    assert country == {"zh": "台湾、法国", "zh-Hant": "臺灣、法國", "en": "Taiwan, France", "both": "台湾、法国"}[mode]
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["zh", "zh-Hant", "en", "both"])
def test_the_tabs_title_is_in_the_modes_language(chromium, real_site, serve, mode):  # noqa: F811
    """<title> is written in Chinese and English, as 对照 keeps it; the other modes show the page's title and the
    site's name in their own language, on the page and after a switch."""
    base = serve(real_site)
    page = _open(chromium, f"{base}/?lang={mode}")
    site = {"zh": "慢电影档案", "zh-Hant": "慢電影檔案", "en": "Slow Cinema Archive", "both": "慢电影档案 · Slow Cinema Archive"}
    expected = {
        "": site[mode],
        "tags/long-take/": {"zh": "长镜头", "zh-Hant": "長鏡頭", "en": "Long take", "both": "长镜头 · Long take"}[mode] + " - " + site[mode],
        "essays/what-slow-cinema-is/": {"zh": "等待的形状：什么是慢电影", "zh-Hant": "等待的形狀：什麼是慢電影",
                                        "en": "The Shape of Waiting: What Slow Cinema Is",
                                        "both": "等待的形状：什么是慢电影"}[mode] + " - " + site[mode]}
    for path, title in expected.items():
        page.goto(f"{base}/{path}")
        wait_for_js(page, f"document.title === {title!r}")
    if mode != "en":  # the switch changes it at once
        page.locator('.sca-switch [data-sca-mode="en"]').first.click()
        wait_for_js(page, "document.title === 'The Shape of Waiting: What Slow Cinema Is - Slow Cinema Archive'")
    page.context.close()


# Every text a reader can see on a page, and the attributes read out (titles, accessible names, alternative texts,
# placeholders), with whether each is marked as written elsewhere: inside an element
# with translate="no" (an original title, a rights record), or, for the English mode, inside an element whose
# own lang is Chinese or Japanese (a person's name in both scripts, a language's mark "中"). The reading switch
# names each mode in its own language and is left out.
VISIBLE = """() => {
  document.querySelectorAll("details").forEach(d => d.open = true);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el || el.closest(".sca-switch, script, style")) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const marked = el.closest("[lang]");
    out.push({text, written: !!el.closest('[translate="no"]'),
              chinese: !!marked && marked !== document.documentElement && /^(zh|ja)/.test(marked.lang)});
  }
  for (const el of document.body.querySelectorAll("[title], [aria-label], [alt], [placeholder]")) {  // what is read out
    if (el.closest(".sca-switch") || !el.checkVisibility() || el.closest('[aria-hidden="true"]')) continue;
    for (const name of ["title", "aria-label", "alt", "placeholder"])
      if (el.getAttribute(name)) out.push({text: el.getAttribute(name), written: !!el.closest('[translate="no"]'), attribute: true});
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["zh-Hant", "en"])
def test_every_page_of_the_archive_reads_in_the_modes_language(chromium, real_site, serve, mode):  # noqa: F811
    """Every page of the real archive, whole (the chrome, the article, its citation opened), in 繁體 and in English.
    繁體: no character that the site's conversion replaces wherever it meets it on the page's 中文 reading (what the
    page's own Simplified text loses in conversion), and that is Simplified on its own, is left to see. English: no Chinese outside text marked as Chinese. A
    person's name on the authors' list, a gallery's count of clips, a manifesto's history, a clip's rights record
    and its notes' files, the contributors' guide's headings once showed Simplified text in 繁體."""
    import opencc

    from slowcinema.languages import hant

    one = opencc.OpenCC("s2t")
    base = serve(real_site)
    pages = sorted(p.relative_to(real_site).parent.as_posix() for p in real_site.rglob("index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))  # not an old address's redirect
    assert len(pages) > 40
    page = _open(chromium, f"{base}/?lang=zh")
    simplified: dict[str, set[str]] = {}
    if mode == "zh-Hant":  # each page's characters that conversion always replaces
        for path in pages:
            page.goto(f"{base}/{'' if path == '.' else path + '/'}")
            texts = [t["text"] for t in page.evaluate(VISIBLE) if not t["written"]]  # converted one by one, as the
            simplified[path] = {c for c in set(HAN.findall("".join(texts))) - set("".join(map(hant.text, texts)))
                                if one.convert(c) != c}  # ... and that are Simplified on their own (not 布 of 发布, 布列松)
        assert set("这为个档") <= set().union(*simplified.values())  # the check can see what it looks for
    page.goto(f"{base}/?lang={mode}")
    wrong: dict[str, list[str]] = {}
    for path in pages:
        page.goto(f"{base}/{'' if path == '.' else path + '/'}")
        assert page.evaluate("document.documentElement.dataset.scaMode") == mode
        for t in page.evaluate(VISIBLE):
            if t["written"]:
                continue
            if t.get("attribute") and mode == "en":  # a language's mark explains itself in both ("中文 Chinese")
                continue
            if mode == "zh-Hant" and set(t["text"]) & simplified[path] or mode == "en" and HAN.search(t["text"]) and not t["chinese"]:
                wrong.setdefault(path, []).append(t["text"][:60])
    assert not wrong, "\n".join(f"{path}: {texts}" for path, texts in wrong.items())
    # A rights record is shown as recorded (translate="no"), and converted in 繁體; its note files named in the mode.
    page.goto(f"{base}/clips/long-take-studies/light-on-a-wall/")
    facts = page.locator(".sca-rights dd")
    assert facts.nth(1).inner_text() == {"zh-Hant": "慢電影檔案 Slow Cinema Archive", "en": "慢电影档案 Slow Cinema Archive"}[mode]
    assert page.locator(".sca-vtt-links").inner_text().split("\n")[0] == {"zh-Hant": "批註 · 簡體中文",
                                                                           "en": "Notes · Simplified Chinese"}[mode]
    page.context.close()
