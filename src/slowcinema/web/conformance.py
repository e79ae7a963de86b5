"""The last pass over every page the theme writes: small corrections to its markup so every page
passes the Nu Html Checker (each names the construct and why it is invalid; the theme's templates are
left as they are, no copies to maintain), then the template indentation taken out (`compact`)."""

from __future__ import annotations

import json
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
    return compact(_CONFIG_RE.sub(_compact_config, html))


# The theme's configuration for its script, a JSON data block (never executed, so no CSP hash).
_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


# Features the theme's templates read and its script never does (Material 9.8.1's bundle names neither).
_TEMPLATE_FEATURES = ("navigation.indexes", "navigation.top")


def _compact_config(m: re.Match) -> str:
    """The same JSON with its Chinese as characters (not six-byte \\u escapes) and no spaces; "<"
    stays escaped, so nothing in it can close the element. Keys set to null go (the theme's script
    reads a missing key as it reads null), and so does the version selector's label when there is
    no version selector; so do the features only the templates read (`_TEMPLATE_FEATURES`), and the
    copy button's labels when code blocks have no copy button (content.code.copy)."""
    try:
        data = json.loads(m.group(2))
    except ValueError:
        return m.group(0)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if v is not None}
        features = data.get("features")
        if isinstance(features, list):
            data["features"] = [f for f in features if f not in _TEMPLATE_FEATURES]
        if isinstance(data.get("translations"), dict):
            unused = set() if "version" in data else {"select.version"}
            if not (isinstance(features, list) and "content.code.copy" in features):
                unused |= {"clipboard.copy", "clipboard.copied"}
            data["translations"] = {k: v for k, v in data["translations"].items() if k not in unused}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return m.group(1) + text + m.group(3)


# Elements whose text is kept byte for byte: preformatted (<pre>, <textarea>, and <code>/<kbd>, which
# Material styles `white-space: pre-wrap` even inline), or not text at all (<script>, <style>).
_KEPT = ("pre", "textarea", "code", "kbd", "samp", "script", "style")
# A tag's attributes to its end, each quoted value whole. Possessive (`*+`): each character can be read one way
# only, so the engine never tries another, and a run of plain characters is read at once.
_ATTRS = r"""[^"'>]*+(?:(?:"[^"]*+"|'[^']*+')[^"'>]*+)*+>"""
_TOKEN_RE = re.compile(  # one group for the whole token, so that `re.split` keeps it (`compact`)
    r"(<!--.*?-->"  # a comment, as it is
    rf"|<({'|'.join(_KEPT)})\b{_ATTRS}.*?</\2\s*>"  # a kept element, whole
    rf"|<[a-zA-Z/!?]{_ATTRS})",  # any other tag, attributes and all
    re.S | re.I,
)
_SVG_NS = '<svg xmlns="http://www.w3.org/2000/svg"'
# A run of HTML whitespace (never U+00A0 or U+3000, which are text) that spans a line break.
_BREAK_RE = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compact(html: str) -> str:
    """`html` without its template indentation: outside tags and the `_KEPT` elements, every run of
    whitespace that spans a line break becomes one line break. A browser renders the result exactly
    as before (such a run collapses to one space where white space is collapsed, which is everywhere
    else on our pages); attributes, comments, and spaces within a line are left alone. Inline <svg>
    icons lose their redundant xmlns attribute."""
    # Cut by the regular expression at once, then the texts and tags taken a list at a time: no Python step per
    # token (a thousand on a page; at N = 1,000, 1.8 s a token at a time, 1.2 s cut at once, all in the build's
    # process). tests/test_weight.py compares it with the pass a token at a time. `parts`: text, token, the kept
    # element's name (None for any other token), text...
    parts = _TOKEN_RE.split(html)
    parts[::3] = [_BREAK_RE.sub("\n", text) if "\n" in text else text for text in parts[::3]]
    parts[2::3] = [""] * (len(parts) // 3)
    if _SVG_NS in html:  # an <svg> in an HTML document is in the SVG namespace without saying so (the theme's icons)
        parts[1::3] = [tag.replace(_SVG_NS, "<svg", 1) if tag.startswith(_SVG_NS) else tag for tag in parts[1::3]]
    return "".join(parts)
