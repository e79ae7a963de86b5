"""Reading contributor files as text: UTF-8 only, a BOM and CRLF line endings accepted and normalised."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .problems import Problems


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Decode `data` as UTF-8 (with or without BOM) and normalise line endings to LF.

    A file that is not UTF-8 is reported with the line of its first bad byte, and None returned.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.add(
            rel,
            line,
            None,
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} at line {line} cannot be decoded)",
            "save the file as UTF-8 (in most editors: 'Save with encoding' -> UTF-8)",
        )
        return None
    return normalise_newlines(text)


def rel(path: Path, root: Path) -> str:
    """`path` as messages name it: relative to the repository (`root`) where it lies inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def project_rel(path: str | Path, root: Path) -> str:
    """`path` as messages name a file of the project at `root`: relative to it, both resolved (links and
    `..` followed); as given when it lies outside."""
    return _project_rel(str(path), str(root))


@functools.lru_cache(maxsize=8192)  # asked of every page, by several plugins
def _project_rel(path: str, root: str) -> str:
    real, real_root = _resolved(path), _resolved(root)
    if real == real_root or real.startswith(real_root.rstrip("/") + "/"):
        return Path(real).relative_to(real_root).as_posix()
    return Path(path).as_posix()


def _resolved(path: str) -> str:
    """`os.path.realpath(path)` (as `Path.resolve`), a folder at a time: the folders a thousand essays share are
    each resolved once, not once per file (a call per folder of the path)."""
    if ".." in Path(path).parts:  # a link before `..` is followed first: the whole path at once
        return os.path.realpath(path)
    return _real(os.path.abspath(path))


@functools.lru_cache(maxsize=None)
def _real(path: str) -> str:  # `path`: absolute and normal
    parent, name = os.path.split(path)
    if not name:  # the root
        return path
    joined = os.path.join(_real(parent), name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.add(rel, None, None, f"the file cannot be read ({err.strerror})", "check that the file exists and is readable")
        return None
    return decode(data, rel, problems)
