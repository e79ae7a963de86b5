"""Hostile input in the archive's data files (timeline events, clips, WebVTT notes): refused with a
message, or published inert. Together with test_hostile.py (Markdown, raw HTML, front matter,
registries) and the signature cases in test_manifesto.py, every kind of contribution is covered."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, Project, build
from test_hostile_registry import build_without_csp

from slowcinema.archive.load import load_archive

EVENT = """\
events:
  - id: e
    date: 1979
    kind: film
    title: {zh: 潜行者, en: Stalker}
"""
GALLERY = REPO / "docs/clips/long-take-studies"
CLIP = "docs/clips/g/clips/light-on-a-wall.yml"


def gallery(project: Project) -> None:
    """The real starter gallery, with the real registries it refers to."""
    shutil.copytree(GALLERY, project.docs / "clips/g")
    for registry in ("tags.yml", "films.yml"):
        shutil.copy(REPO / "docs" / registry, project.docs / registry)


def clip_text(project: Project) -> str:
    return (project.docs / "clips/g/clips/light-on-a-wall.yml").read_text(encoding="utf-8")


REFUSED = [
    ("event-javascript-link", "timeline", EVENT + "    link: javascript:alert(1)\n", "docs/timeline/t.yml", "link"),
    ("event-data-source", "timeline", EVENT + "    source: data:text/html,<script>alert(1)</script>\n", "docs/timeline/t.yml", "source"),
    ("event-http-source", "timeline", EVENT + "    source: http://evil.example/\n", "docs/timeline/t.yml", "source"),
    ("clip-provider-host", "clip", None, CLIP, "source"),
    ("clip-svg-poster", "clip-svg", None, "docs/clips/g/media/light-on-a-wall.svg", None),
]


@pytest.mark.parametrize("case,kind,text,file,field", REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_data_is_refused(project: Project, case, kind, text, file, field):
    project.essay("e")
    if kind == "timeline":
        project.write("timeline/t.yml", text)
    else:
        gallery(project)
        if kind == "clip":
            project.write("clips/g/clips/light-on-a-wall.yml", re.sub(
                r"source:\n  file: [^\n]+\n  poster: [^\n]+\n",
                "source:\n  provider: youtube\n  url: https://evil.example/embed/x\n  start: 0:00\n  end: 0:32\n  poster: media/light-on-a-wall.webp\n",
                clip_text(project)))
        else:
            project.write("clips/g/media/light-on-a-wall.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    problems = list(load_archive(project.docs, project.root)[1])
    hits = [p for p in problems if p.file == file and (field is None or (p.field or "").startswith(field))]
    assert hits, "\n".join(map(str, problems))
    assert all(p.fix for p in hits)


def test_markup_in_timeline_text_is_refused_and_never_published(project: Project):
    project.essay("e")
    project.write("timeline/t.yml", EVENT.replace("en: Stalker}", 'en: "<img src=x onerror=alert(1)>"}')
                  + "    note: {zh: 说明, en: \"<script>alert(1)</script>\"}\n")
    problems = list(load_archive(project.docs, project.root)[1])
    assert [(p.file, p.line, p.field) for p in problems] == [("docs/timeline/t.yml", 5, "title.en"), ("docs/timeline/t.yml", 6, "note.en")]
    assert all("contains < or >" in p.message and p.fix for p in problems)
    result = build(project.root, strict=False)  # a problem in the content stops even a lenient build
    assert not result.ok and not result.site.joinpath("timeline/index.html").exists()
    assert any(m.startswith("slowcinema: docs/timeline/t.yml:5: title.en: contains < or >") for m in result.messages("ERROR"))


def test_markup_in_a_clip_title_is_refused(project: Project):
    project.essay("e")
    gallery(project)
    project.write("clips/g/clips/light-on-a-wall.yml", clip_text(project).replace(
        "en: Light on a wall}", 'en: "<svg onload=alert(1)>"}', 1))
    problems = list(load_archive(project.docs, project.root)[1])
    hit = [p for p in problems if p.file == CLIP and p.field == "title.en"]
    assert hit and "contains < or >" in hit[0].message and hit[0].line == 3


def _first_cue(vtt) -> tuple[str, str, int]:
    """The text, the first payload line and that line's number of the first cue of a WebVTT file."""
    text = vtt.read_text(encoding="utf-8")
    m = re.search(r"\n\n[^\n]+\n[0-9:.]+ --> [0-9:.]+\n([^\n]+)", text)
    return text, m.group(1), text.count("\n", 0, m.start(1)) + 1


@pytest.mark.parametrize("payload,message", [
    ("<script>alert(1)</script> a note", "'<script>', which is not WebVTT cue markup"),
    ("<img src=x onerror=alert(2)> a note", "which is not WebVTT cue markup"),
    ("&lt;img src=x onerror=alert(2)&gt; a note", "contains < or >"),
    ("a &#x202e;note", "invisible character U+202E"),
])
def test_webvtt_cue_markup_is_refused_with_its_line(project: Project, payload, message):
    project.essay("e")
    gallery(project)
    vtt = project.docs / "clips/g/clips/slow-pan.en.vtt"
    text, cue, line = _first_cue(vtt)
    vtt.write_text(text.replace(cue, payload, 1), encoding="utf-8")
    problems = list(load_archive(project.docs, project.root)[1])
    assert [(p.file, p.line, p.field) for p in problems] == [("docs/clips/g/clips/slow-pan.en.vtt", line, "cue text")], problems
    assert message in problems[0].message and problems[0].fix


def test_markup_in_a_yaml_note_is_refused(project: Project):
    project.essay("e")
    gallery(project)
    text = clip_text(project)
    m = re.search(r"\n    en: ([^\n]+)", text)
    project.write("clips/g/clips/light-on-a-wall.yml", text.replace(m.group(1), '"<svg onload=alert(3)> a note"', 1))
    problems = list(load_archive(project.docs, project.root)[1])
    line = text.count("\n", 0, m.start()) + 2
    assert [(p.file, p.line, p.field) for p in problems] == [(CLIP, line, "notes[0].en")], problems
    assert "contains < or >" in problems[0].message


@pytest.mark.browser
def test_script_bearing_data_runs_nothing_in_the_browser(project: Project, serve, chromium):
    """What gets past the loader: WebVTT's own cue markup, whose voice annotation carries a tag
    (dropped with the cue markup), and text that only looks like code."""
    project.essay("e")
    project.write("timeline/t.yml", EVENT)  # markup in its title or note is refused (test above): none reaches a page
    gallery(project)
    text = clip_text(project)
    first_note = re.search(r"\n    en: ([^\n]+)", text).group(1)  # a note's English text: plain text, escaped
    project.write("clips/g/clips/light-on-a-wall.yml", text.replace(first_note, "'alert(3) & \"quoted\" note'", 1))
    vtt = project.docs / "clips/g/clips/slow-pan.en.vtt"
    text, cue, _line = _first_cue(vtt)
    vtt.write_text(text.replace(cue, "<v Bob<img src=x onerror=alert(4)>a <c.x>note</c></v>", 1), encoding="utf-8")
    result = build_without_csp(project.root, strict=False)  # the policy is not the reason nothing runs
    assert result.ok, result.messages("ERROR")
    for rel in ("clips/g/slow-pan/index.html", "clips/g/light-on-a-wall/index.html"):
        html = result.page(rel)
        assert "Content-Security-Policy" not in html
        assert "onerror" not in html and "<img" not in html.split('<div class="sca-clip', 1)[-1], rel
    assert "alert(3) &amp; &#34;quoted&#34; note" in result.page("clips/g/light-on-a-wall/index.html")
    for track in (result.site / "clips/g/slow-pan").glob("*.vtt"):
        assert "<img" not in track.read_text(encoding="utf-8") and "onerror" not in track.read_text(encoding="utf-8")
    base = serve(result.site)
    context = chromium.new_context()
    page = context.new_page()
    dialogs, outside = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    for path in ("timeline/?lang=en", "clips/g/light-on-a-wall/?lang=en", "clips/g/slow-pan/?lang=en", "clips/g/?lang=en"):
        assert page.goto(f"{base}/{path}").ok, path  # each page really was built and loaded
        page.wait_for_timeout(150)
    context.close()
    assert dialogs == [] and outside == []
