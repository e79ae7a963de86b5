"""Thin MkDocs adapters around the slowcinema core.

MkDocs' own `enabled: false` under any of these plugins in mkdocs.yml leaves it out; slowcinema/search
alone declares an `enabled` of its own, which keeps the search box's interface and leaves out the index.
Every other plugin reads the build's state held by slowcinema/archive (adapter.state): list it first, never left out."""
