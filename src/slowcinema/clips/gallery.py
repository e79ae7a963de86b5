"""Galleries: bundles `docs/clips/<slug>/` with an introduction (index.zh.md / index.en.md, the
same front matter as an essay) and one YAML file per clip in `clips/<clip-id>.yml`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..archive.registry import ID_RE
from ..content.problems import Problems
from ..essays import bundle as essays
from . import limits
from .clip_file import read_clip
from .model import Gallery

MEDIA_EXTS = {".webm", ".mp4", ".png", ".webp", ".jpg", ".jpeg"}


def load_galleries(docs: Path, root: Path, authors: dict, tags: dict, problems: Problems,
                   films: dict | None = None, max_video_bytes: int | None = None) -> list[Gallery]:
    """`max_video_bytes`: a local video's size limit; by default the clips plugin's `max_video_mb` in the
    project's mkdocs.yml (20 MB without it), so that `make check` reports what the build would."""
    base = docs / "clips"
    if not base.is_dir():
        return []
    if max_video_bytes is None:
        max_video_bytes = limits.max_video_bytes(root, problems)
    galleries = []
    for folder in sorted(base.iterdir()):
        rel = _rel(folder, root)
        if folder.is_file():
            if folder.name != "index.md":
                problems.add(rel, None, None, "unexpected file in docs/clips/: a gallery is a folder of its own",
                             "move it into docs/clips/<gallery-slug>/ (see CONTRIBUTING.md, 'Clip galleries')")
            continue
        if folder.name.startswith("."):
            continue
        if not ID_RE.match(folder.name):
            suggestion = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "my-gallery"
            problems.add(rel, None, "slug", f"'{folder.name}' is not a valid slug: use lowercase ASCII letters, digits and hyphens",
                         f"rename the folder, for example to '{suggestion}'")
            continue
        gallery = _load(folder, docs, root, authors, tags, problems, films, max_video_bytes)
        if gallery:
            galleries.append(gallery)
    galleries.sort(key=lambda g: (g.date, g.slug), reverse=True)
    return galleries


def _load(folder: Path, docs: Path, root: Path, authors: dict, tags: dict, problems: Problems,
          films: dict | None = None, max_video_bytes: int | None = None) -> Gallery | None:
    slug = folder.name
    intro = essays._load_bundle(folder, slug, "clips", root, authors, tags, problems)  # same front matter rules
    bundle_uri = f"clips/{slug}"
    clips, used = [], set()
    clip_dir = folder / "clips"
    if not clip_dir.is_dir():
        problems.add(_rel(folder, root), None, None, "the gallery has no clips/ folder",
                     f"add {_rel(clip_dir, root)}/<clip-id>.yml for each clip (see CONTRIBUTING.md, 'Clip galleries')")
    else:
        for path in sorted(clip_dir.iterdir()):
            rel = _rel(path, root)
            if path.suffix == ".yml":
                clip, refs = read_clip(path, rel, slug, folder, bundle_uri, root, problems, films, max_video_bytes)
                used |= refs
                if clip:
                    clips.append(clip)
            elif path.suffix != ".vtt":
                problems.add(rel, None, None, "unexpected file in the clips/ folder",
                             "the clips/ folder holds <clip-id>.yml files and the WebVTT files they name")
    _check_shared(clips, problems)
    for path in sorted(folder.rglob("*")):
        inner = path.relative_to(folder).as_posix()
        if path.is_file() and not inner.startswith("index.") and inner not in used and (path.suffix.lower() in MEDIA_EXTS or path.suffix == ".vtt"):
            problems.add(_rel(path, root), None, None, "no clip uses this file, so it would be published for nothing",
                         "name it in a clip's source (or notes), or remove it")
    if intro is None:
        return None
    if not clips and clip_dir.is_dir() and not any(clip_dir.glob("*.yml")):
        problems.add(_rel(clip_dir, root), None, None, "the gallery has no clips", "add at least one <clip-id>.yml")
        return None
    versions = {lang: dataclasses.replace(v, src_uri=f"{bundle_uri}/index.{lang}.md") for lang, v in intro.versions.items()}
    clips.sort(key=lambda c: (c.film.year, c.id))
    return Gallery(dataclasses.replace(intro, versions=versions), tuple(clips))


def _check_shared(clips: list, problems: Problems) -> None:
    """A file that a withheld clip names is not published, so no published clip may name it: otherwise the
    published clip's record would publish what the other withholds (people without consent, say)."""
    first: dict[str, tuple] = {}  # a file's path in the gallery -> (the first clip naming it, the field, its line)
    for clip in clips:
        for field, media in (("source.file", clip.source.video), ("source.poster", clip.source.poster)):
            if media is None:
                continue
            other, other_field, line = first.setdefault(media.path, (clip, field, media.line))
            if other.withheld != clip.withheld:
                state = "withheld while this one is published" if other.withheld else "published while this one is withheld"
                problems.add(clip.rel, media.line, field,
                             f"{media.path} is also the {other_field} of clip '{other.id}' ({other.rel}:{line}), "
                             f"which is {state}",
                             "a withheld clip's files are not published: give the published clip a file of its own, "
                             "or withhold both")


def check_sizes(galleries: list[Gallery], max_bytes: int, problems: Problems) -> None:
    """A local video over `max_bytes` is an error. The loader already checks every clip against the
    limit of the project's mkdocs.yml; the clips plugin calls this with the limit MkDocs loaded, for a
    build run with another configuration file. Same message either way (`limits.check_size`)."""
    for g in galleries:
        for c in g.clips:
            if c.source.video:
                limits.check_size(c.source.video, max_bytes, c.rel, problems)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
