"""Typed front-matter fields: each reader turns a raw YAML value into a typed one or reports why not."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from .problems import Problems, did_you_mean

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Place:
    """Where a value came from, for messages."""

    rel: str
    line: int | None
    field: str


_MARKUP_RE = re.compile(r"<[a-zA-Z/!?]|[<>]")
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}


def plain_problem(value: str) -> tuple[str, str] | None:
    """Why `value` is not plain text (markup, or an invisible character), with the fix; None if it is."""
    bad = next((c for c in value if unicodedata.category(c) in _INVISIBLE_CATEGORIES and c not in "\n\t"), None)
    if bad is not None:
        name = unicodedata.name(bad, "control character")
        return (f"contains an invisible character U+{ord(bad):04X} ({name})",
                "retype the text without it (it can reverse or hide what readers see)")
    if _MARKUP_RE.search(value):
        return ("contains < or >: titles, summaries and names are plain text, not HTML",
                "remove the markup; for a quotation use “ ” or 《 》")
    return None


def text(value: Any, at: Place, problems: Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        why = plain_problem(value)
        if why:
            problems.add(at.rel, at.line, at.field, *why)
            return None
        return " ".join(value.split()) if "\n" in value else value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        problems.add(at.rel, at.line, at.field, f"must be text, but {value!r} was read as a number",
                     f"put it in quotes: {at.field}: \"{value}\"")
    elif value is None or (isinstance(value, str) and not value.strip()):
        problems.add(at.rel, at.line, at.field, "is empty", f"write the {at.field} after '{at.field}:'")
    else:
        problems.add(at.rel, at.line, at.field, f"must be text, not a {_kind(value)}",
                     f"write it on one line: {at.field}: ...")
    return None


def date(value: Any, at: Place, problems: Problems) -> dt.date | None:
    example = "for example 2026-11-02"
    if not isinstance(value, str):
        problems.add(at.rel, at.line, at.field, f"must be a date written YYYY-MM-DD, not a {_kind(value)}",
                     f"write {at.field}: YYYY-MM-DD, {example}")
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        problems.add(at.rel, at.line, at.field, f"'{value}' is not a date written YYYY-MM-DD",
                     f"write the year, month and day with hyphens, {example}")
        return None
    year, month, day = map(int, m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        reason = "the month must be 01 to 12" if not 1 <= month <= 12 else f"{err}"
        problems.add(at.rel, at.line, at.field, f"'{value}' is not a real date ({reason})",
                     f"correct the date, {example}")
        return None


def boolean(value: Any, at: Place, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    problems.add(at.rel, at.line, at.field, f"must be true or false, not {value!r}",
                 f"write {at.field}: true or {at.field}: false")
    return None


def choice(options: tuple[str, ...]) -> Callable[[Any, Place, Problems], str | None]:
    def read(value: Any, at: Place, problems: Problems) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        problems.add(at.rel, at.line, at.field, f"{value!r} is not one of {', '.join(options)}.{hint}",
                     f"write {at.field}: {options[0]} (or {', '.join(options[1:])})")
        return None

    return read


def ids(registry: dict[str, Any], registry_file: str, what: str,
        lines: Callable[[int], int | None]) -> Callable[[Any, Place, Problems], tuple[str, ...] | None]:
    """A list of ids that must exist in `registry` (authors.yml, tags.yml)."""

    def read(value: Any, at: Place, problems: Problems) -> tuple[str, ...] | None:
        if isinstance(value, str):
            problems.add(at.rel, at.line, at.field, f"must be a list of {what} ids",
                         f"write it in brackets: {at.field}: [{value}]")
            return None
        if not isinstance(value, list):
            problems.add(at.rel, at.line, at.field, f"must be a list of {what} ids, not a {_kind(value)}",
                         f"write {at.field}: [id-one, id-two] with ids from {registry_file}")
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(value):
            line = lines(i) or at.line
            if not isinstance(item, str):
                problems.add(at.rel, line, f"{at.field}[{i}]", f"must be an id, not a {_kind(item)}",
                             f"use ids listed in {registry_file}")
                ok = False
            elif item not in registry:
                problems.add(at.rel, line, at.field, f"unknown {what} '{item}'.{did_you_mean(item, registry)}",
                             f"use an id from {registry_file}, or add '{item}' there (see CONTRIBUTING.md)")
                ok = False
            elif item in out:
                problems.add(at.rel, line, at.field, f"'{item}' is listed twice", "list each id once")
                ok = False
            else:
                out.append(item)
        return tuple(out) if ok else None

    return read


_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP_RE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def squash(value: str, lang: str) -> str:
    """Collapse runs of white space (a YAML value folded over lines); Chinese keeps no space between
    two Chinese characters or punctuation marks, where a line break fell."""
    out = " ".join(value.split())
    return _CJK_GAP_RE.sub("", out) if lang.startswith("zh") else out


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", bool: "true/false", type(None): "empty value"}.get(type(value), type(value).__name__)
