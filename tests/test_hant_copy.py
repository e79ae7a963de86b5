"""The generated 繁體 copy of an essay's body, made by the page's own script in Chromium: the same
text OpenCC gives at build time, unique ids, working notes, no layout shift, after instant navigation
too, and nothing made where the reader has no script."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from conftest import ZH, build, layout_shift, make_project, wait_for_js
from playwright.sync_api import Browser, Page
from test_weight import essay_markdown

from slowcinema.content.problems import Problems
from slowcinema.languages import hant, hant_copy, hant_phrases

pytestmark = pytest.mark.browser
SLUG = "ordinary"
TRAP = "布列松的模特儿拴着他对表演的不信任，“要‘是’，不要‘像’”，不拍类型片。"
TRAP_HANT = "布列松的模特兒拴著他對表演的不信任，「要『是』，不要『像』」，不拍類型片。"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hant") / "proj"
    p = make_project(root)
    # With Material's instant navigation on (our mkdocs.yml leaves it off): the copies must be made
    # on pages it swaps in too, as on a site that turns it back on.
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("    - navigation.indexes\n", "    - navigation.instant\n    - navigation.indexes\n"))
    zh, en = essay_markdown()
    p.essay(SLUG, zh=zh, en=en)
    p.essay("only-zh", zh=ZH.replace("等待的形状", "只有中文"), en=None)
    # The archive's phrase table, and a sentence OpenCC alone gets wrong (佈列松, 對錶演, “ ”).
    p.write(hant_phrases.FILE, "names:\n  布列松: 布列松\nterms:\n  表演: 表演\n  类型片: 類型片\n")
    p.essay("traps", zh=ZH.replace("等待的形状", "陷阱").replace("第一节的第二段。", TRAP), en=None)
    result = build(root)
    assert result.ok, result.messages("WARNING")
    return result.site


@pytest.fixture
def base(site, serve) -> str:
    return serve(site)


def open_page(browser: Browser, url: str, mode: str | None = None, js: bool = True) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=js)
    if mode:
        context.add_init_script(f"try {{ localStorage.setItem('sca-mode', '{mode}') }} catch (e) {{}}")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(url)
    return page


def expected_texts(site: Path, slug: str) -> list[str]:
    """The text the build's conversion (the archive's phrase table, OpenCC, quotation marks) gives
    each Simplified cell (what the page used to carry)."""
    problems = Problems()
    hant.use(hant_phrases.load(site.parent / "docs" / hant_phrases.FILE, hant_phrases.FILE, problems).entries)
    assert not problems
    html = (site / f"essays/{slug}/index.html").read_text(encoding="utf-8")
    body = html[html.index('<div class="sca-body">'):].split('<details class="sca-cite"')[0]  # not the citation's parts
    cells = re.findall(r'<div lang="zh-Hans">(.*?)</div>\s*(?=<div lang=|</div>)', body, re.S)
    return ["".join(htmllib.unescape(t) for t in hant_copy.texts(hant.html(c))) for c in cells]


def cells(page: Page, lang: str) -> list[dict]:
    return page.eval_on_selector_all(
        f'.sca-row > [lang="{lang}"]',
        "els => els.map(e => ({text: e.textContent, shown: e.offsetParent !== null,"
        " titles: [...e.querySelectorAll('[title]')].map(x => x.title)}))")


@pytest.mark.parametrize("slug", [SLUG, "only-zh", "traps"])
def test_traditional_mode_shows_the_text_opencc_gives(browser_site, slug):
    chromium, site, base = browser_site
    page = open_page(chromium, f"{base}/essays/{slug}/?lang=zh-Hant")
    made = cells(page, "zh-Hant")
    assert [c["text"] for c in made] == expected_texts(site, slug)
    if slug == "traps":
        assert TRAP_HANT in made[0]["text"] and "data-sca-hant" in (site / "essays/traps/index.html").read_text()
    assert all(c["shown"] for c in made) and not any(c["shown"] for c in cells(page, "zh-Hans"))
    assert all(t in ("連結到本節", "回到正文") for c in made for t in c["titles"])
    assert page.problems == []


def test_copies_have_their_own_ids_and_their_notes_work(browser_site):
    chromium, _, base = browser_site
    page = open_page(chromium, f"{base}/essays/{SLUG}/?lang=zh-Hant")
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert [i for i in set(ids) if ids.count(i) > 1 and not i.startswith("__code_")] == []
    ref = page.locator('.sca-row > [lang="zh-Hant"] a.footnote-ref').first
    target = ref.get_attribute("href").split("#")[1]
    assert target == "fn:1--hant"
    ref.click()
    assert page.evaluate("location.hash") == "#fn:1--hant"
    assert page.locator(f'[id="{target}"]').is_visible()
    back = page.locator(f'[id="{target}"] a.footnote-backref')
    assert back.get_attribute("href").endswith("#fnref:1--hant")


def test_a_shared_link_to_a_copy_opens_the_traditional_mode(browser_site):
    chromium, _, base = browser_site
    page = open_page(chromium, f"{base}/essays/{SLUG}/#fn:2--hant", mode="en")
    wait_for_js(page, "document.documentElement.getAttribute('data-sca-mode') === 'zh-Hant'")
    assert page.locator('[id="fn:2--hant"]').is_visible()


def test_no_layout_shift_when_the_page_opens_in_the_traditional_mode(browser_site):
    chromium, _, base = browser_site
    for _ in range(3):
        page = open_page(chromium, f"{base}/essays/{SLUG}/", mode="zh-Hant")
        assert layout_shift(page) < 0.01
        page.context.close()


def test_instant_navigation_makes_the_copies_too(browser_site):
    chromium, _, base = browser_site
    page = open_page(chromium, f"{base}/essays/", mode="zh-Hant")
    page.locator(f'.sca-entries > li > a[href$="/essays/{SLUG}/"]').click()
    page.wait_for_url(f"**/essays/{SLUG}/")
    wait_for_js(page, "document.querySelectorAll('.sca-row > [lang=\"zh-Hant\"]').length > 0")
    count = page.evaluate("document.querySelectorAll('.sca-row > [lang=\"zh-Hant\"]').length")
    assert count == page.evaluate("document.querySelectorAll('.sca-row > [lang=\"zh-Hans\"]').length")
    # Material made every link absolute before the script ran: the notes still lead to the copies.
    ref = page.locator('.sca-row > [lang="zh-Hant"] a.footnote-ref').first
    assert ref.get_attribute("href").endswith(f"/essays/{SLUG}/#fn:1--hant")
    ref.click()
    assert page.locator('[id="fn:1--hant"]').is_visible()
    assert page.problems == []  # the script ran under the page's policy, once


def test_nothing_is_made_without_javascript(browser_site):
    chromium, _, base = browser_site
    page = open_page(chromium, f"{base}/essays/{SLUG}/", js=False)
    assert cells(page, "zh-Hant") == []
    assert all(c["shown"] for c in cells(page, "zh-Hans")) and all(c["shown"] for c in cells(page, "en"))


@pytest.fixture
def browser_site(chromium, site, base):
    return chromium, site, base
