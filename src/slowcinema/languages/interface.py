"""The interface (the theme's chrome) in each reading mode: 中文, 繁體, English, and 对照.

Visible strings are rendered as one span per language, each shown by the page's mode (sca.css), so the chrome follows the mode set in <head> before the first paint, with
no shift and without script; without JavaScript the page reads as 对照. In 对照 a string shows in
Chinese, with its English in small type where that does not clutter (`both="zh en"`), or Chinese
alone (`both="zh"`). Attribute texts (placeholders, tooltips, accessible names), the search's
messages, and what the theme shows only with script (the skip link, the back-to-top button) are
switched by `assets/sca.js`, from its own table.
"""

from __future__ import annotations

import html as html_
import re

from markupsafe import Markup, escape

from . import hant

# Material's keys (partials/languages/*.html) and ours: (中文, English, what 对照 shows). 繁體 is
# generated from the Simplified text, as everywhere else.
STRINGS: dict[str, tuple[str, str, str]] = {
    "toc": ("目录", "Contents", "zh en"),
    "licence": ("文字", "Texts", "zh en"),  # followed by "CC BY-SA 4.0"
    "feeds": ("订阅", "Feeds", "zh en"),  # the footer's link to the Atom feed
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


def spans(zh: str, en: str, both: str = "zh en") -> Markup:
    """The same text in each mode, as compact as the navigation's many repeats need: inside a
    `sca-ui` span, the 繁體 (lang="zh-Hant", only where it differs), the Simplified (no lang: the
    page's own), the English (lang="en"); sca.css shows each by the mode. `both`: "zh en" shows the
    English in small type in 对照, "zh" the Chinese alone."""
    if zh == en:  # one language only: nothing to switch
        return Markup(escape(zh))
    traditional = hant.text(zh)
    chinese = f"<span>{escape(zh)}</span>"
    if traditional != zh:
        chinese = f"<span lang=zh-Hant>{escape(traditional)}</span>" + chinese
    kind = "sca-ui" if "en" in both.split() else '"sca-ui sca-ui-zh"'
    return Markup(f"<span class={kind}>{chinese}<span lang=en>{escape(en)}</span></span>")


def string(key: str) -> Markup:
    """One of `STRINGS`, as spans."""
    zh, en, both = STRINGS[key]
    return spans(zh, en, both)


def title(text, wrap: bool = True) -> Markup:
    """A bilingual title of the navigation or the header ("时间线 Timeline"), as spans; `wrap=False`
    leaves out the `sca-ui` span, for a parent that carries the class itself (the navigation's
    many entries). Text that is already markup (an essay's table of contents entry, made of spans)
    is left as it is."""
    if isinstance(text, Markup) or "<" in str(text):
        return Markup(text)
    zh, en = split_title(str(text))
    html = spans(zh, en, "zh en")
    if not wrap and html.startswith("<span class=sca-ui>"):
        return Markup(html[len("<span class=sca-ui>"):-len("</span>")])
    return html


# A heading written "中文 · English" in a page's Markdown, its text alone (its permalink may follow).
_HEADING_RE = re.compile(rf"(<h([1-6])\b[^>]*>)([^<]*[{_HAN}][^<]*?) · ([A-Za-z][^<]*?)(?=<a class=\"headerlink\"|</h\2>)")


def headings(page_html: str) -> str:
    """A page's headings written "中文 · English" (the contributors' guide's), each language in its mode as
    the navigation's entries for them are (`spans`); other headings as they are."""
    return _HEADING_RE.sub(lambda m: m.group(1) + str(spans(html_.unescape(m.group(3)).strip(), html_.unescape(m.group(4)).strip())),
                           page_html)
