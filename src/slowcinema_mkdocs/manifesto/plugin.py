"""MkDocs adapter for the manifestos (skeleton: filled in by the manifesto work)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


class ManifestoConfig(Config):
    enabled = c.Type(bool, default=True)


class ManifestoPlugin(BasePlugin[ManifestoConfig]):
    pass
