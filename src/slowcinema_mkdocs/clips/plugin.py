"""MkDocs adapter for the clip galleries (skeleton: filled in by the clips work)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


class ClipsConfig(Config):
    enabled = c.Type(bool, default=True)


class ClipsPlugin(BasePlugin[ClipsConfig]):
    pass
