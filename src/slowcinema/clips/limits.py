"""The size limit of a local clip file, shared by the build and `make check`.

The limit is the clips plugin's `max_video_mb` option (default 20 MB; 1 MB = 1,000,000 bytes). The
core never imports MkDocs, so it reads the option from the site's configuration file itself: the
`mkdocs.yml` (or `mkdocs.yaml`) in the project root, which is the file `make check` and `make build`
both use. MkDocs validates the option's type when it builds; here a value that is not a positive
number is reported as a problem of its own. The plugin checks again with the value MkDocs loaded
(`check_sizes`), which covers a build run with another configuration file (`mkdocs build -f`).

mkdocs.yml is not contributor content, and it uses tags the strict reader refuses (`!ENV`,
`!!python/...`), so it is read here with PyYAML's safe loader, every unknown tag read as null.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..content.problems import Problems
from .model import Media

DEFAULT_MAX_VIDEO_MB = 20
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "slowcinema/clips"
OPTION = "max_video_mb"


class _Loader(yaml.SafeLoader):
    """Safe loading; any tag it does not know (`!ENV`, `!!python/name:...`) becomes null."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def max_video_bytes(root: Path, problems: Problems) -> int:
    """The limit in bytes, from the project's configuration file (default 20 MB)."""
    config = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
    if config is None:
        return DEFAULT_MAX_VIDEO_MB * 1_000_000
    try:
        data = yaml.load(config.read_text(encoding="utf-8-sig"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        data = None  # MkDocs itself reports a configuration it cannot read
    value = _option(data)
    if value is None:
        return DEFAULT_MAX_VIDEO_MB * 1_000_000
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        problems.add(config.name, None, f"plugins.{PLUGIN}.{OPTION}", f"{value!r} is not a size in megabytes",
                     f"write a positive number, for example {OPTION}: {DEFAULT_MAX_VIDEO_MB} (or remove the option)")
        return DEFAULT_MAX_VIDEO_MB * 1_000_000
    return int(value * 1_000_000)


def _option(data) -> object | None:
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)) for p in (plugins or []))
    for name, options in entries:
        if name == PLUGIN and isinstance(options, dict):
            return options.get(OPTION)
    return None


def check_size(video: Media, max_bytes: int, rel: str, problems: Problems) -> bool:
    """Report `video` if it is over the limit (the one message of the build and `make check`)."""
    if video.size <= max_bytes:
        return True
    size, limit = f"{video.size / 1_000_000:.1f} MB", f"{max_bytes / 1_000_000:g} MB"
    if f"{video.size / 1_000_000:.1f}" == f"{max_bytes / 1_000_000:.1f}":  # 20.0 MB over 20 MB would read oddly
        size, limit = f"{video.size:,} bytes", f"{limit} ({max_bytes:,} bytes)"
    problems.add(rel, video.line, "source.file", f"'{video.path}' is {size}, over the limit of {limit}",
                 "shorten or re-encode it (a lower bitrate, VP9 in WebM), or host it on a provider (provider:, url:)")
    return False
