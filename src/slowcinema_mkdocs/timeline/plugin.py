"""MkDocs adapter for the timeline (skeleton: filled in by the timeline work)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


class TimelineConfig(Config):
    enabled = c.Type(bool, default=True)


class TimelinePlugin(BasePlugin[TimelineConfig]):
    pass
