"""The schema of every file the archive reads, declared once, and the one wording of what a loader
says about a field or a language it does not know.

A `Schema` describes one mapping (an essay's front matter, a film, a timeline event, a clip's
rights...): for each field its type, whether it is required, whether its text is `plain` or
`markdown` (or `escaped`: any text, shown escaped), the URL schemes it allows and the registry its ids come from. The loaders read their
files by these declarations:

- `Schema.unknown` reports every key the schema does not declare: one wording everywhere, with the
  file, the line, the field, a did-you-mean and the list of fields as the fix;
- `languages` does the same for the `zh:`/`en:` keys of a bilingual text;
- `Schema.plain` applies the plain-text rules (`fields.plain_problem`: no markup, no bidi or other
  invisible characters) to a field the schema declares `plain`. Bilingual texts (`bilingual.read`),
  front-matter texts (`fields.text`) and the other readers use the same rule set;
  tests/test_schema.py plants a hostile value in every field declared `plain` and expects a problem.

Weighed against pydantic v2, msgspec and attrs + cattrs (see the report of issue #15): those add a
dependency and 45-80 ms of import to a check of about 0.4 s, and none knows the line of a value or
words a did-you-mean; the messages would have to be rewritten by hand anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import Place, plain_problem
from .problems import Problems, did_you_mean
from .yamlio import YamlDoc

LANGUAGES = ("zh", "en")
TEXT_TYPES = ("text", "bilingual", "names", "texts")  # types whose values are read as text


@dataclass(frozen=True)
class Field:
    """One field of a mapping.

    type: text (one string), bilingual ({zh:, en:}), names (a list of strings or {zh:, en:}), texts (a
    list of strings), id, ids (a list of ids), date (YYYY-MM-DD), when (a fuzzy date), time (m:ss),
    int, bool, choice, url, link (a page of the site or a url), path (a file in the bundle), list, mapping.
    """

    name: str
    type: str
    required: bool = False
    text: str | None = None  # plain, markdown or escaped for the text types (plain unless said)
    schemes: tuple[str, ...] = ()  # for url and link: the schemes an address may use
    registry: str | None = None  # for id and ids: the registry the ids are looked up in
    of: Schema | None = None  # for mapping and list: the schema of the mapping, or of each item

    def __post_init__(self) -> None:
        if self.type in TEXT_TYPES and self.text is None:
            object.__setattr__(self, "text", "plain")
        if self.text not in (None, "plain", "markdown", "escaped"):
            raise ValueError(f"{self.name}: text is plain, markdown or escaped, not {self.text!r}")


@dataclass(frozen=True)
class Schema:
    what: str  # how a contributor would name one: "an event", "a clip's rights"
    fields: tuple[Field, ...]
    guide: str = "see CONTRIBUTING.md"  # where the format is documented
    noun: str = "field"  # what a key is called: a field, or a block's option

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def fix(self) -> str:
        return f"the {self.noun}s of {self.what} are: {', '.join(self.names)} ({self.guide})"

    def unknown(self, raw: dict, rel: str, problems: Problems, doc: YamlDoc | None = None, path: tuple = (),
                where: str = "", line: int | None = None) -> bool:
        """Report every key of `raw` this schema does not declare; True when there is none.

        The line is the key's in `doc` (at `path`), else `line`; the field is `where.key`."""
        ok = True
        for key in raw:
            if key not in self.names:
                at = doc.line(*path, key) if doc is not None else line
                problems.add(rel, at, join(where, key), unknown_field(key, self.names, self.noun), self.fix())
                ok = False
        return ok

    def plain(self, name: str, value: str, at: Place, problems: Problems) -> str | None:
        """`value` of the field `name`, stripped, or None after reporting why it is not plain text
        (when the schema declares the field plain)."""
        if self.field(name).text == "plain":
            return plain(value, at, problems)
        return value.strip()


def unknown_field(key: Any, known: tuple[str, ...], noun: str = "field") -> str:
    return f"unknown {noun} '{key}'.{did_you_mean(str(key), known)}"


def languages(raw: dict, rel: str, problems: Problems, doc: YamlDoc | None = None, path: tuple = (),
              where: str = "", line: int | None = None) -> bool:
    """Report every key of the bilingual text `raw` other than zh and en; True when there is none."""
    ok = True
    for key in raw:
        if key not in LANGUAGES:
            at = doc.line(*path, key) if doc is not None else line
            problems.add(rel, at, join(where, key), f"unknown language '{key}'.{did_you_mean(str(key), LANGUAGES)}",
                         "use 'zh' for Chinese and 'en' for English")
            ok = False
    return ok


def plain(value: str, at: Place, problems: Problems) -> str | None:
    """`value` stripped, or None after reporting why it is not plain text (the archive's one rule set)."""
    why = plain_problem(value)
    if why:
        problems.add(at.rel, at.line, at.field, *why)
        return None
    return value.strip()


def join(where: str, key: Any) -> str:
    if not where:
        return str(key)
    return f"{where}{key}" if where.endswith("]") and str(key).startswith("[") else f"{where}.{key}"


# The catalogue: every kind of file under docs/, as CONTRIBUTING.md documents it.

_BI = "bilingual"
GUIDE_CLIPS = "see CONTRIBUTING.md, 'Clip galleries'"
GUIDE_TIMELINE = "see CONTRIBUTING.md, Timeline"
GUIDE_MANIFESTOS = "see CONTRIBUTING.md, 'Manifestos'"

ESSAY = Schema("an essay's front matter", (
    Field("title", "text", True), Field("summary", "text", True), Field("translators", "ids", registry="docs/authors.yml"),
    Field("date", "date", True), Field("authors", "ids", True, registry="docs/authors.yml"),
    Field("tags", "ids", registry="docs/tags.yml"), Field("films", "ids", registry="docs/films.yml"),
    Field("original", "choice", True), Field("draft", "bool"),
))
ESSAY_BODY = Field("body", "text", True, text="markdown")  # the Markdown after the front matter

AUTHOR = Schema("an author", (Field("name", _BI, True), Field("note", _BI)))
TAG = Schema("a tag", (Field("zh", "text", True), Field("en", "text", True)))  # tags.yml: id -> {zh:, en:}
FILM = Schema("a film", (
    Field("title", _BI, True), Field("original", "text", True), Field("director", _BI, True),
    Field("year", "int", True), Field("country", "texts", True),
))

# An event's source: an https address, or this mapping (the address and a plain-text label naming the source).
EVENT_SOURCE = Schema("an event's source", (Field("url", "url", True, schemes=("https",)), Field("label", "text")),
                      GUIDE_TIMELINE)
EVENT = Schema("an event", (
    Field("id", "id", True), Field("date", "when", True), Field("kind", "choice", True), Field("title", _BI, True),
    Field("note", _BI), Field("tags", "ids", registry="docs/tags.yml"), Field("link", "link", schemes=("https",)),
    Field("source", "url", schemes=("https",), of=EVENT_SOURCE), Field("essays", "ids", registry="docs/essays/"),
    Field("people", "names"), Field("films", "names"), Field("film", "id", registry="docs/films.yml"),
), GUIDE_TIMELINE)
ERA = Schema("an era", (
    Field("id", "id", True), Field("start", "when", True), Field("end", "when", True), Field("title", _BI, True),
    Field("note", _BI),
), GUIDE_TIMELINE)
TIMELINE_BLOCK = Schema("a timeline block", (
    Field("kind", "choice"), Field("tag", "ids", registry="docs/tags.yml"), Field("from", "int"), Field("to", "int"),
    Field("people", "texts"),
), "indented by four spaces under '/// timeline'", noun="option")
TIMELINE_FILE = Schema("a timeline file", (Field("events", "list", of=EVENT), Field("eras", "list", of=ERA)), GUIDE_TIMELINE)

CLIP_FILM = Schema("a clip's film", (Field("title", _BI, True), Field("director", _BI, True), Field("year", "int", True)),
                   GUIDE_CLIPS)
SOURCE = Schema("a clip's source", (
    Field("file", "path"), Field("poster", "path", True), Field("provider", "choice"),
    Field("url", "url", schemes=("https",)), Field("start", "time"), Field("end", "time"),
), GUIDE_CLIPS)
NOTE = Schema("a note", (
    Field("at", "time", True), Field("end", "time"), Field("kind", "choice", True),
    # plain, as in a WebVTT file of notes: there only WebVTT's own cue markup (<b>, <v Name>...) is allowed, and dropped
    Field("zh", "text", True), Field("en", "text", True),
), GUIDE_CLIPS)
RIGHTS = Schema("a clip's rights", (
    Field("basis", "choice", True), Field("licence", "choice"), Field("statement", "url", schemes=("http", "https")),
    Field("holder", "text"), Field("source", "text", True), Field("note", _BI),
), GUIDE_CLIPS)
PEOPLE = Schema("a clip's people", (Field("identifiable", "bool", True), Field("consent", "choice"), Field("note", _BI)),
                GUIDE_CLIPS)
CLIP = Schema("a clip", (
    Field("id", "id", True), Field("title", _BI, True), Field("film", "mapping", True, registry="docs/films.yml", of=CLIP_FILM),
    Field("source", "mapping", True, of=SOURCE), Field("duration", "time"), Field("notes", "list", True, of=NOTE),
    Field("captions", "mapping"), Field("rights", "mapping", True, of=RIGHTS), Field("people", "mapping", True, of=PEOPLE),
    Field("withheld", "bool"),
), GUIDE_CLIPS)

PRINCIPLE = Schema("a principle", (Field("id", "id", True), Field("title", _BI, True), Field("text", _BI, True)),
                   GUIDE_MANIFESTOS)
VERSION = Schema("a version", (
    Field("version", "int", True), Field("date", "date", True), Field("note", _BI),
    Field("principles", "list", True, of=PRINCIPLE),
), GUIDE_MANIFESTOS)
PRINCIPLES_FILE = Schema("principles.yml", (Field("versions", "list", True, of=VERSION),), GUIDE_MANIFESTOS)
SIGNATORY = Schema("a signature", (
    Field("name", "names", True), Field("role", "names"), Field("place", "text"), Field("date", "date", True),
    Field("link", "url", schemes=("https",)),
), "see CONTRIBUTING.md, 'Signing a manifesto'")

CATALOGUE = {
    "essay front matter": ESSAY, "authors.yml": AUTHOR, "tags.yml": TAG, "films.yml": FILM,
    "timeline file": TIMELINE_FILE, "timeline block": TIMELINE_BLOCK, "timeline event": EVENT, "timeline era": ERA,
    "clip": CLIP, "clip film": CLIP_FILM, "clip source": SOURCE, "clip note": NOTE, "clip rights": RIGHTS,
    "clip people": PEOPLE, "principles.yml": PRINCIPLES_FILE, "version": VERSION, "principle": PRINCIPLE,
    "signatories.yml": SIGNATORY,
}
