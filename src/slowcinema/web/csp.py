"""The Content-Security-Policy of every page, as a <meta> tag (the only kind GitHub Pages allows).

Same-origin everything; inline scripts only when their exact text is hashed into the policy; frames
only from the clip providers' privacy-respecting players, which load when a reader presses play.
Under `mkdocs serve` only, each served page also allows the one reload script the live server adds
to it, by its hash (`allow_script`, see slowcinema.web.live_reload).

Only a script that one of the build's templates writes is hashed (`use_templates`, from the theme's and the
archive's template folders): a script in a page that no template writes, which contributor text or data could
only have put there through a fault in the cleaning, is `ForeignScript`, and the build stops at that page.
Where a template writes a value into a script (`{{ base_url }}`), the script may hold there any text without
quotes, angle brackets, backslashes or spaces.

Test-only: with the environment variable `SCA_TEST_NO_CSP=1`, `insert` leaves every page without a
policy. The hostile suites build so, to show that no planted value reaches a page as live markup
even without this second wall (tests/test_hostile_registry.py). Never set it for a site you publish.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://player.bilibili.com",
               "https://archive.org")
# Inline <script> elements that execute (not JSON data blocks such as Material's __config).
_INLINE_RE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S | re.I)
_CHARSET_RE = re.compile(r"<meta charset=\"utf-8\">", re.I)
_POLICY_SCRIPT_SRC = re.compile(r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*?script-src 'self')")


_JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_INCLUDE_RE = re.compile(r"""\{%-?\s*include\s+["']([^"']+)["']\s*-?%\}""")
_VALUE = r"[^\"'<>\\\s]*"  # what a template writes into a script: a value inside a quoted string (an address)
_allowed: tuple[re.Pattern, ...] | None = None  # None: every inline script is hashed (the core used on its own)
_READ: dict[tuple, tuple[re.Pattern, ...]] = {}  # the templates as last read (a `serve` rebuild reads them once)


class ForeignScript(ValueError):
    """An inline script in a page that none of the build's templates writes."""

    def __init__(self, script: str) -> None:
        shown = script if len(script) <= 80 else script[:77] + "..."
        super().__init__(f"an inline script that no template writes: {shown!r}. A page's scripts come from the "
                         "theme's and the archive's templates only; this one came from its text or its data, past "
                         "the cleaning (a fault to report: the policy does not let it run)")


def use_templates(dirs: Iterable[Path]) -> None:
    """From now on `policy` hashes only the inline scripts that the templates under `dirs` write (each template
    folder of the build, in the order Jinja looks them up), and any other is `ForeignScript`."""
    global _allowed
    dirs = [Path(d) for d in dirs if d and Path(d).is_dir()]
    templates = [path for folder in dirs for path in _templates(folder)]
    seen = tuple((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in templates)  # read again if one changed
    if seen not in _READ:
        found = []
        for path in templates:
            found += (_pattern(m.group(1), dirs) for m in _INLINE_RE.finditer(path.read_text(encoding="utf-8")))
        _READ.clear()
        _READ[seen] = tuple(dict.fromkeys(found))
    _allowed = _READ[seen]


def _templates(folder: Path) -> list[Path]:
    """The HTML templates under `folder`, in path order; not in hidden folders (the theme's thousands of icons)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += (Path(dirpath, name) for name in filenames if name.endswith(".html"))
    return sorted(found)


def _pattern(body: str, dirs: list[Path], depth: int = 0) -> re.Pattern:
    return re.compile(_text(body, dirs, depth), re.S)


def _text(body: str, dirs: list[Path], depth: int) -> str:
    """A template's script as a pattern: its text as it is, but for its whitespace (any run, or none, as Jinja's
    whitespace control and our compaction may leave it), each value it writes (`_VALUE`) and each template it
    includes (that template's text, looked up in `dirs`); its other tags and comments write nothing."""
    out, at = [r"\s*"], 0
    for m in _JINJA_RE.finditer(body):
        out.append(_literal(body[at:m.start()]))
        tag, at = m.group(0), m.end()
        include = _INCLUDE_RE.fullmatch(tag)
        if include and depth < 4:
            source = next((d / include.group(1) for d in dirs if (d / include.group(1)).is_file()), None)
            out.append(_text(source.read_text(encoding="utf-8"), dirs, depth + 1) if source else _VALUE)
        elif tag.startswith("{{"):
            out.append(_VALUE)
    out.append(_literal(body[at:]))
    return "".join(out) + r"\s*"


def _literal(text: str) -> str:
    return r"\s*".join(re.escape(part) for part in re.split(r"\s+", text))


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def policy(html: str) -> str:
    scripts = {m.group(1) for m in _INLINE_RE.finditer(html)}
    if _allowed is not None:
        for script in sorted(scripts):
            if not any(p.fullmatch(script) for p in _allowed):
                raise ForeignScript(script)
    hashes = sorted({_hash(script) for script in scripts})
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # data: for the theme's own CSS icons; contributor data: URLs are removed
        "font-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src " + " ".join(FRAME_HOSTS),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def insert(html: str) -> str:
    """`html` with its policy as the first thing after <meta charset>, before any script can run
    (unchanged under the test-only switch `SCA_TEST_NO_CSP=1`, the one place it is read)."""
    if os.environ.get("SCA_TEST_NO_CSP") == "1":
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    m = _CHARSET_RE.search(html)
    if not m:
        return html.replace("<head>", "<head>" + tag, 1)
    return html[: m.end()] + "\n" + tag + html[m.end():]


def allow_script(html: str, script: str) -> str:
    """`html`, whose policy also lets the inline `script` run: exactly that text, by its hash. For the
    live preview only (`mkdocs serve` adds a reload script to each page as it serves it)."""
    return _POLICY_SCRIPT_SRC.sub(lambda m: m.group(1) + " " + _hash(script), html, count=1)
