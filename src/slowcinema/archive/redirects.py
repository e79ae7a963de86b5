"""Old addresses that must still land: docs/redirects.yml, and the small page left at each of them.

The file maps an old site-relative address to the page that replaced it (CONTRIBUTING.md, "Renaming"):

    essays/a-hand-on-the-machine-draft/: essays/the-deciding-hand/

The build writes, at the old address, a page of a few lines: a refresh to the new address, a
canonical link to it and a plain link for readers without refresh. It runs no script and loads
nothing, so it keeps the archive's Content-Security-Policy and is valid HTML.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..content import yamlio
from ..content.problems import Problems
from ..content.source import read_text
from ..web import csp

FILE = "redirects.yml"
_PATH_RE = re.compile(r"^(?:[a-z0-9][a-z0-9-]*/)+$")


def _page_exists(docs: Path, path: str) -> bool:
    stem = path.rstrip("/")
    return any((docs / c).is_file() for c in
               (f"{stem}.md", f"{stem}/index.md", f"{stem}/index.zh.md", f"{stem}/index.en.md"))


def load(docs: Path, rel: str, problems: Problems) -> dict[str, str]:
    """old address -> new address, both site-relative and ending in '/'; every problem with its line."""
    path = docs / FILE
    if not path.is_file():
        return {}
    text = read_text(path, rel, problems)
    doc = yamlio.load(text, rel, problems) if text is not None else None
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.add(rel, 1, None, "must map old addresses to new ones",
                     "write one line per address: essays/old-slug/: essays/new-slug/")
        return {}
    out: dict[str, str] = {}
    fix = "write site-relative addresses ending in '/', e.g. essays/old-slug/: essays/new-slug/"
    for old, new in doc.data.items():
        line = doc.line(old)
        if not isinstance(old, str) or not _PATH_RE.match(old):
            problems.add(rel, line, str(old), f"{old!r} is not an address of this site", fix)
        elif not isinstance(new, str) or not _PATH_RE.match(new):
            problems.add(rel, line, old, f"{new!r} is not an address of this site", fix)
        elif _page_exists(docs, old):
            problems.add(rel, line, old, f"'{old}' is still a page of the archive, so it cannot also redirect",
                         "remove this line, or rename the page first")
        elif not _page_exists(docs, new):
            problems.add(rel, line, old, f"'{new}' is not a page of the archive",
                         "give the address of the page that replaced the old one, e.g. essays/new-slug/")
        else:
            out[old] = new
    return out


def page(old: str, new: str, site_url: str | None = None) -> str:
    """The page left at `old`: a refresh, a canonical link and a plain link to `new`."""
    relative = "../" * old.count("/") + new
    canonical = (site_url.rstrip("/") + "/" + new) if site_url else relative
    target, canon = escape(relative), escape(canonical)
    html = (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Moved · 已移至新地址</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{canon}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "</head>\n<body>\n"
        f'<p lang="zh-Hans">这一页已移至新地址：<a href="{target}">{target}</a></p>\n'
        f'<p>This page has moved to <a href="{target}">{target}</a>.</p>\n'
        "</body>\n</html>\n"
    )
    return csp.insert(html)
