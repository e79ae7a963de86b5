"""Times inside a clip: read from contributors ('1:23.5', '00:01:23.500', '83.5') and written out
for readers ('1:23.5') and for WebVTT ('00:01:23.500')."""

from __future__ import annotations

import re

_TIME_RE = re.compile(r"^(-)?(?:(?:(\d+):)?(\d+):)?(\d+)(?:\.(\d{1,3}))?$")


class TimeError(ValueError):
    """A time that cannot be read; `fix` says how to write it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


FIX = "write minutes:seconds with an optional fraction, for example 1:23.5 (or h:mm:ss.sss, or seconds: 83.5)"


def parse(value: object) -> float:
    """Seconds from '1:23.5', '01:02:03.250', '83.5' or a number. Raises TimeError."""
    if isinstance(value, bool) or value is None:
        raise TimeError(f"{value!r} is not a time", FIX)
    if isinstance(value, (int, float)):
        if value < 0:
            raise TimeError(f"{value} is before the start of the clip (times start at 0)", "use a time of 0 or later")
        return round(float(value), 3)
    if not isinstance(value, str):
        raise TimeError(f"a {type(value).__name__} is not a time", FIX)
    m = _TIME_RE.match(value.strip())
    if not m:
        raise TimeError(f"'{value}' is not a time", FIX)
    minus, hours, minutes, seconds, frac = m.groups()
    if minus:
        raise TimeError(f"'{value}' is before the start of the clip (times start at 0)", "use a time of 0:00 or later")
    if minutes is not None and int(seconds) > 59:
        raise TimeError(f"'{value}' has {seconds} seconds; seconds go from 00 to 59",
                        f"carry the minute: {_carry(value)}")
    if hours is not None and int(minutes) > 59:
        raise TimeError(f"'{value}' has {minutes} minutes; minutes go from 00 to 59 after an hour",
                        f"carry the hour: {_carry(value)}")
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds) + (int(frac.ljust(3, "0")) / 1000 if frac else 0)
    return float(round(total, 3))


def _carry(value: str) -> str:
    """The same time written correctly, when only the carrying was wrong."""
    parts = value.strip().split(":")
    try:
        sec = float(parts[-1]) + (int(parts[-2]) * 60 if len(parts) > 1 else 0) + (int(parts[-3]) * 3600 if len(parts) > 2 else 0)
    except ValueError:
        return "for example 1:05"
    return short(sec)


def short(t: float) -> str:
    """For readers: '0:07', '1:23.5', '1:02:03'."""
    ms = round(t * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    tail = f".{frac:03d}".rstrip("0") if frac else ""
    return f"{h}:{m:02d}:{s:02d}{tail}" if h else f"{m}:{s:02d}{tail}"


def vtt(t: float) -> str:
    """For WebVTT: '00:01:23.500'."""
    ms = round(t * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{frac:03d}"


def fragment(t: float) -> str:
    """A media-fragment time (#t=12.5): seconds, no trailing zeros."""
    return f"{t:.3f}".rstrip("0").rstrip(".")


def duration_label(t: float, lang: str) -> str:
    """'0:32' for both languages; kept as a function so templates never format times themselves."""
    return short(round(t))
