"""Manifestos: principle ids, the version diff, signature validation, the page and its controls."""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest
from conftest import Project, build, make_project, wait_for_js

from slowcinema.archive.registry import load_authors, load_tags
from slowcinema.content.bilingual import Bilingual
from slowcinema.content.problems import Problems
from slowcinema.languages.numerals import chinese
from slowcinema.manifestos.bundle import Principle, Version, load_manifestos
from slowcinema.manifestos.revisions import compare, wording

SLUG = "slow"
PRE_ZH = "---\ntitle: 慢宣言\ndate: 2026-11-10\nauthors: [editors]\noriginal: zh\nsummary: 一份宣言。\n---\n\n序言。\n"
PRE_EN = "---\ntitle: A Slow Manifesto\nsummary: A manifesto.\ntranslators: [editors]\n---\n\nPreamble.\n"
PRINCIPLES = """\
versions:
  - version: 1
    date: 2026-11-10
    principles:
      - id: time
        title: {zh: 时间, en: Time}
        text: {zh: 时间是材料。, en: Time is the material.}
      - id: hand
        title: {zh: 手, en: The hand}
        text: {zh: 每个画面都经过一只手。, en: Every frame passes through a hand.}
      - id: old
        title: {zh: 旧, en: Old}
        text: {zh: 将被撤回。, en: To be withdrawn.}
  - version: 2
    date: 2026-11-20
    note: {zh: 第二版。, en: Second version.}
    principles:
      - id: attention
        title: {zh: 注意力, en: Attention}
        text: {zh: 注意力不是庄稼。, en: Attention is not a crop.}
      - id: time
        title: {zh: 时间, en: Time}
        text: {zh: 时间是材料，不是成本。, en: "Time is the material, not a cost."}
      - id: hand
        title: {zh: 手, en: The hand}
        text: {zh: 每个画面都经过一只手。, en: Every frame passes through a hand.}
"""
TODAY = dt.date(2026, 11, 21)


def p(pid: str, zh: str, en: str) -> Principle:
    return Principle(pid, Bilingual(pid, pid), Bilingual(zh, en))


def write_manifesto(project: Project, principles: str = PRINCIPLES, signatories: str | None = None) -> None:
    project.write(f"manifesto/{SLUG}/index.zh.md", PRE_ZH)
    project.write(f"manifesto/{SLUG}/index.en.md", PRE_EN)
    project.write(f"manifesto/{SLUG}/principles.yml", principles)
    if signatories is not None:
        project.write(f"manifesto/{SLUG}/signatories.yml", textwrap.dedent(signatories))
    project.write("manifesto/index.md", "---\ntitle: Manifestos\n---\n\n# 宣言\n")


def load(project: Project):
    problems = Problems()
    authors = load_authors(project.docs / "authors.yml", "docs/authors.yml", problems)
    tags = load_tags(project.docs / "tags.yml", "docs/tags.yml", problems)
    return load_manifestos(project.docs, project.root, authors, tags, problems, today=TODAY), problems


# -- the version diff ------------------------------------------------------------------------------

def test_diff_added_withdrawn_reworded_and_renumbered_but_unchanged():
    v1 = Version(1, dt.date(2026, 1, 1), None, (p("a", "甲", "A"), p("b", "乙", "B"), p("c", "丙", "C")))
    v2 = Version(2, dt.date(2026, 2, 1), None, (p("n", "新", "New"), p("a", "甲改", "A changed"), p("b", "乙", "B")))
    changes = {c.id: c for c in compare(v1, v2)}
    assert set(changes) == {"n", "a", "b", "c"}
    assert (changes["n"].kind, changes["n"].old_number, changes["n"].new_number) == ("added", None, 1)
    assert (changes["a"].kind, changes["a"].old_number, changes["a"].new_number) == ("reworded", 1, 2)
    assert (changes["b"].kind, changes["b"].old_number, changes["b"].new_number) == ("renumbered", 2, 3)
    assert (changes["c"].kind, changes["c"].old_number, changes["c"].new_number) == ("withdrawn", 3, None)


def test_unchanged_principle_in_place_is_not_a_change():
    v1 = Version(1, dt.date(2026, 1, 1), None, (p("a", "甲", "A"),))
    assert compare(v1, Version(2, dt.date(2026, 2, 1), None, (p("a", "甲", "A"),))) == []


def test_wording_difference_by_character_in_chinese_and_by_word_in_english():
    assert wording("时间是障碍", "时间是成本", "zh") == [("same", "时间是"), ("del", "障碍"), ("ins", "成本")]
    assert wording("Time is an obstacle here.", "Time is a cost here.", "en") == [
        ("same", "Time is "), ("del", "an obstacle "), ("ins", "a cost "), ("same", "here.")]


def test_chinese_numerals_for_principle_numbers():
    assert [chinese(n) for n in (1, 3, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一", "三", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]


# -- loading and validation ------------------------------------------------------------------------

def test_loads_versions_and_ids(project: Project):
    write_manifesto(project)
    manifestos, problems = load(project)
    assert not problems, problems.report()
    m = manifestos[0]
    assert [v.number for v in m.versions] == [1, 2]
    assert [x.id for x in m.current.principles] == ["attention", "time", "hand"]
    assert m.current.position("hand") == 3
    assert [(d.kind, d.date.isoformat(), d.url) for d in m.dated_entries()] == [
        ("manifesto", "2026-11-10", "manifesto/slow/"), ("manifesto-version", "2026-11-20", "manifesto/slow/#v2")]


PRINCIPLE_CASES = [
    ("bad-id", PRINCIPLES.replace("- id: hand", "- id: Hand Made", 1), 8, "versions[0].principles[1].id",
     "'Hand Made' is not a usable principle id", "keep it the same in every version"),
    ("reserved-id", PRINCIPLES.replace("- id: old", "- id: principle-3"), 11, "versions[0].principles[2].id", "is not a usable principle id", "lowercase ASCII"),
    ("duplicate-id", PRINCIPLES.replace("- id: old", "- id: time"), 11, "versions[0].principles[2].id", "'time' is used twice", "its own id"),
    ("missing-en", PRINCIPLES.replace("text: {zh: 将被撤回。, en: To be withdrawn.}", "text: {zh: 将被撤回。}"), 13,
     "versions[0].principles[2].text.en", "the text in English is missing", "add 'en: ...'"),
    ("version-gap", PRINCIPLES.replace("version: 2", "version: 3"), 14, "versions[1].version", "is 3, but the version before it is 1", "should be 2"),
    ("date-order", PRINCIPLES.replace("date: 2026-11-20", "date: 2026-11-01"), 15, "versions[1].date", "is before the previous version's date", "oldest first"),
    ("unknown-key", PRINCIPLES.replace("    note: {zh: 第二版。", "    notes: {zh: 第二版。"), 16, "versions[1].notes", "unknown field 'notes'. Did you mean 'note'?", "the fields of a version are: version, date, note, principles"),
]


@pytest.mark.parametrize("text,line,field,message,fix", [c[1:] for c in PRINCIPLE_CASES], ids=[c[0] for c in PRINCIPLE_CASES])
def test_principles_validation_messages(project: Project, text, line, field, message, fix):
    write_manifesto(project, principles=text)
    _m, problems = load(project)
    hits = [x for x in problems if message in x.message]
    assert hits, problems.report()
    assert (hits[0].file, hits[0].line, hits[0].field) == (f"docs/manifesto/{SLUG}/principles.yml", line, field)
    assert fix in hits[0].fix


SIGNATURE_CASES = [
    ("missing-name", "- date: 2026-11-20\n", 1, "name", "is missing", "name: Your Name"),
    ("missing-date", "- name: Lin Yi\n", 1, "date", "is missing", "the day you sign"),
    ("future-date", "- name: Lin Yi\n  date: 2026-12-01\n", 2, "date", "2026-12-01 is in the future", "today or earlier"),
    ("impossible-date", "- name: Lin Yi\n  date: 2026-02-30\n", 2, "date", "is not a real date", "correct the date"),
    ("duplicate", "- name: Lin Yi\n  date: 2026-11-20\n- name: lin yi\n  date: 2026-11-21\n", 3, "[1].name", "already signed (line 1)", "signs once"),
    ("markup-in-name", "- name: <b>Lin</b>\n  date: 2026-11-20\n", 1, "name", "contains < or >", "remove the markup"),
    ("markdown-emphasis-in-name", "- name: \"**Lin**\"\n  date: 2026-11-20\n", 1, "name", "contains markup characters", "plain text only"),
    ("markdown-link-in-name", "- name: \"[Lin](https://spam.example)\"\n  date: 2026-11-20\n", 1, "name", "contains markup characters", "plain text only"),
    ("url-in-name", "- name: Lin Yi www.spam.com\n  date: 2026-11-20\n", 1, "name", "contains a web address", "put one https address in 'link:'"),
    ("url-in-role", "- name: Lin Yi\n  role: see https://spam.example\n  date: 2026-11-20\n", 2, "role", "contains a web address", "plain text only"),
    ("bidi-in-name", "- name: \"Lin\u202eYi\"\n  date: 2026-11-20\n", 1, "name", "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)", "retype"),
    ("non-https-link", "- name: Lin Yi\n  date: 2026-11-20\n  link: javascript:alert(1)\n", 3, "link", "is not an https address", "starting with https://"),
    ("unknown-key", "- name: Lin Yi\n  date: 2026-11-20\n  email: a@b.c\n", 3, "[0].email", "unknown field 'email'", "the fields of a signature are: name, role, place, date, link"),
    ("not-a-list", "name: Lin Yi\n", 1, None, "must be a list of signatories", "'- name: ...'"),
]


@pytest.mark.parametrize("text,line,field,message,fix", [c[1:] for c in SIGNATURE_CASES], ids=[c[0] for c in SIGNATURE_CASES])
def test_signature_validation_messages(project: Project, text, line, field, message, fix):
    write_manifesto(project, signatories=text)
    _m, problems = load(project)
    hits = [x for x in problems if message in x.message]
    assert hits, problems.report()
    assert (hits[0].file, hits[0].line, hits[0].field) == (f"docs/manifesto/{SLUG}/signatories.yml", line, field)
    assert fix in hits[0].fix


def test_valid_signatures_newest_first(project: Project):
    write_manifesto(project, signatories="""\
        - name: {zh: 林一, en: Lin Yi}
          role: {zh: 导演, en: Director}
          place: Taipei
          date: 2026-11-12
          link: https://lin.example.org/
        - name: Ada
          date: 2026-11-20
        """)
    manifestos, problems = load(project)
    assert not problems, problems.report()
    assert [s.name for s in manifestos[0].signatories] == [{"en": "Ada"}, {"zh": "林一", "en": "Lin Yi"}]


# -- the page --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def manifesto_site(tmp_path_factory):
    """A manifesto and an essay citing it, built once for the tests that read it."""
    project = make_project(tmp_path_factory.mktemp("manifesto") / "proj")
    write_manifesto(project, signatories="- name: {zh: 林一, en: Lin Yi}\n  role: Director\n  date: 2026-11-12\n")
    project.essay("cites", zh=None, en=("---\ntitle: Cites\nsummary: x.\ndate: 2026-11-15\nauthors: [editors]\noriginal: en\n---\n\n"
                                         f"See [the hand](../../manifesto/{SLUG}/index.zh.md#hand) and [3](../../manifesto/{SLUG}/index.en.md#principle-3).\n"))
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")
    return result


def test_page_has_principles_with_anchors_and_copy_links(manifesto_site):
    html = manifesto_site.page(f"manifesto/{SLUG}/index.html")
    items = re.findall(r'<li class="sca-principle" id="(principle-\d+)" data-principle-id="([a-z-]+)">', html)
    assert items == [("principle-1", "attention"), ("principle-2", "time"), ("principle-3", "hand")]
    for pid in ("attention", "time", "hand"):
        assert f'<span class="sca-anchor" id="{pid}"></span>' in html
    assert html.count('data-sca-copy="principle-') == 3
    assert "第三条" in html and "第三條" in html and "時間是材料，不是成本。" in html
    assert '<h2 id="principles">' in html and '<h2 id="history">' in html and '<h2 id="signatories">' in html


def test_links_to_principles_from_elsewhere_resolve(manifesto_site):
    essay = manifesto_site.page("essays/cites/index.html")
    assert f'href="../../manifesto/{SLUG}/#hand"' in essay and f'href="../../manifesto/{SLUG}/#principle-3"' in essay


def test_broken_link_to_a_principle_fails(project: Project):
    write_manifesto(project)
    project.essay("cites", zh=None, en=("---\ntitle: Cites\nsummary: x.\ndate: 2026-11-15\nauthors: [editors]\noriginal: en\n---\n\n"
                                         f"See [nothing](../../manifesto/{SLUG}/index.zh.md#principle-9).\n"))
    result = build(project.root)
    assert not result.ok
    assert any("#principle-9" in w for w in result.messages("WARNING"))


def test_version_history_shows_each_change(manifesto_site):
    html = manifesto_site.page(f"manifesto/{SLUG}/index.html")
    history = html[html.index('id="history"'):html.index('id="signatories"')]
    assert '<h3 id="v2">' in history and '<h3 id="v1">' in history
    for kind in ("added", "withdrawn", "reworded", "renumbered"):
        assert f"sca-change-{kind}" in history
    assert "<ins>，不是成本</ins>" in history and "<del>。</del>" not in history
    assert "<ins>, not a cost</ins>" in history or "<ins>material, not a cost.</ins>" in history or "<del>material.</del>" in history
    assert "“Hand” moved" not in history and "“The hand” moved from 2 to 3, unchanged." in history
    assert "手：由第二条改为第三条，内容未变。" in history


def test_signatories_count_and_list(manifesto_site):
    html = manifesto_site.page(f"manifesto/{SLUG}/index.html")
    assert "共 1 位联署人" in html and "1 signatory, newest first." in html
    assert '<span lang="zh">林一</span> <span lang="en">Lin Yi</span>' in html


def test_print_stylesheet_is_linked_and_prints_citations(manifesto_site):
    html = manifesto_site.page(f"manifesto/{SLUG}/index.html")
    assert re.search(r'<link rel="stylesheet" href="\.\./\.\./assets/sca/print\.css" media="print">', html)
    css = (manifesto_site.site / "assets/sca/print.css").read_text()
    assert "@page { size: A4;" in css and ".sca-cite-url { display: block !important;" in css
    assert ".md-header" in css and ".sca-copy" in css
    assert re.search(r'<p class="sca-cite-url">https://[^<]+/manifesto/slow/#principle-1 · https://[^<]+#attention</p>', html)


def test_manifesto_listed_on_home_and_section(manifesto_site):
    home = manifesto_site.page("index.html")
    assert f'href="manifesto/{SLUG}/"' in home and "Manifesto</span>" in home
    assert f'href="{SLUG}/"' in manifesto_site.page("manifesto/index.html")


def test_principle_anchor_clashing_with_a_heading_is_an_error(project: Project):
    write_manifesto(project)
    project.write(f"manifesto/{SLUG}/index.en.md", PRE_EN + "\n## Time {#time}\n\nA heading.\n")
    project.write(f"manifesto/{SLUG}/index.zh.md", PRE_ZH + "\n## 时间\n\n一节。\n")
    result = build(project.root)
    assert not result.ok
    assert any("['time']" in m and "rename the heading or the principle id" in m for m in result.messages("ERROR")), result.log


# -- in the browser -------------------------------------------------------------------------------

def _open(chromium, url: str, **kw):
    context = chromium.new_context(viewport={"width": kw.get("width", 1280), "height": 800}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/manifesto")[0])
    page = context.new_page()
    page.outside = []
    host = url.split("/")[2]
    page.on("request", lambda r: page.outside.append(r.url) if r.url.split("/")[2] != host else None)
    page.goto(url)
    return page


@pytest.mark.browser
def test_copy_link_control_copies_the_principle_url(chromium, manifesto_site, serve):
    base = serve(manifesto_site.site)
    page = _open(chromium, f"{base}/manifesto/{SLUG}/?lang=en")
    page.get_by_role("button", name="Copy link to principle 2").click()
    wait_for_js(page, "document.querySelector('.sca-copy-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/manifesto/{SLUG}/#principle-2"
    assert page.locator(".sca-copy-status").text_content() == "Link copied"
    assert page.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("anchor,number", [("hand", 3), ("principle-2", 2)])
def test_cited_principle_is_scrolled_to_and_marked(chromium, manifesto_site, serve, anchor, number):
    base = serve(manifesto_site.site)
    page = _open(chromium, f"{base}/manifesto/{SLUG}/#{anchor}", width=390)
    cited = page.locator(f"#principle-{number}")
    wait_for_js(page, f"document.querySelector('#principle-{number}').classList.contains('sca-cited')")
    box = cited.bounding_box()
    assert 0 <= box["y"] < 400  # in view, below the header
    others = page.locator(".sca-principle.sca-cited")
    assert others.count() == 1
    marked = cited.evaluate("el => getComputedStyle(el).borderLeftColor")
    plain = page.locator("#principle-1").evaluate("el => getComputedStyle(el).borderLeftColor")
    assert marked != plain


@pytest.mark.browser
def test_citing_link_from_an_essay_marks_the_principle_it_opens(chromium, manifesto_site, serve):
    base = serve(manifesto_site.site)
    page = _open(chromium, f"{base}/essays/cites/?lang=en")
    page.get_by_role("link", name="the hand").click()
    page.wait_for_url(f"**/manifesto/{SLUG}/#hand")
    wait_for_js(page, "document.querySelector('#principle-3').classList.contains('sca-cited')")


@pytest.mark.browser
@pytest.mark.parametrize("mode,lang", [("zh", "zh-Hans"), ("zh-Hant", "zh-Hant"), ("en", "en")])
def test_every_reading_mode_shows_one_language(chromium, manifesto_site, serve, mode, lang):
    base = serve(manifesto_site.site)
    page = _open(chromium, f"{base}/manifesto/{SLUG}/?lang={mode}")
    shown = set(page.eval_on_selector_all(
        ".sca-principles :is([data-sca-show], .sca-l[lang]), .sca-history :is([data-sca-show], .sca-l[lang])",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('lang'))"))
    assert shown == {lang}


@pytest.mark.browser
def test_parallel_mode_and_no_javascript_show_both(chromium, manifesto_site, serve):
    base = serve(manifesto_site.site)
    page = _open(chromium, f"{base}/manifesto/{SLUG}/?lang=both")
    texts = page.locator("#principle-2 .sca-principle-text").inner_text()
    assert "时间是材料，不是成本。" in texts and "Time is the material, not a cost." in texts
    context = chromium.new_context(java_script_enabled=False)
    nojs = context.new_page()
    nojs.goto(f"{base}/manifesto/{SLUG}/")
    assert not nojs.locator(".sca-copy").first.is_visible()  # nothing to click without the script
    assert nojs.locator("#principle-2 a.sca-principle-num").get_attribute("href") == "#principle-2"
    context.close()


def test_each_principle_can_be_cited_in_three_formats(manifesto_site):
    import html as htmllib
    import json
    from pathlib import Path

    import bibtexparser
    import jsonschema

    schema = json.loads((Path(__file__).parent / "data/csl-item.schema.json").read_text())
    page = manifesto_site.page(f"manifesto/{SLUG}/index.html")
    for pid, n in (("attention", 1), ("hand", 3)):
        for tag in ("zh-Hans", "zh-Hant", "en"):
            found = {}
            for key in ("text", "bibtex", "csl"):
                m = re.search(rf'data-sca-cite="cite-{pid}-{tag}-{key}"[^>]*>(?:<code>)?(.*?)(?:</code>)?</(?:p|pre)>', page, re.S)
                assert m, (pid, tag, key)
                found[key] = htmllib.unescape(m.group(1))
            assert f"/manifesto/{SLUG}/#principle-{n}" in found["text"]
            entry = bibtexparser.parse_string(found["bibtex"]).entries[0]
            assert entry.key == f"sca:{SLUG}:{pid}:{tag.replace('zh-Hans', 'zh')}"
            jsonschema.validate(json.loads(found["csl"]), schema)
    en = re.search(r'data-sca-cite="cite-hand-en-text"[^>]*>([^<]*)', page).group(1)
    assert htmllib.unescape(en).startswith("The Editors. “The hand.” In A Slow Manifesto, principle 3. Translated by The Editors.")
    zh = re.search(r'data-sca-cite="cite-hand-zh-Hans-text"[^>]*>([^<]*)', page).group(1)
    assert zh.startswith("编辑部：《慢宣言》第三条“手”，慢电影档案，2026年11月20日，")
