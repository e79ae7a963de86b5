"""The look of a literary film journal (issue 18): the home page as a front page, the parallel mode
(对照) in two full columns on a laptop and interleaved in full ink on a phone, images once in 对照, the
clip player in view on a phone, and every text at WCAG AA contrast in light and dark palettes, with
links, buttons and notes hovered and focused (forced through the DevTools protocol: axe never sees
those states)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import build, make_project, record_images, wait_for_js

ESSAY = "essays/what-slow-cinema-is/"
CLIP = "clips/long-take-studies/light-on-a-wall/"


@pytest.fixture(scope="module")
def real_site(real_archive) -> Path:
    return real_archive.site


def test_home_is_a_front_page(real_site: Path):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    home = html[html.index('<div class="sca-home">'):]
    assert len(re.findall(r"<h1\b", html)) == 1 and 'class="sca-masthead"' in html  # no grey "首页 Home" above it
    lead = re.search(r'<section class="sca-lead".*?</section>', home, re.S).group(0)
    assert 'href="essays/' in lead and "clips/" not in re.search(r'<h2 class="sca-lead-title".*?</h2>', lead, re.S).group(0)
    still = re.search(r'<img src="([^"]+\.webp)"', lead).group(1)
    assert (real_site / still).is_file()
    assert "时间是电影的材料" in home and "Time is the material of a film" in home  # the manifesto's principle
    assert home.count("sca-glimpse-year") == 4 and 'href="timeline/"' in home
    start = re.search(r'<ol class="sca-start">(.*?)</ol>', home, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', start) == ["essays/what-slow-cinema-is/", "manifesto/slow-films/",
                                                     "clips/long-take-studies/"]
    assert home.index('class="sca-lead"') < home.index('id="newest"')  # the synthetic clips never lead
    for feed in ("feed.atom", "feed.rss", "feed.zh.atom", "feed.en.atom"):
        assert f'<a href="{feed}"' in home
    assert 'data-md-component="toc"' not in html  # no table of contents with one entry


def test_related_entries_are_listed_newest_first(real_site: Path):
    html = (real_site / ESSAY / "index.html").read_text(encoding="utf-8")
    related = html[html.index('class="sca-related"'):]
    dates = re.findall(r'<time>([0-9]{4}-[0-9]{2}-[0-9]{2})</time>', related)
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)


def _text_contrasts(page) -> list[dict]:
    """Every visible text element's contrast with what is behind it (colours normalised by a canvas,
    alpha and opacity composited over the nearest opaque background)."""
    return page.evaluate("""() => {
      const cv = document.createElement('canvas'); cv.width = cv.height = 1;
      const cx = cv.getContext('2d', {willReadFrequently: true});
      const rgba = c => { cx.clearRect(0, 0, 1, 1); cx.fillStyle = '#000'; cx.fillStyle = c; cx.fillRect(0, 0, 1, 1);
        const d = cx.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255]; };
      const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
      const lum = c => { const f = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]; };
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        if (el.closest('.sca-sr-only, svg, video, [hidden], .md-search__output, .md-tooltip, script, style, noscript')) continue;
        const r = el.getBoundingClientRect();
        const st = getComputedStyle(el);
        if (!el.getClientRects().length || r.width < 1 || r.height < 1 || st.visibility !== 'visible') continue;
        let layers = [], opacity = 1, imaged = false;
        for (let a = el; a; a = a.parentElement) {
          const s = getComputedStyle(a);
          opacity *= parseFloat(s.opacity);
          if (s.backgroundImage !== 'none' && a !== document.documentElement) imaged = true;
          const bg = rgba(s.backgroundColor);
          if (bg[3] > 0) layers.push(bg);
          if (bg[3] >= 1) break;
        }
        if (imaged || opacity < 0.05) continue;  // not seen (Material's hidden topic, a permalink not hovered)
        let back = [255, 255, 255, 1];
        for (const l of layers.reverse()) back = over(l, back);
        const fg = rgba(st.color); fg[3] *= opacity;
        const text = over(fg, back);
        const [hi, lo] = [lum(text), lum(back)].sort((x, y) => y - x);
        const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
        out.push({ratio: (hi + 0.05) / (lo + 0.05), need: size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5,
                  what: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
                        + ' "' + el.textContent.trim().slice(0, 30) + '"', color: st.color});
      }
      return out;
    }""")


def _force(page, states: list[str], selector: str) -> int:
    """Force `states` (hover, focus, focus-visible...) on every element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    for node in ids:
        cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": states})
    page._sca_cdp = cdp  # keep the session (and the forced states) alive while measuring
    return len(ids)


PAGES = [("", "zh"), (ESSAY, "zh"), (ESSAY, "en"), (ESSAY, "both"), (ESSAY, "zh-Hant"), (CLIP, "zh"), (CLIP, "both"),
         ("timeline/", "en"), ("manifesto/slow-films/", "zh")]
INTERACTIVE = "a, button, summary, label.md-header__button, .sca-note-link, input"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_keeps_aa_contrast_in_every_state(real_site: Path, serve, chromium, scheme: str):
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = ctx.new_page()
    failures = []
    try:
        for path, mode in PAGES:
            for states in ([], ["hover"], ["focus", "focus-visible"]):
                page.goto(f"{base}/{path}?lang={mode}")
                page.wait_for_load_state("load")
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
                if states:
                    assert _force(page, states, INTERACTIVE) > 10
                    # Colour transitions finished, however slow the machine (a fixed wait measured them halfway).
                    page.evaluate("Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)"
                                  ".map(a => a.finished)).then(() => null)")
                measured = _text_contrasts(page)
                assert len(measured) > 20
                failures += [f"/{path}?lang={mode} {'+'.join(states) or 'rest'}: {m['what']} {m['ratio']:.2f} < {m['need']}"
                             for m in measured if m["ratio"] < m["need"]]
    finally:
        ctx.close()
    assert failures == [], "\n".join(sorted(set(failures))[:40])


def test_parallel_mode_has_two_full_columns_on_a_laptop_and_full_ink_on_a_phone(real_site: Path, serve, chromium):
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        page.goto(f"{base}/{ESSAY}?lang=both")
        page.wait_for_load_state("load")
        wide = page.evaluate("""() => ({
          sidebars: Array.from(document.querySelectorAll('.md-sidebar')).filter(s => s.getClientRects().length).length,
          rows: Array.from(document.querySelectorAll('.sca-row:not(.sca-unpaired)')).map(r => {
            const [zh, en] = [r.querySelector(':scope > [lang="zh-Hans"]'), r.querySelector(':scope > [lang="en"]')];
            const a = zh.getBoundingClientRect(), b = en.getBoundingClientRect();
            return {zhTop: a.top, enTop: b.top, zhLeft: a.left, enLeft: b.left,
                    zhEm: a.width / parseFloat(getComputedStyle(zh).fontSize), enEm: b.width / parseFloat(getComputedStyle(en).fontSize),
                    zhInk: getComputedStyle(zh).color, enInk: getComputedStyle(en).color};
          })})""")
        assert wide["sidebars"] == 0
        assert len(wide["rows"]) > 5
        for r in wide["rows"]:
            assert abs(r["zhTop"] - r["enTop"]) < 2 and r["enLeft"] > r["zhLeft"]  # one row, two columns
            assert 28 <= r["zhEm"] <= 36 and 26 <= r["enEm"] <= 36, r  # a full column each
            assert r["zhInk"] == r["enInk"]  # both in full ink
        page.set_viewport_size({"width": 390, "height": 844})
        narrow = page.evaluate("""() => Array.from(document.querySelectorAll('.sca-row:not(.sca-unpaired)')).map(r => {
            const [zh, en] = [r.querySelector(':scope > [lang="zh-Hans"]'), r.querySelector(':scope > [lang="en"]')];
            const s = getComputedStyle(en);
            return {below: en.getBoundingClientRect().top >= zh.getBoundingClientRect().bottom - 1,
                    rule: parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft), same: s.color === getComputedStyle(zh).color,
                    heading: !!r.querySelector('h2, h3')};
          })""")
        for r in narrow:
            assert r["below"] and r["same"], r
            assert r["heading"] or r["rule"] >= 8, r  # the English set off by a rule, not by grey
    finally:
        ctx.close()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 36), (90, 70, 50)).save(buf, "PNG")
    return buf.getvalue()


def test_an_image_shows_once_in_the_parallel_mode(tmp_path: Path, serve, chromium):
    p = make_project(tmp_path / "proj")
    zh = "---\ntitle: 一帧\ndate: 2026-11-02\nauthors: [editors]\noriginal: zh\nsummary: 一帧。\n---\n\n第一段。\n\n" \
         "![墙上的光](still.png \"墙上的光\")\n\n第二段。\n"
    en = "---\ntitle: One frame\nsummary: One frame.\ntranslators: [lin]\n---\n\nFirst paragraph.\n\n![Light on a wall](still.png \"Light on a wall\")\n\n" \
         "Second paragraph.\n"
    p.essay("one-frame", zh, en)
    p.write("essays/one-frame/still.png", _png())
    record_images(p.docs / "essays/one-frame", "still.png")
    result = build(p.root)
    assert result.ok, result.log
    base = serve(result.site)
    for width in (1280, 390):
        ctx = chromium.new_context(viewport={"width": width, "height": 800})
        page = ctx.new_page()
        try:
            for mode, count in (("both", 1), ("zh", 1), ("en", 1)):
                page.goto(f"{base}/essays/one-frame/?lang={mode}")
                page.wait_for_load_state("load")
                shown = page.evaluate("Array.from(document.querySelectorAll('.sca-body img')).filter(i => i.getClientRects().length).length")
                assert shown == count, (width, mode, shown)
            assert page.evaluate("document.querySelectorAll('.sca-body img').length") >= 2  # both languages keep theirs
        finally:
            ctx.close()


def test_no_empty_table_of_contents_beside_an_essay_without_headings(tmp_path: Path, serve, chromium):
    p = make_project(tmp_path / "proj")
    zh = "---\ntitle: 无题\ndate: 2026-11-02\nauthors: [editors]\noriginal: zh\nsummary: 无题。\n---\n\n第一段。\n\n第二段。\n"
    en = "---\ntitle: Untitled\nsummary: Untitled.\ntranslators: [lin]\n---\n\nFirst paragraph.\n\nSecond paragraph.\n"
    p.essay("plain", zh, en)
    p.essay("with-headings")  # conftest's essay: one section heading
    result = build(p.root)
    assert result.ok, result.log
    base = serve(result.site)
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        shown = "(() => { const s = document.querySelector('.md-sidebar--secondary'); return !!s && s.getClientRects().length > 0; })()"
        for slug, toc in (("plain", False), ("with-headings", True)):
            page.goto(f"{base}/essays/{slug}/?lang=zh")
            page.wait_for_load_state("load")
            assert page.evaluate(shown) is toc, slug
        page.goto(f"{base}/essays/plain/?lang=zh")
        page.wait_for_load_state("load")
        wide = page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
        page.goto(f"{base}/essays/with-headings/?lang=zh")
        page.wait_for_load_state("load")
        assert wide > page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")  # its room given to the text
    finally:
        ctx.close()


def test_clip_pages_show_readers_no_build_details(real_site: Path):
    pages = list((real_site / "clips").glob("*/*/index.html"))  # each clip's own page
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for detail in ("make_demo_clips", "lavfi", "ffmpeg"):
            assert detail not in html, (page, detail)
    wall = (real_site / CLIP / "index.html").read_text(encoding="utf-8")
    assert "A synthetic study made for this archive" in wall and "为本档案制作的合成习作" in wall


def test_every_page_links_the_feed_from_its_footer_in_the_reading_mode(real_site: Path, serve, chromium):
    for page in ("index.html", ESSAY + "index.html", CLIP + "index.html", "timeline/index.html", "tags/index.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer">'):]
        assert re.search(r'<a href="(\.\./)*feed\.atom">', footer), page
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        for mode, label in (("zh", "订阅"), ("zh-Hant", "訂閱"), ("en", "Feeds")):
            page.goto(f"{base}/{ESSAY}?lang={mode}")
            link = page.locator('.md-copyright a[href$="feed.atom"]')
            assert link.is_visible() and link.inner_text().strip() == label, mode
    finally:
        ctx.close()


def test_a_clip_page_keeps_its_player_in_view_on_a_phone(real_site: Path, serve, chromium):
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    try:
        page.goto(f"{base}/{CLIP}#t=27")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        at = page.evaluate("""() => { const m = document.querySelector('.sca-clip-media').getBoundingClientRect();
          const n = document.querySelector('.sca-note-current').getBoundingClientRect();
          return {top: m.top, bottom: m.bottom, note: n.top, noteBottom: n.bottom, y: scrollY}; }""")
        assert at["y"] > 200  # the page moved to the note at 0:27...
        assert at["top"] >= 0 and at["bottom"] <= 844 and at["bottom"] <= at["note"] <= 844  # ...with the player above it, on screen
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(200)
        assert 0 <= page.evaluate("document.querySelector('.sca-clip-media').getBoundingClientRect().top") < 100
    finally:
        ctx.close()


SHIFTS = """window.__shifts = []; new PerformanceObserver(list => { for (const e of list.getEntries())
  window.__shifts.push({value: e.value, nodes: (e.sources || []).map(s => s.node && s.node.nodeName)}) })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_home_page_does_not_move_when_the_lead_still_arrives_late(real_site: Path, serve, chromium, width):
    """On a slow connection the lead essay's still arrives after the text is on screen: its place is kept
    (16:9 at the column's width), so nothing moves when it comes (a layout shift a reader would see)."""
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": width, "height": 844}, locale="en-US")
    ctx.add_init_script(SHIFTS)
    held = []
    ctx.route("**/*.webp", lambda route: held.append(route))  # every still held back until the page is drawn
    page = ctx.new_page()
    try:
        page.goto(f"{base}/", wait_until="domcontentloaded")
        page.wait_for_timeout(300)
        lead = page.locator(".sca-lead-still")
        box = lead.bounding_box()
        assert held and box["height"] > 100 and abs(box["width"] * 9 / 16 - box["height"]) < 2, box
        text_top = page.locator(".sca-lead > div").bounding_box()["y"]
        before = page.evaluate("window.__shifts.length")  # the page's own, drawn before (the header's: 0.00001)
        for route in held:
            route.continue_()
        wait_for_js(page, "document.querySelector('.sca-lead-still img').complete")
        page.wait_for_timeout(300)
        assert page.evaluate("document.querySelector('.sca-lead-still img').naturalWidth") > 0
        assert page.locator(".sca-lead > div").bounding_box()["y"] == text_top
        assert page.evaluate(f"window.__shifts.slice({before})") == []
    finally:
        ctx.close()


def test_a_copy_button_shows_that_it_copied(real_site: Path, serve, chromium):
    base = serve(real_site)
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    try:
        page.goto(f"{base}/{ESSAY}?lang=zh")
        page.wait_for_load_state("load")
        page.evaluate("document.querySelector('details.sca-cite').open = true")
        button = page.locator(".sca-cite > [lang] > p > button").first
        after = "getComputedStyle(document.querySelector('.sca-cite > [lang] > p > button'), '::after').content"
        assert page.evaluate(after) in ("none", "normal")
        button.click()
        page.wait_for_timeout(300)
        assert "已复制 · Copied" in page.evaluate(after)
        assert page.evaluate("document.querySelector('.sca-cite-status').getAttribute('aria-live') || "
                             "document.querySelector('.sca-cite-status').getAttribute('role')") in ("polite", "status")
    finally:
        ctx.close()


def test_english_is_set_in_latin_faces_never_a_cjk_one(real_site: Path, serve, chromium):
    """English text never falls to a CJK face: on a machine without the first faces of the serif stack
    (most Linux desktops and phones), Noto Serif CJK drew ’ full width ("Tsai Ming-liang’ s")."""
    base = serve(real_site)
    page = chromium.new_page()
    try:
        page.goto(f"{base}/{ESSAY}?lang=en")
        page.wait_for_load_state("load")
        # Every English text shown: a serif stack names a Latin face of Linux before any CJK face.
        stacks = page.evaluate("""() => Array.from(document.querySelectorAll('[lang="en"], [lang="en"] *'))
            .filter(e => e.getClientRects().length && e.textContent.trim()).map(e => getComputedStyle(e).fontFamily)""")
        assert len(stacks) > 20
        for stack in stacks:
            cjk = re.search(r"CJK|Han |Song|SimSun|MingLiU|PingFang|YaHei|Hiragino", stack)
            latin = re.search(r"Liberation (Serif|Sans)|Arial|Helvetica", stack)
            assert not cjk or (latin and latin.start() < cjk.start()), stack
        # And the faces Chromium really drew an English paragraph with (on this machine's fonts).
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '.sca-body [lang="en"]'})["nodeId"]
        fonts = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
        assert fonts and not any("CJK" in f for f in fonts), fonts
        # And at about 65 characters a line on a laptop (the median line of the English paragraphs).
        page.set_viewport_size({"width": 1280, "height": 800})
        per_line = page.evaluate("""() => { const counts = [];
          for (const el of document.querySelectorAll('.sca-body .sca-row > [lang="en"]')) {
            const lines = new Map(), range = document.createRange();
            const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let n;
            while ((n = walk.nextNode())) for (let i = 0; i < n.length; i++) {
              range.setStart(n, i); range.setEnd(n, i + 1); const r = range.getClientRects()[0];
              if (r) lines.set(Math.round(r.top), (lines.get(Math.round(r.top)) || 0) + 1); }
            counts.push(...[...lines.values()].slice(0, -1));  // a paragraph's last line is short
          }
          counts.sort((a, b) => a - b); return counts[Math.floor(counts.length / 2)]; }""")
        assert 55 <= per_line <= 75, per_line
    finally:
        page.close()
