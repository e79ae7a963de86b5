"""/timeline.json: the timeline as open data in TimelineJS3's JSON format
(https://timeline.knightlab.com/docs/json-format.html): a title slide, `events` (slides with
start_date/end_date date objects, text {headline, text}, group, unique_id) and `eras`.

TimelineJS shows one language: headlines carry both ("三峡好人 · Still Life"), and the text holds a
paragraph per language with its lang attribute (text is HTML in TimelineJS, so it is escaped here).
"""

from __future__ import annotations

from html import escape
from typing import Any

from .fuzzydate import FuzzyDate
from .model import Era, kind_label
from .view import Item


def _date(d: FuzzyDate, display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"year": d.year}
    if d.month:
        out["month"] = d.month
    if d.day:
        out["day"] = d.day
    if d.circa or display:
        out["display_date"] = display or f"{d.en()} / {d.zh()}"
    return out


def _both(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh} · {en}" if zh and en else zh or en


def _text(item: Item, site_url: str) -> str:
    parts = []
    if item.note:
        parts.append(f'<p lang="zh-Hans">{escape(item.note.zh)}</p><p lang="en">{escape(item.note.en)}</p>')
    if item.href:
        url = item.href if item.href.startswith("https://") else site_url.rstrip("/") + "/" + item.href
        parts.append(f'<p><a href="{escape(url)}">{escape(url)}</a></p>')
    if item.source:
        parts.append(f'<p>来源 Source: <a href="{escape(item.source)}">{escape(item.source)}</a></p>')
    return "".join(parts)


def timeline_json(items: list[Item], eras: list[Era], site_name: str, site_url: str) -> dict[str, Any]:
    events = []
    for item in items:
        label = kind_label(item.kind)
        event: dict[str, Any] = {
            "start_date": _date(item.when.start),
            "text": {"headline": escape(_both(item.title.zh, item.title.en)), "text": _text(item, site_url)},
            "group": _both(label.zh, label.en),
            "unique_id": item.uid,
        }
        if item.when.end:
            event["end_date"] = _date(item.when.end)
        events.append(event)
    return {
        "title": {"text": {"headline": escape(site_name), "text": "<p>时间线 · Timeline</p>"}},
        "events": events,
        "eras": [
            {"start_date": _date(e.start), "end_date": _date(e.end),
             "text": {"headline": escape(_both(e.title.zh, e.title.en))}}
            for e in eras
        ],
    }
