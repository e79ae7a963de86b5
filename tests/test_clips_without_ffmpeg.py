"""No system ffmpeg anywhere: the real archive builds strictly and checks clean with a PATH that holds only the
venv and a few basic tools (no ffmpeg, ffprobe, java or chromium), and its clip pages play files that exist.
The demonstration clips are made the same way, with PyAV and Pillow from the lock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from conftest import REPO, copy_real_archive

from slowcinema.clips import probe

VENV_BIN = Path(sys.executable).parent
BASIC_TOOLS = ("sh", "bash", "env", "cat", "ls", "cp", "mkdir", "rm", "make", "git")
ABSENT = ("ffmpeg", "ffprobe", "java", "chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory) -> dict[str, str]:
    """PATH = the venv's bin and a folder of symbolic links to basic tools, nothing else."""
    tools = tmp_path_factory.mktemp("bin")
    for name in BASIC_TOOLS:
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    path = f"{VENV_BIN}{os.pathsep}{tools}"
    for name in ABSENT:
        assert shutil.which(name, path=path) is None, f"{name} is reachable on the bare PATH: {shutil.which(name, path=path)}"
    home = tmp_path_factory.mktemp("home")
    return {"PATH": path, "HOME": str(home), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def archive_copy(tmp_path_factory) -> Path:
    return copy_real_archive(tmp_path_factory.mktemp("real"))


class _Media(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("video", "source", "track"):
            self.found.append((tag, dict(attrs)))


def _local_clips(docs: Path) -> list[tuple[str, str, dict]]:
    clips = []
    for yml in sorted(docs.glob("clips/*/clips/*.yml")):
        data = yaml.safe_load(yml.read_text(encoding="utf-8"))
        if "file" in data["source"] and not data.get("withheld"):
            clips.append((yml.parent.parent.name, yml.stem, data))
    return clips


def test_the_real_archive_builds_and_checks_without_system_ffmpeg(bare_env, archive_copy):
    site = archive_copy / "site"
    run = subprocess.run([str(VENV_BIN / "python"), "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                         cwd=archive_copy, env=bare_env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "WARNING" not in run.stderr and "ffprobe" not in run.stderr, run.stderr[-4000:]

    check = subprocess.run([str(VENV_BIN / "slowcinema"), "check", "--docs", "docs"],
                           cwd=archive_copy, env=bare_env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr[-4000:]
    assert re.match(r"ok: .*\b[1-9]\d* galler(y|ies)\b", check.stdout), check.stdout

    clips = _local_clips(archive_copy / "docs")
    assert len(clips) >= 3, clips  # the starter gallery's three local studies
    for gallery, clip_id, data in clips:
        page = site / "clips" / gallery / clip_id / "index.html"
        parser = _Media()
        parser.feed(page.read_text(encoding="utf-8"))
        videos = [a for tag, a in parser.found if tag == "video"]
        sources = [a for tag, a in parser.found if tag == "source"]
        assert len(videos) == 1 and len(sources) == 1, (page, parser.found)
        base = f"/clips/{gallery}/{clip_id}/"
        refs = {"poster": videos[0]["poster"], "source": sources[0]["src"]}
        refs |= {f"track {i}": a["src"] for i, (tag, a) in enumerate(parser.found) if tag == "track"}
        for what, ref in refs.items():
            assert ref and "://" not in ref and not ref.startswith("//"), (page, what, ref)
            target = site / unquote(urljoin(base, ref)).lstrip("/")
            assert target.is_file() and target.stat().st_size > 0, (page, what, ref, target)
        video_file = site / unquote(urljoin(base, sources[0]["src"])).lstrip("/")
        assert video_file.read_bytes() == (archive_copy / "docs" / "clips" / gallery / data["source"]["file"]).read_bytes()
        assert sources[0]["type"] == "video/webm"
        # the probed size reached the page (a probe that read nothing would leave 0 here)
        probed = probe.probe(video_file)
        assert probed.width > 0 and (videos[0]["width"], videos[0]["height"]) == (str(probed.width), str(probed.height))


def test_the_demo_clips_are_made_without_system_ffmpeg(bare_env, tmp_path):
    out = tmp_path / "media"
    run = subprocess.run([str(VENV_BIN / "python"), str(REPO / "scripts" / "make_demo_clips.py"), "--out", str(out), "--seconds", "1"],
                         env=bare_env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    import av

    made = {p.name for p in out.iterdir()}
    assert made == {f"{c}.{ext}" for c in ("light-on-a-wall", "rain-at-night", "slow-pan") for ext in ("webm", "webp")} | {
        "workers-leaving-the-factory.webp"}
    for clip_id in ("light-on-a-wall", "rain-at-night", "slow-pan"):
        video = probe.probe(out / f"{clip_id}.webm")
        assert "webm" in video.format_names and video.video_codec == "vp9", video
        assert (video.width, video.height) == (640, 360) and 0.9 <= video.duration <= 1.2, video
        poster = probe.probe(out / f"{clip_id}.webp")
        assert (poster.format_names, poster.video_codec, poster.width, poster.height) == (("webp_pipe",), "webp", 640, 360)
        with av.open(str(out / f"{clip_id}.webm")) as container:
            sound = [s.codec_context.codec.canonical_name for s in container.streams if s.type == "audio"]
            assert sound == (["opus"] if clip_id == "rain-at-night" else []), (clip_id, sound)
            assert container.metadata.get("COPYRIGHT", container.metadata.get("copyright")) == "CC-BY-4.0 Slow Cinema Archive"
    card = probe.probe(out / "workers-leaving-the-factory.webp")
    assert (card.video_codec, card.width, card.height) == ("webp", 640, 480)
