"""Following and citing: feeds (read back with feedparser), citations in three formats (BibTeX
parsed back, CSL-JSON checked against the CSL schema), reference-manager and card meta tags."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import pytest
from conftest import EN, ZH, BuildResult, Project, build, wait_for_js

from slowcinema.archive import citation

SCHEMA = json.loads((Path(__file__).parent / "data/csl-item.schema.json").read_text())
SLUG = "the-shape-of-waiting"
WORK_EN = citation.Work("sca:x", "en", "Time: {a} study & 100% more_", ("The Editors", "Lin Yi", "Ada"),
                        dt.date(2026, 11, 2), "https://example.org/essays/x/", ("Lin Yi",))
WORK_ZH = citation.Work("sca:x", "zh", "等待的形状", ("编辑部",), dt.date(2026, 11, 2), "https://example.org/essays/x/")


def test_chicago_in_each_language():
    assert citation.chicago(WORK_EN) == ("The Editors, Lin Yi, and Ada. “Time: {a} study & 100% more_.” Translated by "
                                         "Lin Yi. Slow Cinema Archive, November 2, 2026. https://example.org/essays/x/.")
    assert citation.chicago(WORK_ZH) == "编辑部：《等待的形状》，慢电影档案，2026年11月2日，https://example.org/essays/x/。"
    assert citation.chicago(WORK_ZH.converted()) == "編輯部：《等待的形狀》，慢電影檔案，2026年11月2日，https://example.org/essays/x/。"


def test_bibtex_parses_back_with_special_characters_escaped():
    library = bibtexparser.parse_string(citation.bibtex(WORK_EN))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.entry_type == "online" and entry.key == "sca:x:en"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == r"{Time: \{a\} study \& 100\% more\_}"
    assert fields["author"] == "{The Editors} and {Lin Yi} and {Ada}"
    assert fields["date"] == "2026-11-02" and fields["url"] == "https://example.org/essays/x/"


def test_csl_json_is_valid_against_the_schema():
    for work in (WORK_EN, WORK_ZH, WORK_ZH.converted()):
        data = json.loads(citation.csl_json(work))
        jsonschema.validate(data, SCHEMA)
    assert json.loads(citation.csl_json(WORK_EN))[0]["issued"] == {"date-parts": [[2026, 11, 2]]}
    with pytest.raises(jsonschema.ValidationError):  # the schema does refuse what is wrong
        jsonschema.validate([{"id": "x", "type": "webpage", "issued": "2026-11-02", "bogus": 1}], SCHEMA)


def _cites(html: str, tag: str, folder: Path | None = None) -> dict[str, str]:
    """A citation as the page gives it: written in the page, or (BibTeX, CSL-JSON of a whole entry)
    in a file beside it that the page links."""
    out = {}
    for key, ext in (("text", None), ("bibtex", "bib"), ("csl", "json")):
        m = re.search(rf'data-sca-cite="cite-{tag}-{key}"[^>]*>(?:<code>)?(.*?)(?:</code>)?</(?:p|pre)>', html, re.S)
        link = re.search(rf'<a href="(cite\.{tag}\.{ext})" download[ >]', html) if ext else None
        if m:
            out[key] = htmllib.unescape(m.group(1))
        elif link and folder is not None and (folder / link.group(1)).is_file():
            out[key] = (folder / link.group(1)).read_text(encoding="utf-8")
        else:
            out[key] = None
    return out


def test_essay_page_offers_citations_in_each_language(built: BuildResult):
    html = built.page(f"essays/{SLUG}/index.html")
    # BibTeX and CSL-JSON are files beside the page, not repeated in it.
    assert "@online{" not in html and '"date-parts"' not in html
    for tag in ("zh-Hans", "zh-Hant", "en"):
        c = _cites(html, tag, built.site / f"essays/{SLUG}")
        assert all(c.values()), (tag, c)
        assert bibtexparser.parse_string(c["bibtex"]).entries
        jsonschema.validate(json.loads(c["csl"]), SCHEMA)
    assert _cites(html, "en")["text"].startswith("The Editors. “The Shape of Waiting.” Translated by Lin Yi. Slow Cinema Archive, November 2, 2026. https://")
    assert _cites(html, "zh-Hans")["text"].startswith("编辑部：《等待的形状》，慢电影档案，2026年11月2日，https://")
    assert f"/essays/{SLUG}/" in _cites(html, "en")["text"]


def test_reference_manager_and_card_meta_tags(built: BuildResult):
    html = built.page(f"essays/{SLUG}/index.html")
    metas = dict(re.findall(r'<meta name="(citation_[a-z_]+|twitter:[a-z]+)" content="([^"]*)">', html))
    assert metas["citation_title"] == "等待的形状" and metas["citation_author"] == "编辑部"
    assert metas["citation_publication_date"] == "2026/11/02" and metas["citation_language"] == "zh-Hans"
    assert metas["citation_public_url"].endswith(f"/essays/{SLUG}/")
    assert metas["twitter:card"] == "summary"  # title and description: the og: tags, which cards fall back to
    og = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)">', html))
    assert og["og:title"] == "等待的形状" and og["og:description"] == "一篇关于等待的文章。"


def test_a_quote_in_a_summary_stays_inside_every_meta_tag(project: Project):
    """The page's description comes from the original's summary: a quote in it must not end the
    attribute (Material's own site_meta block writes it unescaped; overrides/main.html escapes it)."""
    from html.parser import HTMLParser

    planted = '他说"好" http-equiv="refresh" onload="alert(1)'
    project.essay(SLUG, zh=ZH.replace("summary: 一篇关于等待的文章。", f"summary: '{planted}'"))
    result = build(project.root)
    assert result.ok, result.log
    metas: list[dict[str, str | None]] = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "meta":
                metas.append(dict(attrs))

    Metas().feed(result.page(f"essays/{SLUG}/index.html"))
    described = [m for m in metas if m.get("name") == "description" or m.get("property") == "og:description"]
    assert [m["content"] for m in described] == [planted, planted]
    assert all(set(m) in ({"name", "content"}, {"property", "content"}) for m in described)
    assert not any("http-equiv" in m and m["http-equiv"] == "refresh" or "onload" in m for m in metas)


def test_feeds_in_each_language_parse_without_errors(project: Project):
    project.essay(SLUG)
    project.essay("only-zh", zh=ZH.replace("等待的形状", "只有中文").replace("2026-11-02", "2026-11-05"), en=None)
    project.essay("only-en", zh=None, en=EN.replace("The Shape of Waiting", "Only English").replace(
        "translators: [lin]", "date: 2026-11-04\nauthors: [lin]\noriginal: en"))
    result = build(project.root)
    assert result.ok, result.log
    expected = {"feed": ["只有中文", "Only English", "等待的形状 · The Shape of Waiting"],
                "feed.zh": ["只有中文", "等待的形状"], "feed.en": ["Only English", "The Shape of Waiting"]}
    for stem, titles in expected.items():
        for kind in ("atom", "rss"):
            feed = feedparser.parse((result.site / f"{stem}.{kind}").read_bytes())
            assert not feed.bozo, (stem, kind, feed.get("bozo_exception"))
            assert [e.title for e in feed.entries] == titles, (stem, kind)
    en = feedparser.parse((result.site / "feed.en.atom").read_bytes())
    assert en.feed.language == "en" and en.entries[0].link.endswith("/essays/only-en/?lang=en")
    assert en.entries[0].author == "Lin Yi" and en.entries[1].author == "The Editors"
    # Linked from every page's head, in a way Material's instant navigation leaves alone.
    for page in result.site.rglob("*.html"):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        links = re.findall(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert len(links) == 3, page
        assert all(((result.site / link.lstrip("/")) if link.startswith("/") else (page.parent / link)).resolve().is_file()
                   for link in links), (page, links)
        assert '<link rel="alternate"' not in head


@pytest.mark.browser
def test_cite_control_copies_bibtex_in_the_reading_language(built: BuildResult, open_page):
    page = open_page(built.site, f"essays/{SLUG}/?lang=en", permissions=["clipboard-read", "clipboard-write"])
    page.locator("details.sca-cite > summary").click()
    english = page.locator('details.sca-cite > div[lang="en"]')
    assert english.is_visible() and not page.locator('details.sca-cite > div[lang="zh-Hans"]').is_visible()
    english.get_by_role("button", name="Copy BibTeX").click()
    wait_for_js(page, "document.querySelector('.sca-cite-status').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@online{sca:the-shape-of-waiting:en,") and bibtexparser.parse_string(copied).entries
    page.get_by_role("button", name="中文", exact=True).click()
    assert page.locator('details.sca-cite > div[lang="zh-Hans"]').is_visible()
    page.locator('details.sca-cite > div[lang="zh-Hans"]').get_by_role("button", name="复制 芝加哥格式").click()
    wait_for_js(page, "document.querySelector('.sca-cite-status').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()").startswith("编辑部：《等待的形状》")
    assert page.problems == [] and page.outside == []
