"""The live preview reloads itself under the archive's strict Content-Security-Policy.

MkDocs' live server (mkdocs/livereload, 1.6) adds an inline `<script>` before `</body>` of each HTML
page as it serves it; the script differs on every request (it carries the build's epoch and a request
id), so the policy written at build time cannot name it, and the browser refuses it. Under
`mkdocs serve` only, each served page's policy gets the hash of the very script added to that
response (`csp.allow_script`): nothing else is allowed, and the built site is untouched. The adapter
(slowcinema_mkdocs/archive/serve.py) wraps the server's injection with `allowed`.
"""

from __future__ import annotations

from . import csp

_OPEN, _CLOSE = b"<script>", b"</script>"


def injected_script(page: bytes, served: bytes) -> str | None:
    """The script the live server put into `page` to make `served`, or None if it was not added the
    way MkDocs 1.6 adds it (`<script>...</script>` just before the last `</body>`)."""
    at = page.rfind(b"</body>")
    at = len(page) if at < 0 else at
    tail = len(page) - at
    added = served[at: len(served) - tail]
    if served[:at] != page[:at] or served[len(served) - tail:] != page[at:]:
        return None
    if not (added.startswith(_OPEN) and added.endswith(_CLOSE)):
        return None
    return added[len(_OPEN): -len(_CLOSE)].decode("utf-8")


def allowed(page: bytes, served: bytes) -> bytes:
    """`served` (`page` with the live server's script) with a policy that allows that script."""
    script = injected_script(page, served)
    if script is None:
        return served
    return csp.allow_script(served.decode("utf-8"), script).encode("utf-8")
