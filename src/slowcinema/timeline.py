"""Timeline events and eras (docs/timeline/*.yml) and the timeline view. (Issue: timeline views.)"""

from __future__ import annotations

from pathlib import Path

from .problems import Problems


def load_timeline(docs: Path, root: Path, problems: Problems) -> list:
    """Events and eras under docs/timeline/. Filled in by the timeline work."""
    return []
