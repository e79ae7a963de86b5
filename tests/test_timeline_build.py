"""Whole builds with the timeline: the page, /timeline.json, the `/// timeline` block, and 2,000 events."""

from __future__ import annotations

import gzip
import json
import re

from conftest import EN, ZH, Project, build
from test_timeline_core import validate_timelinejs

EVENTS = """\
events:
  - id: lumiere
    date: 1895-12-28
    kind: screening
    title: {zh: 卢米埃尔放映, en: Lumière screening}
    note: {zh: 一法郎的票。, en: "A one-franc ticket & a seat."}
    tags: [light]
    source: https://example.org/lumiere
  - id: stalker
    date: 1979
    kind: film
    title: {zh: 潜行者, en: Stalker}
    tags: [long-take]
    people: [Andrei Tarkovsky]
    essays: [the-shape-of-waiting]
  - id: still-life-lion
    date: 2006-09-09
    kind: award
    title: {zh: 三峡好人获金狮奖, en: Still Life wins the Golden Lion}
    link: essay:the-shape-of-waiting
  - id: cultural-revolution
    date: 1966-05/1976-10
    kind: event
    title: {zh: 一个时期, en: A period}
  - id: circa
    date: ~1920
    kind: technology
    title: {zh: 某项技术, en: A technology}
eras:
  - id: early
    start: 1895
    end: ~1915
    title: {zh: 早期电影, en: Early cinema}
"""


def _project(project: Project) -> Project:
    project.essay("the-shape-of-waiting")
    project.write("timeline/events.yml", EVENTS)
    return project


def test_timeline_page_lists_events_and_essays_by_decade_and_year(project: Project):
    result = build(_project(project).root)
    assert result.ok, result.log
    html = result.page("timeline/index.html")
    body = html[html.index('<div class="sca-tl'):]
    # Decades and years are headings; items are ordered lists, in time order.
    assert re.findall(r'<h2 id="(tl-\d+s)"', body) == ["tl-1890s", "tl-1920s", "tl-1960s", "tl-1970s", "tl-2000s", "tl-2020s"]
    assert ('<h3 id="tl-1895"><time datetime="1895"><span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">1895年</span>'
            '<span class="sca-l" lang="en" data-sca-show="en">1895</span></time></h3>') in body
    assert "<ol class=\"sca-tl-items\">" in body
    order = re.findall(r'<li id="([^"]+)" data-kind', body)
    assert order == ["tl-lumiere", "tl-circa", "tl-cultural-revolution", "tl-stalker", "tl-still-life-lion",
                     "tl-essay-the-shape-of-waiting"]
    # Dates: valid datetime values, both ends of a range, each language written its own way.
    assert ('<time datetime="1895-12-28"><span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">1895年12月28日</span>'
            '<span class="sca-l" lang="en" data-sca-show="en both">28 December 1895</span></time>') in body
    assert '<time datetime="1966-05">1966年5月</time>—<time datetime="1976-10">1976年10月</time>' in body
    assert '<time datetime="1966-05">May 1966</time> – <time datetime="1976-10">October 1976</time>' in body
    assert ">约1920年</span>" in body and ">約1920年</span>" in body and ">c. 1920</span>" in body
    assert 'data-sca-show="en both">9 September 2006</span></time>' in body
    # A bare year reads the same in both languages, so the parallel mode shows it once; an item that
    # is dated by its year alone stands under that year's heading, which says it once per mode.
    assert '<h3 id="tl-1979"><time datetime="1979"><span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">1979年</span><span class="sca-l" lang="en" data-sca-show="en">1979</span></time></h3>' in body
    stalker = re.search(r'<li id="tl-stalker".*?</li>', body, re.S).group(0)
    assert "<time" not in stalker and "1979" not in stalker
    # Kind as text; links to entries (relative) and sources; essays about an event; escaped notes.
    assert '<span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">影片</span>' in body
    assert 'href="../essays/the-shape-of-waiting/"' in body and 'href="https://example.org/lumiere"' in body
    assert "A one-franc ticket &amp; a seat." in body and "ticket & a" not in body  # markup is refused at load
    assert body.count('class="sca-tl-essay" href="../essays/the-shape-of-waiting/"') == 1
    # The era is a band beside the years it spans, and announced in text where it begins.
    assert 'sca-tl-era-start' in body and "早期电影" in body
    year_1895 = re.search(r'<section class="sca-tl-year[^"]*"[^>]*>(.*?)</section>', body, re.S).group(1)
    assert 'sca-tl-band' in year_1895
    # The filters name every kind present; the page is in the nav; assets and no other host.
    assert 'data-tl-kind="award"' in body and 'data-tl-tag="long-take"' in body
    assert 'href="../timeline/"' in html or 'href="./"' in html
    scripts = re.findall(r'<script src="\.\./(assets/sca/[^"]+\.js)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="\.\./(assets/sca/[^"]+\.css)"', html)
    assert any("data-tl-kind" in (result.site / s).read_text(encoding="utf-8") for s in scripts), scripts
    assert any(".sca-tl-band" in (result.site / s).read_text(encoding="utf-8") for s in styles), styles
    assert not (result.site / "timeline" / "events.yml").exists()


def test_title_links_to_the_films_page_and_the_source_is_cited_beside_it(project: Project):
    project.essay("the-shape-of-waiting")
    project.write("timeline/events.yml", """\
events:
  - id: stray-dogs
    date: 2013
    kind: film
    film: stray-dogs
    title: {zh: 郊游, en: Stray Dogs}
    source: {url: "https://www.labiennale.org/en/cinema/2013", label: "La Biennale & its archive"}
  - id: lumiere
    date: 1895-12-28
    kind: screening
    title: {zh: 卢米埃尔放映, en: Lumière screening}
    source: https://www.example.org/lumiere
""")
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("timeline/index.html")
    stray = re.search(r'<li id="tl-stray-dogs".*?</li>', html, re.S).group(0)
    title = re.search(r'<p class="sca-tl-title">(.*?)</p>', stray, re.S).group(1)
    assert title.startswith('<a href="../films/stray-dogs/">') and "labiennale" not in title
    assert (result.site / "films" / "stray-dogs" / "index.html").is_file()
    # The source beside the event: its label (escaped, plain text), linking off-site.
    assert ('<span class="sca-tl-source"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">来源</span>'
            '<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">來源</span>'
            '<span class="sca-l" lang="en" data-sca-show="en both">Source</span>: '
            '<a href="https://www.labiennale.org/en/cinema/2013" rel="noopener" translate="no">La Biennale &amp; its archive</a></span>') in stray
    # Without a label, the source is named by its host; without a page in the archive, the title is not a link.
    lumiere = re.search(r'<li id="tl-lumiere".*?</li>', html, re.S).group(0)
    assert '<p class="sca-tl-title"><span class="sca-l"' in lumiere
    assert '<a href="https://www.example.org/lumiere" rel="noopener" translate="no">www.example.org</a>' in lumiere


def test_the_page_is_generated_when_the_site_has_none(project: Project):
    _project(project)
    (project.docs / "timeline.md").unlink(missing_ok=True)
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("timeline/index.html")
    assert "<title>时间线 · Timeline" in html and html.count("<h1") == 1
    assert 'lang="en" data-sca-show="en both">Films, screenings' in html and 'id="tl-stalker"' in html


def test_timeline_json_is_open_data_in_timelinejs_format(project: Project):
    result = build(_project(project).root)
    assert result.ok, result.log
    data = json.loads((result.site / "timeline.json").read_text(encoding="utf-8"))
    validate_timelinejs(data)
    by_id = {e["unique_id"]: e for e in data["events"]}
    assert by_id["tl-cultural-revolution"]["start_date"] == {"year": 1966, "month": 5}
    assert by_id["tl-cultural-revolution"]["end_date"] == {"year": 1976, "month": 10}
    assert by_id["tl-essay-the-shape-of-waiting"]["group"] == "文章 · Essay"
    assert data["eras"][0]["text"]["headline"] == "早期电影 · Early cinema"


BLOCK = "\n/// timeline\n    kind: film\n    from: 1960\n///\n"


def test_block_inside_an_essay_shows_each_language_in_its_cell(project: Project):
    _project(project)
    project.essay("the-shape-of-waiting", zh=ZH + BLOCK, en=EN + BLOCK)
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("essays/the-shape-of-waiting/index.html")
    cells = re.findall(r'<div lang="([^"]+)">\s*<div><div class="sca-tl sca-tl-embed">(.*?)</div></div>\s*</div>', html, re.S)
    assert [lang for lang, _ in cells] == ["zh-Hans", "zh-Hant", "en"]
    texts = dict(cells)
    assert "潜行者" in texts["zh-Hans"] and "Stalker" not in texts["zh-Hans"]
    assert "潛行者" in texts["zh-Hant"] and "Stalker" in texts["en"] and "潜行者" not in texts["en"]
    assert "卢米埃尔" not in html  # filtered out: a screening, and before 1960


def test_block_on_a_plain_page_writes_every_language(project: Project):
    _project(project)
    project.write("contribute.md", "---\ntitle: Contribute\n---\n\n# Contribute\n\n## Translate { #translate }\n\nHow.\n"
                  "\n/// timeline\n    people: Andrei Tarkovsky\n///\n")
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("contribute/index.html")
    assert 'lang="zh-Hans" data-sca-show="zh both">《潜行者》<' in html  # a film's title: in 《》, and <cite> in English
    assert 'lang="en" data-sca-show="en both"><cite>Stalker</cite><' in html
    assert 'href="../timeline/"' in html


def test_block_errors_fail_the_build_with_the_file_and_line(project: Project):
    _project(project)
    project.write("contribute.md", "---\ntitle: Contribute\n---\n\n# Contribute\n\n## Translate { #translate }\n\n"
                  "/// timeline\n    knd: film\n///\n\n/// timeline\n    kind: [film\n///\n")
    result = build(project.root)
    assert not result.ok
    errors = "\n".join(result.messages("ERROR"))
    assert "docs/contribute.md:9: timeline.knd: unknown option 'knd'. Did you mean 'kind'?" in errors
    assert "docs/contribute.md:13: timeline: the options of this timeline block cannot be read" in errors


def test_data_problems_fail_the_build(project: Project):
    _project(project)
    project.write("timeline/more.yml", "events:\n  - id: stalker\n    date: 1895-02-30\n    kind: film\n    title: {zh: 甲, en: A}\n")
    result = build(project.root)
    assert not result.ok
    errors = "\n".join(result.messages("ERROR"))
    assert "docs/timeline/more.yml:3: date: '1895-02-30' is not a real date" in errors
    assert "docs/timeline/more.yml:2: id: the id 'stalker' is already used (docs/timeline/events.yml:9)" in errors


def test_link_to_a_draft_essay_fails_the_published_build(project: Project):
    _project(project)
    project.essay("the-shape-of-waiting", zh=ZH.replace("original: zh", "original: zh\ndraft: true"))
    result = build(project.root)
    assert not result.ok
    assert any("the essay 'the-shape-of-waiting' is a draft" in m for m in result.messages("ERROR"))


def test_two_thousand_events_build_into_a_page_of_sensible_size(project: Project):
    project.essay("the-shape-of-waiting")
    project.write("timeline/many.yml", many_events(2000))
    result = build(project.root)
    assert result.ok, result.log
    page = result.site / "timeline" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count('<li id="tl-') == 2001
    # Every event has a title and a note in three scripts (简体, 繁體, English: the reading modes),
    # so about 1 KB of HTML each. What travels is the compressed page (GitHub Pages serves gzip).
    size = page.stat().st_size
    assert size < 2_500_000, size
    assert len(gzip.compress(page.read_bytes())) < 150_000


def many_events(n: int) -> str:
    kinds = ["film", "screening", "award", "technology", "manifesto", "publication", "event"]
    out = ["events:"]
    for i in range(n):
        year = 1895 + i % 130
        date = f"{year}" if i % 3 == 0 else f"{year}-{i % 12 + 1:02d}" if i % 3 == 1 else f"{year}-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        out += [f"  - id: event-{i}", f"    date: {date}", f"    kind: {kinds[i % 7]}",
                f"    title: {{zh: 第{i}号事件的标题, en: The title of event number {i}}}",
                f"    note: {{zh: 关于第{i}号事件的一句简短说明。, en: One short sentence about event number {i}.}}",
                f"    tags: [{'long-take' if i % 2 else 'light'}]"]
    return "\n".join(out) + "\n"


FILM_EVENTS = """\
events:
  - id: stalker
    date: 1979
    kind: film
    film: stalker
    title: {zh: 潜行者, en: Stalker}
  - id: venice
    date: 2013-09-05
    kind: screening
    film: stray-dogs
    title: {zh: 蔡明亮新片在威尼斯首映, en: Tsai Ming-liang's new film premieres in Venice}
  - id: poll
    date: 2022-12
    kind: publication
    title: {zh: 一次评选, en: A poll}
    films: [{zh: 潜行者, en: Stalker}, {zh: 迷魂记, en: Vertigo}]
  - id: mirror
    date: 1975
    kind: film
    title: {zh: 镜子, en: Mirror}
"""


def test_film_titles_are_in_guillemets_in_chinese_and_link_to_their_film_pages(project: Project):
    project.essay("the-shape-of-waiting", zh=ZH + BLOCK, en=EN + BLOCK)
    project.write("timeline/events.yml", FILM_EVENTS)
    result = build(project.root)
    assert result.ok, result.log
    html = result.page("timeline/index.html")

    def item(uid: str) -> str:
        return re.search(rf'<li id="{uid}".*?</li>', html, re.S).group(0)

    # A film's event: its title is the film's, in 《》 in both Chinese scripts, a <cite> in English, linking to its page.
    stalker = item("tl-stalker")
    assert ('<p class="sca-tl-title"><a href="../films/stalker/"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">《潜行者》</span>'
            '<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">《潛行者》</span>'
            '<span class="sca-l" lang="en" data-sca-show="en both"><cite>Stalker</cite></span></a></p>') in stalker
    # An event about a film, titled otherwise: the title is not a film's (no 《》), and the film is named beside it.
    venice = item("tl-venice")
    assert '<p class="sca-tl-title"><a href="../films/stray-dogs/"><span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">蔡明亮新片在威尼斯首映</span>' in venice
    assert ('<a class="sca-tl-film" href="../films/stray-dogs/"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">《郊游》</span>'
            '<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">《郊遊》</span>'
            '<span class="sca-l" lang="en" data-sca-show="en both"><cite>Stray Dogs</cite></span></a>') in venice
    # Films an event names: a film of the archive links to its page; one it lacks is still in 《》, as text.
    poll = item("tl-poll")
    assert '<a class="sca-tl-film" href="../films/stalker/"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">《潜行者》</span>' in poll
    assert '<span class="sca-tl-film"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">《迷魂记》</span>' in poll
    assert '<cite>Vertigo</cite>' in poll and "films/vertigo" not in poll
    # A film the archive has no page for: in 《》, not a link.
    mirror = item("tl-mirror")
    assert '<p class="sca-tl-title"><span class="sca-l" lang="zh-Hans" data-sca-show="zh both">《镜子》</span>' in mirror
    # Never 《》 in English text, and never twice.
    assert not re.search(r'lang="en"[^>]*>(<cite>)?《', html) and "《《" not in html
    # The `/// timeline` block inside an essay: each language file its own, film titles linked from the essay's URL.
    page = result.page("essays/the-shape-of-waiting/index.html")
    cells = dict(re.findall(r'<div lang="([^"]+)">\s*<div><div class="sca-tl sca-tl-embed">(.*?)</div></div>\s*</div>', page, re.S))
    assert '<a href="../../films/stalker/">《潜行者》</a>' in cells["zh-Hans"]
    assert '<a href="../../films/stalker/">《潛行者》</a>' in cells["zh-Hant"]
    assert '<a href="../../films/stalker/"><cite>Stalker</cite></a>' in cells["en"] and "《" not in cells["en"]
    # The block has no year headings: there, a date that is only a year is written out.
    assert '<time datetime="1979">1979年</time>' in cells["zh-Hans"] and '<time datetime="1979">1979</time>' in cells["en"]
    assert (result.site / "films" / "stalker" / "index.html").is_file() and (result.site / "films" / "stray-dogs" / "index.html").is_file()


def test_the_labels_follow_the_sites_phrase_table(project: Project):
    """The timeline's own words (its headings and buttons) in 繁體 as the site's phrase table writes them, as
    the entries' are: read at each rendering, not fixed when the module was first imported."""
    _project(project).write("hant-phrases.yml", "terms:\n  时期: 時段\n")
    result = build(project.root)
    assert result.ok, result.log
    body = result.page("timeline/index.html")
    assert '<span class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">時段</span>' in body, body[:3000]
    assert ">時期<" not in body
