"""Generated pages (one per tag, film, person and clip) are as safe as essays: their Markdown carries no
data value (a title as an escaped YAML scalar and a fixed body), what they show is rendered from the
autoescaped templates, and every page is sanitised and audited, a finding in a generated page named at
the data file and line of the value that caused it (issue 17, point 1)."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Project, make_project
from test_clips_kit import LOCAL, gallery
from test_hostile_registry import build_without_csp, live_markup, plant_all

from slowcinema.archive import index_pages, indexes
from slowcinema.archive.load import load_archive
from slowcinema.archive.registry import Tag
from slowcinema.clips import site as clips_site
from slowcinema.content.bilingual import Bilingual
from slowcinema.web import sanitize
from slowcinema.web.render import Renderer

# A value that would be live markup if a page were formatted as Markdown from it, and where it lands.
PLANTED = {
    "link": "[click](javascript:alert(1)) ZQXlink",
    "attr": 'x {: onclick="alert(1)" } ZQXattr',
    "image": "![t](https://evil.example/p.png) ZQXimage",
    "quote": 'a" title: "Index ZQXquote',
}
PLACES = [("tags", "en"), ("films", "title"), ("authors", "name"), ("clip", "title")]
CASES = [(f"{kind}-{name}", kind, field, value) for kind, field in PLACES for name, value in PLANTED.items()]


def page_of(kind: str, n: int) -> str:
    key = f"h{n}"
    return {"tags": f"tags/{key}/", "films": f"films/{key}/", "authors": f"authors/{key}/", "clip": f"clips/light/{key}/"}[kind]


def title_of(kind: str, value: str) -> str:
    return f"标签 · {value}" if kind == "tags" else f"甲 · {value}"


class _Heads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.h1, self._in = "", [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "h1"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data


def heads(html: str) -> _Heads:
    p = _Heads()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("generated-pages") / "proj")
    plant_all(project, CASES)
    assert list(load_archive(project.docs, project.root)[1]) == []  # each is accepted: it must come out inert
    result = build_without_csp(project.root)  # the CSP off: the page itself must be inert
    assert result.ok, result.messages("ERROR") + result.messages("WARNING")
    return result


@pytest.mark.parametrize("n", range(len(CASES)), ids=[c[0] for c in CASES])
def test_a_planted_value_comes_out_inert_with_the_page_title(planted_site, n):
    case, kind, _field, value = CASES[n]
    html = planted_site.page(page_of(kind, n) + "index.html")
    assert "Content-Security-Policy" not in html  # the second wall is down
    assert live_markup(html) == [], case
    h = heads(html)
    title = title_of(kind, value)
    assert h.title.startswith(f"{title} - "), (case, h.title)  # the front matter was not cut by a quote
    # the visible heading shows the value as typed (the clip page shows each language's form in its span)
    assert any(value in x for x in h.h1), (case, h.h1)
    assert planted_site.messages("WARNING") == []


def test_a_generated_page_carries_no_data_as_markdown():
    source = indexes.page_source('a" title: "Index [x](javascript:alert(1)) {: onclick=x} \\u003cb')
    body = source.split("---\n", 2)[2]
    assert body == "\n<!-- filled by the indexes plugin -->\n"  # a fixed body: no value is Markdown
    assert source.startswith('---\ntitle: "a\\" title: \\"Index [x](javascript:alert(1)) {: onclick=x} \\\\u003cb"\n---\n')


@pytest.mark.parametrize("rel, text, line, field", [
    ("tags.yml", 'long-take: {zh: 长镜头, en: "x \\u003cb onclick=alert(1)\\u003e"}\n', 1, "long-take.en"),
    ("films.yml", 'f: {title: {zh: 甲, en: "\\u003cimg src=https://evil.example/p.png\\u003e"}, original: F, '
                  'director: {zh: 乙, en: B}, year: 1979, country: [X]}\n', 1, "f.title.en"),
    ("authors.yml", 'editors:\n  name: {zh: 编辑部, en: The Editors}\nlin:\n  name:\n    zh: 林\n    en: "Lin \\u202e"\n',
     6, "lin.name.en"),
])
def test_a_yaml_escape_that_decodes_to_markup_is_refused_with_file_and_line(project: Project, rel, text, line, field):
    project.write(rel, text)
    problems = [p for p in load_archive(project.docs, project.root)[1] if p.file == f"docs/{rel}"]
    assert [(p.line, p.field) for p in problems] == [(line, field)], [str(p) for p in problems]


# -- the audit of a page made from data -----------------------------------------------------------------

def test_no_loaded_value_can_make_the_sanitiser_remove_anything_so_the_audit_is_tested_on_the_core(project: Project):
    """The plain-text rules refuse at load everything the sanitiser would remove from text (markup, bidi
    and other invisible characters: the cases above and tests/test_hostile_registry.py), and the templates
    escape the rest. So a value is planted past the loader, and the audit must name its file and line."""
    project.essay("e")
    archive, problems = load_archive(project.docs, project.root)
    assert list(problems) == []
    archive.tags["bad"] = Tag("bad", Bilingual("坏", "a \u202egnp.exe", "docs/tags.yml", (7, 8)))
    groups = indexes.group(archive)
    html, warnings = index_pages.page("tag", "bad", "坏 · a \u202egnp.exe", archive, groups, Renderer(), "tags/bad/",
                                      index_pages.Heading.from_toc({}))
    assert warnings == ["docs/tags.yml:8: the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) was removed. "
                        "Fix: retype the text without it (it can reverse or hide what readers see)."]
    assert "\u202e" not in html  # published cleaned


def test_a_finding_in_a_generated_page_names_the_value_that_caused_it():
    origins = [sanitize.Origin("Film", "docs/films.yml", 3), sanitize.Origin("javascript:alert(1)", "docs/timeline/t.yml", 12)]
    html = '<h1 id="film">Film</h1><p><a href="javascript:alert(1)">x</a></p><video controls></video>'
    out, warnings = sanitize.report_generated(html, origins, {"video", "controls", "h1", "a", "p"})
    assert len(warnings) == 1 and warnings[0].startswith("docs/timeline/t.yml:12: a javascript: address"), warnings
    assert "javascript:" not in out
    # our template's own markup (the player's <video>) is not a finding; alone, the page is left as rendered
    same, none = sanitize.report_generated('<h1 id="film">Film</h1><video controls></video>', origins, {"video", "controls"})
    assert none == [] and same == '<h1 id="film">Film</h1><video controls></video>'


def test_every_value_of_a_generated_page_knows_its_file_and_line(project: Project):
    project.essay("e")
    archive, _ = load_archive(project.docs, project.root)
    groups = indexes.group(archive)
    for kind, key in [("tag", next(iter(archive.tags))), ("person", next(iter(archive.authors)))]:
        own = index_pages.origins(kind, key, archive, groups)[:2]
        assert [o.rel for o in own] == [f"docs/{'tags' if kind == 'tag' else 'authors'}.yml"] * 2
        assert all(isinstance(o.line, int) and o.line > 0 for o in own), own


FILM_CLIP = LOCAL.replace("film:\n  title: {{zh: 习作, en: A study}}\n  director: {{zh: 编辑部, en: The Editors}}\n  year: 2026\n",
                          "film: stalker\n")
VTT_CLIP = (FILM_CLIP.split("notes:\n", 1)[0] + "notes: {{zh: pan.zh.vtt, en: pan.en.vtt}}\nrights:\n"
            + FILM_CLIP.split("rights:\n", 1)[1])  # its notes in WebVTT, one file per language
VTT = "WEBVTT\n\nlight-1\n00:00:00.000 --> 00:00:05.000\n{first}\n\nlight-2\n00:00:10.000 --> 00:00:15.000\n{second}\n"
EVENT = ("events:\n  - id: stalker-1979\n    date: 1979\n    kind: film\n    film: stalker\n    title:\n      zh: 潜行者上映\n"
         "      en: Stalker opens\n")
BIDI = "\u202e"


def _with_note(clip, i: int):
    """`clip` with a bidi override planted (past the loader) at the end of its note i's English text."""
    notes = list(clip.notes)
    notes[i] = replace(notes[i], en=notes[i].en + BIDI)
    return replace(clip, notes=tuple(notes))


def _line(project: Project, rel: str, needle: str) -> int:
    return next(n for n, ln in enumerate((project.docs / rel).read_text(encoding="utf-8").split("\n"), 1) if needle in ln)


# (case, the page: a clip's or the film's, what is planted, the file and the text on the line a finding must name)
FINDINGS = [
    ("clip-page-yaml-note", "clip", "wall", "clips/light/clips/wall.yml", "en: The light rises & falls."),
    ("clip-page-webvtt-note", "clip", "pan", "clips/light/clips/pan.en.vtt", "The second cue."),
    ("film-page-yaml-note", "film", "wall", "clips/light/clips/wall.yml", "en: The light rises & falls."),
    ("film-page-webvtt-note", "film", "pan", "clips/light/clips/pan.en.vtt", "The second cue."),
    ("film-page-event-title", "film", "event", "timeline/t.yml", "en: Stalker opens"),
    ("film-page-own-title", "film", "title", "films.yml", "title: {zh: 潜行者, en: Stalker}"),
]


@pytest.mark.parametrize("page,planted,rel,needle", [c[1:] for c in FINDINGS], ids=[c[0] for c in FINDINGS])
def test_a_finding_on_a_clip_or_film_page_names_the_file_and_line_of_its_value(project: Project, page, planted, rel, needle):
    """As for a tag's page above: a value planted past the loader (which refuses a bidi control), and the
    page rendered and audited by the core. A WebVTT note is named at its cue in the .vtt file, not at the
    clip's `notes:` line; a timeline event's title at its own line, not the event's."""
    project.essay("e")
    project.write("timeline/t.yml", EVENT)
    gallery(project.docs, clips={"wall": FILM_CLIP.format(id="wall"), "pan": VTT_CLIP.format(id="pan"),
                                 "pan.zh.vtt": VTT.format(first="开头。", second="第二条。"),
                                 "pan.en.vtt": VTT.format(first="The opening.", second="The second cue.")})
    archive, problems = load_archive(project.docs, project.root)
    assert list(problems) == [], [str(p) for p in problems]
    g = archive.galleries[0]
    groups = indexes.group(archive)
    assert {c.id for c in groups.film_clips["stalker"]} == {"wall", "pan"} and len(groups.film_events["stalker"]) == 1
    renderer, heading = Renderer(), index_pages.Heading.from_toc({})
    if planted in ("wall", "pan"):
        clip = _with_note(g.clip(planted), 1)
        if page == "clip":
            html, warnings = clips_site.clip_page(clips_site.ClipPage(f"clips/light/{planted}/index.md", g, clip, {}),
                                                  archive, renderer, f"clips/light/{planted}/")
        else:
            groups.film_clips["stalker"] = [clip if c.id == planted else c for c in groups.film_clips["stalker"]]
    elif planted == "event":
        event = groups.film_events["stalker"][0]
        groups.film_events["stalker"] = [replace(event, title=replace(event.title, en=event.title.en + BIDI))]
    else:
        film = archive.films["stalker"]
        archive.films["stalker"] = replace(film, title=replace(film.title, en=film.title.en + BIDI))
    if page == "film":
        f = archive.films["stalker"]
        html, warnings = index_pages.page("film", "stalker", f"{f.title.zh} · {f.title.en}", archive, groups, renderer,
                                          "films/stalker/", heading)
    assert [w.split(": the invisible character U+202E")[0] for w in warnings] == [f"docs/{rel}:{_line(project, rel, needle)}"]
    assert BIDI not in html  # published cleaned


# -- every page's own text ----------------------------------------------------------------------------

PAGE_PLANT = ('<script>alert(1)</script><img src="https://evil.example/p.png" onerror="alert(1)"> '
              '[x](javascript:alert(1)) ZQXPAGE\n{: onclick="alert(1)" }\n')


def test_every_page_that_is_not_an_essay_is_sanitised_and_audited_too(tmp_path):
    """Every Markdown page of the site, not only essays: the home and section pages, the lists' pages
    (tags, films, people), the timeline's page, the clips' index and a gallery's introduction, the
    manifestos' list and a manifesto's preamble, the contribution guide. Markup planted in each is
    published inert (CSP off) and said to the contributor at its file and line."""
    project = make_project(tmp_path / "proj")
    plant_all(project, [("base", "principle", "title", "Time")])  # an archive with every kind of page
    planted = sorted(p.relative_to(project.docs).as_posix() for p in project.docs.rglob("*.md")
                     if not p.relative_to(project.docs).as_posix().startswith("essays/e/"))
    lines = {}
    for rel in planted:
        text = (project.docs / rel).read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        lines[rel] = text.count("\n") + 1
        project.write(rel, text + PAGE_PLANT)
    assert len(planted) >= 13, planted
    result = build_without_csp(project.root, strict=False)
    assert result.ok, result.messages("ERROR")
    warnings = result.messages("WARNING")
    for rel in planted:
        said = f"slowcinema: docs/{rel}:{lines[rel]}: "
        assert any(w.startswith(said + "the HTML element <script> is not allowed") for w in warnings), (rel, warnings)
        assert any(w.startswith(said) and "javascript: address" in w for w in warnings), (rel, warnings)
        assert any(w.startswith(f"slowcinema: docs/{rel}:{lines[rel] + 1}: the attribute onclick") for w in warnings), rel
    pages = {re.sub(r"(?:index)?(?:\.zh|\.en)?\.md$", "", rel).rstrip("/") for rel in planted}
    for url in pages:
        html = result.page(f"{url}/index.html" if url else "index.html")
        assert "ZQXPAGE" in html and "Content-Security-Policy" not in html, url
        assert live_markup(html) == [], (url, live_markup(html))


# -- the real archive ---------------------------------------------------------------------------------

_ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_BODY_RE = re.compile(r"<body>(.*)</body>", re.S)


def test_every_page_of_the_real_archive_passes_the_audit(real_archive):
    """Each page's content (its <article>) has no finding but our own templates' markup (a player's <video>,
    a copy <button>): no element or attribute they never write, no outside image, no unsafe URL, no bidi."""
    written = Renderer([real_archive.root / "overrides"]).written()
    checked = 0
    for path in sorted(Path(real_archive.site).rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        m = _ARTICLE_RE.search(html) or _BODY_RE.search(html)  # a page, or a redirect page (slowcinema.archive.redirects)
        assert m is not None and (_ARTICLE_RE.search(html) or 'http-equiv="refresh"' in html), path
        findings = [f for f in sanitize.audit(m.group(1)) if f.snippet.lstrip("<") not in written
                    or f.message.startswith(("a ", "the image", "the invisible"))]
        assert findings == [], (path.relative_to(real_archive.site), findings)
        checked += 1
    assert checked > 40  # every page: essays, manifestos, galleries, clips, tags, films, people, the lists
