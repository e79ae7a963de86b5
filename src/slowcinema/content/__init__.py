"""Reading what contributors write: files as text, strict YAML, typed fields, one schema per kind of file, and problems with a place."""
