"""Clip galleries, core: times, WebVTT in and out, rights and consent, and every validation message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_clips_kit import INTRO_EN, LOCAL, OUTSIDE, gallery, load, new_docs, write

from slowcinema.clips import check_sizes, timecode, webvtt
from slowcinema.clips.block import check as check_blocks
from slowcinema.clips.block import find as find_blocks
from slowcinema.clips.block import label_copies
from slowcinema.clips.views import clip_view, vtt_files
from slowcinema.content.problems import Problems


# -- times ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,seconds", [
    ("1:23.5", 83.5), ("0:07", 7.0), ("83.5", 83.5), ("01:02:03.250", 3723.25), ("0:00", 0.0), (12, 12.0), (1.5, 1.5),
    ("59", 59.0), ("10:00", 600.0),
])
def test_times_are_read(text, seconds):
    assert timecode.parse(text) == seconds


@pytest.mark.parametrize("text,message,fix", [
    ("00:61:00", "has 61 minutes; minutes go from 00 to 59", "carry the hour: 1:01:00"),
    ("1:75", "has 75 seconds; seconds go from 00 to 59", "carry the minute: 2:15"),
    ("-0:01", "before the start of the clip", "0:00 or later"),
    ("1:2:3:4", "is not a time", "minutes:seconds"),
    ("soon", "is not a time", "for example 1:23.5"),
    (True, "is not a time", "minutes:seconds"),
])
def test_malformed_times_say_why(text, message, fix):
    with pytest.raises(timecode.TimeError) as err:
        timecode.parse(text)
    assert message in err.value.message and fix in err.value.fix


def test_times_are_written_for_readers_and_webvtt():
    assert timecode.short(83.5) == "1:23.5"
    assert timecode.short(7) == "0:07"
    assert timecode.short(3723.25) == "1:02:03.25"
    assert timecode.vtt(83.5) == "00:01:23.500"
    assert timecode.fragment(12.5) == "12.5" and timecode.fragment(12.0) == "12"


# -- WebVTT -----------------------------------------------------------------------------------
VTT = """\
WEBVTT - notes

NOTE a comment, skipped

light-1
00:00:01.000 --> 00:00:04.000 align:start
The light <b>rises</b> &amp; falls

00:05.500 --> 00:00:09.000
Two lines,
one cue
"""


def test_webvtt_is_read():
    problems = Problems()
    cues = webvtt.parse(VTT, "a.vtt", problems)
    assert not problems, problems.report()
    assert cues == [webvtt.Cue(1.0, 4.0, "The light rises & falls", "light-1", 6),
                    webvtt.Cue(5.5, 9.0, "Two lines,\none cue", "", 9)]


def test_webvtt_round_trip():
    assert "A &lt;tag&gt; &amp; an ampersand" in webvtt.write([webvtt.Cue(0, 4.25, "A <tag> & an ampersand")])  # escaped
    cues = [webvtt.Cue(0, 4.25, "A “tag” & an ampersand", "light-1"), webvtt.Cue(4.25, 9, "Second", "sound-2")]
    text = webvtt.write(cues)
    assert "A “tag” &amp; an ampersand" in text
    problems = Problems()
    again = webvtt.parse(text, "x.vtt", problems)
    assert not problems
    assert [(c.start, c.end, c.text, c.identifier) for c in again] == [(c.start, c.end, c.text, c.identifier) for c in cues]
    assert webvtt.write(again) == text


@pytest.mark.parametrize("text,line,message,fix", [
    ("WEBVT\n", 1, "must start with the line 'WEBVTT'", "make 'WEBVTT' the first line"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nx\n", 3, "'00:00:61.000' is not a WebVTT timestamp", "minutes and seconds 00 to 59"),
    ("WEBVTT\n\n00:00:01.0 --> 00:00:02.000\nx\n", 3, "'00:00:01.0' is not a WebVTT timestamp", "exactly three digits"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n", 3, "ends (00:00:02.000) at or before it starts", "later than the start"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nx\n\n00:00:01.000 --> 00:00:02.000\ny\n", 6, "before the cue at line 3", "in order"),
    ("WEBVTT\n\nlight\n00:00:01.000 -> 00:00:02.000\nx\n", 3, "has no timing line", "optional identifier line"),
    ("WEBVTT\n\n00:00:01.000-->00:00:02.000\nx\n", 3, "is malformed", "spaces around the arrow"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n00:00:03.000 --> 00:00:04.000\ny\n", 5, "contains '-->'", "blank line"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b></b>\n", 3, "has no text", "write the note's text"),
])
def test_webvtt_errors_have_lines(text, line, message, fix):
    problems = Problems()
    assert webvtt.parse(text, "docs/n.vtt", problems) is None
    (p,) = list(problems)
    assert (p.file, p.line) == ("docs/n.vtt", line)
    assert message in p.message and fix in p.fix


# -- loading a gallery ------------------------------------------------------------------------
@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return new_docs(tmp_path)


def test_a_gallery_loads_with_its_clips(docs):
    gallery(docs, clips={"wall": LOCAL.format(id="wall"), "factory": OUTSIDE.format(id="factory")})
    archive, problems = load(docs)
    assert problems == []
    (g,) = archive.galleries
    assert [c.id for c in g.clips] == ["factory", "wall"]  # ordered by the film's year
    wall = g.clip("wall")
    assert wall.duration == 32.0 and wall.source.video.mime == "video/webm"
    assert (wall.source.poster.width, wall.source.poster.height) == (640, 360)
    assert wall.note_end(0) == 4.0 and wall.note_end(2) == 14.0 and wall.note_end(4) == 32.0
    factory = g.clip("factory")
    assert factory.source.video_id == "test-identifier" and factory.duration == 44.0
    (entry,) = archive.dated_entries()
    assert (entry.kind, entry.id, entry.url, entry.title_en) == ("gallery", "light", "clips/light/", "Studies of light")


def test_views_escape_nothing_themselves_and_links_follow_the_source(docs):
    gallery(docs, clips={"wall": LOCAL.format(id="wall"), "factory": OUTSIDE.format(id="factory")})
    archive, _ = load(docs)
    g = archive.galleries[0]
    local = clip_view(g.clip("wall"), "clips/light/wall/")
    assert local["notes"][1]["href"] == "clips/light/wall/#t=4"
    outside = clip_view(g.clip("factory"), "clips/light/factory/")
    assert outside["provider"]["embed"] == "https://archive.org/embed/test-identifier?start=2&autoplay=1"
    assert outside["notes"][1]["href"] == "https://archive.org/details/test-identifier?start=12"
    files = vtt_files(g.clip("wall"))
    assert set(files) == {"notes.zh-Hans.vtt", "notes.zh-Hant.vtt", "notes.en.vtt"}
    assert "The light rises &amp; falls." in files["notes.en.vtt"]
    assert "shot-3\n00:00:10.000 --> 00:00:14.000" in files["notes.en.vtt"]


def test_notes_can_be_written_as_webvtt(docs):
    clip = LOCAL.format(id="wall")
    clip = clip[:clip.index("notes:")] + "notes: {zh: wall.zh.vtt, en: wall.en.vtt}\n" + clip[clip.index("rights:"):]
    zh = "WEBVTT\n\nlight\n00:00:01.000 --> 00:00:05.000\n光<i>起来</i>\n\nsound-2\n00:00:06.000 --> 00:00:09.000\n静\n"
    en = "WEBVTT\n\nlight\n00:00:01.000 --> 00:00:05.000\nLight rises\n\nsound-2\n00:00:06.000 --> 00:00:09.000\nSilence\n"
    gallery(docs, clips={"wall": clip, "wall.zh.vtt": zh, "wall.en.vtt": en})
    archive, problems = load(docs)
    assert problems == []
    notes = archive.galleries[0].clip("wall").notes
    assert [(n.at, n.end, n.kind, n.zh, n.en) for n in notes] == [
        (1.0, 5.0, "light", "光起来", "Light rises"), (6.0, 9.0, "sound", "静", "Silence")]


def test_webvtt_notes_report_their_own_file_and_line(docs):
    clip = LOCAL.format(id="wall")
    clip = clip[:clip.index("notes:")] + "notes: {zh: wall.zh.vtt, en: wall.en.vtt}\n" + clip[clip.index("rights:"):]
    en = "WEBVTT\n\nlight\n00:00:01.000 --> 00:00:05.000\nLight\n"
    gallery(docs, clips={"wall": clip, "wall.zh.vtt": "WEBVTT\n\nlight\n00:00:01.000 --> 00:01:75.000\n光\n", "wall.en.vtt": en})
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line) == ("docs/clips/light/clips/wall.zh.vtt", 4)
    assert "'00:01:75.000' is not a WebVTT timestamp" in p.message


def test_webvtt_cue_without_a_kind(docs):
    clip = LOCAL.format(id="wall")
    clip = clip[:clip.index("notes:")] + "notes: {zh: wall.zh.vtt, en: wall.en.vtt}\n" + clip[clip.index("rights:"):]
    gallery(docs, clips={"wall": clip, "wall.zh.vtt": "WEBVTT\n\nlite\n00:00:01.000 --> 00:00:05.000\n光\n",
                         "wall.en.vtt": "WEBVTT\n\nlight\n00:00:01.000 --> 00:00:05.000\nLight\n"})
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line, p.field) == ("docs/clips/light/clips/wall.zh.vtt", 3, "cue identifier")
    assert "Did you mean 'light'?" in p.message and "light-2" in p.fix


# -- every validation message: file, line, field, message, fix --------------------------------
def _replace(old: str, new: str, base: str = LOCAL) -> str:
    text = base.format(id="wall")
    assert old in text, old
    return text.replace(old, new, 1)


REL = "docs/clips/light/clips/wall.yml"
CASES = {
    "no rights basis": (_replace("  basis: licence\n  licence: CC-BY-4.0\n", "  licence: CC-BY-4.0\n"),
                        33, "rights.basis", "is missing: a clip needs a rights basis", "add 'basis:' under rights"),
    "no rights at all": (_replace("rights:\n  basis: licence\n  licence: CC-BY-4.0\n  holder: Slow Cinema Archive\n  source: generated\n", ""),
                         1, "rights", "is missing: a clip needs a rights basis", "add 'rights:' with 'basis:'"),
    "unknown licence": (_replace("licence: CC-BY-4.0", "licence: CC-BY-4"), 35, "rights.licence",
                        "'CC-BY-4' is not a licence identifier we know. Did you mean 'CC-BY-4.0'?", "use an SPDX identifier"),
    "quotation without a note": (_replace("basis: licence\n  licence: CC-BY-4.0", "basis: quotation"), 34, "rights.note",
                                 "basis 'quotation' needs a note", "add note: {zh: ..., en: ...}"),
    "identifiable without consent": (_replace("identifiable: false", "identifiable: true"), 39, "people.consent",
                                     "the clip shows identifiable people and has no consent on record", "withheld: true"),
    "consent in lower case": (_replace("identifiable: false", "identifiable: true\n  consent: mr-umr"), 40, "people.consent",
                              "'mr-umr' is not a consent value. Did you mean 'MR-UMR'?", "write one of MR-UMR"),
    "identifiable with MR-NON": (_replace("identifiable: false", "identifiable: true\n  consent: MR-NON"), 40, "people.consent",
                                 "has consent MR-NON (no release)", "record the release (MR-UMR, MR-LMR)"),
    "identifiable with MR-NAP": (_replace("identifiable: false", "identifiable: true\n  consent: MR-NAP"), 40, "people.consent",
                                 "MR-NAP (not applicable) contradicts identifiable: true", "set identifiable: false"),
    "limited release without its limits": (_replace("identifiable: false", "identifiable: true\n  consent: MR-LMR"), 40, "people.note",
                                           "consent 'MR-LMR' needs a note saying the limits of the release", "add note:"),
    "historical for a recent film": (_replace("identifiable: false", "identifiable: true\n  consent: historical\n  note: {zh: 旧, en: old}")
                                     .replace("basis: licence", "basis: public-domain"),
                                     40, "people.consent", "'historical' needs a film at least 100 years old (this one is from 2026)",
                                     "mark the clip 'withheld: true'"),
    "historical for a film under copyright": (_replace("identifiable: false", "identifiable: true\n  consent: historical\n  note: {zh: 旧, en: old}")
                                              .replace("year: 2026", "year: 1895"),
                                              40, "people.consent", "only to a film in the public domain", "correct rights.basis"),
    "unknown consent": (_replace("identifiable: false", "identifiable: true\n  consent: MR-YES"), 40, "people.consent",
                        "'MR-YES' is not a consent value", "write one of MR-UMR"),
    "missing media file": (_replace("media/light-on-a-wall.webm", "media/nowhere.webm"), 8, "source.file",
                           "the file 'media/nowhere.webm' does not exist in clips/light/", "check the spelling"),
    "not a video format": (_replace("media/light-on-a-wall.webm", "media/light.avi"), 8, "source.file",
                           "'media/light.avi' is not a WEBM or MP4 file", "convert it to webm"),
    "outside the bundle": (_replace("media/light-on-a-wall.webm", "../other/x.webm"), 8, "source.file",
                           "is outside the gallery folder", "put the file in the gallery's media/ folder"),
    "note after the end": (_replace("at: 0:27", "at: 0:40"), 29, "notes[4].at", "0:40 is after the end of the clip (0:32)",
                           "check the time against the clip"),
    "note before 0": (_replace("at: 0:00", "at: -0:01"), 12, "notes[0].at", "'-0:01' is before the start of the clip",
                      "use a time of 0:00 or later"),
    "malformed time": (_replace("at: 0:16", "at: 00:61:00"), 25, "notes[3].at", "'00:61:00' has 61 minutes", "carry the hour"),
    "notes out of order": (_replace("at: 0:16", "at: 0:08"), 25, "notes[3].at",
                           "0:08 is not after the previous note (0:10): notes must be in order", "put the notes in order"),
    "overlapping notes": (_replace("end: 0:14", "end: 0:20"), 25, "notes[3].at",
                          "while the previous note runs to 0:20: notes must not overlap", "end the previous note at 0:16 or earlier"),
    "end before start": (_replace("end: 0:14", "end: 0:09"), 20, "notes[2].end", "ends at 0:09, not after it starts (0:10)",
                         "make end later than at"),
    "unknown kind": (_replace("kind: shot", "kind: shots"), 22, "notes[2].kind", "'shots' is not a kind of note. Did you mean 'shot'?",
                     "use one of shot, camera"),
    "duration does not match": (_replace("duration: 0:32", "duration: 0:45"), 10, "duration", "says 0:45 but the file lasts 0:32",
                                "write duration: 0:32"),
    "id differs from the file": (_replace("id: wall", "id: wal"), 1, "id", "'wal' differs from the file name 'wall'", "write id: wall"),
    "unknown field": (_replace("duration: 0:32", "duraton: 0:32"), 10, "duraton", "unknown field 'duraton'. Did you mean 'duration'?",
                      "the fields of a clip are: id, title, film, source, duration, notes"),
    "unknown provider": (_replace("provider: archive.org", "provider: archive", OUTSIDE), 8, "source.provider",
                         "'archive' is not a provider we embed. Did you mean 'archive.org'?", "use one of youtube, vimeo, bilibili, archive.org"),
    "provider host not allowed": (_replace("https://archive.org/details/test-identifier", "https://archive.example.com/details/x", OUTSIDE),
                                  9, "source.url", "the host 'archive.example.com' is not an allowed Internet Archive host",
                                  "use a URL on archive.org, www.archive.org"),
    "youtube without https": (_replace("provider: archive.org\n  url: https://archive.org/details/test-identifier",
                                       "provider: youtube\n  url: http://www.youtube.com/watch?v=aqz-KE-bpKQ", OUTSIDE),
                              9, "source.url", "the URL must start with https://", "write the full address"),
    "provider end before start": (_replace("end: 0:46", "end: 0:01", OUTSIDE), 12, "source.end", "ends at 0:01, not after its start 0:02",
                                  "make end later than start"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_validation_message(docs, name):
    text, line, field, message, fix = CASES[name]
    gallery(docs, clips={"wall": text})
    if name == "outside the bundle":
        (docs / "clips" / "other").mkdir()
    _, problems = load(docs)
    mine = [p for p in problems if p.file == REL]
    assert len(mine) == 1, "\n".join(map(str, problems))
    p = mine[0]
    assert (p.file, p.line, p.field) == (REL, line, field), str(p)
    assert message in p.message, str(p)
    assert fix in p.fix, str(p)


def test_a_file_that_is_not_really_video(docs):
    base = gallery(docs)
    (base / "media" / "light-on-a-wall.webm").write_bytes(b"this is not a video at all\n" * 100)
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line, p.field) == (REL, 8, "source.file")
    assert p.message == ("'media/light-on-a-wall.webm' is not readable as video "
                         "(FFmpeg's libraries via PyAV: Invalid data found when processing input)")
    assert "re-encode it as WebM (VP9) or MP4 (H.264)" in p.fix


def test_a_file_that_refers_to_other_files_is_not_followed(docs):
    # An ffconcat list is a format libavformat detects and would follow; only the formats we publish may read a file.
    base = gallery(docs)
    (base / "media" / "light-on-a-wall.webm").write_text("ffconcat version 1.0\nfile 'light-on-a-wall.webp'\n")
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line, p.field) == (REL, 8, "source.file")
    assert p.message == ("'media/light-on-a-wall.webm' is not readable as video (FFmpeg's libraries via PyAV: "
                         "not a WebM, MP4, PNG, WebP or JPEG file, or a container that refers to other files)")


def test_a_poster_that_is_a_video(docs):
    base = gallery(docs)
    shutil.copy(base / "media" / "light-on-a-wall.webm", base / "media" / "light-on-a-wall.webp")
    _, problems = load(docs)
    (p,) = [p for p in problems if p.file == REL]  # (the archive's image check may report the file too)
    assert (p.line, p.field) == (9, "source.poster") and "is not really a WEBP image" in p.message


def test_an_unreadable_media_file(docs):
    base = gallery(docs)
    (base / "media" / "light-on-a-wall.webm").unlink()
    (base / "media" / "light-on-a-wall.webm").mkdir()  # exists, but is not a file
    _, problems = load(docs)
    p = next(p for p in problems if p.file == REL)
    assert (p.line, p.field) == (8, "source.file") and "does not exist" in p.message


def test_size_limit(docs):
    gallery(docs)
    archive, problems = load(docs)
    assert problems == []
    found = Problems()
    check_sizes(archive.galleries, 10_000, found)
    (p,) = list(found)
    assert (p.file, p.line, p.field) == (REL, 8, "source.file")
    assert "over the limit of 0.01 MB" in p.message and "re-encode" in p.fix
    check_sizes(archive.galleries, 20_000_000, ok := Problems())
    assert not ok


def test_withheld_clip_may_lack_consent_but_not_rights(docs):
    text = _replace("identifiable: false", "identifiable: true").replace("id: wall", "id: wall\nwithheld: true")
    gallery(docs, clips={"wall": text})
    archive, problems = load(docs)
    assert problems == []
    g = archive.galleries[0]
    assert g.clip("wall").withheld and g.published_clips == ()
    text = text.replace("  basis: licence\n", "")
    gallery(docs, clips={"wall": text})
    _, problems = load(docs)
    assert [p.field for p in problems] == ["rights.basis"]


def test_a_file_a_withheld_clip_names_cannot_be_published_by_another_clip(docs):
    # Found by an audit: a withheld clip's video and poster were published through another clip naming them.
    withheld = LOCAL.format(id="person").replace("identifiable: false", "identifiable: true").replace(
        "id: person", "id: person\nwithheld: true")
    gallery(docs, clips={"person": withheld, "person-b": LOCAL.format(id="person-b")})
    _, problems = load(docs)
    found = sorted((p.file, p.line, p.field, p.message) for p in problems)
    at = "docs/clips/light/clips/person-b.yml"  # read first (person-b.yml, then person.yml)
    assert found == [
        ("docs/clips/light/clips/person.yml", 9, "source.file",
         f"media/light-on-a-wall.webm is also the source.file of clip 'person-b' ({at}:8), which is published while this "
         "one is withheld"),
        ("docs/clips/light/clips/person.yml", 10, "source.poster",
         f"media/light-on-a-wall.webp is also the source.poster of clip 'person-b' ({at}:9), which is published while "
         "this one is withheld")], found
    assert all("give the published clip a file of its own, or withhold both" in p.fix for p in problems)
    gallery(docs, clips={"person": withheld, "person-b": withheld.replace("id: person", "id: person-b")})  # both withheld
    archive, problems = load(docs)
    assert problems == [] and archive.galleries[0].published_clips == ()


def test_historical_rule_accepts_the_lumiere_case(docs):
    base = gallery(docs, clips={"factory": OUTSIDE.format(id="factory")})
    (base / "media" / "light-on-a-wall.webm").unlink()
    archive, problems = load(docs)
    assert problems == []
    p = archive.galleries[0].clip("factory").people
    assert (p.identifiable, p.consent) == (True, "historical")


def test_unused_media_is_reported(docs):
    base = gallery(docs)
    shutil.copy(base / "media" / "light-on-a-wall.webp", base / "media" / "spare.webp")
    _, problems = load(docs)
    (p,) = problems
    assert p.file == "docs/clips/light/media/spare.webp" and "no clip uses this file" in p.message


def test_gallery_intro_follows_the_essay_rules(docs):
    base = gallery(docs)
    write(base, "index.en.md", INTRO_EN.replace("translators: [lin]\n", ""))
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.field) == ("docs/clips/light/index.en.md", "translators")


# -- the essay block ----------------------------------------------------------------------------
def test_clip_blocks_are_found_and_checked(docs):
    gallery(docs)
    archive, _ = load(docs)
    text = "---\ntitle: x\n---\n\nText.\n\n/// clip\n    gallery: light\n    id: wal\n///\n\n/// clip\n    gallery: lihgt\n    id: wall\n///\n"
    refs = find_blocks(text)
    assert [(r.gallery, r.clip, r.line) for r in refs] == [("light", "wal", 7), ("lihgt", "wall", 12)]
    problems = Problems()
    check_blocks(refs, archive.galleries, "docs/essays/x/index.zh.md", problems)
    a, b = list(problems)
    assert (a.line, a.field) == (7, "clip.id") and "has no clip 'wal'. Did you mean 'wall'?" in a.message
    assert (b.line, b.field) == (12, "clip.gallery") and "unknown gallery 'lihgt'. Did you mean 'light'?" in b.message
    assert "docs/clips/" in b.fix


PLAYER = ('<figure class="sca-clip sca-clip-embedded" id="{fig}" data-sca-clip><div class="sca-clip-notes">'
          '<p class="sca-notes-head" id="{head}">批注</p><ol class="sca-notes" aria-labelledby="{points}"><li>…</li></ol>'
          '</div></figure>')


def test_each_copy_of_an_embedded_player_is_labelled_by_its_own_heading():
    # as the essay page leaves it: the 繁體 copy's ids renamed, its aria-labelledby not
    page = ("<div lang=\"zh-Hans\">" + PLAYER.format(fig="c-zh", head="c-zh-notes", points="c-zh-notes") + "</div>"
            "<div lang=\"zh-Hant\">" + PLAYER.format(fig="c-zh--hant", head="c-zh-notes--hant", points="c-zh-notes") + "</div>"
            "<div lang=\"en\">" + PLAYER.format(fig="c-en", head="c-en-notes", points="stale") + "</div>")
    fixed = label_copies(page)
    assert fixed.count('aria-labelledby="c-zh-notes"') == 1
    assert fixed.count('aria-labelledby="c-zh-notes--hant"') == 1 and fixed.count('aria-labelledby="c-en-notes"') == 1
    assert fixed.replace("--hant", "").replace("stale", "c-en-notes").count("aria-labelledby") == 3
    assert label_copies(fixed) == fixed
    other = '<ol class="sca-notes" aria-labelledby="elsewhere"></ol>'  # not inside an embedded player: untouched
    assert label_copies(other) == other
