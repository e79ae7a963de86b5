"""The archive as a whole: loaded in one pass, its registries (authors, tags, films), the views across kinds, feeds and citations."""
