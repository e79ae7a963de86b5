"""Clip galleries (docs/clips/<slug>/) and their annotated clips. (Issue: annotated clip galleries.)

Modules: model (the data), timecode (times), webvtt (WebVTT in and out), rights (rights and
consent rules), providers (outside players), probe (PyAV), limits (a local file's size limit,
read from mkdocs.yml), clip_file (one clip's YAML), gallery (bundles), views (what templates
receive), block (the `/// clip` block in essays).
"""

from .gallery import check_sizes, load_galleries
from .model import Clip, Gallery, Note

__all__ = ["load_galleries", "check_sizes", "Clip", "Gallery", "Note"]
