"""One schema for every data file: one wording for unknown fields and languages, the plain-text rules on
every plain field, and the escaping helpers of generated YAML, Markdown and HTML."""

from __future__ import annotations

import markdown
import pytest
from conftest import Project
from test_hostile_data import CLIP, EVENT, clip_text, gallery

from slowcinema.archive.load import load_archive
from slowcinema.content import schema, yamlio
from slowcinema.content.problems import Problems
from slowcinema.web import escape

RLO = "\u202e"


def test_every_schema_declares_each_field_once():
    for name, s in schema.CATALOGUE.items():
        assert len(s.names) == len(set(s.names)), name
        for f in s.fields:
            assert f.text in (None, "plain", "markdown", "escaped"), (name, f.name)
            assert (f.text is not None) == (f.type in schema.TEXT_TYPES), (name, f.name)


# (file under docs/, its text, the problem's line and field): a misspelt key in every kind of file
UNKNOWN = [
    ("authors.yml", "editors:\n  name: {zh: 编辑部, en: The Editors}\n  nmae: x\n", 3, "editors.nmae", "name", "an author"),
    ("films.yml", "stalker:\n  title: {zh: 潜行者, en: Stalker}\n  original: Сталкер\n  director: {zh: 塔, en: T}\n"
     "  year: 1979\n  country: USSR\n  yaer: 1979\n", 7, "stalker.yaer", "year", "a film"),
    ("timeline/t.yml", EVENT + "    titel: x\n", 6, "titel", "title", "an event"),
    ("timeline/t.yml", "eras:\n  - id: e\n    start: 1960\n    end: 1970\n    title: {zh: 甲, en: A}\n    nots: x\n", 6, "nots", "note", "an era"),
    ("timeline/t.yml", "evnts: []\n", 1, "evnts", "events", "a timeline file"),
]


@pytest.mark.parametrize("file,text,line,field,suggestion,what", UNKNOWN, ids=[c[5] for c in UNKNOWN])
def test_unknown_fields_are_worded_in_one_place(project: Project, file, text, line, field, suggestion, what):
    project.essay("e")
    project.write(file, text)
    hits = [p for p in load_archive(project.docs, project.root)[1] if p.field == field]
    assert [(p.file, p.line) for p in hits] == [(f"docs/{file}", line)]
    key = field.rsplit(".", 1)[-1]
    assert hits[0].message == f"unknown field '{key}'. Did you mean '{suggestion}'?"
    assert hits[0].fix.startswith(f"the fields of {what} are: ") and "(see CONTRIBUTING.md" in hits[0].fix


def test_unknown_languages_are_worded_in_one_place(project: Project):
    project.essay("e")
    project.write("tags.yml", "long-take: {zh: 长镜头, en: Long take, zn: 长}\n")
    project.write("timeline/t.yml", EVENT.replace("en: Stalker}", "en: Stalker, fr: Stalker}"))
    problems = {p.field: p for p in load_archive(project.docs, project.root)[1]}
    assert problems["long-take.zn"].message == "unknown language 'zn'. Did you mean 'zh'?"
    assert problems["title.fr"].message == "unknown language 'fr'."
    assert (problems["title.fr"].file, problems["title.fr"].line) == ("docs/timeline/t.yml", 5)
    assert problems["title.fr"].fix == problems["long-take.zn"].fix == "use 'zh' for Chinese and 'en' for English"


def _clip(project: Project, old: str, new: str) -> None:
    gallery(project)
    text = clip_text(project)
    assert old in text
    project.write("clips/g/clips/light-on-a-wall.yml", text.replace(old, new, 1))


# A bidi override or markup planted in a plain field of every kind of data file is refused where it is read.
PLAIN = [
    ("timeline-title", lambda p: p.write("timeline/t.yml", EVENT.replace("en: Stalker}", f'en: "Stalker{RLO}"}}')),
     "docs/timeline/t.yml", "title.en"),
    ("era-name", lambda p: p.write("timeline/t.yml", f"eras:\n  - id: e\n    start: 1960\n    end: 1970\n    title: {{zh: 甲, en: \"<b>A</b>\"}}\n"),
     "docs/timeline/t.yml", "title.en"),
    ("film-country", lambda p: p.write("films.yml", f"stalker:\n  title: {{zh: 潜行者, en: Stalker}}\n  original: Сталкер\n"
                                                    f"  director: {{zh: 塔, en: T}}\n  year: 1979\n  country: [\"USSR{RLO}\"]\n"),
     "docs/films.yml", "stalker.country"),
    ("clip-title", lambda p: _clip(p, "en: Light on a wall}", f'en: "Light{RLO} on a wall"}}'), CLIP, "title.en"),
    ("rights-holder", lambda p: _clip(p, "  holder: ", f"  holder: {RLO}"), CLIP, "rights.holder"),
    ("rights-source", lambda p: _clip(p, "  source: ", "  source: <i>x</i> "), CLIP, "rights.source"),
]


@pytest.mark.parametrize("case,plant,file,field", PLAIN, ids=[c[0] for c in PLAIN])
def test_every_plain_field_follows_the_plain_text_rules(project: Project, case, plant, file, field):
    project.essay("e")
    plant(project)
    hits = [p for p in load_archive(project.docs, project.root)[1] if p.file == file and p.field == field]
    assert len(hits) == 1 and hits[0].line, hits
    assert "invisible character U+202E" in hits[0].message or "contains < or >" in hits[0].message
    assert hits[0].fix


HOSTILE = ['Lin "Ace" Yi', "\\u003cscript\\u003ealert(1)", f"a{RLO}b", "back\\slash", "line\u2028break", "tab\there"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_yaml_scalar_reads_back_as_exactly_the_text(value):
    written = escape.yaml_scalar(value)
    doc = yamlio.load(f"title: {written}\n", "x.yml", Problems())
    assert doc.data == {"title": value}
    assert RLO not in written and "\u2028" not in written  # invisible characters are written as escapes


def test_markdown_text_renders_as_typed_with_nothing_live():
    value = 'Lin "Ace" [x](javascript:alert(1)){: onclick="alert(2)"} <img src=x> &amp; *b* _i_ # \\u003cscript'
    html = markdown.markdown("# " + escape.markdown_text(value), extensions=["attr_list", "md_in_html", "footnotes"])
    assert html == ('<h1>Lin "Ace" [x](javascript:alert(1)){: onclick="alert(2)"} &lt;img src=x&gt; &amp;amp; *b* _i_ # '
                    "\\u003cscript</h1>")


def test_html_text_and_attribute():
    assert escape.html_text('<a href="x">') == '&lt;a href="x"&gt;'
    assert escape.html_attribute('" onmouseover="alert(1)') == "&quot; onmouseover=&quot;alert(1)"


def test_a_data_file_parsed_once_is_found_in_the_build_cache_by_the_next_build(tmp_path):
    """Within `yamlio.kept_in` (the archive's data files, slowcinema.archive.load), a document parsed without a
    problem is kept in the build cache, and the next build (another process: nothing in memory) reads it back with
    the same data and the same line for every key. A document with a problem is parsed, and its problem said, every
    time; one whose values JSON cannot hold (a lone surrogate) is parsed and not kept."""
    from slowcinema.web.cache import BuildCache

    text = "title: 光\nitems:\n  - when: 1975\n    what: [a, b]\n  - when: '1976-05'\n    ok: true\n    rate: 0.5\n"

    def parse(source: str, problems: Problems) -> tuple[yamlio.YamlDoc | None, tuple[int, int]]:
        yamlio._PARSED.clear()  # as in a new process
        cache = BuildCache(tmp_path / "cache", "fingerprint")
        with yamlio.kept_in(cache):
            doc = yamlio.load(source, "docs/timeline/a.yml", problems, first_line=3)
        return doc, (cache.hits, cache.misses)

    first, counted = parse(text, Problems())
    assert counted == (0, 1) and first.data["items"][1] == {"when": "1976-05", "ok": True, "rate": 0.5}
    again, counted = parse(text, Problems())
    assert counted == (1, 0) and (again.data, again.lines) == (first.data, first.lines) and again.line("items", 1, "ok") == 8
    cache = BuildCache(tmp_path / "cache", "fingerprint")
    with yamlio.kept_in(cache):  # then in memory, as a `serve` rebuild finds it: the build cache not asked again
        remembered = yamlio.load(text, "docs/timeline/a.yml", Problems(), first_line=3)
    assert (cache.hits, cache.misses) == (0, 0) and remembered.data == first.data and remembered.data is not again.data
    for _ in range(2):
        problems = Problems()
        doc, counted = parse("a: 1\na: 2\n", problems)
        assert doc is None and len(problems) == 1 and counted == (0, 1)
    surrogate, counted = parse('a: "\\ud800"\n', Problems())
    assert surrogate.data == {"a": "\ud800"} and parse('a: "\\ud800"\n', Problems())[1] == (0, 1)
