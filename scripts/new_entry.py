#!/usr/bin/env python3
"""Scaffold a new archive entry.

    python scripts/new_entry.py essay <slug> [--title-zh T] [--title-en T] [--original zh|en] [--date YYYY-MM-DD]

In a terminal it asks for the titles it was not given; otherwise it takes them from the flags (or uses
placeholders). It refuses an existing or invalid slug and prints what it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from slowcinema.scaffold import EssayDraft, ScaffoldError, create_essay  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new archive entry.")
    parser.add_argument("kind", choices=["essay"], help="what to create")
    parser.add_argument("slug", help="lowercase ASCII, digits and hyphens; becomes the URL /essays/<slug>/")
    parser.add_argument("--title-zh", help="the Chinese title")
    parser.add_argument("--title-en", help="the English title")
    parser.add_argument("--original", choices=["zh", "en"], default="zh", help="the language it is written in first")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="date of first publication (default: today)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the archive folder")
    args = parser.parse_args(argv)

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    title_zh = args.title_zh or (input("中文标题 Chinese title: ").strip() if interactive else "") or "标题"
    title_en = args.title_en or (input("English title: ").strip() if interactive else "") or "Title"
    try:
        created = create_essay(args.docs, EssayDraft(args.slug, title_zh, title_en, args.original, args.date))
    except ScaffoldError as err:
        print(f"new_entry: {err}", file=sys.stderr)
        return 1
    for path in created:
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            shown = path
        print(f"created {shown}")
    print("Next: write both files, then `make check` and `make serve` (drafts show only in the preview).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
