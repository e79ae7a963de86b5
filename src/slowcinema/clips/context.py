"""Where a clip file's reader is (the file, its YAML, the bundle, the problems list), shared by the
readers of the clip itself (`clip_file`) and of its notes and captions (`notes`)."""

from __future__ import annotations

from pathlib import Path

from ..content import yamlio
from ..content.problems import Problems


class Ctx:
    """Where we are: the file, its YAML, the bundle, and the problems list."""

    def __init__(self, rel: str, doc: yamlio.YamlDoc, bundle: Path, bundle_uri: str, root: Path, problems: Problems,
                 films: dict | None = None, max_video_bytes: int | None = None):
        self.rel, self.doc, self.bundle, self.bundle_uri, self.root, self.problems = rel, doc, bundle, bundle_uri, root, problems
        self.films = films or {}  # the registry (docs/films.yml), for `film: <id>`
        self.max_video_bytes = max_video_bytes  # a local video's size limit (None: no limit)
        self.used: set[str] = set()  # bundle-relative paths this clip refers to

    def add(self, path: tuple, field: str, message: str, fix: str) -> None:
        self.problems.add(self.rel, self.doc.line(*path), field, message, fix)
