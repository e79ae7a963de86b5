"""Slow Cinema Archive core: content model, validation and views. Never imports MkDocs."""
