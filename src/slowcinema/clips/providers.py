"""Outside video providers: which URLs are accepted, the privacy-respecting embed, and links at a time.

Nothing here is fetched at build time. A page makes no request to a provider until the reader
presses play (a click-to-load facade with a local poster).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    hosts: tuple[str, ...]  # accepted hosts of the contributor's URL
    id_re: str  # what a video id looks like
    example: str
    find_id: Callable[[str, str, dict], str | None]  # (host, path, query) -> id
    embed: Callable[[str, int, int], str]  # (id, start, end) -> iframe src
    at: Callable[[str, int], str]  # (id, seconds) -> link to the provider at that moment


def _yt_id(host: str, path: str, query: dict) -> str | None:
    if host == "youtu.be":
        return path.strip("/") or None
    if path == "/watch":
        return (query.get("v") or [None])[0]
    m = re.match(r"^/(?:embed|shorts)/([^/]+)", path)
    return m.group(1) if m else None


def _path_id(pattern: str) -> Callable[[str, str, dict], str | None]:
    def find(host: str, path: str, query: dict) -> str | None:
        m = re.match(pattern, path)
        return m.group(1) if m else None
    return find


PROVIDERS: dict[str, Provider] = {p.name: p for p in (
    Provider(
        "youtube", "YouTube", ("www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"),
        r"^[A-Za-z0-9_-]{11}$", "https://www.youtube.com/watch?v=aqz-KE-bpKQ", _yt_id,
        lambda i, s, e: f"https://www.youtube-nocookie.com/embed/{i}?start={s}&end={e}&autoplay=1&rel=0",
        lambda i, t: f"https://www.youtube.com/watch?v={i}&t={t}s"),
    Provider(
        "vimeo", "Vimeo", ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
        r"^\d{5,12}$", "https://vimeo.com/76979871", _path_id(r"^/(?:video/)?(\d+)/?$"),
        lambda i, s, e: f"https://player.vimeo.com/video/{i}?dnt=1&autoplay=1#t={s}s",
        lambda i, t: f"https://vimeo.com/{i}#t={t}s"),
    Provider(
        "bilibili", "Bilibili", ("www.bilibili.com", "bilibili.com", "m.bilibili.com"),
        r"^BV[0-9A-Za-z]{10}$", "https://www.bilibili.com/video/BV1xx411c7mD", _path_id(r"^/video/(BV[0-9A-Za-z]{10})/?$"),
        lambda i, s, e: f"https://player.bilibili.com/player.html?bvid={i}&t={s}&autoplay=1&high_quality=1",
        lambda i, t: f"https://www.bilibili.com/video/{i}?t={t}"),
    Provider(
        "archive.org", "Internet Archive", ("archive.org", "www.archive.org"),
        r"^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$", "https://archive.org/details/<identifier>",
        _path_id(r"^/(?:details|embed)/([^/]+)/?$"),
        lambda i, s, e: f"https://archive.org/embed/{i}?start={s}&autoplay=1",
        lambda i, t: f"https://archive.org/details/{i}?start={t}"),
)}

# Hosts a page may load a frame from, once the reader has pressed play.
EMBED_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com", "player.bilibili.com", "archive.org")


def video_id(provider: Provider, url: str) -> tuple[str | None, str, str]:
    """(id, message, fix): the video id in `url`, or None with what is wrong and how to fix it."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        return None, f"the URL must start with https:// (got {url!r})", f"write the full address, for example {provider.example}"
    host = (parts.hostname or "").lower()
    if host not in provider.hosts:
        return None, (f"the host '{host}' is not an allowed {provider.label} host"), \
            f"use a URL on {', '.join(provider.hosts)}, for example {provider.example}"
    found = provider.find_id(host, parts.path, parse_qs(parts.query))
    if not found or not re.match(provider.id_re, found):
        return None, f"no {provider.label} video id found in {url!r}", f"copy the video's own address, for example {provider.example}"
    return found, "", ""
