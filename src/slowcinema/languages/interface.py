"""The interface (the theme's chrome) in each reading mode: 中文, 繁體, English, and 对照.

Visible strings are rendered as one span per language, each shown by the page's mode through
`data-sca-show` (sca.css), so the chrome follows the mode set in <head> before the first paint, with
no shift and without script; without JavaScript the page reads as 对照. In 对照 a string shows in
Chinese, with its English in small type where that does not clutter (`both="zh en"`), or Chinese
alone (`both="zh"`). Attribute texts (placeholders, tooltips, accessible names) and the search's
messages cannot be styled: `assets/sca.js` switches them, from its own table of the same strings.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from . import hant

# Material's keys (partials/languages/*.html) and ours: (中文, English, what 对照 shows). 繁體 is
# generated from the Simplified text, as everywhere else.
STRINGS: dict[str, tuple[str, str, str]] = {
    "action.skip": ("跳转到正文", "Skip to content", "zh"),
    "toc": ("目录", "Contents", "zh en"),
    "top": ("回到顶部", "Back to top", "zh"),
    "licence": ("文字以 CC BY-SA 4.0 发布", "Texts under CC BY-SA 4.0", "zh en"),
    "404.title": ("找不到这一页", "Page not found", "zh en"),
    "404.text": ("这个地址没有内容。也许它被移动了，或者链接写错了。", "There is nothing at this address. It may have moved, "
                 "or the link may be mistyped.", "zh en"),
    "404.home": ("回到首页", "Back to the home page", "zh en"),
    "404.search": ("或者用右上角的搜索找找看。", "Or try the search at the top right.", "zh en"),
}

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# "时间线 Timeline", "时间线 · Timeline", "慢电影档案 · Slow Cinema Archive": Chinese, then English.
_BILINGUAL_RE = re.compile(rf"^(.*[{_HAN}][^A-Za-z{_HAN}]*?)\s*(?:[·—|/]\s*)?([A-Za-z][^{_HAN}]*)$", re.S)


def split_title(title: str) -> tuple[str, str]:
    """(Chinese, English) of a bilingual title; a title in one language is both."""
    m = _BILINGUAL_RE.match(title.strip())
    if not m:
        return title.strip(), title.strip()
    return m.group(1).strip().rstrip("·—|/").strip(), m.group(2).strip()


def spans(zh: str, en: str, both: str = "zh en", tag: str = "span") -> Markup:
    """The same text in each mode. `both`: "zh en" shows English in small type in 对照, "zh" Chinese alone."""
    en_modes = "en both" if "en" in both.split() else "en"
    if zh == en:  # one language only: nothing to switch
        return Markup(f"<{tag}>{escape(zh)}</{tag}>") if tag != "span" else Markup(escape(zh))
    return Markup(
        f'<{tag} class="sca-ui" lang="zh-Hans" data-sca-show="zh both">{escape(zh)}</{tag}>'
        f'<{tag} class="sca-ui" lang="zh-Hant" data-sca-show="zh-Hant">{escape(hant.text(zh))}</{tag}>'
        f'<{tag} class="sca-ui" lang="en" data-sca-show="{en_modes}">{escape(en)}</{tag}>'
    )


def string(key: str) -> Markup:
    """One of `STRINGS`, as spans."""
    zh, en, both = STRINGS[key]
    return spans(zh, en, both)


def title(text) -> Markup:
    """A bilingual title of the navigation or the header ("时间线 Timeline"), as spans. Text that is
    already markup (an essay's table of contents entry, made of spans) is left as it is."""
    if isinstance(text, Markup) or "<" in str(text):
        return Markup(text)
    zh, en = split_title(str(text))
    return spans(zh, en, "zh en")
