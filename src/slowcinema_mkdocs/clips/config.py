from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ClipsConfig(Config):
    # A local clip larger than this (in megabytes, 1 MB = 1,000,000 bytes) fails the build, and `make check`
    # reports it too: the core loader reads this option from mkdocs.yml (slowcinema.clips.limits).
    max_video_mb = c.Type((int, float), default=20)
