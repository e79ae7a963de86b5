"""Atom and RSS 2.0 feeds of new entries: one bilingual, one per language. Each entry carries its
summary and a link to its page (in that language's reading mode). Dates come from the entries, so
the same sources always give the same bytes."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..essays.bundle import Essay

FEEDS = {  # file stem -> (language of the feed, title)
    "feed": (None, "慢电影档案 · Slow Cinema Archive"),
    "feed.zh": ("zh", "慢电影档案"),
    "feed.en": ("en", "Slow Cinema Archive"),
}
LIMIT = 50


def _when(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)


def build(entries: list[Essay], site_url: str, author_names: dict[str, tuple[str, str]]) -> dict[str, bytes]:
    """`entries` newest first (essays, manifesto texts...); `author_names` maps id -> (zh, en).
    Returns {file name: bytes} for every feed, Atom and RSS."""
    base = site_url.rstrip("/") + "/"
    out: dict[str, bytes] = {}
    for stem, (lang, title) in FEEDS.items():
        chosen = [e for e in entries if lang is None or lang in e.versions][:LIMIT]
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
        newest = _when(chosen[0].date) if chosen else _when(dt.date(2026, 1, 1))
        fg.updated(newest)
        fg.lastBuildDate(newest)
        for e in reversed(chosen):  # feedgen lists the last added first
            fe = fg.add_entry()
            fe.id(base + e.url)
            if lang is None:
                titles = [e.versions[x].title for x in ("zh", "en") if x in e.versions]
                summaries = [e.versions[x].summary for x in ("zh", "en") if x in e.versions]
                fe.title(" · ".join(titles))
                fe.summary("\n\n".join(summaries))
                fe.link(href=base + e.url)
            else:
                v = e.versions[lang]
                fe.title(v.title)
                fe.summary(v.summary)
                fe.link(href=base + e.url + f"?lang={lang}")
            for a in e.authors:
                zh, en = author_names[a]
                fe.author(name=en if lang == "en" else (zh if lang == "zh" else f"{zh} {en}"))
            fe.published(_when(e.date))
            fe.updated(_when(e.date))
        out[f"{stem}.atom"] = fg.atom_str(pretty=True)
        out[f"{stem}.rss"] = fg.rss_str(pretty=True)
    return out
