from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ClipsConfig(Config):
    enabled = c.Type(bool, default=True)
    # A local clip larger than this (in megabytes, 1 MB = 1,000,000 bytes) fails the build.
    max_video_mb = c.Type((int, float), default=20)
