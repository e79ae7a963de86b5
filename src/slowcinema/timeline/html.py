"""The timeline's HTML: the page and the embedded block, rendered from templates/sca/timeline/ and
audited (slowcinema.web.sanitize.report_generated), each finding named at the data file and line of
the value that holds it."""

from __future__ import annotations

from ..archive import origins
from ..archive.registry import Tag
from ..web import sanitize
from ..web.cache import BuildCache
from ..web.render import Renderer
from .model import Era
from .view import Item, page_view, variants

_LABELS = {
    "decades": ("年代", "Decades"),
    "eras": ("时期", "Eras"),
    "tools": ("时期与筛选", "Eras and filters"),
    "filters": ("筛选", "Filters"),
    "kind": ("类型", "Kind"),
    "tag": ("标签", "Tag"),
    "all": ("全部", "All"),
    "era_begins": ("时期开始：", "Era begins:"),
    "none": ("没有符合条件的条目。", "Nothing matches."),
    "data": ("开放数据：timeline.json（TimelineJS 格式）", "Open data: timeline.json (TimelineJS format)"),
    "whole": ("查看完整时间线", "See the whole timeline"),
    "essay": ("文章", "Essay"),
    "source": ("来源", "Source"),
}


def labels() -> dict[str, list[dict]]:
    """The labels in each language, in 繁體 as the site's phrase table (slowcinema.languages.hant.use) writes them:
    made at each rendering (each label's conversion is remembered), not when the module is imported, which is
    before the table is read."""
    return {key: variants(zh, en) for key, (zh, en) in _LABELS.items()}


# Which variants a block inside one language file shows (see view.variants for the lang values).
ONLY_LANGS = {"zh": ["zh", "zh-Hans"], "zh-Hant": ["zh", "zh-Hant"], "en": ["en"]}


def render_page(items: list[Item], eras: list[Era], tags: dict[str, Tag], renderer: Renderer,
                page_url: str, cache: BuildCache | None = None) -> tuple[str, list[str]]:
    """The timeline of the timeline's page, and the warnings of its audit (kept in `cache`, if given). The page
    is found again in the build cache by what it shows (`Renderer.kept`): every entry, rendered by macros."""
    html = renderer.kept("sca/timeline/page.html", view=page_view(items, eras, tags), page_url=page_url, label=labels(),
                           only_langs=ONLY_LANGS)
    shown = [o for i in items for o in i.origins] + [o for t in tags.values() for o in origins.bilingual(t.label)]
    shown += [o for e in eras for o in origins.bilingual(e.title, e.rel, e.line) + origins.bilingual(e.note, e.rel, e.line)]
    return sanitize.report_generated(html, shown, renderer.written(), cache=cache)


def render_block(items: list[Item], renderer: Renderer, page_url: str, only: str | None) -> tuple[str, list[str]]:
    """A `/// timeline` block's timeline, and the warnings of its audit."""
    html = renderer.render("sca/timeline/block.html", items=[i.view() for i in items], page_url=page_url,
                           only=only, label=labels(), only_langs=ONLY_LANGS)
    return sanitize.report_generated(html, [o for i in items for o in i.origins], renderer.written())

# The page when docs/timeline.md does not exist (the timeline itself is added after it).
DEFAULT_PAGE = """\
---
title: 时间线 · Timeline
description: 慢电影、电影史与生成视频的时间线，以及档案里的文章。A timeline of slow cinema, film history and generated video, with the archive's essays.
---

<p class="sca-l" lang="zh-Hans" data-sca-show="zh both">影片、放映、技术与宣言，连同档案里的每一篇文章，按时间排列。</p>
<p class="sca-l" lang="zh-Hant" data-sca-show="zh-Hant">影片、放映、技術與宣言，連同檔案裡的每一篇文章，按時間排列。</p>
<p class="sca-l" lang="en" data-sca-show="en both">Films, screenings, technologies and manifestos, with every essay of the archive, in order of time.</p>
"""
