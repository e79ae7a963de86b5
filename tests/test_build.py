"""Whole builds of small archives with the real MkDocs, asserting on the produced HTML and log."""

from __future__ import annotations

import html as htmllib
import json
import re

from conftest import EN, ZH, BuildResult, Project, RealArchive, build

from slowcinema.languages import hant_copy

SLUG = "the-shape-of-waiting"
PAGE = f"essays/{SLUG}/index.html"


def cells(html: str, lang: str) -> list[str]:
    """The cells of one language in the page as written (a generated 繁體 copy is made by the page's
    script: see hant_cells); the body's only (the citation's parts, after it, carry a lang too)."""
    body = html[html.index('<div class="sca-body">'):].split('<details class="sca-cite"')[0]
    return re.findall(rf'<div lang="{lang}">(.*?)</div>\s*(?=<div lang=|</div>)', body, re.S)


def hant_cells(html: str) -> list[str]:
    """The text of the 繁體 cells the page's script makes from the Simplified ones, by the same table."""
    table = hant_copy.decode(htmllib.unescape(re.search(r'data-sca-hant="([^"]*)"', html).group(1)))
    return ["".join(hant_copy.apply(table, htmllib.unescape(t)) for t in hant_copy.texts(c)) for c in cells(html, "zh-Hans")]


def test_bundle_becomes_one_page_at_its_url(built: BuildResult):
    assert (built.site / PAGE).is_file()
    assert not (built.site / "essays" / SLUG / "index.zh").exists()
    assert not (built.site / "essays" / SLUG / "index.en").exists()
    sitemap = (built.site / "sitemap.xml").read_text()
    assert sitemap.count(f"/essays/{SLUG}/</loc>") == 1 and "index.zh" not in sitemap and "index.en" not in sitemap


def test_both_languages_paired_with_lang_attributes(built: BuildResult):
    html = built.page(PAGE)
    rows = re.findall(r'<div class="sca-row"[ >]', html)
    assert len(rows) == 4  # opening, heading, two paragraphs
    zh, hant, en = cells(html, "zh-Hans"), hant_cells(html), cells(html, "en")
    assert len(zh) == len(hant) == len(en) == 4
    assert "开头的第一段，谈长镜头。" in zh[0] and "The opening paragraph" in en[0]
    assert "開頭的第一段，談長鏡頭。" in hant[0] and cells(html, "zh-Hant") == []  # made by the browser
    # The original's heading anchor sits on the row, so it is reachable in every reading mode.
    assert '<div class="sca-row" id="长镜头">' in html and 'id="长镜头"' not in zh[1]
    assert 'id="the-long-take"' in en[1] and html.count('id="长镜头"') == 1
    # The table of contents names the section in each language.
    toc = html[html.index('data-md-component="toc"'):]
    link = re.search(r'<a href="#长镜头" class="md-nav__link">(.*?)</a>', toc, re.S).group(1)
    assert '<span lang="zh-Hans">长镜头</span>' in link and '<span lang="en">The long take</span>' in link
    assert '<span lang="zh-Hant">長鏡頭</span>' in link
    # Each title shows in its language's modes; the English title also in 对照, which a label's does not, and
    # without saying so on the page (codes.TEXT_MODES).
    assert '<h1><span lang="zh-Hans">' in html and re.search(r'<h1><span lang="zh-Hans">[^<]*</span><span lang="zh-Hant">[^<]*</span><span lang="en">', html)


def test_header_has_both_titles_byline_and_reading_time(built: BuildResult):
    html = built.page(PAGE)
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert '<span lang="zh-Hans"' in h1 and "等待的形状" in h1 and "The Shape of Waiting" in h1
    assert "等待的形狀" in h1  # traditional, generated
    assert html.count("<h1") == 1  # Material does not add a second title
    assert 'By <a href="../../authors/editors/">The Editors</a>, translated by <a href="../../authors/lin/">Lin Yi</a>' in html
    zh_byline = re.search(r'<p class="sca-byline" lang="zh-Hans"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert zh_byline.strip().startswith('<a href="../../authors/editors/">编辑部</a>') and "译" not in zh_byline
    assert "2 November 2026" in html and "2026年11月2日" in html
    assert "1 min read" in html and "阅读时间约 1 分钟" in html
    assert '<time datetime="2026-11-02">' in html


def test_description_and_open_graph_from_front_matter(built: BuildResult):
    html = built.page(PAGE)
    assert '<meta name="description" content="一篇关于等待的文章。">' in html
    assert '<meta property="og:title" content="等待的形状">' in html
    assert '<meta property="og:type" content="article">' in html


def test_no_request_to_another_host_is_written_into_pages(built: BuildResult):
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        for attr in re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", attr) or attr.startswith("https://slow-cinema-archive.github.io/"), (page, attr)


def test_every_page_has_the_archives_mark_as_its_icon_and_a_site_may_name_its_own(built: BuildResult, project: Project):
    from io import BytesIO

    from PIL import Image

    for page in built.site.rglob("*.html"):
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(icons) == 1, page
        at = built.site / icons[0][1:] if icons[0].startswith("/") else page.parent / icons[0]  # 404.html: from the root
        assert at.resolve() == (built.site / "assets/sca/favicon.png").resolve(), page
    drawn = Image.open(BytesIO((built.site / "assets/sca/favicon.png").read_bytes()))
    assert drawn.format == "PNG" and drawn.size == (48, 48)  # the film frame of the app's icons, not the theme's mark
    assert drawn.getpixel((0, 0)) == (250, 248, 242) and drawn.getpixel((24, 8)) == (28, 27, 25)  # paper, the strip
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("favicon: assets/sca/favicon.png", "favicon: assets/images/favicon.png"),
                      encoding="utf-8")
    own = build(project.root)
    assert own.ok, own.messages("WARNING")
    assert '<link rel="icon" href="assets/images/favicon.png">' in (own.site / "index.html").read_text(encoding="utf-8")
    assert not (own.site / "assets/sca/favicon.png").exists()


def test_home_and_section_index_list_entries_with_their_languages(project: Project):
    project.essay(SLUG)
    project.essay("only-zh", en=None)
    result = build(project.root)
    assert result.ok, result.log
    home = result.page("index.html")
    assert f'href="essays/{SLUG}/"' in home and 'href="essays/only-zh/"' in home
    section = result.page("essays/index.html")
    assert f'href="{SLUG}/"' in section
    item = next(li for li in re.findall(r'<li>(.*?)</li>', section, re.S) if 'href="only-zh/"' in li)
    assert 'title="中文 Chinese"' in item and 'title="English 英文"' not in item
    # A Chinese-only entry still shows a title in the English mode.
    assert 'lang="zh-Hans" data-sca-show="zh both en"' in item


def test_single_language_essay_says_so_honestly(project: Project):
    project.essay("only-zh", en=None)
    project.essay("only-en", zh=None, en=EN.replace("translators: [lin]", "date: 2026-10-01\nauthors: [editors]\noriginal: en"))
    result = build(project.root)
    assert result.ok, result.log
    zh_only = result.page("essays/only-zh/index.html")
    assert "This essay has no English translation yet" in zh_only
    assert 'href="../../contribute/#translate"' in zh_only
    assert cells(zh_only, "en") == []
    en_only = result.page("essays/only-en/index.html")
    assert "这篇文章尚无中文译文" in en_only and "這篇文章尚無中文譯文" in en_only
    assert cells(en_only, "zh-Hans") == []


def test_misaligned_translation_fails_the_strict_build_naming_both_files(project: Project):
    project.essay(SLUG, en=EN + "\nA third paragraph the Chinese does not have.\n")
    result = build(project.root)
    assert not result.ok
    warnings = result.messages("WARNING")
    expected = (f"the Chinese and English texts are not aligned in section 1 ('长镜头' / 'The long take'): "
                f"docs/essays/{SLUG}/index.zh.md:12 has 3 blocks, docs/essays/{SLUG}/index.en.md:9 has 4.")
    assert any(expected in w for w in warnings), warnings
    assert any("<!-- join -->" in w for w in warnings)


def test_join_marker_in_markdown_pairs_the_build(project: Project):
    en = EN.replace("Second paragraph of the first section.",
                    "Second paragraph.\n\n<!-- join -->\n\nIts continuation.")
    project.essay(SLUG, en=en)
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    html = result.page(PAGE)
    last_en = cells(html, "en")[-1]
    assert "Second paragraph." in last_en and "Its continuation." in last_en
    assert "<!-- join -->" not in html


def test_ids_stay_unique_when_both_languages_have_footnotes(project: Project):
    project.essay(SLUG, zh=ZH.replace("第一节的第二段。", "第一节的第二段。[^1]\n\n[^1]: 中文注释。"),
                  en=EN.replace("Second paragraph of the first section.", "Second paragraph.[^1]\n\n[^1]: An English note."))
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    html = result.page(PAGE)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # Each language's footnote reference still leads to its own note.
    en = "".join(cells(html, "en"))
    ref = re.search(r'href="#(fn:1[^"]*)"', en).group(1)
    assert f'id="{ref}"' in en and "An English note." in en
    assert "中文註釋" in "".join(hant_cells(html))  # the 繁體 copy's ids and links: tests/test_weight.py


def test_hand_written_traditional_text_is_used(project: Project):
    project.essay(SLUG)
    project.write(f"essays/{SLUG}/index.zh-Hant.md",
                  "---\ntitle: 等待之形\nsummary: 關於等待。\n---\n\n手寫的開頭。\n\n## 長鏡頭\n\n手寫第一段。\n\n手寫第二段。\n")
    result = build(project.root)
    assert result.ok, result.log
    html = result.page(PAGE)
    assert "手寫的開頭。" in cells(html, "zh-Hant")[0]
    assert "等待之形" in html
    assert not (result.site / "essays" / SLUG / "index.zh-Hant").exists()


def test_drafts_are_left_out_of_the_build_but_shown_by_serve(project: Project):
    project.essay(SLUG, zh=ZH.replace("original: zh", "original: zh\ndraft: true"))
    result = build(project.root)
    assert result.ok, result.log
    assert not (result.site / PAGE).exists()
    assert SLUG not in result.page("index.html")
    served = build(project.root, _command="serve")
    assert served.ok and "草稿，不会发布" in served.page(PAGE)


def test_links_between_essays_resolve_and_broken_ones_fail(project: Project):
    project.essay(SLUG)
    project.essay("other", zh=ZH.replace("开头的第一段", f"见[另一篇](../{SLUG}/index.zh.md#长镜头)。开头的第一段"))
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    assert f'href="../{SLUG}/#长镜头"' in result.page("essays/other/index.html")

    project.essay("other", zh=ZH.replace("开头的第一段", "见[缺失](../missing/index.zh.md)。开头的第一段"))
    result = build(project.root)
    assert not result.ok
    assert any("../missing/index.zh.md" in w and "not found" in w for w in result.messages("WARNING")), result.log


def test_broken_anchor_in_a_translation_fails(project: Project):
    project.essay(SLUG, en=EN.replace("The opening paragraph", "See [below](#no-such-anchor). The opening paragraph"))
    result = build(project.root)
    assert not result.ok
    assert any("#no-such-anchor" in w for w in result.messages("WARNING")), result.log


def test_sidebar_does_not_list_every_essay(project: Project):
    project.essay(SLUG)
    project.essay("another-essay", zh=ZH.replace("等待的形状", "另一篇独特标题"), en=EN.replace("The Shape of Waiting", "Another Unique Title"))
    result = build(project.root)
    html = result.page(PAGE)
    sidebar = html[html.index('class="md-nav md-nav--primary"'):]
    sidebar = sidebar[:sidebar.index("md-sidebar--secondary")]
    assert "另一篇独特标题" not in sidebar and "Another Unique Title" not in sidebar
    assert html.count("另一篇独特标题") == 1  # once: among the related entries at the foot


def test_rebuild_in_the_same_process_starts_from_fresh_state(project: Project):
    """What `mkdocs serve` does: the same config (and plugin instances) built again after an edit."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project.essay(SLUG)
    project.essay("second", zh=ZH.replace("等待的形状", "第二篇"))
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config)
    assert "第二篇" in (project.root / "site/index.html").read_text()
    for f in (project.docs / "essays/second").iterdir():
        f.unlink()
    (project.docs / "essays/second").rmdir()
    project.essay(SLUG, zh=ZH.replace("开头的第一段", "改过的第一段"))
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "site"))  # serve reloads config
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config)
    assert "第二篇" not in (project.root / "site/index.html").read_text()
    assert "改过的第一段" in (project.root / f"site/{PAGE}").read_text()


def test_templates_are_compiled_once_per_process_and_again_when_edited(project: Project, monkeypatch):
    """Under `mkdocs serve` each rebuild makes new Jinja environments (the theme's and ours): the templates
    are compiled once in the process (slowcinema.web.render.COMPILED), and a template edited between
    builds is compiled afresh and shows."""
    import jinja2
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    project.essay(SLUG)

    def serve_build() -> list[str]:
        compiled.clear()
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config)
        config.plugins.on_shutdown()
        return list(compiled)

    serve_build()
    assert serve_build() == []  # the theme's (main.html, partials) and ours (sca/essay.html…) kept
    main = project.root / "overrides/main.html"
    main.write_text(main.read_text().replace("{% block extrahead %}",
                                             '{% block extrahead %}<meta name="sca-edited" content="1">', 1))
    assert serve_build() == ["main.html"]
    assert '<meta name="sca-edited" content="1">' in (project.root / f"site/{PAGE}").read_text()


def test_dirty_rebuild_renders_the_edited_bundle_in_every_language(project: Project):
    """What `make serve` does (`mkdocs serve --dirty`): after an edit to one language file, only
    that bundle, the listing pages and the essays that list it at their foot are rebuilt; the merged
    page has every language, the other essays keep their pages, search keeps every page, and strict
    mode does not abort."""
    import logging
    import os
    import time

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project.essay(SLUG)
    project.essay("second", zh=ZH.replace("等待的形状", "第二篇"))
    project.essay("apart", zh=ZH.replace("等待的形状", "无关的一篇").replace("tags: [long-take]", "tags: [light]"))
    site = project.root / "site"
    records = []
    handler = logging.Handler()
    handler.emit = lambda r: records.append((r.levelname, r.getMessage()))
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(config, dirty=True)  # the first build of `serve` writes everything
        apart = (site / "essays/apart/index.html").read_text()
        search_meta = (site / "search/sca/meta.json").read_text()
        time.sleep(0.05)
        en = project.docs / f"essays/{SLUG}/index.en.md"
        en.write_text(en.read_text().replace("The Shape of Waiting", "The Shape of Edited Waiting"))
        os.utime(en, (time.time() + 5, time.time() + 5))  # newer than its page, whatever the clock's grain
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site))
        mkdocs_build(config, dirty=True)
        config.plugins.on_shutdown()  # waits for the search index, written in the background
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    page = (site / PAGE).read_text()
    assert "The Shape of Edited Waiting" in page and "开头的第一段" in page
    assert (site / "essays/apart/index.html").read_text() == apart  # shows nothing of the edited essay: left as it was
    assert "The Shape of Edited Waiting" in (site / "essays/second/index.html").read_text()  # lists it at its foot
    assert "The Shape of Edited Waiting" in (site / "index.html").read_text()  # lists are rebuilt
    meta = json.loads((site / "search/sca/meta.json").read_text())
    assert [p[0] for p in meta["pages"]] == [p[0] for p in json.loads(search_meta)["pages"]]  # (url, title, rank)
    assert any("Edited Waiting" in p[1] for p in meta["pages"])
    assert not [m for level, m in records if level in ("WARNING", "ERROR")], records
    assert any("Rebuilding only what changed" in m for _, m in records)
    # An edit to the text alone: the lists show nothing new, so only the essay is written again.
    home = (site / "index.html").stat().st_mtime_ns
    tags = {p: p.stat().st_mtime_ns for p in (site / "tags").rglob("index.html")}
    en.write_text(en.read_text().replace("Second paragraph", "Second, revised paragraph"))
    os.utime(en, (time.time() + 10, time.time() + 10))
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site))
    mkdocs_build(config, dirty=True)
    config.plugins.on_shutdown()
    assert "Second, revised paragraph" in (site / PAGE).read_text()
    assert (site / "index.html").stat().st_mtime_ns == home
    assert tags and {p: p.stat().st_mtime_ns for p in tags} == tags


def test_sitemap_lists_language_alternates_and_pages_do_not(built: BuildResult):
    import xml.etree.ElementTree as ET

    root = ET.parse(built.site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    url = next(u for u in root.findall("s:url", ns) if u.findtext("s:loc", namespaces=ns).endswith(f"/essays/{SLUG}/"))
    alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
    loc = url.findtext("s:loc", namespaces=ns)
    assert alternates == {"zh-Hans": loc + "?lang=zh", "zh-Hant": loc + "?lang=zh-Hant", "en": loc + "?lang=en",
                          "x-default": loc}
    # Material's instant navigation would fetch a sitemap next to every <link rel=alternate> in a page.
    assert 'rel="alternate"' not in built.page(PAGE)


def test_404_page_exists_and_is_bilingual(built: BuildResult):
    html = built.page("404.html")
    assert "找不到这一页" in html and "Page not found" in html


def test_markup_in_front_matter_is_refused_before_it_reaches_a_page(project: Project):
    project.essay(SLUG, en=EN.replace("The Shape of Waiting", '"<script>alert(1)</script>"'))
    result = build(project.root)
    assert not result.ok
    assert any("index.en.md:2: title: contains < or >" in m for m in result.messages("ERROR")), result.log


def test_real_archive_builds_strictly(real_archive: RealArchive):
    assert "WARNING" not in real_archive.stderr and "Documentation built in" in real_archive.stderr
    from slowcinema.archive.load import load_archive
    from slowcinema.essays import reading

    archive, problems = load_archive(real_archive.root / "docs", real_archive.root)
    assert not problems
    essays = sorted(e.slug for e in archive.published())
    assert len(essays) >= 6
    # Every other page under essays/ is the essays index or a redirect left at an old address.
    others = {p.parent.name for p in (real_archive.site / "essays").glob("*/index.html")} - set(essays)
    assert all('http-equiv="refresh"' in (real_archive.site / f"essays/{o}/index.html").read_text() for o in others), others
    for essay in archive.published():
        assert essay.languages == ("zh", "en"), essay.slug
        assert reading.count(essay.versions["zh"].body, "zh") >= 1200, essay.slug
        assert reading.count(essay.versions["en"].body, "en") >= 800, essay.slug
    for slug in essays:
        html = (real_archive.site / f"essays/{slug}/index.html").read_text()
        assert 'class="sca-row sca-unpaired"' not in html, slug
        assert cells(html, "zh-Hans") and len(cells(html, "zh-Hans")) == len(cells(html, "en")), slug
