"""The Content-Security-Policy of every page, as a <meta> tag (the only kind GitHub Pages allows).

Same-origin everything; inline scripts only when their exact text is hashed into the policy; frames
only from the clip providers' privacy-respecting players, which load when a reader presses play.
Under `mkdocs serve` only, each served page also allows the one reload script the live server adds
to it, by its hash (`allow_script`, see slowcinema.web.live_reload).

Test-only: with the environment variable `SCA_TEST_NO_CSP=1`, `insert` leaves every page without a
policy. The hostile suites build so, to show that no planted value reaches a page as live markup
even without this second wall (tests/test_hostile_registry.py). Never set it for a site you publish.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://player.bilibili.com",
               "https://archive.org")
# Inline <script> elements that execute (not JSON data blocks such as Material's __config).
_INLINE_RE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S | re.I)
_CHARSET_RE = re.compile(r"<meta charset=\"utf-8\">", re.I)
_POLICY_SCRIPT_SRC = re.compile(r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*?script-src 'self')")


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def policy(html: str) -> str:
    hashes = sorted({_hash(m.group(1)) for m in _INLINE_RE.finditer(html)})
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
