"""Scaffolding: a new, valid essay bundle with both language files and placeholder text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..archive.registry import ID_RE
from ..content.problems import Problem


class ScaffoldError(Exception):
    """A slug or an option that cannot be used, with the reason and the fix in the message."""


@dataclass(frozen=True)
class EssayDraft:
    slug: str
    title_zh: str
    title_en: str
    original: str = "zh"
    date: dt.date | None = None
    author: str = "editors"  # an id in docs/authors.yml
    translators: tuple[str, ...] = ()  # ids in docs/authors.yml; empty until someone translates


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


# What the scaffold writes for the contributor to replace. `make check` and the strict build refuse a
# published entry that still holds any of it (`leftovers`).
PLACEHOLDER_TITLES = ("标题", "Title")
PLACEHOLDER_SUMMARIES = ("一两句话的摘要。", "A summary of one or two sentences.")
_GUIDE = """\
# Replace the title, the summary and the text below. Fields: see CONTRIBUTING.md.
# Link to another essay: [its title](../other-slug/) or [a section](../other-slug/#anchor)
# A figure with a caption: ![The caption.](photo.jpg) on a line of its own, the image in this folder
"""


def leftovers(text: str, rel: str) -> list[Problem]:
    """Placeholder text of the scaffold still in a language file (`text`, the whole file)."""
    body_lines = {line for line in (_ZH_BODY + _EN_BODY).split("\n") if line and not line.startswith("#")}
    out, in_front, n_dashes = [], False, 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip() == "---" and n_dashes < 2:
            n_dashes += 1
            in_front = n_dashes == 1
            continue
        if in_front:
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            if key == "title" and value in PLACEHOLDER_TITLES:
                out.append(Problem(rel, n, "title", f"is still the scaffold's placeholder '{value}'",
                                   "write the essay's title"))
            elif key == "summary" and value in PLACEHOLDER_SUMMARIES:
                out.append(Problem(rel, n, "summary", "is still the scaffold's placeholder",
                                   "write one or two sentences on what the essay says"))
        elif line.strip() in body_lines:
            out.append(Problem(rel, n, None, f"the scaffold's placeholder text is still here: '{line.strip()[:40]}...'",
                               "replace it with your own text, or delete it"))
    return out


def create_essay(docs: Path, draft: EssayDraft) -> list[Path]:
    if not ID_RE.match(draft.slug):
        raise ScaffoldError(f"'{draft.slug}' is not a valid slug: use lowercase ASCII letters, digits and hyphens, "
                            "for example the-shape-of-waiting")
    if draft.original not in ("zh", "en"):
        raise ScaffoldError(f"original must be zh or en, not '{draft.original}'")
    folder = docs / "essays" / draft.slug
    existing = [p.name for p in (docs / "essays").iterdir()] if (docs / "essays").is_dir() else []
    clash = next((name for name in existing if name.casefold() == draft.slug.casefold()), None)
    # A folder of that exact name with no language file yet (its images put there first) is filled:
    # the loader's fix for it is this command.
    empty = clash == draft.slug and folder.is_dir() and not any((folder / f"index.{lang}.md").exists()
                                                                 for lang in ("zh", "en"))
    if clash and not empty:
        raise ScaffoldError(f"an essay folder docs/essays/{clash} already exists: choose another slug")
    date = (draft.date or dt.date.today()).isoformat()
    translation = "en" if draft.original == "zh" else "zh"
    if not ID_RE.match(draft.author) or not all(ID_RE.match(t) for t in draft.translators):
        raise ScaffoldError("an author or translator id is lowercase ASCII letters, digits and hyphens, "
                            "as in docs/authors.yml (for example lin-yi)")
    shared = (f"date: {date}\nauthors: [{draft.author}]\ntags: []          # ids from docs/tags.yml\n"
              f"films: []         # ids from docs/films.yml\noriginal: {draft.original}\ndraft: true\n{_GUIDE}")
    translated = (f"translators: [{', '.join(draft.translators)}]"
                  "   # ids from docs/authors.yml of who translated this file\n" + _GUIDE)
    files = {
        "zh": f"---\ntitle: {_q(draft.title_zh)}\n"
              + (shared if draft.original == "zh" else translated)
              + f"summary: {_q(PLACEHOLDER_SUMMARIES[0])}\n---\n\n{_ZH_BODY}",
        "en": f"---\ntitle: {_q(draft.title_en)}\n"
              + (shared if draft.original == "en" else translated)
              + f"summary: {_q(PLACEHOLDER_SUMMARIES[1])}\n---\n\n{_EN_BODY}",
    }
    folder.mkdir(parents=True, exist_ok=empty)
    written = []
    for lang in (draft.original, translation):
        path = folder / f"index.{lang}.md"
        path.write_text(files[lang], encoding="utf-8")
        written.append(path)
    return written
