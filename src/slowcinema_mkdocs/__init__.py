"""Thin MkDocs adapters around the slowcinema core.

MkDocs' own `enabled: false` under any of these plugins in mkdocs.yml leaves it out; slowcinema/search
alone declares an `enabled` of its own, which keeps the search box's interface and leaves out the index.
Every other plugin reads the state of slowcinema/archive (state.py): that one is listed first, never left out."""
