"""Strict YAML for contributor files, with a line number for every key and item.

Safer and plainer than PyYAML's SafeLoader:
- no anchors, aliases, merge keys or explicit tags (`!!python/object`, `!!binary`...);
- duplicate keys are an error, not a silent overwrite;
- dates stay strings (the content model parses them, so `2026-13-45` gets a clear message
  instead of a ValueError), and only `true`/`false` are booleans (`no` stays the word "no");
- every problem carries the file and the line.
"""

from __future__ import annotations

import copy
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problems

Path_ = tuple[Any, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


class _Rejected(Exception):
    def __init__(self, mark: yaml.Mark, message: str, fix: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


def _resolvers() -> dict:
    table: dict = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if not tag.endswith((":timestamp", ":bool"))]
        if kept:
            table[first] = kept
    boolean = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).append(("tag:yaml.org,2002:bool", boolean))
    return table


class StrictLoader(yaml.SafeLoader):
    yaml_implicit_resolvers = _resolvers()

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Rejected(
                event.start_mark,
                f"YAML aliases (*{event.anchor}) are not allowed",
                "write the value out in full instead of referring to an anchor",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Rejected(
                event.start_mark,
                f"YAML anchors (&{anchor}) are not allowed",
                "remove the anchor and write each value out in full",
            )
        return super().compose_node(parent, index)


@dataclass
class YamlDoc:
    """Plain data (dicts, lists, str, int, float, bool, None) and the line of every path in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path: Any, default: int | None = None) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), default)


def _explain(err: yaml.MarkedYAMLError) -> tuple[str, str]:
    problem = err.problem or "invalid YAML"
    if "'\\t'" in problem or "\t" in problem:
        return ("a tab character is used for indentation; YAML allows only spaces",
                "replace the tab with spaces (two per level)")
    if "mapping values are not allowed" in problem:
        return ("a value contains ': ' where YAML expects a new key",
                "put the whole value in quotes, for example title: \"Time: a study\"")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return (f"YAML syntax error ({problem})",
                "check the indentation of this line and the one above it; every key needs 'key: value'")
    if "found undefined alias" in problem:
        return ("YAML aliases are not allowed", "write the value out in full")
    context = f" {err.context}" if err.context else ""
    return (f"YAML syntax error: {problem}{context}",
            "check the quoting and indentation around this line")


_PARSED: dict[tuple[str, str, int], YamlDoc] = {}
_PARSED_LIMIT = 50_000
KIND = "yaml"  # the build cache's kind for a parsed document (`kept_in`)
_kept: list = []  # the build cache documents are kept in, while `kept_in` says so


@contextmanager
def kept_in(cache: Any):
    """Within this block, documents parsed without a problem are kept in the build cache `cache`
    (slowcinema.web.cache.BuildCache) by their text, file and first line, and found there by the next build (the
    timeline's data at a thousand essays is a tenth of a second to parse)."""
    _kept.append(cache)
    try:
        yield
    finally:
        _kept.pop()


def _remember(key: tuple[str, str, int], doc: YamlDoc) -> None:
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[key] = YamlDoc(copy.deepcopy(doc.data), dict(doc.lines))


def load(text: str, rel: str, problems: Problems, first_line: int = 1) -> YamlDoc | None:
    """Parse one YAML document strictly. `first_line` is the file line where `text` starts.

    On any problem, reports it (with its line in the file) and returns None. Documents parsed
    without a problem are remembered by their text: a `mkdocs serve` rebuild reads every file
    again, and nearly all of them are unchanged; and within `kept_in`, they are kept between builds.
    Each caller gets its own copy of the data.
    """
    key = (text, rel, first_line)
    known = _PARSED.get(key)
    if known is not None:
        return YamlDoc(copy.deepcopy(known.data), dict(known.lines))
    cache = _kept[-1] if _kept and getattr(_kept[-1], "folder", None) is not None else None
    entry = cache.key(KIND, text, rel, first_line) if cache else ""
    if cache:
        found, value = cache.get(KIND, entry)
        if found:
            cache.hits += 1
            doc = YamlDoc(value[0], {tuple(path): line for path, line in value[1]})
            _remember(key, doc)  # a `serve` rebuild finds it in memory, as one it parsed
            return doc
        cache.misses += 1
    before = len(problems)
    doc = _load(text, rel, problems, first_line)
    if doc is not None and len(problems) == before:
        _remember(key, doc)
        if cache:
            try:
                cache.put(KIND, entry, (doc.data, [(list(path), line) for path, line in doc.lines.items()]))
            except (TypeError, ValueError):  # a value JSON cannot hold (a lone surrogate from a "\\ud800" escape)
                pass
    return doc


def _load(text: str, rel: str, problems: Problems, first_line: int) -> YamlDoc | None:
    offset = first_line - 1
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as err:  # a control character, checked before any parsing
        char = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "\0")
        problems.add(rel, text.count("\n", 0, err.position) + 1 + offset, None,
                     f"contains the control character U+{char:04X}, which YAML does not allow",
                     "delete it (it is invisible, and usually pasted by accident)")
        return None
    try:
        try:
            node = loader.get_single_node()
        except _Rejected as rej:
            problems.add(rel, rej.mark.line + 1 + offset, None, rej.message, rej.fix)
            return None
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            message, fix = _explain(err)
            if err.context_mark and (err.context or "").startswith("while parsing a flow"):
                mark = err.context_mark  # the line of the bracket that was never closed
                opener = "[" if "sequence" in err.context else "{"
                message = f"the '{opener}' opened on this line is not closed ({err.problem})"
                fix = (f"close it with '{']' if opener == '[' else '}'}', or put the whole value in quotes "
                       "if the bracket is part of the text")
            problems.add(rel, (mark.line + 1 + offset) if mark else None, None, message, fix)
            return None
        except yaml.YAMLError as err:  # pragma: no cover - PyYAML marks nearly all errors
            problems.add(rel, None, None, f"YAML error: {err}", "check the file's YAML syntax")
            return None
        doc = YamlDoc(None)
        if node is None:
            return doc
        before = len(problems)
        _check(node, (), rel, problems, doc.lines, offset)
        if len(problems) > before:
            return None
        try:
            doc.data = loader.construct_document(node)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problems.add(rel, (mark.line + 1 + offset) if mark else None, None,
                         f"YAML value cannot be read: {getattr(err, 'problem', err)}",
                         "write plain text, numbers, lists or mappings only")
            return None
        return doc
    finally:
        loader.dispose()


def _check(node: Node, path: Path_, rel: str, problems: Problems, lines: dict, offset: int) -> None:
    line = node.start_mark.line + 1 + offset
    lines.setdefault(path, line)
    if node.tag not in _STANDARD_TAGS:
        problems.add(
            rel, line, _dotted(path) or None,
            f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
            "remove the tag: values may only be plain text, numbers, true/false, lists and mappings",
        )
        return
    if isinstance(node, MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _STANDARD_TAGS:
                problems.add(rel, key_line, _dotted(path) or None, "a key must be plain text",
                             "write keys as plain words, for example title:")
                continue
            key = key_node.value
            if key == "<<":
                problems.add(rel, key_line, _dotted(path) or None, "YAML merge keys (<<) are not allowed",
                             "write every key out in full")
                continue
            if key in seen:
                problems.add(rel, key_line, _dotted(path + (key,)),
                             f"the key '{key}' appears twice (first at line {seen[key]})",
                             "keep one of the two and delete the other")
                continue
            seen[key] = key_line
            lines[path + (key,)] = key_line
            _check(value_node, path + (key,), rel, problems, lines, offset)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1 + offset
            _check(item, path + (i,), rel, problems, lines, offset)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
