"""A Markdown file with YAML front matter, split with python-frontmatter and parsed strictly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import frontmatter

from . import yamlio
from .problems import Problems
from .source import read_text

_HANDLER = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class MarkdownFile:
    rel: str  # path relative to the repository, for messages
    meta: yamlio.YamlDoc
    body: str
    body_line: int  # the file line where the body starts
    text: str  # the whole file, normalised (no BOM, LF line endings)


def parse(text: str, rel: str, problems: Problems) -> MarkdownFile | None:
    if not _HANDLER.detect(text):
        problems.add(
            rel, 1, None, "the file has no front matter",
            "start the file with a line '---', the fields (title: ..., summary: ...), and another '---'",
        )
        return None
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        problems.add(rel, 1, None, "the front matter is not closed",
                     "add a line '---' after the last field of the front matter")
        return None
    # The front matter text starts on the line of the opening '---' (after its newline).
    doc = yamlio.load(fm, rel, problems, first_line=1)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.add(rel, 2, None, f"the front matter must be a set of 'key: value' fields, but it is {kind}",
                     "write one field per line, for example:\n      title: ...\n      summary: ...")
        return None
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return MarkdownFile(rel, doc, body, body_line, text)


def read(path: Path, rel: str, problems: Problems) -> MarkdownFile | None:
    text = read_text(path, rel, problems)
    return None if text is None else parse(text, rel, problems)
