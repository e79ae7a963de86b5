"""A clip's notes (YAML list, or a pair of WebVTT files) and captions, and the rules on their times."""

from __future__ import annotations

import re
from pathlib import Path

from ..content import schema
from ..content.fields import Place
from ..content.problems import did_you_mean
from ..content.source import read_text
from . import timecode, webvtt
from .context import Ctx
from .model import NOTE_KINDS, Note

DOC = "see CONTRIBUTING.md, 'Clip galleries'"
DURATION_SLACK = 0.5  # seconds between a written duration and the probed one


def read_notes(c: Ctx, data: dict, duration: float | None, folder: Path) -> tuple[Note, ...] | None:
    v = data.get("notes")
    if v is None:
        c.problems.add(c.rel, 1, "notes", "is missing: a clip in the archive is annotated",
                       "add notes: a list of {at:, kind:, zh:, en:}, or {zh: <file>.zh.vtt, en: <file>.en.vtt}")
        return None
    if isinstance(v, dict):
        notes = _vtt_notes(c, v, folder)
    elif isinstance(v, list) and v:
        notes = _yaml_notes(c, v)
    else:
        c.add(("notes",), "notes", "must be a list of notes (or two WebVTT files)", f"see the example in {DOC}")
        return None
    if notes is None or duration is None:
        return None
    return _check_times(c, notes, duration)


def _yaml_notes(c: Ctx, items: list) -> tuple[Note, ...] | None:
    out, before = [], len(c.problems)
    for i, n in enumerate(items):
        at_ = ("notes", i)
        name = f"notes[{i}]"
        if not isinstance(n, dict):
            c.add(at_, name, "must be a mapping", "write - at: 0:05, kind: light, zh: ..., en: ...")
            continue
        schema.NOTE.unknown(n, c.rel, c.problems, c.doc, at_, name)
        times = []
        for key in ("at", "end"):
            if key not in n:
                if key == "at":
                    c.add(at_, f"{name}.at", "is missing", "add at: 0:05 (minutes:seconds)")
                times.append(None)
                continue
            try:
                times.append(timecode.parse(n[key]))
            except timecode.TimeError as err:
                c.add(at_ + (key,), f"{name}.{key}", err.message, err.fix)
                times.append(None)
        kind = n.get("kind")
        if kind not in NOTE_KINDS:
            c.add(at_ + ("kind",) if "kind" in n else at_, f"{name}.kind",
                  "is missing" if kind is None else f"{kind!r} is not a kind of note.{did_you_mean(str(kind), NOTE_KINDS)}",
                  f"use one of {', '.join(NOTE_KINDS)}")
        texts = {}
        for lang in ("zh", "en"):
            t = n.get(lang)
            if not isinstance(t, str) or not t.strip():
                c.add(at_ + (lang,) if lang in n else at_, f"{name}.{lang}", "is missing" if lang not in n else "is empty",
                      f"write the note in {'Chinese' if lang == 'zh' else 'English'} after '{lang}:'")
            else:  # plain text, by the archive's one rule set (no markup, no bidi or invisible characters)
                text = schema.NOTE.plain(lang, " ".join(t.split()), Place(c.rel, c.doc.line(*at_, lang), f"{name}.{lang}"),
                                         c.problems)
                if text is not None:
                    texts[lang] = text
        if len(c.problems) == before:
            out.append(Note(times[0], times[1], kind, texts["zh"], texts["en"], c.doc.line(*at_),
                            tuple((c.rel, c.doc.line(*at_, lang)) for lang in ("zh", "en"))))
    return tuple(out) if len(c.problems) == before else None


_KIND_ID_RE = re.compile(r"^([a-z]+)(?:[-\s].*)?$")


def _vtt_notes(c: Ctx, v: dict, folder: Path) -> tuple[Note, ...] | None:
    """notes: {zh: <file>.zh.vtt, en: <file>.en.vtt}: the same cues in both, identifiers give the kind."""
    parsed = {lang: _vtt_file(c, v, lang, folder, ("notes",), "notes") for lang in ("zh", "en")}  # both, to report all
    if None in parsed.values():
        return None
    cues = {}
    for lang in ("zh", "en"):
        cues[lang], rel = parsed[lang]
        for cue in cues[lang]:
            m = _KIND_ID_RE.match(cue.identifier)
            if not m or m.group(1) not in NOTE_KINDS:
                c.problems.add(rel, cue.line - (1 if cue.identifier else 0), "cue identifier",
                               f"{cue.identifier or '(none)'!r} does not start with a kind of note.{did_you_mean(cue.identifier, NOTE_KINDS)}",
                               f"write the kind on the line above the timing line, for example 'light' or 'light-2' ({', '.join(NOTE_KINDS)})")
                return None
    zh, en = cues["zh"], cues["en"]
    if len(zh) != len(en):
        c.add(("notes",), "notes", f"the Chinese file has {len(zh)} cues and the English file {len(en)}",
              "give both files the same cues, with the same times and kinds")
        return None
    out = []
    for a, b in zip(zh, en):
        if (a.start, a.end) != (b.start, b.end) or _KIND_ID_RE.match(a.identifier).group(1) != _KIND_ID_RE.match(b.identifier).group(1):
            c.add(("notes", "en"), "notes", f"the cue at {timecode.vtt(a.start)} (zh line {a.line}) does not match en line {b.line}",
                  "give both files the same cues, with the same times and kinds")
            return None
        out.append(Note(a.start, a.end, _KIND_ID_RE.match(a.identifier).group(1), a.text, b.text, c.doc.line("notes"),
                        ((parsed["zh"][1], a.line + 1), (parsed["en"][1], b.line + 1))))  # each cue's first line of text
    return tuple(out)


def _vtt_file(c: Ctx, v: dict, lang: str, folder: Path, path: tuple, name: str):
    value = v.get(lang)
    if not isinstance(value, str) or not value.endswith(".vtt") or "/" in value:
        c.add(path + (lang,) if lang in v else path, f"{name}.{lang}", "is missing" if lang not in v else f"{value!r} is not a .vtt file name",
              f"write {lang}: <clip-id>.{lang}.vtt (a file next to the clip's .yml)")
        return None
    file = folder / value
    rel = f"{c.rel.rsplit('/', 1)[0]}/{value}"
    c.used.add(f"clips/{value}")
    if not file.is_file():
        c.add(path + (lang,), f"{name}.{lang}", f"the file '{value}' does not exist", "add it next to the clip's .yml, or correct the name")
        return None
    text = read_text(file, rel, c.problems)
    cues = webvtt.parse(text, rel, c.problems) if text is not None else None
    return None if cues is None else (cues, rel)


def read_captions(c: Ctx, data: dict, duration: float | None, folder: Path) -> dict | None:
    v = data.get("captions")
    if v is None:
        return {}
    if not isinstance(v, dict):
        c.add(("captions",), "captions", "must name a WebVTT file per language", "write captions: {zh: <id>.zh.vtt, en: <id>.en.vtt}")
        return None
    out = {}
    for lang in ("zh", "en"):
        parsed = _vtt_file(c, v, lang, folder, ("captions",), "captions")
        if parsed is None:
            return None
        cues, rel = parsed
        late = next((q for q in cues if duration is not None and q.end > duration + DURATION_SLACK), None)
        if late:
            c.problems.add(rel, late.line, "cue", f"ends at {timecode.vtt(late.end)}, after the clip's end ({timecode.short(duration)})",
                           "correct the cue's times")
            return None
        out[lang] = tuple(cues)
    return out


def _check_times(c: Ctx, notes: tuple[Note, ...], duration: float) -> tuple[Note, ...] | None:
    before = len(c.problems)
    for i, n in enumerate(notes):
        name = f"notes[{i}]"
        line = n.line
        if n.at >= duration:
            c.problems.add(c.rel, line, f"{name}.at", f"{timecode.short(n.at)} is after the end of the clip ({timecode.short(duration)})",
                           "check the time against the clip, or remove the note")
        if n.end is not None and n.end <= n.at:
            c.problems.add(c.rel, line, f"{name}.end", f"ends at {timecode.short(n.end)}, not after it starts ({timecode.short(n.at)})",
                           "make end later than at, or remove end: (the note then runs to the next one)")
        elif n.end is not None and n.end > duration + 0.001:
            c.problems.add(c.rel, line, f"{name}.end", f"{timecode.short(n.end)} is after the end of the clip ({timecode.short(duration)})",
                           f"end the note at {timecode.short(duration)} or earlier")
        if i:
            prev = notes[i - 1]
            if n.at <= prev.at:
                c.problems.add(c.rel, line, f"{name}.at",
                               f"{timecode.short(n.at)} is not after the previous note ({timecode.short(prev.at)}): notes must be in order",
                               "put the notes in order of time, each at its own moment")
            elif prev.end is not None and prev.end > n.at:
                c.problems.add(c.rel, line, f"{name}.at",
                               f"starts at {timecode.short(n.at)}, while the previous note runs to {timecode.short(prev.end)}: notes must not overlap",
                               f"end the previous note at {timecode.short(n.at)} or earlier, or start this one later")
    return notes if len(c.problems) == before else None
