from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ArchiveConfig(Config):
    # Home page: how many of the newest entries it lists.
    home_entries = c.Type(int, default=10)
    # Page (relative to docs/) that explains how to translate; linked from "not yet translated".
    contribute_page = c.Type(str, default="contribute.md")
    # Drafts are shown by `mkdocs serve` (with a banner) and left out of `mkdocs build`.
    drafts_in_serve = c.Type(bool, default=True)
