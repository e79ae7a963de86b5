"""Passages of an essay: anchors that survive edits elsewhere (core and build), each passage's
control that copies a link or a citation (Chromium), reached by keyboard through one tab stop, an old
link whose passage changed, the reader's place kept in the browser, the reading-progress line, and the
essay printed as it reads, with each passage's short link."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from conftest import build, make_project, wait_for_js
from test_manifesto_print import pdf_text

from slowcinema.essays import passages

SCHEMA = json.loads((Path(__file__).parent / "data/csl-item.schema.json").read_text())
SLUG = "passages"
ZH_PARAS = [f"第{n}段：长镜头把时间交还给观看的人，摄影机留在房间里，等光线慢慢变化。" + "等待。" * 30 for n in range(1, 7)]
EN_PARAS = [f"Paragraph {n}: a long take hands time back to whoever is watching, and the camera stays in the room "
            "while the light changes. " + "Waiting. " * 30 for n in range(1, 7)]


def essay(zh_paras: list[str], en_paras: list[str]) -> tuple[str, str]:
    zh = ["---", "title: 段落", "date: 2026-11-02", "authors: [editors]", "original: zh", "summary: 段落。", "---", "",
          zh_paras[0], "", "## 第一节", ""] + [x for p in zh_paras[1:] for x in (p, "")]
    en = ["---", "title: Passages", "summary: Passages.", "translators: [lin]", "---", "",
          en_paras[0], "", "## The first section", ""] + [x for p in en_paras[1:] for x in (p, "")]
    return "\n".join(zh), "\n".join(en)


# -- core ------------------------------------------------------------------------------------------------

def test_anchor_is_a_hash_of_the_words_and_keeps_through_markup():
    a = passages.anchors(["<p>长镜头<em>等待</em>。</p>"])[0]
    assert re.fullmatch(r"p-[0-9a-f]{6}", a) and passages.ANCHOR_RE.match(a)
    assert passages.anchors(['<p>长镜头等待。<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>'])[0] == a
    assert passages.anchors(["<p>长镜头 等待。 </p>"])[0] != a  # a change of its own words moves it
    assert passages.anchors(["<p>长镜头等候。</p>"])[0] != a
    # Repeats, empty paragraphs and ids already taken fall back to the row number.
    out = passages.anchors(["<p>一样</p>", "<p>一样</p>", '<figure><img src="a.jpg" alt=""></figure>'])
    assert out[1:] == ["p-n2", "p-n3"] and out[0] != out[1]
    assert passages.anchors(["<p>一样</p>"], taken={out[0]}) == ["p-n1"]


# -- build and browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The essay as built, then with a paragraph added above the fourth, then with the fourth reworded."""
    out = {}
    zh_added, en_added = ZH_PARAS[:3] + ["新加的一段。"] + ZH_PARAS[3:], EN_PARAS[:3] + ["A new paragraph."] + EN_PARAS[3:]
    zh_changed = ZH_PARAS[:3] + ["第4段改写了。"] + ZH_PARAS[4:]
    en_changed = EN_PARAS[:3] + ["Paragraph 4, reworded."] + EN_PARAS[4:]
    for name, (zh, en) in {"first": essay(ZH_PARAS, EN_PARAS), "added": essay(zh_added, en_added),
                           "changed": essay(zh_changed, en_changed)}.items():
        root = tmp_path_factory.mktemp(name) / "proj"
        p = make_project(root)
        p.essay(SLUG, zh=zh, en=en)
        result = build(root)
        assert result.ok, result.messages("WARNING")
        out[name] = result
    return out


def _ids(html: str) -> list[str]:
    return re.findall(r'<div class="sca-row" id="(p-[^"]+)">', html)


def test_rows_carry_anchors_that_an_added_paragraph_leaves_alone(sites):
    first = _ids(sites["first"].page(f"essays/{SLUG}/index.html"))
    added = _ids(sites["added"].page(f"essays/{SLUG}/index.html"))
    assert len(first) == 6 and len(set(first)) == 6 and all(passages.ANCHOR_RE.match(a) for a in first)
    assert added[:3] + added[4:] == first and added[3] not in first
    # The controls are made by the script: no markup repeated in each row, and no row a tab stop.
    html = sites["first"].page(f"essays/{SLUG}/index.html")
    assert "sca-passage" not in html.split('<div class="sca-body">')[1].split("</article>")[0]
    assert "tabindex" not in html.split('<div class="sca-body">')[1].split("</article>")[0]
    templates = json.loads((sites["first"].site / f"essays/{SLUG}/passages.json").read_text(encoding="utf-8"))
    assert set(templates) == {"zh-Hans", "zh-Hant", "en"} and "SCAPASSAGE" in templates["en"]["bibtex"]


def _open_control(page, row) -> None:
    row.hover()
    row.locator(".sca-passage-toggle").click()


@pytest.mark.browser
def test_copied_link_lands_on_the_same_passage_after_an_edit_above(sites, serve, chromium):
    first, added, changed = (serve(sites[k].site) for k in ("first", "added", "changed"))
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=first)
    page = context.new_page()
    page.goto(f"{first}/essays/{SLUG}/?lang=both")
    rows = page.locator(".sca-body > .sca-row[id^='p-']")
    fourth = rows.nth(3)
    anchor = fourth.get_attribute("id")
    _open_control(page, fourth)
    # The control and its menu sit in the row; the control names its paragraph in the reading language.
    assert page.locator(".sca-passage-menu").evaluate("el => el.closest('.sca-row').id") == anchor
    assert fourth.locator(".sca-passage-toggle").get_attribute("aria-label") == "第4段：链接与引用"
    page.get_by_role("button", name="复制链接").click()
    wait_for_js(page, "document.querySelector('.sca-passage-status').textContent === '已复制'")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(f"{first}/essays/{SLUG}/?lang=both&s=") and f"#{anchor}:~:text=" in link
    # The old link, on the site rebuilt with a paragraph added above: the same passage, marked.
    page.goto(link.replace(first, added))
    cited = page.locator(".sca-row.sca-cited")
    wait_for_js(page, "document.querySelector('.sca-row.sca-cited') !== null")
    assert cited.count() == 1 and cited.get_attribute("id") == anchor
    assert cited.locator('[lang="zh-Hans"]').inner_text().startswith("第4段")
    assert cited.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    assert page.locator(".sca-notice").count() == 0
    # The passage itself reworded: its section with a quiet notice, not the top of the page.
    page.goto(link.replace(first, changed))
    wait_for_js(page, "document.querySelector('.sca-notice') !== null")
    assert "已有改动" in page.locator(".sca-notice").inner_text()
    section = page.locator(".sca-row.sca-cited")
    assert section.count() == 1 and section.get_attribute("id") == "第一节" and section.locator("h2").count() >= 1
    assert page.evaluate("scrollY") > 100
    context.close()


@pytest.mark.browser
def test_passage_citation_parses_and_quotes_both_languages(sites, serve, chromium):
    base = serve(sites["first"].site)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/essays/{SLUG}/?lang=en")
    page.wait_for_load_state("networkidle")
    assert not any("passages.json" in r for r in requests)  # fetched only when a reader asks
    row = page.locator(".sca-body > .sca-row[id^='p-']").nth(2)
    anchor = row.get_attribute("id")
    _open_control(page, row)

    def copied(name: str, done: str) -> str:
        page.evaluate("document.querySelector('.sca-passage-status').textContent = ''")
        page.get_by_role("button", name=name, exact=True).click()
        wait_for_js(page, f"document.querySelector('.sca-passage-status').textContent === {done!r}")
        return page.evaluate("navigator.clipboard.readText()")

    text = copied("Copy citation", "Copied")
    assert text.startswith("“Paragraph 3: a long take") and "Slow Cinema Archive, November 2, 2026, para. 3." in text
    assert text.rstrip().endswith(f"/essays/{SLUG}/#{anchor}.")
    bib = bibtexparser.parse_string(copied("BibTeX", "Copied"))
    assert len(bib.entries) == 1 and bib.entries[0].fields_dict["titleaddon"].value == "para. 3"
    csl = json.loads(copied("CSL-JSON", "Copied"))
    jsonschema.validate(csl, SCHEMA)
    assert csl[0]["locator"] == "para. 3" and csl[0]["URL"].endswith(f"#{anchor}")
    # 对照: both languages quoted, one citation each.
    page.keyboard.press("Escape")
    page.evaluate("document.documentElement.setAttribute('data-sca-mode', 'both')")
    _open_control(page, page.locator(".sca-body > .sca-row[id^='p-']").nth(1))
    page.get_by_role("button", name="复制引用").click()
    wait_for_js(page, "document.querySelector('.sca-passage-status').textContent === '已复制'")
    both = page.evaluate("navigator.clipboard.readText()")
    assert "“第2段" in both and "“Paragraph 2" in both and "第2段，慢电影档案" in both and "para. 2." in both
    page.get_by_role("button", name="BibTeX", exact=True).click()
    wait_for_js(page, "document.querySelector('.sca-passage-status').textContent === '已复制'")
    assert len(bibtexparser.parse_string(page.evaluate("navigator.clipboard.readText()")).entries) == 2
    context.close()


ACTIVE = """(() => { const a = document.activeElement, row = a.closest('.sca-row');
  return {passage: a.classList.contains('sca-passage-toggle'), row: row ? row.id : null, after: !!a.closest('.sca-essay > details.sca-cite')}; })()"""


@pytest.mark.browser
def test_one_tab_stop_for_all_passages_and_the_arrows_move_along_them(sites, serve, chromium):
    base = serve(sites["first"].site)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/essays/{SLUG}/?lang=both")
    rows = page.locator(".sca-body > .sca-row[id^='p-']")
    ids = rows.evaluate_all("rs => rs.map(r => r.id)")
    toggles = page.locator(".sca-body > .sca-row > .sca-passage > button.sca-passage-toggle")
    assert len(ids) == 6 and toggles.count() == 6 and page.locator(".sca-row[tabindex]").count() == 0

    def tab_order() -> list[int]:
        return toggles.evaluate_all("bs => bs.map(b => b.tabIndex)")

    def opacity(i: int) -> str:
        return toggles.nth(i).evaluate("el => getComputedStyle(el).opacity")

    assert tab_order() == [0, -1, -1, -1, -1, -1]
    # Unseen until its row is hovered.
    assert opacity(2) == "0"
    rows.nth(2).hover()
    assert opacity(2) == "1" and opacity(3) == "0"
    page.mouse.move(5, 790)
    # Tab from the top of the page past the whole essay: its passages are one stop, the first one's control.
    stops = []
    for _ in range(300):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(ACTIVE))
        if stops[-1]["after"]:
            break
    assert stops[-1]["after"], stops[-5:]
    assert [s["row"] for s in stops if s["passage"]] == [ids[0]]
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(ACTIVE)["passage"]  # no other passage on the way back either
    toggles.nth(0).focus()
    assert opacity(0) == "1" and toggles.nth(0).evaluate("el => getComputedStyle(el, '::after').content") == '"↑↓"'
    assert toggles.nth(0).get_attribute("aria-label") == "第1段：链接与引用"
    # The arrows move to the next and previous passages' controls, and the tab stop follows.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE)["row"] == ids[2] and tab_order() == [-1, -1, 0, -1, -1, -1]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ACTIVE)["row"] == ids[1]
    page.keyboard.press("End")
    assert page.evaluate(ACTIVE)["row"] == ids[5] and tab_order()[5] == 0
    assert rows.nth(5).evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    page.keyboard.press("ArrowDown")  # the last stays the last
    assert page.evaluate(ACTIVE)["row"] == ids[5]
    page.keyboard.press("Home")
    assert page.evaluate(ACTIVE)["row"] == ids[0]
    # Enter opens its menu, Tab goes into it, Escape closes it and comes back; leaving it closes it too.
    menu = page.locator(".sca-passage-menu")
    page.keyboard.press("Enter")
    assert menu.is_visible() and toggles.nth(0).get_attribute("aria-expanded") == "true"
    assert toggles.nth(0).get_attribute("aria-controls") == menu.get_attribute("id")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "复制链接"
    page.keyboard.press("Escape")
    assert not menu.is_visible() and page.evaluate(ACTIVE)["passage"]
    assert toggles.nth(0).get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    for _ in range(5):  # its four buttons, then on
        page.keyboard.press("Tab")
    assert not menu.is_visible() and not page.evaluate(ACTIVE)["passage"]
    # The names follow the reading mode ("l" cycles it: 对照, 中文, 繁體, English).
    toggles.nth(3).focus()
    names = []
    for _ in range(3):
        page.keyboard.press("l")
        names.append(toggles.nth(3).get_attribute("aria-label"))
    assert names == ["第4段：链接与引用", "第4段：連結與引用", "Paragraph 4: link and citation"]
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Copy link", exact=True).is_visible()
    assert page.get_by_role("button", name="Paragraph 2: link and citation", exact=True).count() == 1
    context.close()


@pytest.mark.browser
def test_leaving_and_returning_offers_the_saved_place(sites, serve, chromium):
    base = serve(sites["first"].site)
    context = chromium.new_context(viewport={"width": 1000, "height": 600})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    url = f"{base}/essays/{SLUG}/?lang=en"
    page.goto(url)
    line = page.locator(".sca-progress")
    assert line.get_attribute("aria-hidden") == "true"
    fifth = page.locator(".sca-body > .sca-row[id^='p-']").nth(4)
    page.evaluate(f"document.getElementById('{fifth.get_attribute('id')}').scrollIntoView({{block: 'start'}})")
    wait_for_js(page, f"localStorage.getItem('sca-place:/essays/{SLUG}/') === '{fifth.get_attribute('id')}'")
    assert line.evaluate("el => new DOMMatrix(getComputedStyle(el).transform).a") > 0.3
    page.goto(f"{base}/")
    page.goto(url)
    notice = page.locator(".sca-notice")
    assert notice.get_attribute("role") == "status" and "Go back to where you stopped?" in notice.inner_text()
    assert page.evaluate("scrollY") < 50  # offered, not forced
    page.get_by_role("button", name="Go back").click()
    wait_for_js(page, f"Math.abs(document.getElementById('{fifth.get_attribute('id')}').getBoundingClientRect().top) < 100")
    # Cleared from the same place; nothing was ever sent anywhere, and no cookie set.
    page.goto(url)
    page.get_by_role("button", name="Forget my place").click()
    assert page.evaluate(f"localStorage.getItem('sca-place:/essays/{SLUG}/')") is None
    page.goto(url)
    assert page.locator(".sca-notice").count() == 0
    assert context.cookies() == [] and all(r.startswith(base) for r in requests)
    assert not any("passages.json" in r or "sw.js" in r or "offline.json" in r for r in requests)
    context.close()


@pytest.mark.browser
def test_print_renders_parallel_mode_in_two_columns(sites, serve, chromium):
    base = serve(sites["first"].site)
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{base}/essays/{SLUG}/?lang=both")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    row = page.locator(".sca-body > .sca-row[id^='p-']").nth(1)
    zh, en = row.locator('[lang="zh-Hans"]').bounding_box(), row.locator('[lang="en"]').bounding_box()
    assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"] - 1  # side by side
    controls = page.locator(".sca-passage-toggle")
    assert controls.count() == 6 and not any(controls.nth(i).is_visible() for i in range(6))  # no interface on paper
    assert page.locator("details.sca-cite").evaluate("el => el.open")  # the citation at the foot
    # Each passage's link, short enough to type from paper: the site's canonical address without its
    # scheme (site_url), the essay's path and the anchor.
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.startswith("https://") and canonical.endswith(f"/essays/{SLUG}/")
    address = canonical.split("://", 1)[1]
    after = "el => getComputedStyle(el, '::after').content"
    assert row.evaluate(after) == f'"{address}#{row.get_attribute("id")}"'
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    printed = pdf_text(pdf)
    ids = page.locator(".sca-body > .sca-row[id^='p-']").evaluate_all("rs => rs.map(r => r.id)")
    assert len(ids) == 6 and all(printed.count(f"{address}#{i}") == 1 for i in ids), printed
    # A site without site_url has no canonical link: the address the page was opened at.
    page.evaluate("document.querySelector('link[rel=\"canonical\"]').remove()")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert row.evaluate(after) == f'"{base.split("://", 1)[1]}/essays/{SLUG}/#{row.get_attribute("id")}"'
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.locator("details.sca-cite").evaluate("el => el.open")
    context.close()


@pytest.mark.browser
def test_a_tap_shows_the_control_on_a_phone_and_parallel_mode_keeps_it_in_the_gap(sites, serve, chromium):
    """A phone has no hover: the first tap on a passage shows its control, the second opens it; an unseen
    control takes no tap. In 对照 on a laptop the control stands between the two columns, on screen."""
    base = serve(sites["first"].site)
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = phone.new_page()
    try:
        page.goto(f"{base}/essays/{SLUG}/?lang=en")
        wait_for_js(page, "document.querySelectorAll('.sca-passage-toggle').length === 6")
        row = page.locator(".sca-body > .sca-row[id^='p-']").nth(2)
        shown = "i => [...document.querySelectorAll('.sca-passage-toggle')].map(b => getComputedStyle(b).opacity === '1')"
        assert not any(page.evaluate(shown, 0))
        row.locator('[lang="en"]').tap(position={"x": 40, "y": 60})
        assert page.evaluate(shown, 0) == [False, False, True, False, False, False]
        row.locator(".sca-passage-toggle").tap()
        assert page.locator("#sca-passage-menu").is_visible()
    finally:
        phone.close()
    laptop = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = laptop.new_page()
    try:
        page.goto(f"{base}/essays/{SLUG}/?lang=both")
        wait_for_js(page, "document.querySelectorAll('.sca-passage-toggle').length === 6")
        row = page.locator(".sca-body > .sca-row[id^='p-']").nth(2)
        row.hover()
        box = page.evaluate("""r => { const b = r.querySelector('.sca-passage-toggle').getBoundingClientRect();
            const zh = r.querySelector(':scope > [lang="zh-Hans"]').getBoundingClientRect();
            const en = r.querySelector(':scope > [lang="en"]').getBoundingClientRect();
            return {left: b.left, right: b.right, zhRight: zh.right, enLeft: en.left}; }""", row.element_handle())
        assert box["zhRight"] <= box["left"] and box["right"] <= box["enLeft"], box
    finally:
        laptop.close()
