"""What the archive adds to Python-Markdown for the text of its bundles, the same in the build and in
`make check`: figures with captions (`figures`), links between bundles (`links`) and English
typography on English text only (slowcinema.languages.typography)."""

from __future__ import annotations

from markdown import Extension

from ..languages.typography import EnglishTypography
from .figures import FigureExtension
from .links import LinkContext, LinkExtension


def extensions(links: LinkContext) -> list[Extension]:
    """The extensions, in order, sharing `links`: the page being rendered, whose file says its language."""
    return [FigureExtension(), LinkExtension(links), EnglishTypography(lambda: links.src_uri)]
