"""The timeline's core: dates with a precision, the YAML loader and its messages, views, the JSON
export and the `/// timeline` Markdown block (Markdown in, HTML out)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import markdown
import pytest
import yaml

from slowcinema.archive.entries import DatedEntry
from slowcinema.archive.load import load_archive
from slowcinema.archive.registry import Bilingual
from slowcinema.content.problems import Problems
from slowcinema.timeline import fuzzydate, load_timeline
from slowcinema.timeline.block import BlockContext, TimelineBlockExtension, header_lines, leftovers, mark_lines
from slowcinema.timeline.export import timeline_json
from slowcinema.timeline.model import Timeline
from slowcinema.timeline.view import Filter, items_of, page_view
from slowcinema.web.render import Renderer

TAGS = "long-take: {zh: 长镜头, en: Long take}\nlight: {zh: 光, en: Light}\n"


# -- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,iso,precision,zh,en", [
    ("1895", "1895", "year", "1895年", "1895"),
    (1895, "1895", "year", "1895年", "1895"),
    ("2006-09", "2006-09", "month", "2006年9月", "September 2006"),
    ("1895-12-28", "1895-12-28", "day", "1895年12月28日", "28 December 1895"),
    ("~1920", "1920", "year", "约1920年", "c. 1920"),
])
def test_dates_keep_their_precision_and_read_in_each_language(text, iso, precision, zh, en):
    when = fuzzydate.parse(text)
    assert when.end is None
    assert (when.start.iso(), when.start.precision, when.zh(), when.en()) == (iso, precision, zh, en)
    assert when.start.circa == str(text).startswith("~")


@pytest.mark.parametrize("text,zh,en,ends", [
    ("1966/1976", "1966—1976年", "1966–1976", ("1966", "1976")),
    ("1966-05/1976-10", "1966年5月—1976年10月", "May 1966 – October 1976", ("1966-05", "1976-10")),
    ("~1982/1987", "约1982—1987年", "c. 1982–1987", ("1982", "1987")),
])
def test_ranges_name_both_ends(text, zh, en, ends):
    when = fuzzydate.parse(text)
    assert (when.zh(), when.en()) == (zh, en)
    assert [iso for _, iso in when.parts("en") if iso] == list(ends)


def test_sorting_a_range_by_its_start_and_a_year_before_its_days():
    values = ["1895-12-28", "1896", "1895", "1895-12", "1890/1900", "~1894"]
    ordered = sorted(values, key=lambda v: fuzzydate.parse(v).sort_key())
    assert ordered == ["1890/1900", "~1894", "1895", "1895-12", "1895-12-28", "1896"]


@pytest.mark.parametrize("text,message,fix", [
    ("1895-02-30", "'1895-02-30' is not a real date (1895-02 has no day 30)", "correct the day, or write the month only: 1895-02"),
    ("2006-13", "'2006-13' is not a real date (the month must be 01 to 12)", "correct the month, for example 2006-09"),
    ("1976/1966", "'1976/1966' ends (1966) before it starts (1976)", "write the earlier date first: 1966/1976"),
    ("1920~", "'1920~' is not a date (circa goes before the date)", "write ~1920"),
    ("1966/1970/1976", "'1966/1970/1976' has more than one '/'", "a span has one start and one end: date: 1966/1976"),
    ("1895/1895", "'1895/1895' starts and ends on the same date", "write it once: 1895"),
])
def test_impossible_dates_say_why_and_how_to_fix(text, message, fix):
    with pytest.raises(fuzzydate.DateSyntaxError) as err:
        fuzzydate.parse(text)
    assert (err.value.message, err.value.fix) == (message, fix)


# -- loading and validation ----------------------------------------------------------------------
def _docs(tmp_path: Path, files: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    (docs / "timeline").mkdir(parents=True, exist_ok=True)
    (docs / "tags.yml").write_text(TAGS, encoding="utf-8")
    (docs / "essays" / "real-essay").mkdir(parents=True, exist_ok=True)
    (docs / "essays" / "real-essay" / "index.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    for name, text in files.items():
        (docs / "timeline" / name).write_text(text, encoding="utf-8")
    return docs


def _load(tmp_path, files):
    problems = Problems()
    docs = _docs(tmp_path, files)
    return load_timeline(docs, tmp_path, problems), problems


GOOD = """\
events:
  - id: stalker
    date: 1979
    kind: film
    title: {zh: 潜行者, en: Stalker}
    tags: [long-take]
    link: essay:real-essay
    people: [{zh: 安德烈·塔可夫斯基, en: Andrei Tarkovsky}, Someone]
    films: [Stalker]
  - id: lumiere
    date: 1895-12-28
    kind: screening
    title: {zh: 卢米埃尔, en: Lumière}
    note: {zh: 一法郎。, en: One franc.}
    source: https://example.org/lumiere
eras:
  - id: era-one
    start: 1895
    end: ~1915
    title: {zh: 早期电影, en: Early cinema}
"""


def test_a_good_file_loads_events_and_eras(tmp_path):
    timeline, problems = _load(tmp_path, {"a.yml": GOOD})
    assert not problems, problems.report()
    stalker, lumiere = timeline.events
    assert (stalker.id, stalker.when.start.year, stalker.kind, stalker.link) == ("stalker", 1979, "film", "essays/real-essay/")
    assert stalker.people[0].en == "Andrei Tarkovsky" and stalker.people[1].zh == "Someone"
    assert (stalker.rel, stalker.line) == ("docs/timeline/a.yml", 2)
    assert lumiere.note.en == "One franc." and lumiere.source == "https://example.org/lumiere"
    era = timeline.eras[0]
    assert (era.start.iso(), era.end.iso(), era.end.circa) == ("1895", "1915", True)


def _event(**fields) -> str:
    base = {"id": "x", "date": "1979", "kind": "film", "title": "{zh: 甲, en: A}"}
    base.update(fields)
    lines = ["events:"]
    for i, (k, v) in enumerate(base.items()):
        if v is None:
            continue
        lines.append(("  - " if i == 0 else "    ") + f"{k}: {v}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fields,line,field,message,fix", [
    ({"date": "1895-02-30"}, 3, "date", "'1895-02-30' is not a real date (1895-02 has no day 30)",
     "correct the day, or write the month only: 1895-02"),
    ({"date": "1976/1966"}, 3, "date", "'1976/1966' ends (1966) before it starts (1976)", "write the earlier date first: 1966/1976"),
    ({"kind": "flim"}, 4, "kind", "'flim' is not a kind of event. Did you mean 'film'?",
     "use one of: film, screening, award, technology, manifesto, publication, event"),
    ({"tags": "[long-tkae]"}, 6, "tags", "unknown tag 'long-tkae'. Did you mean 'long-take'?",
     "use an id from docs/tags.yml, or add 'long-tkae' there"),
    ({"link": "essay:no-such-essay"}, 6, "link", "there is no essay 'no-such-essay'.",
     "use the folder name of an essay under docs/essays/, e.g. link: essay:what-slow-cinema-is"),
    ({"link": "nowhere/"}, 6, "link", "'nowhere/' is not a page of this site",
     "write link: essay:<slug>, a page of this site such as essays/, or an https:// address"),
    ({"link": "http://example.org/"}, 6, "link", "'http://example.org/' is not a secure address", "use its https:// address"),
    ({"essays": "[real-esay]"}, 6, "essays", "there is no essay 'real-esay'. Did you mean 'real-essay'?",
     "use the folder name of an essay under docs/essays/"),
    ({"title": None}, 2, "title", "the title is missing in both languages",
     "add 'title:' with 'zh: ...' and 'en: ...' under it, e.g. title: {zh: 潜行者, en: Stalker}"),
    ({"title": "{zh: 甲}"}, 5, "title.en", "the title in English is missing or not text", "add 'en: ...' to title"),
    ({"titel": "x"}, 6, "titel", "unknown field 'titel'. Did you mean 'title'?",
     "the fields of an event are: id, date, kind, title, note, tags, link, source, essays, people, films, film (see CONTRIBUTING.md, Timeline)"),
    ({"title": "{zh: 潜行者, en: \"Stalker\u202e\"}"}, 5, "title.en", "contains an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)",
     "retype the text without it (it can reverse or hide what readers see)"),
    ({"title": "{zh: 潜行者, en: <b>Stalker</b>}"}, 5, "title.en", "contains < or >: titles, summaries and names are plain text, not HTML",
     "remove the markup; for a quotation use “ ” or 《 》"),
    ({"note": "{zh: 说明, en: \"\u200bx\"}"}, 6, "note.en", "contains an invisible character U+200B (ZERO WIDTH SPACE)",
     "retype the text without it (it can reverse or hide what readers see)"),
    ({"people": "[\"Béla Tarr\u202e\"]"}, 6, "people[0]", "contains an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)",
     "retype the text without it (it can reverse or hide what readers see)"),
    ({"films": "[{zh: 潜行者, en: <i>Stalker</i>}]"}, 6, "films[0].en", "contains < or >: titles, summaries and names are plain text, not HTML",
     "remove the markup; for a quotation use “ ” or 《 》"),
    ({"source": "example.org"}, 6, "source", "'example.org' is not an https:// address", "write source: https://example.org/page"),
    ({"source": "{url: http://www.bfi.org.uk/, label: BFI}"}, 6, "source.url", "'http://www.bfi.org.uk/' is not an https:// address",
     "write source.url: https://example.org/page"),
    ({"source": "{label: BFI}"}, 6, "source.url", "the source has no url", "write source: {url: https://..., label: BFI}"),
    ({"source": "{url: https://www.bfi.org.uk/, label: <a href=x>BFI</a>}"}, 6, "source.label",
     "contains < or >: titles, summaries and names are plain text, not HTML", "remove the markup; for a quotation use “ ” or 《 》"),
    ({"source": "{url: https://www.bfi.org.uk/, label: [BFI]}"}, 6, "source.label", "must be text, not ['BFI']",
     "write label: BFI (plain text naming the source)"),
    ({"source": "{url: https://www.bfi.org.uk/, titel: BFI}"}, 6, "source.titel", "unknown field 'titel'.",
     "the fields of an event's source are: url, label (see CONTRIBUTING.md, Timeline)"),
])
def test_each_problem_names_file_line_field_and_fix(tmp_path, fields, line, field, message, fix):
    _, problems = _load(tmp_path, {"films.yml": _event(**fields)})
    assert [(p.file, p.line, p.field, p.message, p.fix) for p in problems] == [
        ("docs/timeline/films.yml", line, field, message, fix)]


@pytest.mark.parametrize("link,url", [("essay:real-essay", "essays/real-essay/"), ("essays/real-essay/", "essays/real-essay/"),
                                      ("/essays/real-essay", "essays/real-essay/"), ("timeline/", "timeline/"),
                                      ("https://example.org/x", "https://example.org/x")])
def test_links_to_entries_pages_and_sources(tmp_path, link, url):
    timeline, problems = _load(tmp_path, {"a.yml": _event(link=link)})
    assert not problems, problems.report()
    assert timeline.events[0].link == url


def test_a_source_is_an_address_or_an_address_with_a_plain_label(tmp_path):
    files = {"a.yml": _event(source="{url: https://www.bfi.org.uk/sight-and-sound, label: \"BFI,  Sight and Sound\"}"),
             "b.yml": _event(id="y", source="https://www.bfi.org.uk/")}
    timeline, problems = _load(tmp_path, files)
    assert not problems, problems.report()
    labelled, bare = timeline.events
    assert (labelled.source, labelled.source_label) == ("https://www.bfi.org.uk/sight-and-sound", "BFI, Sight and Sound")
    assert (bare.source, bare.source_label) == ("https://www.bfi.org.uk/", None)


def test_duplicate_ids_across_files_name_the_first(tmp_path):
    _, problems = _load(tmp_path, {"a.yml": _event(), "b.yml": _event(date="1980")})
    [p] = list(problems)
    assert (p.file, p.line, p.field) == ("docs/timeline/b.yml", 2, "id")
    assert p.message == "the id 'x' is already used (docs/timeline/a.yml:2)"
    assert p.fix == "give each event and era its own id"


def test_every_problem_is_reported_at_once_and_unknown_top_keys_too(tmp_path):
    text = _event(date="1895-02-30", kind="flim") + "evnts: []\n"
    _, problems = _load(tmp_path, {"a.yml": text})
    assert [(p.line, p.field) for p in problems] == [(3, "date"), (4, "kind"), (6, "evnts")]
    assert "Did you mean 'events'?" in list(problems)[2].message


def test_era_problems(tmp_path):
    text = "eras:\n  - id: e\n    start: 1990\n    end: 1980\n    title: {zh: 甲, en: A}\n"
    _, problems = _load(tmp_path, {"a.yml": text})
    [p] = list(problems)
    assert (p.line, p.field, p.message) == (4, "end", "the era ends (1980) before it starts (1990)")


def test_only_yml_files_are_read_and_others_are_not_skipped_silently(tmp_path):
    _, problems = _load(tmp_path, {"a.yaml": GOOD})
    [p] = list(problems)
    assert p.file == "docs/timeline/a.yaml" and p.fix == "rename it to a.yml, or move it out of docs/timeline/"


# -- views -----------------------------------------------------------------------------------------
def _items(tmp_path):
    timeline, problems = _load(tmp_path, {"a.yml": GOOD})
    assert not problems
    essay = DatedEntry("essay", "real-essay", dt.date(1979, 3, 1), "真文章", "Real essay", "essays/real-essay/", ("light",))
    return timeline, items_of(timeline, [essay], {})


def test_dated_entries_join_the_events_in_order(tmp_path):
    timeline, items = _items(tmp_path)
    assert [i.uid for i in items] == ["tl-lumiere", "tl-stalker", "tl-essay-real-essay"]
    assert items[0].eras == ["era-one"] and items[1].eras == []


def test_filters_combine_kind_tag_years_and_people(tmp_path):
    _, items = _items(tmp_path)
    pick = lambda f: [i.uid for i in items if f.accepts(i)]  # noqa: E731
    assert pick(Filter(kinds=("film",))) == ["tl-stalker"]
    assert pick(Filter(tags=("light",))) == ["tl-essay-real-essay"]
    assert pick(Filter(start=1900, end=1999)) == ["tl-stalker", "tl-essay-real-essay"]
    assert pick(Filter(people=("andrei tarkovsky",))) == ["tl-stalker"]
    assert pick(Filter(people=("安德烈·塔可夫斯基",), kinds=("screening",))) == []


def test_page_view_groups_by_decade_and_year_with_eras(tmp_path):
    timeline, items = _items(tmp_path)
    from slowcinema.archive.registry import Tag

    view = page_view(items, timeline.eras, {"light": Tag("light", Bilingual("光", "Light"))})
    assert [d["decade"] for d in view["decades"]] == [1890, 1970]
    assert [y["year"] for y in view["decades"][1]["years"]] == [1979]
    assert view["decades"][0]["years"][0]["starting"][0]["id"] == "era-one"
    assert [k["id"] for k in view["kinds"]] == ["film", "screening", "essay"]
    assert [t["id"] for t in view["tags"]] == ["light"]


# -- TimelineJS JSON -------------------------------------------------------------------------------
# Written from https://timeline.knightlab.com/docs/json-format.html (jsonschema is not installed,
# so this small validator checks the same rules).
DATE = {"year": int, "month": int, "day": int, "display_date": str}
SCHEMA = {
    "top": {"required": {"events"}, "optional": {"title", "eras", "scale"}},
    "slide": {"required": {"start_date"}, "optional": {"end_date", "text", "media", "group", "display_date",
                                                        "background", "autolink", "unique_id"}},
    "era": {"required": {"start_date", "end_date"}, "optional": {"text"}},
    "text": {"headline": str, "text": str},
}


def _check_date(d):
    assert isinstance(d, dict) and "year" in d and set(d) <= set(DATE)
    for k, v in d.items():
        assert isinstance(v, DATE[k]), (k, v)
    if "month" in d:
        assert 1 <= d["month"] <= 12
    if "day" in d:
        dt.date(d["year"], d["month"], d["day"])


def validate_timelinejs(data):
    assert set(data) >= SCHEMA["top"]["required"] and set(data) <= SCHEMA["top"]["required"] | SCHEMA["top"]["optional"]
    ids = set()
    for ev in data["events"]:
        assert SCHEMA["slide"]["required"] <= set(ev) <= SCHEMA["slide"]["required"] | SCHEMA["slide"]["optional"]
        _check_date(ev["start_date"])
        if "end_date" in ev:
            _check_date(ev["end_date"])
        assert set(ev["text"]) <= set(SCHEMA["text"]) and all(isinstance(v, str) for v in ev["text"].values())
        assert ev["unique_id"] not in ids
        ids.add(ev["unique_id"])
    for era in data.get("eras", []):
        assert SCHEMA["era"]["required"] <= set(era) <= SCHEMA["era"]["required"] | SCHEMA["era"]["optional"]
        _check_date(era["start_date"])
        _check_date(era["end_date"])
    if "title" in data:
        assert set(data["title"]["text"]) <= set(SCHEMA["text"])


def test_json_export_follows_timelinejs_format(tmp_path):
    timeline, items = _items(tmp_path)
    data = json.loads(json.dumps(timeline_json(items, timeline.eras, "Site <b>", "https://example.org/")))
    validate_timelinejs(data)
    lumiere = data["events"][0]
    assert lumiere["start_date"] == {"year": 1895, "month": 12, "day": 28}
    assert lumiere["text"]["headline"] == "卢米埃尔 · Lumière" and lumiere["group"] == "放映 · Screening"
    assert '<p lang="en">One franc.</p>' in lumiere["text"]["text"]
    assert data["events"][1]["text"]["text"].count("https://example.org/essays/real-essay/") == 2
    assert data["eras"][0]["end_date"] == {"year": 1915, "display_date": "c. 1915 / 约1915年"}
    assert data["title"]["text"]["headline"] == "Site &lt;b&gt;"
    with pytest.raises(AssertionError):  # the validator itself can fail
        validate_timelinejs({"events": [{"text": {}}]})


def test_real_archive_timeline_loads_without_problems():
    root = Path(__file__).resolve().parent.parent
    problems = Problems()
    timeline = load_timeline(root / "docs", root, problems)
    assert not problems, problems.report()
    assert len(timeline.events) >= 25 and len(timeline.eras) >= 2
    ids = {e.id for e in timeline.events}
    assert {"lumiere-grand-cafe", "sora-announced", "still-life-golden-lion", "jeanne-dielman"} <= ids


# -- the Markdown block ----------------------------------------------------------------------------
def _render_block(tmp_path, text, only=None):
    timeline, items = _items(tmp_path)
    ctx = BlockContext(items=items, kinds={"film", "screening", "essay"}, tags={"long-take", "light"},
                       renderer=Renderer(), rel="docs/page.md", page_url="page/", only=only)
    md = markdown.Markdown(extensions=["pymdownx.superfences", TimelineBlockExtension(ctx)])
    html = md.convert(mark_lines(text, header_lines(text, first_line=5)))
    return html, ctx.problems


def test_block_renders_a_filtered_list_in_every_language(tmp_path):
    html, problems = _render_block(tmp_path, "Before.\n\n/// timeline\n    kind: film\n///\n\nAfter.\n")
    assert not problems
    assert html.count('<li data-kind=') == 1 and 'data-kind="film"' in html
    assert '<time datetime="1979"><span class="sca-l" lang="zh" data-sca-show="zh zh-Hant both">1979年</span>' in html
    assert 'lang="zh-Hant" data-sca-show="zh-Hant">《潛行者》<' in html  # a film's title, in 《》
    assert 'href="../essays/real-essay/"' in html and "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert ' id="' not in html  # no anchors: the page may hold the block twice (one per language)


def test_block_in_one_language_file_writes_that_language_only(tmp_path):
    html, _ = _render_block(tmp_path, "/// timeline\n    people: Andrei Tarkovsky\n///\n", only="en")
    assert "Stalker" in html and "潜行者" not in html and "sca-l" not in html
    assert '<time datetime="1979">1979</time>' in html
    html, _ = _render_block(tmp_path, "/// timeline\n    people: Andrei Tarkovsky\n///\n", only="zh-Hant")
    assert ">《潛行者》</a>" in html and "潜行者" not in html and "影片" in html and "Film" not in html


@pytest.mark.parametrize("options,field,message", [
    ("    knd: film", "timeline.knd", "unknown option 'knd'. Did you mean 'kind'?"),
    ("    kind: flim", "timeline.kind", "'flim' is not a kind of event. Did you mean 'film'?"),
    ("    tag: long-tak", "timeline.tag", "'long-tak' is not a tag. Did you mean 'long-take'?"),
    ("    from: 60s", "timeline.from", "'60s' is not a year"),
    ("    from: 1999\n    to: 1960", "timeline.to", "'to: 1960' comes before 'from: 1999'"),
])
def test_block_option_errors_name_the_page_and_line(tmp_path, options, field, message):
    html, problems = _render_block(tmp_path, f"Text.\n\n/// timeline\n{options}\n///\n")
    assert [(p.file, p.line, p.field, p.message) for p in problems] == [("docs/page.md", 7, field, message)]
    assert "<li" not in html


def test_block_with_unreadable_options_is_found_by_its_mark(tmp_path):
    html, problems = _render_block(tmp_path, "/// timeline\n    kind: [film\n///\n\n```\n/// timeline\n```\n")
    assert not problems and leftovers(html) == [5]  # the plugin reports it; the fenced one is left alone
    assert header_lines("```\n/// timeline\n```\n/// timeline\n") == [4]


def test_real_archive_still_loads_with_the_timeline():
    root = Path(__file__).resolve().parent.parent
    archive, _ = load_archive(root / "docs", root)
    assert isinstance(archive.timeline, Timeline)
    # Every event written in docs/timeline/ is loaded, once, and the timeline counts and lists its events.
    written = [e["id"] for f in sorted((root / "docs/timeline").glob("*.yml"))
               for e in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("events", [])]
    assert len(written) >= 25 and len(set(written)) == len(written)
    assert len(archive.timeline) == len(written)
    assert sorted(e.id for e in archive.timeline) == sorted(written)
    assert re.fullmatch(r"[a-z0-9-]+", archive.timeline.events[0].id)


def test_overlapping_eras_stand_side_by_side_and_late_eras_are_announced(tmp_path):
    eras = """\
eras:
  - {id: a, start: 1960, end: 1970, title: {zh: 甲, en: A}}
  - {id: b, start: 1965, end: 1975, title: {zh: 乙, en: B}}
  - {id: c, start: 1976, end: 1980, title: {zh: 丙, en: C}}
"""
    events = _event(id="x", date="1962") + "  - {id: y, date: 1979, kind: film, title: {zh: 丁, en: D}}\n"
    timeline, problems = _load(tmp_path, {"e.yml": events, "f.yml": eras})
    assert not problems, problems.report()
    view = page_view(items_of(timeline, [], {}), timeline.eras, {})
    lanes = {e["id"]: (e["lane"], e["hue"]) for e in view["eras"]}
    assert lanes == {"a": (0, 0), "b": (1, 1), "c": (0, 2)} and view["lanes"] == 2
    years = {y["year"]: y for d in view["decades"] for y in d["years"]}
    assert [e["id"] for e in years[1962]["eras"]] == ["a"]
    # b starts in 1965 and c in 1976, years without items: each is announced where it is first shown.
    assert [e["id"] for e in years[1979]["starting"]] == ["c"]
    assert [e["id"] for e in years[1962]["starting"]] == ["a"]
