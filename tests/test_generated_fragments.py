"""The parts of pages that our templates render from data, inside pages that are not generated whole:
the timeline (its page and the `/// timeline` block), a manifesto's principles, history and signatories,
a gallery's grid and the embedded players, the entry lists (home, the essays' and manifestos' lists, the
related entries at an essay's foot). Each is audited where the core renders it, as generated pages are
(issue 17): a finding is a warning named at the data file and line of the value that holds it, and the
part is published cleaned.

The loader refuses everything the sanitiser would remove from a plain value (tests/test_generated_pages.py,
tests/test_hostile_registry.py), so a bidi override is planted past it, in the loaded archive, as
`test_no_loaded_value_can_make_the_sanitiser_remove_anything_so_the_audit_is_tested_on_the_core` does."""

from __future__ import annotations

from dataclasses import replace

import markdown
import pytest
from conftest import EN, ZH, Project
from test_clips_kit import gallery

from slowcinema.archive import index_pages, site
from slowcinema.archive.build import BuildState
from slowcinema.archive.load import load_archive
from slowcinema.clips import block as clip_block
from slowcinema.clips import site as clips_site
from slowcinema.manifestos import page as manifesto_page
from slowcinema.timeline import site as timeline_site
from slowcinema.timeline.block import BlockContext, TimelineBlockExtension
from slowcinema.timeline.view import essay_titles, items_of
from slowcinema.web import sanitize
from slowcinema.web.render import Renderer

BIDI = "\u202e"
FOUND = ": the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) was removed. Fix: retype the text without it"
EVENT = ("events:\n  - id: stalker-1979\n    date: 1979\n    kind: film\n    film: stalker\n    title:\n      zh: 潜行者上映\n"
         "      en: Stalker opens\n    note:\n      zh: 首映。\n      en: The premiere.\n")
PRINCIPLES = """\
versions:
  - version: 1
    date: 2026-11-10
    principles:
      - id: time
        title: {zh: 时间, en: Time}
        text: {zh: 时间是材料。, en: Time is the material.}
  - version: 2
    date: 2026-11-12
    note:
      zh: 第二版。
      en: The second version.
    principles:
      - id: time
        title: {zh: 时间, en: Time}
        text:
          zh: 时间是材料。
          en: Time is the material, and the measure.
"""
SIGNATORIES = "- name: {zh: 林一, en: Lin Yi}\n  role: Director\n  place: Taipei\n  date: 2026-11-12\n"


@pytest.fixture
def archive_of(project: Project):
    """The archive of a small project with every kind of fragment: two essays sharing a tag, a timeline
    event about a film of the registry, a gallery of one clip, a manifesto with two versions and a
    signatory. Returns (project, archive, build state)."""
    project.essay("e")
    project.essay("f", zh=ZH.replace("date: 2026-11-02", "date: 2026-11-03"), en=EN)
    project.write("timeline/t.yml", EVENT)
    gallery(project.docs)
    project.write("manifesto/slow/index.zh.md", "---\ntitle: 慢宣言\ndate: 2026-11-10\nauthors: [editors]\noriginal: zh\n"
                  "summary: 一份宣言。\n---\n\n序言。\n")
    project.write("manifesto/slow/index.en.md", "---\ntitle: A Slow Manifesto\nsummary: A manifesto.\n"
                  "translators: [editors]\n---\n\nPreamble.\n")
    project.write("manifesto/slow/principles.yml", PRINCIPLES)
    project.write("manifesto/slow/signatories.yml", SIGNATORIES)
    archive, problems = load_archive(project.docs, project.root)
    assert list(problems) == [], [str(p) for p in problems]
    st = BuildState(False, Renderer(), archive=archive, related=3)
    return project, archive, st


def at(project: Project, rel: str, needle: str) -> str:
    """'docs/<rel>:<line>', the line of `rel` that holds `needle` (the place a warning must name)."""
    lines = (project.docs / rel).read_text(encoding="utf-8").split("\n")
    return f"docs/{rel}:{next(n for n, line in enumerate(lines, 1) if needle in line)}"


def planted_essay(archive, slug: str, lang: str = "en", key: str = "title") -> None:
    """A bidi override at the end of an essay's title (or summary) in `lang`, past the loader."""
    i = next(i for i, e in enumerate(archive.essays) if e.slug == slug)
    e = archive.essays[i]
    v = e.versions[lang]
    archive.essays[i] = replace(e, versions={**e.versions, lang: replace(v, **{key: getattr(v, key) + BIDI})})


def said(warnings: list[str]) -> list[str]:
    """Each warning's place, for those about the planted override (and any other warning whole)."""
    return [w.split(FOUND)[0] if FOUND in w else w for w in warnings]


# -- the timeline: its page and the block -----------------------------------------------------------------

def _items(archive):
    return items_of(archive.timeline, archive.dated_entries(), essay_titles(archive, False), archive.films)


def _plant_event(archive, field: str) -> None:
    event = archive.timeline.events[0]
    archive.timeline.events[0] = replace(event, **{field: replace(getattr(event, field), en=getattr(event, field).en + BIDI)})


@pytest.mark.parametrize("planted", ["event-title", "event-note", "essay-title", "film-title"])
def test_the_timeline_page_is_audited_and_names_the_value(archive_of, planted):
    project, archive, st = archive_of
    if planted.startswith("event"):
        _plant_event(archive, planted.split("-")[1])
        where = at(project, "timeline/t.yml", "en: Stalker opens" if planted == "event-title" else "en: The premiere.")
    elif planted == "essay-title":
        planted_essay(archive, "e")
        where = at(project, "essays/e/index.en.md", "title: ")
    else:  # the event's film, named by its title from the registry
        film = archive.films["stalker"]
        archive.films["stalker"] = replace(film, title=replace(film.title, en=film.title.en + BIDI))
        where = at(project, "films.yml", "title: {zh: 潜行者, en: Stalker}")
    html, warnings = timeline_site.page_content(st, "timeline.md", "timeline.md", "<p>Intro.</p>", _items(archive), "timeline/")
    assert said(warnings) == [where]
    assert BIDI not in html and html.startswith("<p>Intro.</p>")  # published cleaned, after the page's own text
    assert timeline_site.page_content(st, "other.md", "timeline.md", "<p>x</p>", [], "other/") == (None, [])


def test_a_timeline_block_is_audited_and_its_warnings_handed_on_after_the_page(archive_of):
    project, archive, st = archive_of
    _plant_event(archive, "title")
    ctx = BlockContext()
    ctx.start(_items(archive), st)
    ctx.stash = None  # the block's HTML straight into the page, to be read here
    ctx.rel, ctx.page_url = "docs/essays/e/index.zh.md", "essays/e/"
    html = markdown.Markdown(extensions=[TimelineBlockExtension(ctx)]).convert("Text.\n\n/// timeline\n    kind: film\n///\n")
    assert "Stalker opens" in html and BIDI not in html  # the block's timeline published cleaned
    assert said(ctx.rendered(html)) == [at(project, "timeline/t.yml", "en: Stalker opens")]
    assert ctx.rendered(html) == [] and not ctx.problems  # handed on once, with the page that holds the block


# -- a manifesto's principles, history and signatories ------------------------------------------------------

MANIFESTO_CASES = [
    ("principle-text", "en: Time is the material, and the measure."),
    ("principle-title", None),  # the same line in both versions: the current one's is named
    ("version-note", "en: The second version."),
    ("signatory-place", "place: Taipei"),
    ("signatory-name", "- name: {zh: 林一, en: Lin Yi}"),
]


@pytest.mark.parametrize("planted, needle", MANIFESTO_CASES, ids=[c[0] for c in MANIFESTO_CASES])
def test_a_manifestos_parts_are_audited_and_name_the_value(archive_of, planted, needle):
    project, archive, st = archive_of
    m = archive.manifestos[0]
    current = m.versions[-1]
    if planted.startswith("principle"):
        p = current.principles[0]
        field = planted.split("-")[1]
        p = replace(p, **{field: replace(getattr(p, field), en=getattr(p, field).en + BIDI)})
        versions = (*m.versions[:-1], replace(current, principles=(p,)))
    elif planted == "version-note":
        versions = (*m.versions[:-1], replace(current, note=replace(current.note, en=current.note.en + BIDI)))
    else:
        versions = m.versions
    signatories = m.signatories
    if planted == "signatory-place":
        signatories = (replace(m.signatories[0], place="Taipei" + BIDI),)
    elif planted == "signatory-name":
        signatories = (replace(m.signatories[0], name={"zh": "林一", "en": "Lin Yi" + BIDI}),)
    m = replace(m, versions=versions, signatories=signatories)
    parts = manifesto_page.build(m, st.renderer, "https://example.org/manifesto/slow/", "../../contribute/#sign", archive)
    rel = "manifesto/slow/" + ("signatories.yml" if planted.startswith("signatory") else "principles.yml")
    if needle is None:  # the current version's title: the last line that spells it
        lines = (project.docs / rel).read_text(encoding="utf-8").split("\n")
        where = f"docs/{rel}:{max(n for n, line in enumerate(lines, 1) if 'title: {zh: 时间, en: Time}' in line)}"
    else:
        where = at(project, rel, needle)
    assert said(list(parts.warnings)) == [where]
    assert BIDI not in parts.html and 'id="principle-1"' in parts.html and "Lin Yi" in parts.html


# -- a gallery's grid and the embedded players -----------------------------------------------------------------

def _plant_clip(archive):
    g = archive.galleries[0]
    clip = g.clip("wall")
    clip = replace(clip, title=replace(clip.title, en=clip.title.en + BIDI))
    archive.galleries[0] = replace(g, clips=tuple(clip if c.id == "wall" else c for c in g.clips))
    return archive.galleries[0]


def test_a_gallerys_grid_is_audited_and_its_introduction_kept_as_cleaned(archive_of):
    project, archive, st = archive_of
    g = _plant_clip(archive)
    intro = {"zh": "<p>引言 ZQXZH</p>", "en": "<p>Intro ZQXEN <!-- sca-slot 1 --></p>"}  # cleaned and audited already
    html, warnings = clips_site.gallery_page(g, intro, st, "clips/light/")
    assert said(warnings) == [at(project, "clips/light/clips/wall.yml", "title: ")]
    assert BIDI not in html and "Light on a wall" in html
    assert "<p>引言 ZQXZH</p>" in html and "<p>Intro ZQXEN <!-- sca-slot 1 --></p>" in html and "sca-slot 0" not in html


def test_an_embedded_player_is_audited_and_names_the_value(archive_of):
    project, archive, st = archive_of
    g = _plant_clip(archive)
    page = "<p>Before.</p>\n<div><!-- sca-clip light wall --></div>\n<p>After.</p>"
    html, warnings = clips_site.fill_players(page, [g], st.renderer, "essays/e/", "en")
    assert "Light on a wall" in html and BIDI not in html and html.startswith("<p>Before.</p>")  # published cleaned
    assert html.endswith("<p>After.</p>") and clip_block.SLOT_MARK not in html
    assert said(warnings) == [at(project, "clips/light/clips/wall.yml", "title: ")]
    # through the page's content, as the plugin calls it
    html, warnings = clips_site.page_content(clips_site.Publication(galleries=[g]), st, "essays/e/index.en.md", page, "essays/e/")
    assert said(warnings) == [at(project, "clips/light/clips/wall.yml", "title: ")] and BIDI not in html


# -- the entry lists: home, the essays' and the manifestos' lists, the related entries ----------------------

@pytest.mark.parametrize("key", ["title", "summary"])
def test_the_essays_list_is_audited_and_names_the_front_matter_line(archive_of, key):
    project, archive, st = archive_of
    planted_essay(archive, "e", "en", key)
    html, warnings = site.page_content(st, site.ESSAYS, "<h1>Essays</h1>", "# Essays\n", "essays/", None, 10)
    assert said(warnings) == [at(project, "essays/e/index.en.md", f"{key}: ")]
    assert BIDI not in html and html.startswith("<h1>Essays</h1><ol") and "The Shape of Waiting" in html


def test_the_home_page_is_audited_outside_its_introduction(archive_of):
    project, archive, st = archive_of
    planted_essay(archive, "f", "zh")  # the newest essay: the lead, and first of the newest
    html, warnings = site.page_content(st, site.HOME, "<p>Intro.</p>", "Intro.\n", "", None, 10)
    assert said(warnings) == [at(project, "essays/f/index.zh.md", "title: ")]
    assert BIDI not in html and "<p>Intro.</p>" in html and "sca-slot" not in html


def test_the_manifestos_list_is_audited(archive_of):
    project, archive, st = archive_of
    m = archive.manifestos[0]
    v = m.text.versions["en"]
    archive.manifestos[0] = replace(m, text=replace(m.text, versions={**m.text.versions, "en": replace(v, title=v.title + BIDI)}))
    html, warnings = site.manifesto_list(st, site.MANIFESTO_INDEX, "manifesto/")
    assert said(warnings) == [at(project, "manifesto/slow/index.en.md", "title: ")]
    assert BIDI not in html and "A Slow Manifesto" in html
    assert site.manifesto_list(st, "essays/index.md", "essays/") is None


def test_the_related_entries_are_audited_each_warning_once(archive_of):
    project, archive, st = archive_of
    planted_essay(archive, "f")
    blocks, warnings = index_pages.related_blocks(st, {"essays/e/": "essays/e/", "essays/f/": "essays/f/"})
    assert set(blocks) == {"essays/e/", "essays/f/"}  # each lists the other
    assert said(warnings) == [at(project, "essays/f/index.en.md", "title: ")]
    assert BIDI not in blocks["essays/e/"] and 'class="sca-related"' in blocks["essays/e/"]


def test_nothing_found_leaves_each_fragment_as_rendered(archive_of):
    """With no finding, the audit changes nothing (the real archive builds byte for byte the same)."""
    _project, archive, st = archive_of
    items = _items(archive)
    assert timeline_site.page_content(st, "timeline.md", "timeline.md", "", items, "timeline/")[1] == []
    assert manifesto_page.build(archive.manifestos[0], st.renderer, "https://example.org/", "#", archive).warnings == ()
    g = archive.galleries[0]
    html, warnings = clips_site.gallery_page(g, {"zh": "<p>引言</p>", "en": "<p>Intro</p>"}, st, "clips/light/")
    assert warnings == [] and html.count("<p>Intro</p>") == 1 and "sca-slot" not in html
    for src in (site.HOME, site.ESSAYS):
        assert site.page_content(st, src, "<p>x</p>", "x\n", "", None, 10)[1] == []
    assert index_pages.related_blocks(st, {"essays/e/": "essays/e/"})[1] == []


def test_a_word_of_a_value_that_names_a_template_attribute_is_no_finding():
    """The templates write attributes the sanitiser would drop (role, hidden, rel, type...): those are our
    markup, unless a value spells one as an attribute (`name=`). A principle about "the role of the
    camera" must not fail the build."""
    origins = [sanitize.Origin("the role of the hidden camera", "docs/manifesto/slow/principles.yml", 7)]
    html = '<p role="status" hidden>the role of the hidden camera</p>'
    assert sanitize.report_generated(html, origins, {"p", "role", "hidden"}) == (html, [])
    spelled = [sanitize.Origin('x" role="alert', "docs/timeline/t.yml", 4)]
    out, warnings = sanitize.report_generated('<p role="alert">x</p>', spelled, {"p", "role"})
    assert [w.split(": the attribute")[0] for w in warnings] == ["docs/timeline/t.yml:4"] and out == "<p>x</p>"
