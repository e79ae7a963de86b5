"""`slowcinema check`: validate the archive's content in seconds, without building the site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .check import ConfigError
from .check import check as check_archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="slowcinema", description="Slow Cinema Archive tools")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content under docs/ and report every problem")
    check.add_argument("--docs", type=Path, default=Path("docs"), help="the archive folder (default: docs)")
    check.add_argument("--config", type=Path, default=None,
                       help="the site's mkdocs.yml, for its markdown_extensions (default: beside the archive folder)")
    args = parser.parse_args(argv)

    if args.command == "check":
        start = time.perf_counter()
        if not args.docs.is_dir():
            print(f"slowcinema: no folder {args.docs}", file=sys.stderr)
            return 2
        config = args.config or args.docs.resolve().parent / "mkdocs.yml"
        if not config.is_file():
            print(f"slowcinema: no {config}: pass the site's configuration with --config", file=sys.stderr)
            return 2
        try:
            archive, problems, to_do = check_archive(args.docs, Path.cwd(), config)
        except ConfigError as err:
            print(f"slowcinema: {err}", file=sys.stderr)
            return 2
        if to_do:  # a draft's placeholders: what is left before `draft: true` goes
            print(f"To do before publishing a draft:\n{to_do.report()}\n", file=sys.stderr)
        if problems:
            print(problems.report(), file=sys.stderr)
            print(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} found. "
                  "Fix them and run `make check` again.", file=sys.stderr)
            return 1
        counts = [(len(archive.essays), "essay", "essays"), (len(archive.manifestos), "manifesto", "manifestos"),
                  (len(archive.galleries), "gallery", "galleries"), (len(archive.timeline), "timeline item", "timeline items"),
                  (len(archive.films), "film", "films"), (len(archive.authors), "author", "authors"),
                  (len(archive.tags), "tag", "tags")]
        summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
        print(f"ok: {summary} checked in {time.perf_counter() - start:.2f} s")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
