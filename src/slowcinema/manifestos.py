"""Manifestos (docs/manifesto/<slug>/): principles, versions, signatories. (Issue: manifesto entries.)"""

from __future__ import annotations

from pathlib import Path

from .problems import Problems


def load_manifestos(docs: Path, root: Path, authors: dict, tags: dict, problems: Problems) -> list:
    """Manifestos under docs/manifesto/. Filled in by the manifesto work."""
    return []
