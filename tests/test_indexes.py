"""Pages across kinds: one per tag, one per author or translator, and related entries."""

from __future__ import annotations

import datetime as dt
import heapq
import re
from types import SimpleNamespace

from conftest import AUTHORS, EN, FILMS, ZH, Project, build
from hypothesis import given, settings
from hypothesis import strategies as st

from slowcinema.archive.indexes import _related_urls

MANIFESTO = "versions:\n  - version: 1\n    date: 2026-11-10\n    principles:\n      - id: time\n        title: {zh: 时间, en: Time}\n        text: {zh: 时间。, en: Time.}\n"


def essay(project: Project, slug: str, title_zh: str, tags: str, date: str = "2026-11-02", translator: str = "lin",
          author: str = "editors") -> None:
    project.essay(slug, zh=ZH.replace("等待的形状", title_zh).replace("[long-take]", tags).replace("2026-11-02", date)
                  .replace("authors: [editors]", f"authors: [{author}]"),
                  en=EN.replace("The Shape of Waiting", f"{slug} en").replace("[lin]", f"[{translator}]"))


def site(project: Project):
    essay(project, "a", "甲文", "[long-take, light]", "2026-11-01")
    essay(project, "b", "乙文", "[long-take]", "2026-11-03", translator="editors", author="lin")
    essay(project, "c", "丙文", "[light]", "2026-11-05")
    essay(project, "d", "丁文", "[]", "2026-11-07")
    project.write("manifesto/m/index.zh.md", ZH.replace("等待的形状", "宣言甲").replace("[long-take]", "[long-take]"))
    project.write("manifesto/m/index.en.md", EN)
    project.write("manifesto/m/principles.yml", MANIFESTO)
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")
    return result


def titles(html: str) -> list[str]:
    return re.findall(r'<li>\s*<a href="[^"]*"><span lang="zh-Hans"[^>]*>([^<]+)</span>', html)


def test_a_page_per_tag_with_every_kind_of_entry(project: Project):
    result = site(project)
    page = result.page("tags/long-take/index.html")
    assert "长镜头 · Long take" in page
    assert titles(page) == ["乙文", "宣言甲", "甲文"]  # newest first (11-03, 11-02, 11-01), manifestos too
    assert "3 entries" in page and "3 篇" in page
    index = result.page("tags/index.html")
    assert re.search(r'href="long-take/">.*?长镜头.*?Long take.*?</a> <span class="sca-count">3</span>', index, re.S)


def test_a_page_per_person_with_writing_and_translations(project: Project):
    result = site(project)
    lin = result.page("authors/lin/index.html")
    assert "林一" in lin and "Lin Yi" in lin
    writing, translations = lin[lin.index('id="author"'):lin.index('id="translator"')], lin[lin.index('id="translator"'):]
    assert titles(writing) == ["乙文"]
    assert titles(translations) == ["丁文", "丙文", "宣言甲", "甲文"]  # newest first
    editors = result.page("authors/editors/index.html")
    writing = editors[editors.index('id="author"'):editors.index('id="translator"')]
    assert titles(writing) == ["丁文", "丙文", "宣言甲", "甲文"]
    assert titles(editors[editors.index('id="translator"'):]) == ["乙文"]
    assert 'href="editors/"' in result.page("authors/index.html")


def test_a_person_who_translated_their_own_essay_is_listed_once_for_it_as_its_author(project: Project):
    essay(project, "own", "自译", "[]", "2026-11-01", translator="lin", author="lin")
    essay(project, "other", "他文", "[]", "2026-11-02", translator="lin")
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")
    lin = result.page("authors/lin/index.html")
    assert titles(lin[lin.index('id="author"'):lin.index('id="translator"')]) == ["自译"]
    assert titles(lin[lin.index('id="translator"'):]) == ["他文"]


def test_related_entries_chosen_by_shared_tags_then_nearest_and_listed_newest_first(project: Project):
    # Two more entries: 己文 shares both of 甲文's tags but is the farthest in time; 戊文 shares one tag.
    essay(project, "e", "戊文", "[long-take]", "2026-11-09")
    essay(project, "f", "己文", "[long-take, light]", "2026-11-20")
    result = site(project)
    a = result.page("essays/a/index.html")
    related = a[a.index('<aside class="sca-related"'):]
    # 甲文 (11-01): 己文 first chosen (two shared tags), then the nearest sharing one: 宣言甲 (11-02), 乙文 (11-03);
    # 丙文 (11-05) and 戊文 (11-09) are left out. The three are shown newest first.
    assert titles(related) == ["己文", "乙文", "宣言甲"]
    b = result.page("essays/b/index.html")
    # 乙文 (11-03), one tag: the nearest three are 宣言甲 (11-02), 甲文 (11-01), 戊文 (11-09), not 己文 (11-20);
    # c shares no tag with b. Shown newest first.
    assert titles(b[b.index('<aside class="sca-related"'):]) == ["戊文", "宣言甲", "甲文"]
    d = result.page("essays/d/index.html")
    assert "sca-related" not in d  # no tags, nothing related


def _related_pair_by_pair(everything: list, limit: int) -> dict[str, list[str]]:
    """The related entries weighed for every pair of entries, as the archive chose them before they were
    counted by groups of entries with the same tags and films: the rule itself, written plainly."""
    out = {}
    for b in everything:
        shared = [(-len((set(b.tags) & set(o.tags)) | ({("f", f) for f in b.films} & {("f", f) for f in o.films})),
                   abs((o.date - b.date).days), o.slug, j) for j, o in enumerate(everything) if o is not b]
        best = heapq.nsmallest(limit, (s for s in shared if s[0] < 0))
        out[b.url] = [e.url for e in sorted((everything[s[-1]] for s in best), key=lambda e: e.date, reverse=True)]
    return out


_ENTRY = st.tuples(st.sampled_from(["s1", "s2", "s3", "s4"]), st.integers(0, 6),
                   st.sets(st.sampled_from(["a", "b", "c", "d"])), st.sets(st.sampled_from(["x", "y"]), max_size=2))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_ENTRY, max_size=30), st.integers(0, 5))
def test_related_entries_counted_by_groups_are_those_weighed_pair_by_pair(entries, limit):
    # Few tags, few days and repeated slugs, so that ties in sharing, in distance and in slug are common.
    everything = sorted((SimpleNamespace(url=f"u{n}", slug=slug, date=dt.date(2026, 11, 1) + dt.timedelta(days=day),
                                         tags=sorted(tags), films=sorted(films))
                         for n, (slug, day, tags, films) in enumerate(entries)),
                        key=lambda e: (e.date, e.slug), reverse=True)
    got = _related_urls(everything, limit)
    assert got == _related_pair_by_pair(everything, limit)
    assert list(got) == [e.url for e in everything]


def test_essay_links_its_tags_and_people(project: Project):
    result = site(project)
    a = result.page("essays/a/index.html")
    assert '<li><a href="../../tags/long-take/">' in a and '<li><a href="../../tags/light/">' in a
    assert '<a href="../../authors/lin/">Lin Yi</a>' in a


def test_a_page_per_film_and_films_linked_from_essays(project: Project):
    project.essay("a", zh=ZH.replace("tags: [long-take]", "tags: [long-take]\nfilms: [stray-dogs]"))
    project.essay("b", zh=ZH.replace("等待的形状", "乙文").replace("tags: [long-take]", "tags: []\nfilms: [stray-dogs, stalker]"),
                  en=EN.replace("The Shape of Waiting", "B"))
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")
    page = result.page("films/stray-dogs/index.html")
    assert "郊游 · Stray Dogs" in page and "郊遊" in page and "Tsai Ming-liang" in page and "2013" in page
    assert titles(page) == ["乙文", "等待的形状"] or titles(page) == ["等待的形状", "乙文"]
    assert len(titles(result.page("films/stalker/index.html"))) == 1
    a = result.page("essays/a/index.html")
    assert '<a href="../../films/stray-dogs/">' in a and "<i>Stray Dogs</i> (2013)" in a and "《郊游》" in a
    # b shares no tag with a, only the film: still related
    assert titles(a[a.index('<aside class="sca-related"'):]) == ["乙文"]
    index = result.page("films/index.html")
    assert index.index("Stalker") < index.index("Stray Dogs")  # by year


TIMELINE = """\
events:
  - id: stalker-release
    date: 1979
    kind: film
    film: stalker
    title: {zh: 潜行者, en: Stalker}
  - id: stray
    date: 2013-09
    kind: film
    film: stray-dog
    title: {zh: 郊游, en: Stray Dogs}
"""


def test_timeline_events_name_registry_films(project: Project):
    from slowcinema.archive.load import load_archive

    project.essay("a")
    project.write("timeline/films.yml", TIMELINE)
    _archive, problems = load_archive(project.docs, project.root)
    hit = [p for p in problems if "unknown film 'stray-dog'" in p.message]
    assert hit and hit[0].file == "docs/timeline/films.yml" and hit[0].line == 10 and hit[0].field == "film"
    assert "Did you mean 'stray-dogs'?" in hit[0].message and "docs/films.yml" in hit[0].fix
    project.write("timeline/films.yml", TIMELINE.replace("stray-dog\n", "stray-dogs\n"))
    result = build(project.root)
    assert result.ok, result.messages("ERROR")
    page = result.page("films/stalker/index.html")
    assert '<a href="../../timeline/#tl-stalker-release">' in page and "1979 · Stalker" in page and "1979年 · 潜行者" in page


def test_tag_pages_home_and_feeds_gather_every_kind(project: Project):
    import shutil

    import feedparser
    from conftest import REPO

    project.essay("a")
    shutil.copytree(REPO / "docs/clips/long-take-studies", project.docs / "clips/g")
    for registry in ("tags.yml", "films.yml"):
        shutil.copy(REPO / "docs" / registry, project.docs / registry)
    project.write("timeline/t.yml", TIMELINE.replace("stray-dog\n", "stray-dogs\n").replace(
        "    film: stalker\n", "    film: stalker\n    tags: [long-take]\n"))
    result = build(project.root)
    assert result.ok, result.messages("ERROR") + result.messages("WARNING")
    tag = result.page("tags/long-take/index.html")
    assert 'href="../../essays/a/"' in tag and 'href="../../clips/g/"' in tag  # an essay and a gallery
    assert '<a href="../../timeline/#tl-stalker-release">' in tag  # and a timeline event
    assert ">Gallery</span>" in tag
    assert 'href="clips/g/"' in result.page("index.html")
    feed = feedparser.parse((result.site / "feed.atom").read_bytes())
    assert any(e.link.endswith("/clips/g/") for e in feed.entries)


def test_clips_name_registry_films_and_film_pages_list_them_with_notes(project: Project):
    import shutil

    from conftest import REPO

    from slowcinema.archive.load import load_archive

    project.essay("a")
    shutil.copytree(REPO / "docs/clips/long-take-studies", project.docs / "clips/g")
    for registry in ("tags.yml", "films.yml"):
        shutil.copy(REPO / "docs" / registry, project.docs / registry)
    clip = project.docs / "clips/g/clips/slow-pan.yml"
    original = clip.read_text(encoding="utf-8")
    film_block = re.search(r"film:\n(?:  .*\n)+", original).group(0)
    clip.write_text(original.replace(film_block, "film: stalkr\n"), encoding="utf-8")
    problems = list(load_archive(project.docs, project.root)[1])
    hit = [p for p in problems if "unknown film 'stalkr'" in p.message]
    assert hit and hit[0].file == "docs/clips/g/clips/slow-pan.yml" and "Did you mean 'stalker'?" in hit[0].message
    clip.write_text(original.replace(film_block, "film: stalker\n"), encoding="utf-8")
    result = build(project.root)
    assert result.ok, result.messages("ERROR")
    page = result.page("films/stalker/index.html")
    assert 'id="clips"' in page and 'href="../../clips/g/slow-pan/"' in page
    assert page.count('<a href="../../clips/g/slow-pan/#t=') >= 5  # every note, leading to its moment


def test_listing_signature_follows_front_matter_and_data_not_the_text(project: Project):
    """What decides whether `make serve` redoes the listing pages after an edit."""
    import os

    from slowcinema.archive.indexes import listing_signature
    from slowcinema.archive.load import load_archive

    def signature() -> str:
        archive, problems = load_archive(project.docs, project.root)
        assert not list(problems)
        return listing_signature(archive, project.docs)

    project.essay("the-shape-of-waiting")
    first = signature()
    assert signature() == first
    project.essay("the-shape-of-waiting", en=EN.replace("Second paragraph", "Second, revised paragraph"))
    assert signature() == first  # the text alone: the lists show nothing new
    project.essay("the-shape-of-waiting", en=EN.replace("The Shape of Waiting", "A New Title"))
    retitled = signature()
    assert retitled != first
    films = project.docs / "films.yml"
    os.utime(films, ns=(films.stat().st_atime_ns, films.stat().st_mtime_ns + 10**9))
    assert signature() != retitled  # a data file changed


HOSTILE_AUTHORS = AUTHORS.replace("lin:\n  name: {zh: 林一, en: Lin Yi}",
                                  "lin:\n  name: {zh: 林一, en: 'Lin \"Ace\" Yi'}\n"
                                  "esc:\n  name: {zh: 转义, en: '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e [x](javascript:alert(2)){: onclick=\"alert(3)\"}'}")


def test_generated_pages_escape_names_in_front_matter_and_heading(project: Project):
    project.write("authors.yml", HOSTILE_AUTHORS)
    project.essay("a")
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")
    quoted = result.page("authors/lin/index.html")
    assert '<title>林一 · Lin "Ace" Yi - ' in quoted  # the whole name, not cut at the quote (the page would be "Index")
    assert '>林一</span>' in quoted and 'data-sca-show="en both">Lin "Ace" Yi</span><a class="headerlink"' in quoted
    escaped = result.page("authors/esc/index.html")
    written = '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e [x](javascript:alert(2)){: onclick="alert(3)"}'
    assert f"<title>转义 · {written} - " in escaped  # the YAML escape is not decoded into a tag
    assert f'data-sca-show="en both">{written}</span><a class="headerlink"' in escaped  # the characters as written
    assert not _live_markup(escaped)


def _live_markup(page: str) -> list:
    """Elements and attributes that would act: a script holding 'alert', a handler, a javascript: URL."""
    from html.parser import HTMLParser

    found: list = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            self.tag = tag
            for name, value in attrs:
                if name.startswith("on") or (name in ("href", "src", "action") and "javascript:" in (value or "")):
                    found.append((tag, name, value))

        def handle_data(self, data):
            if getattr(self, "tag", "") == "script" and "alert(" in data:
                found.append(("script", data[:80]))

    Finder().feed(page)
    return found


def test_a_films_countries_are_named_in_each_language(project: Project):
    """docs/films.yml writes countries in English; the film's page names them in Chinese in 中文 and 繁體 (Taiwan's
    names: 馬利, not the characters' 馬裡), and a name the table lacks as written, in every mode."""
    from slowcinema.languages import countries

    project.write("films.yml", FILMS_WITH_COUNTRIES)
    project.essay("a", zh=ZH.replace("tags: [long-take]", "tags: [long-take]\nfilms: [stray-dogs, river-film, elsewhere]"))
    result = build(project.root)
    assert result.ok, result.messages("WARNING") + result.messages("ERROR")

    def shown(slug: str) -> list[str]:
        page = result.page(f"films/{slug}/index.html")
        facts = page[page.index('<dl class="sca-film-facts">'):page.index("</dl>")]
        return re.findall(r'<span class="sca-l" lang="[^"]+">([^<]*)</span>', facts.split("</dt><dd>")[-1])

    assert shown("stray-dogs") == ["台湾、法国", "臺灣、法國", "Taiwan, France"]
    assert shown("river-film") == ["马里、法国", "馬利、法國", "Mali, France"]
    assert shown("elsewhere") == ["Atlantis", "Atlantis", "Atlantis"]
    assert all(countries.traditional(zh) for zh in countries.NAMES.values())  # every name converts


FILMS_WITH_COUNTRIES = FILMS + """\
river-film:
  title: {zh: 河, en: The River}
  original: Le Fleuve
  director: {zh: 某甲, en: Someone Else}
  year: 1998
  country: [Mali, France]
elsewhere:
  title: {zh: 别处, en: Elsewhere}
  original: Elsewhere
  director: {zh: 某人, en: Someone}
  year: 2001
  country: Atlantis
"""
