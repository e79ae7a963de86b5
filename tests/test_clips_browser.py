"""Clip galleries as a reader meets them, in Debian's Chromium driven by Playwright: the note
highlight follows playback, notes seek, #t= links open at their time, nothing is loaded before
play (no video bytes, no provider request), the keyboard path, and the page without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EN, ZH, build, make_project
from playwright.sync_api import Page
from test_clips_kit import LOCAL, OUTSIDE, gallery

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("clips") / "proj"
    p = make_project(root)
    p.write("clips/index.md", "---\ntitle: Clips\n---\n\n# 片段集 Clips\n")
    gallery(p.docs, clips={"wall": LOCAL.format(id="wall"), "factory": OUTSIDE.format(id="factory")})
    block = "\n\n/// clip\n    gallery: light\n    id: wall\n///"
    p.essay("with-clip", zh=ZH.replace("第一节的第二段。", "第一节的第二段。" + block),
            en=EN.replace("Second paragraph of the first section.", "Second paragraph of the first section." + block))
    result = build(root)
    assert result.ok, result.log
    return result.site


@pytest.fixture(scope="module")
def base(site, serve) -> str:
    return serve(site)  # with byte ranges, which a video needs to seek


def open_page(browser, url: str, *, width=1280, js=True, mode="both") -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", java_script_enabled=js)
    context.add_init_script(f"try {{ localStorage.setItem('sca-mode', '{mode}') }} catch (e) {{}}")
    page = context.new_page()
    origin = "/".join(url.split("/", 3)[:3])
    page.requests = []
    page.outside = []
    page.on("request", lambda r: (page.requests.append(r.url), None if r.url.startswith(origin) else page.outside.append(r.url)))
    # Nothing may leave the machine: a provider's player is answered locally, and recorded.
    context.route(lambda u: not u.startswith(origin), lambda route: route.fulfill(status=204, body=""))
    page.goto(url)
    if js and page.query_selector("[data-sca-clip]"):
        page.wait_for_selector("[data-sca-clip][data-sca-ready]", state="attached")
    return page


def current_note(page: Page, scope: str = ".sca-clip-page") -> list[str]:
    return page.eval_on_selector_all(f"{scope} .sca-note.sca-note-current", "els => els.map(e => e.dataset.scaT)")


def video_bytes(page: Page) -> list[str]:
    return [u for u in page.requests if u.endswith(".webm")]


def test_nothing_loads_before_play(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/")
    page.wait_for_timeout(300)
    assert video_bytes(page) == []
    assert page.outside == []
    assert page.eval_on_selector("video", "v => [v.preload, v.readyState, v.networkState]") == ["none", 0, 1]


def test_highlight_follows_playback(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.2")
    assert video_bytes(page)  # loaded only now, after play
    page.wait_for_function("() => document.querySelector('.sca-note-current')?.dataset.scaT === '0'")
    page.evaluate("document.querySelector('video').currentTime = 17")
    page.wait_for_function("() => document.querySelector('.sca-note-current')?.dataset.scaT === '16'")
    assert current_note(page) == ["16"]
    assert page.get_attribute(".sca-note-current .sca-note-link", "aria-current") == "true"
    page.evaluate("document.querySelector('video').currentTime = 14.5")  # between a note's end and the next one
    page.wait_for_function("() => document.querySelectorAll('.sca-note-current').length === 0")
    page.evaluate("document.querySelector('video').currentTime = 5")
    page.wait_for_function("() => document.querySelector('.sca-note-current')?.dataset.scaT === '4'")


def test_clicking_a_note_seeks_and_makes_a_shareable_link(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/")
    page.evaluate("document.querySelector('video').muted = true")
    page.click(".sca-note[data-sca-t='10'] .sca-note-link")
    page.wait_for_function("() => document.querySelector('video').currentTime >= 10")
    page.wait_for_function("() => document.querySelector('.sca-note-current')?.dataset.scaT === '10'")
    assert page.evaluate("location.hash") == "#t=10"
    assert page.url.endswith("/clips/light/wall/#t=10")


def test_a_shared_time_link_opens_at_its_time(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/#t=12.5")
    assert current_note(page) == ["10"]
    assert video_bytes(page) == []  # still nothing loaded: the time waits for play
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime >= 12.5")
    assert page.evaluate("document.querySelector('video').currentTime") < 16


def test_an_outside_clip_loads_its_player_only_on_click(browser, base):
    page = open_page(browser, f"{base}/clips/light/factory/#t=10")
    page.wait_for_timeout(300)
    assert page.outside == [] and page.query_selector("iframe") is None
    assert page.eval_on_selector(".sca-facade img", "e => e.src").endswith("/clips/light/media/light-on-a-wall.webp")
    assert page.outside == []
    # notes link to the provider at that moment, only followed on click
    assert page.get_attribute(".sca-note[data-sca-t='10'] a", "href") == "https://archive.org/details/test-identifier?start=12"
    page.click(".sca-facade")
    frame = page.wait_for_selector("iframe")
    assert frame.get_attribute("src") == "https://archive.org/embed/test-identifier?start=12&autoplay=1"
    for _ in range(100):  # the player's first request, once the reader asked (at most 5 s on a busy machine)
        if page.outside:
            break
        page.wait_for_timeout(50)
    assert page.outside and all(u.startswith("https://archive.org/embed/") for u in page.outside)


def test_keyboard_steps_through_the_notes(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/")
    page.focus(".sca-note[data-sca-t='0'] .sca-note-link")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.sca-note').dataset.scaT") == "4"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.sca-note').dataset.scaT") == "10"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.closest('.sca-note').dataset.scaT") == "27"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.closest('.sca-note').dataset.scaT") == "16"
    page.evaluate("document.querySelector('video').muted = true")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('video').currentTime >= 16")
    page.wait_for_function("() => document.querySelector('.sca-note-current')?.dataset.scaT === '16'")


def test_without_javascript_every_note_is_listed_with_its_time(browser, base):
    page = open_page(browser, f"{base}/clips/light/wall/", js=False)
    notes = page.eval_on_selector_all(".sca-note", "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText)")
    assert len(notes) == 5
    for time, zh, en in [("0:00", "开头。", "The opening."), ("0:10", "机位固定。", "A fixed frame."), ("0:27", "结束。", "The end.")]:
        assert any(time in n and zh in n and en in n for n in notes), notes
    assert page.eval_on_selector("video", "v => v.controls")


@pytest.mark.parametrize("mode,shown", [("zh", {"zh-Hans"}), ("zh-Hant", {"zh-Hant"}), ("en", {"en"}), ("both", {"zh-Hans", "en"})])
def test_notes_follow_the_reading_mode(browser, base, mode, shown):
    page = open_page(browser, f"{base}/clips/light/wall/?lang={mode}", mode=mode)
    langs = set(page.eval_on_selector_all(".sca-note-text", "els => els.filter(e => e.offsetParent !== null).map(e => e.lang)"))
    assert langs == shown


def test_notes_sit_beside_the_player_wide_and_below_it_narrow(browser, base):
    wide = open_page(browser, f"{base}/clips/light/wall/", width=1280)
    v, n = wide.locator("video").bounding_box(), wide.locator(".sca-notes").bounding_box()
    assert n["x"] >= v["x"] + v["width"] - 1 and abs(n["y"] - v["y"]) < 80
    narrow = open_page(browser, f"{base}/clips/light/wall/", width=390)
    v, n = narrow.locator("video").bounding_box(), narrow.locator(".sca-notes").bounding_box()
    assert n["y"] >= v["y"] + v["height"] and v["width"] <= 390
    assert abs(v["width"] / v["height"] - 16 / 9) < 0.02  # the box is sized before anything loads


def test_gallery_cards_do_not_shift(browser, base):
    page = open_page(browser, f"{base}/clips/light/")
    boxes = page.eval_on_selector_all(".sca-card-poster", "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(boxes) == 2 and all(h > 100 for h in boxes)
    imgs = page.eval_on_selector_all(".sca-card img", "els => els.map(e => [e.loading, e.width > 0, e.getAttribute('height')])")
    assert all(i[0] == "lazy" and i[1] and i[2] for i in imgs)
    page.click(".sca-card a[href$='wall/']")
    page.wait_for_url("**/clips/light/wall/")


def test_a_clip_inside_an_essay_plays_in_place(browser, base):
    page = open_page(browser, f"{base}/essays/with-clip/?lang=zh", mode="zh")
    fig = "#clip-light-wall-zh"
    assert page.is_visible(fig) and not page.is_visible("#clip-light-wall-en")
    assert video_bytes(page) == []
    page.evaluate(f"document.querySelector('{fig} video').muted = true")
    page.click(f"{fig} .sca-note[data-sca-t='4'] .sca-note-link")
    page.wait_for_function(f"() => document.querySelector('{fig} video').currentTime >= 4")
    assert page.url.endswith("/essays/with-clip/?lang=zh")  # it stayed on the essay
    page.wait_for_function(f"() => document.querySelector('{fig} .sca-note-current')?.dataset.scaT === '4'")


@pytest.mark.parametrize("mode,name", [("zh", "批注"), ("zh-Hant", "批註"), ("en", "Notes")])
def test_an_embedded_clips_notes_are_named_by_the_heading_of_their_own_copy(browser, base, mode, name):
    # The essay holds a copy of the player per language; the one the reader sees must be named by
    # its own heading (before, the 繁體 copy was named by the hidden simplified one).
    page = open_page(browser, f"{base}/essays/with-clip/?lang={mode}", mode=mode)
    lists = page.get_by_role("list", name=re.compile(rf"^{name}(\s|$)"))
    assert lists.count() == 1
    assert lists.first.is_visible()
    assert lists.first.evaluate("ol => ol.closest('[lang]').lang") == {"zh": "zh-Hans"}.get(mode, mode)
    assert page.evaluate("""() => [...document.querySelectorAll('.sca-clip [aria-labelledby]')].every(el =>
        document.getElementById(el.getAttribute('aria-labelledby'))?.closest('figure') === el.closest('figure'))""")
