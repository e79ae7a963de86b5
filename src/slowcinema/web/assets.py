"""The reader's CSS and JavaScript: every file of the archive's own that the plugins list, in order,
joined into one stylesheet and one script under a content hash, so a page makes two requests instead of
one per feature, and browsers may cache them for good.

The lists are the site's (MkDocs' `extra_css` and `extra_javascript`): their items are strings or
objects that print as their address (a script with its attributes), kept as they are."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable

PREFIX = "assets/sca/"
JOINERS = {"css": "\n", "js": "\n;\n"}

# The files each part of the site needs, in order; its plugin lists them.
ARCHIVE = (f"{PREFIX}sca.css", f"{PREFIX}journal.css", f"{PREFIX}sca.js",
           f"{PREFIX}passages.css", f"{PREFIX}passages.js", f"{PREFIX}offline.js")
MANIFESTO = (f"{PREFIX}manifesto.css", f"{PREFIX}manifesto.js")
CLIPS = (f"{PREFIX}clips.css", f"{PREFIX}clips.js")
TIMELINE = (f"{PREFIX}timeline.css", f"{PREFIX}timeline.js")
# Published as they are, never bundled: the print sheet, which every page links with media="print"
# (overrides/main.html), so that it never delays a page.
AS_THEY_ARE = (f"{PREFIX}print.css",)
# The archive's mark as the tab's icon, drawn by the build (slowcinema.web.offline.icon) where the site's
# configuration names it (mkdocs.yml: theme.favicon), in place of the theme's own.
FAVICON, FAVICON_PX = f"{PREFIX}favicon.png", 48


def bundle(listed: list[str], folder: Path, kind: str) -> tuple[list[str], str, str] | None:
    """`listed`: the site's stylesheets (kind "css") or scripts ("js"), in order; `folder`: where
    the archive's own files are. Returns (the listed files joined, the joined file's uri, its
    content), or None when none is ours."""
    ours = [x for x in listed if x.startswith(PREFIX) and x.endswith(f".{kind}") and (folder / Path(x).name).is_file()]
    if not ours:
        return None
    content = compact(JOINERS[kind].join((folder / Path(x).name).read_text(encoding="utf-8") for x in ours), kind)
    return ours, f"{PREFIX}site.{hashlib.sha256(content.encode()).hexdigest()[:10]}.{kind}", content


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def compact(text: str, kind: str) -> str:
    """A joined stylesheet or script as readers download it: without the comments written for
    maintainers, indentation and blank lines (the files in src/ keep them all; about 7 KiB less gzipped
    on a first visit). CSS: every /* ... */ (no string of ours holds one). JS: the lines that are only a
    comment, never a comment after code, and no line is joined to another, so no statement changes; a
    line inside a template literal could look like a comment, and our scripts have none
    (tests/test_weight.py checks)."""
    if kind == "css":
        text = _CSS_COMMENT.sub("", text)
    out, in_comment = [], False
    for line in text.split("\n"):
        line = line.strip()
        if kind == "js":
            if in_comment:
                in_comment, line = ("*/" not in line), line.partition("*/")[2].strip()
            elif line.startswith("/*"):
                in_comment, line = ("*/" not in line), line.partition("*/")[2].strip()
            elif line.startswith("//"):
                line = ""
        if line:
            out.append(line)
    return "\n".join(out) + "\n"


def add(css: list, js: list, uris: Iterable[str]) -> None:
    """Each of `uris` listed once: a script with the site's scripts, anything else with its stylesheets."""
    for uri in uris:
        target = js if uri.endswith(".js") else css
        if uri not in [str(x) for x in target]:
            target.append(uri)


def bundle_lists(css: list, js: list, folder: Path) -> dict[str, str]:
    """Ours in each list replaced by their joined file, at the place of the first; returns the joined
    files (uri -> content) to publish."""
    joined_files = {}
    for kind, target in (("css", css), ("js", js)):
        joined = bundle([str(x) for x in target], folder, kind)
        if joined is None:
            continue
        ours, uri, content = joined
        at = [str(x) for x in target].index(ours[0])
        target[:] = [x for x in target if str(x) not in ours]
        target.insert(at, uri)
        joined_files[uri] = content
    return joined_files
