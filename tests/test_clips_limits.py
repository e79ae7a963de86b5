"""Clip galleries: the size limit of a local clip file, applied by the loader (so `make check` and the
build report the same problem) with the limit of the site's mkdocs.yml, or 20 MB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_clips_kit import gallery, load, new_docs

from slowcinema.clips import limits
from slowcinema.clips.model import Media
from slowcinema.content.problems import Problems

REL = "docs/clips/light/clips/wall.yml"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return new_docs(tmp_path)


# The size limit is checked by the loader, so `make check` reports what the build would.
SITE_CONFIG = """\
site_name: x
site_url: !ENV [SITE_URL, "https://example.org/"]
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
plugins:
  - search
  - slowcinema/archive
  - slowcinema/clips:
      max_video_mb: %s
"""


def test_the_loader_applies_the_limit_of_the_sites_mkdocs_yml(docs):
    gallery(docs)
    (docs.parent / "mkdocs.yml").write_text(SITE_CONFIG % "0.01", encoding="utf-8")  # tags and all, as the real one
    archive, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line, p.field) == (REL, 8, "source.file"), str(p)
    assert p.message == "'media/light-on-a-wall.webm' is 0.1 MB, over the limit of 0.01 MB"
    assert p.fix == "shorten or re-encode it (a lower bitrate, VP9 in WebM), or host it on a provider (provider:, url:)"
    assert [g.clips for g in archive.galleries] == [()]  # the clip is refused
    (docs.parent / "mkdocs.yml").write_text(SITE_CONFIG % "1", encoding="utf-8")
    assert load(docs)[1] == []


def test_a_file_over_the_default_limit_is_refused_without_being_read(docs):
    base = gallery(docs)  # no mkdocs.yml: the default, 20 MB
    video = base / "media" / "light-on-a-wall.webm"
    os.truncate(video, 20_000_001)  # sparse: no 20 MB written to the disk; the file is never probed
    _, problems = load(docs)
    (p,) = problems
    assert (p.file, p.line, p.field) == (REL, 8, "source.file"), str(p)
    assert p.message == "'media/light-on-a-wall.webm' is 20,000,001 bytes, over the limit of 20 MB (20,000,000 bytes)"
    assert "re-encode" in p.fix
    os.truncate(video, 20_000_000)  # at the limit: allowed (probed, and still the same WebM, zeros after its end)
    assert load(docs)[1] == []


def test_a_bad_limit_in_mkdocs_yml_is_a_problem(docs):
    gallery(docs)
    (docs.parent / "mkdocs.yml").write_text(SITE_CONFIG % "big", encoding="utf-8")
    (p,) = load(docs)[1]
    assert (p.file, p.field) == ("mkdocs.yml", "plugins.slowcinema/clips.max_video_mb")
    assert "'big' is not a size in megabytes" in p.message and "max_video_mb: 20" in p.fix


@pytest.mark.parametrize("size,message", [
    (21_000_000, "'media/x.webm' is 21.0 MB, over the limit of 20 MB"),
    (20_040_000, "'media/x.webm' is 20,040,000 bytes, over the limit of 20 MB (20,000,000 bytes)"),
])
def test_size_messages_say_how_much_over(size, message):
    problems = Problems()
    assert not limits.check_size(Media("media/x.webm", "clips/g/media/x.webm", 3, size), 20_000_000, "docs/c.yml", problems)
    (p,) = problems
    assert (p.file, p.line, p.message) == ("docs/c.yml", 3, message)
    assert limits.check_size(Media("media/x.webm", "clips/g/media/x.webm", 3, 20_000_000), 20_000_000, "docs/c.yml", problems)
