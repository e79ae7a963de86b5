"""Generated pages (one per tag, film, person and clip) are as safe as essays: their Markdown carries no
data value (a title as an escaped YAML scalar and a fixed body), what they show is rendered from the
autoescaped templates, and every page is sanitised and audited, a finding in a generated page named at
the data file and line of the value that caused it (issue 17, point 1)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Project, make_project
from test_hostile_registry import build_without_csp, live_markup, plant_all

from slowcinema.archive import index_pages, indexes
from slowcinema.archive.load import load_archive
from slowcinema.archive.registry import Tag
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
