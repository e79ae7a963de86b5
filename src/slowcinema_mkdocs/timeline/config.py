from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class TimelineConfig(Config):
    # The timeline page (relative to docs/). Generated with a short bilingual introduction when the
    # file does not exist; the timeline itself is added after the page's own text.
    page = c.Type(str, default="timeline.md")
    # The open data file (TimelineJS3's JSON format), relative to the site root.
    json = c.Type(str, default="timeline.json")
