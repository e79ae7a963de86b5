"""The options of each plugin of the archive under `plugins:` in mkdocs.yml, declared in one place (typed
`base.Config` classes, as Material's plugins declare theirs), in the order mkdocs.yml lists the plugins."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from slowcinema.archive import indexes
from slowcinema.search import build


class ArchiveConfig(Config):
    # Home page: how many of the newest entries it lists.
    home_entries = c.Type(int, default=10)
    # Page (relative to docs/) that explains how to translate; linked from "not yet translated".
    contribute_page = c.Type(str, default="contribute.md")
    # Drafts are shown by `mkdocs serve` (with a banner) and left out of `mkdocs build`.
    drafts_in_serve = c.Type(bool, default=True)


class ManifestoConfig(Config):
    # Page (relative to docs/) that explains how to sign; linked from every manifesto.
    sign_page = c.Type(str, default="contribute.md")


class ClipsConfig(Config):
    # A local clip larger than this (in megabytes, 1 MB = 1,000,000 bytes) fails the build, and `make check`
    # reports it too: the core loader reads this option from mkdocs.yml (slowcinema.clips.limits).
    max_video_mb = c.Type((int, float), default=20)


class TimelineConfig(Config):
    # The timeline page (relative to docs/). Generated with a short bilingual introduction when the
    # file does not exist; the timeline itself is added after the page's own text.
    page = c.Type(str, default="timeline.md")
    # The open data file (TimelineJS3's JSON format), relative to the site root.
    json = c.Type(str, default="timeline.json")


class IndexesConfig(Config):
    # How many related entries the foot of an essay lists.
    related = c.Type(int, default=indexes.RELATED)


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    # Text in these languages is left out of the index (the generated 繁體 copies: the worker turns
    # a query in Traditional characters into Simplified ones).
    skip_langs = c.ListOfItems(c.Type(str), default=["zh-Hant"])
    separator = c.Type(str, default=build.SEPARATOR)
