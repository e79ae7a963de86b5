"""WebVTT in and out (https://www.w3.org/TR/webvtt1/), strict, with a line number for every problem.

Why not webvtt-py: its reader (0.6.0, checked) drops a cue with a malformed timing line without a
word, and this archive never skips anything silently. This parser follows the spec's file
structure (signature, header, blocks separated by blank lines, NOTE/STYLE/REGION blocks, cue
identifier, timing line with settings, payload) and reports every deviation with its line.

Cue text is untrusted: `plain()` drops cue markup (<b>, <v Name>, <c.x>, timestamps) and decodes
character references, giving plain text that templates escape; `write()` escapes &, < and >.
`parse()` holds that text to the archive's plain-text rules (`content.fields.plain_problem`, as every
plain field of every data file): a tag that is not WebVTT cue markup (<script>, <img>...), and markup
or a bidi or invisible character left after the cue markup is dropped and the references decoded
(`&lt;b&gt;`, `&#x202e;`), are refused with the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..content.fields import plain_problem
from ..content.problems import Problems
from . import timecode

_STAMP = r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
_STAMP_RE = re.compile(f"^{_STAMP}$")
_TIMING_RE = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$")
_TAG_RE = re.compile(r"<[^>]*>")
# WebVTT's cue markup (https://www.w3.org/TR/webvtt1/#webvtt-cue-text): classes, italics, bold,
# underline, ruby, voice and language spans, and timestamps. Any other tag is not WebVTT.
_CUE_TAG_RE = re.compile(r"^</?(?:(?:c|i|b|u|ruby|rt|v|lang)(?:[.\s][^>]*)?|(?:\d{2,}:)?\d{2}:\d{2}\.\d{3})>$")
SPEC_FIX = "see https://www.w3.org/TR/webvtt1/#file-structure (and the example in CONTRIBUTING.md)"


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # plain text (markup removed, references decoded)
    identifier: str = ""
    line: int = 0  # line of the timing line in the source file (0 when built in code)


def stamp(value: str) -> float | None:
    """Seconds from a WebVTT timestamp ('01:02.500', '00:01:02.500'), or None if malformed."""
    m = _STAMP_RE.match(value)
    if not m:
        return None
    h, mi, s, ms = m.groups()
    if int(mi) > 59 or int(s) > 59:
        return None
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000


def plain(payload: str) -> str:
    """Cue payload as plain text: markup removed, character references decoded."""
    return html.unescape(_TAG_RE.sub("", payload)).strip()


def parse(text: str, rel: str, problems: Problems) -> list[Cue] | None:
    """The cues of a WebVTT file, or None (with every problem reported) if it is not valid."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    before = len(problems)
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        problems.add(rel, 1, None, f"a WebVTT file must start with the line 'WEBVTT', not {first[:30]!r}",
                     "make 'WEBVTT' the first line of the file")
        return None
    i = 1
    while i < len(lines) and lines[i].strip():  # header lines after the signature
        if "-->" in lines[i]:
            problems.add(rel, i + 1, None, "a cue starts right after 'WEBVTT' without a blank line",
                         "leave one blank line after the 'WEBVTT' line")
            return None
        i += 1
    cues: list[Cue] = []
    seen_cue = False
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        head = block[0]
        if head == "NOTE" or head.startswith(("NOTE ", "NOTE\t")):
            continue
        if head in ("STYLE", "REGION") or head.startswith(("STYLE ", "REGION ")):
            if seen_cue:
                problems.add(rel, start + 1, None, f"a {head.split()[0]} block comes after a cue",
                             f"move {head.split()[0]} blocks before the first cue ({SPEC_FIX})")
            continue
        seen_cue = True
        identifier = ""
        timing_at = 0
        if "-->" not in head:
            identifier = head.strip()
            if len(block) < 2 or "-->" not in block[1]:
                problems.add(rel, start + 1, None, f"the block {head[:30]!r} has no timing line 'start --> end'",
                             "write the cue as: an optional identifier line, then 00:00:01.000 --> 00:00:04.000, then its text")
                continue
            timing_at = 1
        timing_line = start + timing_at + 1
        m = _TIMING_RE.match(block[timing_at].strip())
        if not m:
            problems.add(rel, timing_line, None, f"the timing line {block[timing_at]!r} is malformed",
                         "write it as 00:00:01.000 --> 00:00:04.000 (spaces around the arrow)")
            continue
        a, b = stamp(m.group(1)), stamp(m.group(2))
        bad = [s for s, v in ((m.group(1), a), (m.group(2), b)) if v is None]
        if bad:
            problems.add(rel, timing_line, None, f"'{bad[0]}' is not a WebVTT timestamp",
                         "write mm:ss.ttt or hh:mm:ss.ttt with exactly three digits after the point, "
                         "minutes and seconds 00 to 59, for example 00:01:05.000")
            continue
        if b <= a:
            problems.add(rel, timing_line, None, f"the cue ends ({m.group(2)}) at or before it starts ({m.group(1)})",
                         "make the end time later than the start time")
            continue
        if cues and a < cues[-1].start:
            problems.add(rel, timing_line, None,
                         f"the cue starts at {m.group(1)}, before the cue at line {cues[-1].line} ({timecode.vtt(cues[-1].start)})",
                         "put the cues in order of their start times")
            continue
        payload = block[timing_at + 1:]
        arrow = next((k for k, ln in enumerate(payload) if "-->" in ln), None)
        if arrow is not None:
            problems.add(rel, timing_line + 1 + arrow, None, "cue text contains '-->' (or a blank line is missing before the next cue)",
                         "leave a blank line between cues; write '--&gt;' if the arrow is part of the text")
            continue
        if _plain_problems(payload, timing_line + 1, rel, problems):
            continue
        text_ = plain("\n".join(payload))
        if not text_:
            problems.add(rel, timing_line, None, "the cue has no text", "write the note's text on the line after the timing line")
            continue
        cues.append(Cue(round(a, 3), round(b, 3), text_, identifier, timing_line))
    if len(problems) > before:
        return None
    return cues


def _plain_problems(payload: list[str], first_line: int, rel: str, problems: Problems) -> bool:
    """Report the first line of `payload` whose text is not plain (see the module's docstring)."""
    for n, line in enumerate(payload, first_line):
        other = next((t for t in _TAG_RE.findall(line) if not _CUE_TAG_RE.match(t)), None)
        if other is not None:
            problems.add(rel, n, "cue text", f"contains {other[:30]!r}, which is not WebVTT cue markup",
                         "write plain text; only WebVTT's <b>, <i>, <u>, <c>, <v>, <lang>, <ruby> and timestamps are allowed")
            return True
        why = plain_problem(plain(line))
        if why:
            problems.add(rel, n, "cue text", *why)
            return True
    return False


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(cues: list[Cue], header: str = "") -> str:
    """A WebVTT file; cue text is escaped, identifiers lose anything that would break the file."""
    out = ["WEBVTT" + (f" {header}" if header else ""), ""]
    for c in cues:
        if c.identifier:
            out.append(c.identifier.replace("-->", "->").replace("\n", " "))
        out.append(f"{timecode.vtt(c.start)} --> {timecode.vtt(c.end)}")
        out.extend(escape(line) for line in c.text.split("\n") if line.strip())
        out.append("")
    return "\n".join(out)
