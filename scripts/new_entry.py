#!/usr/bin/env python3
"""Scaffold a new archive entry.

    python scripts/new_entry.py essay <slug> [--author ID] [--translator ID] [--title-zh T] [--title-en T]
                                             [--original zh|en] [--date YYYY-MM-DD]

In a terminal it asks for the author id and the titles it was not given; otherwise it takes them from
the flags (the author defaults to `editors`, the titles to placeholders that `make check` flags).
Translators stay empty unless given. It refuses an existing or invalid slug and prints what it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

try:
    from slowcinema.archive.registry import load_authors
    from slowcinema.content.problems import Problems, did_you_mean
    from slowcinema.essays.scaffold import EssayDraft, ScaffoldError, create_essay
except ModuleNotFoundError as err:  # another Python than the project's: one line, no traceback
    sys.exit(f"new_entry: this Python ({sys.executable}) has no {err.name}: run make new-essay SLUG=my-slug "
             "AUTHOR=my-id, or .venv/bin/python scripts/new_entry.py")


def _author_ids(docs: Path) -> set[str] | None:
    path = docs / "authors.yml"
    return set(load_authors(path, "docs/authors.yml", Problems())) if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new archive entry.")
    parser.add_argument("kind", choices=["essay"], help="what to create")
    parser.add_argument("slug", help="lowercase ASCII, digits and hyphens; becomes the URL /essays/<slug>/")
    parser.add_argument("--title-zh", help="the Chinese title")
    parser.add_argument("--title-en", help="the English title")
    parser.add_argument("--author", help="your id in docs/authors.yml (add yourself there first)")
    parser.add_argument("--translator", action="append", default=[], help="a translator's id (repeatable)")
    parser.add_argument("--original", choices=["zh", "en"], default="zh", help="the language it is written in first")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="date of first publication (default: today)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the archive folder")
    args = parser.parse_args(argv)

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    known = _author_ids(args.docs)
    author = args.author or (input("作者 id Author id (docs/authors.yml): ").strip() if interactive else "") or "editors"
    title_zh = args.title_zh or (input("中文标题 Chinese title: ").strip() if interactive else "") or "标题"
    title_en = args.title_en or (input("English title: ").strip() if interactive else "") or "Title"
    try:
        created = create_essay(args.docs, EssayDraft(args.slug, title_zh, title_en, args.original, args.date,
                                                     author, tuple(args.translator)))
    except ScaffoldError as err:
        print(f"new_entry: {err}", file=sys.stderr)
        return 1
    for path in created:
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            shown = path
        print(f"created {shown}")
    for who in (author, *args.translator):
        if known is not None and who not in known:
            print(f"note: '{who}' is not in docs/authors.yml yet.{did_you_mean(who, known)} Add it there, e.g.\n"
                  f"  {who}:\n    name: {{zh: 你的名字, en: Your Name}}")
    print("Next: write both files, then `make check` and `make serve` (drafts show only in the preview).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
