"""Traditional Chinese (Taiwan phrasing) generated from simplified text with OpenCC, at build time."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_TAG_RE = re.compile(r"(<[^>]*>)")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


@lru_cache(maxsize=8192)  # titles, summaries and labels are converted again on every list that shows them
def text(simplified: str) -> str:
    return _converter().convert(simplified)


def html(simplified_html: str) -> str:
    """Convert the text of an HTML fragment; tags, attributes, ids and URLs are left as they are."""
    conv = _converter().convert
    return "".join(part if part.startswith("<") else conv(part) for part in _TAG_RE.split(simplified_html))


@lru_cache(maxsize=1)
def _character_converters() -> tuple[opencc.OpenCC, ...]:
    return opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")


@lru_cache(maxsize=None)
def character(simplified: str) -> tuple[str, ...]:
    """The Traditional forms of one Simplified character (OpenCC's standard and Taiwan forms)."""
    return tuple(dict.fromkeys(f for conv in _character_converters() if len(f := conv.convert(simplified)) == 1))
