"""Hostile values in every kind of data file: the registries (authors, tags, films), timeline events
and eras, clips (titles, films, rights, people, notes in YAML and in WebVTT), principles, versions and
signatories.

Each case is either refused at load (asserted with its file and line), or published inert: the site is
built ONCE with every inert case planted, with the Content-Security-Policy switched off
(`SCA_TEST_NO_CSP=1`, the test-only switch of slowcinema.web.csp), so the CSP is never the reason a
case passes. Every built HTML page is then parsed (html.parser): no element, attribute or URL may come
from a planted value. Chromium (the session browser of conftest.py) opens every page that shows a
planted value and must see no dialog and no request to another host."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import EN, ZH, BuildResult, Project, build, make_project
from test_clips_kit import gallery

from slowcinema.archive.load import load_archive

MARK = "ZQX"  # in every inert value, to find the pages that show one
# Values that pass the plain-text rules but would be live if a page were formatted from them unescaped.
PAYLOADS = [
    "[click](javascript:alert(1))",
    'x {: onclick="alert(1)" }',
    "![t](https://evil.example/p.png)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3c;svg onload=alert(1)&#x3e;",
    'x" onmouseover="alert(1)',
    "x' onfocus='alert(1)' autofocus='",
    "{{ config }}{% raw %}",
    'a" title: "Index',
    "\\u003cscript\\u003ealert(1)",
    "[x][r] [r]: javascript:alert(1)",
    "javascript:alert(1)",
    "# x *y* `z` ---",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;iframe src=https://evil.example/&gt;",
]
# (file kind, field): where the inert payloads are planted, each payload at several places
PLACES = [
    ("tags", "en"), ("tags", "zh"), ("authors", "name"), ("authors", "note"), ("films", "title"), ("films", "director"),
    ("films", "original"), ("films", "country"), ("event", "title"), ("event", "note"), ("event", "people"),
    ("event", "source-label"), ("era", "title"), ("era", "note"), ("clip", "title"), ("clip", "film-title"),
    ("clip", "rights-holder"), ("clip", "rights-source"), ("clip", "rights-note"), ("clip", "people-note"),
    ("clip", "note"), ("principle", "title"), ("principle", "text"), ("version", "note"),
    ("vtt", "cue"), ("vtt", "voice"), ("signatory", "name"), ("signatory", "role"), ("signatory", "place"),
]
# Where a kind of file refuses more than the plain-text rules, its payloads are those it accepts: WebVTT
# decodes character references (so &lt; is a <, refused), and a signatory's fields refuse Markdown's
# characters, character references and URLs (tests/test_manifesto.py; refused cases below).
ACCEPTED = {"vtt": [p for p in PAYLOADS if "&" not in p],
            "signatory": ['x" onmouseover="alert(1)', "x' onfocus='alert(1)' autofocus='", 'a" title: "Index',
                          "%3Cscript%3Ealert(1)%3C/script%3E"]}
INERT = [(f"{kind}-{field}-{i}", kind, field, ACCEPTED.get(kind, PAYLOADS)[(n * 3 + i) % len(ACCEPTED.get(kind, PAYLOADS))]
          + f" {MARK}{n}x{i}") for n, (kind, field) in enumerate(PLACES) for i in range(2)]


def bi(value: str) -> dict:
    return {"zh": "甲", "en": value}


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)


CLIP = {
    "film": {"title": bi("A study"), "director": bi("The Editors"), "year": 2026},
    "source": {"file": "media/light-on-a-wall.webm", "poster": "media/light-on-a-wall.webp"},
    "duration": "0:32",
    "rights": {"basis": "licence", "licence": "CC-BY-4.0", "holder": "Slow Cinema Archive", "source": "generated"},
    "people": {"identifiable": False},
}


def vtt(first: str) -> str:
    """A WebVTT file of clip notes whose first cue's text is `first`."""
    return f"WEBVTT\n\nlight-1\n00:00:00.000 --> 00:00:05.000\n{first}\n\nlight-2\n00:00:10.000 --> 00:00:15.000\nA still frame.\n"


def plant_all(project: Project, cases) -> None:
    """Every case in `cases` planted in its file; each registry entry, event, clip or signatory holds one value."""
    tags, authors, films, events, eras, clips, principles, signatories = {}, {}, {}, [], [], {}, [], []
    version_notes = []
    for n, (case, kind, field, value) in enumerate(cases):
        key = f"h{n}"
        if kind == "tags":
            tags[key] = {"zh": "标签", "en": "Tag"} | {field: value}
        elif kind == "authors":
            authors[key] = {"name": {"zh": "某", "en": "Someone"}} | ({"name": bi(value)} if field == "name" else {"note": bi(value)})
        elif kind == "films":
            film = {"title": bi("Film"), "original": "Film", "director": bi("Someone"), "year": 1979, "country": ["Taiwan"]}
            film[field] = [value] if field == "country" else value if field == "original" else bi(value)
            films[key] = film
        elif kind == "event":
            event = {"id": key, "date": 1979, "kind": "film", "title": bi("An event"), "tags": ["long-take"]}
            if field == "people":
                event["people"] = [value]
            elif field == "source-label":
                event["source"] = {"url": "https://example.org/", "label": value}
            else:
                event[field] = bi(value)
            events.append(event)
        elif kind == "era":
            era = {"id": key, "start": 1960, "end": 1970, "title": bi("An era")}
            era[field] = bi(value)
            eras.append(era)
        elif kind == "clip":
            clip = yaml.safe_load(dump(CLIP)) | {"id": key, "title": bi("A clip")}
            clip["notes"] = [{"at": "0:00", "kind": "light", "zh": "开头。", "en": "The opening."}]
            if field == "title":
                clip["title"] = bi(value)
            elif field == "film-title":
                clip["film"]["title"] = bi(value)
            elif field == "rights-holder":
                clip["rights"]["holder"] = value
            elif field == "rights-source":
                clip["rights"]["source"] = value
            elif field == "rights-note":
                clip["rights"]["note"] = bi(value)
            elif field == "people-note":
                clip["people"]["note"] = bi(value)
            else:
                clip["notes"][0]["en"] = value
            clips[key] = dump({"id": clip.pop("id"), **clip})
        elif kind == "vtt":  # a clip whose notes are WebVTT files, one per language
            clip = yaml.safe_load(dump(CLIP)) | {"title": bi("A clip"), "notes": {"zh": f"{key}.zh.vtt", "en": f"{key}.en.vtt"}}
            clips[key] = dump({"id": key, **clip})
            # `voice`: the value after a voice span whose annotation carries a tag (WebVTT markup, dropped)
            clips[f"{key}.en.vtt"] = vtt(value if field == "cue" else f"<v Bob<img src=x onerror=alert(1)>{value}</v>")
            clips[f"{key}.zh.vtt"] = vtt("开头。")
        elif kind == "signatory":
            signatories.append({"name": f"Signatory {n}", "date": "2026-11-12"} | {field: value})  # a person signs once
        elif kind == "principle":
            principles.append({"id": key, "title": bi("A principle"), "text": bi("A text.")} | {field: bi(value)})
        elif kind == "version":
            version_notes.append(bi(value))
    project.write("tags.yml", dump({"long-take": {"zh": "长镜头", "en": "Long take"}, "light": {"zh": "光", "en": "Light"}, **tags}))
    project.write("authors.yml", dump({"editors": {"name": {"zh": "编辑部", "en": "The Editors"}},
                                       "lin": {"name": {"zh": "林一", "en": "Lin Yi"}}, **authors}))
    project.write("films.yml", dump(films or {"stalker": {"title": bi("Stalker"), "original": "Сталкер", "director": bi("T"),
                                                          "year": 1979, "country": ["USSR"]}}))
    project.write("timeline/t.yml", dump({"events": events, "eras": eras} if eras else {"events": events}))
    ids = lambda d: "[" + ", ".join(d) + "]"  # noqa: E731
    zh = ZH.replace("authors: [editors]", f"authors: {ids(['editors', *authors])}").replace(
        "tags: [long-take]", f"tags: {ids(['long-take', *tags])}\nfilms: {ids(films or ['stalker'])}")
    project.essay("e", zh=zh, en=EN)
    gallery(project.docs, clips=clips or None)
    project.write("clips/index.md", "---\ntitle: Clips\n---\n\n# 片段集 Clips\n")
    if principles or version_notes or signatories:
        principles = principles or [{"id": "time", "title": bi("Time"), "text": bi("Time is the material.")}]
        versions = [{"version": n, "date": f"2026-11-{10 + n}", "note": note, "principles": copy.deepcopy(principles)}
                    for n, note in enumerate(version_notes or [None], 1)]
        for version in versions:
            if version["note"] is None:
                del version["note"]
        project.write("manifesto/slow/index.zh.md", "---\ntitle: 慢宣言\ndate: 2026-11-10\nauthors: [editors]\noriginal: zh\n"
                      "summary: 一份宣言。\n---\n\n序言。\n")
        project.write("manifesto/slow/index.en.md", "---\ntitle: A Slow Manifesto\nsummary: A manifesto.\n"
                      "translators: [editors]\n---\n\nPreamble.\n")
        project.write("manifesto/slow/principles.yml", dump({"versions": versions}))
        project.write("manifesto/slow/signatories.yml", "- name: {zh: 林一, en: Lin Yi}\n  role: Director\n"
                      "  place: Taipei &amp Paris %3Cscript%3E\n  date: 2026-11-12\n"
                      + (dump(signatories) if signatories else ""))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile-registry") / "proj")
    plant_all(project, INERT)
    problems = list(load_archive(project.docs, project.root)[1])
    assert problems == [], "\n".join(map(str, problems))  # every inert case loads: it must be published inert
    result = build_without_csp(project.root, strict=False)
    assert result.ok, result.messages("ERROR")
    return result


def build_without_csp(root: Path, **overrides) -> BuildResult:
    """`root` built with the Content-Security-Policy switched off (`SCA_TEST_NO_CSP=1`, slowcinema.web.csp):
    the second wall down, so only the first (loader, sanitiser, escaping) may hold. Every hostile suite
    builds so; each page is checked to carry no policy (`live_markup`)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCA_TEST_NO_CSP", "1")
        return build(root, **overrides)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(k, v or "") for k, v in attrs]))
        self._in_script = tag in ("script", "style")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def live_markup(html: str) -> list[str]:
    """Elements, attributes and URLs of `html` that could only have come from a planted value."""
    page = _Page()
    page.feed(html)
    page.close()
    found = []
    for tag, attrs in page.elements:
        if tag in ("svg", "img", "iframe") and any(v == "x" or "evil.example" in v for _k, v in attrs):
            found.append(f"<{tag}> from a planted value")
        if tag == "meta" and any(k == "http-equiv" and v.lower() == "content-security-policy" for k, v in attrs):
            found.append("a CSP meta tag: the test-only switch did not hold")
        for name, value in attrs:
            low = "".join(value.split()).lower()
            if name.startswith("on") or name in ("autofocus", "srcdoc", "formaction"):
                found.append(f"<{tag} {name}>")
            if "alert(" in value and name not in ("title", "alt", "content", "aria-label", "data-sca-cite", "value") \
                    and not name.startswith("data-"):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if name in ("href", "src", "action", "poster", "cite", "data") and (
                    low.startswith(("javascript:", "vbscript:", "data:text")) or "evil.example" in low):
                found.append(f"<{tag} {name}={value[:60]!r}>")
    if any("alert(" in s and MARK in s and "<" in s for s in page.script_text):
        found.append("a script or style holding a planted value")
    return found


def test_the_check_finds_live_markup():
    for html in ('<a href=" javascript:alert(1)">x</a>', "<img src=x onerror=alert(1)>", '<p onclick="alert(1)">',
                 '<img src="https://evil.example/p.png">', "<input autofocus onfocus=alert(1)>",
                 '<meta http-equiv="Content-Security-Policy" content="x">', "<svg onload=alert(1)>"):
        assert live_markup(html), html


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_inert_case_is_published_without_live_markup(hostile_site):
    shown = set()
    for path in pages(hostile_site.site):
        html = path.read_text(encoding="utf-8")
        assert live_markup(html) == [], path.relative_to(hostile_site.site)
        shown |= {case for case, _k, _f, value in INERT if value.rsplit(" ", 1)[1] in html}
    # each planted value really reaches some page (else the case would prove nothing)
    missing = [case for case, _k, _f, value in INERT if case not in shown]
    assert missing == [], missing


def test_the_switch_leaves_pages_without_a_policy(hostile_site):
    assert "Content-Security-Policy" not in hostile_site.page("index.html")


@pytest.mark.browser
def test_nothing_runs_or_calls_out_in_the_browser(hostile_site, serve, chromium):
    base = serve(hostile_site.site)
    marked = [p for p in pages(hostile_site.site) if MARK in p.read_text(encoding="utf-8")]
    assert len(marked) >= 8, marked  # tags, films, authors, timeline, clips, the manifesto...
    context = chromium.new_context()
    page = context.new_page()
    dialogs, outside = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    for path in marked:
        rel = path.relative_to(hostile_site.site).as_posix()
        assert page.goto(f"{base}/{rel}?lang=both").ok, rel
        page.wait_for_timeout(60)
        page.mouse.move(300, 300)  # a reader's pointer over the page (onmouseover), then a key (onfocus)
        page.keyboard.press("Tab")
    context.close()
    assert dialogs == [] and outside == []


# Refused at load: (id, what is planted where, the file, the field)
REFUSED = [
    ("tag-yaml-escape-img", "tags.yml", 'long-take: {zh: 长镜头, en: "\\u003cimg src=x onerror=alert(1)\\u003e"}\n',
     "docs/tags.yml", 1, "long-take.en"),
    ("author-note-bidi-escape", "authors.yml", 'editors:\n  name: {zh: 编辑部, en: The Editors}\n  note: {zh: 甲, en: "a\\u202eb"}\n'
     "lin:\n  name: {zh: 林一, en: Lin Yi}\n", "docs/authors.yml", 3, "editors.note.en"),
    ("film-original-script", "films.yml", "stalker:\n  title: {zh: 潜行者, en: Stalker}\n  original: <script>alert(1)</script>\n"
     "  director: {zh: 塔, en: T}\n  year: 1979\n  country: USSR\n", "docs/films.yml", 3, "stalker.original"),
    ("film-country-isolate", "films.yml", "stalker:\n  title: {zh: 潜行者, en: Stalker}\n  original: Сталкер\n"
     '  director: {zh: 塔, en: T}\n  year: 1979\n  country: ["USSR\\u2066"]\n', "docs/films.yml", 6, "stalker.country"),
    ("era-note-isolate", "timeline/t.yml", 'eras:\n  - id: r\n    start: 1960\n    end: 1970\n    title: {zh: 甲, en: A}\n'
     '    note: {zh: 乙, en: "b\\u2067"}\n', "docs/timeline/t.yml", 6, "note.en"),
    ("event-source-label-link", "timeline/t.yml", "events:\n  - id: e\n    date: 1979\n    kind: film\n    title: {zh: 甲, en: A}\n"
     "    source: {url: 'https://example.org/', label: '<a href=javascript:alert(1)>x</a>'}\n", "docs/timeline/t.yml", 6, "source.label"),
    ("event-people-svg", "timeline/t.yml", "events:\n  - id: e\n    date: 1979\n    kind: film\n    title: {zh: 甲, en: A}\n"
     "    people: ['<svg onload=alert(1)>']\n", "docs/timeline/t.yml", 6, "people[0]"),
    ("principle-title-markup", "manifesto/slow/principles.yml", "versions:\n  - version: 1\n    date: 2026-11-10\n    principles:\n"
     "      - id: time\n        title: {zh: 时间, en: <b>Time</b>}\n        text: {zh: 时间。, en: Time.}\n",
     "docs/manifesto/slow/principles.yml", 6, "versions[0].principles[0].title.en"),
    ("version-note-escape-svg", "manifesto/slow/principles.yml", "versions:\n  - version: 1\n    date: 2026-11-10\n"
     '    note: {zh: 甲, en: "\\u003csvg onload=alert(1)\\u003e"}\n    principles:\n      - id: time\n'
     "        title: {zh: 时间, en: Time}\n        text: {zh: 时间。, en: Time.}\n",
     "docs/manifesto/slow/principles.yml", 4, "versions[0].note.en"),
    ("signatory-md-link", "manifesto/slow/signatories.yml", "- name: '[x](javascript:alert(1))'\n  date: 2026-11-12\n",
     "docs/manifesto/slow/signatories.yml", 1, "name"),
    ("signatory-role-url", "manifesto/slow/signatories.yml", "- name: Lin Yi\n  role: https://evil.example/\n  date: 2026-11-12\n",
     "docs/manifesto/slow/signatories.yml", 2, "role"),
    ("signatory-link-javascript", "manifesto/slow/signatories.yml", "- name: Lin Yi\n  link: javascript:alert(1)\n  date: 2026-11-12\n",
     "docs/manifesto/slow/signatories.yml", 2, "link"),
    ("signatory-place-entity", "manifesto/slow/signatories.yml", "- name: Lin Yi\n  place: '&lt;script&gt;'\n  date: 2026-11-12\n",
     "docs/manifesto/slow/signatories.yml", 2, "place"),
]


@pytest.mark.parametrize("rel,text,file,line,field", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_hostile_data_is_refused_with_file_and_line(project: Project, rel, text, file, line, field):
    plant_all(project, [("base", "principle", "title", "Time")])  # a valid archive with a manifesto
    project.write(rel, text)
    problems = list(load_archive(project.docs, project.root)[1])
    hits = [p for p in problems if p.file == file and p.field == field]
    assert [(p.file, p.line) for p in hits] == [(file, line)], "\n".join(map(str, problems))
    assert hits[0].message and hits[0].fix
