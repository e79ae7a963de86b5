"""The reading modes as a reader meets them: real Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ZH, build, layout_shift, make_project
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
SLUG = "the-shape-of-waiting"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reader") / "proj"
    p = make_project(root)
    p.essay(SLUG)
    p.essay("only-zh", zh=ZH.replace("等待的形状", "只有中文"), en=None)
    result = build(root)
    assert result.ok, result.log
    return result.site


@pytest.fixture
def base(site, serve) -> str:
    return serve(site)


def open_page(browser: Browser, url: str, *, width=1280, locale="zh-CN", js=True, mode: str | None = None) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale, java_script_enabled=js)
    if mode:
        context.add_init_script(f"try {{ localStorage.setItem('sca-mode', '{mode}') }} catch (e) {{}}")
    page = context.new_page()
    page.outside = []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]) else None)
    page.goto(url)
    return page


def visible_langs(page: Page, scope: str = ".sca-body") -> set[str]:
    return set(page.eval_on_selector_all(
        # An essay's cells carry only their lang, and so does a label shown in its language's modes (of class
        # "sca-l", or by its place, as the title's spans, the children of `scope` here).
        f"{scope} [data-sca-show], {scope} .sca-row > [lang], {scope} .sca-l[lang], {scope} > [lang]",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('lang'))"))


def mode(page: Page) -> str:
    return page.evaluate("document.documentElement.getAttribute('data-sca-mode')")


@pytest.mark.parametrize("chosen,lang", [("zh", "zh-Hans"), ("zh-Hant", "zh-Hant"), ("en", "en")])
def test_each_mode_shows_only_its_language(browser, base, chosen, lang):
    page = open_page(browser, f"{base}/essays/{SLUG}/?lang={chosen}")
    assert mode(page) == chosen
    assert visible_langs(page) == {lang}
    assert visible_langs(page, ".sca-head h1") == {lang}
    assert page.outside == []


def test_parallel_mode_side_by_side_when_wide_and_interleaved_when_narrow(browser, base):
    for width, side_by_side in ((1280, True), (390, False)):
        page = open_page(browser, f"{base}/essays/{SLUG}/?lang=both", width=width)
        assert visible_langs(page) == {"zh-Hans", "en"}
        row = page.locator(".sca-row").nth(2)
        zh = row.locator('[lang="zh-Hans"]').bounding_box()
        en = row.locator('[lang="en"]').bounding_box()
        if side_by_side:
            assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"] - 1
        else:
            assert abs(zh["x"] - en["x"]) < 2 and en["y"] >= zh["y"] + zh["height"] - 1
        page.context.close()


def test_counterpart_is_highlighted_under_the_pointer(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/?lang=both")
    row = page.locator(".sca-row").nth(2)
    before = row.evaluate("r => getComputedStyle(r).backgroundColor")
    row.locator('[lang="zh-Hans"]').hover()
    page.wait_for_timeout(300)  # the highlight fades in
    after = row.evaluate("r => getComputedStyle(r).backgroundColor")
    assert before != after and after not in ("rgba(0, 0, 0, 0)", "transparent")
    # The English counterpart sits in that highlighted row.
    assert row.locator('[lang="en"]').is_visible()


def test_switch_choice_survives_navigation_and_reload(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/")
    page.get_by_role("button", name="English").click()
    assert mode(page) == "en" and visible_langs(page) == {"en"}
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    page.locator(".md-header__button.md-logo").click()  # to the home page
    page.wait_for_url(f"{base}/")
    page.locator(".sca-entries > li > a").filter(has_text="The Shape of Waiting").click()
    page.wait_for_url(f"{base}/essays/{SLUG}/")
    assert mode(page) == "en" and visible_langs(page) == {"en"}
    page.reload()
    assert mode(page) == "en" and visible_langs(page) == {"en"}


def test_url_parameter_wins_over_the_saved_choice(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/?lang=zh-Hant", mode="en")
    assert mode(page) == "zh-Hant" and visible_langs(page) == {"zh-Hant"}


@pytest.mark.parametrize("locale,expected", [("en-US", "en"), ("zh-TW", "zh-Hant"), ("zh-CN", "zh"), ("fr-FR", "zh")])
def test_first_visit_follows_the_browser_languages(browser, base, locale, expected):
    page = open_page(browser, f"{base}/essays/{SLUG}/", locale=locale)
    assert mode(page) == expected


def test_keyboard_switch_and_single_key(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/?lang=zh")
    page.get_by_role("button", name="对照").focus()
    page.keyboard.press("Enter")
    assert mode(page) == "both"
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("l")
    assert mode(page) == "zh"
    page.keyboard.press("l")
    assert mode(page) == "zh-Hant"


def test_saved_mode_is_applied_without_layout_shift(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/", mode="en")
    assert mode(page) == "en"
    assert layout_shift(page) < 0.01


def test_readable_without_javascript(browser, base):
    page = open_page(browser, f"{base}/essays/{SLUG}/", js=False)
    assert visible_langs(page) == {"zh-Hans", "en"}
    assert not page.locator(".sca-switch").is_visible()
    row = page.locator(".sca-row").nth(2)
    zh = row.locator('[lang="zh-Hans"]').bounding_box()
    en = row.locator('[lang="en"]').bounding_box()
    assert en["y"] > zh["y"]  # interleaved: each paragraph followed by its translation


def test_missing_translation_notice_in_the_other_mode(browser, base):
    page = open_page(browser, f"{base}/essays/only-zh/?lang=en")
    notice = page.locator(".sca-missing[lang=en]")
    assert notice.is_visible() and "no English translation yet" in notice.inner_text()
    assert visible_langs(page) == set()  # no Chinese passed off as English
    assert page.locator(".sca-head h1").inner_text().strip() == "只有中文"
    page.get_by_role("link", name="Read it in Chinese").click()
    assert mode(page) == "zh" and visible_langs(page) == {"zh-Hans"}


def _search(page: Page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup, as when an IME commits Chinese text
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)


@pytest.mark.parametrize("query,expected", [("时间", "zh"), ("passes", "en")])
def test_search_finds_the_essay_and_lands_in_the_query_language(browser, base, query, expected):
    start = "en" if expected == "zh" else "zh"
    page = open_page(browser, f"{base}/", mode=start)
    _search(page, query)
    results = page.locator(".md-search-result__item > a:first-child")  # each result's page
    pages = [results.nth(i).get_attribute("href").split("#")[0].split("?")[0] for i in range(results.count())]
    assert pages.count(f"{base}/essays/{SLUG}/") == 1  # found, once: not once per language
    assert len(pages) == len(set(pages))
    results.nth(pages.index(f"{base}/essays/{SLUG}/")).click()
    page.wait_for_url(f"**/essays/{SLUG}/**")
    page.wait_for_timeout(200)
    assert mode(page) == expected
