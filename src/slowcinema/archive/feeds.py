"""Atom and RSS 2.0 feeds of new entries: one bilingual, one per language. Each entry carries its
summary and a link to its page (in that language's reading mode). Dates come from the entries, so
the same sources always give the same bytes.

What a feed shows of its entries (`items`) is plain data, taken in a moment; the feeds are written from it
(`write`, with feedgen, imported only then). So a build with the build cache writes them only when that data
changed (`build`): the same bytes, without loading feedgen and lxml, in a build where no feed changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..essays.bundle import Essay

FEEDS = {  # file stem -> (language of the feed, title)
    "feed": (None, "慢电影档案 · Slow Cinema Archive"),
    "feed.zh": ("zh", "慢电影档案"),
    "feed.en": ("en", "Slow Cinema Archive"),
}
LIMIT = 50


def _when(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)


Item = tuple  # (url, date, authors, {language: (title, summary)}): what a feed shows of an entry


def items(entries: list[Essay], author_names: dict[str, tuple[str, str]]) -> tuple[tuple[Item, ...], ...]:
    """What each feed (`FEEDS`, in order) shows of its entries: the newest `LIMIT` of those in its language
    (`entries` newest first); `author_names` maps id -> (zh, en)."""
    out = []
    for lang, _ in FEEDS.values():
        chosen = [e for e in entries if lang is None or lang in e.versions][:LIMIT]
        out.append(tuple((e.url, e.date, tuple(author_names[a] for a in e.authors),
                          {x: (e.versions[x].title, e.versions[x].summary) for x in ("zh", "en") if x in e.versions})
                         for e in chosen))
    return tuple(out)


def build(entries: list[Essay], site_url: str, author_names: dict[str, tuple[str, str]],
          cache: Any = None) -> dict[str, bytes]:
    """`entries` newest first (essays, manifesto texts...); `author_names` maps id -> (zh, en).
    Returns {file name: bytes} for every feed, Atom and RSS. With a build `cache` (slowcinema.web.cache.BuildCache),
    found again there by what the feeds show (kind `feeds`)."""
    shown = items(entries, author_names)
    if cache is None or cache.folder is None:
        return write(shown, site_url)
    return cache.memo("feeds", (site_url, shown), lambda: write(shown, site_url))


def write(shown: tuple[tuple[Item, ...], ...], site_url: str) -> dict[str, bytes]:
    """The feeds' files from what they show (`items`)."""
    from feedgen.feed import FeedGenerator  # here: a build whose feeds are kept does not load it

    base = site_url.rstrip("/") + "/"
    out: dict[str, bytes] = {}
    for (stem, (lang, title)), chosen in zip(FEEDS.items(), shown):
        fg = FeedGenerator()
        fg.id(base + f"{stem}.atom")
        fg.title(title)
        fg.subtitle("关于慢电影与生成视频时代的文章 · Essays on slow cinema and filmmaking in the age of generated video"
                    if lang is None else ("关于慢电影与生成视频时代的文章" if lang == "zh" else
                                          "Essays on slow cinema and filmmaking in the age of generated video"))
        fg.link(href=base, rel="alternate")
        fg.link(href=base + f"{stem}.atom", rel="self")
        fg.language({"zh": "zh-Hans", "en": "en", None: "zh-Hans"}[lang])
        fg.generator("Slow Cinema Archive")
        newest = _when(chosen[0][1]) if chosen else _when(dt.date(2026, 1, 1))
        fg.updated(newest)
        fg.lastBuildDate(newest)
        for url, date, authors, versions in reversed(chosen):  # feedgen lists the last added first
            fe = fg.add_entry()
            fe.id(base + url)
            if lang is None:
                fe.title(" · ".join(title for title, _ in versions.values()))
                fe.summary("\n\n".join(summary for _, summary in versions.values()))
                fe.link(href=base + url)
            else:
                fe.title(versions[lang][0])
                fe.summary(versions[lang][1])
                fe.link(href=base + url + f"?lang={lang}")
            for zh, en in authors:
                fe.author(name=en if lang == "en" else (zh if lang == "zh" else f"{zh} {en}"))
            fe.published(_when(date))
            fe.updated(_when(date))
        out[f"{stem}.atom"] = fg.atom_str(pretty=True)
        out[f"{stem}.rss"] = fg.rss_str(pretty=True)
    return out
