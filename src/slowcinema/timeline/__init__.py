"""Timeline events and eras (docs/timeline/*.yml) and the timeline views.

- `model`: events, eras and the fixed list of kinds;
- `load`: `load_timeline`, reading and validating the YAML files;
- `view`: the items of the page (events and the archive's dated entries), filters, decades and eras;
- `export`: /timeline.json in TimelineJS3's format;
- `block`: the `/// timeline` Markdown block (pymdownx.blocks) that embeds a filtered timeline.
- `site`: what the site publishes of it (the items, timeline.json, the page when docs/ has none).
"""

from __future__ import annotations

from .load import load_timeline
from .model import ENTRY_KINDS, EVENT_KINDS, Era, Event, Timeline

__all__ = ["load_timeline", "Timeline", "Event", "Era", "EVENT_KINDS", "ENTRY_KINDS"]
