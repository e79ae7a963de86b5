"""The reader's CSS and JavaScript: every file of the archive's own that the plugins list, in order,
joined into one stylesheet and one script under a content hash, so a page makes two requests instead of
one per feature, and browsers may cache them for good."""

from __future__ import annotations

import hashlib
from pathlib import Path

PREFIX = "assets/sca/"
JOINERS = {"css": "\n", "js": "\n;\n"}


def bundle(listed: list[str], folder: Path, kind: str) -> tuple[list[str], str, str] | None:
    """`listed`: the site's stylesheets (kind "css") or scripts ("js"), in order; `folder`: where
    the archive's own files are. Returns (the listed files joined, the joined file's uri, its
    content), or None when none is ours."""
    ours = [x for x in listed if x.startswith(PREFIX) and x.endswith(f".{kind}") and (folder / Path(x).name).is_file()]
    if not ours:
        return None
    content = JOINERS[kind].join((folder / Path(x).name).read_text(encoding="utf-8") for x in ours)
    return ours, f"{PREFIX}site.{hashlib.sha256(content.encode()).hexdigest()[:10]}.{kind}", content
