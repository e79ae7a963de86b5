"""Small corrections to the theme's markup so every page passes the Nu Html Checker. Each names the
construct and why it is invalid; the theme's templates are left as they are (no copies to maintain)."""

from __future__ import annotations

import re

_FIXES = [
    # autocomplete is not allowed on checkbox and radio inputs (Material's drawer, search and palette toggles).
    (re.compile(r'(<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*?)\s+autocomplete="off"'), r"\1"),
    # autocorrect is not an HTML attribute (a Safari extension) on the search input.
    (re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"'), r"\1"),
    # A dialog needs an accessible name (axe: aria-dialog-name): Material's search has none.
    (re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索 Search">'),
]
_TOC_LABEL_RE = re.compile(r'(<label class="md-nav__title") for="__toc"')


def fix(html: str) -> str:
    for pattern, repl in _FIXES:
        html = pattern.sub(repl, html)
    if 'id="__toc"' not in html:
        # The table of contents' title points at a toggle that exists only for pages in the navigation.
        html = _TOC_LABEL_RE.sub(r"\1", html)
    return html
