"""Clip galleries (docs/clips/<slug>/) and their clips. (Issue: annotated clip galleries.)"""

from __future__ import annotations

from pathlib import Path

from .problems import Problems


def load_galleries(docs: Path, root: Path, authors: dict, tags: dict, problems: Problems) -> list:
    """Galleries under docs/clips/. Filled in by the clips work."""
    return []
