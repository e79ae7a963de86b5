"""One clip: `docs/clips/<gallery>/clips/<clip-id>.yml`, read strictly and validated."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from ..archive.registry import ID_RE
from ..content import schema, yamlio
from ..content.problems import Problems, did_you_mean
from ..content.source import read_text
from . import limits, probe, timecode
from .context import Ctx
from .model import Clip, Film, Media, Source
from .notes import DOC, DURATION_SLACK, read_captions, read_notes
from .providers import PROVIDERS, video_id
from .rights import bilingual, read_people, read_rights

REENCODE = "re-encode it as WebM (VP9) or MP4 (H.264), for example with ffmpeg, HandBrake or a video editor"
FIELDS = schema.CLIP.names


def read_clip(path: Path, rel: str, gallery: str, bundle: Path, bundle_uri: str, root: Path,
              problems: Problems, films: dict | None = None, max_video_bytes: int | None = None) -> tuple[Clip | None, set[str]]:
    """`max_video_bytes`: the size limit of a local video (see `limits`), checked before the file is probed."""
    text = read_text(path, rel, problems)
    if text is None:
        return None, set()
    doc = yamlio.load(text, rel, problems)
    if doc is None:
        return None, set()
    if not isinstance(doc.data, dict):
        problems.add(rel, 1, None, "a clip file must be a set of 'key: value' fields", f"start with id: {path.stem} ({DOC})")
        return None, set()
    c = Ctx(rel, doc, bundle, bundle_uri, root, problems, films, max_video_bytes)
    data = doc.data
    before = len(problems)
    schema.CLIP.unknown(data, rel, problems, doc)
    clip_id = data.get("id")
    if clip_id != path.stem:
        c.add(("id",), "id", "is missing" if clip_id is None else f"'{clip_id}' differs from the file name '{path.stem}'",
              f"write id: {path.stem} (the id is the file name without .yml)")
    if not ID_RE.match(path.stem):
        problems.add(rel, None, "id", f"'{path.stem}' is not a valid clip id: use lowercase ASCII letters, digits and hyphens",
                     "rename the file, for example to morning-light.yml")
    title = _need(c, data, "title", lambda v: bilingual(v, doc, rel, ("title",), "title", problems))
    film = _need(c, data, "film", lambda v: _film(c, v))
    withheld = data.get("withheld", False)
    if not isinstance(withheld, bool):
        c.add(("withheld",), "withheld", f"must be true or false, not {withheld!r}", "write withheld: true (or remove the line)")
        withheld = False
    source = _need(c, data, "source", lambda v: _source(c, v))
    duration = _duration(c, data, source)
    notes = read_notes(c, data, duration, path.parent)
    captions = read_captions(c, data, duration, path.parent)
    rights = read_rights(data.get("rights"), doc, rel, problems)
    people = read_people(data.get("people"), doc, rel, problems, withheld=withheld, rights=rights,
                         film_year=film.year if film else None)
    if len(problems) > before or None in (title, film, source, duration, notes, rights, people):
        return None, c.used
    return Clip(path.stem, gallery, rel, title, film, source, duration, notes, rights, people, withheld, captions), c.used


def _need(c: Ctx, data: dict, key: str, reader) -> Any:
    if key not in data:
        c.problems.add(c.rel, 1, key, "is missing", f"add '{key}:' ({DOC})")
        return None
    return reader(data[key])


def _film(c: Ctx, v: Any) -> Film | None:
    if isinstance(v, str):  # a film of the registry, by id
        film = c.films.get(v)
        if film is None:
            c.add(("film",), "film", f"unknown film '{v}'.{did_you_mean(v, c.films)}",
                  "use an id from docs/films.yml (or add the film there), or describe it with title:, director: and year:")
            return None
        return Film(film.title, film.director, film.year, film.id)
    if not isinstance(v, dict):
        c.add(("film",), "film", "must be a film id or a mapping", "write film: <id in docs/films.yml>, or title:, director: and year: indented below")
        return None
    schema.CLIP_FILM.unknown(v, c.rel, c.problems, c.doc, ("film",), "film")
    title = bilingual(v.get("title"), c.doc, c.rel, ("film", "title"), "film.title", c.problems)
    director = bilingual(v.get("director"), c.doc, c.rel, ("film", "director"), "film.director", c.problems)
    year = v.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1870 <= year <= 2100:
        c.add(("film", "year") if "year" in v else ("film",), "film.year",
              "is missing" if year is None else f"{year!r} is not a year", "write the year of release, for example year: 1895")
        return None
    return Film(title, director, year) if title and director else None


def _file(c: Ctx, src: dict, key: str, kinds: dict[str, str]) -> tuple[Path, str] | None:
    """A file named in the bundle: safe, existing, with an accepted extension."""
    value = src.get(key)
    where = ("source", key)
    if not isinstance(value, str) or not value.strip():
        c.add(where if key in src else ("source",), f"source.{key}", "is missing" if key not in src else "is empty",
              f"write source.{key}: media/<name>{next(iter(kinds))} (a path inside the gallery folder)")
        return None
    norm = posixpath.normpath(value.strip())
    if norm.startswith(("../", "/")) or norm == ".." or "://" in value:
        c.add(where, f"source.{key}", f"'{value}' is outside the gallery folder",
              "put the file in the gallery's media/ folder and write media/<name>")
        return None
    ext = Path(norm).suffix.lower()
    if ext not in kinds:
        c.add(where, f"source.{key}", f"'{value}' is not a {' or '.join(k.lstrip('.').upper() for k in kinds)} file",
              f"convert it to {next(iter(kinds)).lstrip('.')} (scripts/make_demo_clips.py shows the settings)")
        return None
    path = c.bundle / norm
    c.used.add(norm)
    if not path.is_file():
        c.add(where, f"source.{key}", f"the file '{value}' does not exist in {c.bundle_uri}/",
              "check the spelling, or add the file to the gallery's media/ folder")
        return None
    return path, norm


def _source(c: Ctx, v: Any) -> Source | None:
    if not isinstance(v, dict):
        c.add(("source",), "source", "must be a mapping", "write source: with file: and poster: (or provider:, url:, start:, end:)")
        return None
    schema.SOURCE.unknown(v, c.rel, c.problems, c.doc, ("source",), "source")
    poster = _poster(c, v)
    if "file" in v and "provider" in v:
        c.add(("source", "provider"), "source", "names both a file and a provider", "keep one: file: for a local clip, or provider: and url:")
        return None
    if "provider" in v:
        return _provider(c, v, poster)
    if "file" not in v:
        c.add(("source",), "source.file", "is missing: a clip is a file in the bundle or a video on a provider",
              f"write file: media/<name>.webm, or provider: ({', '.join(PROVIDERS)}) with url:, start:, end:")
        return None
    found = _file(c, v, "file", probe.VIDEO_MIME)
    if not found or not poster:
        return None
    path, norm = found
    line = c.doc.line("source", "file")
    size = path.stat().st_size
    if c.max_video_bytes is not None and not limits.check_size(Media(norm, f"{c.bundle_uri}/{norm}", line, size), c.max_video_bytes,
                                                               c.rel, c.problems):
        return None  # not probed: a file over the limit is not published whatever it holds
    try:
        p = probe.probe(path)
    except probe.ProbeError as err:
        c.add(("source", "file"), "source.file", f"'{norm}' is not readable as video ({probe.READER}: {err})", REENCODE)
        return None
    ext = path.suffix.lower()
    if not p.video_codec or not set(p.format_names) & set(probe.VIDEO_FORMATS[ext]) or p.duration <= 0:
        c.add(("source", "file"), "source.file",
              f"'{norm}' is not really a {ext.lstrip('.').upper()} video ({probe.READER} found format "
              f"{','.join(p.format_names) or 'none'}, video stream {p.video_codec or 'none'})", REENCODE)
        return None
    video = Media(norm, f"{c.bundle_uri}/{norm}", line, size, p.width, p.height, probe.VIDEO_MIME[ext], p.duration)
    for key in ("url", "start", "end"):
        if key in v:
            c.add(("source", key), f"source.{key}", "is only for a provider's video", f"remove {key}: (trim the file itself instead)")
            return None
    return Source("local", poster, video)


def _poster(c: Ctx, v: dict) -> Media | None:
    found = _file(c, v, "poster", probe.IMAGE_MIME)
    if not found:
        return None
    path, norm = found
    try:
        p = probe.probe(path)
    except probe.ProbeError as err:
        c.add(("source", "poster"), "source.poster", f"'{norm}' is not a readable image ({probe.READER}: {err})", "export the poster again as PNG or WebP")
        return None
    ext = path.suffix.lower()
    if p.video_codec != probe.IMAGE_CODECS[ext] or not p.width:
        c.add(("source", "poster"), "source.poster", f"'{norm}' is not really a {ext.lstrip('.').upper()} image",
              "export the poster again as PNG or WebP")
        return None
    return Media(norm, f"{c.bundle_uri}/{norm}", c.doc.line("source", "poster"), path.stat().st_size, p.width, p.height, probe.IMAGE_MIME[ext])


def _provider(c: Ctx, v: dict, poster: Media | None) -> Source | None:
    name = v.get("provider")
    if name not in PROVIDERS:
        c.add(("source", "provider"), "source.provider", f"{name!r} is not a provider we embed.{did_you_mean(str(name), PROVIDERS)}",
              f"use one of {', '.join(PROVIDERS)}, or put the file in the gallery (file:)")
        return None
    prov = PROVIDERS[name]
    if not isinstance(v.get("url"), str):
        c.add(("source", "url") if "url" in v else ("source",), "source.url", "is missing" if "url" not in v else "must be text",
              f"write url: {prov.example}")
        return None
    vid, message, fix = video_id(prov, v["url"])
    if vid is None:
        c.add(("source", "url"), "source.url", message, fix)
        return None
    times = {}
    for key in ("start", "end"):
        if key not in v:
            c.add(("source",), f"source.{key}", "is missing: a provider's clip says where it starts and ends", f"add {key}: 0:00 (minutes:seconds)")
            continue
        try:
            times[key] = timecode.parse(v[key])
        except timecode.TimeError as err:
            c.add(("source", key), f"source.{key}", err.message, err.fix)
    if len(times) < 2 or poster is None:
        return None
    if times["end"] <= times["start"]:
        c.add(("source", "end"), "source.end", f"ends at {timecode.short(times['end'])}, not after its start {timecode.short(times['start'])}",
              "make end later than start")
        return None
    return Source(name, poster, None, name, vid, v["url"].strip(), times["start"], times["end"])


def _duration(c: Ctx, data: dict, source: Source | None) -> float | None:
    written = None
    if "duration" in data:
        try:
            written = timecode.parse(data["duration"])
        except timecode.TimeError as err:
            c.add(("duration",), "duration", err.message, err.fix)
            return None
    if source is None:
        return written
    actual = source.video.duration if source.local else source.end - source.start
    if written is not None and abs(written - actual) > DURATION_SLACK:
        what = "the file lasts" if source.local else "source.end - source.start is"
        c.add(("duration",), "duration", f"says {timecode.short(written)} but {what} {timecode.short(actual)}",
              f"write duration: {timecode.short(round(actual, 1))} (or remove the line: it is measured)")
        return None
    return round(actual, 3)
