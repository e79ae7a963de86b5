"""Scaffolding: a new, valid essay bundle with both language files and placeholder text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .registry import ID_RE


class ScaffoldError(Exception):
    """A slug or an option that cannot be used, with the reason and the fix in the message."""


@dataclass(frozen=True)
class EssayDraft:
    slug: str
    title_zh: str
    title_en: str
    original: str = "zh"
    date: dt.date | None = None
    author: str = "editors"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


_ZH_BODY = """这里是开头：一两段，说明文章要谈什么。

## 第一节

每个 `##` 小节在中文和英文里的段落数要一样，网站才能逐段对照。

## 第二节

写完后运行 `make check` 检查，运行 `make serve` 预览。准备发布时删掉 `draft: true`。
"""
_EN_BODY = """The opening: a paragraph or two on what the essay is about.

## First section

Each `##` section needs as many paragraphs in English as in Chinese, so the site can pair them.

## Second section

Run `make check` to validate and `make serve` to preview. Remove `draft: true` when it is ready.
"""


def create_essay(docs: Path, draft: EssayDraft) -> list[Path]:
    if not ID_RE.match(draft.slug):
        raise ScaffoldError(f"'{draft.slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens, "
                            "for example the-shape-of-waiting")
    if draft.original not in ("zh", "en"):
        raise ScaffoldError(f"original must be zh or en, not '{draft.original}'")
    folder = docs / "essays" / draft.slug
    existing = [p.name for p in (docs / "essays").iterdir()] if (docs / "essays").is_dir() else []
    clash = next((name for name in existing if name.casefold() == draft.slug.casefold()), None)
    if clash:
        raise ScaffoldError(f"an essay folder docs/essays/{clash} already exists: choose another slug")
    date = (draft.date or dt.date.today()).isoformat()
    translation = "en" if draft.original == "zh" else "zh"
    shared = (f"date: {date}\nauthors: [{draft.author}]\ntags: []\noriginal: {draft.original}\ndraft: true\n")
    files = {
        "zh": f"---\ntitle: {_q(draft.title_zh)}\n"
              + (shared if draft.original == "zh" else f"translators: [{draft.author}]\n")
              + f"summary: {_q('一两句话的摘要。')}\n---\n\n{_ZH_BODY}",
        "en": f"---\ntitle: {_q(draft.title_en)}\n"
              + (shared if draft.original == "en" else f"translators: [{draft.author}]\n")
              + f"summary: {_q('A summary of one or two sentences.')}\n---\n\n{_EN_BODY}",
    }
    folder.mkdir(parents=True)
    written = []
    for lang in (draft.original, translation):
        path = folder / f"index.{lang}.md"
        path.write_text(files[lang], encoding="utf-8")
        written.append(path)
    return written
