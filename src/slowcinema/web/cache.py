"""The build cache: what is expensive and deterministic in a build, kept between builds in
`.cache/slowcinema/` and found again by the hash of its inputs (content-addressed).

A key is the SHA-256 of the build's fingerprint and of the entry's own inputs (`key`). The fingerprint
(`fingerprint`) hashes everything that can change any output and is not an entry's own input: the
installed packages and requirements.lock, the code of the core and of the plugins (every .py, .js,
.css and .html under src/), the configuration file, the theme's custom_dir (overrides/), and every
data file under docs/ (all but the Markdown: docs/*.yml, the timeline, hant-phrases.yml, the clips'
files, images). Change any of them and every key changes: nothing is reused.

An entry is one file, `<kind>/<key>.json`: one folder a kind and no folders under it (a cold build at a thousand
essays would otherwise make two thousand folders, each a new inode, for ten thousand entries). It holds a header
with the SHA-256 of the payload, then the payload: exact JSON of dataclasses, tuples, bytes and dates (see `encode`,
read back by `_restored`), or, for a value that is a string (a page's HTML), the string itself, which the header
says (`TEXT`). A read checks the digest; an entry that is truncated, altered or unreadable is reported through
`note` (an info line, never a warning: a strict build does not fail on it), recomputed and written again, never
published as it was. Writes go to a temporary file renamed into place, so a build stopped midway leaves no half
entry.

At the end of a whole build `prune` removes the entries this build did not use, so the cache holds
one build's worth. Clear it by deleting the folder (`make clean`).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from . import reuse

_V = TypeVar("_V")
FORMAT = "sca-cache-3"  # changes when the entry format or the meaning of a kind changes
TEXT = "text"  # the header's last word for a payload that is a string as it is, not JSON
SOURCE_SUFFIXES = (".py", ".js", ".css", ".html")
SRC = Path(__file__).resolve().parents[2]  # src/: the core and the plugins
ENVIRONMENT = ("SCA_TEST_NO_CSP",)  # environment variables that change an output


def key(*parts: object) -> str:
    """The SHA-256 of `parts`: strings, bytes, or anything `encode` takes (a TypeError for anything else).
    Each value is written with its type and each string and collection with its length, so no two
    different values give the same text (see `_feed`)."""
    out: list[str] = []
    for part in parts:
        _feed(out, part)
    return hashlib.sha256("".join(out).encode("utf-8", "surrogatepass")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Made:
    """A key's input that is the value of an entry of this build, or a part of one: hashed as that entry's key
    (`BuildCache.token`). The value is a function of its key, so the key can stand for it, and a page's text is
    not hashed again by each step that keys on it (the conversion's, the cleaning's, the essay page's, the
    frame's)."""

    key: str


class Deferred:
    """A page's text kept in the build cache and not read until a step needs the text itself (`BuildCache.text`): a
    cached build after one edit finds most pages' final output by keys alone, so it need not read what made them.
    As a key's input it is the `Made` of the entry that holds it (`token`), as the text would be once read. `load`
    reads it, or makes it again where the entry is missing or damaged."""

    __slots__ = ("token", "load", "_text")

    def __init__(self, token: str, load: Callable[[], str], text: str | None = None) -> None:
        self.token, self.load, self._text = token, load, text

    def text(self) -> str:
        if self._text is None:
            self._text = self.load()
        return self._text

    def __repr__(self) -> str:
        return f"Deferred({self.token!r})"


def unread(value: Any) -> Any:
    """`value` as a key's input without this build's cache (another process's step): a `Deferred` by its token, any
    other value as it is (see `BuildCache.token`)."""
    return Made(value.token) if type(value) is Deferred else value


def text_of(value: Any) -> Any:
    """`value`'s text, read now if it is `Deferred`; any other value as it is (see `BuildCache.text`)."""
    return value.text() if type(value) is Deferred else value


class Fed(dict):
    """A dict that `key` hashes once, however many keys hold it (an entry as the lists show it, on dozens of pages a
    build): its text, as `key` writes a dict, kept at the first. Never changed after it is made."""

    __slots__ = ("_fed",)

    def fed(self) -> str:
        text = getattr(self, "_fed", None)
        if text is None:
            out: list[str] = []
            _feed(out, dict(self))
            text = self._fed = "".join(out)
        return text


_INIT_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's fields that its constructor takes, as `encode` keeps them


def _feed(out: list[str], value: Any) -> None:
    """`value`, as `key` hashes it: what `encode` keeps of it, without making its JSON (a key is asked of every
    page's whole content, several times a build). The plain types by their exact type first, and a string
    inside a collection written in place: half a million values a build at a thousand essays."""
    kind = type(value)
    if kind is str:
        out += (f"s{len(value)}:", value)
    elif kind is dict:
        out.append(f"d{len(value)}{{")
        for k in sorted(value):
            if type(k) is not str:
                raise TypeError("the build cache keeps dicts with string keys only")
            item = value[k]
            if type(item) is str:
                out += (f"s{len(k)}:", k, f"s{len(item)}:", item)
            else:
                out += (f"s{len(k)}:", k)
                _feed(out, item)
    elif kind is tuple or kind is list:
        out.append(f"{'t' if kind is tuple else 'l'}{len(value)}[")
        for item in value:
            if type(item) is str:
                out += (f"s{len(item)}:", item)
            else:
                _feed(out, item)
    elif kind is int or kind is bool or kind is float or value is None:  # bool is an int: its name tells them apart
        out.append(f"{kind.__name__[0]}{value!r};")
    elif kind is Fed:  # as the dict it is, hashed once
        out.append(value.fed())
    else:
        _feed_other(out, value)


def _feed_other(out: list[str], value: Any) -> None:
    if isinstance(value, str):  # a kind of str (Markup, which a template does not escape): named
        out += (f"S{type(value).__qualname__}:{len(value)}:", str(value))
    elif isinstance(value, bytes):
        out += (f"b{len(value)}:", value.decode("latin-1"))  # a character per byte
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        names = _INIT_FIELDS.get(cls)
        if names is None:
            names = _INIT_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
        out.append(f"c{cls.__module__}:{cls.__qualname__}:{len(names)}(")
        for name in names:
            _feed(out, getattr(value, name))
    elif isinstance(value, (tuple, list)):
        out.append(f"{'t' if isinstance(value, tuple) else 'l'}{len(value)}[")
        for item in value:
            _feed(out, item)
    elif isinstance(value, dict):
        _feed(out, dict(value))
    elif isinstance(value, dt.date):
        out.append(f"D{value.isoformat()};")
    elif isinstance(value, (int, float)):
        out.append(f"{type(value).__name__[0]}{value!r};")
    else:
        raise TypeError(f"the build cache cannot keep a {type(value).__name__}")


def _files(folder: Path, keep: Callable[[Path], bool] = lambda p: True) -> Iterable[Path]:
    """The files under `folder` that `keep` keeps, in path order (a `serve` rebuild asks of thousands)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        found += (path for name in filenames if keep(path := Path(dirpath, name)) and path.is_file())
    return sorted(found)


def _hash_tree(h, label: str, folder: Path | None, keep: Callable[[Path], bool] = lambda p: True) -> None:
    if folder is None:
        return
    for path in _files(folder, keep):
        h.update(f"{label}:{path.relative_to(folder).as_posix()}:".encode())
        with open(path, "rb") as f:
            h.update(hashlib.file_digest(f, "sha256").digest())


@functools.cache  # what this process runs with: installing during `serve` changes nothing it has imported
def _packages() -> str:
    from importlib import metadata

    return "\n".join(sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()}))


def fingerprint(config_file: Path | None, docs_dir: Path, custom_dir: Path | None = None,
                lock: Path | None = SRC.parent / "requirements.lock", extra: Iterable[str] = (), src: Path = SRC) -> str:
    """What every key of this build includes (see the module's docstring); `extra`: configuration
    values that can come from elsewhere than the configuration file (e.g. site_url from the environment)."""
    h = hashlib.sha256()
    h.update(f"{FORMAT}\n{sys.version}\n{_packages()}\n".encode())
    for name in ENVIRONMENT:
        h.update(f"env:{name}={os.environ.get(name, '')}\n".encode())
    for value in extra:
        h.update(f"extra:{len(value)}:{value}".encode())
    for label, path in (("lock", lock), ("config", config_file)):
        if path is not None and Path(path).is_file():
            h.update(f"{label}:".encode() + hashlib.sha256(Path(path).read_bytes()).digest())
    _hash_tree(h, "src", src, lambda p: p.suffix in SOURCE_SUFFIXES)
    _hash_tree(h, "theme", Path(custom_dir) if custom_dir else None)
    _hash_tree(h, "data", Path(docs_dir), lambda p: p.suffix != ".md")
    return h.hexdigest()


# -- exact JSON: dataclasses of the core, tuples and bytes survive the round trip ---------------------

def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return {"__dc__": f"{cls.__module__}:{cls.__qualname__}",
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}}
    if isinstance(value, tuple):
        return {"__t__": [encode(v) for v in value]}
    if isinstance(value, bytes):
        return {"__b__": base64.b64encode(value).decode()}
    if isinstance(value, dt.date):
        return {"__d__": value.isoformat()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("the build cache keeps dicts with string keys only")
        return {k: encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"the build cache cannot keep a {type(value).__name__}")


def _restored(value: dict) -> Any:
    """A JSON object as `encode` wrote it, its members restored already: a tuple, bytes, a date or a dataclass;
    any other object is a dict. The JSON reader calls this on each object, innermost first (`_loads`)."""
    if len(value) == 1:
        if "__t__" in value:
            return tuple(value["__t__"])
        if "__b__" in value:
            return base64.b64decode(value["__b__"])
        if "__d__" in value:
            return (dt.datetime if "T" in value["__d__"] else dt.date).fromisoformat(value["__d__"])
    elif len(value) == 2 and "__dc__" in value:
        return _dataclass(value["__dc__"])(**value["f"])
    return value


@functools.cache
def _dataclass(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith("slowcinema."):  # only the core's own types, never anything else by name
        raise ValueError(f"unexpected type {name}")
    cls = getattr(importlib.import_module(module), qualname)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"{name} is not a dataclass")
    return cls


_loads = json.JSONDecoder(object_hook=_restored).decode  # `encode`'s value again, from its JSON


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _header(digest: str, text: bool) -> bytes:
    return f"{FORMAT} {digest} {TEXT}\n".encode() if text else f"{FORMAT} {digest}\n".encode()


def _payload(value: Any) -> bytes:
    """The payload: a string as it is (no JSON to make and read for a page's HTML); anything else its compact
    JSON (`encode`). The largest entry is a page's assembled essay, tens of kilobytes: made whole."""
    text = value if isinstance(value, str) else json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))
    return text.encode()


class BuildCache:
    """The entries of one project's cache, for one build. `folder` None: nothing is kept (every
    `memo` computes). `note` receives one line per entry found damaged and rebuilt."""

    def __init__(self, folder: Path | None, fingerprint: str, note: Callable[[str], None] = lambda msg: None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._folder = str(self.folder)  # as os.walk names what is under it (`prune`)
        self.fingerprint = fingerprint
        self.note = note
        self.used: set[str] = set()  # the paths of the entries this build read or wrote
        self.read: set[str] = set()  # those it read
        self.wrote: set[str] = set()  # those it wrote
        self.elsewhere: set[str] = set()  # those another process of this build wrote (`join`)
        self.read_elsewhere: set[str] = set()  # and those it read
        self.hits = self.misses = 0
        self._made: dict[int, tuple[str, str]] = {}  # id(value) -> (value, the key that stands for it): `made`

    def path(self, kind: str, entry_key: str) -> Path:
        assert self.folder is not None
        return Path(self._file(kind, entry_key))

    def _file(self, kind: str, entry_key: str) -> str:  # `path` as a string: asked ten thousand times a build
        return os.path.join(self._folder, kind, f"{entry_key}.json")

    @staticmethod
    def kind_of(path: str) -> str:
        """The kind of the entry at `path` (as `_file` lays them out)."""
        return Path(path).parent.name

    def key(self, kind: str, *parts: object) -> str:
        return key(self.fingerprint, kind, *parts)

    def made(self, value: _V, entry_key: str, part: str = "") -> _V:
        """`value` is the value of the entry `entry_key`, or its `part`, found in the cache or made in this build by
        the computation the key names: a string, or a value never changed once made (a bundle). A key asked later
        with this very object among its inputs hashes the entry's key in its place (`token`). Returns `value`."""
        self._made[id(value)] = (value, f"{entry_key}/{part}" if part else entry_key)
        return value

    def token(self, value: Any) -> Any:
        """`value` as a key's input: `Made` for a string given to `made` (the same object, so the same text), the
        value itself for anything else. An equal string made another way is hashed whole: its key differs, and
        the entry is made again, never taken for another's."""
        if type(value) is Deferred:
            return unread(value)
        known = self._made.get(id(value))
        return Made(known[1]) if known is not None and known[0] is value else value

    def text(self, value: Any) -> Any:
        """`value`'s text, read now if it is `Deferred` (and known to the cache by its token, as it was); any other
        value as it is."""
        return value if type(value) is not Deferred else self.made(text_of(value), value.token)

    def derive(self, value: str, how: str, *inputs: Any) -> str:
        """`value`, made by `how` (our code, which every key holds) from `inputs` alone: known to the cache by their
        key (`made`), each of them by its own token. Returns `value`."""
        return self.made(value, self.key(how, *(self.token(i) for i in inputs)))

    def carried(self, value: Any) -> Any:
        """`value` carrying its token, for a step that keys on it after this build has let its tokens go (`forget_made`)
        or in another process: a `Deferred` whose text is known, for a string given to `made`; any other value as it is."""
        token = self.token(value)
        return Deferred(token.key, lambda: value, value) if type(value) is str and type(token) is Made else value

    def derive_later(self, make: Callable[..., str], how: str, *inputs: Any) -> Any:
        """`derive(make(*inputs), how, *inputs)`; where an input is `Deferred`, made only when its text is asked (a
        `Deferred` too, whose token is the key `derive` would give it)."""
        if not any(type(i) is Deferred for i in inputs):
            return self.derive(make(*inputs), how, *inputs)
        return Deferred(self.key(how, *(self.token(i) for i in inputs)), lambda: make(*(self.text(i) for i in inputs)))

    def forget(self, value: Any) -> None:
        """`made` no more of `value`, which the build no longer holds (replaced by what was made of it): let go."""
        known = self._made.get(id(value))
        if known is not None and known[0] is value:
            del self._made[id(value)]

    def forget_made(self, but: Iterable[Any] = ()) -> None:
        """No more `token`s, but for the values in `but`: what `made` holds of the others is let go (the build's
        later steps key nothing on them, and a process forked later would hold them for nothing)."""
        kept = {id(v): self._made[id(v)] for v in but if id(v) in self._made and self._made[id(v)][0] is v}
        self._made = kept

    def get(self, kind: str, entry_key: str) -> tuple[bool, Any]:
        """(True, value) when a sound entry exists; (False, None) when it does not, or is damaged."""
        found, value = self.peek(kind, entry_key)
        if found:
            path = self._file(kind, entry_key)
            self.used.add(path)
            self.read.add(path)
        return found, value

    def peek(self, kind: str, entry_key: str) -> tuple[bool, Any]:
        """`get`, left out of this build's account: for an entry another process of the build made and counts."""
        if self.folder is None:
            return False, None
        path = self._file(kind, entry_key)  # the payload below is not copied either
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return False, None
        except OSError as err:
            self.note(f"Build cache: {self._rel(Path(path))} could not be read ({err}); rebuilt.")
            return False, None
        cut = raw.find(b"\n")
        payload = memoryview(raw)[cut + 1:]
        sound = f"{FORMAT} {hashlib.sha256(payload).hexdigest()}".encode()
        header = raw[:cut]
        if cut < 0 or header not in (sound, sound + f" {TEXT}".encode()):
            self.note(f"Build cache: {self._rel(Path(path))} is damaged (its digest does not match); rebuilt.")
            return False, None
        try:
            text = str(payload, "utf-8")
            value = text if header != sound else _loads(text)
        except (ValueError, TypeError, KeyError, AttributeError, ImportError) as err:
            self.note(f"Build cache: {self._rel(Path(path))} could not be decoded ({err}); rebuilt.")
            return False, None
        return True, value

    def keep(self, kind: str, entry_key: str) -> None:
        """An entry this build does not read, but the next one may: `prune` keeps it, as one this build used."""
        if self.folder is not None:
            self.used.add(self._file(kind, entry_key))

    def put(self, kind: str, entry_key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._file(kind, entry_key)
        tmp = f"{path}.{os.getpid()}.tmp"  # renamed into place: a reader never meets half an entry
        payload = _payload(value)
        data = _header(hashlib.sha256(payload).hexdigest(), isinstance(value, str)) + payload
        reuse.in_folder(tmp, lambda: _write(tmp, data))  # its folder made only where missing
        os.replace(tmp, path)
        self.used.add(path)
        self.wrote.add(path)

    def memo(self, kind: str, parts: tuple, compute: Callable[[], Any]) -> Any:
        """The value for these inputs: from the cache, or computed and kept."""
        return self.memo_key(kind, self.key(kind, *parts), compute)

    def memo_key(self, kind: str, entry_key: str, compute: Callable[[], Any]) -> Any:
        """The value kept under `entry_key` (from `key`, of whatever determines the value): from the cache, or
        computed and kept."""
        found, value = self.get(kind, entry_key)
        if found:
            self.hits += 1
            return value
        self.misses += 1
        value = compute()
        self.put(kind, entry_key, value)
        return value

    def memo_all(self, kind: str, parts: dict[str, tuple], compute: Callable[[str], Any]) -> dict[str, Any]:
        """`memo` of each of `parts` (a name -> its inputs), by name, found together: one entry (kind `<kind>-all`),
        keyed by their keys, holds every value, so a build where none changed reads one entry, not one each. Each
        value's own entry is kept, for a build where some changed, which reads the others from there. `compute(name)`
        makes a value that is not found."""
        keys = {name: self.key(kind, *inputs) for name, inputs in parts.items()}
        whole = self.key(f"{kind}-all", list(keys.items()))
        found, value = self.get(f"{kind}-all", whole)
        if found and isinstance(value, dict) and value.keys() == keys.keys():
            self.hits += 1
            for entry_key in keys.values():
                self.keep(kind, entry_key)
            return value
        self.misses += 1
        value = {name: self.memo_key(kind, entry_key, lambda name=name: compute(name)) for name, entry_key in keys.items()}
        self.put(f"{kind}-all", whole, value)
        return value

    def accounted(self, work: Callable[[], Any]) -> tuple[Any, tuple]:
        """In a second process of the build: `work()`, and what it did in this cache, for `join` in the build's
        process: (hits, misses, the entries it wrote, those it used, the notes of the entries it found damaged,
        said there where the log is read, those it read)."""
        hits, misses, wrote, used, read = self.hits, self.misses, set(self.wrote), set(self.used), set(self.read)
        note, notes = self.note, []
        self.note = notes.append
        try:
            value = work()
        finally:
            self.note = note
        return value, (self.hits - hits, self.misses - misses, sorted(self.wrote - wrote), sorted(self.used - used), notes,
                       sorted(self.read - read))

    def join(self, hits: int, misses: int, wrote: Iterable[str], used: Iterable[str], notes: Iterable[str] = (),
             read: Iterable[str] = ()) -> None:
        """What another process of this build found (`hits`: the entries it `read`) and made (`misses`: the entries it
        `wrote`) in this cache (`accounted`, there), counted as this process's; what it `used` is kept by `prune`; its
        `notes` (entries found damaged there) said here. An entry made in this build is counted once, as made, wherever
        it was made and found (`prune`): one written there and read here or written here too, or written here and
        read there."""
        self.hits, self.misses = self.hits + hits, self.misses + misses
        self.elsewhere.update(wrote)
        self.read_elsewhere.update(read)
        self.used.update(used)
        for note in notes:
            self.note(note)

    def adopt(self, kind: str, entry_key: str) -> None:
        """The entry under `entry_key`, written by another process of this build: kept by `prune`."""
        if self.folder is not None:
            self.used.add(self._file(kind, entry_key))

    def prune(self) -> int:
        """After a whole build: remove the entries it did not use. Returns how many."""
        if self.folder is None:
            return 0
        # An entry one process made (`join`) that the other then found is not reused from an earlier build, and one
        # both made was made once.
        self.hits -= len(self.read & self.elsewhere) + len(self.read_elsewhere & (self.wrote - self.elsewhere))
        self.misses -= len(self.wrote & self.elsewhere)
        self.elsewhere, self.read_elsewhere = set(), set()
        removed, used = 0, self.used
        # Ten thousand entries at a thousand essays: no stat each. Innermost first, so a folder left empty (a kind no
        # longer made, an earlier layout's) is removed too.
        for dirpath, _, filenames in os.walk(self.folder, topdown=False):
            left = len(filenames)
            for name in filenames:
                if (path := os.path.join(dirpath, name)) not in used:
                    Path(path).unlink(missing_ok=True)
                    removed, left = removed + 1, left - 1
            if not left and dirpath != self._folder:
                with contextlib.suppress(OSError):  # one that holds a folder still, or that some other hand filled, stays
                    os.rmdir(dirpath)
        self.note(f"Build cache ({self._rel(self.folder)}/): {self.hits} entries reused, {self.misses} built, "
                  f"{removed} unused removed.")
        return removed

    def _rel(self, path: Path) -> str:  # as the project names it: .cache/slowcinema/...
        return path.relative_to(self.folder.parent.parent).as_posix() if self.folder else str(path)


def for_project(root: Path, config_file: str | None, docs_dir: str, custom_dir: str | None, extra: Iterable[str] = (),
                note: Callable[[str], None] = lambda msg: None) -> BuildCache:
    """The cache of the project at `root`: `.cache/slowcinema/`, under this build's fingerprint."""
    return BuildCache(Path(root) / ".cache" / "slowcinema",
                      fingerprint(Path(config_file) if config_file else None, Path(docs_dir),
                                  Path(custom_dir) if custom_dir else None, extra=extra), note)
