"""Clip galleries, built with the real MkDocs: gallery and clip pages, WebVTT files, withheld
clips, the `/// clip` block in essays, and the size limit of the plugin's configuration."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import EN, ZH, build, make_project
from test_clips_kit import LOCAL, OUTSIDE, gallery


def clips_project(project, **clips):
    gallery(project.docs, clips=clips or {"wall": LOCAL.format(id="wall"), "factory": OUTSIDE.format(id="factory")})
    project.write("clips/index.md", "---\ntitle: Clips\n---\n\n# 片段集 Clips\n")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The gallery and an essay embedding one of its clips, built once for the tests that read it."""
    project = clips_project(make_project(tmp_path_factory.mktemp("clips") / "proj"))
    text = ZH.replace("第一节的第二段。", "第一节的第二段。\n\n/// clip\n    gallery: light\n    id: wall\n///")
    project.essay("with-clip", zh=text, en=EN.replace("Second paragraph of the first section.",
                                                        "Second paragraph of the first section.\n\n/// clip\n    gallery: light\n    id: wall\n///"))
    result = build(project.root)
    assert result.ok, result.log
    return result


def test_gallery_page_is_a_grid_of_poster_cards(site):
    html = site.page("clips/light/index.html")
    assert "光的习作" in html and "Studies of light" in html and "第一段介绍。" in html and "The introduction." in html
    cards = re.findall(r'<li class="sca-card">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    wall = next(c for c in cards if 'href="wall/"' in c)
    assert re.search(r'<img src="media/light-on-a-wall.webp" width="640" height="360" alt="" loading="lazy"', wall)
    assert "墙上的光" in wall and "Light on a wall" in wall and "2026" in wall
    assert '<time datetime="PT32S">0:32</time>' in wall and "5 notes" in wall and "5 条批注" in wall
    assert not (site.site / "clips/light/index.zh/index.html").exists()


def test_clip_page_has_the_player_notes_and_tracks(site):
    html = site.page("clips/light/wall/index.html")
    video = re.search(r"<video[^>]*>", html).group(0)
    assert 'preload="none"' in video and 'poster="../media/light-on-a-wall.webp"' in video
    assert 'width="640" height="360"' in video
    assert '<source src="../media/light-on-a-wall.webm" type="video/webm">' in html
    for tag in ("zh-Hans", "zh-Hant", "en"):
        assert f'<track kind="chapters" src="notes.{tag}.vtt" srclang="{tag}"' in html
    notes = re.findall(r'<li class="sca-note" data-sca-t="([^"]+)" data-sca-end="([^"]+)"', html)
    assert notes == [("0", "4"), ("4", "10"), ("10", "14"), ("16", "27"), ("27", "32")]
    assert '<a class="sca-note-link" href="#t=4">' in html and '<time datetime="PT4S">0:04</time>' in html
    # Contributor text is escaped (notes are plain text: markup in them is refused at load, test_hostile_data.py)
    assert "The light rises &amp; falls." in html
    assert "rises & falls" not in html
    assert "光亮起來" in html  # traditional generated
    assert "CC-BY-4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html


def test_webvtt_files_are_written_per_language(site):
    en = site.page("clips/light/wall/notes.en.vtt")
    assert en.startswith("WEBVTT\n\nduration-1\n00:00:00.000 --> 00:00:04.000\nThe opening.\n")
    assert "The light rises &amp; falls." in en
    assert "光亮起來" in site.page("clips/light/wall/notes.zh-Hant.vtt")
    # sources are data: not published as they are
    assert not (site.site / "clips/light/clips").exists()


def test_outside_clip_is_a_facade(site):
    html = site.page("clips/light/factory/index.html")
    assert "<iframe" not in html and "<video" not in html
    button = re.search(r'<button type="button" class="sca-facade"[^>]*>', html).group(0)
    assert 'data-sca-embed="https://archive.org/embed/test-identifier?start=2&amp;autoplay=1"' in button
    assert 'src="../media/light-on-a-wall.webp"' in html  # a local poster, never the provider's thumbnail
    assert 'href="https://archive.org/details/test-identifier?start=12" rel="noopener noreferrer external" target="_blank"' in html
    assert "historical" in html and "Ordinary workers filmed more than a century ago." in html


def test_the_essay_block_embeds_the_clip_in_each_language(site):
    html = site.page("essays/with-clip/index.html")
    # simplified, traditional (generated from it) and English cells, each with its own id
    assert html.count('<figure class="sca-clip sca-clip-embedded"') == 3
    ids = re.findall(r'<figure class="sca-clip sca-clip-embedded" id="([^"]+)"', html)
    assert sorted(ids) == ["clip-light-wall-en", "clip-light-wall-zh", "clip-light-wall-zh--hant"]
    assert "開頭。" in html
    assert 'src="../../clips/light/media/light-on-a-wall.webm"' in html
    zh = html[html.index('id="clip-light-wall-zh"'):html.index('id="clip-light-wall-en"')]
    assert "开头。" in zh and "The opening." not in zh
    assert 'href="../../clips/light/wall/#t=4"' in zh
    assert "<!-- sca-clip" not in html
    captions = dict(re.findall(r'<figcaption class="sca-clip-caption">\s*<a class="sca-l" lang="([^"]+)"[^>]*>([^<]+)</a>', html))
    assert captions["en"].endswith(" (2026)") and "（" not in captions["en"]  # English in ASCII parentheses
    assert captions["zh-Hans"].endswith("（2026）")


class _Places(HTMLParser):
    """Every id and every aria-labelledby of a page, each with the embedded player (<figure>) and the
    language copy (the nearest `lang`) it sits in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.ids: list[tuple[str, str | None, str | None]] = []
        self.refs: list[tuple[str, str | None, str | None]] = []

    def _place(self, attrs: dict) -> tuple[str | None, str | None]:
        chain = self.stack + [("", attrs)]
        figure = next((a.get("id") for t, a in reversed(self.stack) if t == "figure"), None)
        lang = next((a["lang"] for _, a in reversed(chain) if "lang" in a), None)
        return figure, lang

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append((a["id"], *self._place(a)))
        if "aria-labelledby" in a:
            for target in a["aria-labelledby"].split():
                self.refs.append((target, *self._place(a)))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def _places(html: str) -> _Places:
    parser = _Places()
    parser.feed(html)
    return parser


def test_each_language_copy_of_an_embedded_clip_is_labelled_by_its_own_heading(site):
    places = _places(site.page("essays/with-clip/index.html"))
    ids = [i for i, _, _ in places.ids]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)  # ids unique in the page
    where = {i: (figure, lang) for i, figure, lang in places.ids}
    in_players = [(t, f, lang) for t, f, lang in places.refs if f and f.startswith("clip-")]
    assert sorted(lang for _, _, lang in in_players) == ["en", "zh-Hans", "zh-Hant"]  # one list of notes per copy
    for target, figure, lang in places.refs:  # every reference on the page, the players' and the rest
        assert target in where, f"aria-labelledby={target!r} names no element"
        if figure and figure.startswith("clip-"):
            assert where[target] == (figure, lang), f"{figure} ({lang}) is labelled by {target} in {where[target]}"


def test_a_clip_embedded_twice_keeps_its_ids_unique(project):
    clips_project(project)
    twice = "\n\n/// clip\n    gallery: light\n    id: wall\n///\n\nBetween.\n\n/// clip\n    gallery: light\n    id: wall\n///\n"
    project.essay("twice", zh=ZH + twice.replace("Between.", "两段之间。"), en=None)
    result = build(project.root)
    assert result.ok, result.log
    places = _places(result.page("essays/twice/index.html"))
    ids = [i for i, _, _ in places.ids]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    figures = sorted(i for i in ids if re.fullmatch(r"clip-light-wall-zh(-2)?(--hant)?", i))
    assert figures == ["clip-light-wall-zh", "clip-light-wall-zh--hant", "clip-light-wall-zh-2", "clip-light-wall-zh-2--hant"]
    where = {i: (figure, lang) for i, figure, lang in places.ids}
    refs = [(t, f, lang) for t, f, lang in places.refs if f and f.startswith("clip-")]
    assert len(refs) == 4 and all(where[t] == (f, lang) for t, f, lang in refs)


def test_the_timeline_sees_the_gallery(project):
    clips_project(project)
    from slowcinema.archive.load import load_archive
    archive, problems = load_archive(project.docs, project.root)
    assert not problems
    assert ("gallery", "light") in [(d.kind, d.id) for d in archive.dated_entries()]


def test_withheld_clip_is_not_published(project):
    withheld = LOCAL.format(id="wall").replace("identifiable: false", "identifiable: true").replace("id: wall", "id: wall\nwithheld: true")
    # The other clip has a poster of its own: it may not name the withheld one's (tests/test_clips_core.py).
    clips_project(project, wall=withheld, factory=OUTSIDE.format(id="factory").replace("light-on-a-wall.webp", "factory.webp"))
    media = project.docs / "clips/light/media"
    shutil.copy(media / "light-on-a-wall.webp", media / "factory.webp")
    result = build(project.root)
    assert result.ok, result.log
    assert not (result.site / "clips/light/wall").exists()
    assert not (result.site / "clips/light/media/light-on-a-wall.webm").exists()
    assert not (result.site / "clips/light/media/light-on-a-wall.webp").exists()
    assert (result.site / "clips/light/media/factory.webp").exists()  # the poster of the other clip
    assert 'href="wall/"' not in result.page("clips/light/index.html")
    assert "Light on a wall" not in result.page("clips/light/index.html")
    # The gallery counts the clip it publishes, in each language ("1 clips" once).
    assert "· 1 clip</p>" in result.page("clips/light/index.html") and "· 1 个片段</p>" in result.page("clips/light/index.html") \
        and "· 1 個片段</p>" in result.page("clips/light/index.html")


def test_a_clip_without_consent_fails_the_build(project):
    clips_project(project, wall=LOCAL.format(id="wall").replace("identifiable: false", "identifiable: true"))
    result = build(project.root)
    assert not result.ok
    assert any("docs/clips/light/clips/wall.yml:39: people.consent: the clip shows identifiable people and has no consent on record" in m
               for m in result.messages("ERROR")), result.log


def test_unknown_clip_in_an_essay_fails_with_file_and_line(project):
    clips_project(project)
    project.essay("with-clip", zh=ZH + "\n/// clip\n    gallery: light\n    id: wal\n///\n", en=None)
    result = build(project.root)
    assert not result.ok
    line = (ZH + "\n").count("\n") + 1
    assert any(f"docs/essays/with-clip/index.zh.md:{line}: clip.id: the gallery 'light' has no clip 'wal'. Did you mean 'wall'?" in m
               for m in result.messages("ERROR")), result.log


OVER = ("docs/clips/light/clips/wall.yml:8: source.file: 'media/light-on-a-wall.webm' is 0.1 MB, over the limit of 0.01 MB\n"
        "    fix: shorten or re-encode it (a lower bitrate, VP9 in WebM), or host it on a provider (provider:, url:)")


def _small_limit(project):
    cfg = project.root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "  - slowcinema/clips\n" in text
    cfg.write_text(text.replace("  - slowcinema/clips\n", "  - slowcinema/clips:\n      max_video_mb: 0.01\n"), encoding="utf-8")


def test_the_size_limit_is_configurable(project):
    clips_project(project)
    _small_limit(project)
    result = build(project.root)
    assert not result.ok
    assert any(OVER in m for m in result.messages("ERROR")), result.log


def test_make_check_reports_an_oversize_clip_as_the_build_does(project, monkeypatch, capsys):
    from slowcinema import cli
    clips_project(project)
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    _small_limit(project)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert OVER in err, err
    assert "1 problem found" in err


def test_a_build_whose_clips_did_not_change_reads_what_they_are_from_the_cache(project, monkeypatch):
    """What each media file is (slowcinema.clips.probe) is kept in the build cache: the next build, in a new process
    (the in-memory answers dropped), opens none of them, and writes the same site. A changed file is read again."""
    from slowcinema.clips import probe

    clips_project(project)
    first = build(project.root)
    assert first.ok, first.log
    opened = []
    real = probe._probe
    monkeypatch.setattr(probe, "_probe", lambda path: opened.append(path.name) or real(path))
    monkeypatch.setattr(probe, "_cache", {})
    again = build(project.root)
    assert again.ok, again.log
    assert opened == [] and again.page("clips/light/wall/index.html") == first.page("clips/light/wall/index.html")
    poster = project.docs / "clips/light/media/light-on-a-wall.webp"
    poster.write_bytes(poster.read_bytes())  # the same bytes, a new modification time: read again, to be sure
    monkeypatch.setattr(probe, "_cache", {})
    assert build(project.root).ok and opened == ["light-on-a-wall.webp"]


def test_a_media_file_that_cannot_be_read_is_reported_by_every_build(project):
    """What cannot be read is never kept in the build cache: the second build reports it again, at its line."""
    clips_project(project)
    (project.docs / "clips/light/media/light-on-a-wall.webm").write_bytes(b"not a video at all")
    for _ in range(2):
        result = build(project.root)
        assert not result.ok
        assert any("clips/light/clips/wall.yml:" in m and "is not readable as video" in m
                   for m in result.messages("ERROR")), result.log
