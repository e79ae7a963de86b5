"""Thin MkDocs adapters around the slowcinema core."""
